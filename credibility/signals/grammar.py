"""Grammar signals: the slips of hurried or machine-spun writing, measured without NLTK.

Rates are per word or per sentence so that long and short articles compare.
"""

from __future__ import annotations

import re
import statistics

from credibility.document import Document, Span
from credibility.roles import Role
from credibility.signals.base import Measure, count, measure, signal
from credibility.text import WORD, english_words, ratio, syllables

PROSE = (Role.BODY, Role.BLURB)
LOWERCASE_I = re.compile(r"(?<![\w'’.-])i(?![\w'’.-])")
LOWER_START = re.compile(r"(?:^|[.!?]\s+)([a-z])")
DOUBLED = re.compile(r"\b([A-Za-z]+)\s+\1\b", re.IGNORECASE)
# "had had" and "that that" are grammatical; so are names like "Bora Bora".
DOUBLED_OK = frozenset({"had", "that", "is", "do", "bora", "walla", "sing", "baden"})
PUNCT_RUN = re.compile(r"[!?]{2,}|,{2,}|;{2,}|\.{4,}|\s[,.;:](?=\w)")
# word.Word or word,word without the space (skips decimals, domains and initials like U.S.).
MISSING_SPACE = re.compile(r"[a-z]{2}[,;!?](?=[A-Za-z]{2})|[a-z]{3}\.(?=[A-Z][a-z]{2})")
LEARNER = re.compile(
    r"\b(with|have|has|having) \d+\+? years? in experience\b|\bin experience\b"
    r"|\bi (work|working) (journalist|writer|blogger|reporter|editor)\b"
    r"|\bsince \d+ years\b|\bi am agree\b|\bmore (better|worse|easier)\b"
    r"|\binformations\b|\badvices\b|\ban (news|website|blog)\b|\bdiscuss about\b"
    r"|\bi am (work|write|writing for)\b|\bpeoples are\b|\bdid went\b",
    re.IGNORECASE,
)
READABILITY_RANGE = (-100.0, 121.22)  # Flesch reading ease: floor for run-ons, ceiling by formula


def prose_matches(doc: Document, pattern: re.Pattern[str], group: int = 0) -> list[Span]:
    return [
        Span(b.start + m.start(group), b.start + m.end(group), m.group(group))
        for b in doc.blocks_of(*PROSE)
        for m in pattern.finditer(b.text)
    ]


def sentence_lengths(doc: Document) -> list[int]:
    return [len(WORD.findall(s.text)) for s in doc.body_sentences]


@signal("grammar_lowercase_i", "Standalone lowercase 'i' used as a pronoun")
def lowercase_i(doc: Document) -> Measure:
    return count(prose_matches(doc, LOWERCASE_I))


@signal("grammar_lowercase_sentence_start", "Share of sentences that start with a lowercase letter")
def lowercase_sentence_start(doc: Document) -> Measure:
    spans = prose_matches(doc, LOWER_START, group=1)
    sentences = len(doc.body_sentences) + len(doc.blocks_of(Role.BLURB))
    return measure(min(1.0, ratio(len(spans), sentences)), spans)


@signal("grammar_unknown_word_rate", "Share of lowercase words missing from an English word list")
def unknown_word_rate(doc: Document) -> Measure:
    known = english_words()
    lower = [w for w in doc.body_words if w.isalpha() and w.islower()]
    unknown = {w for w in lower if w not in known}
    spans = (
        [
            Span(b.start + m.start(), b.start + m.end(), m.group())
            for b in doc.blocks_of(Role.BODY)
            for m in WORD.finditer(b.text)
            if m.group() in unknown
        ]
        if unknown
        else []
    )
    return measure(ratio(sum(w in unknown for w in lower), len(lower)), spans)


@signal("grammar_doubled_words", "Doubled words ('the the')")
def doubled_words(doc: Document) -> Measure:
    spans = [s for s in prose_matches(doc, DOUBLED) if s.text.split()[0].lower() not in DOUBLED_OK]
    return count(spans)


@signal("grammar_punctuation_runs", "Repeated or misplaced punctuation ('!!', '??', ' ,word')")
def punctuation_runs(doc: Document) -> Measure:
    return count(prose_matches(doc, PUNCT_RUN))


@signal("grammar_missing_space", "Punctuation without the space after it ('word,word')")
def missing_space(doc: Document) -> Measure:
    return count(prose_matches(doc, MISSING_SPACE))


@signal("grammar_learner_errors", "Common learner errors ('in experience', 'i work journalist')")
def learner_errors(doc: Document) -> Measure:
    return count(prose_matches(doc, LEARNER))


@signal("grammar_mean_sentence_length", "Mean words per sentence in the story")
def mean_sentence_length(doc: Document) -> Measure:
    lengths = sentence_lengths(doc)
    return measure(statistics.fmean(lengths) if lengths else 0.0)


@signal("grammar_sentence_length_sd", "Spread (standard deviation) of sentence lengths")
def sentence_length_sd(doc: Document) -> Measure:
    lengths = sentence_lengths(doc)
    return measure(statistics.pstdev(lengths) if len(lengths) > 1 else 0.0)


@signal("grammar_readability", "Flesch reading ease of the story (higher reads easier)")
def readability(doc: Document) -> Measure:
    tokens = [w for w in doc.body_words if w.isalpha()]
    if not tokens:
        return measure(0.0)
    sentences = max(1, len(doc.body_sentences))
    score = (
        206.835
        - 1.015 * (len(tokens) / sentences)
        - 84.6 * (sum(syllables(w) for w in tokens) / len(tokens))
    )
    low, high = READABILITY_RANGE
    return measure(min(high, max(low, score)))
