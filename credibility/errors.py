"""The project's exceptions: one base class so callers can catch everything we raise; and
how their messages quote what a user sent."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any


class CredibilityError(Exception):
    """Base class of every error this package raises on purpose."""


class InvalidInputError(CredibilityError, ValueError):
    """The article cannot be scored: empty, oversized or undecodable input."""


class ModelLoadError(CredibilityError):
    """A model directory is missing, corrupt, tampered with or incompatible."""


class TimeLimitError(InvalidInputError):
    """Scoring took longer than the caller allowed (limits.time_limit)."""


# Messages quote what a user sent (a column name, a label, a field) so they can find it in
# their input; a prefix is enough for that. Quoted whole, a CSV header of one 19 MB field
# made a 19 MB error body (issue 20). 100 characters keeps every column name the web
# accepts (MAX_COLUMN_CHARS) whole.
QUOTE_CHARS = 100
LIST_ITEMS = 20  # of a list of names (a header's columns), the first this many are shown


def shortened(value: str, limit: int = QUOTE_CHARS) -> str:
    """``value``, or its first ``limit`` characters and its length."""
    return value if len(value) <= limit else f"{value[:limit]}... ({len(value):,} characters)"


def quoted(value: str, limit: int = QUOTE_CHARS) -> str:
    """``repr(value)``, or that of its first ``limit`` characters and its length."""
    if len(value) <= limit:
        return repr(value)
    return f"{value[:limit]!r}... ({len(value):,} characters)"


def listed(values: Iterable[str], quote: bool = True, limit: int = LIST_ITEMS) -> str:
    """Names for a message, comma-separated, each quoted() (or shortened()), the first
    ``limit`` of them and how many more."""
    items = list(values)
    shown = ", ".join((quoted if quote else shortened)(item) for item in items[:limit])
    return shown + (f" and {len(items) - limit:,} more" if len(items) > limit else "")


def json_objects(path: Path | str, lines: Iterable[str]) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, object) of each non-blank JSON line; a line that is not a JSON object
    is refused with its number (training files and scored batch files alike)."""
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InvalidInputError(f"{path}: line {number} is not JSON ({exc.msg})") from None
        if not isinstance(record, dict):
            raise InvalidInputError(f"{path}: line {number} is not a JSON object")
        yield number, record
