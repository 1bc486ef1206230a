"""The per-source summary of a batch (`--by-source`): each site's verdict from its own pages
(credibility.sites), the view a ratings team works from. Per source (the source column,
else the URL's domain): pages, judged, the site verdict (probability, band or `needs more
pages`, interval) with the evidence that recurs across its pages (each signal with the
pages it lowered and one example), then what still informs beside it: the pages not judged
(unsupported: another language), the mean page credibility and the share of judged pages in
each band. Most pages first, then by name. Every cell is spreadsheet-safe: a source named
"=1+1" is written '=1+1.

With a URL column two more columns follow: `source_rating`, what the rating lists say of the
site (its rows' most frequent rating), and `disagrees`, "yes" when it and the site's band
disagree as for pages. The verdict never reads the rating: it sits beside it.

Streaming: the state is a few numbers per site plus the site tally's (credibility.sites),
so memory grows with the sites, not the rows. For --resume, every row's part (its key,
credibility, label, rating, log-odds and lowering signals) also goes to a journal beside
OUT.partial (write.py keeps it in step with the output); replay() adds it back, so a resumed
run's summary equals an uninterrupted one's.
"""

from __future__ import annotations

import io
import json
import os
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from credibility.batch.records import DECIMALS, CsvWriter, Result, safe_cell
from credibility.labels import BANDS, Label
from credibility.reputation import disagree
from credibility.sites import SiteCalibration, SitePage, SiteTally, SiteVerdict, site_key

COLUMNS = (
    "source", "pages", "judged", "unsupported", "probability", "band", "interval_low",
    "interval_high", "evidence", "mean_credibility", *(f"share_{band}" for band in BANDS),
)  # fmt: skip
SOURCE_COLUMNS = ("source_rating", "disagrees")


@dataclass(slots=True)
class Stats:
    """What the summary keeps of a site beside its tally: counts and one running sum."""

    unsupported: int = 0  # not judged (another language): counted, in no mean or share
    scored: int = 0
    total: float = 0.0  # of the credibility as written, in row order (resume adds the same)
    bands: Counter[str] = field(default_factory=Counter)
    ratings: Counter[str] = field(default_factory=Counter)

    def rating(self) -> str:
        return self.ratings.most_common(1)[0][0] if self.ratings else ""


@dataclass(frozen=True, slots=True)
class SiteRow:
    """One source of the summary: its verdict and what sits beside it."""

    verdict: SiteVerdict
    unsupported: int
    mean_credibility: float | None
    shares: dict[str, float] | None
    source_rating: str | None  # None: the file has no URL column
    disagrees: bool | None

    def cells(self) -> list[str]:
        """The CSV row, every cell spreadsheet-safe."""
        v = self.verdict
        low, high = ("", "") if v.interval is None else (fixed(x) for x in v.interval)
        cells = [
            v.site,
            str(v.pages),
            str(v.judged),
            str(self.unsupported),
            "" if v.probability is None else fixed(v.probability),
            v.band,
            low,
            high,
            evidence_cell(self.verdict),
            "" if self.mean_credibility is None else fixed(self.mean_credibility),
            *(fixed(self.shares[band]) if self.shares else "" for band in BANDS),
        ]
        if self.source_rating is not None:
            cells += [self.source_rating, "yes" if self.disagrees else ""]
        return [safe_cell(cell) for cell in cells]

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (the web's /api/jobs/<id>/sources): the verdict's own, then the rest,
        the figures to the four decimals the CSV has."""
        mean, shares = self.mean_credibility, self.shares
        return {
            **self.verdict.to_dict(),
            "unsupported": self.unsupported,
            "mean_credibility": None if mean is None else round(mean, DECIMALS),
            "shares": shares and {band: round(v, DECIMALS) for band, v in shares.items()},
            "source_rating": self.source_rating,
            "disagrees": self.disagrees,
        }


def fixed(value: float) -> str:
    return f"{value:.{DECIMALS}f}"


def evidence_cell(verdict: SiteVerdict) -> str:
    """The recurring evidence in one cell, as `credibility sites` and the web say it:
    'signal: what it measures on 9 of 12 pages: "example"; ...'."""
    return "; ".join(f"{r.signal}: {r.line(verdict.judged)}" for r in verdict.evidence)


class Rollup:
    """The summary, row by row. ``journal()`` hands over the journal lines of the rows added
    since it was last called (write.py appends them beside OUT.partial)."""

    def __init__(
        self, source: int | None, url: int | None, calibration: SiteCalibration | None = None
    ) -> None:
        self.source, self.url = source, url
        self.stats: dict[str, Stats] = {}
        self.tally = SiteTally(calibration)
        self.columns = COLUMNS + SOURCE_COLUMNS if url is not None else COLUMNS
        self.pending: list[str] = []

    def key(self, fields: list[str]) -> str:
        source = "" if self.source is None else fields[self.source]
        return site_key(source, "" if self.url is None else fields[self.url])

    def add(self, fields: list[str], result: Result) -> None:
        entry = (
            self.key(fields),
            result.credibility,
            result.label,
            result.source_rating,
            result.logit,
            result.lowering,
        )
        self.take(*entry)
        self.pending.append(json.dumps(entry, ensure_ascii=False))

    def take(
        self,
        key: str,
        credibility: float | None,
        label: str,
        rating: str,
        logit: float | None,
        lowering: Iterable[Iterable[str]],
    ) -> None:
        stats = self.stats.get(key)
        if stats is None:
            stats = self.stats[key] = Stats()
        if credibility is not None:
            stats.scored += 1
            stats.total += credibility
            stats.bands[label] += 1
        elif label == Label.UNSUPPORTED:
            stats.unsupported += 1
        if rating:
            stats.ratings[rating] += 1
        pairs = tuple((str(name), str(text)) for name, text in lowering)
        self.tally.add(SitePage(key, logit, pairs))

    def journal(self) -> bytes:
        """The journal lines of the rows added since the last call (UTF-8, one per row)."""
        lines, self.pending = self.pending, []
        return "".join(line + "\n" for line in lines).encode("utf-8")

    def replay(self, lines: Iterable[bytes]) -> None:
        """Add the rows of an interrupted run back from its journal (on --resume)."""
        for line in lines:
            self.take(*json.loads(line))

    def rows(self) -> Iterator[SiteRow]:
        """One SiteRow per source, most pages first, then by name."""
        for verdict in self.tally.verdicts():
            s = self.stats[verdict.site]
            n = s.scored
            rating = s.rating() if self.url is not None else None
            yield SiteRow(
                verdict,
                s.unsupported,
                s.total / n if n else None,
                {band: s.bands[band] / n for band in BANDS} if n else None,
                rating,
                None if rating is None else disagree(rating, verdict.band),
            )

    def table(self) -> list[list[str]]:
        """The CSV rows (without the header), every cell spreadsheet-safe."""
        return [row.cells() for row in self.rows()]

    def write(self, target: str, table: list[list[str]] | None = None) -> None:
        """The table (by default this one's) as CSV, written whole by a rename (or to stdout
        for -)."""
        text = io.StringIO()
        writer = CsvWriter(text)
        writer.writerow(self.columns)
        writer.writerows(self.table() if table is None else table)
        if target == "-":
            sys.stdout.write(text.getvalue())
            return
        temp = Path(target + ".partial")
        temp.write_text(text.getvalue(), encoding="utf-8")
        os.replace(temp, target)
