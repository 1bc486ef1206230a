"""HTML to visible lines, with trafilatura deciding which lines are the story.

trafilatura drops author boxes, comment forms and related lists; we keep every visible line
because those blocks carry the signals, and use trafilatura's main text and metadata only to
tell the story lines from the rest.
"""

from __future__ import annotations

import contextlib
import logging
import re
from html.parser import HTMLParser
from typing import NamedTuple

from credibility.errors import InvalidInputError
from credibility.limits import (
    MAX_ATTRIBUTE_LOAD,
    MAX_ELEMENTS,
    MAX_EXTRACT_ATTRIBUTE_LOAD,
    MAX_EXTRACT_ELEMENTS,
    MAX_LINES,
    check_time,
)
from credibility.parsing.document import Document
from credibility.parsing.textpage import assemble

log = logging.getLogger(__name__)

BLOCK_TAGS = frozenset(
    """address article aside blockquote br button dd div dl dt figcaption figure footer form
    h1 h2 h3 h4 h5 h6 header hr label li main nav ol option p pre section table td th tr ul
    caption summary details""".split()
)
SKIP_TAGS = frozenset("script style noscript template head svg iframe object canvas".split())
# lxml refuses NUL and most C0 controls; they carry nothing visible anyway.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")
# A start tag as a tokenizer sees it: its name, then its attributes up to the next "<" or ">"
# outside quotes (a quoted value is whole). Possessive throughout: one pass, no backtracking.
START_TAG = re.compile(r"""<([A-Za-z][^\s/<>]*+)((?:[^<>"']++|"[^"]*+"|'[^']*+')*+)""")
QUOTED = re.compile(r""""[^"]*+"|'[^']*+'""")
# Elements whose content libxml2 reads as text, however much it looks like tags.
RAW_TEXT_END = {name: re.compile(f"</{name}", re.I) for name in ("script", "style")}
# Attributes this short hold at most 32 names: cheap to parse, however many such tags.
SHORT_ATTRIBUTES = 64
# Lines this long that occur inside the main text count as story even when split differently.
MIN_SUBSTRING_MATCH = 40


Line = tuple[int, int, str, float]  # start, end, text, link density


class Page(NamedTuple):
    """A page's visible text and lines, its <title>, and how many elements its tree has."""

    text: str
    lines: list[Line]
    title: str
    elements: int


class Lines:
    """Visible lines from a stream of start tags, end tags and text, whichever parser reads
    the page: lxml's tree walked without recursion, or, for a page nested deeper than
    libxml2 will go, the standard library's streaming parser."""

    def __init__(self) -> None:
        self.out: list[Line] = []
        self.pieces: list[tuple[str, bool]] = []
        self.cursor = self.skip = self.links = 0
        self.title = ""

    def flush(self) -> None:
        line = " ".join("".join(p for p, _ in self.pieces).split())
        if line:
            # Density over non-space characters, so the gaps between links do not count.
            link = sum(len("".join(p.split())) for p, is_link in self.pieces if is_link)
            visible = len(line) - line.count(" ")
            start = self.cursor + (1 if self.out else 0)
            self.out.append((start, start + len(line), line, min(1.0, link / max(1, visible))))
            self.cursor = start + len(line)
        self.pieces.clear()

    def start(self, tag: str) -> bool:
        """An opening tag (``tag`` "" for comments and the like); False inside skipped ones."""
        if self.skip or tag in SKIP_TAGS or not tag:
            self.skip += bool(tag in SKIP_TAGS or not tag)
            return False
        if tag in BLOCK_TAGS:
            self.flush()
        self.links += tag == "a"
        return True

    def end(self, tag: str) -> None:
        if tag in SKIP_TAGS or not tag:
            self.skip -= 1
        elif not self.skip:
            self.links -= tag == "a"
            if tag in BLOCK_TAGS:
                self.flush()

    def text(self, value: str | None) -> None:
        if value and not self.skip:
            self.pieces.append((value, self.links > 0))

    def result(self) -> tuple[str, list[Line], str]:
        self.flush()
        return "\n".join(line for _, _, line, _ in self.out), self.out, self.title


def too_many_elements(count: int) -> InvalidInputError:
    return InvalidInputError(f"html has {count:,} elements, over the limit of {MAX_ELEMENTS:,}")


def read_page(markup: str) -> Page:
    """The visible lines of a page, walked without recursion; InvalidInputError past
    MAX_ELEMENTS, counted in C before the walk, whose cost is per element."""
    from lxml import etree
    from lxml import html as lxml_html  # imported here: `credibility score` of text skips it

    # huge_tree: without it libxml2 stops at 255 levels of nesting and the page loses all
    # the text after that point; with it the limit is 2048, and deeper pages are streamed.
    parser = lxml_html.HTMLParser(huge_tree=True)
    try:
        root = lxml_html.document_fromstring(markup, parser=parser)
    except (etree.ParserError, ValueError):
        return Page("", [], "", 0)
    elements = int(root.xpath("count(//*)"))
    if elements > MAX_ELEMENTS:
        raise too_many_elements(elements)
    if any(e.type == etree.ErrorTypes.ERR_RESOURCE_LIMIT for e in parser.error_log):
        # The elements of the tree libxml2 gave up on: a bound on what trafilatura, whose
        # parser stops at 255 levels, will read.
        return Page(*streamed_lines(markup), elements)
    lines = Lines()
    for event, el in etree.iterwalk(root, events=("start", "end")):
        tag = el.tag if isinstance(el.tag, str) else ""
        if event == "start":
            if tag == "title" and not lines.title:
                lines.title = " ".join((el.text or "").split())
            if lines.start(tag):
                lines.text(el.text)
        else:
            lines.end(tag)
            lines.text(el.tail)
    return Page(*lines.result(), elements)


