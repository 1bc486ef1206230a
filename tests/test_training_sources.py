"""The shipped reputation table is what `make sources` builds from ../shared."""

import gzip
import json

import pytest

from credibility.reputation.table import TABLE_FILE
from credibility.training.sources import OUT, compile_table, main
from tests.conftest import DATA

LISTS = DATA / "source-lists"
pytestmark = [
    pytest.mark.realdata,
    pytest.mark.skipif(not LISTS.is_dir(), reason=f"no rating lists at {LISTS}"),
]


def test_the_build_reproduces_the_shipped_table_byte_for_byte(tmp_path, capsys):
    assert main(["--data", str(DATA), "--out", str(tmp_path)]) == 0
    assert (tmp_path / TABLE_FILE).read_bytes() == (OUT / TABLE_FILE).read_bytes()
    assert sorted(p.name for p in (tmp_path / "licences").iterdir()) == [
        "LICENSE-MELALab-nela-pink-slime",
        "LICENSE-hanshanley-machine-made-media",
        "LICENSE-idiap-News-Media-Reliability",
    ]
    shipped = json.loads(gzip.decompress((OUT / TABLE_FILE).read_bytes()))
    assert capsys.readouterr().out.endswith(
        f"{len(shipped['domains'])} domains, {len(shipped['names'])} site names, version "
        f"{shipped['version']}; skipped (no domain name): {{'mbfc': 7, 'golden-truth/mbfc': 1}}\n"
    )


def test_every_list_keeps_its_own_words():
    table, _ = compile_table(DATA)
    assert table["domains"]["theonion.com"] == [
        ["golden-truth/wikipedia", "label -1, from wikipedia", "unreliable"],
    ]
    # sources.csv states no licence: none of its lists is shipped.
    assert not {"mbfc-baly", "opensources"} & set(table["lists"])
    # One line of the Hanley list pairs two names of one outlet: both are keys.
    assert table["domains"]["sputnikglobe.com"] == [
        ["hanley-durumeric", "unreliable", "unreliable"]
    ]
    assert ["hanley-durumeric", "unreliable", "unreliable"] in table["domains"]["sputniknews.com"]
    assert table["names"]["cookcountyrecord"] == [
        ["pink-slime", "network the_record (listed by name 'cook county record')", "unreliable"]
    ]
