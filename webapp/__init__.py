"""The web face: a page to score one article, CSV files scored as background jobs with a
page each, reviews, and a JSON API.

One folder per feature (articles/, jobs/, reviews/), each with its pages, its API and its
part of the OpenAPI document, around a small core: this app factory, policy.py, the store,
the OpenAPI assembly (openapi.py) and the API's shared helpers (api.py).

Built with Flask's application factory; served by gunicorn, or waitress where gunicorn cannot
run (`credibility serve`, webapp/serve.py), never by the development server. The model is
loaded when the app is created: once per server, as gunicorn forks its workers afterwards.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from flask import Flask, Response, current_app, jsonify, redirect, render_template, request, url_for
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.exceptions import HTTPException

from credibility.scoring import cached_model
from credibility.state import state_dir
from credibility.webapp.current import model
from credibility.webapp.jobs.uploads import Uploads
from credibility.webapp.policy import (
    CROSS_SITE_MESSAGE,
    DEFAULTS,
    SECURITY_HEADERS,
    cross_site,
    from_environment,
    max_request_bytes,
)
from credibility.webapp.store import Store, database_url

log = logging.getLogger(__name__)
csrf = CSRFProtect()


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    app = Flask(__name__)
    app.config.update(DEFAULTS)
    app.config.update(from_environment(os.environ))
    if test_config:
        app.config.update(test_config)
    state = state_dir(app.config["STATE_DIR"])
    state.mkdir(parents=True, exist_ok=True)
    app.config["STATE_DIR"] = str(state)
    store = Store(
        database_url(state, app.config["DATABASE_URL"]),
        app.config["RESULT_KEEP_SECONDS"],
        app.config["MAX_RESULT_BYTES"],
    )
    app.extensions["credibility_store"] = store
    # Made once and kept in the database, so every worker and every restart signs forms
    # with the same key; an operator may still give one.
    app.config["SECRET_KEY"] = (
        os.environ.get("CREDIBILITY_SECRET_KEY")
        or app.config.get("SECRET_KEY")
        or store.secret_key()
    )
    app.config["MAX_CONTENT_LENGTH"] = max_request_bytes(app.config)
    # The library's cache: the batch page's runs in this process use the same loaded model.
    app.extensions["credibility_model"] = cached_model(app.config["MODEL"])
    # In the state folder, not a temporary one per start: what a stopped server left is
    # found and pruned on the next start, so the retention holds across restarts.
    upload_dir = app.config["UPLOAD_DIR"] or state / "uploads"
    app.extensions["credibility_uploads"] = Uploads(
        Path(upload_dir), app.config["UPLOAD_KEEP_SECONDS"], app.config["MAX_DISK_BYTES"]
    )

    csrf.init_app(app)
    from credibility.webapp import api
    from credibility.webapp.articles import api as articles_api
    from credibility.webapp.articles import pages as articles_pages
    from credibility.webapp.jobs import api as jobs_api
    from credibility.webapp.jobs import pages as jobs_pages
    from credibility.webapp.jobs.runner import housekeep
    from credibility.webapp.reviews import api as reviews_api
    from credibility.webapp.reviews import pages as reviews_pages

    for blueprint in (articles_pages.bp, jobs_pages.bp, reviews_pages.bp):
        app.register_blueprint(blueprint)
    for blueprint in (api.bp, articles_api.bp, reviews_api.bp, jobs_api.bp):
        app.register_blueprint(blueprint)
        # No CSRF token: their writes take JSON, CSV or no body, never a form's content type,
        # and refuse what a browser says comes from another site (refuse_cross_site_writes).
        csrf.exempt(blueprint)
    app.add_url_rule("/favicon.ico", view_func=favicon)
    housekeep(app)  # what a stopped server left: old files, its killed jobs

    app.before_request(refuse_cross_site_writes)
    app.after_request(add_security_headers)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(CSRFError, handle_http_error)
    app.register_error_handler(Exception, handle_unexpected)
    return app


def start_runner(app: Flask) -> None:
    """Start this process's job runner thread: serve.py calls it in each serving process
    (after gunicorn forks), through the factory rather than into the jobs feature."""
    from credibility.webapp.jobs.runner import Runner

    Runner(app).start()


def favicon():  # type: ignore[no-untyped-def]
    return redirect(url_for("static", filename="favicon.svg"), code=301)


def refuse_cross_site_writes() -> tuple[Response | str, int] | None:
    """403 for an API write a browser sends from another site's page. Without it a form
    there could cancel a job here (its POST has no body to refuse); the pages' forms carry
    a CSRF token instead."""
    if request.method in ("GET", "HEAD", "OPTIONS") or not wants_json():
        return None
    headers = request.headers
    if cross_site(headers.get("Origin"), headers.get("Sec-Fetch-Site"), request.host):
        return error_response(403, CROSS_SITE_MESSAGE)
    return None


def add_security_headers(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def wants_json() -> bool:
    return request.path.startswith("/api/")


def error_response(status: int, message: str) -> tuple[Response | str, int]:
    if wants_json():
        return jsonify({"ok": False, "error": message}), status
    return render_template("error.html", status=status, message=message, model=model()), status


def handle_http_error(exc: HTTPException) -> Response:
    response = current_app.make_response(http_error_body(exc))
    # Our body replaces werkzeug's, but not its headers: a 405 must say what is Allowed
    # (RFC 9110), in a stable order.
    for name, value in exc.get_headers():
        if name.lower() == "allow":
            value = ", ".join(sorted(value.split(", ")))
        if name.lower() != "content-type":
            response.headers[name] = value
    return response


def http_error_body(exc: HTTPException) -> tuple[Response | str, int]:
    status = exc.code or 500
    if isinstance(exc, CSRFError):
        return error_response(
            400, "The form expired or did not come from this site. Reload the page and retry."
        )
    if status == 413:
        limit_mb = current_app.config["MAX_UPLOAD_BYTES"] / 1_000_000
        article_mb = current_app.config["MAX_ARTICLE_BYTES"] / 1_000_000
        return error_response(
            413,
            f"The request is too large: articles may be up to {article_mb:g} MB and CSV "
            f"uploads up to {limit_mb:g} MB.",
        )
    return error_response(status, exc.description or exc.name)


def handle_unexpected(exc: Exception) -> tuple[Response | str, int]:
    # Log the traceback for the operator; the client only learns that it failed.
    log.exception("unhandled error on %s", request.path)
    return error_response(500, "Internal error: the request could not be scored.")
