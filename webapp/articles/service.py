"""Scoring one article for the form and the API, and keeping its result in the store."""

from __future__ import annotations

import hashlib
import json
import secrets
from typing import Any

from credibility.webapp.current import model, store
from credibility.webapp.policy import ID, MAX_TITLE_CHARS, MAX_URL_CHARS, too_long
from flask import current_app

from credibility.errors import InvalidInputError
from credibility.limits import time_limit
from credibility.reputation import load as load_reputation
from credibility.scoring import Score, score_content


def score_article(
    content: str, *, kind: str = "auto", title: str | None = None, url: str | None = None
) -> Score:
    """Score text or HTML (``kind`` "text", "html", or "auto" to detect)."""
    for name, value, limit in (("title", title, MAX_TITLE_CHARS), ("url", url, MAX_URL_CHARS)):
        problem = too_long(name, value or "", limit)
        if problem:
            raise InvalidInputError(problem)
    config = current_app.config
    with time_limit(config["MAX_SCORE_SECONDS"]):  # past it: 422, not a busy thread
        return score_content(
            content,
            as_html=None if kind == "auto" else kind == "html",
            title=title or None,
            url=url or None,
            model=model(),
            max_bytes=config["MAX_ARTICLE_BYTES"],
            sources=load_reputation(config["STATE_DIR"]),
        )


def remember(result: Score, article: str, kind: str, title: str, url: str) -> str:
    """Keep a result in the shared store with what was scored, so its JSON link works from
    any worker and a reviewer's verdict on it can become a training row. The key is random:
    it was a digest of the inputs, so whoever had an article's text could read its result
    and review it. The digest stays, unseen, so the export gives each article once."""
    inputs = {"article": article, "kind": kind, "title": title, "url": url}
    digest = hashlib.sha256(json.dumps([result.model, *inputs.values()]).encode("utf-8", "replace"))
    key = secrets.token_hex(16)  # 128 random bits, in the ID form every route checks
    return store().put(key, result.to_dict(), digest.hexdigest()[:32], **inputs)


def recall(key: str) -> dict[str, Any] | None:
    return store().get(key) if ID.fullmatch(key) else None
