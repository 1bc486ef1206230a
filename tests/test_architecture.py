"""The house rules of docs/architecture.md, checked on the source: imports flow one way (no
cycles, counting imports inside functions and under TYPE_CHECKING), and the library imports
neither face except in the CLI, lazily. Module size is not capped: it follows cohesion."""

import ast
import pkgutil
from dataclasses import dataclass
from pathlib import Path

import pytest

import credibility
import credibility.training as training
import credibility.webapp as webapp

PACKAGES = (credibility, training, webapp)
FACES = ("credibility.webapp", "credibility.training")
COMPOSITION_ROOT = "credibility.cli"


@dataclass(frozen=True)
class Import:
    target: str  # a module of the project
    line: int
    lazy: bool  # inside a function: runs when called, not when the module loads


def project_modules() -> dict[str, Path]:
    """Every module of the project's packages by dotted name, found by walking them."""
    found = {}
    for package in PACKAGES:
        found[package.__name__] = Path(package.__file__)
        for info in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
            spec = info.module_finder.find_spec(info.name, None)  # type: ignore[call-arg]
            found[info.name] = Path(spec.origin)
    return found


MODULES = project_modules()


def resolve(module: str, node: ast.ImportFrom) -> str:
    """The absolute module name a (possibly relative) ``from`` import reads from."""
    if not node.level:
        return node.module or ""
    is_package = MODULES[module].name == "__init__.py"
    parts = module.split(".")[: len(module.split(".")) - node.level + is_package]
    return ".".join(parts + ([node.module] if node.module else []))


def imports_of(module: str) -> list[Import]:
    """The project modules ``module`` imports, at any depth of its code. Importing a
    submodule is an edge to it alone (not to its package's __init__, which Python also
    runs): inside a package, modules import each other, never their own __init__."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    lazy_lines = {
        n.lineno
        for f in ast.walk(tree)
        if isinstance(f, ast.FunctionDef | ast.AsyncFunctionDef)
        for n in ast.walk(f)
        if isinstance(n, ast.Import | ast.ImportFrom)
    }
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = resolve(module, node)
            targets = [
                f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base for a in node.names
            ]
        else:
            continue
        for target in dict.fromkeys(targets):
            if target in MODULES:
                found.append(Import(target, node.lineno, node.lineno in lazy_lines))
    return found


GRAPH = {module: imports_of(module) for module in MODULES}


def cycles(graph: dict[str, list[Import]]) -> list[list[str]]:
    """One cycle (a -> b -> ... -> a) per strongly connected group of modules (Tarjan)."""
    edges = {m: sorted({i.target for i in found if i.target != m}) for m, found in graph.items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in edges[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = set()
            while True:
                member = stack.pop()
                group.add(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(group)

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return [path_within(min(group), group, edges) for group in groups]


def path_within(start: str, group: set[str], edges: dict[str, list[str]]) -> list[str]:
    """A shortest import path from ``start`` back to itself inside ``group``."""
    paths = {start: [start]}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for nxt in edges[node]:
                if nxt == start:
                    return [*paths[node], start]
                if nxt in group and nxt not in paths:
                    paths[nxt] = [*paths[node], nxt]
                    following.append(nxt)
        frontier = following
    raise AssertionError(f"{start} is in no cycle")


def test_the_walk_sees_every_package_and_function_level_imports():
    seen = {"credibility.parsing.entry", "credibility.cli", "credibility.training.train"}
    assert seen | {"credibility.webapp.articles.api"} <= set(MODULES)
    # cli.py imports the faces inside its command functions: they must be seen, as lazy.
    lazy = {i.target for i in GRAPH["credibility.cli"] if i.lazy}
    assert {"credibility.training.train", "credibility.webapp.serve"} <= lazy


def test_cycles_are_found_and_reported():
    graph = {
        "a": [Import("b", 1, False)],
        "b": [Import("c", 1, True)],
        "c": [Import("a", 1, False)],
        "d": [Import("a", 1, False)],
    }
    assert cycles(graph) == [["a", "b", "c", "a"]]
    assert cycles({"a": [Import("b", 1, False)], "b": []}) == []


def test_no_import_cycles():
    found = cycles(GRAPH)
    assert not found, "import cycles:\n" + "\n".join(" -> ".join(c) for c in found)


def within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


@pytest.mark.parametrize("face", FACES)
def test_the_library_does_not_import_the_faces(face):
    found = [
        f"{module}:{i.line} imports {i.target}" + (" at load time" if not i.lazy else "")
        for module, imports in GRAPH.items()
        if not any(within(module, f) for f in FACES)
        for i in imports
        if within(i.target, face) and (module != COMPOSITION_ROOT or not i.lazy)
    ]
    assert not found, "the library imports a face: " + "; ".join(found)


WEB = "credibility.webapp"
# The web app's features: its subpackages (articles, jobs, reviews), found by walking it.
WEB_FEATURES = sorted(
    m for m, path in MODULES.items() if within(m, WEB) and m != WEB and path.name == "__init__.py"
)
# The core modules that reach into the features: the app factory registering their
# blueprints and the OpenAPI assembly gathering their paths and schemas.
GATHERERS = (WEB, f"{WEB}.openapi")


def feature_of(module: str) -> str | None:
    return next((f for f in WEB_FEATURES if within(module, f)), None)


def test_the_web_app_has_its_features():
    assert {f"{WEB}.articles", f"{WEB}.jobs", f"{WEB}.reviews"} <= set(WEB_FEATURES)


def test_the_web_core_imports_no_feature_but_to_gather_them():
    found = [
        f"{module}:{i.line} imports {i.target}"
        for module, imports in GRAPH.items()
        if within(module, WEB) and feature_of(module) is None and module not in GATHERERS
        for i in imports
        if feature_of(i.target) is not None
    ]
    assert not found, "the web core imports a feature: " + "; ".join(found)


def test_features_meet_only_at_a_feature_s_package():
    """A feature uses another only through what that one's __init__ offers (the reviews'
    form_for), never its modules."""
    found = [
        f"{module}:{i.line} imports {i.target}"
        for module, imports in GRAPH.items()
        if feature_of(module) is not None
        for i in imports
        if feature_of(i.target) not in (None, feature_of(module)) and i.target not in WEB_FEATURES
    ]
    assert not found, "a feature imports another's internals: " + "; ".join(found)
