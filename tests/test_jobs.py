"""Background batch jobs through the app (Flask's test client), run here by run_pending: the
upload checks, the job page and API, cancel, the limits, retention and the runner's claims."""

import csv
import io
import json
import os
import re
import time

import pytest

from credibility.errors import CredibilityError
from credibility.webapp import create_app
from credibility.webapp.jobs import queue as jobs
from credibility.webapp.jobs import runner
from credibility.webapp.policy import from_environment
from tests.batchfiles import FARM, LONE, SITE_PAGES, WIRE, lowered_pages, site_rows
from tests.test_webapp import BATCH_CSV, validate

LONG_TEXT = "The council said on Monday that the road budget passed, officials said. " * 3


@pytest.fixture()
def app(tmp_path, database_url):
    """Apps on SQLite and on PostgreSQL (where one runs), as configured."""
    made = []

    def make(**config):
        settings = {
            "TESTING": True,
            "WTF_CSRF_ENABLED": False,
            "STATE_DIR": str(tmp_path),
            "DATABASE_URL": database_url,
        }
        made.append(create_app(settings | config))
        return made[-1]

    yield make
    for each in made:
        each.extensions["credibility_store"].close()


def upload(client, data: str, text_col: str = "text", name: str = "in.csv"):
    return client.post(
        "/batch",
        data={"file": (io.BytesIO(data.encode()), name), "text_col": text_col},
        content_type="multipart/form-data",
    )


def job_id_of(response) -> str:
    return re.fullmatch(r"/jobs/([0-9a-f]{32})", response.headers["Location"]).group(1)


def test_an_upload_is_a_job_with_a_progress_page_then_a_download(app):
    web = app()
    client = web.test_client()
    page = upload(client, BATCH_CSV)
    assert page.status_code == 202
    job_id = job_id_of(page)
    html = page.get_data(as_text=True)
    assert f'<meta http-equiv="refresh" content="2; url=/jobs/{job_id}">' in html
    assert '<progress id="job-progress" max="3" value="0">0 of 3 rows</progress>' in html
    assert "in.csv: waiting to start" in html and "<script" not in html
    assert runner.run_pending(web) == [jobs.DONE]
    done = client.get(f"/jobs/{job_id}")
    html = done.get_data(as_text=True)
    assert done.status_code == 200 and "http-equiv" not in html
    assert '<progress id="job-progress" max="3" value="3">' in html and "in.csv: done" in html
    assert '<th scope="col">Source</th>' in html
    assert '<th scope="row">Valley Courier</th>' in html and "needs more pages" in html
    with client.get(f"/jobs/{job_id}/scored.csv") as download:
        assert download.status_code == 200
        assert download.headers["Content-Disposition"] == "attachment; filename=scored.csv"
        rows = download.get_data(as_text=True).splitlines()
    assert rows[0] == "id,source,text,credibility,label,top_signals,error"
    assert len(rows) == 4 and rows[2].endswith(",,,,text is empty")
    with client.get(f"/jobs/{job_id}/sources.csv") as table:
        assert table.status_code == 200


def test_the_column_picker_keeps_no_file_a_second_upload_is_scored(app):
    """A refused upload is deleted at once, as /api/jobs deletes one: kept, nine refused
    19 MB files spent a 200 MB budget (issue 20, finding 5)."""
    web = app()
    client = web.test_client()
    data = "id,body\n1,The council said the budget passed on Monday.\n"
    page = upload(client, data)
    assert page.status_code == 400
    html = page.get_data(as_text=True)
    assert "<option>body</option>" in html and 'name="token"' not in html
    assert '<input id="file" name="file" type="file" accept=".csv,text/csv" required>' in html
    assert list(web.extensions["credibility_uploads"].root.iterdir()) == []
    again = upload(client, data, text_col="body")
    assert again.status_code == 202


