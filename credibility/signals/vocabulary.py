"""The vocabulary signal, in the spirit of SpamAssassin's Bayes rule: how the story's words
and word pairs lean, by a sparse linear text model learned from many sources.

The lexicon (``vocabulary.json.gz`` beside this module) is built by `make model`
(training/vocabulary.py): TF-IDF over lowercase words and word pairs of the story, only terms
used by several distinct sources, outlet names and domains masked, so it learns how
unreliable outlets write, not who they are. The value is the text model's logit; the model
weighs it like any other signal, and the evidence is the words that moved it most.
"""

from __future__ import annotations

import gzip
import json
import math
from collections import Counter
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any

from credibility.document import Document
from credibility.roles import Role
from credibility.signals.base import MAX_EVIDENCE, NOT_APPLICABLE, RAISES, Measure, measure, signal

LEXICON = Path(__file__).with_name("vocabulary.json.gz")
EVIDENCE_TERMS = 8  # the terms with the largest contributions, shown as evidence


def terms(tokens: list[str], masked: frozenset[str]) -> list[str]:
    """Lowercase alphabetic words that are not masked, and each pair of neighbours."""
    kept = [t for t in tokens if t.isalpha() and t not in masked]
    return kept + [f"{a} {b}" for a, b in pairwise(kept)]


class Lexicon:
    """Term -> (idf, weight), an intercept and the masked words, as training saved them."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.intercept = float(data["intercept"])
        self.masked = frozenset(data["masked"])
        self.terms: dict[str, tuple[float, float]] = {
            t: (float(idf), float(w)) for t, (idf, w) in data["terms"].items()
        }

    def contributions(self, tokens: list[str]) -> dict[str, float]:
        """Each known term's share of the logit: weight * sublinear tf-idf, l2-normalised."""
        counts = Counter(t for t in terms(tokens, self.masked) if t in self.terms)
        tfidf = {t: (1.0 + math.log(n)) * self.terms[t][0] for t, n in counts.items()}
        norm = math.sqrt(math.fsum(v * v for v in tfidf.values()))
        return {t: self.terms[t][1] * v / norm for t, v in tfidf.items()} if norm else {}

    def to_dict(self) -> dict[str, Any]:
        return {
            "intercept": self.intercept,
            "masked": sorted(self.masked),
            "terms": {t: list(v) for t, v in sorted(self.terms.items())},
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
    parts = found.contributions(doc.words_of(Role.BODY, lower=True))
    if not parts:
        return NOT_APPLICABLE
    strongest = sorted(parts, key=lambda t: -abs(parts[t]))[:EVIDENCE_TERMS]
    spans = doc.occurrences(strongest, Role.BODY)
    first: dict[str, Any] = {}
    for span in spans:  # one mark per term: its first occurrence
        first.setdefault(span.text.lower(), span)
    return measure(found.intercept + math.fsum(parts.values()), list(first.values())[:MAX_EVIDENCE])
