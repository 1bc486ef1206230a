import argparse
import csv
import io
import json
import os
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from credibility import batch, batch_sink
from credibility.batch import BatchSummary, configure_parser, main, score_file
from credibility.errors import InvalidInputError, ModelLoadError
from credibility.model import load_model
from credibility.scoring import score
from tests.conftest import FIXTURES, written_rows

ARTICLES = FIXTURES / "batch" / "articles.csv"
OUTPUTS = ["credibility", "label", "top_signals", "error"]


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    return path


def read_csv(path: Path) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def numbered(n: int) -> list[list[str]]:
    """n rows of written articles with an id, alternating credible and farm texts."""
    rows = written_rows(n // 2 + 1)
    return [[str(i), rows[i]["source"], rows[i]["text"]] for i in range(n)]


def expected(text: str, **kwargs: str) -> list[str]:
    """The four output cells for a text, computed straight from score()."""
    result = score(text, model=load_model(), **kwargs)
    top = ";".join(f"{s.name}:{s.points:+.2f}" for s in result.top(3))
    return [repr(result.credibility), result.label, top, ""]


def test_configure_parser_adds_the_batch_command():
    parser = argparse.ArgumentParser()
    configure_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["batch", "a.csv", "b*.csv", "-o", "out.csv"])
    assert args.func is batch.cmd_batch
    assert args.inputs == ["a.csv", "b*.csv"]
    assert args.workers == (os.cpu_count() or 1)
    assert (args.text_col, args.html_col, args.engine, args.format) == (None, None, None, None)


@pytest.mark.parametrize("workers", ["1", "2"])
def test_every_row_once_in_order_across_chunks_and_workers(tmp_path, workers):
    rows = numbered(20)
    source = write_csv(tmp_path / "in.csv", ["id", "source", "text"], rows)
    out = tmp_path / "out.csv"
    assert main([str(source), "-o", str(out), "--chunksize", "3", "--workers", workers]) == 0
    written = read_csv(out)
    assert written[0] == ["id", "source", "text", *OUTPUTS]
    assert [r[:3] for r in written[1:]] == rows
    assert [r[3:] for r in written[1:]] == [expected(r[2]) for r in rows]
    assert not (tmp_path / "out.csv.partial").exists()
    assert not (tmp_path / "out.csv.partial.json").exists()


def test_summary_line_on_stderr(tmp_path, capsys):
    source = write_csv(tmp_path / "in.csv", ["id", "text"], [["1", "A text."], ["2", " "]])
    assert main([str(source), "-o", str(tmp_path / "out.csv"), "--workers", "1"]) == 0
    err = capsys.readouterr().err
    assert err.startswith("credibility batch: 2 rows, 1 with errors, ")
    assert err.endswith(f" -> {tmp_path / 'out.csv'}\n")
    assert err.count("\n") == 1  # no progress bar: stderr is not a terminal


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


def test_html_cell_used_when_not_empty(tmp_path, page_html, farm_page):
    rows = [["1", farm_page, page_html], ["2", farm_page, "  "]]
    source = write_csv(tmp_path / "in.csv", ["id", "text", "html"], rows)
    out = tmp_path / "out.csv"
    assert main([str(source), "-o", str(out), "--workers", "1"]) == 0
    written = read_csv(out)
    assert written[1][3] == repr(score(html=page_html, model=load_model()).credibility)
    assert written[2][3:] == expected(farm_page)


def test_title_and_url_columns_reach_score(tmp_path, news_story):
    rows = [[news_story, "Hospital", "https://news24-7.example.xyz/a"]]
    source = write_csv(tmp_path / "in.csv", ["body", "headline", "link"], rows)
    out = tmp_path / "out.csv"
    options = ["--text-col", "body", "--title-col", "headline", "--url-col", "link"]
    assert main([str(source), "-o", str(out), "--workers", "1", *options]) == 0
    result = score(news_story, title="Hospital", url=rows[0][2], model=load_model())
    assert read_csv(out)[1][3] == repr(result.credibility)


