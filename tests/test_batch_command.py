"""`credibility batch` (credibility/batch/command.py): arguments, the summary line, the
progress bar, one line for a fatal problem."""

import argparse
import csv
import io
import os
import sys

import pytest

from credibility.batch import (
    command,
    configure_parser,
    main,
)
from tests.batchfiles import (
    OUTPUTS,
    expected,
    read_csv,
    write_csv,
)


def test_configure_parser_adds_the_batch_command():
    parser = argparse.ArgumentParser()
    configure_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["batch", "a.csv", "b*.csv", "-o", "out.csv"])
    assert args.func is command.cmd_batch
    assert args.inputs == ["a.csv", "b*.csv"]
    assert args.workers == (os.cpu_count() or 1)
    assert (args.text_col, args.html_col, args.engine, args.format) == (None, None, None, None)


def test_summary_line_on_stderr(tmp_path, capsys):
    source = write_csv(tmp_path / "in.csv", ["id", "text"], [["1", "A text."], ["2", " "]])
    assert main([str(source), "-o", str(tmp_path / "out.csv"), "--workers", "1"]) == 0
    err = capsys.readouterr().err
    assert err.startswith("credibility batch: 2 rows, 1 with errors, 0 unsupported, ")
    assert err.endswith(f" -> {tmp_path / 'out.csv'}\n")
    assert err.count("\n") == 1  # no progress bar: stderr is not a terminal


def test_progress_bar_only_on_a_terminal_and_not_quiet(tmp_path, capsys, monkeypatch):
    source = write_csv(tmp_path / "in.csv", ["text"], [["A said."], ["B said."]])
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    assert main([str(source), "-o", str(tmp_path / "out.csv"), "--workers", "1"]) == 0
    err = capsys.readouterr().err
    assert "batch: 100%" in err
    assert "rows=2, errors=0, unsupported=0, rows/s=" in err  # the counts beside the bar
    assert main([str(source), "-o", str(tmp_path / "out.csv"), "--quiet"]) == 0
    assert capsys.readouterr().err.startswith(
        "credibility batch: 2 rows, 0 with errors, 0 unsupported, "
    )


@pytest.mark.parametrize(
    "header, options, message",
    [
        (
            ["id", "body"],
            [],
            "no 'text' or 'html' column (name yours with --text-col/--html-col); "
            "the columns are: 'id', 'body'",
        ),
        (["id", "text"], ["--url-col", "link"], "no column 'link' (--url-col); "),
        (["text"], ["--id-col", "key"], "no column 'key' (--id-col); the columns are: 'text'"),
        (["text"], ["--resume", "-o", "-"], "--resume needs an output file, not -"),
        (["text", "label"], [], "the input already has a 'label' column"),
        (["text", "id", "id"], [], "duplicate column names in the header"),
        (["text"], ["--by-source", "s.csv"], "--by-source needs a source or url column"),
        (["text"], ["--encoding", "utf-16"], "batch reads ASCII-compatible encodings only"),
        (["text"], ["--encoding", "nope"], "unknown encoding 'nope'"),
        (["text"], ["--engine", "local", "--scheduler", "x:1"], "--scheduler needs --engine"),
    ],
)
def test_fatal_problems_print_one_line(tmp_path, capsys, header, options, message):
    source = write_csv(tmp_path / "in.csv", header, [["x"] * len(header)])
    assert main([str(source), "-o", str(tmp_path / "out.csv"), *options]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"credibility: error: {message}")
    assert err.count("\n") == 1
    assert not (tmp_path / "out.csv").exists()


def test_stdin_to_stdout(monkeypatch, capsys):
    data = b"id,text\n1,Officials said so.\n"
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data)))
    assert main(["-", "-o", "-", "--workers", "1"]) == 0
    out = capsys.readouterr().out
    assert list(csv.reader(io.StringIO(out))) == [
        ["id", "text", *OUTPUTS],
        ["1", "Officials said so.", *expected("Officials said so.")],
    ]


def test_globs_and_several_inputs(tmp_path):
    (tmp_path / "shards").mkdir()
    write_csv(tmp_path / "shards" / "b.csv", ["id", "text"], [["3", "C said."], ["4", ""]])
    write_csv(tmp_path / "shards" / "a.csv", ["id", "text"], [["1", "A said."], ["2", "B said."]])
    extra = write_csv(tmp_path / "extra.csv", ["id", "text"], [["5", "E said."]])
    out = tmp_path / "out.csv"
    pattern = str(tmp_path / "shards" / "*.csv")
    assert main([pattern, str(extra), "-o", str(out), "--chunksize", "1", "--workers", "1"]) == 0
    written = read_csv(out)
    assert [r[0] for r in written[1:]] == ["1", "2", "3", "4", "5"]
    assert written[4][-1] == "text is empty"  # only CSV errors name the file and line
    write_csv(tmp_path / "shards" / "c.csv", ["id", "body"], [["6", "F said."]])
    assert main([pattern, "-o", str(out)]) == 1


def test_standard_input_only_once(capsys):
    assert main(["-", "-", "-o", "-"]) == 1
    assert capsys.readouterr().err == (
        "credibility: error: standard input (-) can be read only once\n"
    )
