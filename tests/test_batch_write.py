"""The batch's output (credibility/batch/write.py): CSV and JSON lines, spreadsheet-safe
added cells, OUT.partial and --resume."""

import json
import re
import signal
import subprocess
import sys
from pathlib import Path

from credibility.batch import main
from tests.batchfiles import (
    expected,
    interrupt_after,
    numbered,
    read_csv,
    write_csv,
)
from tests.holding import hold_at, wait_held


def test_jsonl_output(tmp_path):
    source = write_csv(
        tmp_path / "in.csv", ["id", "text"], [["1", "Officials said so."], ["2", ""]]
    )
    out = tmp_path / "out.jsonl"
    assert main([str(source), "-o", str(out), "--workers", "1"]) == 0
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    cells = expected("Officials said so.")
    assert lines[0] == {
        "id": "1",
        "text": "Officials said so.",
        "credibility": float(cells[0]),
        "label": cells[1],
        "top_signals": cells[2],
        "error": "",
    }
    assert lines[1] == {
        "id": "2",
        "text": "",
        "credibility": None,
        "label": "",
        "top_signals": "",
        "error": "text is empty",
    }


def test_unwritable_outputs_fail_before_scoring(tmp_path, capsys):
    source = write_csv(tmp_path / "in.csv", ["text", "source"], [["A said.", "A"]])
    missing = tmp_path / "missing" / "out.csv"
    assert main([str(source), "-o", str(missing)]) == 1
    assert capsys.readouterr().err == (
        f"credibility: error: {missing}.partial: cannot write (No such file or directory)\n"
    )
    assert main([str(source), "-o", str(tmp_path / "o.csv"), "--by-source", str(missing)]) == 1
    assert capsys.readouterr().err == (
        f"credibility: error: {missing}: cannot write, no such directory\n"
    )
    assert main([str(source), "-o", str(source)]) == 1
    assert capsys.readouterr().err.endswith("the output would overwrite an input\n")


def test_interrupt_then_resume_equals_an_uninterrupted_run(tmp_path, monkeypatch):
    source = write_csv(tmp_path / "in.csv", ["id", "source", "text"], numbered(30))
    out, full = tmp_path / "out.csv", tmp_path / "full.csv"
    common = ["--chunksize", "4", "--workers", "1"]
    assert (
        main([str(source), "-o", str(full), *common, "--by-source", str(tmp_path / "f.csv")]) == 0
    )
    summary = ["--by-source", str(tmp_path / "s.csv")]
    with monkeypatch.context() as patch:
        interrupt_after(patch, 3)
        assert main([str(source), "-o", str(out), *common, *summary]) == 130
    state = json.loads((tmp_path / "out.csv.partial.json").read_text(encoding="utf-8"))
    assert (state["rows"], state["errors"]) == (12, 0)
    # The summary's journal: one line per row written, each with its site verdict's part.
    journal = (tmp_path / "out.csv.partial.sites").read_bytes()
    assert state["journal_bytes"] == len(journal) and journal.count(b"\n") == 12
    assert not out.exists() and not (tmp_path / "s.csv").exists()
    assert main([str(source), "-o", str(out), *common, "--resume", *summary]) == 0
    assert out.read_bytes() == full.read_bytes()
    assert (tmp_path / "s.csv").read_bytes() == (tmp_path / "f.csv").read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "f.csv",
        "full.csv",
        "in.csv",
        "out.csv",
        "s.csv",
    ]


def test_resume_refuses_a_summary_the_interrupted_run_did_not_keep(tmp_path, monkeypatch, capsys):
    source = write_csv(tmp_path / "in.csv", ["id", "source", "text"], numbered(12))
    out = tmp_path / "out.csv"
    interrupted_run(monkeypatch, source, out)
    capsys.readouterr()
    summary = ["--by-source", str(tmp_path / "s.csv")]
    assert main([str(source), "-o", str(out), "--chunksize", "4", "--resume", *summary]) == 1
    assert capsys.readouterr().err == (
        f"credibility: error: {out}: cannot resume with --by-source: the interrupted run had "
        "none; run without --resume to start again\n"
    )
    assert (tmp_path / "out.csv.partial").is_file()  # kept: a resume without it continues
    assert main([str(source), "-o", str(out), "--chunksize", "4", "--resume"]) == 0
    assert len(read_csv(out)) == 13


def interrupted_run(monkeypatch, source: Path, out: Path) -> None:
    """A run in chunks of 4 stopped by Ctrl-C after its first chunk."""
    with monkeypatch.context() as patch:
        interrupt_after(patch, 1)
        assert main([str(source), "-o", str(out), "--chunksize", "4", "--workers", "1"]) == 130


def test_resume_refuses_a_changed_input(tmp_path, monkeypatch, capsys):
    source = write_csv(tmp_path / "in.csv", ["id", "source", "text"], numbered(12))
    out = tmp_path / "out.csv"
    interrupted_run(monkeypatch, source, out)
    write_csv(source, ["id", "source", "text"], numbered(13))
    capsys.readouterr()
    assert main([str(source), "-o", str(out), "--chunksize", "4", "--resume"]) == 1
    assert capsys.readouterr().err == (
        f"credibility: error: {out}: cannot resume: inputs changed since the interrupted run; "
        "run without --resume to start again\n"
    )
    # Without --resume it starts again; --resume with nothing to resume starts too.
    assert main([str(source), "-o", str(out), "--chunksize", "4", "--workers", "1"]) == 0
    assert len(read_csv(out)) == 14
    out.unlink()
    assert main([str(source), "-o", str(out), "--resume", "--workers", "1"]) == 0
    assert len(read_csv(out)) == 14


