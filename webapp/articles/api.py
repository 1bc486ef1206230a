"""The articles' JSON API: /api/score and /api/results/<id>."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, jsonify, url_for

from credibility.errors import InvalidInputError, listed
from credibility.parsing import given
from credibility.parsing.entry import is_blank
from credibility.webapp.api import fail, json_body
from credibility.webapp.articles.service import recall, remember, score_article
from credibility.webapp.policy import MAX_TITLE_CHARS, MAX_URL_CHARS, too_long

bp = Blueprint("articles_api", __name__, url_prefix="/api")


def request_problem(payload: Any, max_article: int) -> str | None:
    """What makes ``payload`` break the ScoreRequest schema, or None."""
    if not isinstance(payload, dict):
        return "the body must be a JSON object"
    limits = {
        "text": max_article,
        "html": max_article,
        "title": MAX_TITLE_CHARS,
        "url": MAX_URL_CHARS,
    }
    unknown = sorted(set(payload) - set(limits))
    if unknown:
        return f"unknown fields: {listed(unknown, quote=False)}"
    try:
        given(payload.get("text"), payload.get("html"))
    except TypeError as exc:
        return str(exc)
    for name, value in payload.items():
        if not isinstance(value, str):
            return f'"{name}" must be a string'
        if name in ("text", "html") and is_blank(value):
            return f"{name} is empty"
        problem = too_long(name, value, limits[name])
        if problem:
            return problem
    return None


@bp.post("/score")
def api_score():  # type: ignore[no-untyped-def]
    payload, failed = json_body()
    if failed:
        return failed
    problem = request_problem(payload, current_app.config["MAX_ARTICLE_BYTES"])
    if problem:
        return fail(400, problem)
    kind, content = given(payload.get("text"), payload.get("html"))
    try:
        result = score_article(
            content, kind=kind, title=payload.get("title"), url=payload.get("url")
        )
    except InvalidInputError as exc:  # e.g. within maxLength but over the limit in bytes
        return fail(422, str(exc))
    key = remember(result, content, kind, payload.get("title") or "", payload.get("url") or "")
    response = jsonify(result.to_dict())
    response.headers["X-Result-Id"] = key  # GET /api/results/<id>, POST .../review
    response.headers["Link"] = page_link(key)
    return response


def page_link(key: str) -> str:
    """The result's own page, to share or to review later (RFC 8288)."""
    return f'<{url_for("articles.result_page", key=key)}>; rel="alternate"; type="text/html"'


@bp.get("/results/<key>")
def api_result(key: str):  # type: ignore[no-untyped-def]
    found = recall(key)
    if found is None:
        return fail(404, "no such result (never scored here, or expired)")
    response = jsonify(found)
    response.headers["Link"] = page_link(key)
    return response
