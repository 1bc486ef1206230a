"""The per-source summary (credibility/batch/rollup.py): site verdicts through the batch."""

import json

from credibility.batch import BatchOptions, main, records, rollup, score_file
from credibility.reputation import host_of
from credibility.scoring import score
from credibility.sites import SitePage, site_verdicts
from tests.batchfiles import (
    ARTICLES,
    FARM,
    LONE,
    SITE_COLUMNS,
    SITE_PAGES,
    SOURCE_COLUMNS,
    WIRE,
    lowered_pages,
    read_csv,
    site_rows,
    write_csv,
)
from tests.conftest import FIXTURES


def api_verdicts(rows: list[list[str]]) -> dict[str, dict]:
    """The site verdicts of (id, url, text) rows from the Python API: score(), then
    site_verdicts() over their pages, keyed as the batch keys them (the URL's host)."""
    pages = [SitePage.from_score(host_of(url), score(text, url=url)) for _, url, text in rows]
    return {v.site: v.to_dict() for v in site_verdicts(pages)}


def test_a_farm_reads_low_a_paper_credible_and_a_lone_page_needs_more(tmp_path):
    rows = site_rows()
    source = write_csv(tmp_path / "in.csv", ["id", "url", "text"], rows)
    out, summary = tmp_path / "out.csv", tmp_path / "sources.csv"
    assert main([str(source), "-o", str(out), "--by-source", str(summary), "--workers", "1"]) == 0
    table = read_csv(summary)
    assert table[0] == SITE_COLUMNS
    # Most pages first, then by name.
    assert [r[:4] + r[5:6] for r in table[1:]] == [
        [WIRE, str(SITE_PAGES), str(SITE_PAGES), "0", "credible"],
        [FARM, str(SITE_PAGES), str(SITE_PAGES), "0", "low"],
        [LONE, "1", "1", "0", "needs more pages"],
    ]
    wire, farm, lone = table[1:]
    # The blurbs' name-dropping is counted on the pages it pulled down (most of them), with
    # an example.
    scored = read_csv(out)[1:]
    dropped = lowered_pages(scored, "f", "blurb_outlet_name_drop")
    assert dropped >= SITE_PAGES / 2 and lowered_pages(scored, "w", "blurb_outlet_name_drop") == 0
    blurb = "blurb_outlet_name_drop: Author blurb claims work for famous outlets on "
    assert f'{blurb}{dropped} of {SITE_PAGES} pages: "' in farm[8]
    assert "blurb_" not in wire[8]
    # Too few pages: no probability, interval or evidence, never a band.
    assert lone[4:9] == ["", "needs more pages", "", "", ""]
    # The rating beside the verdict: .example sites are on no list, so nothing disagrees.
    assert [r[-2:] for r in table[1:]] == [["unknown", ""]] * 3
    # What still informs beside the verdict: the pages' mean credibility and band shares.
    for row, prefix in ((wire, "w"), (farm, "f")):
        mine = [r for r in scored if r[0].startswith(prefix)]
        values = [float(r[3]) for r in mine]
        labels = [r[4] for r in mine]
        assert row[9] == f"{sum(values) / len(values):.4f}"
        assert row[10:13] == [
            f"{labels.count(b) / SITE_PAGES:.4f}" for b in ("credible", "uncertain", "low")
        ]


def test_the_batch_verdict_is_the_python_apis(tmp_path):
    """One code path: the summary's JSON form holds what site_verdicts() gives for the same
    pages, to the last digit, and its CSV the same numbers written with four decimals."""
    rows = site_rows()
    source = write_csv(tmp_path / "in.csv", ["id", "url", "text"], rows)
    options = BatchOptions(
        (str(source),), str(tmp_path / "out.csv"), by_source=str(tmp_path / "s.csv")
    )
    summary = score_file(options)
    expected = api_verdicts(rows)
    assert summary.sites is not None and summary.sources is not None
    assert [site["site"] for site in summary.sites] == [WIRE, FARM, LONE]
    for site, cells in zip(summary.sites, summary.sources[1:], strict=True):
        verdict = expected[site["site"]]
        assert {key: site[key] for key in verdict} == verdict
        assert site["source_rating"] == "unknown" and site["disagrees"] is False
        probability = verdict["probability"]
        assert cells[4] == ("" if probability is None else f"{probability:.4f}")
    farm = expected[FARM]
    assert farm["band"] == "low" and expected[WIRE]["band"] == "credible"
    drop = [e for e in farm["evidence"] if e["signal"] == "blurb_outlet_name_drop"]
    assert len(drop) == 1 and drop[0]["pages"] >= SITE_PAGES / 2 and drop[0]["example"]
    said = f'{drop[0]["pages"]} of {SITE_PAGES} pages: "{drop[0]["example"]}"'
    assert said in summary.sources[2][8]
    json.dumps(summary.sites)  # the web serves it as it is


def test_unsupported_pages_count_outside_the_means(tmp_path, news_story, farm_page):
    german = (FIXTURES / "german-story.txt").read_text(encoding="utf-8")
    french = (FIXTURES / "french-story.txt").read_text(encoding="utf-8")
    rows = [["A", news_story], ["A", german], ["B", french], ["B", ""], ["C", farm_page]]
    source = write_csv(tmp_path / "in.csv", ["source", "text"], rows)
    out, summary = tmp_path / "out.csv", tmp_path / "sources.csv"
    assert main([str(source), "-o", str(out), "--by-source", str(summary), "--workers", "1"]) == 0
    story = float(read_csv(out)[1][2])
    table = read_csv(summary)
    assert table[0] == SOURCE_COLUMNS
    needs = ["", "needs more pages", "", "", ""]
    assert table[1] == ["A", "2", "1", "1", *needs, f"{story:.4f}", "1.0000", "0.0000", "0.0000"]
    # B: one page not English, one with an error: neither is judged.
    assert table[2] == ["B", "2", "0", "1", *needs, "", "", "", ""]
    assert table[3][:4] == ["C", "1", "1", "0"]


