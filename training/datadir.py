"""Where the labelled corpora are: ``$CREDIBILITY_DATA``, else ``../shared/data`` beside the
checkout. `make model`, the benchmarks and the realdata tests all read it from here."""

from __future__ import annotations

import os
from pathlib import Path

ENV = "CREDIBILITY_DATA"
CHECKOUT = Path(__file__).resolve().parents[1]


def data_dir() -> Path:
    """The data folder (it may not exist: tests that need it skip, commands say so)."""
    return Path(os.environ.get(ENV) or CHECKOUT.parent / "shared" / "data")
