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
        "command": {"errors", "progress", "run"},
        "dask": {"errors", "read", "records", "score", "write"},
        "errors": set(),
        "progress": set(),
        "read": {"errors", "records"},
        "records": set(),
        "rollup": {"records"},
        "run": {"dask", "errors", "progress", "read", "rollup", "score", "write"},
        "score": {"errors", "read", "records", "write"},
        "write": {"errors", "progress", "records", "rollup"},
    }


def test_python_dash_m_runs_the_subcommand():
    done = subprocess.run(
        [sys.executable, "-m", "credibility.batch", "--help"], capture_output=True, text=True
    )
    assert done.returncode == 0
    assert done.stdout.startswith("usage: credibility batch [-h] -o OUT")
