"""Background batch jobs in the shared database: created by an upload, claimed and run by
one serving process (runner.py), watched by the job page and the API.

A job's life: queued -> running -> done | failed | cancelled, then expired once its files
are deleted. A running job's runner beats every few seconds; a job whose heartbeat stopped
(its process was killed) is claimed again and continues from its saved output, as the
command line's --resume does. Claims are one conditional UPDATE each, so two runners never
hold the same job, and no more than the configured number run at once.
"""

from __future__ import annotations

import json
import os
import socket
import time
from typing import Any

from sqlalchemy import Column, Float, Integer, String, Table, Text, and_, func, or_, select, update

from credibility.webapp.policy import ID
from credibility.webapp.store import Store, metadata

QUEUED, RUNNING, DONE, FAILED, CANCELLED, EXPIRED = (
    "queued",
    "running",
    "done",
    "failed",
    "cancelled",
    "expired",
)
ACTIVE = (QUEUED, RUNNING)
FINISHED = (DONE, FAILED, CANCELLED, EXPIRED)

jobs = Table(
    "jobs",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("created", Float, nullable=False),
    Column("state", String(16), nullable=False, index=True),
    Column("settings", Text, nullable=False),  # JSON: file name, columns, model
    Column("input_bytes", Integer, nullable=False),
    Column("rows_total", Integer, nullable=False),
    Column("rows_done", Integer, nullable=False),
    Column("errors", Integer, nullable=False),
    Column("unsupported", Integer, nullable=False),
    Column("rate", Float, nullable=False),  # rows per second of the current run
    Column("worker", String(200)),  # host:pid of the runner holding it
    Column("heartbeat", Float),
    Column("started", Float),
    Column("finished", Float),
    Column("attempts", Integer, nullable=False),  # runs begun; more than 1 after a restart
    Column("message", Text, nullable=False),  # why it failed, or what it is waiting for
)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def as_dict(row: Any) -> dict[str, Any]:
    job = dict(row._mapping)
    job["settings"] = json.loads(job["settings"])
    return job


def create(
    store: Store, job_id: str, settings: dict[str, Any], rows: int, input_bytes: int
) -> dict[str, Any]:
    values = {
        "id": job_id,
        "created": time.time(),
        "state": QUEUED,
        "settings": json.dumps(settings),
        "input_bytes": input_bytes,
        "rows_total": rows,
        "rows_done": 0,
        "errors": 0,
        "unsupported": 0,
        "rate": 0.0,
        "attempts": 0,
        "message": "",
    }
    with store.engine.begin() as conn:
        conn.execute(jobs.insert().values(values))
    return get(store, job_id) or values


def get(store: Store, job_id: str) -> dict[str, Any] | None:
    if not ID.fullmatch(job_id):
        return None
    with store.engine.connect() as conn:
        row = conn.execute(select(jobs).where(jobs.c.id == job_id)).first()
    return None if row is None else as_dict(row)


def claimable(stale_before: float) -> Any:
    """Queued, or running with a heartbeat older than ``stale_before`` (its runner died)."""
    abandoned = and_(jobs.c.state == RUNNING, jobs.c.heartbeat < stale_before)
    return or_(jobs.c.state == QUEUED, abandoned)


def claim(store: Store, worker: str, limit: int, stale_seconds: float) -> dict[str, Any] | None:
    """Take the oldest claimable job for ``worker`` if fewer than ``limit`` run; or None."""
    now = time.time()
    stale_before = now - stale_seconds
    alive = and_(jobs.c.state == RUNNING, jobs.c.heartbeat >= stale_before)
    with store.engine.begin() as conn:
        if conn.dialect.name == "postgresql":  # the count and the claim as one step
            conn.exec_driver_sql("SELECT pg_advisory_xact_lock(20261128)")
        candidate = conn.execute(
            select(jobs.c.id).where(claimable(stale_before)).order_by(jobs.c.created).limit(1)
        ).scalar()
        if candidate is None:
            return None
        running = select(func.count()).select_from(jobs).where(alive).scalar_subquery()
        taken = conn.execute(
            update(jobs)
            .where(jobs.c.id == candidate, claimable(stale_before), running < limit)
            .values(
                state=RUNNING,
                worker=worker,
                heartbeat=now,
                started=func.coalesce(jobs.c.started, now),
                attempts=jobs.c.attempts + 1,
                message="",
            )
        ).rowcount
    return get(store, candidate) if taken else None


