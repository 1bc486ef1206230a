"""The vocabulary signal, in the spirit of SpamAssassin's Bayes rule: how the story's words
and word pairs lean, by a sparse linear text model learned from many sources.

The lexicon (``vocabulary.json.gz`` beside this module) is built by `make model`
(training/vocabulary.py): TF-IDF over the story's lowercase words (names, places and topics,
which are capitalised, are left out) and word pairs, only terms
used by several distinct sources, outlet names and domains masked, so it learns how
unreliable outlets write, not who they are. The value is the text model's logit; the model
weighs it like any other signal, and the evidence is the words that moved it most.
"""

from __future__ import annotations

import gzip
import json
import math
import operator
from bisect import bisect_left, bisect_right
from functools import cache, cached_property
from itertools import pairwise, repeat
from pathlib import Path
from typing import Any

import numpy as np

from credibility.parsing import Document, Role, Span
from credibility.signals.base import MAX_EVIDENCE, NOT_APPLICABLE, RAISES, Measure, measure, signal
from credibility.text import STOPWORDS

LEXICON = Path(__file__).with_name("vocabulary.json.gz")
EVIDENCE_TERMS = 8  # the terms with the largest contributions, shown as evidence


MANNER_WORDS = Path(__file__).parent.parent / "data" / "manner_words.txt"
CONTENT = "_"  # what a content word reads as when the lexicon masks content
# Tokens whose readings are remembered (about 10 MB); past it, they are forgotten.
MAX_SEEN = 200_000


@cache
def manner_words() -> frozenset[str]:
    """The words that say how a story is written (credibility/data/manner_words.txt)."""
    text = MANNER_WORDS.read_text(encoding="utf-8")
    return frozenset(w for line in text.splitlines() for w in line.split("#", 1)[0].split())


def kept_words(
    tokens: list[str], masked: frozenset[str], manner: frozenset[str] | None = None
) -> list[str]:
    """The words the lexicon reads: written in lowercase letters only, not masked. A
    capitalised word is mostly a name, a place or a topic ("Moscow", "NATO", "Clinton"):
    leaving those out makes the lexicon learn how outlets write, not what they wrote about
    in one year. With ``manner``, every other word reads as CONTENT: lowercase subject
    words ("phones", "stabbed") were what still tied the lexicon to its corpora's
    subjects (issue 21), and the placeholder keeps their place in word pairs."""
    kept = [t for t in tokens if t.islower() and t.isalpha() and t not in masked]
    if manner is None:
        return kept
    return [t if t in manner else CONTENT for t in kept]


def terms(
    tokens: list[str], masked: frozenset[str], manner: frozenset[str] | None = None
) -> list[str]:
    """The kept words and each pair of kept neighbours."""
    kept = kept_words(tokens, masked, manner)
    return kept + [f"{a} {b}" for a, b in pairwise(kept)]