def test_sources_that_look_like_formulas_are_written_as_text(tmp_path):
    names = ['=HYPERLINK("http://evil.example","x")', "+cmd|' /C calc'!A0", "@SUM(1+1)"]
    names += ["-2+3", "\tTab News"]
    rows = [[name, ""] for name in names]  # empty texts: counted, not scored
    source = write_csv(tmp_path / "in.csv", ["source", "text"], rows)
    out, summary = tmp_path / "out.csv", tmp_path / "sources.csv"
    assert main([str(source), "-o", str(out), "--by-source", str(summary), "--workers", "1"]) == 0
    table = read_csv(summary)
    assert table[0] == SOURCE_COLUMNS
    # Sorted by pages, then name: "\t" sorts first. Leading spaces are stripped from a
    # source, so "\tTab News" is "Tab News"; the others keep their first character.
    assert table[1:] == [
        [cell, "1", "0", "0", "", "needs more pages", "", "", "", "", "", "", ""]
        for cell in [
            "'+cmd|' /C calc'!A0",
            "'-2+3",
            '\'=HYPERLINK("http://evil.example","x")',
            "'@SUM(1+1)",
            "Tab News",
        ]
    ]
    assert [r[:2] for r in read_csv(out)[1:]] == rows  # the input cells as they were


def test_rollup_table_escapes_every_cell_and_keeps_no_row():
    table = rollup.Rollup(0, None)
    lowering = (("blurb_words", "=cmd|calc"),)
    for i in range(5):
        credibility = 0.25 if i % 2 else 0.75
        label = "low" if i % 2 else "credible"
        table.add(["=1+1"], records.Result(credibility, label, "", "", "", "", 0.0, lowering))
    [row] = table.table()
    assert row[0] == "'=1+1"
    assert row[1:4] == ["5", "5", "0"]
    assert row[9:] == ["0.5500", "0.6000", "0.0000", "0.4000"]
    # The journal hands over each row once; nothing of the rows stays behind.
    lines = table.journal().decode("utf-8").splitlines()
    assert len(lines) == 5 and table.journal() == b""
    assert json.loads(lines[0]) == [
        "=1+1",
        0.75,
        "credible",
        "",
        0.0,
        [["blurb_words", "=cmd|calc"]],
    ]
    assert [(s.scored, s.unsupported) for s in table.stats.values()] == [(5, 0)]
    # A journal replayed gives the same table.
    replayed = rollup.Rollup(0, None)
    replayed.replay(line.encode("utf-8") for line in lines)
    assert replayed.table() == [row]


def test_the_rating_sits_beside_the_verdict_and_never_moves_it(tmp_path, news_story, farm_page):
    n = SITE_PAGES
    rows = [
        *([str(i), f"https://www.infowars.com/{i}", f"{farm_page}\nPage {i}."] for i in range(n)),
        *(
            [str(i), f"https://apnews.com/article/{i}", f"{farm_page}\nStory {i}."]
            for i in range(n)
        ),
        *([str(i), f"https://paper.example/{i}", f"{news_story}\nStory {i}."] for i in range(n)),
        ["9", "", news_story + "\nNo address."],
    ]
    source = write_csv(tmp_path / "in.csv", ["id", "url", "text"], rows)
    out, summary = tmp_path / "out.csv", tmp_path / "sources.csv"
    assert main([str(source), "-o", str(out), "--by-source", str(summary), "--workers", "1"]) == 0
    table = {row[0]: row for row in read_csv(summary)[1:]}
    # apnews.com's pages here are farm pages: its verdict is low, beside a reliable rating.
    assert {source: [row[5], *row[-2:]] for source, row in table.items()} == {
        "apnews.com": ["low", "reliable", "yes"],
        "infowars.com": ["low", "unreliable", ""],
        "paper.example": ["credible", "unknown", ""],
        "(unknown)": ["needs more pages", "", ""],
    }
    # The verdict is the same without the URLs' ratings: the same pages under a source name.
    named = [[r[1].split("/")[2].removeprefix("www."), r[2]] for r in rows[: 3 * n]]
    plain = write_csv(tmp_path / "named.csv", ["source", "text"], named)
    again = tmp_path / "again.csv"
    assert main([str(plain), "-o", str(tmp_path / "o2.csv"), "--by-source", str(again)]) == 0
    assert {r[0]: r[4:9] for r in read_csv(again)[1:]} == {
        name: row[4:9] for name, row in table.items() if name != "(unknown)"
    }


def test_articles_fixture_by_source(tmp_path):
    """The README's example: the courier and the farm each have too few pages to judge."""
    out, summary = tmp_path / "out.csv", tmp_path / "sources.csv"
    assert main([str(ARTICLES), "-o", str(out), "--by-source", str(summary), "--workers", "1"]) == 0
    table = read_csv(summary)
    assert [r[:6] for r in table[1:]] == [
        ["Valley Courier", "3", "2", "0", "", "needs more pages"],
        ["allnewshub24.example", "2", "2", "0", "", "needs more pages"],
    ]
