"""HTML pages: score one article (/), review a result, list the reviews (CSV files: jobpages.py)."""

from __future__ import annotations

import io

from credibility.webapp import render
from credibility.webapp.reviews import (
    UnknownResult,
    adapt_command,
    listing,
    may_write,
    required_token,
    verdict_counts,
    write_export,
)
from credibility.webapp.service import model, recall, remember, review, score_article, store
from flask import (
    Blueprint,
    abort,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)

from credibility.errors import InvalidInputError, TimeLimitError

bp = Blueprint("pages", __name__)
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
    segments, truncated = render.segments(result)
    return render_template(
        "index.html",
        form=form,
        model=model(),
        result=result,
        segments=segments,
        truncated=truncated,
        bars=render.chart(result),
        kinds=render.KINDS,
        kind_of=render.kind_of,
        json_url=url_for("pages.result_json", key=key),
        review_url=url_for("pages.review_form", key=key),
        review_token=bool(required_token(current_app.config)),
    ), 200


@bp.get("/result/<key>.json")
def result_json(key: str):  # type: ignore[no-untyped-def]
    found = recall(key)
    if found is None:
        days = current_app.config["RESULT_KEEP_SECONDS"] / 86400
        message = f"no such result (results are kept for {days:g} days)"
        return jsonify({"ok": False, "error": message}), 404
    return jsonify(found)


@bp.get("/favicon.ico")
def favicon():  # type: ignore[no-untyped-def]
    return redirect(url_for("static", filename="favicon.svg"), code=301)


@bp.post("/result/<key>/review")
def review_form(key: str):  # type: ignore[no-untyped-def]
    form = request.form
    required = required_token(current_app.config)
    if not may_write(required, request.headers.get("Authorization"), form.get("token")):
        abort(403, "Reviews need the review token this site was set up with.")
    try:
        review(key, form.get("verdict", ""), form.get("note", ""))
    except UnknownResult:
        abort(404, "No such result: it expired before it was reviewed. Score it again.")
    except InvalidInputError as exc:
        abort(400, str(exc))
    return redirect(url_for("pages.reviews_page"), code=303)


@bp.get("/reviews")
def reviews_page() -> str:
    # The running model as it was named to serve it, so the command adapts this very one.
    served = str(current_app.config.get("MODEL") or "default")
    return render_template(
        "reviews.html",
        model=model(),
        reviews=listing(store()),
        counts=verdict_counts(store()),
        adapt=adapt_command(served, "reviews.csv"),
    )


@bp.get("/reviews.csv")
def reviews_csv():  # type: ignore[no-untyped-def]
    out = io.StringIO()
    write_export(store(), out)
    return current_app.response_class(
        out.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": "attachment; filename=reviews.csv"},
    )
