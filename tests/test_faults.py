"""Fault injection across the faces: broken CSVs, repeated kill -9 and resume, a full disk,
tampered models, training killed midway. Every row is accounted for; nothing claims to be
complete when it is not."""

import csv
import errno
import json
import random
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from credibility.batch import main as batch_main
from credibility.batch import write as batch_write
from credibility.cli import main
from tests.conftest import written_rows
from tests.holding import hold_at, wait_held

STORY = "The council said on Monday that the road budget passed, officials said."


def rows_of(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


BROKEN = {
    "NUL bytes": (b"id,text\n1,Council\x00 said\n2," + STORY.encode() + b"\n", 2),
    "unbalanced quote": (b'id,text\n1,"never closed\n2,' + STORY.encode() + b"\n", 1),
    "truncated last line": (b"id,text\n1," + STORY.encode() + b'\n2,"cut off mid', 2),
    "mixed newlines": (b"id,text\r\n1,a b c\n2," + STORY.encode() + b"\r3,x\r\n", None),
    "wrong encoding": ("id,text\n1,café crème said\n".encode("latin-1"), 1),
    "a 10 MB field": (b"id,text\n1," + b"word " * 2_000_000 + b"\n2," + STORY.encode() + b"\n", 2),
    "BOM and CRLF": (b"\xef\xbb\xbfid,text\r\n1," + STORY.encode() + b"\r\n", 1),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_csv_rows_are_all_accounted_for(name, tmp_path):
    content, expected_rows = BROKEN[name]
    source = tmp_path / "in.csv"
    source.write_bytes(content)
    out = tmp_path / "out.csv"
    assert batch_main([str(source), "-o", str(out), "--workers", "1", "--quiet"]) == 0
    scored = rows_of(out)
    assert scored[0] == ["id", "text", "credibility", "label", "top_signals", "error"]
    if expected_rows is not None:
        assert len(scored) - 1 == expected_rows
    for row in scored[1:]:
        assert len(row) == 6
        # Each row is scored or says why not.
        assert (row[2] != "") != (row[5] != ""), row


@pytest.mark.parametrize(
    "header, message",
    [(b"id,text,text\n", "duplicate"), (b"id,body\n", "no 'text' or 'html' column")],
)
def test_bad_headers_stop_before_the_first_row(header, message, tmp_path, capsys):
    source = tmp_path / "in.csv"
    source.write_bytes(header + b"1,x,y\n")
    assert batch_main([str(source), "-o", str(tmp_path / "out.csv"), "--workers", "1"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err
    assert not (tmp_path / "out.csv").exists()


def test_repeated_kill_9_then_resume_is_byte_identical(tmp_path):
    rows = [[str(i), f"{STORY} Story number {i}. " * 20] for i in range(600)]
    source = tmp_path / "in.csv"
    with source.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([["id", "text"], *rows])
    out, state = tmp_path / "out.csv", tmp_path / "out.csv.partial.json"
    args = [str(source), "-o", str(out), "--chunksize", "7", "--workers", "2", "--quiet"]
    rng = random.Random(20261126)
    stops = sorted(rng.sample(range(20, 580), 4))  # four kills at seeded points, in order
    saved = 0
    for attempt, stop_at in enumerate(stops):
        run = [*args, "--resume"] if attempt else args
        code = f"import sys; from credibility.batch import main; sys.exit(main({run!r}))"
        fault = tmp_path / f"fault{attempt}"
        process = subprocess.Popen(
            [sys.executable, "-c", code],
            stderr=subprocess.DEVNULL,
            env=hold_at(fault, "batch-chunk", stop_at),
        )
        try:
            # Held after the first chunk of 7 rows that reaches stop_at (a resumed run writes
            # at least one), its rows saved for --resume.
            held = max(-(-stop_at // 7) * 7, saved + 7)
            assert wait_held(fault, process) == held == json.loads(state.read_text())["rows"]
            saved = held
            process.send_signal(signal.SIGKILL)
        finally:
            process.kill()
            process.wait(timeout=30)
        assert process.returncode == -signal.SIGKILL and not out.exists()
    assert batch_main([*args, "--resume"]) == 0
    full = tmp_path / "full.csv"
    assert batch_main([str(source), "-o", str(full), "--workers", "1", "--quiet"]) == 0
    assert out.read_bytes() == full.read_bytes()


def test_full_disk_ends_with_one_line_and_no_complete_output(tmp_path, monkeypatch, capsys):
    rows = [[str(i), f"{STORY} {i}"] for i in range(40)]
    source = tmp_path / "in.csv"
    with source.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([["id", "text"], *rows])
    original = batch_write.Sink.write
    calls = {"n": 0}

    def write(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "out.csv"))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(batch_write.Sink, "write", write)
    out = tmp_path / "out.csv"
    assert (
        main(
            ["batch", str(source), "-o", str(out), "--chunksize", "5", "--workers", "1", "--quiet"]
        )
        == 1
    )
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "No space left on device; --resume continues once fixed" in err
    assert not out.exists()  # only OUT.partial, which says it is partial


def test_model_directory_that_cannot_be_written(tmp_path, capsys):
    data = tmp_path / "train.csv"
    import pandas as pd

    pd.DataFrame(written_rows()).to_csv(data, index=False)
    blocked = tmp_path / "file"
    blocked.write_text("not a directory")
    assert main(["train", str(data), "-o", str(blocked / "m"), "--no-cache"]) == 1
    assert capsys.readouterr().err.startswith("credibility: error: ")


def test_training_killed_midway_leaves_no_model_directory(tmp_path):
    import pandas as pd

    rows = written_rows(400)
    data = tmp_path / "train.csv"
    pd.DataFrame(rows).to_csv(data, index=False)
    out = tmp_path / "models" / "killed"
    code = (
        "import sys; from credibility.cli import main; "
        f"sys.exit(main(['train', {str(data)!r}, '-o', {str(out)!r}, '--no-cache']))"
    )
    fault = tmp_path / "fault"
    process = subprocess.Popen(
        [sys.executable, "-c", code],
        stderr=subprocess.DEVNULL,
        env=hold_at(fault, "train-save"),
    )
    wait_held(fault, process)  # trained and evaluated; the model not yet written
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    assert not out.exists()
    leftovers = list(out.parent.iterdir()) if out.parent.exists() else []
    assert leftovers == []
