"""training/data.py: malformed labelled files are refused in our words, with the line."""

import pandas as pd
import pytest

from credibility.cli import main
from tests.conftest import written_rows


def csv_of(rows):
    return pd.DataFrame(rows).to_csv(index=False).encode()


WRITTEN = csv_of(written_rows())
ONE_CLASS = csv_of([r for r in written_rows() if r["label"] == "credible"])


@pytest.mark.parametrize(
    "content, message",
    [
        # Cut inside the quoted text of the row that starts on line 21 (rows span lines).
        (
            WRITTEN[:2000],
            "line 21: a quoted field opens here and is never closed (is the file cut short?)",
        ),
        (
            b"text,label\nsome text,credible\na,credible,extra\n",
            "line 3: 3 fields, the header has 2",
        ),
        (b"text,label\n", "no rows under the header"),
        (b"", "the file is empty"),
        (b"text,verdict\nsome text,credible\n", "no label column 'label'; found: text, verdict"),
        # Messages quote at most 100 characters of what was sent (issue 20, finding 7).
        (
            b"text," + b"v" * 5_000 + b"\nsome text,credible\n",
            f"no label column 'label'; found: text, {'v' * 100}... (5,000 characters)",
        ),
        (
            WRITTEN.replace(b",not_credible,", b"," + b"w" * 300 + b","),
            f"unknown label values: '{'w' * 100}'... (300 characters) (30); use "
            "credible/not_credible, 1/0, true/false, real/fake or reliable/unreliable",
        ),
        (
            WRITTEN.replace(b",not_credible,", b",bogus,"),
            "unknown label values: 'bogus' (30); use credible/not_credible, 1/0, true/false, "
            "real/fake or reliable/unreliable",
        ),
        (
            ONE_CLASS,
            "every usable row is credible: need at least 20 not_credible rows after setting "
            "aside 0 unusable rows, found 0",
        ),
    ],
)
def test_malformed_input_is_told_in_our_words(content, message, tmp_path, capsys):
    data = tmp_path / "rows.csv"
    data.write_bytes(content)
    assert main(["train", str(data), "-o", str(tmp_path / "out"), "--no-cache"]) == 1
    located = (
        message if message.startswith(("no label", "unknown", "every")) else f"{data}: {message}"
    )
    assert capsys.readouterr().err == f"credibility: error: {located}\n"
