"""Fault points: a test holds a process at a point it names, then kills or releases it, so
what a kill interrupts never depends on how fast the machine is.

Off unless the environment sets CREDIBILITY_FAULT_HOLD to "POINT" or "POINT:COUNT" and
CREDIBILITY_FAULT_DIR to a folder; only tests set them. The first time the process reaches
POINT with a count of at least COUNT it writes DIR/held (the count it reached) and waits
until DIR/release exists. Points: "batch-chunk" (a chunk of the batch output written and
saved for --resume; the count is the rows written) and "train-save" (a model trained and
evaluated, before anything is written).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

HOLD = "CREDIBILITY_FAULT_HOLD"
FOLDER = "CREDIBILITY_FAULT_DIR"
HELD, RELEASE = "held", "release"


def hold(point: str, count: int = 0) -> None:
    """Wait here if a test asked to hold this process at ``point`` (see the module)."""
    spec = os.environ.get(HOLD)
    if not spec:
        return
    name, _, at = spec.partition(":")
    if name != point or count < int(at or 0):
        return
    folder = Path(os.environ[FOLDER])
    held = folder / HELD
    if held.exists():  # held once already (and released): run on
        return
    temp = folder / f"{HELD}.tmp"
    temp.write_text(str(count), encoding="utf-8")
    os.replace(temp, held)  # the test never reads a half-written count
    while not (folder / RELEASE).exists():
        time.sleep(0.01)
