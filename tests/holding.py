"""Holding a process at a fault point (credibility/faults.py): the test, not the machine's
speed, decides where a kill or a cancel lands."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

from credibility import faults

# Only a safety net for a process that never gets there (a hang, a crash): reaching the
# point takes as long as it takes, and the outcome does not depend on how long.
PATIENCE_SECONDS = 300.0


def hold_at(folder: Path, point: str, count: int = 0) -> dict[str, str]:
    """The environment that holds a process at ``point`` once its count reaches ``count``."""
    folder.mkdir(parents=True, exist_ok=True)
    return {
        **os.environ,
        faults.HOLD: f"{point}:{count}",
        faults.FOLDER: str(folder),
    }


def wait_held(folder: Path, process: subprocess.Popen | None = None) -> int:
    """Wait until the process holds at its point; the count it reached."""
    held = folder / faults.HELD
    deadline = time.monotonic() + PATIENCE_SECONDS
    while not held.exists():
        assert process is None or process.poll() is None, "ended before its fault point"
        assert time.monotonic() < deadline, "never reached its fault point"
        time.sleep(0.01)
    return int(held.read_text(encoding="utf-8"))


def release(folder: Path) -> None:
    (folder / faults.RELEASE).touch()