class Codes:
    """A lexicon's terms as integers: each word of its terms gets a number, a word pair
    the pair of numbers, so counting a story's terms is integer arithmetic in numpy, not
    building and hashing a string for every word pair and looking it up among 60,000
    (that cost most of the signal's time)."""

    def __init__(
        self, terms: list[str], masked: frozenset[str], manner: frozenset[str] | None
    ) -> None:
        self.terms = terms  # by row
        self.masked = masked
        self.manner = manner
        # Built with C loops and numpy: it runs once per process, before the first score
        # (a Python loop per term cost 0.1 s of a cold `credibility score`).
        flat = " ".join(self.terms).split(" ")
        readable = [
            w
            for w in dict.fromkeys(flat)
            if w.islower() and w.isalpha() and w not in masked and (manner is None or w in manner)
        ]
        if manner is not None:
            readable.insert(0, CONTENT)
        self.words = {w: i for i, w in enumerate(readable)}
        # A word the lexicon reads that none of its terms holds: its pairs are unknown.
        self.other = len(self.words)
        # What a content word reads as where content is masked.
        self.content = self.words.get(CONTENT, self.other)
        self.width = len(self.words) + 1
        self.seen = dict(self.words)  # token -> reading(token), see numbers()
        numbers = np.fromiter(map(self.words.get, flat, repeat(-1)), np.int64, len(flat))
        lengths = 1 + np.fromiter(
            map(str.count, self.terms, repeat(" ")), np.int64, len(self.terms)
        )
        firsts = np.cumsum(lengths) - lengths
        first = numbers[firsts]
        second = np.where(lengths == 2, numbers[np.minimum(firsts + 1, len(flat) - 1)], 0)
        known = (lengths <= 2) & (first >= 0) & (second >= 0)
        codes = np.where(lengths == 1, first, (first + 1) * self.width + second)[known]
        order = np.argsort(codes, kind="stable")
        self.sorted_codes = codes[order]
        self.rows = np.flatnonzero(known)[order]

    def code(self, first: int, second: int | None = None) -> int:
        """A word's number, or a pair's: (first + 1) * width + second, above every word's."""
        return first if second is None else (first + 1) * self.width + second

    @cached_property
    def shown(self) -> np.ndarray:
        """By row: whether the term may be shown as evidence (no function word, no
        placeholder)."""
        stop = np.fromiter(map(STOPWORDS.__contains__, self.terms), bool, len(self.terms))
        masked = np.fromiter(
            map(operator.contains, self.terms, repeat(CONTENT)), bool, len(self.terms)
        )
        return ~(stop | masked)

    def reading(self, token: str) -> int:
        """A token's number: its word's, CONTENT's or OTHER's, or -1 when the lexicon does
        not read it (kept_words)."""
        if token in self.words:
            return self.words[token]
        if not (token.islower() and token.isalpha()) or token in self.masked:
            return -1
        return self.content if self.manner is not None and token not in self.manner else self.other

    def numbers(self, tokens: list[str]) -> np.ndarray:
        """The numbers of the words the lexicon reads (kept_words), in order."""
        # Every token's reading is remembered: a third of a story's tokens are in no term
        # (names, numbers, rare words), and judging them anew cost as much as the rest.
        # Bounded, so a long-running server does not keep every token it ever read.
        # One dict per call (web threads may start a new one meanwhile).
        seen = self.seen
        new = set(tokens).difference(seen)
        if len(seen) + len(new) > MAX_SEEN:
            seen = self.seen = dict(self.words)
        seen.update({token: self.reading(token) for token in new})
        found = np.fromiter(map(seen.__getitem__, tokens), np.int64, len(tokens))
        return found[found >= 0]

    def counts(self, tokens: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """The rows of the known terms (words and neighbour pairs) among ``tokens`` and how
        often each occurs, ordered by term number."""
        numbers = self.numbers(tokens)
        pairs = (numbers[:-1] + 1) * self.width + numbers[1:]
        found, counts = np.unique(np.concatenate((numbers, pairs)), return_counts=True)
        if not len(self.sorted_codes):
            return self.rows, counts[:0]
        at = np.minimum(np.searchsorted(self.sorted_codes, found), len(self.sorted_codes) - 1)
        known = self.sorted_codes[at] == found
        return self.rows[at[known]], counts[known]


class Lexicon:
    """Term -> (idf, weight), an intercept and the masked words, as training saved them."""

    def __init__(self, data: dict[str, Any]) -> None:
        """From the saved form: parallel lists of terms, idf and weights (quicker to load
        than a mapping of 70,000 small lists)."""
        self.intercept = float(data["intercept"])
        self.masked = frozenset(data["masked"])
        # Whether content words were masked when it was fitted (older lexicons: not).
        self.manner = manner_words() if data.get("content") == "masked" else None
        if not len(data["terms"]) == len(data["idf"]) == len(data["weight"]):
            raise ValueError("lexicon lists differ in length")
        # Term -> row of two arrays, so scoring does its arithmetic in numpy (elementwise,
        # so each term's share is the same float as in Python).
        self.index = {t: i for i, t in enumerate(data["terms"])}
        self.idf = np.array(data["idf"], dtype=float)
        self.weight = np.array(data["weight"], dtype=float)

    @cached_property
    def terms(self) -> dict[str, tuple[float, float]]:
        """Term -> (idf, weight), for reading the lexicon (scoring uses the arrays)."""
        pairs = zip(self.idf.tolist(), self.weight.tolist(), strict=True)
        return dict(zip(self.index, pairs, strict=True))

    @cached_property
    def codes(self) -> Codes:
        """The lexicon's terms as integers, for scoring (built on first use)."""
        terms = list(self.index)
        if len(terms) < len(self.idf):  # a term saved twice: its last row counts, as in index
            terms = [""] * len(self.idf)
            for term, row in self.index.items():
                terms[row] = term
        return Codes(terms, self.masked, self.manner)

    def shares(self, tokens: list[str]) -> tuple[np.ndarray, list[float]]:
        """The rows of the known terms among ``tokens`` and each one's share of the logit:
        weight * sublinear tf-idf, l2-normalised (the norm an fsum, the same in any order).
        No rows when no term is known. The story's words and word pairs are counted as
        integers (:class:`Codes`) and the arithmetic is numpy's: elementwise, so each share
        is the same float as counting the terms as strings gave."""
        rows, counts = self.codes.counts(tokens)
        tf = 1.0 + np.log(counts.astype(float))
        tfidf = tf * self.idf[rows]
        norm = math.sqrt(math.fsum((tfidf * tfidf).tolist()))
        if not norm:
            return rows[:0], []
        return rows, (self.weight[rows] * tfidf / norm).tolist()

    def contributions(self, tokens: list[str]) -> dict[str, float]:
        """Each known term's share of the logit, in no particular order."""
        return self.named(*self.shares(tokens))

    def named(self, rows: np.ndarray, shares: list[float]) -> dict[str, float]:
        """Term -> share, of what :meth:`shares` returned."""
        return dict(zip(map(self.codes.terms.__getitem__, rows.tolist()), shares, strict=True))

    def to_dict(self) -> dict[str, Any]:
        terms = sorted(self.index)
        rows = [self.index[t] for t in terms]
        return {
            "intercept": self.intercept,
            **({"content": "masked"} if self.manner is not None else {}),
            "masked": sorted(self.masked),
            "terms": terms,
            "idf": self.idf[rows].tolist(),
            "weight": self.weight[rows].tolist(),
        }


@cache
def lexicon() -> Lexicon | None:
    """The bundled lexicon, loaded once; None where it was not built."""
    if not LEXICON.is_file():
        return None
    with gzip.open(LEXICON, "rt", encoding="utf-8") as handle:
        return Lexicon(json.load(handle))


@signal("vocabulary_lean", "How the story's words lean, by a text model of many sources", RAISES)
def vocabulary_lean(doc: Document) -> Measure:
    found = lexicon()
    if found is None:
        return NOT_APPLICABLE
    rows, shares = found.shares(doc.words_of(Role.BODY))
    if not shares:
        return NOT_APPLICABLE
    return measure(found.intercept + math.fsum(shares), lambda: strongest(doc, found, rows, shares))


def strongest(doc: Document, found: Lexicon, rows: np.ndarray, shares: list[float]) -> list[Span]:
    """The first occurrences of the terms that moved the value most, either way."""
    chosen = strongest_terms(found, rows, shares)
    return doc.occurrences(chosen, Role.BODY, first=True)[:MAX_EVIDENCE]


def strongest_terms(found: Lexicon, rows: np.ndarray, shares: list[float]) -> list[str]:
    """The EVIDENCE_TERMS terms of the ends of the terms sorted by contribution
    (:func:`ends`) with the largest contributions either way, by size, then term."""
    # Function words ("the", "to") are left out of the evidence: they tell a reader
    # nothing, and finding their every occurrence cost a third of a millisecond per
    # article. A term holding the placeholder has no words of its own to point at.
    shown = found.codes.shown[rows]
    rows, values = rows[shown], np.asarray(shares)[shown]
    k = EVIDENCE_TERMS
    if len(values) > 2 * k:
        # Only the terms at either end can be chosen, ties at each cut included: naming
        # and sorting those alone chooses as sorting them all would.
        low = np.partition(values, k - 1)[k - 1]
        high = np.partition(values, len(values) - k)[len(values) - k]
        either = (values <= low) | (values >= high)
        rows, values = rows[either], values[either]
    parts = found.named(rows, values.tolist())
    ranked = sorted(parts, key=parts.__getitem__)
    return sorted(ends(ranked, parts), key=lambda t: (-abs(parts[t]), t))[:EVIDENCE_TERMS]


def ends(ranked: list[str], parts: dict[str, float], k: int = EVIDENCE_TERMS) -> list[str]:
    """The first and last ``k`` of ``ranked`` (terms sorted by contribution alone), a tie
    across either cut settled by term, as a sort by (contribution, term) would settle it.
    Sorting every term by that pair instead cost a tenth of the signal."""
    if len(ranked) <= 2 * k:
        return ranked
    values = list(map(parts.__getitem__, ranked))
    lo, hi = bisect_left(values, values[k - 1]), bisect_right(values, values[k - 1])
    first = ranked[:lo] + sorted(ranked[lo:hi])[: k - lo]
    lo, hi = bisect_left(values, values[-k]), bisect_right(values, values[-k])
    last = sorted(ranked[lo:hi])[len(ranked) - k - lo :] + ranked[hi:]
    return first + last