def test_refused_page_uploads_leave_the_disk_budget_unspent(app):
    body = "id,body\n1," + "x" * 700 + "\n"  # 711 bytes: with its copy, 1,422 of 1,500
    web = app(MAX_UPLOAD_BYTES=10_000, MAX_DISK_BYTES=1_500)
    client = web.test_client()
    statuses = [upload(client, body).status_code for _ in range(9)]
    assert statuses == [400] * 9
    assert list(web.extensions["credibility_uploads"].root.iterdir()) == []
    assert upload(client, body, text_col="body").status_code == 202
    assert upload(client, body, text_col="body").status_code == 507


def test_no_file_and_unknown_jobs(app):
    client = app().test_client()
    assert client.post("/batch", data={"text_col": "text"}).status_code == 400
    assert client.get("/jobs/" + "0" * 32).status_code == 404
    assert client.get("/jobs/" + "0" * 32 + "/scored.csv").status_code == 404
    assert client.get("/jobs/../../etc/passwd").status_code == 404
    assert client.get("/api/jobs/nope").get_json()["error"].startswith("no such job")


@pytest.mark.parametrize(
    "data, message",
    [
        ("", "the uploaded file: empty, no header line"),
        (
            "id,body\n1,x\n",
            "no column &#39;nope&#39; (text_col); the columns are: &#39;id&#39;, &#39;body&#39;",
        ),
    ],
)
def test_batch_page_refusals_name_no_server_path_or_cli_flag(app, data, message):
    page = upload(app().test_client(), data, text_col="nope")
    html = page.get_data(as_text=True)
    assert page.status_code == 400 and f'<p class="error" role="alert">{message}</p>' in html
    assert "/tmp" not in html and "--" not in html.split('<p class="error"')[1].split("</p>")[0]


def test_api_job_output_is_byte_identical_to_the_synchronous_batch(app):
    web = app()
    client = web.test_client()
    created = client.post("/api/jobs?text_col=text", data=BATCH_CSV, content_type="text/csv")
    assert created.status_code == 202
    job = created.get_json()
    validate(job, "Job")
    assert created.headers["Location"] == f"/api/jobs/{job['id']}" == job["links"]["self"]
    assert (job["state"], job["rows_total"], job["rows_done"], job["file"]) == (
        "queued",
        3,
        0,
        "request body",
    )
    assert set(job["links"]) == {"self", "page", "cancel"}
    assert client.get(f"/api/jobs/{job['id']}/output").status_code == 409
    runner.run_pending(web)
    done = client.get(job["links"]["self"]).get_json()
    validate(done, "Job")
    assert (done["state"], done["rows_done"], done["errors"], done["attempts"]) == ("done", 3, 1, 1)
    assert set(done["links"]) == {"self", "page", "output", "sources"}
    with client.get(done["links"]["output"]) as output:
        scored = output.get_data()
    assert scored == client.post("/api/batch", data=BATCH_CSV, content_type="text/csv").get_data()
    with client.get(done["links"]["sources"]) as table:
        sources = table.get_json()
    validate(sources, "Sources")
    assert [(s["site"], s["pages"], s["band"]) for s in sources["sources"]] == [
        ("farm.example", 2, "needs more pages"),
        ("Valley Courier", 1, "needs more pages"),
    ]
    cancel = client.post(f"/api/jobs/{job['id']}/cancel")
    assert cancel.status_code == 409
    assert cancel.get_json()["error"] == "the job has already ended: done"


