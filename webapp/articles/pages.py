"""HTML pages: score one article (/), a stored result's own page (/results/<id>) and its JSON;
the review form under a result is the reviews feature's (form_for)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, jsonify, render_template, request, url_for

from credibility.errors import InvalidInputError, TimeLimitError
from credibility.labels import Verdict
from credibility.scoring import Score
from credibility.webapp import reviews
from credibility.webapp.articles import render
from credibility.webapp.articles.service import recall, remember, score_article, stored
from credibility.webapp.current import model

bp = Blueprint("articles", __name__)
KINDS = ("auto", "text", "html")


@bp.get("/")
def index() -> str:
    return render_template("index.html", form={"kind": "auto"}, model=model())


@bp.post("/")
def score_form() -> tuple[str, int]:
    form = {
        "article": request.form.get("article", ""),
        "title": request.form.get("title", "").strip(),
        "url": request.form.get("url", "").strip(),
        "kind": request.form.get("kind", "auto"),
    }
    if form["kind"] not in KINDS:
        form["kind"] = "auto"
    try:
        result = score_article(
            form["article"], kind=form["kind"], title=form["title"], url=form["url"]
        )
    except InvalidInputError as exc:
        status = 422 if isinstance(exc, TimeLimitError) else 400
        return render_template("index.html", form=form, model=model(), error=str(exc)), status
    key = remember(result, **form)
    page_url = url_for("articles.result_page", key=key)
    return render_template("index.html", form=form, page_url=page_url, **view(result, key)), 200


def view(result: Score, key: str) -> dict[str, Any]:
    """What the result's template part draws (result_part.html), on the form's page after
    scoring and on the result's own page."""
    segments, truncated = render.segments(result)
    return {
        "model": model(),
        "result": result,
        "segments": segments,
        "truncated": truncated,
        "bars": render.chart(result),
        "kinds": render.KINDS,
        "kind_of": render.kind_of,
        "band_words": render.BAND_WORDS,
        "verdicts": list(Verdict),
        "json_url": url_for("articles.result_json", key=key),
        **reviews.form_for(key),
    }


@bp.get("/results/<key>")
def result_page(key: str) -> str:
    """A stored result drawn as the form drew it after scoring, at an address to share or
    to come back to for a review."""
    result = stored(key)
    if result is None:
        days = current_app.config["RESULT_KEEP_SECONDS"] / 86400
        abort(
            404,
            f"No such result: never scored here, or expired (results are kept for {days:g} days).",
        )
    return render_template("result.html", **view(result, key))


@bp.get("/result/<key>.json")
def result_json(key: str):  # type: ignore[no-untyped-def]
    found = recall(key)
    if found is None:
        days = current_app.config["RESULT_KEEP_SECONDS"] / 86400
        message = f"no such result (results are kept for {days:g} days)"
        return jsonify({"ok": False, "error": message}), 404
    return jsonify(found)
