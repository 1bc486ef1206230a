"""What the batch tests share: CSV files written and read back, the cells score() gives."""

import csv
from pathlib import Path

from credibility.batch import write
from credibility.model import load_model
from credibility.scoring import score
from tests.conftest import FIXTURES, written_rows

ARTICLES = FIXTURES / "batch" / "articles.csv"
OUTPUTS = ["credibility", "label", "top_signals", "error"]
SOURCE_COLUMNS = [
    "source",
    "articles",
    "scored",
    "unsupported",
    "mean_credibility",
    "median_credibility",
    "share_credible",
    "share_uncertain",
    "share_low",
    "top_signals",
]
# With a URL column: the site's rating and the "look at" flag follow.
SITE_COLUMNS = [*SOURCE_COLUMNS, "source_rating", "look"]


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    return path


def read_csv(path: Path) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def numbered(n: int) -> list[list[str]]:
    """n rows of written articles with an id, alternating credible and farm texts."""
    rows = written_rows(n // 2 + 1)
    return [[str(i), rows[i]["source"], rows[i]["text"]] for i in range(n)]


def expected(text: str, **kwargs: str) -> list[str]:
    """The four output cells for a text, computed straight from score()."""
    result = score(text, model=load_model(), **kwargs)
    top = ";".join(f"{s.name}:{s.points:+.2f}" for s in result.top(3))
    return [f"{result.credibility:.4f}", result.label, top, ""]


def interrupt_after(monkeypatch, chunks: int) -> None:
    """Make the sink raise KeyboardInterrupt (Ctrl-C) after writing ``chunks`` chunks."""
    real, count = write.Sink.write, [0]

    def interrupted(self, *args):
        real(self, *args)
        count[0] += 1
        if count[0] == chunks:
            raise KeyboardInterrupt

    monkeypatch.setattr(write.Sink, "write", interrupted)