def test_a_jobs_site_verdicts_are_the_batch_summarys(app, tmp_path):
    """A farm whose pages all carry a promotional blurb reads low, with the blurb counted
    on every page; a paper's wire stories read credible; a lone page needs more pages. The
    API gives what `credibility batch --by-source` gives, and the page shows it."""
    from credibility.batch import BatchOptions, score_file

    text = io.StringIO()
    csv.writer(text, lineterminator="\n").writerows([["id", "url", "text"], *site_rows()])
    web = app()
    client = web.test_client()
    created = client.post("/api/jobs", data=text.getvalue(), content_type="text/csv")
    assert created.status_code == 202
    runner.run_pending(web)
    done = client.get(created.get_json()["links"]["self"]).get_json()
    with client.get(done["links"]["sources"]) as response:
        assert response.status_code == 200 and response.mimetype == "application/json"
        body = response.get_json()
    validate(body, "Sources")
    sources = body["sources"]
    assert [(s["site"], s["pages"], s["judged"], s["band"]) for s in sources] == [
        (WIRE, SITE_PAGES, SITE_PAGES, "credible"),
        (FARM, SITE_PAGES, SITE_PAGES, "low"),
        (LONE, 1, 1, "needs more pages"),
    ]
    # The blurbs' name-dropping counted on the farm's pages it pulled down, as the output says.
    with client.get(done["links"]["output"]) as output:
        scored = list(csv.reader(io.StringIO(output.get_data(as_text=True))))[1:]
    dropped = lowered_pages(scored, "f", "blurb_outlet_name_drop")
    drop = [e for e in sources[1]["evidence"] if e["signal"] == "blurb_outlet_name_drop"]
    assert [e["pages"] for e in drop] == [dropped] and drop[0]["example"]
    assert dropped >= SITE_PAGES / 2
    assert sources[2]["probability"] is None and sources[2]["interval"] is None
    assert [(s["source_rating"], s["disagrees"]) for s in sources] == [("unknown", False)] * 3
    # The same as the batch's own summary of the same file.
    source = tmp_path / "in.csv"
    source.write_text(text.getvalue(), encoding="utf-8")
    options = BatchOptions(
        (str(source),), str(tmp_path / "out.csv"), by_source=str(tmp_path / "s.csv")
    )
    assert score_file(options).sites == sources
    page = client.get(done["links"]["page"]).get_data(as_text=True)
    assert f'<th scope="row">{FARM}</th>' in page and '<td class="band-low">low: ' in page
    assert f"on {dropped} of {SITE_PAGES} pages: <q>" in page
    assert '<td class="band-needs-more-pages">needs more pages</td>' in page


@pytest.mark.parametrize(
    "query, body, kind, status, message",
    [
        ("", "id,text\n1,x\n", "text/plain", 415, "send the CSV as the body with Content-Type"),
        ("", " \n", "text/csv", 400, "the CSV body is empty: send a header line and rows"),
        ("?text_col=" + "c" * 101, "id,text\n", "text/csv", 400, "text_col is 101 characters"),
        ("", "id,body\n1,x\n", "text/csv", 422, "no 'text' or 'html' column (name yours with"),
    ],
)
def test_api_job_refusals_keep_nothing(app, query, body, kind, status, message):
    web = app()
    response = web.test_client().post("/api/jobs" + query, data=body, content_type=kind)
    assert response.status_code == status
    assert response.get_json()["error"].startswith(message)
    assert list(web.extensions["credibility_uploads"].root.iterdir()) == []


def test_rows_per_job_and_disk_budget(app):
    web = app(MAX_JOB_ROWS=2, MAX_UPLOAD_BYTES=10_000, MAX_DISK_BYTES=2_500)
    client = web.test_client()
    refused = client.post("/api/jobs", data=BATCH_CSV, content_type="text/csv")
    assert refused.status_code == 422
    assert refused.get_json()["error"] == (
        "the CSV body has 3 rows; a job scores at most 2: split the file"
    )
    body = "id,text\n1," + "x" * 700 + "\n"  # 711 bytes, room for its copy: 1,422
    assert client.post("/api/jobs", data=body, content_type="text/csv").status_code == 202
    full = client.post("/api/jobs", data=body, content_type="text/csv")
    assert full.status_code == 202  # 711 on disk + 1,422 <= 2,500
    full = client.post("/api/jobs", data=body, content_type="text/csv")
    assert (full.status_code, full.get_json()["error"]) == (
        507,
        "the server's space for uploaded files is full: try again later",
    )
    page = upload(client, body)
    assert page.status_code == 507
    assert "space for uploaded files is full" in page.get_data(as_text=True)
    too_big = client.post("/api/jobs", data="id,text\n" + "y" * 12_000, content_type="text/csv")
    assert too_big.status_code == 413
    assert len(list(web.extensions["credibility_uploads"].root.iterdir())) == 2


