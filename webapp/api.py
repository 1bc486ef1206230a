"""What every part of the JSON API shares: the error answer, the JSON body read with its
faults named, and the API's own routes (/api/health, /api/openapi.json).

Requests are checked against the limits the OpenAPI document states (policy.py): what the
document forbids gets 400; what it allows but the scorer still refuses gets 422.
"""

from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request

from credibility import __version__
from credibility.webapp.current import model
from credibility.webapp.openapi import document

bp = Blueprint("api", __name__, url_prefix="/api")


def fail(status: int, message: str) -> tuple[Response, int]:
    return jsonify({"ok": False, "error": message}), status


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
