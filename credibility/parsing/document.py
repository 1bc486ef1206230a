"""The Document every signal reads: the data classes alone, built by the page modules.

A Document is the article's lines (blocks) with their roles and offsets into
``Document.text``, so evidence can be shown in place, plus cached tokens, counts and
sentence lengths shared by all signals. Text is split by :mod:`.textpage`; HTML is reduced
to its visible lines by :mod:`.htmlpage`, where trafilatura decides which of them are the
story. This module imports neither page module (they import it), so the stage has no
cycle; :mod:`.entry` holds ``parse()``, which chooses between them.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from itertools import chain

from credibility.language import MIN_WORDS, Language, judge
from credibility.parsing.roles import Role, Subrole
from credibility.text import SENTENCE, words


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of ``Document.text``: evidence for a signal."""

    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, object]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True, slots=True)
class Block:
    """One line (text input) or visible block (HTML input) with its role."""

    start: int
    end: int
    text: str
    role: Role
    subrole: Subrole = Subrole.NONE
    link_density: float = 0.0


@dataclass(eq=False)
class Document:
    """The parsed article every signal reads. Build it with :func:`credibility.parsing.parse`.

    Tokens, sentences and the folded (lowercased) text are computed once, on first use,
    and shared by all signals.
    """

    text: str
    blocks: tuple[Block, ...]
    title: str = ""
    url: str = ""
    author: str = ""
    is_html: bool = False
    # Word tokens of each block, parallel to ``blocks`` (the parser tokenises once).
    block_words: list[list[str]] = field(default_factory=list, repr=False)
    _cache: dict[tuple[object, ...], list[str]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        if len(self.block_words) != len(self.blocks):
            self.block_words = [words(b.text) for b in self.blocks]

    def blocks_of(self, *roles: Role) -> list[Block]:
        return [b for b in self.blocks if b.role in roles]

    @cached_property
    def block_lower(self) -> list[list[str]]:
        """Lowercased word tokens of each block."""
        return [list(map(str.lower, ws)) for ws in self.block_words]

    def words_of(self, *roles: Role, lower: bool = False) -> list[str]:
        """Word tokens of the blocks with these roles, computed once per role set."""
        key = (*roles, lower)
        if key not in self._cache:
            source = self.block_lower if lower else self.block_words
            # Joined in C (chain): a comprehension over every word cost more than counting them.
            chosen = (ws for b, ws in zip(self.blocks, source, strict=True) if b.role in roles)
            self._cache[key] = list(chain.from_iterable(chosen))
        return self._cache[key]

    @cached_property
    def body_words(self) -> list[str]:
        return self.words_of(Role.BODY)

    @cached_property
    def all_words(self) -> list[str]:
        return self.words_of(*Role)

    @cached_property
    def body_counts(self) -> Counter[str]:
        """Story words lowercased and counted."""
        return Counter(self.words_of(Role.BODY, lower=True))

    @cached_property
    def body_cased_counts(self) -> Counter[str]:
        """Story words counted as written."""
        return Counter(self.body_words)

    @cached_property
    def word_counts(self) -> Counter[str]:
        """Every word of the page lowercased and counted; its keys let rare patterns skip
        most pages cheaply (``doc.word_counts.keys().isdisjoint(KEYS)``)."""
        counts = self.body_counts.copy()
        counts.update(self.words_of(*(r for r in Role if r is not Role.BODY), lower=True))
        return counts

    @cached_property
    def language(self) -> Language:
        """The story's language (the whole page's when the story is too short to tell)."""
        if self.body_counts.total() >= MIN_WORDS:
            return judge(self.body_counts, self.body_text)
        return judge(self.word_counts, self.text)

    @cached_property
    def folded(self) -> str:
        """The text lowercased with its length kept, so offsets stay valid."""
        return fold(self.text)

    def mentions(self, *phrases: str) -> bool:
        """True when any lowercase phrase occurs in the text: a cheap pre-check that lets
        a costly pattern skip the many pages where none of its key phrases occur.

        A phrase is only searched for when all of its words are on the page (set lookups),
        so most phrases cost nothing."""
        vocabulary = self.word_counts
        for phrase in phrases:
            if all(map(vocabulary.__contains__, phrase_words(phrase))) and phrase in self.folded:
                return True
        return False

    @cached_property
    def body_text(self) -> str:
        return "\n".join(b.text for b in self.blocks_of(Role.BODY))

    @cached_property
    def body_sentence_lengths(self) -> list[int]:
        """Words per sentence of the story, in order (whitespace words: the tokeniser's count
        for prose, several times faster)."""
        return [
            len(found.split())
            for b in self.blocks_of(Role.BODY)
            for found in SENTENCE.findall(b.text)
            if not found.isspace()
        ]

    @property
    def body_sentence_count(self) -> int:
        return len(self.body_sentence_lengths)

    def find(
        self, pattern: re.Pattern[str], *roles: Role, group: int = 0, keys: tuple[str, ...] = ()
    ) -> list[Span]:
        """Matches of a lowercase ``pattern`` in the folded text of blocks with ``roles``
        (all blocks when none are given), as Spans quoting the original text. With ``keys``,
        lowercase phrases one of which every match holds, only blocks holding one are
        searched: a costly pattern then runs on a line or two, not the page.

        Patterns written in lowercase and run on folded text replace re.IGNORECASE,
        which is two to three times slower in CPython's re.
        """
        spans = []
        folded = self.folded
        present = [k for k in keys if k in folded]
        for b in self.blocks if not roles else self.blocks_of(*roles):
            if keys and not any(folded.find(k, b.start, b.end) != -1 for k in present):
                continue
            for m in pattern.finditer(folded, b.start, b.end):
                start, end = m.span(group)
                spans.append(Span(start, end, self.text[start:end]))
        return spans

    def occurrences(self, terms: Iterable[str], *roles: Role, first: bool = False) -> list[Span]:
        """Standalone occurrences of lowercase words or phrases in blocks with ``roles``,
        in text order; with ``first``, only each term's first. Terms whose words are not on
        the page are skipped by set lookups and the rest found with str.find: several times
        faster than a regex of alternatives."""
        vocabulary = self.word_counts
        folded = self.folded
        spans = []
        for term in terms:
            if not all(map(vocabulary.__contains__, phrase_words(term))):
                continue
            at = folded.find(term)
            while at != -1:
                end = at + len(term)
                if standalone(folded, at, end) and self.role_at(at) in roles:
                    spans.append(Span(at, end, self.text[at:end]))
                    if first:
                        break
                at = folded.find(term, end)
        spans.sort(key=lambda s: s.start)
        return spans

    @cached_property
    def _starts(self) -> list[int]:
        return [b.start for b in self.blocks]

    def role_at(self, offset: int) -> Role | None:
        """The role of the block covering ``offset`` (None between blocks)."""
        index = bisect_right(self._starts, offset) - 1
        if index >= 0 and offset < self.blocks[index].end:
            return self.blocks[index].role
        return None

    def find_cased(self, pattern: re.Pattern[str], *roles: Role, group: int = 0) -> list[Span]:
        """Like :meth:`find`, for patterns where case matters ('i' versus 'I')."""
        spans = []
        for b in self.blocks if not roles else self.blocks_of(*roles):
            for m in pattern.finditer(self.text, b.start, b.end):
                start, end = m.span(group)
                spans.append(Span(start, end, self.text[start:end]))
        return spans

    @staticmethod
    def span(block: Block, match: re.Match[str]) -> Span:
        """A regex match inside ``block`` as a Span of the document text."""
        return Span(block.start + match.start(), block.start + match.end(), match.group())

    @staticmethod
    def whole(block: Block) -> Span:
        return Span(block.start, block.end, block.text)


def standalone(text: str, start: int, end: int) -> bool:
    """True when text[start:end] is not part of a longer word."""
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return not (before.isalnum() or after.isalnum())


@lru_cache(maxsize=1024)
def phrase_words(phrase: str) -> tuple[str, ...]:
    return tuple(words(phrase))


def fold(text: str) -> str:
    """Lowercase ``text`` keeping its length (a few characters lowercase to two)."""
    lower = text.lower()
    if len(lower) == len(text):
        return lower
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