def test_a_queued_job_cancels_at_once_and_never_runs(app):
    web = app()
    client = web.test_client()
    job = client.post("/api/jobs", data=BATCH_CSV, content_type="text/csv").get_json()
    cancelled = client.post(job["links"]["cancel"])
    assert cancelled.status_code == 200 and cancelled.get_json()["state"] == "cancelled"
    assert runner.run_pending(web) == []
    page = client.get(job["links"]["page"]).get_data(as_text=True)
    assert "request body: cancelled" in page and "Cancel the job" not in page


def test_a_running_job_stops_at_its_next_heartbeat_and_leaves_no_files(app, monkeypatch):
    web = app()
    client = web.test_client()
    body = "id,text\n" + "".join(f'{i},"{LONG_TEXT} Row {i}."\n' for i in range(2000))
    job = client.post("/api/jobs", data=body, content_type="text/csv").get_json()
    store = web.extensions["credibility_store"]
    advance = runner.JobProgress.advance

    def cancelled_after_the_first_chunk(self, status):
        # After the first chunk: a heartbeat stores its counts, the cancel arrives, the next
        # heartbeat sees it; at points the test chooses, not where a thread's timing puts them.
        advance(self, status)
        if jobs.get(store, job["id"])["state"] == jobs.RUNNING:
            self.beat()
            client.post(job["links"]["cancel"])
            self.beat()

    monkeypatch.setattr(runner.JobProgress, "advance", cancelled_after_the_first_chunk)
    assert runner.run_pending(web) == [jobs.CANCELLED]
    ended = jobs.get(store, job["id"])
    assert (ended["state"], ended["rows_done"]) == ("cancelled", 256)
    folder = web.extensions["credibility_uploads"].folder(job["id"])
    assert sorted(p.name for p in folder.iterdir()) == ["input.csv"]


def test_claims_respect_the_limit_and_take_over_silent_jobs(app):
    web = app(MAX_RUNNING_JOBS=1)
    client = web.test_client()
    store = web.extensions["credibility_store"]
    first, second = (
        client.post("/api/jobs", data=BATCH_CSV, content_type="text/csv").get_json()["id"]
        for _ in range(2)
    )
    assert jobs.claim(store, "host:1", 1, 30)["id"] == first
    assert jobs.claim(store, "host:2", 1, 30) is None  # one runs already
    assert jobs.claim(store, "host:2", 2, 30)["id"] == second
    assert jobs.beat(store, first, "host:1") == "running"
    # host:1 goes silent: after the stale time another runner takes its job over.
    taken = jobs.claim(store, "host:3", 2, -1)
    assert (taken["id"], taken["worker"], taken["attempts"]) == (first, "host:3", 2)
    assert jobs.beat(store, first, "host:1") == "lost"
    assert not jobs.finish(store, first, "host:1", jobs.DONE)


def test_a_dead_process_s_jobs_are_requeued_at_start(app):
    web = app()
    store = web.extensions["credibility_store"]
    client = web.test_client()
    job_id = client.post("/api/jobs", data=BATCH_CSV, content_type="text/csv").get_json()["id"]
    jobs.claim(store, "here:111", 2, 30)
    assert jobs.requeue_dead(store, "here", alive=lambda pid: pid != 111) == 1
    requeued = jobs.get(store, job_id)
    assert (requeued["state"], requeued["message"]) == ("queued", "continuing after a restart")
    assert runner.run_pending(web) == [jobs.DONE]