def test_kill_then_resume_equals_an_uninterrupted_run(tmp_path, news_story):
    rows = [[str(i), f"s{i % 7}", f"{news_story}\n{news_story}\nStory {i}."] for i in range(400)]
    source = write_csv(tmp_path / "in.csv", ["id", "source", "text"], rows)
    out, full, state = (
        tmp_path / "out.csv",
        tmp_path / "full.csv",
        tmp_path / "out.csv.partial.json",
    )
    args = [str(source), "-o", str(out), "--chunksize", "5", "--workers", "2", "--quiet"]
    args += ["--by-source", str(tmp_path / "s.csv")]
    code = f"import sys; from credibility.batch import main; sys.exit(main({args!r}))"
    fault = tmp_path / "fault"
    process = subprocess.Popen(
        [sys.executable, "-c", code],
        stderr=subprocess.DEVNULL,
        env=hold_at(fault, "batch-chunk", 50),
    )
    try:
        assert wait_held(fault, process) == 50
        process.send_signal(signal.SIGKILL)
    finally:
        process.kill()
        process.wait()
    assert process.returncode == -signal.SIGKILL
    assert json.loads(state.read_text())["rows"] == 50  # killed mid-run, at chunk 10
    with open(tmp_path / "out.csv.partial", "ab") as partial:
        partial.write(b'123,"half a row from a chunk being written')  # as a kill may leave
    with open(tmp_path / "out.csv.partial.sites", "ab") as journal:
        journal.write(b'["(unknown)", 0.9')  # and half a line of the summary's journal
    assert main([*args, "--resume"]) == 0
    whole = ["--chunksize", "50", "--workers", "1", "--by-source", str(tmp_path / "f.csv")]
    assert main([str(source), "-o", str(full), *whole]) == 0
    assert out.read_bytes() == full.read_bytes()
    assert (tmp_path / "s.csv").read_bytes() == (tmp_path / "f.csv").read_bytes()


FORMULAS = ['=HYPERLINK("http://evil.example","x")', "+cmd|' /C calc'!A0", "@SUM(1+1)", "-2+3"]


def test_input_columns_are_written_byte_for_byte_even_when_they_look_like_formulas(tmp_path):
    rows = [[f"{cell}", f"\t{cell}", f"{cell} Officials said so."] for cell in FORMULAS]
    source = write_csv(tmp_path / "in.csv", ["id", "source", "text"], rows)
    out = tmp_path / "out.csv"
    assert main([str(source), "-o", str(out), "--workers", "1"]) == 0
    given = source.read_bytes().split(b"\n")
    written = out.read_bytes().split(b"\n")
    assert len(written) == len(given)
    for before, after in zip(given[1:-1], written[1:-1], strict=True):
        assert after.startswith(before + b",")
    assert [r[:3] for r in read_csv(out)[1:]] == rows


def test_added_cells_are_spreadsheet_safe_and_credibility_has_four_decimals(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_csv(tmp_path / "=x.csv", ["id", "text"], [["1", "A said.", "extra"]])
    write_csv(tmp_path / "+y.csv", ["id", "text"], [["2", numbered(1)[0][2]]])
    assert main(["=x.csv", "+y.csv", "-o", "out.csv", "--workers", "1"]) == 0
    written = read_csv(tmp_path / "out.csv")
    error = "=x.csv line 2: 3 fields, the header has 2: not scored; the first 2 kept, 1 dropped"
    assert written[1] == ["1", "A said.", "", "", "", f"'{error}"]
    assert written[2][2:] == expected(numbered(1)[0][2])
    assert re.fullmatch(r"[01]\.\d{4}", written[2][2])
    # JSON lines are read by programs, not spreadsheets: the strings are kept as they are.
    assert main(["=x.csv", "+y.csv", "-o", "out.jsonl", "--workers", "1"]) == 0
    records = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert records[0]["error"] == error
    assert records[1]["credibility"] == float(written[2][2])


def test_resume_refuses_a_partial_output_in_an_older_layout(tmp_path, monkeypatch, capsys):
    source = write_csv(tmp_path / "in.csv", ["id", "source", "text"], numbered(8))
    out = tmp_path / "out.csv"
    interrupted_run(monkeypatch, source, out)
    state = tmp_path / "out.csv.partial.json"
    saved = json.loads(state.read_text(encoding="utf-8"))
    assert (saved["settings"]["layout"], saved["rows"], saved["unsupported"]) == (2, 4, 0)
    del saved["settings"]["layout"]  # as the version that wrote credibility with repr() saved it
    state.write_text(json.dumps(saved), encoding="utf-8")
    capsys.readouterr()
    assert main([str(source), "-o", str(out), "--chunksize", "4", "--resume"]) == 1
    assert capsys.readouterr().err == (
        f"credibility: error: {out}: cannot resume: layout changed since the interrupted run; "
        "run without --resume to start again\n"
    )
