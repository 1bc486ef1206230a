"""Running background jobs: one runner thread in each serving process claims jobs from the
shared database and runs each through the batch path, with --resume, so a job whose server
was killed continues from its last saved chunk and ends byte-identical to an uninterrupted
run. The runner also does the housekeeping: files past their retention, dead runners' jobs.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import threading
import time
from pathlib import Path
from typing import Any

from flask import Flask

from credibility.batch.errors import ResumeMismatch, Stopped
from credibility.batch.progress import Progress, Status
from credibility.errors import CredibilityError
from credibility.webapp.jobs import queue as jobs
from credibility.webapp.jobs.service import job_options, web_message
from credibility.webapp.jobs.uploads import INPUT, OUTPUT, SITES, SOURCES, Uploads

log = logging.getLogger(__name__)
POLL_SECONDS = 1.0  # how soon an idle runner sees a new job
HEARTBEAT_SECONDS = 2.0  # how often a running job's counts are stored and a cancel is seen
HOUSEKEEPING_SECONDS = 60.0


class JobProgress(Progress):
    """A job's progress: its counts go to the database with every heartbeat, and a job
    cancelled (or taken over) stops after its next chunk, or before its first."""

    def __init__(self, app: Flask, job_id: str, worker: str) -> None:
        self.store = app.extensions["credibility_store"]
        self.job_id, self.worker = job_id, worker
        self.counts: dict[str, Any] = {}
        self.state = jobs.RUNNING

    def start(self, status: Status, replaced: str | None = None) -> None:
        if replaced:
            log.info("job %s: starting again over %s", self.job_id, replaced)
        self.beat()  # cancelled between its claim and now: stop before the first chunk

    def advance(self, status: Status) -> None:
        self.counts = {
            "rows_done": status.rows,
            "errors": status.errors,
            "unsupported": status.unsupported,
            "rate": status.rate,
        }

    def stop(self) -> str | None:
        return None if self.state == jobs.RUNNING else self.state

    def beat(self) -> None:
        self.state = jobs.beat(self.store, self.job_id, self.worker, self.counts)


def beating(progress: JobProgress, stop: threading.Event) -> None:
    while not stop.wait(HEARTBEAT_SECONDS):
        with contextlib.suppress(Exception):  # a database hiccup: the next beat retries
            progress.beat()


def execute(app: Flask, job: dict[str, Any], worker: str) -> str:
    """Run a claimed job to its end; the state it ended in."""
    from credibility.batch.run import run

    store = app.extensions["credibility_store"]
    uploads: Uploads = app.extensions["credibility_uploads"]
    folder = uploads.folder(job["id"])
    if folder is None:
        jobs.finish(store, job["id"], worker, jobs.FAILED, message="its upload was deleted")
        return jobs.FAILED
    progress = JobProgress(app, job["id"], worker)
    stop = threading.Event()
    threading.Thread(target=beating, args=(progress, stop), daemon=True).start()
    try:
        with app.app_context():
            try:
                summary = run(job_options(folder, job["settings"], resume=True), progress, True)
            except ResumeMismatch:  # saved by another model (an upgrade): start it again
                summary = run(job_options(folder, job["settings"]), progress, True)
    except Stopped as exc:
        if exc.reason == jobs.CANCELLED:
            remove_partial(folder)
        return exc.reason
    except CredibilityError as exc:
        remove_partial(folder)
        message = web_message(exc, folder / INPUT, "the uploaded file")
        jobs.finish(store, job["id"], worker, jobs.FAILED, message=message)
        return jobs.FAILED
    except Exception:
        log.exception("job %s failed", job["id"])
        remove_partial(folder)
        jobs.finish(store, job["id"], worker, jobs.FAILED, message="internal error")
        return jobs.FAILED
    finally:
        stop.set()
    if summary.sites is not None:  # before the job is done: its API serves them from then
        write_sites(folder, summary.sites)
    counts = {
        "rows_done": summary.rows,
        "rows_total": summary.rows,
        "errors": summary.errors,
        "unsupported": summary.unsupported,
        "rate": (summary.rows - summary.resumed) / max(summary.seconds, 1e-9),
    }
    if jobs.finish(store, job["id"], worker, jobs.DONE, **counts):
        return jobs.DONE
    ended = jobs.get(store, job["id"])  # cancelled (or taken) while its last chunk ran
    state = ended["state"] if ended else jobs.EXPIRED
    if state == jobs.CANCELLED:
        remove_partial(folder, everything=True)
    return state


def write_sites(folder: Path, sites: list[dict[str, Any]]) -> None:
    """The site verdicts as the body GET /api/jobs/<id>/sources sends, written whole by a
    rename: a reader never sees half of them."""
    temp = folder / (SITES + ".partial")
    temp.write_text(json.dumps({"sources": sites}, ensure_ascii=False), encoding="utf-8")
    os.replace(temp, folder / SITES)


def remove_partial(folder: Path, everything: bool = False) -> None:
    """Delete a stopped run's partial output (and with ``everything``, its finished files)."""
    names = [OUTPUT + ".partial", OUTPUT + ".partial.json", OUTPUT + ".partial.sites"]
    for name in [*names, OUTPUT, SOURCES, SITES] if everything else names:
        (folder / name).unlink(missing_ok=True)


def housekeep(app: Flask) -> None:
    """Delete files past their retention and requeue this host's jobs whose process died."""
    store = app.extensions["credibility_store"]
    uploads: Uploads = app.extensions["credibility_uploads"]
    keep = app.config["UPLOAD_KEEP_SECONDS"]
    ended = jobs.finished_before(store, time.time() - keep)
    # An upload that never became a job goes by its folder's age; a job's files never do.
    stale = uploads.stale()
    known = jobs.states(store, stale)
    for token in [*ended, *(t for t in stale if t not in known)]:
        uploads.remove(token)
    jobs.expire(store, ended)
    jobs.purge(store, time.time() - app.config["RESULT_KEEP_SECONDS"])
    jobs.requeue_dead(store, jobs.worker_name().rsplit(":", 1)[0])


def run_pending(app: Flask, worker: str | None = None) -> list[str]:
    """Run claimable jobs in this thread until none is left; the states they ended in."""
    worker = worker or jobs.worker_name()
    ended = []
    while job := claim(app, worker):
        ended.append(execute(app, job, worker))
    return ended


def claim(app: Flask, worker: str) -> dict[str, Any] | None:
    config = app.config
    return jobs.claim(
        app.extensions["credibility_store"],
        worker,
        config["MAX_RUNNING_JOBS"],
        config["JOB_STALE_SECONDS"],
    )


class Runner:
    """The runner thread of one serving process (started after gunicorn forks it)."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.stopping = threading.Event()
        self.thread: threading.Thread | None = None

    def start(self) -> None:
        self.thread = threading.Thread(target=self.loop, name="credibility-jobs", daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.stopping.set()

    def loop(self) -> None:
        worker = jobs.worker_name()
        next_housekeeping = 0.0
        while not self.stopping.is_set():
            busy = False
            try:
                if time.monotonic() >= next_housekeeping:
                    housekeep(self.app)
                    next_housekeeping = time.monotonic() + HOUSEKEEPING_SECONDS
                job = claim(self.app, worker)
                if job is not None:
                    execute(self.app, job, worker)
                    busy = True
            except Exception:  # the database away for a moment: try again after a pause
                log.exception("the job runner failed; retrying")
            if not busy:
                self.stopping.wait(POLL_SECONDS)
