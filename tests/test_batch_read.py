"""The batch's CSV reader (credibility/batch/read.py), through whole runs: odd bytes and
lines cost one row each, with the line number."""

import pytest

from credibility.batch import main
from tests.batchfiles import (
    expected,
    read_csv,
    write_csv,
)


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
    assert [r[0] for r in written[1:]] == ["1", "2", "3", "4", "5"]
    assert written[1][-1] == ""
    assert written[2][:3] == ["2", "Too many", "Officials said so."]
    assert written[2][3:] == [
        "",
        "",
        "",
        "line 4: 5 fields, the header has 3: not scored; the first 3 kept, 2 dropped",
    ]
    assert written[3][:3] == ["3", "Too few", ""]
    assert written[3][3:] == ["", "", "", "line 5: 2 fields, the header has 3: not scored"]
    assert written[4][:3] == ["4", "Bare CR", ""]  # the fields before the broken one
    # csv's own wording of the reason varies between Python versions.
    assert written[4][-1].startswith("line 7: malformed CSV (new-line character seen in unquoted")
    assert written[5][3:] == expected("Officials said so.", title="Fine")


def test_a_quoted_bare_cr_stays_in_its_row(tmp_path):
    """Written unquoted, a bare CR split the row in two: id on one half, scores on the other."""
    text = "Officials said so.\rThe council confirmed it."
    (tmp_path / "in.csv").write_bytes(b'id,text\n1,"' + text.encode() + b'"\n2,Plain line\n')
    out = tmp_path / "out.csv"
    assert main([str(tmp_path / "in.csv"), "-o", str(out), "--workers", "1"]) == 0
    written = read_csv(out)
    assert [row[:2] for row in written] == [["id", "text"], ["1", text], ["2", "Plain line"]]
    assert written[1][2:] == expected(text)
    assert out.read_bytes().split(b"\n")[1].startswith(b'"1","Officials said so.\r')


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


def test_file_names_prefix_parse_errors_when_there_are_several_inputs(tmp_path):
    a = write_csv(tmp_path / "a.csv", ["id", "text"], [["1", "A said."]])
    b = tmp_path / "b.csv"
    b.write_text("id,text\n2,B said.,extra\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    assert main([str(a), str(b), "-o", str(out), "--workers", "1"]) == 0
    assert read_csv(out)[2][-1] == (
        f"{b} line 2: 3 fields, the header has 2: not scored; the first 2 kept, 1 dropped"
    )
