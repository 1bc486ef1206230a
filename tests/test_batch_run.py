"""A run from BatchOptions (credibility/batch/run.py), and score_file(), the web app's way in."""

import threading

import pytest

from credibility.batch import BatchOptions, BatchSummary, main, score_file
from credibility.errors import InvalidInputError, ModelLoadError
from tests.batchfiles import (
    ARTICLES,
    SITE_COLUMNS,
    interrupt_after,
    numbered,
    read_csv,
    write_csv,
)
from tests.conftest import FIXTURES


def test_score_file_writes_what_the_cli_writes_and_prints_nothing(tmp_path, capsys):
    out, sources = tmp_path / "lib.csv", tmp_path / "lib-sources.csv"
    summary = score_file(BatchOptions((str(ARTICLES),), str(out), by_source=str(sources)))
    assert capsys.readouterr() == ("", "")
    assert isinstance(summary, BatchSummary)
    assert (summary.rows, summary.errors, summary.unsupported, summary.resumed) == (5, 1, 0, 0)
    assert summary.seconds > 0
    cli, cli_sources = tmp_path / "cli.csv", tmp_path / "sources.csv"
    assert main([str(ARTICLES), "-o", str(cli), "--by-source", str(cli_sources)]) == 0
    assert out.read_bytes() == cli.read_bytes()
    assert sources.read_bytes() == cli_sources.read_bytes()
    assert summary.sources == read_csv(cli_sources)
    assert summary.sources is not None
    assert summary.sources[0] == SITE_COLUMNS
    # Of the courier's two scored articles one is credible, one too short (uncertain); its
    # third has no text.
    assert summary.sources[1][:4] == ["Valley Courier", "3", "2", "0"]
    assert summary.sources[1][10:13] == ["0.5000", "0.5000", "0.0000"]
    assert summary.sites is not None
    assert [site["site"] for site in summary.sites] == ["Valley Courier", "allnewshub24.example"]
    assert summary.sites[0]["shares"] == {"credible": 0.5, "uncertain": 0.5, "low": 0.0}
    names = ["cli.csv", "lib-sources.csv", "lib.csv", "sources.csv"]
    assert sorted(p.name for p in tmp_path.iterdir()) == names


def test_score_file_from_a_thread_with_a_pool_and_named_columns(tmp_path, news_story):
    """As the web app calls it: from a server thread; workers > 1 start a process pool."""
    rows = [
        [f"r{i}", f"{news_story}\nStory {i}.", "Site", f"https://a{i}.example/"] for i in range(6)
    ]
    source = write_csv(tmp_path / "in.csv", ["key", "body", "outlet", "link"], [*rows, ["r6"]])
    columns = {"text_col": "body", "source_col": "outlet", "url_col": "link"}
    options = BatchOptions((str(source),), str(tmp_path / "lib.csv"), workers=2, **columns)
    result: list[BatchSummary] = []
    thread = threading.Thread(target=lambda: result.append(score_file(options)))
    thread.start()
    thread.join(60)
    assert [(r.rows, r.errors) for r in result] == [(7, 1)]
    assert result[0].sources is None  # not asked for
    flags = ["--text-col", "body", "--source-col", "outlet", "--url-col", "link"]
    assert main([str(source), "-o", str(tmp_path / "cli.csv"), "--workers", "1", *flags]) == 0
    assert (tmp_path / "lib.csv").read_bytes() == (tmp_path / "cli.csv").read_bytes()
    last = read_csv(tmp_path / "lib.csv")[7]  # the story's newlines make it line 92
    error = "line 92: 1 fields, the header has 4: not scored"
    assert last == ["r6", *[""] * 6, error, "", ""]  # no rating for a row not scored


def test_score_file_by_source_needs_a_source_or_url_column(tmp_path):
    source = write_csv(tmp_path / "in.csv", ["id", "text"], [["1", "A said."], ["2", ""]])
    options = BatchOptions((str(source),), str(tmp_path / "out.csv"), by_source="s.csv")
    with pytest.raises(InvalidInputError, match=r"^by_source needs a source or url column$"):
        score_file(options)
    summary = score_file(BatchOptions((str(source),), str(tmp_path / "out.csv")))
    assert (summary.rows, summary.errors, summary.sources) == (2, 1, None)
    assert [r[-1] for r in read_csv(tmp_path / "out.csv")] == ["error", "", "text is empty"]


