"""HTML pages: review a stored result (its form sits under the result), list the reviews
(/reviews) and download them as training data (/reviews.csv)."""

from __future__ import annotations

import io
from typing import Any

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for

from credibility.errors import InvalidInputError
from credibility.webapp.current import model, store
from credibility.webapp.policy import closed, required_token
from credibility.webapp.reviews.records import (
    UnknownResult,
    adapt_command,
    listing,
    may_write,
    review,
    verdict_counts,
    write_export,
)

bp = Blueprint("reviews", __name__)


def form_for(key: str) -> dict[str, Any]:
    """What a result's view needs to draw the review form of the result ``key``."""
    return {
        "review_url": url_for("reviews.review_form", key=key),
        "review_token": bool(required_token(current_app.config)),
        "reviews_closed": closed(current_app.config),
    }


@bp.post("/result/<key>/review")
def review_form(key: str):  # type: ignore[no-untyped-def]
    form = request.form
    reason = closed(current_app.config)
    if reason:
        abort(403, reason[0].upper() + reason[1:] + ".")
    required = required_token(current_app.config)
    if not may_write(required, request.headers.get("Authorization"), form.get("token")):
        abort(403, "Reviews need the review token this site was set up with.")
    try:
        review(store(), key, form.get("verdict", ""), form.get("note", ""))
    except UnknownResult:
        abort(404, "No such result: it expired before it was reviewed. Score it again.")
    except InvalidInputError as exc:
        abort(400, str(exc))
    return redirect(url_for("reviews.reviews_page"), code=303)


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
