"""The jobs API: POST /api/jobs queues a CSV body and answers 202 at once; GET
/api/jobs/<id> follows it; /output gives its scored CSV and /sources its site verdicts (JSON)
when done; /cancel stops it.
POST /api/batch scores a small CSV body while the client waits."""

from __future__ import annotations

import codecs
import tempfile
from pathlib import Path
from typing import IO, Any

from flask import Blueprint, Response, abort, current_app, jsonify, request, send_file, url_for

from credibility.errors import InvalidInputError
from credibility.parsing.entry import is_blank
from credibility.webapp.api import fail
from credibility.webapp.current import store
from credibility.webapp.jobs import queue as jobs
from credibility.webapp.jobs.doc import JOB
from credibility.webapp.jobs.service import score_csv_file, submit_job, uploads
from credibility.webapp.jobs.uploads import INPUT, OUTPUT, SITES, NoRoom, TooLarge
from credibility.webapp.policy import COLUMN_PARTS, FORM_TYPES, MAX_COLUMN_CHARS, too_long

MULTIPART = "multipart/form-data"
bp = Blueprint("jobs_api", __name__, url_prefix="/api")
# The job's own fields, as the Job schema lists them; "file" and "links" are made here.
PUBLIC = tuple(n for n in JOB["required"] if n not in ("file", "links"))


def public(job: dict[str, Any]) -> dict[str, Any]:
    """A job as the API shows it, with the addresses to follow."""
    shown = {name: job[name] for name in PUBLIC}
    shown["rate"] = round(float(shown["rate"]), 1)
    shown["file"] = job["settings"]["name"]
    links = {
        "self": url_for("jobs_api.get_job", job_id=job["id"]),
        "page": url_for("jobs.job_page", job_id=job["id"]),
    }
    if job["state"] in jobs.ACTIVE:
        links["cancel"] = url_for("jobs_api.cancel_job", job_id=job["id"])
    if job["state"] == jobs.DONE:
        links["output"] = url_for("jobs_api.job_output", job_id=job["id"])
        if job["settings"]["by_source"]:
            links["sources"] = url_for("jobs_api.job_sources", job_id=job["id"])
    shown["links"] = links
    return shown


@bp.post("/jobs")
def create_job():  # type: ignore[no-untyped-def]
    if request.mimetype == MULTIPART:
        return create_job_from_upload()
    names, failed = csv_request()
    if failed:
        return failed
    return queue_upload(request.stream, request.content_length, names, "request body", "CSV body")


def create_job_from_upload():  # type: ignore[no-untyped-def]
    """The file as `curl -F file=@articles.csv` sends it: the multipart field ``file``.

    A form on another site can send multipart too: a browser that names that site in Origin
    or Sec-Fetch-Site is refused before this runs (refuse_cross_site_writes). A browser from
    before both headers (Firefox before 70) could still queue a job from another site's
    form; it learns nothing of it, and the job counts against the same row and disk limits.
    """
    names, failed = column_names()
    if failed:
        return failed
    upload = request.files.get("file")
    if upload is None:
        return fail(400, 'send the CSV file as the multipart field "file": -F file=@articles.csv')
    # No length: the request's counts the multipart framing too; the file's size is checked
    # as it is written.
    return queue_upload(upload.stream, None, names, upload.filename or "upload.csv", "CSV file")


def queue_upload(
    stream: IO[bytes], length: int | None, names: dict[str, str | None], name: str, what: str
) -> tuple[Response, int]:
    """Keep the upload and queue its job: 202 with the job, or the refusal (``what`` names
    the upload in it: the CSV body or the CSV file)."""
    limit = current_app.config["MAX_UPLOAD_BYTES"]
    try:
        token = uploads().add(stream, limit, length)
    except NoRoom:
        return fail(507, "the server's space for uploaded files is full: try again later")
    except TooLarge:
        abort(413)
    folder = uploads().folder(token)
    assert folder is not None
    if blank_file(folder / INPUT):
        uploads().remove(token)
        return fail(400, f"the {what} is empty: send a header line and rows")
    try:
        job = submit_job(folder, name, names, f"the {what}")
    except InvalidInputError as exc:  # the upload is deleted already
        return fail(422, str(exc))
    response = jsonify(public(job))
    response.headers["Location"] = url_for("jobs_api.get_job", job_id=job["id"])
    return response, 202


def csv_request() -> tuple[dict[str, str | None], tuple[Response, int] | None]:
    """A CSV body's *_col query parameters, or the error response to give instead (a wrong
    content type, a column name over its limit)."""
    if request.mimetype != "text/csv":
        return {}, fail(415, "send the CSV as the body with Content-Type: text/csv")
    return column_names()


def column_names() -> tuple[dict[str, str | None], tuple[Response, int] | None]:
    """The *_col query parameters, or the error response to give instead (a column name
    over its limit)."""
    names: dict[str, str | None] = {}
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


def found(job_id: str) -> dict[str, Any] | None:
    return jobs.get(store(), job_id)


def missing() -> tuple[Response, int]:
    return fail(404, "no such job (never created here, or deleted a week after it ended)")


@bp.get("/jobs/<job_id>")
def get_job(job_id: str):  # type: ignore[no-untyped-def]
    job = found(job_id)
    return missing() if job is None else jsonify(public(job))


@bp.post("/jobs/<job_id>/cancel")
def cancel_job(job_id: str):  # type: ignore[no-untyped-def]
    if request.mimetype in FORM_TYPES:  # a browser old enough to send no Origin still sends one
        return fail(415, "send the cancel with no body: a form's content type is refused")
    job = found(job_id)
    if job is None:
        return missing()
    if job["state"] not in jobs.ACTIVE:
        return fail(409, f"the job has already ended: {job['state']}")
    return jsonify(public(jobs.cancel(store(), job_id) or job))


def done_file(job_id: str, name: str) -> tuple[Path | None, tuple[Response, int] | None]:
    """A done job's file, or the error response to give instead."""
    job = found(job_id)
    if job is None:
        return None, missing()
    folder = uploads().folder(job_id)
    if job["state"] != jobs.DONE or folder is None or not (folder / name).is_file():
        return None, fail(409, f"the job has no such file: it is {job['state']}")
    return folder / name, None


@bp.get("/jobs/<job_id>/output")
def job_output(job_id: str):  # type: ignore[no-untyped-def]
    path, failed = done_file(job_id, OUTPUT)
    if path is None:
        return failed
    return send_file(path, mimetype="text/csv", as_attachment=True, download_name="scored.csv")


@bp.get("/jobs/<job_id>/sources")
def job_sources(job_id: str):  # type: ignore[no-untyped-def]
    """The job's site verdicts, as the batch's --by-source summary holds them."""
    path, failed = done_file(job_id, SITES)
    if path is None:
        return failed
    # Written as this body by the job's runner: sent as it is, however many sites it holds.
    return send_file(path, mimetype="application/json", conditional=False)


def blank_file(path: Path) -> bool:
    """Whether the file holds only whitespace (is_blank), read a piece at a time up to the
    first character that is not: a file is as blank for the server as for the document."""
    decoder = codecs.getincrementaldecoder("utf-8")("replace")
    with path.open("rb") as handle:
        while piece := handle.read(1 << 16):
            if not is_blank(decoder.decode(piece)):
                return False
    return is_blank(decoder.decode(b"", final=True))
