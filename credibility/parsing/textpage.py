"""Text copied from a page to lines with roles, and the role assembly shared with HTML.

Plain text keeps its menus, bylines, bios and comment forms as lines; each non-empty line is
a block whose role comes from :mod:`.roles`, with a little context (the headline
is the first short story-like line; a first-person line after a blurb continues it).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from credibility.errors import InvalidInputError
from credibility.limits import MAX_LINES
from credibility.parsing.document import Block, Document
from credibility.parsing.roles import Role, Subrole, classify_line, theme_subrole
from credibility.text import words

LINE = re.compile(r"[^\n]+")
# A first line this short without a full stop reads as a headline.
TITLE_MAX_WORDS = 25
# A line that continues a promotional blurb: first person about writing work.
BLURB_CONTINUATION = re.compile(
    r"\b(i|my)\b.{0,80}\b(write|writing|work|worked|experience|contact|email|hire|follow|"
    r"blog|articles?|clients?|seo|posts?)\b",
    re.IGNORECASE,
)


def parse_text(text: str, *, title: str | None = None, url: str | None = None) -> Document:
    """Parse text copied from a page: every non-empty line is a block with a role."""
    check_lines(text)
    lines = []
    for m in LINE.finditer(text):
        stripped = m.group().strip()
        if stripped:
            start = m.start() + m.group().index(stripped)
            lines.append((start, start + len(stripped), stripped, 0.0))
    return assemble(text, lines, title=title or "", url=url or "", infer_title=not title)


def check_lines(text: str) -> None:
    """Refuse text of more than MAX_LINES non-empty lines, counted before any is read."""
    if text.count("\n") < MAX_LINES:  # lines are at most the newlines plus one
        return
    count = sum(1 for line in text.split("\n") if line and not line.isspace())
    if count > MAX_LINES:
        raise InvalidInputError(f"text has {count:,} lines, over the limit of {MAX_LINES:,}")


def assemble(
    text: str,
    lines: list[tuple[int, int, str, float]],
    *,
    title: str,
    url: str,
    author: str = "",
    is_html: bool = False,
    infer_title: bool = True,
    is_main: Callable[[str], bool] | None = None,
    is_comment: Callable[[str], bool] | None = None,
) -> Document:
    """Give each (start, end, text, link density) line its role and build the Document.

    For HTML, ``is_main``/``is_comment`` tell what the extractor kept; the other lines can
    only be furniture, blurbs, bylines or comments.
    """
    infer_title = infer_title and len(lines) > 1
    blocks: list[Block] = []
    block_words: list[list[str]] = []
    previous_blurb = title_seen = seen_body = False
    for start, end, line, density in lines:
        tokens = words(line)
        role, subrole = classify_line(line, tokens, link_density=density)
        # The headline is the given title, or else the first story-like line when it is short.
        headline = line == title or (
            infer_title
            and not seen_body
            and subrole in (Subrole.NONE, Subrole.SHORT_LINE)
            and looks_like_title(line, tokens)
        )
        if not title_seen and headline:
            role, subrole = Role.TITLE, Subrole.TITLE
            title, title_seen = title or line, True
        elif role is Role.BODY and previous_blurb and BLURB_CONTINUATION.search(line):
            role, subrole = Role.BLURB, Subrole.CONTINUATION
        elif is_main is not None and role is Role.BODY:
            if is_comment is not None and is_comment(line):
                role, subrole = Role.COMMENT, Subrole.COMMENT
            elif not is_main(line):
                role, subrole = Role.BOILERPLATE, Subrole.NOT_MAIN_TEXT
        previous_blurb = role is Role.BLURB
        seen_body = seen_body or role is Role.BODY
        blocks.append(Block(start, end, line, role, subrole, density))
        block_words.append(tokens)
    return Document(
        text,
        tuple(blocks),
        title=title,
        url=url,
        author=author,
        is_html=is_html,
        block_words=block_words,
    )


def looks_like_title(line: str, tokens: list[str] | None = None) -> bool:
    """A short line without a full stop that is no theme furniture (``tokens``: its
    words, when already split)."""
    return (
        0 < len(words(line) if tokens is None else tokens) <= TITLE_MAX_WORDS
        and not line.endswith(".")
        and not theme_subrole(line)
    )
