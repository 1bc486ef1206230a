import json

import pandas as pd
import pytest

from credibility.cli import main
from tests.conftest import FIXTURES, written_rows


def test_score_prints_the_table(capsys):
    assert main(["score", str(FIXTURES / "farm-page.txt")]) == 0
    out = capsys.readouterr().out
    assert out.startswith("credibility ")
    assert "(low;" in out.splitlines()[0]
    assert "blurb_" in out


def test_score_json(capsys):
    assert (
        main(
            [
                "score",
                str(FIXTURES / "news-story.txt"),
                "--json",
                "--url",
                "https://example.org/x",
                "--title",
                "Hospital",
            ]
        )
        == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert data["label"] == "credible"
    assert data["model"].startswith("default@")


def test_html_is_detected(capsys):
    assert main(["score", str(FIXTURES / "page.html"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    by_name = {s["name"]: s for s in data["signals"]}
    assert by_name["boilerplate_comment_form"]["value"] == 3.0


def test_text_flag_overrides_detection(capsys):
    assert main(["score", str(FIXTURES / "page.html"), "--json", "--text"]) == 0
    data = json.loads(capsys.readouterr().out)
    by_name = {s["name"]: s for s in data["signals"]}
    assert by_name["boilerplate_comment_form"]["value"] == 0.0


def test_stdin(capsys, monkeypatch):
    import io

    monkeypatch.setattr(
        "sys.stdin", io.TextIOWrapper(io.BytesIO((FIXTURES / "news-story.txt").read_bytes()))
    )
    assert main(["score", "-", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["label"] == "credible"


@pytest.mark.parametrize(
    "setup, message",
    [
        (lambda tmp: str(tmp / "missing.txt"), "missing.txt: no such file"),
        (lambda tmp: str(tmp), "is a directory"),
        (
            lambda tmp: (tmp / "bad.txt").write_bytes(b"caf\xe9 \xff") and str(tmp / "bad.txt"),
            "undecodable bytes for utf-8-sig at byte 3; try --encoding",
        ),
        (
            lambda tmp: (tmp / "empty.txt").write_text("  \n") and str(tmp / "empty.txt"),
            "text is empty",
        ),
    ],
)
def test_bad_input_is_one_line_and_status_1(setup, message, tmp_path, capsys):
    assert main(["score", setup(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("credibility: error: ")
    assert message in err


def test_encoding_option_reads_latin1(tmp_path, capsys):
    path = tmp_path / "latin1.txt"
    path.write_bytes("The café council said on Monday that the plan passed.".encode("latin-1"))
    assert main(["score", str(path), "--encoding", "latin-1", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["credibility"] >= 0


def test_corrupt_model_is_one_line_and_status_1(tmp_path, capsys):
    (tmp_path / "card.json").write_text("{")
    (tmp_path / "model.joblib").write_bytes(b"x")
    assert main(["score", str(FIXTURES / "news-story.txt"), "--model", str(tmp_path)]) == 1
    assert "unreadable model card" in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv", [[], ["bogus"], ["score", "--html", "--text", "x"], ["score", "--max-bytes", "many"]]
)
def test_usage_errors_exit_2(argv, capsys):
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2


def test_train_writes_a_model_that_scores(tmp_path, capsys):
    data = tmp_path / "train.csv"
    pd.DataFrame(written_rows()).to_csv(data, index=False)
    out = tmp_path / "m"
    assert main(["train", str(data), "-o", str(out), "--no-cache"]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith("rows used 60 (30 credible, 30 not credible); set aside 0")
    assert f"saved {out}  logreg+" in printed
    assert main(["score", str(FIXTURES / "farm-page.txt"), "--model", str(out)]) == 0
    assert main(["train", str(data), "-o", str(out), "--no-cache"]) == 1
    assert "exists; pass --force to replace it" in capsys.readouterr().err


@pytest.mark.parametrize("name, language", [("german", "German (de)"), ("french", "French (fr)")])
def test_score_other_language_is_unsupported(name, language, capsys):
    path = str(FIXTURES / f"{name}-story.txt")
    warning = f"the text is in {language}; the model judges English only"
    assert main(["score", path, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["credibility"], data["label"], data["signals"]) == (None, "unsupported", [])
    assert data["warnings"] == [warning]
    assert main(["score", path]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("credibility not judged  (unsupported)  model default@")
    assert lines[1:] == [f"warning: {warning}"]


def test_score_two_sentences_is_uncertain_and_says_why(tmp_path, capsys):
    path = tmp_path / "short.txt"
    path.write_text("The council met on Monday. It approved the budget for the bridge.\n")
    assert main(["score", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["label"] == "uncertain"
    assert data["warnings"] == ["the text is too short to judge (12 words; the model needs 80)"]
    assert 0 < data["credibility"] < 1 and data["signals"]
    assert main(["score", str(path)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert "(uncertain;" in out[0]
    assert out[1] == "warning: the text is too short to judge (12 words; the model needs 80)"


def test_version_prints_the_package_version(capsys):
    from credibility import __version__

    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.strip() == f"credibility {__version__}"


def scored_sites(tmp_path, name: str = "scored.csv"):
    """The farm, the paper and the lone page of tests/batchfiles.py, scored by the batch
    with its --by-source summary; the output's path and the summary's JSON form."""
    from credibility.batch import BatchOptions, score_file
    from tests.batchfiles import site_rows, write_csv

    source = write_csv(tmp_path / "in.csv", ["id", "url", "text"], site_rows())
    out = tmp_path / name
    options = BatchOptions((str(source),), str(out), by_source=str(tmp_path / "s.csv"))
    return out, score_file(options).sites


@pytest.mark.parametrize("name", ["scored.csv", "scored.jsonl"])
def test_sites_reads_the_verdicts_back_from_a_scored_file(tmp_path, capsys, name):
    from tests.batchfiles import FARM, LONE, SITE_PAGES, WIRE

    out, summary = scored_sites(tmp_path, name)
    assert main(["sites", str(out), "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    # The written cells give the batch summary's bands and recurring signals (its examples
    # come from the spans, which the cells do not hold).
    assert [(v["site"], v["pages"], v["judged"], v["band"]) for v in found] == [
        (WIRE, SITE_PAGES, SITE_PAGES, "credible"),
        (FARM, SITE_PAGES, SITE_PAGES, "low"),
        (LONE, 1, 1, "needs more pages"),
    ]
    for mine, batch in zip(found, summary, strict=True):
        assert [(e["signal"], e["pages"]) for e in mine["evidence"]] == [
            (e["signal"], e["pages"]) for e in batch["evidence"]
        ]
        if batch["probability"] is not None:  # the cells hold four decimals of each page
            assert abs(mine["probability"] - batch["probability"]) < 1e-3
    assert main(["sites", str(out)]) == 0
    lines = capsys.readouterr().out.splitlines()
    n = SITE_PAGES
    assert lines[0].startswith(f"{WIRE}  credible ") and lines[0].endswith(
        f"  {n} pages, {n} judged"
    )
    farm = lines.index(next(line for line in lines if line.startswith(FARM)))
    assert lines[farm].startswith(f"{FARM}  low ")
    drop = next(e for e in summary[1]["evidence"] if e["signal"] == "blurb_outlet_name_drop")
    said = f"  Author blurb claims work for famous outlets on {drop['pages']} of {n} pages"
    assert said in lines[farm + 1 :]
    assert lines[-1] == f"{LONE}  needs more pages  1 page, 1 judged"


def test_sites_refuses_what_is_not_a_scored_file_in_one_line(tmp_path, capsys):
    missing, folder = tmp_path / "missing.csv", tmp_path / "folder"
    folder.mkdir()
    plain = tmp_path / "plain.csv"
    plain.write_text("id,text\n1,A said.\n", encoding="utf-8")
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"credibility": 0.5, "top_signals": ""}\n{"credibility": 0.\n')
    latin = tmp_path / "latin.csv"
    latin.write_bytes("id,credibility,top_signals\n1,0.5,café\n".encode("latin-1"))
    for path, message in [
        (missing, f"{missing}: no such file"),
        (folder, f"{folder}: no such file"),
        (plain, f"{plain}: not a file `credibility batch` wrote (no 'credibility' column)"),
        (broken, f"{broken}: line 2 is not JSON (Expecting ',' delimiter)"),
        (latin, f"{latin}: not UTF-8 text (invalid continuation byte)"),
    ]:
        assert main(["sites", str(path)]) == 1
        assert capsys.readouterr() == ("", f"credibility: error: {message}\n")


def test_sites_counts_a_corrupt_row_as_a_page_not_judged(tmp_path, capsys):
    scored = tmp_path / "scored.csv"
    rows = ["url,credibility,label,top_signals,error"]
    rows += [f"https://a.example/{i},0.9000,credible,,\n" for i in range(5)]
    rows += ["https://a.example/x,not a number,,,\n", "https://a.example/short\n"]
    scored.write_text("\n".join(rows), encoding="utf-8")
    assert main(["sites", str(scored), "--json"]) == 0
    [verdict] = json.loads(capsys.readouterr().out)
    assert (verdict["site"], verdict["pages"], verdict["judged"]) == ("a.example", 7, 5)
