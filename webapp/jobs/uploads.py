"""Uploaded CSV files and what their jobs write, one folder each under a random token
(input.csv, scored.csv, and with a source or URL column sources.csv and sources.json),
within a disk budget and removed after a while.

The budget counts every file under the folder. An upload is written to disk as it arrives
and is refused once the files there plus twice its size (room for its scored copy, which
repeats every input cell) would pass the budget.
"""

from __future__ import annotations

import contextlib
import csv
import io
import secrets
import shutil
import time
from pathlib import Path
from typing import IO

from credibility.webapp.policy import ID

INPUT, OUTPUT, SOURCES = "input.csv", "scored.csv", "sources.csv"
SITES = "sources.json"  # the same site verdicts as SOURCES, in their JSON form
CHUNK = 1 << 16


class NoRoom(Exception):
    """The disk budget for uploads and outputs is spent."""


class TooLarge(Exception):
    """The upload is over the size limit."""


class Uploads:
    def __init__(self, root: Path, keep_seconds: float, budget_bytes: int) -> None:
        self.root = root
        self.keep_seconds = keep_seconds
        self.budget_bytes = budget_bytes
        root.mkdir(parents=True, exist_ok=True)

    def add(self, stream: IO[bytes], limit: int, length: int | None = None) -> str:
        """Write ``stream`` to a new folder; its token. Raises TooLarge past ``limit``
        bytes and NoRoom when the budget cannot hold it (and its output)."""
        if length is not None and length > limit:
            raise TooLarge
        used = self.used()
        if length is not None and used + 2 * length > self.budget_bytes:
            raise NoRoom
        token = secrets.token_hex(16)
        folder = self.root / token
        folder.mkdir()
        written = 0
        try:
            with (folder / INPUT).open("wb") as out:
                while block := stream.read(CHUNK):
                    written += len(block)
                    if written > limit:
                        raise TooLarge
                    if used + 2 * written > self.budget_bytes:
                        raise NoRoom
                    out.write(block)
        except BaseException:
            self.remove(token)
            raise
        return token

    def folder(self, token: str) -> Path | None:
        """The upload's folder, or None for an unknown (or malformed) token."""
        if not ID.fullmatch(token):
            return None
        folder = self.root / token
        return folder if (folder / INPUT).is_file() else None

    def remove(self, token: str) -> None:
        if ID.fullmatch(token):
            shutil.rmtree(self.root / token, ignore_errors=True)

    def used(self) -> int:
        """Bytes of every file under the folder now."""
        total = 0
        for path in self.root.rglob("*"):
            with contextlib.suppress(OSError):  # removed meanwhile by another worker
                total += path.stat().st_size if path.is_file() else 0
        return total

    def stale(self) -> list[str]:
        """Tokens of folders untouched for longer than the retention time."""
        cutoff = time.time() - self.keep_seconds
        found = []
        for folder in self.root.iterdir():
            with contextlib.suppress(OSError):
                if ID.fullmatch(folder.name) and folder.stat().st_mtime < cutoff:
                    found.append(folder.name)
        return found


def header(path: Path) -> list[str]:
    """The CSV's column names (for the column picker); [] when unreadable."""
    with path.open("rb") as handle:
        first = handle.read(65536).decode("utf-8-sig", "replace")
    try:
        return next(csv.reader(io.StringIO(first)), [])
    except csv.Error:
        return []
