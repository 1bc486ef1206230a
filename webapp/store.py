"""The web app's shared state in a database, so every worker and every host sees the same.

SQLAlchemy Core over SQLite by default (a file in the state folder, WAL mode so readers do
not wait for the writer) or PostgreSQL when ``CREDIBILITY_DATABASE_URL`` names one (several
hosts behind a load balancer). The schema is versioned: ``MIGRATIONS`` are applied forward,
in order, once, whichever worker starts first; a database newer than this code is refused.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Column,
    Connection,
    Engine,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    delete,
    event,
    exists,
    insert,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError, OperationalError

from credibility.errors import CredibilityError

DATABASE_FILE = "credibility.sqlite3"
DATABASE_ENV = "CREDIBILITY_DATABASE_URL"
# What a text column cannot hold: PostgreSQL refuses NUL, and a lone surrogate (JSON allows
# "\ud800") is no UTF-8 at all. Stored as U+FFFD; the Score JSON escapes them itself.
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
SECRET_KEY = "secret_key"
VERSION_KEY = "schema_version"

metadata = MetaData()
meta = Table(
    "meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)
results = Table(
    "results",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("created", Float, nullable=False, index=True),
    Column("model", String(200), nullable=False),
    Column("score", Text, nullable=False),  # the Score JSON, as /api/score returns it
    # Since version 2: what was scored, so a reviewed result can become a training row.
    Column("article", Text),
    Column("kind", String(8)),
    Column("title", Text),
    Column("url", Text),
)
reviews = Table(
    "reviews",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("result_id", String(32), ForeignKey("results.id"), nullable=False, index=True),
    Column("created", Float, nullable=False),
    Column("verdict", String(16), nullable=False),  # credible | not_credible
    Column("note", Text, nullable=False),
    Column("model", String(200), nullable=False),  # the model whose verdict was reviewed
)


class StoreError(CredibilityError):
    """The database cannot be used: unreachable, or newer than this program."""


def create_v1(conn: Connection) -> None:
    conn.exec_driver_sql("CREATE TABLE meta (key VARCHAR(64) PRIMARY KEY, value TEXT NOT NULL)")
    conn.exec_driver_sql(
        "CREATE TABLE results (id VARCHAR(32) PRIMARY KEY, created FLOAT NOT NULL, "
        "model VARCHAR(200) NOT NULL, score TEXT NOT NULL)"
    )
    conn.exec_driver_sql("CREATE INDEX ix_results_created ON results (created)")


def add_reviews_v2(conn: Connection) -> None:
    for name, kind in (("article", "TEXT"), ("kind", "VARCHAR(8)"), ("title", "TEXT")):
        conn.exec_driver_sql(f"ALTER TABLE results ADD COLUMN {name} {kind}")
    conn.exec_driver_sql("ALTER TABLE results ADD COLUMN url TEXT")
    reviews.create(conn)


def add_jobs_v3(conn: Connection) -> None:
    conn.exec_driver_sql(
        "CREATE TABLE jobs (id VARCHAR(32) PRIMARY KEY, created FLOAT NOT NULL, "
        "state VARCHAR(16) NOT NULL, settings TEXT NOT NULL, input_bytes INTEGER NOT NULL, "
        "rows_total INTEGER NOT NULL, rows_done INTEGER NOT NULL, errors INTEGER NOT NULL, "
        "unsupported INTEGER NOT NULL, rate FLOAT NOT NULL, worker VARCHAR(200), "
        "heartbeat FLOAT, started FLOAT, finished FLOAT, attempts INTEGER NOT NULL, "
        "message TEXT NOT NULL)"
    )
    conn.exec_driver_sql("CREATE INDEX ix_jobs_state ON jobs (state)")


# (version, step): each step takes the schema from the version before it to its own. Steps
# are written as they were at their version, never from today's table definitions, so an
# old database always walks the same path.
MIGRATIONS: list[tuple[int, Callable[[Connection], None]]] = [
    (1, create_v1),
    (2, add_reviews_v2),
    (3, add_jobs_v3),
]
LATEST = MIGRATIONS[-1][0]


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


def version(conn: Connection) -> int:
    if not conn.dialect.has_table(conn, "meta"):
        return 0
    found = conn.execute(select(meta.c.value).where(meta.c.key == VERSION_KEY)).scalar()
    return int(found or 0)


def migrate(engine: Engine, attempts: int = 5) -> int:
    """Bring the schema to LATEST; safe when several workers start at once."""
    for attempt in range(attempts):
        try:
            with engine.begin() as conn:
                if conn.dialect.name == "postgresql":  # one migrating worker at a time
                    conn.exec_driver_sql("SELECT pg_advisory_xact_lock(20261127)")
                current = version(conn)
                if current > LATEST:
                    raise StoreError(
                        f"the database has schema version {current}; this program knows up "
                        f"to {LATEST}: upgrade credibility"
                    )
                for number, step in MIGRATIONS:
                    if number > current:
                        step(conn)
                        set_meta(conn, VERSION_KEY, str(number))
                return LATEST
        except (IntegrityError, OperationalError):
            # Another worker created the same tables a moment earlier (SQLite has no
            # advisory lock): look again, it has most likely finished.
            if attempt == attempts - 1:
                raise
            time.sleep(0.05 * (attempt + 1))
    return LATEST


def storable(text: str | None) -> str | None:
    """``text`` as any database can keep it (see UNSTORABLE)."""
    return None if text is None else UNSTORABLE.sub("\ufffd", text)


def set_meta(conn: Connection, key: str, value: str) -> None:
    if conn.execute(update(meta).where(meta.c.key == key).values(value=value)).rowcount == 0:
        conn.execute(insert(meta).values(key=key, value=value))


class Store:
    """Results by key and the app's secret key, in one database shared by all workers."""

    PURGE_EVERY = 200  # results stored between purges of expired ones

    def __init__(self, url: str, keep_seconds: float) -> None:
        self.url = url
        self.keep_seconds = keep_seconds
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

    def put(self, key: str, score: dict[str, Any], **inputs: str | None) -> str:
        """Store a Score by key, with what was scored (article, kind, title, url)."""
        row = {"created": time.time(), "model": score["model"], "score": json.dumps(score)}
        row |= {name: storable(value) for name, value in inputs.items()}
        with self.engine.begin() as conn:
            if conn.execute(update(results).where(results.c.id == key).values(row)).rowcount == 0:
                try:
                    with conn.begin_nested():
                        conn.execute(insert(results).values(id=key, **row))
                except IntegrityError:  # the same article stored by another worker just now
                    pass
        self.stored += 1
        if self.stored % self.PURGE_EVERY == 0:
            self.purge()
        return key

    def get(self, key: str) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            found = conn.execute(select(results.c.score).where(results.c.id == key)).scalar()
        return None if found is None else json.loads(found)

    def purge(self) -> int:
        """Delete results older than the retention time, except reviewed ones (their reviews
        are training data); the number deleted."""
        cutoff = time.time() - self.keep_seconds
        reviewed = exists().where(reviews.c.result_id == results.c.id)
        with self.engine.begin() as conn:
            stale = delete(results).where(results.c.created < cutoff, ~reviewed)
            return conn.execute(stale).rowcount
