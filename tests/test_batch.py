"""The batch package (credibility/batch/__init__.py): its public surface, and stages that
import one way only."""

import ast
import subprocess
import sys
from pathlib import Path

import credibility.batch
from credibility import batch

PACKAGE = Path(credibility.batch.__file__).parent


def imports_within(path: Path) -> set[str]:
    """The modules of this package that ``path`` imports, wherever the import statement is
    (a lazy import inside a function counts too)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        found |= {n.rsplit(".", 1)[1] for n in names if n.startswith("credibility.batch.")}
    return found


def test_public_surface():
    assert batch.__all__ == [
        "BatchOptions",
        "BatchSummary",
        "configure_parser",
        "main",
        "run",
        "score_file",
    ]
    assert all(hasattr(batch, name) for name in batch.__all__)


def test_the_stages_import_one_way_with_no_cycle():
    graph = {p.stem: imports_within(p) for p in PACKAGE.glob("*.py") if p.stem != "__init__"}
    assert graph == {
        "__main__": {"command"},
        "command": {"run"},
        "dask": {"read", "records", "score", "write"},
        "read": {"records"},
        "records": set(),
        "rollup": {"read", "records"},
        "run": {"dask", "read", "rollup", "score", "write"},
        "score": {"read", "records", "write"},
        "write": {"records", "rollup"},
    }


def test_modules_are_between_50_and_300_lines():
    sizes = {p.name: len(p.read_text(encoding="utf-8").splitlines()) for p in PACKAGE.glob("*.py")}
    small = {"__init__.py", "__main__.py"}  # the public surface and the entry point
    assert {name for name, n in sizes.items() if not 50 <= n <= 300} == small


def test_python_dash_m_runs_the_subcommand():
    done = subprocess.run(
        [sys.executable, "-m", "credibility.batch", "--help"], capture_output=True, text=True
    )
    assert done.returncode == 0
    assert done.stdout.startswith("usage: credibility batch [-h] -o OUT")