@pytest.mark.parametrize(
    "header, options, message",
    [
        (
            ["id", "text"],
            {"text_col": "body"},
            "no column 'body' (text_col); the columns are: 'id', 'text'",
        ),
        (
            ["id", "body"],
            {},
            "no 'text' or 'html' column (name yours with text_col/html_col); "
            "the columns are: 'id', 'body'",
        ),
        (
            ["text", "score"],
            {"source_col": "site"},
            "no column 'site' (source_col); the columns are: 'text', 'score'",
        ),
        (["text", "error"], {}, "the input already has a 'error' column (the output adds it)"),
        (["text"], {"encoding": "nope"}, "unknown encoding 'nope'"),
        (["text"], {"workers": 0}, "workers must be at least 1, not 0"),
        (["text"], {"chunksize": 0}, "chunksize must be at least 1, not 0"),
        (["text"], {"format": "xml"}, "format must be one of csv, jsonl, not xml"),
        (["text"], {"engine": "spark"}, "engine must be one of local, dask, not spark"),
        (["text"], {"scheduler": "x:1", "engine": "local"}, "scheduler needs engine dask"),
    ],
)
def test_score_file_fatal_problems_raise_one_line(tmp_path, capsys, header, options, message):
    source = write_csv(tmp_path / "in.csv", header, [["x"] * len(header)])
    with pytest.raises(InvalidInputError) as caught:
        score_file(BatchOptions((str(source),), str(tmp_path / "out.csv"), **options))
    assert str(caught.value) == message
    assert capsys.readouterr() == ("", "")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv"]


def test_score_file_bad_model_is_a_model_load_error(tmp_path):
    source = write_csv(tmp_path / "in.csv", ["text"], [["A said."]])
    with pytest.raises(ModelLoadError, match=r"no-such-model: not a model directory"):
        score_file(BatchOptions((str(source),), str(tmp_path / "out.csv"), model="no-such-model"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv"]


def test_score_file_takes_paths_not_patterns_nor_standard_streams(tmp_path):
    write_csv(tmp_path / "a1.csv", ["text", "source"], [["A said.", "A"]])
    pattern = str(tmp_path / "a[1].csv")  # a glob matching a1.csv, which the CLI would read
    with pytest.raises(InvalidInputError, match=r"a\[1\]\.csv: no such file$"):
        score_file(BatchOptions((pattern,), str(tmp_path / "out.csv")))
    a1, out = str(tmp_path / "a1.csv"), str(tmp_path / "out.csv")
    for options in (
        BatchOptions(("-",), out),
        BatchOptions((a1,), "-"),
        BatchOptions((a1,), out, by_source="-"),
    ):
        with pytest.raises(InvalidInputError, match=r"not standard input/output$"):
            score_file(options)
    assert not (tmp_path / "out.csv").exists()


def test_score_file_stopped_mid_run_leaves_no_partial_output(tmp_path, monkeypatch):
    source = write_csv(tmp_path / "in.csv", ["id", "source", "text"], numbered(4))
    interrupt_after(monkeypatch, 1)
    with pytest.raises(KeyboardInterrupt):
        score_file(BatchOptions((str(source),), str(tmp_path / "out.csv")))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv"]


def test_options_settle_format_and_engine_from_the_other_fields():
    options = BatchOptions(["a.csv", "b.csv"], "out.ndjson", scheduler="tcp://127.0.0.1:8786")
    assert (options.inputs, options.format, options.engine) == (("a.csv", "b.csv"), "jsonl", "dask")
    options = BatchOptions(("a.csv",), "out.csv", text_col="body", id_col="key")
    assert (options.format, options.engine, options.workers, options.chunksize) == (
        "csv",
        "local",
        1,
        256,
    )
    assert options.columns() == {
        "text": "body",
        "html": None,
        "title": None,
        "url": None,
        "source": None,
        "id": "key",
    }
    assert BatchOptions(("a.csv",), "out.jsonl", format="csv").format == "csv"


def test_summary_counts_unsupported_rows(tmp_path, news_story):
    german = (FIXTURES / "german-story.txt").read_text(encoding="utf-8")
    rows = [["1", news_story], ["2", german], ["3", ""]]
    source = write_csv(tmp_path / "in.csv", ["id", "text"], rows)
    summary = score_file(BatchOptions((str(source),), str(tmp_path / "out.csv")))
    assert (summary.rows, summary.errors, summary.unsupported) == (3, 1, 1)
