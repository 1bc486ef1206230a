"""The reviews' JSON API: POST /api/results/<id>/review."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, jsonify, request

from credibility.errors import listed
from credibility.webapp.api import fail, json_body
from credibility.webapp.current import store
from credibility.webapp.policy import closed, required_token, too_long
from credibility.webapp.reviews.records import (
    MAX_NOTE,
    VERDICTS,
    UnknownResult,
    as_json,
    may_write,
    review,
)

bp = Blueprint("reviews_api", __name__, url_prefix="/api")


def review_problem(payload: Any) -> str | None:
    """What makes ``payload`` break the ReviewRequest schema, or None."""
    if not isinstance(payload, dict):
        return "the body must be a JSON object"
    unknown = sorted(set(payload) - {"verdict", "note"})
    if unknown:
        return f"unknown fields: {listed(unknown, quote=False)}"
    if payload.get("verdict") not in VERDICTS:
        return f'"verdict" must be one of {", ".join(VERDICTS)}'
    note = payload.get("note", "")
    if not isinstance(note, str):
        return '"note" must be a string'
    return too_long("note", note, MAX_NOTE)


@bp.post("/results/<key>/review")
def api_review(key: str):  # type: ignore[no-untyped-def]
    reason = closed(current_app.config)
    if reason:  # no token would help: 403, not 401
        return fail(403, reason)
    required = required_token(current_app.config)
    if not may_write(required, request.headers.get("Authorization"), None):
        response, status = fail(401, "reviews need the review token: Authorization: Bearer TOKEN")
        response.headers["WWW-Authenticate"] = "Bearer"
        return response, status
    payload, failed = json_body()
    if failed:
        return failed
    problem = review_problem(payload)
    if problem:
        return fail(400, problem)
    try:
        stored = review(store(), key, payload["verdict"], payload.get("note", ""))
    except UnknownResult:
        return fail(404, "no such result (never scored here, or expired)")
    return jsonify(as_json(stored)), 201
