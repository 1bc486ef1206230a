"""What both faces of the web app share: the loaded model, scoring, recent results."""

from __future__ import annotations

import csv
import hashlib
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from credibility.webapp.policy import MAX_TITLE_CHARS, MAX_URL_CHARS, too_long
from credibility.webapp.store import Store
from flask import current_app

from credibility.batch.read import FIELD_LIMIT
from credibility.errors import InvalidInputError
from credibility.model import Model
from credibility.reputation import load as load_reputation
from credibility.scoring import Score, score_content

if TYPE_CHECKING:
    from credibility.batch import BatchSummary

# The batch path's messages speak to the command line; the web names its own fields instead.
CLI_WORDS = (
    (re.compile(r"--(text|html|title|url|source)-col\b"), r"\1_col"),
    (re.compile(r"; try --encoding\b"), "; convert it to UTF-8"),
)


def model() -> Model:
    return current_app.extensions["credibility_model"]


def score_article(
    content: str, *, kind: str = "auto", title: str | None = None, url: str | None = None
) -> Score:
    """Score text or HTML (``kind`` "text", "html", or "auto" to detect)."""
    for name, value, limit in (("title", title, MAX_TITLE_CHARS), ("url", url, MAX_URL_CHARS)):
        problem = too_long(name, value or "", limit)
        if problem:
            raise InvalidInputError(problem)
    return score_content(
        content,
        as_html=None if kind == "auto" else kind == "html",
        title=title or None,
        url=url or None,
        model=model(),
        max_bytes=current_app.config["MAX_ARTICLE_BYTES"],
        sources=load_reputation(current_app.config["STATE_DIR"]),
    )


def store() -> Store:
    return current_app.extensions["credibility_store"]


def remember(result: Score, article: str, kind: str, title: str, url: str) -> str:
    """Keep a result in the shared store with what was scored, so its JSON link works from
    any worker and a reviewer's verdict on it can become a training row. The key is a digest
    of the model and the inputs (the same article gives the same link)."""
    inputs = {"article": article, "kind": kind, "title": title, "url": url}
    digest = hashlib.sha256(json.dumps([result.model, *inputs.values()]).encode("utf-8", "replace"))
    return store().put(digest.hexdigest()[:32], result.to_dict(), **inputs)


def recall(key: str) -> dict[str, Any] | None:
    return store().get(key)


def score_csv(folder: Path, text_col: str, columns: list[str]) -> BatchSummary:
    """Score ``folder``/input.csv into scored.csv for the /batch page.

    The optional columns are used when the file has them under their usual names; the
    per-source table comes from a ``source`` or ``url`` column."""
    present = set(columns)
    return score_csv_file(
        folder / "input.csv",
        folder / "scored.csv",
        "the uploaded file",
        text_col=text_col,
        html_col="html" if "html" in present and text_col != "html" else None,
        title_col="title" if "title" in present else None,
        url_col="url" if "url" in present else None,
        source_col="source" if "source" in present else None,
        by_source=str(folder / "sources.csv") if present & {"source", "url"} else None,
    )


def count_rows(path: Path) -> int:
    """Records under the header (quoted newlines inside a field do not count)."""
    csv.field_size_limit(FIELD_LIMIT)
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
        try:
            return max(0, sum(1 for _ in csv.reader(handle)) - 1)
        except csv.Error:  # the batch path reports a malformed file in its own words
            return 0


def score_csv_file(source: Path, target: Path, shown_as: str, **options: Any) -> BatchSummary:
    """The batch path in this thread with the app's model. Its InvalidInputError speaks of
    ``shown_as`` and the web's field names, never of server paths or command-line options."""
    from credibility.batch import BatchOptions, score_file

    model = current_app.config["MODEL"]
    limit = current_app.config["MAX_SYNC_ROWS"]
    rows = count_rows(source)
    if rows > limit:
        raise InvalidInputError(
            f"{shown_as} has {rows:,} rows; the web scores at most {limit:,} at once: split "
            "the file, or score it with the command line's batch"
        )
    try:
        return score_file(BatchOptions((str(source),), str(target), model=model, **options))
    except InvalidInputError as exc:
        message = str(exc).replace(str(source), shown_as).replace(str(target), "the output")
        message = message.replace(str(source.parent), "the server's folder")
        for pattern, replacement in CLI_WORDS:
            message = pattern.sub(replacement, message)
        raise InvalidInputError(message) from None
