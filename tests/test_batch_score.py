"""Scoring the rows (credibility/batch/score.py): every row once, in order, across chunks
and workers; which cells feed score(); a bad row is an error cell, never a stop."""

import json

import pytest

from credibility.batch import main
from credibility.model import load_model
from credibility.scoring import score
from tests.batchfiles import (
    OUTPUTS,
    expected,
    numbered,
    read_csv,
    write_csv,
)
from tests.conftest import FIXTURES


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


def test_html_cell_used_when_not_empty(tmp_path, page_html, farm_page):
    rows = [["1", farm_page, page_html], ["2", farm_page, "  "]]
    source = write_csv(tmp_path / "in.csv", ["id", "text", "html"], rows)
    out = tmp_path / "out.csv"
    assert main([str(source), "-o", str(out), "--workers", "1"]) == 0
    written = read_csv(out)
    assert written[1][3] == f"{score(html=page_html, model=load_model()).credibility:.4f}"
    assert written[2][3:] == expected(farm_page)


def test_title_and_url_columns_reach_score(tmp_path, news_story):
    rows = [[news_story, "Hospital", "https://news24-7.example.xyz/a"]]
    source = write_csv(tmp_path / "in.csv", ["body", "headline", "link"], rows)
    out = tmp_path / "out.csv"
    options = ["--text-col", "body", "--title-col", "headline", "--url-col", "link"]
    assert main([str(source), "-o", str(out), "--workers", "1", *options]) == 0
    result = score(news_story, title="Hospital", url=rows[0][2], model=load_model())
    assert read_csv(out)[1][3] == f"{result.credibility:.4f}"


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


def test_a_batch_finds_spans_only_for_a_pages_lowering_signals(farm_page):
    """The batch scores without spans but for the few signals that lower a page: its site
    verdict's part is the one a fully explained Score gives."""
    from credibility.model import load_model
    from credibility.scoring import score
    from credibility.sites import SitePage, lowering_names

    model = load_model()
    full = score(farm_page, model=model)
    lean = score(farm_page, model=model, evidence=lowering_names)
    page = SitePage.from_score("s", full)
    assert SitePage.from_score("s", lean) == page and all(text for _, text in page.lowering)
    with_spans = {s.name for s in lean.signals if s.evidence}
    assert with_spans == {name for name, _ in page.lowering} and len(with_spans) <= 3
    assert len({s.name for s in full.signals if s.evidence}) > len(with_spans)
