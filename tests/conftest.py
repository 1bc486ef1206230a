"""Shared fixtures: the team's own written pages and a tiny model trained on written data."""

from __future__ import annotations

from pathlib import Path

import pytest

from credibility.training.datadir import data_dir

FIXTURES = Path(__file__).parent / "fixtures"
# The shared corpora ($CREDIBILITY_DATA, else ../shared/data) and the examples beside them.
DATA = data_dir()
SHARED = DATA.parent


def read_fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def pytest_configure(config) -> None:
    """Before collection (some modules build an app at import): the tests' own state folder,
    and none of the developer's own state or database settings."""
    import os
    import tempfile

    os.environ["CREDIBILITY_STATE_DIR"] = tempfile.mkdtemp(prefix="credibility-test-state-")
    os.environ.pop("CREDIBILITY_DATABASE_URL", None)
    os.environ.pop("CREDIBILITY_SECRET_KEY", None)


def pytest_unconfigure(config) -> None:
    import os
    import shutil

    shutil.rmtree(os.environ.get("CREDIBILITY_STATE_DIR", ""), ignore_errors=True)


@pytest.fixture(autouse=True)
def state_dir(tmp_path_factory, monkeypatch) -> Path:
    """Every test gets its own empty state folder: a user's own source ratings never leak in."""
    folder = tmp_path_factory.mktemp("state")
    monkeypatch.setenv("CREDIBILITY_STATE_DIR", str(folder))
    return folder


@pytest.fixture(scope="session")
def farm_page() -> str:
    return read_fixture("farm-page.txt")


@pytest.fixture(scope="session")
def news_story() -> str:
    return read_fixture("news-story.txt")


@pytest.fixture(scope="session")
def page_html() -> str:
    return read_fixture("page.html")


CREDIBLE_TEMPLATE = (
    "Officials in {city} said on {day} that the {thing} would reopen next month, according to "
    'a statement from the regional council. "We expect the work to finish on time," said '
    "{name}, who leads the project. The council confirmed the budget of {n} million."
)
FARM_TEMPLATE = (
    "The {thing} in {city} will reopen soon. It is the best news ever.\n"
    "hi, i am {name} and i work writer in this website with {n} years in experience. "
    "i write for forbes and bbc.\nLeave a Reply\nYour email address will not be published.\n"
    "Related Posts"
)


def written_rows(n_per_class: int = 30) -> list[dict[str, str]]:
    """Labelled rows written from two templates, varied enough to train on."""
    cities = ["Leeds", "Lagos", "Denver", "Manila", "Madrid", "Berlin"]
    things = ["library", "bridge", "station", "museum", "stadium"]
    names = ["Ana Ruiz", "Tom Hale", "Mei Lin", "Omar Said", "Lea Roth"]
    days = ["Monday", "Tuesday", "Friday"]
    rows = []
    for i in range(n_per_class):
        fill = {
            "city": cities[i % 6],
            "thing": things[i % 5],
            "name": names[i % 5],
            "day": days[i % 3],
            "n": str(i + 2),
        }
        rows.append(
            {
                "text": CREDIBLE_TEMPLATE.format(**fill),
                "label": "credible",
                "source": f"good{i % 4}",
            }
        )
        rows.append(
            {
                "text": FARM_TEMPLATE.format(**fill),
                "label": "not_credible",
                "source": f"farm{i % 4}",
            }
        )
    return rows


@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A model trained in-process on written rows (fast, no shared data needed)."""
    import pandas as pd

    from credibility.training.train import Options, train

    data = tmp_path_factory.mktemp("data") / "train.csv"
    pd.DataFrame(written_rows()).to_csv(data, index=False)
    # Sigmoid calibration keeps the tiny model linear, so its explanations are exact.
    out = tmp_path_factory.mktemp("models") / "tiny"
    path, _card = train([str(data)], str(out), options=Options(calibration="sigmoid"))
    return path


POSTGRES_ENV = "CREDIBILITY_TEST_POSTGRES"


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path) -> str:
    """A fresh, empty database: an SQLite file, or a new database on the PostgreSQL server
    that $CREDIBILITY_TEST_POSTGRES names (.ci/run starts one; skipped where none is)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'state.sqlite3'}"
        return
    import os
    import uuid

    server = os.environ.get(POSTGRES_ENV)
    if not server:
        pytest.skip(f"no PostgreSQL: set {POSTGRES_ENV} to a server URL (.ci/run does)")
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    admin = create_engine(
        server.replace("postgresql://", "postgresql+psycopg://", 1), isolation_level="AUTOCOMMIT"
    )
    name = f"credibility_test_{uuid.uuid4().hex[:12]}"
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # a named server that is down is a failure, not a skip
        admin.dispose()
        raise RuntimeError(f"{POSTGRES_ENV}={server}: cannot create a database: {exc}") from exc
    url = make_url(server).set(database=name).render_as_string(hide_password=False)
    yield url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()
