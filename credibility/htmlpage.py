"""HTML to visible lines, with trafilatura deciding which lines are the story.

trafilatura drops author boxes, comment forms and related lists; we keep every visible line
because those blocks carry the signals, and use trafilatura's main text and metadata only to
tell the story lines from the rest.
"""

from __future__ import annotations

import logging
import re

from lxml import etree
from lxml import html as lxml_html

from credibility.document import Document
from credibility.textpage import assemble

log = logging.getLogger(__name__)

BLOCK_TAGS = frozenset(
    """address article aside blockquote br button dd div dl dt figcaption figure footer form
    h1 h2 h3 h4 h5 h6 header hr label li main nav ol option p pre section table td th tr ul
    caption summary details""".split()
)
SKIP_TAGS = frozenset("script style noscript template head svg iframe object canvas".split())
# lxml refuses NUL and most C0 controls; they carry nothing visible anyway.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")
# Lines this long that occur inside the main text count as story even when split differently.
MIN_SUBSTRING_MATCH = 40


def visible_lines(markup: str) -> tuple[str, list[tuple[int, int, str, float]], str]:
    """(text, [(start, end, line, link density)], <title>) of the page, without recursion."""
    try:
        root = lxml_html.document_fromstring(markup)
    except (etree.ParserError, ValueError):
        return "", [], ""
    out: list[tuple[int, int, str, float]] = []
    pieces: list[tuple[str, bool]] = []
    cursor = 0

    def flush() -> None:
        nonlocal cursor
        line = " ".join("".join(p for p, _ in pieces).split())
        if line:
            # Density over non-space characters, so the gaps between links do not count.
            link = sum(len("".join(p.split())) for p, is_link in pieces if is_link)
            visible = len(line) - line.count(" ")
            start = cursor + (1 if out else 0)
            out.append((start, start + len(line), line, min(1.0, link / max(1, visible))))
            cursor = start + len(line)
        pieces.clear()

    skip = links = 0
    page_title = ""
    for event, el in etree.iterwalk(root, events=("start", "end")):
        tag = el.tag if isinstance(el.tag, str) else ""
        if event == "start":
            if tag == "title" and not page_title:
                page_title = " ".join((el.text or "").split())
            if skip or tag in SKIP_TAGS or not tag:
                skip += bool(tag in SKIP_TAGS or not tag)
                continue
            if tag in BLOCK_TAGS:
                flush()
            links += tag == "a"
            if el.text:
                pieces.append((el.text, links > 0))
        else:
            if tag in SKIP_TAGS or not tag:
                skip -= 1
            elif skip:
                continue
            else:
                links -= tag == "a"
                if tag in BLOCK_TAGS:
                    flush()
            if not skip and el.tail:
                pieces.append((el.tail, links > 0))
    flush()
    return "\n".join(line for _, _, line, _ in out), out, page_title


class TextIndex:
    """Answers "is this line part of that extracted text?" despite re-segmentation."""

    def __init__(self, text: str) -> None:
        self.lines = {" ".join(line.split()) for line in text.splitlines()}
        self.blob = " ".join(text.split())

    def __call__(self, line: str) -> bool:
        return line in self.lines or (len(line) >= MIN_SUBSTRING_MATCH and line in self.blob)


def extract(markup: str) -> dict[str, str]:
    """trafilatura's main text, comments and metadata; empty strings when it finds none."""
    import trafilatura

    try:
        result = trafilatura.bare_extraction(
            markup, with_metadata=True, include_comments=True, fast=True
        )
    except Exception as exc:  # trafilatura raises assorted errors on broken pages
        log.debug("trafilatura failed: %s", exc)
        result = None
    if result is None:
        return {}
    found = result.as_dict() if hasattr(result, "as_dict") else dict(result)
    return {k: str(found.get(k) or "") for k in ("text", "comments", "title", "author", "url")}


def parse_html(markup: str, *, title: str | None = None, url: str | None = None) -> Document:
    """Parse a page's HTML into a Document over its visible text."""
    markup = CONTROL.sub(" ", markup)
    text, lines, page_title = visible_lines(markup)
    found = extract(markup)
    main = found.get("text", "")
    comments = found.get("comments", "")
    return assemble(
        text,
        lines,
        title=title or found.get("title") or page_title,
        url=url or found.get("url", ""),
        author=found.get("author", ""),
        is_html=True,
        infer_title=False,
        # Without any main text from trafilatura the line classifier alone decides.
        is_main=TextIndex(main) if main else None,
        is_comment=TextIndex(comments) if comments else None,
    )