def test_files_go_after_their_retention_and_the_job_says_so(app):
    web = app(UPLOAD_KEEP_SECONDS=3600)
    client = web.test_client()
    store = web.extensions["credibility_store"]
    uploads = web.extensions["credibility_uploads"]
    job_id = client.post("/api/jobs", data=BATCH_CSV, content_type="text/csv").get_json()["id"]
    runner.run_pending(web)
    picker = job_id_of(client.post("/batch", data={"token": job_id, "text_col": "text"}))
    assert picker == job_id  # the same upload cannot become a second job
    orphan = uploads.root / ("c" * 32)
    orphan.mkdir()
    (orphan / "input.csv").write_text("id,text\n")
    os.utime(orphan, (0, 0))  # an upload never run, long ago
    runner.housekeep(web)
    assert uploads.folder(job_id) is not None and not orphan.exists()
    with store.engine.begin() as conn:  # the job ended two hours ago
        conn.execute(jobs.jobs.update().values(finished=time.time() - 7200))
    runner.housekeep(web)
    assert uploads.folder(job_id) is None and jobs.get(store, job_id)["state"] == "expired"
    page = client.get(f"/jobs/{job_id}").get_data(as_text=True)
    assert "expired, its files deleted" in page
    assert client.get(f"/jobs/{job_id}/scored.csv").status_code == 404


def test_limits_come_from_the_environment():
    assert from_environment({"CREDIBILITY_MAX_JOB_ROWS": "1_000", "CREDIBILITY_X": "1"}) == {
        "MAX_JOB_ROWS": 1000
    }
    assert from_environment({"CREDIBILITY_JOB_SCHEDULER": "tcp://127.0.0.1:8786"}) == {
        "JOB_SCHEDULER": "tcp://127.0.0.1:8786"
    }
    with pytest.raises(CredibilityError) as exc:
        from_environment({"CREDIBILITY_MAX_DISK_BYTES": "2GB"})
    assert str(exc.value) == "CREDIBILITY_MAX_DISK_BYTES must be a whole number >= 0, not '2GB'"


def test_a_job_saved_under_another_model_starts_again(app):
    """A server upgraded to a new model mid-job cannot continue the old partial output
    (its settings differ): the job starts again instead of failing."""
    web = app()
    client = web.test_client()
    job = client.post("/api/jobs", data=BATCH_CSV, content_type="text/csv").get_json()
    folder = web.extensions["credibility_uploads"].folder(job["id"])
    (folder / "scored.csv.partial").write_text("stale,rows\n")
    state = {"settings": {"model": "default@000000000000"}, "position": [0, 10, 2]}
    state |= {"rows": 1, "errors": 0, "unsupported": 0, "output_bytes": 11}
    (folder / "scored.csv.partial.json").write_text(json.dumps(state))
    assert runner.run_pending(web) == [jobs.DONE]
    with client.get(f"/api/jobs/{job['id']}/output") as output:
        scored = output.get_data()
    assert scored == client.post("/api/batch", data=BATCH_CSV, content_type="text/csv").get_data()


def test_a_failed_job_s_message_names_no_server_path_or_cli_flag(tmp_path):
    from credibility.batch.errors import ENCODING, RESUME, BatchError, BatchInputError
    from credibility.webapp.jobs.service import web_message

    source = tmp_path / ("d" * 32) / "input.csv"
    full = BatchError("No space left on device", path=str(source.parent / "scored.csv"), fix=RESUME)
    assert web_message(full, source, "the uploaded file") == "the output: No space left on device"
    undecodable = BatchInputError("undecodable header for utf-8", path=str(source), fix=ENCODING)
    assert web_message(undecodable, source, "the uploaded file") == (
        "the uploaded file: undecodable header for utf-8; convert it to UTF-8"
    )
    missing = BatchInputError("no column 'x' ({0})", settings=("text_col",))
    assert web_message(missing, source, "the file") == "no column 'x' (text_col)"
    # The same errors in the command line's words, and the library's.
    from credibility.batch.command import cli_message

    assert cli_message(full) == f"{source.parent / 'scored.csv'}: No space left on device; " + (
        "--resume continues once fixed"
    )
    assert cli_message(undecodable) == f"{source}: undecodable header for utf-8; try --encoding"
    assert cli_message(missing) == "no column 'x' (--text-col)"
    assert str(missing) == "no column 'x' (text_col)"
    assert str(undecodable) == f"{source}: undecodable header for utf-8; set encoding"


