"""HTML pages for CSV files: upload one (/batch), which becomes a background job, and watch
the job (/jobs/<id>) until its scored file can be downloaded, or cancel it."""

from __future__ import annotations

import json
from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)

from credibility.errors import InvalidInputError
from credibility.webapp.current import model, store
from credibility.webapp.jobs import queue as jobs
from credibility.webapp.jobs.service import form_columns, submit_job, uploads
from credibility.webapp.jobs.uploads import (
    INPUT,
    OUTPUT,
    SITES,
    SOURCES,
    NoRoom,
    TooLarge,
    header,
)

bp = Blueprint("jobs", __name__)
REFRESH_SECONDS = 2
STATE_WORDS = {
    jobs.QUEUED: "waiting to start",
    jobs.RUNNING: "scoring",
    jobs.DONE: "done",
    jobs.FAILED: "failed",
    jobs.CANCELLED: "cancelled",
    jobs.EXPIRED: "expired, its files deleted",
}
FILES = {"scored.csv": OUTPUT, "sources.csv": SOURCES}
# Sites the job page lists (most pages first); the downloaded table has them all.
PAGE_SITES = 200


def duration(seconds: float) -> str:
    hours = seconds / 3600
    return f"{hours:g} hours" if hours >= 1 else f"{seconds / 60:g} minutes"


def no_room_message() -> str:
    return "The server's space for uploaded files is full: try again later."


@bp.get("/batch")
def batch() -> str:
    return render_template("batch.html", model=model(), form={"text_col": "text"})


@bp.post("/batch")
def batch_score() -> Any:
    form = {
        "text_col": request.form.get("text_col", "").strip() or "text",
        "token": request.form.get("token", ""),
    }
    upload = request.files.get("file")
    name = "upload.csv"
    try:
        if upload is not None and upload.filename:
            limit = current_app.config["MAX_UPLOAD_BYTES"]
            # The form's length is not the file's: the size is checked as it is written.
            form["token"] = uploads().add(upload.stream, limit)
            name = upload.filename
    except NoRoom:
        return page_error(form, no_room_message(), 507)
    except TooLarge:
        abort(413)
    folder = uploads().folder(form["token"]) if form["token"] else None
    if folder is None:
        return page_error(form, "Choose a CSV file to upload.", 400)
    already = jobs.get(store(), form["token"])
    if already is not None:  # the form sent twice: one upload is one job
        return job_response(already)
    columns = header(folder / INPUT)
    try:
        job = submit_job(folder, name, form_columns(columns, form["text_col"]), "the uploaded file")
    except InvalidInputError as exc:  # the upload is deleted: the picker asks for it again
        return page_error(form, str(exc), 400, columns)
    return job_response(job, 202)


def page_error(form: dict[str, str], error: str, status: int, columns: Any = None) -> Any:
    page = render_template("batch.html", model=model(), form=form, error=error, columns=columns)
    return page, status


def job_response(job: dict[str, Any], status: int = 200) -> Any:
    sources, total = None, 0
    folder = uploads().folder(job["id"])
    if job["state"] == jobs.DONE and folder is not None and (folder / SITES).is_file():
        sources = json.loads((folder / SITES).read_text(encoding="utf-8"))["sources"]
        total, sources = len(sources), sources[:PAGE_SITES]
    page = render_template(
        "job.html",
        model=model(),
        job=job,
        active=job["state"] in jobs.ACTIVE,
        state_words=STATE_WORDS,
        refresh=REFRESH_SECONDS,
        keep=duration(current_app.config["UPLOAD_KEEP_SECONDS"]),
        sources=sources,
        total_sources=total,
    )
    location = url_for("jobs.job_page", job_id=job["id"])
    return page, status, {"Location": location, "Content-Location": location}


def found(job_id: str) -> dict[str, Any]:
    job = jobs.get(store(), job_id)
    if job is None:
        abort(404, "No such job: finished jobs are deleted after a week.")
    return job


@bp.get("/jobs/<job_id>")
def job_page(job_id: str) -> Any:
    page, status, _ = job_response(found(job_id))
    return page, status


@bp.post("/jobs/<job_id>/cancel")
def cancel_form(job_id: str) -> Any:
    found(job_id)
    jobs.cancel(store(), job_id)
    return redirect(url_for("jobs.job_page", job_id=job_id), code=303)


@bp.get("/jobs/<job_id>/<name>")
def job_file(job_id: str, name: str) -> Any:
    job = found(job_id)
    folder = uploads().folder(job_id)
    path = None if folder is None or name not in FILES else folder / FILES[name]
    if job["state"] != jobs.DONE or path is None or not path.is_file():
        abort(404, f"No such file: the job is {STATE_WORDS[job['state']]}.")
    return send_file(path, mimetype="text/csv", as_attachment=True, download_name=name)
