import re
from pathlib import Path

from credibility.signals import SIGNALS

README = Path(__file__).resolve().parent.parent / "README.md"


def test_signal_table_matches_the_registry():
    rows = re.findall(r"^\| `([a-z_]+)` \| (.+) \|$", README.read_text(encoding="utf-8"), re.M)
    assert rows == [(s.name, s.description) for s in SIGNALS]


def test_quick_start_commands_exist_in_the_makefile():
    makefile = (README.parent / "Makefile").read_text(encoding="utf-8")
    readme = README.read_text(encoding="utf-8")
    for target in ("run", "test", "model", "bench"):
        assert f"make {target}" in readme
        assert re.search(rf"^{target}:", makefile, re.M)
