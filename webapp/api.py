"""The JSON API: /api/score, /api/results/<id> (and its review), /api/batch, /api/health,
/api/openapi.json.

Requests are checked against the limits the OpenAPI document states (policy.py): what the
document forbids gets 400; what it allows but the scorer still refuses gets 422.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from credibility.webapp.openapi import document
from credibility.webapp.policy import (
    COLUMN_PARTS,
    MAX_COLUMN_CHARS,
    MAX_TITLE_CHARS,
    MAX_URL_CHARS,
    too_long,
)
from credibility.webapp.reviews import (
    MAX_NOTE,
    VERDICTS,
    UnknownResult,
    as_json,
    closed,
    may_write,
    required_token,
)
from credibility.webapp.service import (
    model,
    recall,
    remember,
    review,
    score_article,
    score_csv_file,
)
from flask import Blueprint, Response, abort, current_app, jsonify, request

from credibility import __version__
from credibility.errors import InvalidInputError, listed
from credibility.parsing import given
from credibility.parsing.entry import is_blank

bp = Blueprint("api", __name__, url_prefix="/api")


def fail(status: int, message: str) -> tuple[Response, int]:
    return jsonify({"ok": False, "error": message}), status


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
    return response


def json_body() -> tuple[Any, tuple[Response, int] | None]:
    """The request's JSON, or the error response to give instead."""
    if not request.is_json:
        return None, fail(415, "send a JSON body with Content-Type: application/json")
    data = request.get_data()
    # Decoded here, not by get_json(), which answers every fault with None: a client that
    # sent Latin-1 or broken JSON is told which (issue 20: "must be a JSON object").
    encoding = json.detect_encoding(data)  # UTF-8 (with or without a BOM), UTF-16 or -32
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        name = encoding.upper().removesuffix("-SIG")
        return None, fail(400, f"the JSON body is not {name}: undecodable byte at {exc.start:,}")
    try:
        return json.loads(text), None
    except RecursionError:  # json gives up past about 1,000 levels; the schemas allow 1
        return None, fail(400, "the JSON body is nested too deeply")
    except json.JSONDecodeError as exc:
        return None, fail(
            400, f"the body is not JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
        )


@bp.get("/results/<key>")
def api_result(key: str):  # type: ignore[no-untyped-def]
    found = recall(key)
    if found is None:
        return fail(404, "no such result (never scored here, or expired)")
    return jsonify(found)


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
        stored = review(key, payload["verdict"], payload.get("note", ""))
    except UnknownResult:
        return fail(404, "no such result (never scored here, or expired)")
    return jsonify(as_json(stored)), 201


def csv_request() -> tuple[dict[str, str | None], tuple[Response, int] | None]:
    """A CSV body's *_col query parameters, or the error response to give instead (a wrong
    content type, a column name over its limit)."""
    names: dict[str, str | None] = {}
    if request.mimetype != "text/csv":
        return names, fail(415, "send the CSV as the body with Content-Type: text/csv")
    for part in COLUMN_PARTS:
        value = request.args.get(f"{part}_col", "")
        problem = too_long(f"{part}_col", value, MAX_COLUMN_CHARS)
        if problem:
            return names, fail(400, problem)
        names[f"{part}_col"] = value or None
    return names, None


@bp.post("/batch")
def api_batch():  # type: ignore[no-untyped-def]
    names, failed = csv_request()
    if failed:
        return failed
    data = request.get_data(cache=False)
    if len(data) > current_app.config["MAX_UPLOAD_BYTES"]:
        abort(413)
    if is_blank(data.decode("utf-8", "replace")):
        return fail(400, "the CSV body is empty: send a header line and rows")
    with tempfile.TemporaryDirectory(prefix="credibility-api-") as folder:
        source, target = Path(folder) / "input.csv", Path(folder) / "scored.csv"
        source.write_bytes(data)
        try:
            score_csv_file(source, target, "the CSV body", **names)
        except InvalidInputError as exc:
            return fail(422, str(exc))
        body = target.read_bytes()
    return Response(
        body,
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="scored.csv"'},
    )


@bp.get("/health")
def health():  # type: ignore[no-untyped-def]
    loaded = model()
    return jsonify(
        {
            "status": "ok",
            "model": loaded.name,
            "sha256": loaded.card["sha256"],
            "card_sha256": loaded.card["card_sha256"],
            "version": __version__,
        }
    )


@bp.get("/openapi.json")
def openapi():  # type: ignore[no-untyped-def]
    return jsonify(document(current_app.config))
