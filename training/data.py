"""Reading labelled articles: CSV or JSON lines, gzip or not; columns mapped, labels mapped,
rows that cannot be trained on set aside with a reason (nothing is dropped silently)."""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from credibility.errors import InvalidInputError, json_objects, listed, quoted
from credibility.labels import Verdict
from credibility.parsing import content_of

# Common spellings of the two classes, matched case-insensitively.
LABELS = {
    **dict.fromkeys(["credible", "1", "true", "real", "reliable", "legit", "yes"], 1),
    **dict.fromkeys(
        ["not_credible", "not credible", "not-credible", "0", "false", "fake", "unreliable", "no"],
        0,
    ),
}
NAMES = (Verdict.NOT_CREDIBLE, Verdict.CREDIBLE)  # by the class number LABELS maps to
MIN_PER_CLASS = 20
MIN_WORDS = 30  # shorter texts are broken scrapes or teasers (41 such in articles.jsonl.gz)
CANONICAL = ("text", "html", "title", "url", "label", "group")
# The csv module's largest field size everywhere (an article is one field).
FIELD_LIMIT = 2**31 - 1


@dataclass
class Columns:
    """Which input column plays which part (the user's names, or the defaults)."""

    text: str = "text"
    html: str = "html"
    title: str = "title"
    url: str = "url"
    label: str = "label"
    group: str = ""  # empty: the URL's domain, else near-duplicate clusters


@dataclass
class Prepared:
    frame: pd.DataFrame  # canonical columns + y, one row per usable article
    rejected: pd.DataFrame  # the original row, its line and the reason
    label_spellings: dict[str, int] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        return {
            "rows": len(self.frame),
            "credible": int(self.frame["y"].sum()),
            "not_credible": int(len(self.frame) - self.frame["y"].sum()),
            "rejected": len(self.rejected),
        }


def read_table(path: str | Path) -> pd.DataFrame:
    """A CSV or JSON-lines file (optionally .gz) as a DataFrame of strings."""
    path = Path(path)
    if not path.is_file():
        raise InvalidInputError(f"{path}: no such file")
    raw = path.read_bytes()
    if raw[:2] == b"\x1f\x8b":
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError) as exc:
            raise InvalidInputError(f"{path}: broken gzip file ({exc})") from None
    if b"\x00" in raw[:65536]:
        raise InvalidInputError(f"{path}: not a CSV or JSON-lines file (binary content)")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInputError(
            f"{path}: not UTF-8 text (undecodable byte at offset {exc.start})"
        ) from None
    if not text.strip():
        raise InvalidInputError(f"{path}: the file is empty")
    if text.lstrip().startswith("{"):
        return read_jsonl(path, text)
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as exc:
        problem = csv_problem(text) or f"not a readable CSV ({exc})"
        raise InvalidInputError(f"{path}: {problem}") from None
    if len(frame.columns) < 2:
        raise InvalidInputError(
            f"{path}: not a CSV with columns (found only {list(frame.columns)[:1]})"
        )
    if frame.empty:
        raise InvalidInputError(f"{path}: no rows under the header")
    return frame


def csv_problem(text: str) -> str:
    """What makes ``text`` unreadable as CSV, in our words with its physical line (as an
    editor numbers them), or "" when the csv module finds nothing wrong."""
    previous = csv.field_size_limit(FIELD_LIMIT)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    start = 1
    try:
        width = len(next(reader))
        start = reader.line_num + 1
        for row in reader:
            if len(row) > width:
                return f"line {start}: {len(row)} fields, the header has {width}"
            start = reader.line_num + 1
    except csv.Error as exc:
        if "unexpected end of data" in str(exc):
            return (
                f"line {start}: a quoted field opens here and is never closed "
                "(is the file cut short?)"
            )
        return f"line {start}: {exc}"
    finally:
        csv.field_size_limit(previous)
    return ""


def read_jsonl(path: Path, text: str) -> pd.DataFrame:
    rows = [row for _, row in json_objects(path, text.splitlines())]
    return pd.DataFrame(rows).fillna("").astype(str)


def map_labels(values: pd.Series) -> tuple[pd.Series, dict[str, int]]:
    """Labels as 1 (credible) / 0, with the count of each original spelling."""
    normal = values.astype(str).str.strip().str.lower()
    unknown = Counter(v for v in normal if v not in LABELS)
    if unknown:
        listing = ", ".join(f"{quoted(v)} ({n})" for v, n in unknown.most_common(10))
        raise InvalidInputError(
            f"unknown label values: {listing}; use credible/not_credible, 1/0, true/false, "
            "real/fake or reliable/unreliable"
        )
    return normal.map(LABELS).astype(int), dict(Counter(values.astype(str)))


