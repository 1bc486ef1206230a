"""Where the words and marks a signal counted are: evidence for signals whose value is a
count or a rate. Each helper returns at most MAX_EVIDENCE spans in document order (the
value still counts every hit), and never a bare letter or mark where a word can be shown.
"""

from __future__ import annotations

import re
from functools import lru_cache

from credibility.parsing import Document, Role, Span
from credibility.signals.base import MAX_EVIDENCE

APOSTROPHES = "'’"
# Marks that end a sentence; a run of them ("?!", "!!!") is shown as one span.
SENTENCE_MARKS = "!?"
# How far back a mark's span reaches for the word before it: a 5,000-letter token ending
# in "!" is not quoted whole.
WORD_REACH = 40
QUOTE_MARKS = '"“”'
QUOTE_MARK = re.compile(f"[{QUOTE_MARKS}]")


@lru_cache(maxsize=1024)
def token_pattern(term: str) -> re.Pattern[str]:
    """``term`` as a whole token, as credibility.text.WORD splits text: no letter or digit
    touches it, nor an apostrophe that joins it to one ("don't"). Led by the literal, so
    the search skips ahead in C to each occurrence."""
    t = re.escape(term)
    return re.compile(rf"{t}(?<![^\W_]{t})(?<![^\W_]['’]{t})(?![^\W_]|['’][^\W_])")


def word_spans(
    doc: Document, lexicon: frozenset[str], *roles: Role, skip: frozenset[str] = frozenset()
) -> list[Span]:
    """The first tokens of blocks with ``roles`` whose lowercase form is in ``lexicon``
    (those spelt exactly as in ``skip`` left out): the tokens a lexicon rate counted.

    Found from the parser's lowercase tokens, each searched for after the one before:
    several times faster than matching every token of the story with a pattern."""
    spans: list[Span] = []
    folded = doc.folded
    for block, tokens in zip(doc.blocks, doc.block_lower, strict=True):
        if block.role not in roles:
            continue
        at = block.start
        for token in filter(lexicon.__contains__, tokens):  # a C loop over the tokens
            found = token_pattern(token).search(folded, at, block.end)
            if found is None:  # lowercasing changed the token's length; show what was found
                break
            at = found.end()
            if doc.text[found.start() : at] not in skip:
                spans.append(Span(found.start(), at, doc.text[found.start() : at]))
                if len(spans) == MAX_EVIDENCE:
                    return spans
    return spans


def mark_spans(doc: Document, marks: str, *roles: Role) -> list[Span]:
    """The first runs of sentence marks holding any of ``marks`` in blocks with ``roles``,
    each with the word before it ("SHOCKING!!!", "Really?!")."""
    spans: list[Span] = []
    for block in doc.blocks_of(*roles):
        text = block.text
        at = next_mark(text, marks, 0)
        while at != -1 and len(spans) < MAX_EVIDENCE:
            start = at
            while start and text[start - 1] in SENTENCE_MARKS:
                start -= 1
            end = at
            while end < len(text) and text[end] in SENTENCE_MARKS:
                end += 1
            start = word_start(text, start - 1 if text[start - 1 : start] == " " else start)
            spans.append(Span(block.start + start, block.start + end, text[start:end]))
            at = next_mark(text, marks, end)
        if len(spans) == MAX_EVIDENCE:
            break
    return spans


def next_mark(text: str, marks: str, start: int) -> int:
    """The offset of the first of ``marks`` at or after ``start``, -1 when there is none."""
    found = [at for mark in marks if (at := text.find(mark, start)) != -1]
    return min(found, default=-1)


def word_start(text: str, end: int) -> int:
    """Where the word ending at ``end`` starts (``end`` itself after a space)."""
    start = end
    while start > max(0, end - WORD_REACH) and not text[start - 1].isspace():
        start -= 1
    return start


def quote_spans(doc: Document, *roles: Role) -> list[Span]:
    """The first quoted passages in blocks with ``roles``: quotation marks taken in pairs
    within a line. A mark left over runs to the end of its line, or, when nothing follows
    it, from the start of the line (a quotation continued from the paragraph before)."""
    spans: list[Span] = []
    for block in doc.blocks_of(*roles):
        text = block.text
        if not any(mark in text for mark in QUOTE_MARKS):
            continue
        marks = [m.start() for m in QUOTE_MARK.finditer(text)]
        for i in range(0, len(marks), 2):
            start, end = marks[i], marks[i + 1] + 1 if i + 1 < len(marks) else len(text)
            if i + 1 == len(marks) and not text[start + 1 :].strip():
                start, end = 0, start + 1
            spans.append(Span(block.start + start, block.start + end, text[start:end]))
            if len(spans) == MAX_EVIDENCE:
                return spans
    return spans


def as_words(doc: Document, spans: list[Span]) -> list[Span]:
    """Spans widened to whole words: a word's first letter to the whole word ("h" ->
    "hello"), and a one-letter word with the word after it on its line ("i" -> "i work";
    the word before when it ends the line)."""
    text = doc.text
    widened = []
    for span in spans:
        start, end = span.start, span.end
        while end < len(text) and (text[end].isalnum() or text[end] in APOSTROPHES):
            end += 1
        if end - start == 1:
            after = end
            while after < len(text) and text[after] in " \t":
                after += 1
            stop = after
            while stop < len(text) and not text[stop].isspace():
                stop += 1
            if stop > after:
                end = stop
            elif start and text[start - 1] == " ":
                start = word_start(text, start - 1)
        widened.append(Span(start, end, text[start:end]))
    return widened
