"""The JSON API: /api/score, /api/batch, /api/health, /api/openapi.json."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request

from credibility import __version__
from credibility.errors import InvalidInputError
from credibility.parsing import given
from webapp.openapi import document
from webapp.service import model, score_article

bp = Blueprint("api", __name__, url_prefix="/api")


def fail(status: int, message: str) -> tuple[Response, int]:
    return jsonify({"ok": False, "error": message}), status


@bp.post("/score")
def api_score():  # type: ignore[no-untyped-def]
    if not request.is_json:
        return fail(415, "send a JSON body with Content-Type: application/json")
    payload: Any = request.get_json(silent=True)
    if not isinstance(payload, dict):
        return fail(400, "the body must be a JSON object")
    text, html = payload.get("text"), payload.get("html")
    try:
        kind, content = given(text, html)
    except TypeError as exc:
        return fail(400, str(exc))
    fields = {"text": text, "html": html, "title": payload.get("title"), "url": payload.get("url")}
    for name, value in fields.items():
        if value is not None and not isinstance(value, str):
            return fail(400, f'"{name}" must be a string')
    unknown = sorted(set(payload) - set(fields))
    if unknown:
        return fail(400, f"unknown fields: {', '.join(unknown)}")
    try:
        result = score_article(
            content,
            kind=kind,
            title=payload.get("title"),
            url=payload.get("url"),
        )
    except InvalidInputError as exc:
        return fail(400, str(exc))
    return jsonify(result.to_dict())


@bp.post("/batch")
def api_batch():  # type: ignore[no-untyped-def]
    if request.mimetype != "text/csv":
        return fail(415, "send the CSV as the body with Content-Type: text/csv")
    from credibility.batch import BatchOptions, score_file

    names = {
        f"{part}_col": request.args.get(f"{part}_col") or None
        for part in ("text", "html", "title", "url", "source")
    }
    with tempfile.TemporaryDirectory(prefix="credibility-api-") as folder:
        source, target = Path(folder) / "input.csv", Path(folder) / "scored.csv"
        source.write_bytes(request.get_data(cache=False))
        try:
            model = current_app.config["MODEL"]
            score_file(BatchOptions((str(source),), str(target), **names, model=model))
        except InvalidInputError as exc:
            return fail(400, str(exc))
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
    return jsonify(document())
