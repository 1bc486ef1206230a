"""The web app's tables and how each version of the schema was reached (store.py opens the
database and keeps the results; jobs/queue.py adds its table to the same metadata).

``MIGRATIONS`` are applied forward, in order, once, whichever worker starts first; a
database newer than this code is refused.
"""

from __future__ import annotations

import time
from collections.abc import Callable

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
    insert,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError, OperationalError

from credibility.errors import CredibilityError

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
    # Since version 4: the bytes the row's texts take, counted against MAX_RESULT_BYTES, and
    # a digest of the model and the inputs (ids are random: the digest finds the same
    # article again for the export, never for a client).
    Column("size", Integer, nullable=False),
    Column("digest", String(32)),
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


def add_budget_v4(conn: Connection) -> None:
    conn.exec_driver_sql("ALTER TABLE results ADD COLUMN size INTEGER NOT NULL DEFAULT 0")
    conn.exec_driver_sql("ALTER TABLE results ADD COLUMN digest VARCHAR(32)")
    # Until version 4 a result's id was its digest. Old rows are sized in characters (the
    # one length both databases count alike); new ones in UTF-8 bytes.
    conn.exec_driver_sql(
        "UPDATE results SET digest = id, size = length(score) + length(model) "
        "+ coalesce(length(article), 0) + coalesce(length(title), 0) + coalesce(length(url), 0)"
    )
    # The budget's two questions, answered from the index alone: the total (SUM(size)) and
    # the oldest to evict. SQLite keeps size after the article in the row, so without it
    # each score read every stored article: 161 ms a score with 50,000 results of 10 KB.
    conn.exec_driver_sql("CREATE INDEX ix_results_budget ON results (created, id, size)")


# (version, step): each step takes the schema from the version before it to its own. Steps
# are written as they were at their version, never from today's table definitions, so an
# old database always walks the same path.
MIGRATIONS: list[tuple[int, Callable[[Connection], None]]] = [
    (1, create_v1),
    (2, add_reviews_v2),
    (3, add_jobs_v3),
    (4, add_budget_v4),
]
LATEST = MIGRATIONS[-1][0]


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


def set_meta(conn: Connection, key: str, value: str) -> None:
    if conn.execute(update(meta).where(meta.c.key == key).values(value=value)).rowcount == 0:
        conn.execute(insert(meta).values(key=key, value=value))