def test_empty_and_oversized_texts_get_an_error_and_the_batch_goes_on(tmp_path):
    huge = "word " * 400_001  # 2,000,005 bytes: over score()'s 2 MB, over csv's 128 KiB
    rows = [["1", ""], ["2", "   "], ["3", huge], ["4", "Officials said so."]]
    source = write_csv(tmp_path / "in.csv", ["id", "text"], rows)
    out = tmp_path / "out.csv"
    assert main([str(source), "-o", str(out), "--workers", "1"]) == 0
    written = read_csv(out)
    assert [r[-1] for r in written[1:]] == [
        "text is empty",
        "text is empty",
        "text is 2,000,005 bytes, over the limit of 2,000,000",
        "",
    ]
    assert written[3][1] == huge
    assert written[4][2:] == expected("Officials said so.")


def test_bom_crlf_and_quoted_newlines(tmp_path):
    text = "Officials said so.\r\nThe council confirmed it."
    data = b'\xef\xbb\xbfid,text\r\n1,"' + text.encode() + b'"\r\n2,Plain line\r\n'
    (tmp_path / "in.csv").write_bytes(data)
    out = tmp_path / "out.csv"
    assert main([str(tmp_path / "in.csv"), "-o", str(out), "--workers", "1"]) == 0
    written = read_csv(out)
    assert written[0][:2] == ["id", "text"]  # the BOM is not part of the first name
    assert written[1][:2] == ["1", text]  # the quoted CRLF is kept as it was
    assert written[1][2:] == expected(text)
    assert written[2][:2] == ["2", "Plain line"]
    assert out.read_bytes().startswith(b"id,text,credibility,")


def test_malformed_lines_are_reported_with_their_line_number(tmp_path):
    data = (
        "id,title,text\n"
        '1,Two lines,"Officials said so.\nThe council confirmed it."\n'  # lines 2-3
        "2,Too many,Officials said so.,extra,more\n"  # line 4
        "3,Too few\n"  # line 5
        "\n"  # line 6: blank, not a row
        "4,Bare CR,Officials\rsaid so.\n"  # line 7: csv.Error
        "5,Fine,Officials said so.\n"
    )
    (tmp_path / "in.csv").write_text(data, encoding="utf-8", newline="")
    out = tmp_path / "out.csv"
    assert main([str(tmp_path / "in.csv"), "-o", str(out), "--workers", "1"]) == 0
    written = read_csv(out)
    assert [r[0] for r in written[1:]] == ["1", "2", "3", "", "5"]
    assert written[1][-1] == ""
    assert written[2][:3] == ["2", "Too many", "Officials said so."]
    assert written[2][3:] == ["", "", "", "line 4: 5 fields, the header has 3; extra ones dropped"]
    assert written[3][:3] == ["3", "Too few", ""]
    assert written[3][-1] == "line 5: 2 fields, the header has 3"
    assert written[4][:3] == ["", "", ""]
    # csv's own wording of the reason varies between Python versions.
    assert written[4][-1].startswith("line 7: malformed CSV (new-line character seen in unquoted")
    assert written[5][3:] == expected("Officials said so.", title="Fine")


def test_undecodable_bytes_are_a_row_error_unless_an_encoding_is_given(tmp_path):
    data = b"id,text\n1,Officials said so.\n2,Caf\xe9 owners said so.\n"
    (tmp_path / "in.csv").write_bytes(data)
    out = tmp_path / "out.csv"
    assert main([str(tmp_path / "in.csv"), "-o", str(out), "--workers", "1"]) == 0
    written = read_csv(out)
    assert written[1][2:] == expected("Officials said so.")
    error = "line 3: undecodable bytes for utf-8; try --encoding"
    assert written[2] == ["2", "Caf\ufffd owners said so.", "", "", "", error]
    assert main([str(tmp_path / "in.csv"), "-o", str(out), "--encoding", "latin-1"]) == 0
    assert read_csv(out)[2][:2] == ["2", "Café owners said so."]
    assert read_csv(out)[2][2:] == expected("Café owners said so.")


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


@pytest.mark.parametrize(
    "content, message",
    [
        (None, "no such file"),
        (b"", "empty, no header line"),
        (b"\xff\xfei\x00d\x00\n\x00", "the input is UTF-16; convert it to UTF-8"),
        (b"i\xe9,text\n", "undecodable header for utf-8; try --encoding"),
    ],
)
def test_unreadable_inputs(tmp_path, capsys, content, message):
    path = tmp_path / "in.csv"
    if content is not None:
        path.write_bytes(content)
    assert main([str(path), "-o", str(tmp_path / "out.csv")]) == 1
    assert capsys.readouterr().err == f"credibility: error: {path}: {message}\n"


