"""Scoring one article for the form and the API, and keeping its result in the store."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import secrets
from typing import Any

from flask import current_app

from credibility.errors import CredibilityError, InvalidInputError
from credibility.labels import Label
from credibility.limits import time_limit
from credibility.parsing import Span, looks_like_html, parse
from credibility.reputation import SourceReport
from credibility.reputation import load as load_reputation
from credibility.reputation.table import Entry
from credibility.scoring import Score, SignalResult, score_content
from credibility.webapp.current import model, store
from credibility.webapp.policy import ID, MAX_TITLE_CHARS, MAX_URL_CHARS, too_long


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


def stored(key: str) -> Score | None:
    """The result ``key`` as the form drew it when it was scored: its Score as stored, with
    the text its evidence points into; None when there is no such result."""
    found = store().scored(key) if ID.fullmatch(key) else None
    if found is None:
        return None
    result = restored(found["score"])
    inputs = [found[name] or "" for name in ("article", "kind", "title", "url")]
    text = evidence_text(*inputs)
    # The marks are drawn only where every span still reads as it did when scored: never a
    # mark on the wrong words (an HTML page parsed by another version, say).
    spans = [span for sig in result.signals for span in sig.evidence]
    if not all(text[span.start : span.end] == span.text for span in spans):
        text = ""
    return dataclasses.replace(result, text=text)


def evidence_text(article: str, kind: str, title: str, url: str) -> str:
    """The text evidence offsets point into. The results keep the article as sent: plain
    text is that text, a page's HTML is parsed again (within the scoring time limit; past
    it, no text)."""
    as_html = looks_like_html(article) if kind == "auto" else kind == "html"
    if not as_html:
        return article
    config = current_app.config
    try:
        with time_limit(config["MAX_SCORE_SECONDS"]):
            page = parse(
                html=article,
                title=title or None,
                url=url or None,
                max_bytes=config["MAX_ARTICLE_BYTES"],
            )
            return page.text
    except CredibilityError:
        return ""


def restored(score: dict[str, Any]) -> Score:
    """A Score from its JSON (Score.to_dict), without the text (not part of the JSON)."""
    source = score["source"]
    return Score(
        credibility=score["credibility"],
        label=Label(score["label"]),
        model=score["model"],
        signals=[
            SignalResult(
                name=sig["name"],
                value=sig["value"],
                points=sig["points"],
                description=sig["description"],
                evidence=tuple(Span(**span) for span in sig["evidence"]),
                typical=sig["typical"],
            )
            for sig in score["signals"]
        ],
        intercept=score["intercept"],
        thresholds=score["thresholds"],
        warnings=list(score["warnings"]),
        exact=score["explanation"] == "exact",
        source=None
        if source is None
        else SourceReport(
            domain=source["domain"],
            rating=source["rating"],
            entries=tuple(Entry(**entry) for entry in source["entries"]),
            matched=source["matched"],
            disagrees=source["disagrees"],
        ),
    )