def beat(store: Store, job_id: str, worker: str, counts: dict[str, Any] | None = None) -> str:
    """Record that ``worker`` still runs the job (and its counts); the job's state now, or
    "lost" when another runner holds it."""
    values: dict[str, Any] = {"heartbeat": time.time(), **(counts or {})}
    with store.engine.begin() as conn:
        conn.execute(
            update(jobs)
            .where(jobs.c.id == job_id, jobs.c.worker == worker, jobs.c.state == RUNNING)
            .values(values)
        )
        row = conn.execute(select(jobs.c.state, jobs.c.worker).where(jobs.c.id == job_id)).first()
    if row is None:
        return EXPIRED
    return row.state if row.worker == worker else "lost"


def finish(store: Store, job_id: str, worker: str, state: str, **values: Any) -> bool:
    """End the job ``worker`` runs; False when it was cancelled or taken meanwhile."""
    with store.engine.begin() as conn:
        return bool(
            conn.execute(
                update(jobs)
                .where(jobs.c.id == job_id, jobs.c.worker == worker, jobs.c.state == RUNNING)
                .values(state=state, finished=time.time(), **values)
            ).rowcount
        )


def cancel(store: Store, job_id: str) -> dict[str, Any] | None:
    """Cancel a queued or running job (its runner stops at its next heartbeat); the job."""
    with store.engine.begin() as conn:
        conn.execute(
            update(jobs)
            .where(jobs.c.id == job_id, jobs.c.state.in_(ACTIVE))
            .values(state=CANCELLED, finished=time.time(), message="cancelled")
        )
    return get(store, job_id)


def requeue_dead(store: Store, host: str, alive: Any = None) -> int:
    """Requeue this host's running jobs whose process is gone (a server killed and started
    again continues them at once, not after the heartbeat goes stale); the number."""
    alive = alive or pid_alive
    with store.engine.connect() as conn:
        held = conn.execute(
            select(jobs.c.id, jobs.c.worker).where(
                jobs.c.state == RUNNING, jobs.c.worker.like(f"{host}:%")
            )
        ).all()
    dead = [row.id for row in held if not alive(int(row.worker.rsplit(":", 1)[1]))]
    if dead:
        with store.engine.begin() as conn:
            conn.execute(
                update(jobs)
                .where(jobs.c.id.in_(dead), jobs.c.state == RUNNING)
                .values(state=QUEUED, worker=None, message="continuing after a restart")
            )
    return len(dead)


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # somebody else's process
        return True
    return True


def finished_before(store: Store, cutoff: float) -> list[str]:
    """Jobs that ended before ``cutoff`` and still have files."""
    with store.engine.connect() as conn:
        found = conn.execute(
            select(jobs.c.id).where(
                jobs.c.state.in_((DONE, FAILED, CANCELLED)), jobs.c.finished < cutoff
            )
        )
        return [row.id for row in found]


def states(store: Store, job_ids: list[str]) -> dict[str, str]:
    with store.engine.connect() as conn:
        found = conn.execute(select(jobs.c.id, jobs.c.state).where(jobs.c.id.in_(job_ids)))
        return {row.id: row.state for row in found}


def expire(store: Store, job_ids: list[str]) -> None:
    """Mark jobs whose files were deleted; their rows go with the results' retention."""
    if job_ids:
        with store.engine.begin() as conn:
            conn.execute(update(jobs).where(jobs.c.id.in_(job_ids)).values(state=EXPIRED))


def purge(store: Store, cutoff: float) -> int:
    """Delete expired jobs created before ``cutoff``; the number deleted."""
    with store.engine.begin() as conn:
        stale = jobs.delete().where(jobs.c.state == EXPIRED, jobs.c.created < cutoff)
        return conn.execute(stale).rowcount
