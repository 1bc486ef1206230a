"""What both faces of the web app share: the loaded model, scoring, recent results."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from flask import current_app

from credibility.model import Model
from credibility.reputation import load as load_reputation
from credibility.scoring import Score, score_content
from webapp.store import Store


def model() -> Model:
    return current_app.extensions["credibility_model"]


def score_article(
    content: str, *, kind: str = "auto", title: str | None = None, url: str | None = None
) -> Score:
    """Score text or HTML (``kind`` "text", "html", or "auto" to detect)."""
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


def score_csv(folder: Path, text_col: str, columns: list[str]):  # type: ignore[no-untyped-def]
    """Score ``folder``/input.csv into scored.csv with the batch path, in this thread.

    The optional columns are used when the file has them under their usual names; the
    per-source table comes from a ``source`` or ``url`` column."""
    from credibility.batch import BatchOptions, score_file

    present = set(columns)
    options = BatchOptions(
        inputs=(str(folder / "input.csv"),),
        output=str(folder / "scored.csv"),
        text_col=text_col,
        html_col="html" if "html" in present and text_col != "html" else None,
        title_col="title" if "title" in present else None,
        url_col="url" if "url" in present else None,
        source_col="source" if "source" in present else None,
        model=current_app.config["MODEL"],
        by_source=str(folder / "sources.csv") if present & {"source", "url"} else None,
    )
    return score_file(options)