def visible_lines(markup: str) -> tuple[str, list[Line], str]:
    """(text, [(start, end, line, link density)], <title>) of the page."""
    return read_page(markup)[:3]


class Stream(HTMLParser):
    """The standard library's parser, which has no depth limit, feeding :class:`Lines`."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines = Lines()
        self.in_title = False
        self.elements = 0

    def handle_starttag(self, tag: str, attrs: object) -> None:
        # Counted as they come, so a page of too many stops before the rest is read.
        self.elements += 1
        if self.elements > MAX_ELEMENTS:
            raise too_many_elements(self.elements)
        self.in_title = tag == "title" and not self.lines.title
        self.lines.start(tag)

    def handle_endtag(self, tag: str) -> None:
        self.in_title = False
        self.lines.end(tag)

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.lines.title = " ".join(data.split())
        self.lines.text(data)


def streamed_lines(markup: str) -> tuple[str, list[Line], str]:
    """Visible lines of a page nested deeper than libxml2 parses (2048 levels)."""
    stream = Stream()
    stream.feed(markup)
    stream.close()
    return stream.lines.result()


class TextIndex:
    """Answers "is this line part of that extracted text?" despite re-segmentation."""

    def __init__(self, text: str) -> None:
        self.lines = {" ".join(line.split()) for line in text.splitlines()}
        self.blob = " ".join(text.split())

    def __call__(self, line: str) -> bool:
        return line in self.lines or (len(line) >= MIN_SUBSTRING_MATCH and line in self.blob)


def extract(markup: str) -> dict[str, str]:
    """trafilatura's main text, comments and metadata; empty strings when it finds none.

    The metadata we read (title, author, url) is taken by trafilatura's own steps, in the
    order of its extract_metadata, without the rest of that function: the date (htmldate),
    site name, categories, tags and licence cost a third of the extraction and are unused.
    The page is parsed once for both; the tree goes to bare_extraction unless lxml made a
    fragment of it (the copy bare_extraction takes would then lose the <head>), as
    bare_extraction itself parses the same way."""
    import trafilatura
    from trafilatura import metadata
    from trafilatura.utils import load_html

    try:
        tree = load_html(markup)
        if tree is None:
            return {}
        found = metadata.examine_meta(tree)
        if found.author and " " not in found.author:
            found.author = None
        with contextlib.suppress(Exception):  # as extract_metadata: bugs in its JSON-LD reader
            found = metadata.extract_meta_json(tree, found)
        found.title = found.title or metadata.extract_title(tree)
        found.author = found.author or metadata.extract_author(tree)
        found.url = found.url or metadata.extract_url(tree, None)
        found.clean_and_trim()
        whole = tree.getparent() is None and tree is tree.getroottree().getroot()
        result = trafilatura.bare_extraction(
            tree if whole else markup, include_comments=True, fast=True
        )
    except Exception as exc:  # trafilatura raises assorted errors on broken pages
        log.debug("trafilatura failed: %s", exc)
        result = None
    if result is None:
        return {}
    text = result.as_dict() if hasattr(result, "as_dict") else dict(result)
    return {
        "text": str(text.get("text") or ""),
        "comments": str(text.get("comments") or ""),
        **{k: str(getattr(found, k) or "") for k in ("title", "author", "url")},
    }


def attribute_load(markup: str) -> tuple[int, int]:
    """(the sum over start tags of their attribute count squared, the most in one tag): the
    work libxml2's duplicate-attribute check will do. Attributes are counted as the words
    left once quoted values are removed (``a = "b c"`` counts 3), an overcount that errs on
    the safe side."""
    load = most = pos = 0
    while found := START_TAG.search(markup, pos):
        pos = found.end()
        name, attributes = found.group(1).lower(), found.group(2)
        if name in RAW_TEXT_END:
            end = RAW_TEXT_END[name].search(markup, pos)
            if end is None:
                break  # the rest of the page is the element's text
            pos = end.start()
        elif len(attributes) > SHORT_ATTRIBUTES:
            count = len(QUOTED.sub(" ", attributes).split())
            load, most = load + count * count, max(most, count)
    return load, most


def check_attributes(markup: str) -> int:
    """The attribute load of ``markup`` (:func:`attribute_load`); refuse markup whose tags hold
    too many attributes to parse in time (MAX_ATTRIBUTE_LOAD): the parse itself cannot be
    interrupted, so the time limit cannot stop it."""
    load, most = attribute_load(markup)
    if load > MAX_ATTRIBUTE_LOAD:
        raise InvalidInputError(
            f"html has tags with too many attributes to parse in time ({most:,} in one tag; "
            "a page may have about 10,000 in one tag, fewer across many)"
        )
    return load


def parse_html(markup: str, *, title: str | None = None, url: str | None = None) -> Document:
    """Parse a page's HTML into a Document over its visible text."""
    load = check_attributes(markup)
    markup = CONTROL.sub(" ", markup)
    text, lines, page_title, elements = read_page(markup)
    if len(lines) > MAX_LINES:
        raise InvalidInputError(
            f"html has {len(lines):,} visible lines, over the limit of {MAX_LINES:,}"
        )
    check_time()
    cheap = elements <= MAX_EXTRACT_ELEMENTS and load <= MAX_EXTRACT_ATTRIBUTE_LOAD
    found = extract(markup) if cheap else {}
    check_time()
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
