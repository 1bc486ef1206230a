"""What the jobs' pages and API share: checking an upload and queueing its job, the batch run
of a job, a CSV scored while the client waits, and the batch engine's errors in the web's words."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flask import current_app

from credibility.batch.errors import ENCODING, RESUME, BatchError, BatchTimeLimit
from credibility.batch.read import FIELD_LIMIT
from credibility.errors import CredibilityError, InvalidInputError, TimeLimitError
from credibility.webapp.current import store
from credibility.webapp.jobs.uploads import INPUT, OUTPUT, SOURCES, Uploads

if TYPE_CHECKING:
    from credibility.batch import BatchOptions, BatchSummary

# What the web tells of bytes that are not UTF-8: in refusals and in the rows of the files it
# scores (the batch writes it there, BatchOptions.encoding_advice).
ENCODING_ADVICE = "convert it to UTF-8"
# How the web words the batch engine's remedies: a job resumes by itself, so the command
# line's --resume is never offered.
WEB_FIXES = {ENCODING: ENCODING_ADVICE, RESUME: None}


def uploads() -> Uploads:
    return current_app.extensions["credibility_uploads"]


def job_options(folder: Path, settings: dict[str, Any], resume: bool = False) -> BatchOptions:
    """The batch run of an uploaded file in ``folder``, with the app's model and engine: the
    same options at every attempt, so a job's --resume continues its own output."""
    from credibility.batch import BatchOptions

    config = current_app.config
    scheduler = config["JOB_SCHEDULER"]
    return BatchOptions(
        (str(folder / INPUT),),
        str(folder / OUTPUT),
        model=config["MODEL"],
        by_source=str(folder / SOURCES) if settings.get("by_source") else None,
        resume=resume,
        engine="dask" if scheduler else "local",
        scheduler=scheduler,
        encoding_advice=ENCODING_ADVICE,
        **settings["columns"],
    )


def form_columns(columns: list[str], text_col: str) -> dict[str, str | None]:
    """The /batch page's columns: the text column chosen, the others by their usual names."""
    present = set(columns)
    return {
        "text_col": text_col,
        "html_col": "html" if "html" in present and text_col != "html" else None,
        "title_col": "title" if "title" in present else None,
        "url_col": "url" if "url" in present else None,
        "source_col": "source" if "source" in present else None,
    }


def submit_job(
    folder: Path, name: str, columns: dict[str, str | None], shown_as: str
) -> dict[str, Any]:
    """Check an upload as the batch path would (header, columns, rows) and queue its job.
    A refused upload is deleted at once, from the page as from the API: kept until its
    expiry, refused files spent the disk budget the next uploads needed. The
    InvalidInputError speaks of ``shown_as`` and the web's field names."""
    try:
        return queue(folder, name, columns, shown_as)
    except BaseException:
        uploads().remove(folder.name)
        raise


def queue(folder: Path, name: str, columns: dict[str, str | None], shown_as: str) -> dict[str, Any]:
    from credibility.batch.run import prepare
    from credibility.webapp.jobs import queue as jobs

    settings: dict[str, Any] = {"name": name, "columns": columns, "by_source": False}
    source = folder / INPUT
    try:
        plan = prepare(job_options(folder, settings)).plan
    except BatchError as exc:
        raise InvalidInputError(web_message(exc, source, shown_as)) from None
    rows, limit = count_rows(source), current_app.config["MAX_JOB_ROWS"]
    if rows > limit:
        raise InvalidInputError(
            f"{shown_as} has {rows:,} rows; a job scores at most {limit:,}: split the file"
        )
    settings["by_source"] = plan.source is not None or plan.url is not None
    return jobs.create(store(), folder.name, settings, rows, source.stat().st_size)


def count_rows(path: Path) -> int:
    """Records under the header, as the batch path reads them: quoted newlines inside a
    field do not count, and neither do blank lines (the batch skips them; counted, a
    million of them in a 1 MB file passed for a million rows)."""
    csv.field_size_limit(FIELD_LIMIT)
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
        try:
            return max(0, sum(1 for fields in csv.reader(handle) if fields) - 1)
        except csv.Error:  # the batch path reports a malformed file in its own words
            return 0


def score_csv_file(source: Path, target: Path, shown_as: str, **options: Any) -> BatchSummary:
    """The batch path in this thread with the app's model, within the synchronous row and
    time limits. Its InvalidInputError speaks of ``shown_as`` and the web's field names,
    never of server paths or command-line options."""
    from credibility.batch import BatchOptions
    from credibility.batch.run import run

    config = current_app.config
    limit = config["MAX_SYNC_ROWS"]
    rows = count_rows(source)
    if rows > limit:
        raise InvalidInputError(
            f"{shown_as} has {rows:,} rows; the web scores at most {limit:,} at once: send "
            "it as a job (POST /api/jobs), or split the file"
        )
    # Small chunks: the time limit is looked at between chunks.
    settings = BatchOptions(
        (str(source),),
        str(target),
        model=config["MODEL"],
        chunksize=16,
        encoding_advice=ENCODING_ADVICE,
        **options,
    )
    try:
        return run(settings, keep=False, deadline=config["MAX_SYNC_SECONDS"])
    except BatchTimeLimit as exc:
        raise TimeLimitError(
            f"scoring took longer than {exc.seconds:g} s; send the file as a job "
            "(POST /api/jobs) and fetch the result when it is done"
        ) from None
    except BatchError as exc:
        kind = InvalidInputError if isinstance(exc, InvalidInputError) else CredibilityError
        raise kind(web_message(exc, source, shown_as)) from None


def web_message(exc: CredibilityError, source: Path, shown_as: str) -> str:
    """A batch error in the web's words: the upload as ``shown_as``, any other file as the
    output (never a server path), the web's field names and remedies."""
    if not isinstance(exc, BatchError):
        return str(exc)
    return exc.words(str, WEB_FIXES, lambda p: shown_as if Path(p) == source else "the output")