@pytest.mark.parametrize(
    "method, path, status",
    [
        ("GET", "/jobs/%00", 404),
        ("GET", "/jobs/%00/scored.csv", 404),
        ("POST", "/jobs/%00/cancel", 404),
        ("GET", "/result/%00.json", 404),
        ("GET", "/api/results/%00", 404),
        ("POST", "/api/results/%00/review", 404),
        ("GET", "/api/jobs/%00", 404),
    ],
)
def test_an_id_holding_a_nul_is_unknown_not_a_server_error(app, method, path, status):
    """PostgreSQL refuses a NUL in a query: such ids were 500s there."""
    client = app().test_client()
    kwargs = {"json": {"verdict": "credible"}} if path.endswith("review") else {}
    assert client.open(path, method=method, **kwargs).status_code == status


def test_blank_lines_are_not_rows_against_the_limit(app):
    """A million blank lines counted as a million rows (issue 20, finding 9)."""
    web = app(MAX_JOB_ROWS=2, MAX_SYNC_ROWS=2)
    client = web.test_client()
    body = "id,text\n\n\n1,Officials said so.\n" + "\n" * 1_000 + "\r\n2,Plain line\n\n"
    created = client.post("/api/jobs", data=body, content_type="text/csv")
    assert created.status_code == 202 and created.get_json()["rows_total"] == 2
    assert runner.run_pending(web) == [jobs.DONE]
    done = client.get(created.get_json()["links"]["self"]).get_json()
    assert (done["rows_total"], done["rows_done"]) == (2, 2)
    assert client.post("/api/batch", data=body, content_type="text/csv").status_code == 200


def test_a_web_job_s_rows_name_no_cli_flag(app):
    web = app()
    client = web.test_client()
    body = b"id,text\n1,Officials said so.\n2,Caf\xe9 owners said so.\n"
    job = client.post("/api/jobs", data=body, content_type="text/csv").get_json()
    assert runner.run_pending(web) == [jobs.DONE]
    with client.get(f"/api/jobs/{job['id']}/output") as output:
        rows = output.get_data(as_text=True).splitlines()
    error = "line 3: undecodable bytes for utf-8; convert it to UTF-8"
    assert rows[2] == f"2,Caf\ufffd owners said so.,,,,{error}"
    synchronous = client.post("/api/batch", data=body, content_type="text/csv")
    assert synchronous.get_data(as_text=True).splitlines()[2] == rows[2]


CROSS_SITE = "a browser's request from another site may not write through the API"


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://evil.example"},
        {"Origin": "null"},  # a sandboxed frame or a file:// page
        {"Origin": "http://localhost.evil.example"},
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},  # a sibling host is another origin
        {"Sec-Fetch-Site": "cross-site", "Origin": "http://localhost"},
    ],
)
def test_a_cross_site_form_cannot_cancel_a_job(app, headers):
    """A form on evil.example posting to /api/jobs/ID/cancel cancelled the job (issue 20,
    finding 6): a browser names the page's site in Origin and Sec-Fetch-Site."""
    web = app()
    client = web.test_client()
    job = client.post("/api/jobs", data=BATCH_CSV, content_type="text/csv").get_json()
    refused = client.post(job["links"]["cancel"], data={"x": "1"}, headers=headers)
    assert (refused.status_code, refused.get_json()) == (403, {"ok": False, "error": CROSS_SITE})
    validate(refused.get_json(), "Error")
    assert jobs.get(web.extensions["credibility_store"], job["id"])["state"] == "queued"


