"""The records the batch stages pass on, and how the cells this project adds are written.

read.py yields Rows in chunks (each with its Spec), score.py turns them into Results,
write.py and rollup.py write them. The types live here, below every stage, so no stage
imports another one's module for its types.

Spreadsheet safety (OWASP's advice on CSV injection): a cell this project writes to a CSV
that starts with one of FORMULA_STARTS, also after leading whitespace (some spreadsheets trim
it before they look), gets a leading apostrophe, so a spreadsheet shows it as text instead
of running it. Every CSV this program writes from what others typed goes through
safe_cell (the batch's added cells and per-source table, the reviews export). Input columns
of a batch are never changed (the file is the user's own); the numbers written here
(credibility, counts, means, shares) are never negative, so no number is ever prefixed.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import IO, Any, NamedTuple

OUTPUT_COLUMNS = ("credibility", "label", "top_signals", "error")
# Added after them when the input has a URL column: what rating lists say of the site.
SOURCE_COLUMNS = ("source_rating", "source_lists")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Credibility is written with four decimals: finer steps are noise in a calibrated
# probability, and repr() wrote values such as 2.742363835799421e-07.
DECIMALS = 4


class Row(NamedTuple):
    """One input record: its first physical line, its fields, its parse problem ("" when
    fine). ``fields`` has exactly as many cells as the header."""

    line: int
    fields: list[str]
    problem: str


@dataclass(frozen=True)
class Spec:
    """Where a chunk lies: enough to read it again (dask) or to resume after it."""

    input: int
    start: int
    end: int
    line: int  # physical lines before the chunk
    end_line: int


def added_columns(with_source: bool) -> tuple[str, ...]:
    """The columns a batch adds: the source ones only when the input has URLs."""
    return OUTPUT_COLUMNS + SOURCE_COLUMNS if with_source else OUTPUT_COLUMNS


class Result(NamedTuple):
    """The cells added to a row. ``credibility`` is None on an error or when not judged
    (label ``unsupported``), else rounded to DECIMALS places, as written. The site's rating
    and its lists are empty without a URL (they never enter the credibility).

    The last two fields are never written as cells: what the site verdict of --by-source
    takes from the row (credibility.sites.SitePage), the model's exact log-odds (None when
    not judged) and its few top lowering signals with a short excerpt each."""

    credibility: float | None
    label: str
    top_signals: str
    error: str
    source_rating: str = ""
    source_lists: str = ""
    logit: float | None = None
    lowering: tuple[tuple[str, str], ...] = ()

    def cells(self, width: int = len(OUTPUT_COLUMNS)) -> list[str]:
        """The first ``width`` CSV cells: credibility in fixed point, all spreadsheet-safe."""
        number = "" if self.credibility is None else f"{self.credibility:.{DECIMALS}f}"
        return [safe_cell(cell) for cell in (number, *self[1:width])]


def rounded(credibility: float) -> float:
    """A credibility as the batch writes it (and the roll-up averages it)."""
    return round(credibility, DECIMALS)


class CsvWriter:
    """csv.writer with "\n" line ends that also quotes a field holding a bare CR. Python's
    writer (3.11) quotes only the characters of its line terminator, so "a\rb" went out
    unquoted and every reader split the row there: the id stayed on one half, the scores
    went to the other. A row with a CR is written with every field quoted (valid CSV, read
    back the same), whatever the Python version; every other row as before."""

    def __init__(self, out: IO[str]) -> None:
        self.plain = csv.writer(out, lineterminator="\n")
        self.quoted = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL)

    def writerow(self, row: Sequence[Any]) -> None:
        has_cr = any(isinstance(cell, str) and "\r" in cell for cell in row)
        (self.quoted if has_cr else self.plain).writerow(row)

    def writerows(self, rows: Iterable[Sequence[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def safe_cell(cell: str) -> str:
    """``cell`` with a leading apostrophe when a spreadsheet would read it as a formula."""
    risky = cell.startswith(FORMULA_STARTS) or cell.lstrip().startswith(FORMULA_STARTS)
    return "'" + cell if risky else cell
