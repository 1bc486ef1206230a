"""The web app's shared state in a database, so every worker and every host sees the same.

SQLAlchemy Core over SQLite by default (a file in the state folder, WAL mode so readers do
not wait for the writer) or PostgreSQL when ``CREDIBILITY_DATABASE_URL`` names one (several
hosts behind a load balancer). The tables and their versions are in schema.py; a Store
migrates the database forward when it opens it.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, delete, event, exists, func, insert, select, update
from sqlalchemy.exc import IntegrityError, OperationalError

from credibility.webapp.schema import (
    LATEST,
    MIGRATIONS,
    VERSION_KEY,
    StoreError,
    create_v1,
    meta,
    metadata,
    migrate,
    results,
    reviews,
    set_meta,
    version,
)

__all__ = [  # the schema's names too: the web's modules and the tests find them here
    "LATEST",
    "MIGRATIONS",
    "VERSION_KEY",
    "Store",
    "StoreError",
    "connect",
    "create_v1",
    "database_url",
    "meta",
    "metadata",
    "migrate",
    "results",
    "reviews",
    "set_meta",
    "storable",
    "version",
]

DATABASE_FILE = "credibility.sqlite3"
DATABASE_ENV = "CREDIBILITY_DATABASE_URL"
# What a text column cannot hold: PostgreSQL refuses NUL, and a lone surrogate (JSON allows
# "\ud800") is no UTF-8 at all. Stored as U+FFFD; the Score JSON escapes them itself.
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
SECRET_KEY = "secret_key"


def database_url(state: Path, url: str | None = None) -> str:
    """The database given, else $CREDIBILITY_DATABASE_URL, else SQLite in ``state``."""
    return url or os.environ.get(DATABASE_ENV) or f"sqlite:///{state / DATABASE_FILE}"


def connect(url: str) -> Engine:
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True)
    engine = create_engine(url, connect_args={"timeout": 30})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi: Any, record: Any) -> None:  # every new SQLite connection
        cursor = dbapi.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    return engine


def storable(text: str | None) -> str | None:
    """``text`` as any database can keep it (see UNSTORABLE)."""
    return None if text is None else UNSTORABLE.sub("\ufffd", text)


class Store:
    """Results by key and the app's secret key, in one database shared by all workers.

    Results are kept ``keep_seconds`` and within ``budget_bytes`` (None: no budget): each
    result stored counts the UTF-8 bytes of its texts (the Score JSON, the article, title,
    url, model), and past the budget the oldest unreviewed results go first. Reviewed
    results are never evicted (their reviews are training data) but count against the
    budget; the result just stored always stays, so the total passes the budget by one
    result at most. The database file is larger than the count (indexes, free pages), and
    SQLite does not shrink: it reuses the pages freed.
    """

    PURGE_EVERY = 200  # results stored between purges of expired ones
    EVICT_PAGE = 500  # results looked at (and deleted) per statement when over the budget

    def __init__(self, url: str, keep_seconds: float, budget_bytes: int | None = None) -> None:
        self.url = url
        self.keep_seconds = keep_seconds
        self.budget_bytes = budget_bytes
        self.stored = 0
        self.engine = connect(url)
        try:
            migrate(self.engine)
        except OperationalError as exc:
            self.engine.dispose()
            raise StoreError(f"cannot open the database: {exc.orig}") from None
        except BaseException:
            self.engine.dispose()
            raise
        self.purge()

    def close(self) -> None:
        self.engine.dispose()

    def secret_key(self) -> bytes:
        """The key that signs forms: made once, then the same for every worker and restart."""
        try:
            with self.engine.begin() as conn:
                conn.execute(insert(meta).values(key=SECRET_KEY, value=secrets.token_hex(32)))
        except IntegrityError:
            pass  # made already, by this or another worker
        with self.engine.connect() as conn:
            found = conn.execute(select(meta.c.value).where(meta.c.key == SECRET_KEY)).scalar()
        return bytes.fromhex(str(found))

    def put(
        self, key: str, score: dict[str, Any], digest: str | None = None, **inputs: str | None
    ) -> str:
        """Store a Score by key, with what was scored (article, kind, title, url) and the
        digest that finds the same article again; then keep within the budget."""
        row: dict[str, Any] = {"created": time.time(), "model": score["model"]}
        row |= {"score": json.dumps(score), "digest": digest}
        row |= {name: storable(value) for name, value in inputs.items()}
        texts = (row["score"], row["model"], *(row.get(n) for n in ("article", "title", "url")))
        row["size"] = sum(len(text.encode("utf-8")) for text in texts if text)
        with self.engine.begin() as conn:
            if conn.execute(update(results).where(results.c.id == key).values(row)).rowcount == 0:
                try:
                    with conn.begin_nested():
                        conn.execute(insert(results).values(id=key, **row))
                except IntegrityError:  # the same key stored by another worker just now
                    pass
        self.stored += 1
        if self.stored % self.PURGE_EVERY == 0:
            self.purge()
        self.evict(keep=key)
        return key

    def get(self, key: str) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            found = conn.execute(select(results.c.score).where(results.c.id == key)).scalar()
        return None if found is None else json.loads(found)

    def scored(self, key: str) -> dict[str, Any] | None:
        """A result with what was scored: its Score (``score``), ``article``, ``kind``,
        ``title`` and ``url`` (None for results stored before version 2)."""
        columns = (results.c.score, results.c.article, results.c.kind, results.c.title)
        with self.engine.connect() as conn:
            found = conn.execute(select(*columns, results.c.url).where(results.c.id == key)).first()
        if found is None:
            return None
        return dict(found._mapping) | {"score": json.loads(found.score)}

    def used(self) -> int:
        """Bytes the stored results count against the budget."""
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.coalesce(func.sum(results.c.size), 0))).scalar())

    def evict(self, keep: str | None = None) -> int:
        """Delete the oldest unreviewed results (never ``keep``) until the rest fit the
        budget; the number deleted."""
        if self.budget_bytes is None:
            return 0
        reviewed = exists().where(reviews.c.result_id == results.c.id)
        oldest = (
            select(results.c.id, results.c.size)
            .where(~reviewed, results.c.id != (keep or ""))
            .order_by(results.c.created, results.c.id)
            .limit(self.EVICT_PAGE)
        )
        deleted = 0
        excess = self.used() - self.budget_bytes
        while excess > 0:
            try:
                with self.engine.begin() as conn:
                    doomed = []
                    for found in conn.execute(oldest).all():
                        if excess <= 0:
                            break
                        doomed.append(found.id)
                        excess -= found.size
                    if not doomed:
                        break  # only reviewed results (and ``keep``) are left
                    # Reviewed meanwhile by another worker: kept (its review is data).
                    gone = delete(results).where(results.c.id.in_(doomed), ~reviewed)
                    deleted += conn.execute(gone).rowcount
            except IntegrityError:  # a review arrived between the two statements: next time
                break
        return deleted

    def purge(self) -> int:
        """Delete results older than the retention time, except reviewed ones (their reviews
        are training data); the number deleted."""
        cutoff = time.time() - self.keep_seconds
        reviewed = exists().where(reviews.c.result_id == results.c.id)
        with self.engine.begin() as conn:
            stale = delete(results).where(results.c.created < cutoff, ~reviewed)
            return conn.execute(stale).rowcount
