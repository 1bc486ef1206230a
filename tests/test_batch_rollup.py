"""The per-source roll-up (credibility/batch/rollup.py)."""

import statistics

from credibility.batch import main, records, rollup
from tests.batchfiles import (
    ARTICLES,
    SITE_COLUMNS,
    SOURCE_COLUMNS,
    read_csv,
    write_csv,
)
from tests.conftest import FIXTURES


def test_by_source_rollup(tmp_path):
    out, summary = tmp_path / "out.csv", tmp_path / "sources.csv"
    assert main([str(ARTICLES), "-o", str(out), "--by-source", str(summary), "--workers", "1"]) == 0
    scored = read_csv(out)[1:]
    table = read_csv(summary)
    assert table[0] == SITE_COLUMNS
    # Valley Courier by its source cell (a5 has no text), the farm by its URL's domain.
    groups = {"Valley Courier": scored[0:2], "allnewshub24.example": scored[2:4]}
    assert [r[:4] for r in table[1:]] == [
        ["Valley Courier", "3", "2", "0"],
        ["allnewshub24.example", "2", "2", "0"],
    ]
    assert scored[4][-3:] == ["text is empty", "", ""]
    assert [r[-2:] for r in scored[:4]] == [["unknown", ""]] * 4  # .example is on no list
    # No site of the file is rated unreliable, so an unknown site is to look at when half
    # its scored articles read low: the farm (one of two), not the courier (none).
    for row, (source, rows), look in zip(table[1:], groups.items(), ["", "yes"], strict=True):
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
            "unknown",
            look,
        ]
    # The written articles are clear cases, the courier's credible, the farm's low, where
    # they have the 80 words a verdict needs; a2 (68 words) and a4 (62) are too short.
    assert [r[6] for r in scored] == ["credible", "uncertain", "low", "uncertain", ""]


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
    replayed = rollup.Rollup(0, None)
    replayed.replay(out, "csv", 2)
    assert replayed.table() == table[1:]


def test_sources_that_look_like_formulas_are_written_as_text(tmp_path):
    names = ['=HYPERLINK("http://evil.example","x")', "+cmd|' /C calc'!A0", "@SUM(1+1)"]
    names += ["-2+3", "\tTab News"]
    rows = [[name, ""] for name in names]  # empty texts: counted, not scored
    source = write_csv(tmp_path / "in.csv", ["source", "text"], rows)
    out, summary = tmp_path / "out.csv", tmp_path / "sources.csv"
    assert main([str(source), "-o", str(out), "--by-source", str(summary), "--workers", "1"]) == 0
    table = read_csv(summary)
    assert table[0] == SOURCE_COLUMNS
    # Sorted by articles, then name: "\t" sorts first. Leading spaces are stripped from a
    # source, so "\tTab News" is "Tab News"; the others keep their first character.
    assert table[1:] == [
        [cell, "1", "0", "0", "", "", "", "", "", ""]
        for cell in [
            "'+cmd|' /C calc'!A0",
            "'-2+3",
            '\'=HYPERLINK("http://evil.example","x")',
            "'@SUM(1+1)",
            "Tab News",
        ]
    ]
    assert [r[:2] for r in read_csv(out)[1:]] == rows  # the input cells as they were


def test_rollup_table_escapes_every_cell():
    table = rollup.Rollup(0, None)
    table.add(["=1+1"], records.Result(0.25, "low", "a:-1.00;b:-0.50", ""))
    table.add(["=1+1"], records.Result(0.75, "credible", "a:+1.00", ""))
    assert table.table() == [
        ["'=1+1", "2", "2", "0", "0.5000", "0.5000", "0.5000", "0.0000", "0.5000", "a (2); b (1)"]
    ]


def test_rated_sites_and_the_unknown_ones_that_score_like_the_unreliable(
    tmp_path, news_story, farm_page
):
    rows = [
        ["1", "https://www.infowars.com/a", farm_page],
        ["2", "https://infowars.com/b", farm_page + "\nMore."],
        ["3", "https://apnews.com/article/c", news_story],
        ["4", "https://new-farm.example/d", farm_page + "\nOther."],
        ["5", "https://quiet-town-paper.example/e", news_story + "\nOther."],
        ["6", "", news_story + "\nNo address."],
    ]
    source = write_csv(tmp_path / "in.csv", ["id", "url", "text"], rows)
    out, summary = tmp_path / "out.csv", tmp_path / "sources.csv"
    assert main([str(source), "-o", str(out), "--by-source", str(summary), "--workers", "1"]) == 0
    scored = read_csv(out)
    assert scored[0][-2:] == ["source_rating", "source_lists"]
    assert [r[-2:] for r in scored[1:]] == [
        ["unreliable", "mbfc;golden-truth/newsguard"],
        ["unreliable", "mbfc;golden-truth/newsguard"],
        ["reliable", "mbfc;golden-truth/wikipedia;hanley-durumeric"],
        ["unknown", ""],
        ["unknown", ""],
        ["", ""],  # no URL: nothing to look up
    ]
    table = {row[0]: row for row in read_csv(summary)[1:]}
    # new-farm's articles read low as often as infowars': a site to look at.
    assert {source: row[-2:] for source, row in table.items()} == {
        "infowars.com": ["unreliable", ""],
        "apnews.com": ["reliable", ""],
        "new-farm.example": ["unknown", "yes"],
        "quiet-town-paper.example": ["unknown", ""],
        "(unknown)": ["", ""],
    }


def test_a_sites_mobile_and_amp_editions_are_one_source(tmp_path, news_story):
    urls = ["https://m.valley.example/a", "https://amp.valley.example/b", "valley.example/c"]
    rows = [[str(i), url, f"{news_story}\nStory {i}."] for i, url in enumerate(urls)]
    source = write_csv(tmp_path / "in.csv", ["id", "url", "text"], rows)
    summary = tmp_path / "sources.csv"
    assert main([str(source), "-o", str(tmp_path / "out.csv"), "--by-source", str(summary)]) == 0
    assert [row[:3] for row in read_csv(summary)[1:]] == [["valley.example", "3", "3"]]
