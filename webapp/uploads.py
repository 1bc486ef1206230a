"""CSV uploads for /batch: stored under a random token, scored by the batch path, and
removed after a while (the scored file stays downloadable until then)."""

from __future__ import annotations

import csv
import io
import re
import secrets
import shutil
import time
from pathlib import Path

TOKEN = re.compile(r"[0-9a-f]{32}")
INPUT, OUTPUT = "input.csv", "scored.csv"


class Uploads:
    def __init__(self, root: Path, keep_seconds: float) -> None:
        self.root = root
        self.keep_seconds = keep_seconds
        root.mkdir(parents=True, exist_ok=True)
        self.prune()  # what an earlier run left past its time

    def add(self, data: bytes) -> str:
        self.prune()
        token = secrets.token_hex(16)
        folder = self.root / token
        folder.mkdir()
        (folder / INPUT).write_bytes(data)
        return token

    def folder(self, token: str) -> Path | None:
        """The upload's folder, or None for an unknown (or malformed) token."""
        if not TOKEN.fullmatch(token):
            return None
        folder = self.root / token
        return folder if (folder / INPUT).is_file() else None

    def prune(self) -> None:
        cutoff = time.time() - self.keep_seconds
        for folder in self.root.iterdir():
            if folder.is_dir() and folder.stat().st_mtime < cutoff:
                shutil.rmtree(folder, ignore_errors=True)


def header(path: Path) -> list[str]:
    """The CSV's column names (for the column picker); [] when unreadable."""
    with path.open("rb") as handle:
        first = handle.read(65536).decode("utf-8-sig", "replace")
    try:
        return next(csv.reader(io.StringIO(first)), [])
    except csv.Error:
        return []
