"""Signal extraction cached on disk by content, so retraining with other settings (another
estimator, seed or calibration) does not measure the same articles again."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import numpy as np

import credibility
from credibility.features import extract

PACKAGE = Path(credibility.__file__).resolve().parent
# Files the signal values depend on beside Python modules: word lists and the lexicon.
DATA_SUFFIXES = (".txt", ".json", ".gz")


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "credibility" / "signals"


def signal_code() -> list[Path]:
    """Every file of the package: the modules (a hand-kept list of the ones that matter went
    stale) and the data files (word lists, the lexicon)."""
    return sorted(
        p for p in PACKAGE.rglob("*") if p.is_file() and p.suffix in (".py", *DATA_SUFFIXES)
    )


def signals_fingerprint() -> str:
    digest = hashlib.sha256(credibility.__version__.encode())
    for file in signal_code():
        digest.update(str(file.relative_to(PACKAGE)).encode() + b"\0" + file.read_bytes())
    return digest.hexdigest()


def _extract(docs: list[dict[str, str]], code: str) -> np.ndarray:
    return extract(docs)  # ``code`` is only part of the cache key


def signal_matrix(docs: list[dict[str, str]], cache_dir: Path | None) -> np.ndarray:
    """The signal matrix of ``docs``, from the cache when these exact rows were seen."""
    if cache_dir is None:
        return extract(docs)
    import joblib

    memory = joblib.Memory(str(cache_dir), verbose=0)
    return memory.cache(_extract)(docs, signals_fingerprint())