@pytest.mark.parametrize(
    "content_type", ["application/x-www-form-urlencoded", "multipart/form-data", "text/plain"]
)
def test_a_cancel_with_a_form_s_content_type_is_refused(app, content_type):
    """Old browsers send no Origin with a form: what a form can send is refused outright."""
    web = app()
    client = web.test_client()
    job = client.post("/api/jobs", data=BATCH_CSV, content_type="text/csv").get_json()
    refused = client.post(job["links"]["cancel"], data="", content_type=content_type)
    assert (refused.status_code, refused.get_json()["error"]) == (
        415,
        "send the cancel with no body: a form's content type is refused",
    )
    assert jobs.get(web.extensions["credibility_store"], job["id"])["state"] == "queued"


@pytest.mark.parametrize(
    "path, kwargs",
    [
        ("/api/score", {"json": {"text": LONG_TEXT}}),
        ("/api/batch", {"data": BATCH_CSV, "content_type": "text/csv"}),
        ("/api/jobs", {"data": BATCH_CSV, "content_type": "text/csv"}),
        ("/api/results/" + "0" * 32 + "/review", {"json": {"verdict": "credible"}}),
        ("/api/jobs/" + "0" * 32 + "/cancel", {}),
    ],
)
def test_every_api_write_refuses_another_site_and_takes_its_own(app, path, kwargs):
    client = app().test_client()
    evil = client.post(path, headers={"Origin": "https://evil.example"}, **kwargs)
    assert (evil.status_code, evil.get_json()["error"]) == (403, CROSS_SITE)
    for same in ({"Origin": "http://localhost"}, {"Sec-Fetch-Site": "same-origin"}, {}):
        assert client.post(path, headers=same, **kwargs).status_code in (200, 202, 404)
    assert client.get("/api/health", headers={"Origin": "https://evil.example"}).status_code == 200


def test_the_document_states_the_cross_site_refusal_of_every_write():
    from credibility.webapp.openapi import document

    writes = {path: ops["post"] for path, ops in document()["paths"].items() if "post" in ops}
    assert len(writes) == 5
    for path, operation in writes.items():
        said = operation["responses"]["403"]["description"].lower()
        assert "sent by a browser from another site's page" in said, path
    cancel = writes["/api/jobs/{id}/cancel"]
    assert "requestBody" not in cancel and "415" in cancel["responses"]


def multipart(client, data: bytes, name: str = "articles.csv", field: str = "file", **kwargs):
    """POST /api/jobs as `curl -F file=@articles.csv` sends it."""
    form = {field: (io.BytesIO(data), name)}
    return client.post("/api/jobs", data=form, content_type="multipart/form-data", **kwargs)


def test_a_multipart_upload_is_a_job_like_the_csv_body(app):
    web = app()
    client = web.test_client()
    response = multipart(client, BATCH_CSV.encode(), query_string={"text_col": "text"})
    assert response.status_code == 202
    job = response.get_json()
    validate(job, "Job")
    assert (job["state"], job["file"], job["rows_total"]) == ("queued", "articles.csv", 3)
    assert response.headers["Location"] == f"/api/jobs/{job['id']}"
    runner.run_pending(web)
    with client.get(f"/api/jobs/{job['id']}/output") as output:
        scored = output.get_data()
    assert scored == client.post("/api/batch", data=BATCH_CSV, content_type="text/csv").get_data()


