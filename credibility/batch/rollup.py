"""The per-source roll-up of a batch (`--by-source`): the site-level view a ratings team
works from. Per source (the source column, else the URL's domain): articles, how many were
scored, how many were not judged (unsupported: another language), mean and median
credibility and the share in each band (of the scored), the most frequent top signals.
The counts come first (articles = scored + unsupported + rows with an error), then the
figures of the scored rows. Every cell is spreadsheet-safe: a source named "=1+1" is
written '=1+1.

With a URL column two more columns follow: `source_rating`, what the rating lists say of
the source's site (its rows' most frequent rating), and `look`, "yes" for a site on no list
whose articles score like the rated-unreliable sites of the same file: a share of articles
labelled low above zero and at least theirs (the median of their shares), or, when the file
has no rated-unreliable site, half or more. Band shares, not mean scores, because means
near zero differ by rounding alone. These are the analyst's "sites to look at"; the flag is
a lead, not a rating.
"""

from __future__ import annotations

import csv
import io
import json
import os
import statistics
import sys
from array import array
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from credibility.batch.read import FIELD_LIMIT
from credibility.batch.records import CsvWriter, Result, safe_cell
from credibility.labels import BANDS, Label
from credibility.reputation import host_of

UNKNOWN = "(unknown)"  # neither a source cell nor a URL with a domain
COLUMNS = (
    "source", "articles", "scored", "unsupported", "mean_credibility", "median_credibility",
    *(f"share_{band}" for band in BANDS), "top_signals",
)  # fmt: skip
SOURCE_COLUMNS = ("source_rating", "look")


@dataclass
class Stats:
    articles: int = 0
    unsupported: int = 0  # not judged: counted, but in no mean or share
    # One float per scored row (8 bytes): an exact median needs them all.
    values: array[float] = field(default_factory=lambda: array("d"))
    bands: Counter[str] = field(default_factory=Counter)
    signals: Counter[str] = field(default_factory=Counter)
    ratings: Counter[str] = field(default_factory=Counter)

    def rating(self) -> str:
        return self.ratings.most_common(1)[0][0] if self.ratings else ""

    def share_low(self) -> float | None:
        return self.bands[Label.LOW] / len(self.values) if self.values else None


class Rollup:
    def __init__(self, source: int | None, url: int | None) -> None:
        self.source, self.url = source, url
        self.stats: dict[str, Stats] = {}
        self.columns = COLUMNS + SOURCE_COLUMNS if url is not None else COLUMNS

    def key(self, fields: list[str]) -> str:
        if self.source is not None and fields[self.source].strip():
            return fields[self.source].strip()
        # The host the site's rating was looked up for: one key for nytimes.com and its
        # m. and amp. editions.
        host = host_of(fields[self.url]) if self.url is not None else ""
        return host or UNKNOWN

    def add(self, fields: list[str], result: Result) -> None:
        stats = self.stats.setdefault(self.key(fields), Stats())
        stats.articles += 1
        if result.credibility is not None:
            stats.values.append(result.credibility)
            stats.bands[result.label] += 1
            top = result.top_signals.split(";")
            stats.signals.update(part.rpartition(":")[0] for part in top if part)
        elif result.label == Label.UNSUPPORTED:
            stats.unsupported += 1
        if result.source_rating:
            stats.ratings[result.source_rating] += 1

    def replay(self, path: Path, fmt: str, width: int) -> None:
        """Add the rows of an output written before an interruption (on --resume)."""
        csv.field_size_limit(FIELD_LIMIT)
        with open(path, encoding="utf-8", newline="") as handle:
            if fmt == "csv":
                rows = csv.reader(handle)
                next(rows, None)  # the header
            else:
                rows = (list(json.loads(line).values()) for line in handle)
            for row in rows:
                value = row[width]
                credibility = None if value in ("", None) else float(value)
                rating = row[width + 4] if self.url is not None else ""
                self.add(row[:width], Result(credibility, *row[width + 1 : width + 3], "", rating))

    def to_look_at(self) -> set[str]:
        """Unrated sites whose articles score like the file's rated-unreliable ones."""
        unreliable = [share for s in self.stats.values() if s.rating() == "unreliable"
                      if (share := s.share_low()) is not None]  # fmt: skip
        bar = statistics.median(unreliable) if unreliable else 0.5
        found = set()
        for source, s in self.stats.items():
            share = s.share_low()
            if s.rating() == "unknown" and share is not None and share > 0 and share >= bar:
                found.add(source)
        return found

    def table(self) -> list[list[str]]:
        """One row per source, most articles first, every cell spreadsheet-safe."""
        out = []
        look = self.to_look_at() if self.url is not None else set()
        for source, s in sorted(self.stats.items(), key=lambda kv: (-kv[1].articles, kv[0])):
            n = len(s.values)
            figures = [statistics.fmean(s.values), statistics.median(s.values)] if n else []
            figures += [s.bands[band] / n for band in BANDS] if n else []
            top = sorted(s.signals.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
            cells = [
                source,
                str(s.articles),
                str(n),
                str(s.unsupported),
                *([f"{x:.4f}" for x in figures] or [""] * 5),
                "; ".join(f"{name} ({count})" for name, count in top),
            ]
            if self.url is not None:
                cells += [s.rating(), "yes" if source in look else ""]
            out.append([safe_cell(cell) for cell in cells])
        return out

    def write(self, target: str) -> None:
        """The table as CSV, written whole by a rename (or to stdout for -)."""
        text = io.StringIO()
        writer = CsvWriter(text)
        writer.writerow(self.columns)
        writer.writerows(self.table())
        if target == "-":
            sys.stdout.write(text.getvalue())
            return
        temp = Path(target + ".partial")
        temp.write_text(text.getvalue(), encoding="utf-8")
        os.replace(temp, target)
