import json
import threading

import pytest
from sqlalchemy import insert, select, update

from credibility.webapp import store as st


@pytest.fixture()
def opened():
    """Open stores (workers), closed at the end so no connection outlives its test."""
    made = []

    def open_store(url: str, keep_seconds: float = 60) -> st.Store:
        made.append(st.Store(url, keep_seconds))
        return made[-1]

    yield open_store
    for s in made:
        s.close()


def score_of(n: int) -> dict:
    return {"credibility": n / 10, "label": "low", "model": "default@abc", "signals": []}


def test_schema_is_created_and_versioned(database_url, opened):
    s = opened(database_url)
    with s.engine.connect() as conn:
        assert st.version(conn) == st.LATEST == 4
    # A second start (another worker, a restart) finds the schema and changes nothing.
    again = opened(database_url)
    with again.engine.connect() as conn:
        assert st.version(conn) == 4


def test_an_old_database_is_migrated_forward_keeping_its_rows(database_url, opened):
    engine = st.connect(database_url)
    with engine.begin() as conn:  # a database made by the first release
        st.create_v1(conn)
        st.set_meta(conn, st.VERSION_KEY, "1")
        conn.execute(
            insert(st.results).values(
                id="k", created=1e10, model="m@1", score=json.dumps(score_of(1))
            )
        )
    engine.dispose()
    s = opened(database_url)
    with s.engine.connect() as conn:
        assert st.version(conn) == 4
        row = conn.execute(select(st.results).where(st.results.c.id == "k")).one()
    assert (row.model, row.article, row.url) == ("m@1", None, None)
    assert s.get("k") == score_of(1)
    # Version 4: the old id was the digest; the size, in characters, counts against the budget.
    assert (row.digest, row.size) == ("k", len(json.dumps(score_of(1))) + len("m@1"))


def test_a_newer_database_is_refused(database_url, opened):
    s = opened(database_url)
    with s.engine.begin() as conn:
        conn.execute(update(st.meta).where(st.meta.c.key == st.VERSION_KEY).values(value="99"))
    with pytest.raises(st.StoreError) as exc:
        opened(database_url)
    assert str(exc.value) == (
        "the database has schema version 99; this program knows up to 4: upgrade credibility"
    )


def test_workers_starting_together_migrate_once(database_url, opened):
    errors = []

    def start() -> None:
        try:
            opened(database_url)
        except Exception as exc:  # collected: the assertion below names it
            errors.append(exc)

    threads = [threading.Thread(target=start) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    with opened(database_url).engine.connect() as conn:
        rows = conn.execute(select(st.meta.c.key, st.meta.c.value)).all()
    assert rows == [(st.VERSION_KEY, "4")]


def test_the_secret_key_is_made_once_and_shared(database_url, opened):
    first = opened(database_url).secret_key()
    second = opened(database_url).secret_key()
    assert first == second and len(first) == 32


def test_results_round_trip_and_are_replaced_by_key(database_url, opened):
    s = opened(database_url)
    assert s.get("0" * 32) is None
    s.put("a" * 32, score_of(1))
    s.put("a" * 32, score_of(2))
    assert s.get("a" * 32) == score_of(2)
    other = opened(database_url)  # another worker
    assert other.get("a" * 32) == score_of(2)


def test_old_results_are_purged(database_url, opened):
    s = opened(database_url)
    s.put("old", score_of(1))
    s.put("new", score_of(2))
    with s.engine.begin() as conn:
        conn.execute(update(st.results).where(st.results.c.id == "old").values(created=0.0))
    assert s.purge() == 1
    assert (s.get("old"), s.get("new")) == (None, score_of(2))


def test_sqlite_runs_in_wal_mode(tmp_path, opened):
    s = opened(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    with s.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_an_unreachable_database_is_one_line(tmp_path, opened):
    with pytest.raises(st.StoreError) as exc:
        st.Store(f"sqlite:///{tmp_path / 'missing' / 'dir' / 'x.sqlite3'}", keep_seconds=60)
    assert str(exc.value) == "cannot open the database: unable to open database file"


def test_stored_scores_are_json_text(database_url, opened):
    s = opened(database_url)
    s.put("k", score_of(3))
    with s.engine.connect() as conn:
        raw = conn.execute(select(st.results.c.score)).scalar()
        conn.execute(insert(st.meta).values(key="probe", value="x"))
    assert json.loads(raw) == score_of(3)


def test_text_a_database_cannot_hold_is_kept_as_replacement_characters(database_url, opened):
    # schemathesis sent a URL with a NUL: PostgreSQL refuses NUL in text (a 500 before).
    s = opened(database_url)
    s.put("k", score_of(1), article="a\x00b", kind="text", title="\ud800", url="u\x00")
    with s.engine.connect() as conn:
        row = conn.execute(select(st.results).where(st.results.c.id == "k")).one()
    assert (row.article, row.title, row.url) == ("a\ufffdb", "\ufffd", "u\ufffd")


def test_results_are_kept_within_their_budget_oldest_unreviewed_first(database_url, opened):
    """Every /api/score kept its article for 7 days, outside any budget: 60 articles of 2 MB
    grew SQLite by 115 MB (issue 20, finding 4)."""
    from credibility.webapp.reviews import records as rv

    article = "x" * 1_000
    unit = len(json.dumps(score_of(1)).encode()) + len("default@abc") + len(article)
    s = opened(database_url)
    s.budget_bytes = 3 * unit

    def stored() -> list[str]:
        with s.engine.connect() as conn:
            return sorted(conn.execute(select(st.results.c.id)).scalars())

    for key in "abc":
        s.put(key, score_of(1), article=article)
    assert (stored(), s.used()) == (["a", "b", "c"], 3 * unit)  # at the budget, not over
    rv.add_review(s, "b", "credible")
    s.put("d", score_of(1), article=article)
    assert (stored(), s.used()) == (["b", "c", "d"], 3 * unit)  # the oldest, a, went
    s.put("e", score_of(1), article=article)
    assert stored() == ["b", "d", "e"]  # c went; b is reviewed, so it stays
    s.put("f", score_of(1), article=article * 5)  # 4,000 bytes more than a unit
    assert (stored(), s.used()) == (["b", "f"], 2 * unit + 4_000)  # the one just stored stays
    s.put("g", score_of(1), article=article)
    assert (stored(), s.used()) == (["b", "g"], 2 * unit)
    assert s.evict() == 0


def test_no_budget_keeps_everything(database_url, opened):
    s = opened(database_url)
    for key in "abc":
        s.put(key, score_of(1), article="x" * 10_000)
    assert s.evict() == 0 and s.used() == 3 * (len(json.dumps(score_of(1))) + 11 + 10_000)