@pytest.mark.parametrize(
    "data, field, query, status, message",
    [
        (b" \n", "file", "", 400, "the CSV file is empty: send a header line and rows"),
        (
            b"id,text\n1,x\n",
            "upload",
            "",
            400,
            'send the CSV file as the multipart field "file": -F file=@articles.csv',
        ),
        (
            b"id,text\n",
            "file",
            "?text_col=" + "c" * 101,
            400,
            "text_col is 101 characters, over the limit of 100",
        ),
        (
            b"id,body\n1,x\n",
            "file",
            "",
            422,
            "no 'text' or 'html' column (name yours with text_col/html_col); the columns are: "
            "'id', 'body'",
        ),
        (
            b"id,text\n1," + b"x" * 1_100 + b"\n",
            "file",
            "",
            413,
            "The request is too large: articles may be up to 2 MB and CSV uploads up to 0.001 MB.",
        ),
    ],
)
def test_multipart_refusals_keep_nothing(app, data, field, query, status, message):
    web = app(MAX_UPLOAD_BYTES=1_000)
    client = web.test_client()
    response = client.post(
        "/api/jobs" + query,
        data={field: (io.BytesIO(data), "articles.csv")},
        content_type="multipart/form-data",
    )
    assert (response.status_code, response.get_json()) == (status, {"ok": False, "error": message})
    assert list(web.extensions["credibility_uploads"].root.iterdir()) == []


def test_a_multipart_upload_past_the_disk_budget_is_507(app):
    web = app(MAX_UPLOAD_BYTES=10_000, MAX_DISK_BYTES=2_500)
    client = web.test_client()
    body = b"id,text\n1," + b"x" * 700 + b"\n"  # 711 bytes, room for its copy: 1,422
    assert multipart(client, body).status_code == 202
    assert multipart(client, body).status_code == 202  # 711 on disk + 1,422 <= 2,500
    full = multipart(client, body)
    assert (full.status_code, full.get_json()) == (
        507,
        {"ok": False, "error": "the server's space for uploaded files is full: try again later"},
    )


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://evil.example"},
        {"Origin": "null"},
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
    ],
)
def test_a_cross_site_form_cannot_upload_a_job(app, headers):
    """A form on another site can send multipart: the browser names that site, and the
    upload is refused before it is read; a same-site page and curl (no such headers) pass."""
    web = app()
    client = web.test_client()
    refused = multipart(client, BATCH_CSV.encode(), headers=headers)
    assert (refused.status_code, refused.get_json()) == (403, {"ok": False, "error": CROSS_SITE})
    assert list(web.extensions["credibility_uploads"].root.iterdir()) == []
    for same in ({"Origin": "http://localhost"}, {"Sec-Fetch-Site": "same-origin"}, {}):
        assert multipart(client, BATCH_CSV.encode(), headers=same).status_code == 202


def test_the_document_offers_the_multipart_upload():
    from credibility.webapp.openapi import document

    body = document()["paths"]["/api/jobs"]["post"]["requestBody"]["content"]
    assert set(body) == {"text/csv", "multipart/form-data"}
    assert body["multipart/form-data"]["schema"]["required"] == ["file"]


def test_the_job_page_lists_the_sites_with_most_pages_and_the_api_all(app, monkeypatch):
    from credibility.webapp.jobs import pages

    monkeypatch.setattr(pages, "PAGE_SITES", 3)
    body = "id,source,text\n" + "".join(f"{i},s{i % 5},\n" for i in range(9))  # no texts
    web = app()
    client = web.test_client()
    created = client.post("/api/jobs", data=body, content_type="text/csv").get_json()
    runner.run_pending(web)
    with client.get(f"/api/jobs/{created['id']}/sources") as response:  # a file: close it
        sources = response.get_json()["sources"]
    assert [(s["site"], s["pages"], s["judged"]) for s in sources] == [
        ("s0", 2, 0),
        ("s1", 2, 0),
        ("s2", 2, 0),
        ("s3", 2, 0),
        ("s4", 1, 0),
    ]
    page = client.get(f"/jobs/{created['id']}").get_data(as_text=True)
    assert page.count('<th scope="row">') == 3 and '<th scope="row">s3</th>' not in page
    said = "The 3 sites with the most pages of 5; the downloaded table has them all."
    assert f'<span id="sources-shown">{said}</span>' in page
