"""Another revision of this repository beside the checkout, for the benchmarks' --against:
figures drift between runs on a shared machine, ratios measured in one run do not."""

from __future__ import annotations

import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


@contextmanager
def checkout(rev: str) -> Iterator[tuple[Path, Path]]:
    """(REV checked out into a temporary git worktree, a scratch folder), both removed after."""
    with tempfile.TemporaryDirectory() as tmp:
        other = Path(tmp) / "against"
        subprocess.run(
            ["git", "-C", str(REPO), "worktree", "add", "--detach", str(other), rev],
            check=True,
            capture_output=True,
        )
        try:
            yield other, Path(tmp)
        finally:
            subprocess.run(
                ["git", "-C", str(REPO), "worktree", "remove", "--force", str(other)], check=False
            )
