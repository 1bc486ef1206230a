import re
from pathlib import Path

import pytest

from credibility.signals import SIGNALS, markdown_table

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
DOCS = ROOT / "docs"
PAGES = [README, *sorted(DOCS.glob("*.md"))]
# The README is read to the end: the issue asks for about 250 lines, this leaves a little room.
MAX_README_LINES = 260

FENCE = re.compile(r"^ {0,3}(```|~~~)")
HEADING = re.compile(r"^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$")
LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
CODE_SPAN = re.compile(r"`+[^`]*`+")
SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)


def prose_lines(text: str) -> list[str]:
    """The lines outside fenced code blocks, where links and headings are what they seem."""
    lines, fenced = [], False
    for line in text.splitlines():
        if FENCE.match(line):
            fenced = not fenced
            continue
        if not fenced:
            lines.append(line)
    return lines


def github_slug(heading: str) -> str:
    """GitHub's anchor for a heading: lowercase, punctuation dropped (letters, digits,
    underscores, hyphens and spaces kept), each space a hyphen."""
    text = CODE_SPAN.sub(lambda m: m.group(0).strip("`"), heading)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # a link in a heading: its text
    text = re.sub(r"[^\w\- ]", "", text.lower())
    return text.replace(" ", "-")


def anchors(page: Path) -> set[str]:
    """Every heading's anchor, the repeats numbered -1, -2, ... as GitHub numbers them."""
    seen: dict[str, int] = {}
    found = set()
    for line in prose_lines(page.read_text(encoding="utf-8")):
        match = HEADING.match(line)
        if not match:
            continue
        slug = github_slug(match.group(1))
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        found.add(slug if count == 0 else f"{slug}-{count}")
    return found


def relative_links(page: Path) -> list[str]:
    links = []
    for line in prose_lines(page.read_text(encoding="utf-8")):
        links += [t for t in LINK.findall(CODE_SPAN.sub("", line)) if not SCHEME.match(t)]
    return links


def test_signal_table_is_the_one_the_registry_generates():
    model_page = (DOCS / "model.md").read_text(encoding="utf-8")
    assert markdown_table() in model_page
    assert markdown_table().count("\n| `") == len(SIGNALS)


def test_quick_start_commands_exist_in_the_makefile():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    readme = README.read_text(encoding="utf-8")
    for target in ("run", "test", "model", "bench"):
        assert f"make {target}" in readme
        assert re.search(rf"^{target}:", makefile, re.M)


def test_the_two_commands_come_first():
    readme = README.read_text(encoding="utf-8")
    first_block = readme[readme.index("```") : readme.index("```", readme.index("```") + 3)]
    assert "make run" in first_block
    assert "make test" in first_block


def test_readme_is_short_enough_to_read_to_the_end():
    lines = README.read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_README_LINES


def test_the_readme_links_every_docs_page():
    linked = {(README.parent / t.split("#")[0]).resolve() for t in relative_links(README)}
    assert set(DOCS.glob("*.md")) <= linked


@pytest.mark.parametrize(
    "heading, slug",
    [
        ("Quick start", "quick-start"),
        ("The web page and the JSON API", "the-web-page-and-the-json-api"),
        ("One host, several hosts, a proxy", "one-host-several-hosts-a-proxy"),
        ("What `credibility train` writes", "what-credibility-train-writes"),
        ("Leave one dataset out: ROC-AUC", "leave-one-dataset-out-roc-auc"),
        ("Pérez-Rosas 2018", "pérez-rosas-2018"),
    ],
)
def test_github_slug(heading, slug):
    assert github_slug(heading) == slug


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_every_relative_link_resolves(page):
    links = relative_links(page)
    broken = []
    for target in links:
        path, _, anchor = target.partition("#")
        linked = (page.parent / path).resolve() if path else page
        if not linked.exists():
            broken.append(f"{target}: no such file")
        elif anchor and (linked.suffix != ".md" or anchor not in anchors(linked)):
            broken.append(f"{target}: no heading with that anchor")
    assert not broken, f"{page.name}: {broken}"


def test_the_link_check_sees_links_and_refuses_broken_ones(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(
        "# Top\n\n## Top\n\n[a](#top-1) [b](other.md#nowhere) `[c](gone.md)`\n"
        "```\n[d](gone.md)\n# not a heading\n```\n[e](https://example.org/x)\n",
        encoding="utf-8",
    )
    (tmp_path / "other.md").write_text("# Somewhere\n", encoding="utf-8")
    assert relative_links(page) == ["#top-1", "other.md#nowhere"]
    assert anchors(page) == {"top", "top-1"}
    assert "nowhere" not in anchors(tmp_path / "other.md")