def test_unwritable_outputs_fail_before_scoring(tmp_path, capsys):
    source = write_csv(tmp_path / "in.csv", ["text", "source"], [["A said.", "A"]])
    missing = tmp_path / "missing" / "out.csv"
    assert main([str(source), "-o", str(missing)]) == 1
    assert capsys.readouterr().err == (
        f"credibility: error: cannot write {missing}.partial: No such file or directory\n"
    )
    assert main([str(source), "-o", str(tmp_path / "o.csv"), "--by-source", str(missing)]) == 1
    assert capsys.readouterr().err == (
        f"credibility: error: cannot write {missing}: no such directory\n"
    )
    assert main([str(source), "-o", str(source)]) == 1
    assert capsys.readouterr().err.endswith("the output would overwrite an input\n")


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


def test_file_names_prefix_parse_errors_when_there_are_several_inputs(tmp_path):
    a = write_csv(tmp_path / "a.csv", ["id", "text"], [["1", "A said."]])
    b = tmp_path / "b.csv"
    b.write_text("id,text\n2,B said.,extra\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    assert main([str(a), str(b), "-o", str(out), "--workers", "1"]) == 0
    assert read_csv(out)[2][-1] == f"{b} line 2: 3 fields, the header has 2; extra ones dropped"


def interrupt_after(monkeypatch, chunks: int) -> None:
    """Make the sink raise KeyboardInterrupt (Ctrl-C) after writing ``chunks`` chunks."""
    real, count = batch_sink.Sink.write, [0]

    def write(self, *args):
        real(self, *args)
        count[0] += 1
        if count[0] == chunks:
            raise KeyboardInterrupt

    monkeypatch.setattr(batch_sink.Sink, "write", write)


def test_interrupt_then_resume_equals_an_uninterrupted_run(tmp_path, monkeypatch):
    source = write_csv(tmp_path / "in.csv", ["id", "source", "text"], numbered(30))
    out, full = tmp_path / "out.csv", tmp_path / "full.csv"
    common = ["--chunksize", "4", "--workers", "1"]
    assert (
        main([str(source), "-o", str(full), *common, "--by-source", str(tmp_path / "f.csv")]) == 0
    )
    with monkeypatch.context() as patch:
        interrupt_after(patch, 3)
        assert main([str(source), "-o", str(out), *common]) == 130
    state = json.loads((tmp_path / "out.csv.partial.json").read_text(encoding="utf-8"))
    assert (state["rows"], state["errors"]) == (12, 0)
    assert not out.exists()
    resumed = ["--resume", "--by-source", str(tmp_path / "s.csv")]
    assert main([str(source), "-o", str(out), *common, *resumed]) == 0
    assert out.read_bytes() == full.read_bytes()
    assert (tmp_path / "s.csv").read_bytes() == (tmp_path / "f.csv").read_bytes()


def test_resume_refuses_a_changed_input(tmp_path, monkeypatch, capsys):
    source = write_csv(tmp_path / "in.csv", ["id", "source", "text"], numbered(12))
    out = tmp_path / "out.csv"
    with monkeypatch.context() as patch:
        interrupt_after(patch, 1)
        assert main([str(source), "-o", str(out), "--chunksize", "4", "--workers", "1"]) == 130
    write_csv(source, ["id", "source", "text"], numbered(13))
    capsys.readouterr()
    assert main([str(source), "-o", str(out), "--chunksize", "4", "--resume"]) == 1
    assert capsys.readouterr().err == (
        f"credibility: error: cannot resume {out}: inputs changed since the interrupted run; "
        "run without --resume to start again\n"
    )
    # Without --resume it starts again; --resume with nothing to resume starts too.
    assert main([str(source), "-o", str(out), "--chunksize", "4", "--workers", "1"]) == 0
    assert len(read_csv(out)) == 14
    out.unlink()
    assert main([str(source), "-o", str(out), "--resume", "--workers", "1"]) == 0
    assert len(read_csv(out)) == 14


def test_kill_then_resume_equals_an_uninterrupted_run(tmp_path, news_story):
    rows = [[str(i), f"{news_story}\n{news_story}\nStory {i}."] for i in range(400)]
    source = write_csv(tmp_path / "in.csv", ["id", "text"], rows)
    out, full, state = (
        tmp_path / "out.csv",
        tmp_path / "full.csv",
        tmp_path / "out.csv.partial.json",
    )
    args = [str(source), "-o", str(out), "--chunksize", "5", "--workers", "2", "--quiet"]
    code = f"import sys; from credibility.batch import main; sys.exit(main({args!r}))"
    process = subprocess.Popen([sys.executable, "-c", code], stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while not (state.exists() and json.loads(state.read_text() or "{}").get("rows", 0) >= 50):
            assert process.poll() is None and time.monotonic() < deadline
            time.sleep(0.002)
        process.send_signal(signal.SIGKILL)
    finally:
        process.kill()
        process.wait()
    assert process.returncode == -signal.SIGKILL
    assert 50 <= json.loads(state.read_text())["rows"] < 400  # killed mid-run
    with open(tmp_path / "out.csv.partial", "ab") as partial:
        partial.write(b'123,"half a row from a chunk being written')  # as a kill may leave
    assert main([*args, "--resume"]) == 0
    assert main([str(source), "-o", str(full), "--chunksize", "50", "--workers", "1"]) == 0
    assert out.read_bytes() == full.read_bytes()


def test_by_source_rollup(tmp_path):
    out, summary = tmp_path / "out.csv", tmp_path / "sources.csv"
    assert main([str(ARTICLES), "-o", str(out), "--by-source", str(summary), "--workers", "1"]) == 0
    scored = read_csv(out)[1:]
    table = read_csv(summary)
    assert table[0] == [
        "source",
        "articles",
        "scored",
        "unsupported",
        "mean_credibility",
        "median_credibility",
        "share_credible",
        "share_uncertain",
        "share_low",
        "top_signals",
    ]
    # Valley Courier by its source cell (a5 has no text), the farm by its URL's domain.
    groups = {"Valley Courier": scored[0:2], "allnewshub24.example": scored[2:4]}
    assert [r[:4] for r in table[1:]] == [
        ["Valley Courier", "3", "2", "0"],
        ["allnewshub24.example", "2", "2", "0"],
    ]
    assert scored[4][-1] == "text is empty"
    for row, (source, rows) in zip(table[1:], groups.items(), strict=True):
        values = [float(r[5]) for r in rows]
        labels = [r[6] for r in rows]
        names = [part.rpartition(":")[0] for r in rows for part in r[7].split(";")]
        counts = sorted({(-names.count(n), n) for n in names})[:3]
        assert row == [
            source,
            row[1],
            "2",
            "0",
            f"{statistics.fmean(values):.4f}",
            f"{statistics.median(values):.4f}",
            *(f"{labels.count(band) / 2:.4f}" for band in ("credible", "uncertain", "low")),
            "; ".join(f"{name} ({-count})" for count, name in counts),
        ]
    # The written articles are clear cases, the courier's credible, the farm's low, where
    # they have the 80 words a verdict needs; a2 (68 words) and a4 (62) are too short.
    assert [r[6] for r in scored] == ["credible", "uncertain", "low", "uncertain", ""]


def test_progress_bar_only_on_a_terminal_and_not_quiet(tmp_path, capsys, monkeypatch):
    source = write_csv(tmp_path / "in.csv", ["text"], [["A said."], ["B said."]])
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    assert main([str(source), "-o", str(tmp_path / "out.csv"), "--workers", "1"]) == 0
    err = capsys.readouterr().err
    assert "batch: 100%" in err
    assert "2 rows, " in err  # rows and rows/s beside the bar
    assert main([str(source), "-o", str(tmp_path / "out.csv"), "--quiet"]) == 0
    assert capsys.readouterr().err.startswith("credibility batch: 2 rows, 0 with errors, ")


def test_standard_input_only_once(capsys):
    assert main(["-", "-", "-o", "-"]) == 1
    assert capsys.readouterr().err == (
        "credibility: error: standard input (-) can be read only once\n"
    )


SOURCE_COLUMNS = [
    "source",
    "articles",
    "scored",
    "unsupported",
    "mean_credibility",
    "median_credibility",
    "share_credible",
    "share_uncertain",
    "share_low",
    "top_signals",
]


def test_score_file_writes_what_the_cli_writes_and_prints_nothing(tmp_path, capsys):
    out = tmp_path / "lib.csv"
    summary = score_file(str(ARTICLES), str(out), by_source=True)
    assert capsys.readouterr() == ("", "")
    assert isinstance(summary, BatchSummary)
    assert (summary.rows, summary.errors) == (5, 1)
    assert summary.seconds > 0
    cli, cli_sources = tmp_path / "cli.csv", tmp_path / "sources.csv"
    assert main([str(ARTICLES), "-o", str(cli), "--by-source", str(cli_sources)]) == 0
    assert out.read_bytes() == cli.read_bytes()
    assert summary.sources == read_csv(cli_sources)
    assert summary.sources is not None
    assert summary.sources[0] == SOURCE_COLUMNS
    # Of the courier's two scored articles one is credible, one too short (uncertain); its
    # third has no text.
    assert summary.sources[1][:4] == ["Valley Courier", "3", "2", "0"]
    assert summary.sources[1][6:9] == ["0.5000", "0.5000", "0.0000"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cli.csv", "lib.csv", "sources.csv"]


def test_score_file_from_a_thread_with_a_pool_and_named_columns(tmp_path, news_story):
    """As the web app calls it: from a server thread; workers > 1 start a process pool."""
    rows = [
        [f"r{i}", f"{news_story}\nStory {i}.", "Site", f"https://a{i}.example/"] for i in range(6)
    ]
    source = write_csv(tmp_path / "in.csv", ["key", "body", "outlet", "link"], [*rows, ["r6"]])
    columns = {"text_col": "body", "source_col": "outlet", "url_col": "link"}
    result: list[BatchSummary] = []
    thread = threading.Thread(
        target=lambda: result.append(
            score_file(str(source), str(tmp_path / "lib.csv"), workers=2, **columns)
        )
    )
    thread.start()
    thread.join(60)
    assert [(r.rows, r.errors) for r in result] == [(7, 1)]
    assert result[0].sources is None  # not asked for
    options = ["--text-col", "body", "--source-col", "outlet", "--url-col", "link"]
    assert main([str(source), "-o", str(tmp_path / "cli.csv"), "--workers", "1", *options]) == 0
    assert (tmp_path / "lib.csv").read_bytes() == (tmp_path / "cli.csv").read_bytes()
    last = read_csv(tmp_path / "lib.csv")[7]  # the story's newlines make it line 92
    assert last == ["r6", "", "", "", "", "", "", "line 92: 1 fields, the header has 4"]


def test_score_file_by_source_without_source_or_url_columns_gives_none(tmp_path):
    source = write_csv(tmp_path / "in.csv", ["id", "text"], [["1", "A said."], ["2", ""]])
    summary = score_file(str(source), str(tmp_path / "out.csv"), by_source=True)
    assert (summary.rows, summary.errors, summary.sources) == (2, 1, None)
    assert [r[-1] for r in read_csv(tmp_path / "out.csv")] == ["error", "", "text is empty"]


@pytest.mark.parametrize(
    "header, options, message",
    [
        (
            ["id", "text"],
            {"text_col": "body"},
            "no column 'body' (--text-col); the columns are: 'id', 'text'",
        ),
        (
            ["id", "body"],
            {},
            "no 'text' or 'html' column (name yours with --text-col/--html-col); "
            "the columns are: 'id', 'body'",
        ),
        (
            ["text", "score"],
            {"source_col": "site"},
            "no column 'site' (--source-col); the columns are: 'text', 'score'",
        ),
        (["text", "error"], {}, "the input already has a 'error' column (the output adds it)"),
        (["text"], {"encoding": "nope"}, "unknown encoding 'nope'"),
        (["text"], {"workers": 0}, "workers must be at least 1, not 0"),
    ],
)
def test_score_file_fatal_problems_raise_one_line(tmp_path, capsys, header, options, message):
    source = write_csv(tmp_path / "in.csv", header, [["x"] * len(header)])
    with pytest.raises(InvalidInputError) as caught:
        score_file(str(source), str(tmp_path / "out.csv"), **options)
    assert str(caught.value) == message
    assert capsys.readouterr() == ("", "")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv"]


def test_score_file_bad_model_is_a_model_load_error(tmp_path):
    source = write_csv(tmp_path / "in.csv", ["text"], [["A said."]])
    with pytest.raises(ModelLoadError, match=r"no-such-model: not a model directory"):
        score_file(str(source), str(tmp_path / "out.csv"), model="no-such-model")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv"]


def test_score_file_takes_paths_not_patterns_nor_standard_streams(tmp_path):
    write_csv(tmp_path / "a1.csv", ["text"], [["A said."]])
    pattern = str(tmp_path / "a[1].csv")  # a glob matching a1.csv, which the CLI would read
    with pytest.raises(InvalidInputError, match=r"a\[1\]\.csv: no such file$"):
        score_file(pattern, str(tmp_path / "out.csv"))
    for paths in (["-", str(tmp_path / "out.csv")], [str(tmp_path / "a1.csv"), "-"]):
        with pytest.raises(InvalidInputError, match="not standard input/output"):
            score_file(*paths)
    assert not (tmp_path / "out.csv").exists()


def test_score_file_stopped_mid_run_leaves_no_partial_output(tmp_path, monkeypatch):
    source = write_csv(tmp_path / "in.csv", ["id", "source", "text"], numbered(4))
    interrupt_after(monkeypatch, 1)
    with pytest.raises(KeyboardInterrupt):
        score_file(str(source), str(tmp_path / "out.csv"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv"]


@pytest.mark.parametrize("workers", ["1", "2"])
def test_other_language_row_is_unsupported_not_an_error(tmp_path, news_story, workers):
    german = (FIXTURES / "german-story.txt").read_text(encoding="utf-8")
    rows = [["1", news_story], ["2", german]]
    source = write_csv(tmp_path / "in.csv", ["id", "text"], rows)
    out = tmp_path / "out.csv"
    assert main([str(source), "-o", str(out), "--workers", workers]) == 0
    written = read_csv(out)
    assert written[0] == ["id", "text", *OUTPUTS]
    assert [r[:2] for r in written[1:]] == rows  # every row once, in input order
    assert written[1][2:] == expected(news_story)
    assert written[1][3] == "credible"
    assert written[2][2:] == ["", "unsupported", "", ""]
    lines = tmp_path / "out.jsonl"
    assert main([str(source), "-o", str(lines), "--workers", workers]) == 0
    records = [json.loads(line) for line in lines.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == ["1", "2"]
    assert {k: records[1][k] for k in OUTPUTS} == {
        "credibility": None,
        "label": "unsupported",
        "top_signals": "",
        "error": "",
    }


def test_rollup_counts_unsupported_rows_outside_the_means(tmp_path, news_story, farm_page):
    german = (FIXTURES / "german-story.txt").read_text(encoding="utf-8")
    french = (FIXTURES / "french-story.txt").read_text(encoding="utf-8")
    rows = [["A", news_story], ["A", german], ["B", french], ["B", ""], ["C", farm_page]]
    source = write_csv(tmp_path / "in.csv", ["source", "text"], rows)
    out, summary = tmp_path / "out.csv", tmp_path / "sources.csv"
    assert main([str(source), "-o", str(out), "--by-source", str(summary), "--workers", "1"]) == 0
    story = float(read_csv(out)[1][2])
    table = read_csv(summary)
    assert table[0] == SOURCE_COLUMNS
    assert table[1][:9] == [
        "A",
        "2",
        "1",
        "1",
        f"{story:.4f}",
        f"{story:.4f}",
        "1.0000",
        "0.0000",
        "0.0000",
    ]
    assert table[2] == ["B", "2", "0", "1", "", "", "", "", "", ""]
    assert table[3][:4] == ["C", "1", "1", "0"]
    # A resumed run rebuilds the same table from the rows already written.
    from credibility.rollup import Rollup

    replayed = Rollup(0, None)
    replayed.replay(out, "csv", 2)
    assert replayed.table() == table[1:]
