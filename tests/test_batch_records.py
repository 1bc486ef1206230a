"""The records between the batch stages and their spreadsheet-safe cells
(credibility/batch/records.py)."""

import pickle

import pytest

from credibility.batch.records import Result, Row, Spec, rounded, safe_cell


@pytest.mark.parametrize(
    "cell, written",
    [
        ("", ""),
        ("credible", "credible"),
        ("0.9731", "0.9731"),
        ('=HYPERLINK("http://evil.example","x")', '\'=HYPERLINK("http://evil.example","x")'),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(1+1)", "'@SUM(1+1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("a=1", "a=1"),  # only the first non-blank character counts
        (" =1", "' =1"),  # a spreadsheet may trim before it looks
        ("\n\t-1", "'\n\t-1"),
        ("'=1", "'=1"),
    ],
)
def test_safe_cell(cell, written):
    assert safe_cell(cell) == written


def test_result_cells_fixed_point_four_decimals_and_safe():
    tiny = Result(2.742363835799421e-07, "low", "a:-1.00", "")
    assert tiny.cells() == ["0.0000", "low", "a:-1.00", ""]
    assert Result(rounded(0.97316), "credible", "", "").cells()[0] == "0.9732"
    assert Result(1.0, "credible", "", "").cells()[0] == "1.0000"
    assert Result(None, "", "", "=x.csv line 2: bad").cells() == ["", "", "", "'=x.csv line 2: bad"]
    assert Result(None, "unsupported", "", "").cells() == ["", "unsupported", "", ""]


def test_rounded_is_what_a_written_cell_reads_back_as():
    for value in (2.742363835799421e-07, 0.123456789, 0.99995, 0.5):
        assert rounded(value) == float(Result(rounded(value), "", "", "").cells()[0])
    assert rounded(2.742363835799421e-07) == 0.0


def test_records_are_named_and_picklable():
    row, result = Row(3, ["a", "b"], ""), Result(0.5, "uncertain", "", "")
    spec = Spec(0, 10, 20, 1, 2)
    assert (row.line, row.fields, row.problem) == (3, ["a", "b"], "")
    assert result.top_signals == "" and result._fields == (
        "credibility",
        "label",
        "top_signals",
        "error",
        "source_rating",
        "source_lists",
        "logit",
        "lowering",
    )
    # The site verdict's part of a row is never written as a cell.
    full = Result(0.5, "uncertain", "", "", "unknown", "", -0.25, (("a", "=x"),))
    assert full.cells(6) == ["0.5000", "uncertain", "", "", "unknown", ""]
    assert pickle.loads(pickle.dumps([row, result, spec])) == [row, result, spec]
