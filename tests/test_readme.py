import re
from pathlib import Path

from credibility.signals import SIGNALS, markdown_table

README = Path(__file__).resolve().parent.parent / "README.md"


def test_signal_table_is_the_one_the_registry_generates():
    assert markdown_table() in README.read_text(encoding="utf-8")
    assert markdown_table().count("\n| `") == len(SIGNALS)


def test_quick_start_commands_exist_in_the_makefile():
    makefile = (README.parent / "Makefile").read_text(encoding="utf-8")
    readme = README.read_text(encoding="utf-8")
    for target in ("run", "test", "model", "bench"):
        assert f"make {target}" in readme
        assert re.search(rf"^{target}:", makefile, re.M)
