"""Reading labelled articles: CSV or JSON lines, gzip or not, labels mapped and reported."""

from __future__ import annotations

import gzip
import io
import json
from collections import Counter
from pathlib import Path

import pandas as pd

from credibility.errors import InvalidInputError

LABELS = {
    "credible": 1,
    "1": 1,
    "true": 1,
    "real": 1,
    "reliable": 1,
    "legit": 1,
    "not_credible": 0,
    "not credible": 0,
    "0": 0,
    "false": 0,
    "fake": 0,
    "unreliable": 0,
}


def read_table(path: str | Path) -> pd.DataFrame:
    """A CSV or JSON-lines file (optionally .gz) as a DataFrame of strings."""
    path = Path(path)
    if not path.is_file():
        raise InvalidInputError(f"{path}: no such file")
    raw = path.read_bytes()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInputError(f"{path}: not UTF-8 ({exc.reason} at byte {exc.start})") from exc
    if text.lstrip().startswith("{"):
        try:
            rows = [json.loads(line) for line in text.splitlines() if line.strip()]
        except json.JSONDecodeError as exc:
            raise InvalidInputError(f"{path}: not valid JSON lines ({exc})") from exc
        return pd.DataFrame(rows).fillna("").astype(str)
    try:
        return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise InvalidInputError(f"{path}: not a readable CSV ({exc})") from exc


def map_labels(values: pd.Series) -> tuple[pd.Series, dict[str, int]]:
    """Labels as 1 (credible) / 0, with the count of each original spelling."""
    normal = values.astype(str).str.strip().str.lower()
    unknown = Counter(v for v in normal if v not in LABELS)
    if unknown:
        listed = ", ".join(f"{v!r} ({n})" for v, n in unknown.most_common(10))
        raise InvalidInputError(f"unknown label values: {listed}")
    return normal.map(LABELS).astype(int), dict(Counter(values.astype(str)))


def fingerprint(frame: pd.DataFrame, columns: list[str]) -> str:
    """SHA-256 of the training rows' content, for the model card."""
    import hashlib

    digest = hashlib.sha256()
    for row in frame[columns].itertuples(index=False):
        digest.update("\x1f".join(map(str, row)).encode("utf-8", "surrogatepass") + b"\x1e")
    return digest.hexdigest()
