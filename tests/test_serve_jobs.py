"""Background jobs on `credibility serve` (gunicorn, several workers, 127.0.0.1): uploads
through the page all finish and download, and a job whose server is killed continues when
the server starts again, ending byte-identical to a run never interrupted."""

import json
import os
import re
import signal
import subprocess
import sys
import time
from contextlib import contextmanager

import pytest
import requests

from credibility.cli import main
from tests.holding import hold_at, release, wait_held
from tests.test_serve import free_port, health

TEXTS = (
    "The council said on Monday that the road budget passed, officials said. The mayor said "
    "work on the bridge starts in spring, and the county will pay for a third of it.",
    "hi, i am Sam and i work writer in this website with 5 years in experience. Click here "
    "to read more of my amazing posts and subscribe today!",
)


def write_csv(path, rows: int, offset: int = 0):
    lines = ["id,source,text"]
    for i in range(offset, offset + rows):
        lines.append(f'{i},site{i % 3}.example,"{TEXTS[i % 2]} Item {i}."')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@contextmanager
def server(state, workers: int = 2, env: dict[str, str] | None = None):
    """`credibility serve` on ``state``, in its own process group so a test can kill it
    whole (master and workers) as a crash or `kill -9` would; ``env`` (from hold_at) holds
    its job runner at a fault point."""
    port = free_port()
    command = [sys.executable, "-m", "credibility.cli", "serve", "--port", str(port)]
    process = subprocess.Popen(
        [*command, "--workers", str(workers), "--threads", "2", "--state-dir", str(state)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        env=env,
    )
    try:
        health(port)
        yield f"http://127.0.0.1:{port}", process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def wait_for(base: str, job_id: str, until, seconds: float = 240) -> dict:
    deadline = time.monotonic() + seconds
    while True:
        job = requests.get(f"{base}/api/jobs/{job_id}", timeout=30).json()
        if until(job):
            return job
        assert time.monotonic() < deadline, job
        time.sleep(0.2)


def expected_output(source, tmp_path) -> bytes:
    """What `credibility batch` writes for the same file, uninterrupted."""
    out = tmp_path / f"{source.stem}-cli.csv"
    assert main(["batch", str(source), "-o", str(out), "--quiet"]) == 0
    return out.read_bytes()


def test_ten_uploads_through_the_page_all_finish_and_download(tmp_path):
    files = [write_csv(tmp_path / f"in{n}.csv", 12, offset=n * 12) for n in range(10)]
    with server(tmp_path / "state") as (base, _):
        ids = []
        for source in files:
            visitor = requests.Session()  # each upload as a new visitor, on any worker
            page = visitor.get(f"{base}/batch", timeout=30).text
            token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
            with source.open("rb") as handle:
                posted = visitor.post(
                    f"{base}/batch",
                    data={"csrf_token": token, "text_col": "text"},
                    files={"file": (source.name, handle, "text/csv")},
                    allow_redirects=False,
                    timeout=30,
                )
            assert posted.status_code == 202, posted.text
            ids.append(posted.headers["Location"].rsplit("/", 1)[1])
        for job_id, source in zip(ids, files, strict=True):
            job = wait_for(base, job_id, lambda j: j["state"] not in ("queued", "running"))
            assert (job["state"], job["rows_done"], job["file"]) == ("done", 12, source.name)
            page = requests.get(f"{base}/jobs/{job_id}", timeout=30).text
            assert '<progress id="job-progress" max="12" value="12">' in page
            scored = requests.get(f"{base}/jobs/{job_id}/scored.csv", timeout=30)
            assert scored.content == expected_output(source, tmp_path)


def test_a_killed_server_continues_its_job_and_the_output_is_byte_identical(tmp_path):
    source = write_csv(tmp_path / "big.csv", 3000)
    state, fault = tmp_path / "state", tmp_path / "fault"
    # Held once the first chunk (256 rows) is saved, far from the end: then the whole server
    # dies at once, wherever a fast or slow machine would have got to by then.
    with (
        server(state, workers=1, env=hold_at(fault, "batch-chunk", 256)) as (base, process),
        source.open("rb") as handle,
    ):
        created = requests.post(
            f"{base}/api/jobs", data=handle, headers={"Content-Type": "text/csv"}, timeout=30
        )
        assert created.status_code == 202
        job_id = created.json()["id"]
        assert wait_held(fault) == 256
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
    saved = json.loads((state / "uploads" / job_id / "scored.csv.partial.json").read_text())
    killed_at = (state / "uploads" / job_id / "scored.csv.partial").stat().st_size
    assert saved["rows"] == 256 and killed_at == saved["output_bytes"] > 0
    assert not (state / "uploads" / job_id / "scored.csv").exists()
    with server(state, workers=1) as (base, _):
        job = wait_for(base, job_id, lambda j: j["state"] not in ("queued", "running"))
        assert (job["state"], job["rows_done"], job["attempts"]) == ("done", 3000, 2)
        scored = requests.get(f"{base}/api/jobs/{job_id}/output", timeout=30).content
    assert scored == expected_output(source, tmp_path)


@pytest.mark.parametrize("rows", [100_000])
def test_a_large_upload_is_accepted_at_once_and_shows_progress(tmp_path, rows):
    body = "id,text\n" + "".join(f"{i},Row {i} said.\n" for i in range(rows))
    fault = tmp_path / "fault"
    # Held after its first chunk, the job is running (not done) when the test looks at it.
    with server(tmp_path / "state", workers=1, env=hold_at(fault, "batch-chunk", 1)) as (base, _):
        created = requests.post(
            f"{base}/api/jobs", data=body, headers={"Content-Type": "text/csv"}, timeout=30
        )
        assert created.status_code == 202 and created.json()["rows_total"] == rows
        job_id = created.json()["id"]
        assert wait_held(fault) == 256
        moving = wait_for(base, job_id, lambda j: j["rows_done"] > 0)  # the next heartbeat
        page = requests.get(f"{base}/jobs/{job_id}", timeout=30).text
        shown = re.search(rf'<progress id="job-progress" max="{rows}" value="(\d+)">', page)
        assert (moving["state"], moving["rows_done"], int(shown.group(1))) == ("running", 256, 256)
        cancelled = requests.post(f"{base}/api/jobs/{job_id}/cancel", timeout=30).json()
        assert cancelled["state"] == "cancelled"
        release(fault)
        ended = wait_for(base, job_id, lambda j: j["state"] != "running")
        assert (ended["state"], ended["rows_done"]) == ("cancelled", 256)
