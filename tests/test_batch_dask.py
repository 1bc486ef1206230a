import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest

from credibility.batch import main, write
from credibility.batch.dask import DASHBOARD
from tests.conftest import written_rows

pytest.importorskip("distributed")


def mixed() -> bytes:
    """A little of everything the reader must get right: a BOM, CRLF, quoted newlines, a row
    with too many fields, a blank line, an undecodable byte, an empty text."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(["id", "source", "url", "text"])
    for i, row in enumerate(written_rows(6)):  # texts with quotes and newlines
        writer.writerow([i, row["source"], f"https://site{i % 3}.example/{i}", row["text"]])
    return (
        b"\xef\xbb\xbf"
        + text.getvalue().encode()
        + b"20,bad,https://x.example/,Officials said so.,extra\r\n"
        + b"\r\n"
        + b"21,latin,https://x.example/,Caf\xe9 owners said so.\r\n"
        + b"22,empty,https://x.example/,\r\n"
    )


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """A small cluster in this process (threads), listening on 127.0.0.1 only."""
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=1,
        processes=False,
        threads_per_worker=2,
        protocol="tcp",
        host="127.0.0.1",
        dashboard_address=DASHBOARD,  # a free port: two suites at once both get one
    ) as cluster:
        yield cluster.scheduler_address


def run(source: Path, out: Path, *options: str) -> bytes:
    assert main([str(source), "-o", str(out), "--chunksize", "3", "--quiet", *options]) == 0
    return out.read_bytes()


def test_local_cluster_agrees_with_the_local_engine(tmp_path):
    source = tmp_path / "in.csv"
    source.write_bytes(mixed())
    local = run(source, tmp_path / "local.csv", "--workers", "1")
    # No --scheduler: the engine starts its own LocalCluster (one worker process).
    assert run(source, tmp_path / "dask.csv", "--engine", "dask", "--workers", "1") == local
    assert local.count(b"\n20,bad,") == 1
    assert b"line 38: 5 fields, the header has 4: not scored; the first 4 kept, 1 dropped" in local


@pytest.mark.parametrize("name", ["out.csv", "out.jsonl"])
def test_scheduler_address_agrees_with_the_local_engine(tmp_path, scheduler, name):
    source = tmp_path / "in.csv"
    source.write_bytes(mixed())
    local = run(source, tmp_path / f"local-{name}", "--by-source", str(tmp_path / "l.csv"))
    remote = run(
        source, tmp_path / name, "--scheduler", scheduler, "--by-source", str(tmp_path / "d.csv")
    )
    assert remote == local
    assert (tmp_path / "d.csv").read_bytes() == (tmp_path / "l.csv").read_bytes()


def test_dask_run_resumes(tmp_path, scheduler, monkeypatch):
    source = tmp_path / "in.csv"
    source.write_bytes(mixed())
    full = run(source, tmp_path / "full.csv", "--workers", "1")
    real = write.Sink.write
    calls = []

    def interrupted(self, *args):
        real(self, *args)
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr(write.Sink, "write", interrupted)
        options = ["--chunksize", "3", "--scheduler", scheduler, "--quiet"]
        assert main([str(source), "-o", str(tmp_path / "out.csv"), *options]) == 130
    assert run(source, tmp_path / "out.csv", "--scheduler", scheduler, "--resume") == full


def test_dask_engine_refuses_standard_input(tmp_path, capsys):
    assert main(["-", "-o", str(tmp_path / "out.csv"), "--engine", "dask"]) == 1
    assert capsys.readouterr().err.endswith("the dask engine reads files, not stdin\n")


def test_a_web_job_runs_on_the_dask_scheduler_it_is_given(tmp_path, scheduler):
    """CREDIBILITY_JOB_SCHEDULER: the app's jobs run on that cluster, with the same output
    as the command line's (in the web's words)."""
    from credibility.webapp import create_app
    from credibility.webapp.jobs.runner import run_pending

    body = mixed()
    app = create_app({"TESTING": True, "STATE_DIR": str(tmp_path), "JOB_SCHEDULER": scheduler})
    client = app.test_client()
    job = client.post("/api/jobs", data=body, content_type="text/csv").get_json()
    assert run_pending(app) == ["done"]
    with client.get(f"/api/jobs/{job['id']}/output") as output:
        scored = output.get_data()
    source = tmp_path / "in.csv"
    source.write_bytes(body)
    local = run(source, tmp_path / "local.csv", "--workers", "1")
    assert b"; try --encoding" in local  # the rows name the web's remedy, not the option
    assert scored == local.replace(b"; try --encoding", b"; convert it to UTF-8")
    app.extensions["credibility_store"].close()


def test_dask_gives_the_same_site_verdicts(tmp_path, scheduler):
    """Sites with enough pages for a band and evidence with examples: the lowering signals
    and log-odds travel through the partitions unchanged."""
    from tests.batchfiles import FARM, read_csv, site_rows, write_csv

    source = write_csv(tmp_path / "in.csv", ["id", "url", "text"], site_rows())
    local = run(
        source, tmp_path / "local.csv", "--workers", "1", "--by-source", str(tmp_path / "l.csv")
    )
    remote = run(
        source,
        tmp_path / "d.csv",
        "--scheduler",
        scheduler,
        "--by-source",
        str(tmp_path / "ds.csv"),
    )
    assert remote == local
    assert (tmp_path / "ds.csv").read_bytes() == (tmp_path / "l.csv").read_bytes()
    farm = next(row for row in read_csv(tmp_path / "ds.csv") if row[0] == FARM)
    assert farm[5] == "low" and 'pages: "' in farm[8]