def load(paths: list[str], columns: Columns, min_per_class: int = MIN_PER_CLASS) -> Prepared:
    """Read, map and validate labelled files into trainable rows and rejected rows."""
    frames = []
    for path in paths:
        table = read_table(path)
        table.insert(0, "_file", Path(path).name)
        table.insert(1, "_row", range(1, len(table) + 1))  # data row number within its file
        frames.append(table)
    raw = pd.concat(frames, ignore_index=True).fillna("")
    found = listed((c for c in raw.columns if not c.startswith("_")), quote=False)
    if columns.label not in raw.columns:
        raise InvalidInputError(f"no label column {quoted(columns.label)}; found: {found}")
    if columns.text not in raw.columns and columns.html not in raw.columns:
        raise InvalidInputError(
            f"no text column {quoted(columns.text)} or HTML column {quoted(columns.html)}; "
            f"found: {found}"
        )
    if columns.group and columns.group not in raw.columns:
        raise InvalidInputError(f"no group column {quoted(columns.group)}; found: {found}")
    y, spellings = map_labels(raw[columns.label])
    frame = pd.DataFrame({"_file": raw["_file"], "_row": raw["_row"], "y": y})
    for part in ("text", "html", "title", "url", "group"):
        name = getattr(columns, part)
        frame[part] = raw[name].astype(str) if name and name in raw.columns else ""
    frame["dataset"] = raw["dataset"] if "dataset" in raw.columns else frame["_file"]
    frame["source"] = raw["source"] if "source" in raw.columns else ""
    content = contents(frame)
    frame["content_hash"] = content.map(
        lambda s: hashlib.sha256(s.encode("utf-8", "surrogatepass")).hexdigest()
    )
    reason = pd.Series("", index=frame.index)
    words = content.str.split().str.len().fillna(0)
    reason[content.str.strip() == ""] = "empty text"
    reason[(reason == "") & (words < MIN_WORDS)] = f"shorter than {MIN_WORDS} words"
    duplicate = frame["content_hash"].duplicated(keep="first")
    reason[(reason == "") & duplicate] = "exact duplicate of an earlier row"
    rejected = raw[reason != ""].copy()
    rejected.insert(0, "reason", reason[reason != ""])
    kept = frame[reason == ""].reset_index(drop=True)
    counts = kept["y"].value_counts()
    for cls, name in ((1, Verdict.CREDIBLE), (0, Verdict.NOT_CREDIBLE)):
        found = counts.get(cls, 0)
        if found < min_per_class:
            only = f"every usable row is {NAMES[1 - cls]}: " if found == 0 and len(kept) else ""
            raise InvalidInputError(
                f"{only}need at least {min_per_class} {name} rows after setting aside "
                f"{len(rejected)} unusable rows, found {found}"
            )
    return Prepared(kept, rejected, spellings)


def contents(frame: pd.DataFrame) -> pd.Series:
    """What each row is scored on, by the parser's rule: its HTML where that has content,
    else its text."""
    found = [content_of(t, h)[1] for t, h in zip(frame["text"], frame["html"], strict=True)]
    return pd.Series(found, index=frame.index, dtype=object)


def documents(frame: pd.DataFrame) -> list[dict[str, str]]:
    """Rows as the mappings SignalExtractor reads (text or html, title, url)."""
    cols = [c for c in ("text", "html", "title", "url") if c in frame.columns]
    return frame[cols].to_dict("records")


def fingerprint(frame: pd.DataFrame, columns: list[str]) -> str:
    """SHA-256 of the training rows' content, for the model card."""
    digest = hashlib.sha256()
    for row in frame[columns].itertuples(index=False):
        digest.update("\x1f".join(map(str, row)).encode("utf-8", "surrogatepass") + b"\x1e")
    return digest.hexdigest()


def sample_weights(groups: np.ndarray, y: np.ndarray, cap: int = 30) -> np.ndarray:
    """Row weights so that no source and no class dominates: each group (source) weighs at
    most ``cap`` rows in all, then both classes weigh the same in total. Mean weight 1."""
    _, inverse, size = np.unique(groups, return_inverse=True, return_counts=True)
    weight = np.minimum(1.0, cap / size[inverse].astype(float))
    for cls in (0, 1):
        mask = y == cls
        if mask.any():
            weight[mask] *= 0.5 * weight.sum() / weight[mask].sum()
    return weight * len(weight) / weight.sum()
