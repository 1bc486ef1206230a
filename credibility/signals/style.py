"""Style signals after the NELA toolkit and Horne & Adali (2017), without NLTK data.

Computed on the story (body lines) and the title; rates are per word or per sentence.
"""

from __future__ import annotations

import re
import zlib

from credibility.parsing import Document, Role, Span
from credibility.signals.base import (
    EITHER,
    LOWERS,
    NOT_APPLICABLE,
    RAISES,
    Measure,
    measure,
    signal,
)
from credibility.signals.spans import QUOTE_MARKS, mark_spans, quote_spans, word_spans
from credibility.text import COMMON_WORDS, ratio, words

# Led by a character class (not \b) so the scan jumps between capitals.
# Shouting: words of four or more capitals. Shorter ones are acronyms ("US", "FBI", "EU"):
# "US" in a headline cost a credible AllSides story 0.8 points before this rule.
ALL_CAPS = re.compile(r"[A-Z](?<![^\W_][A-Z])[A-Z]{3,}+\b")
# Longer acronyms common in news, which are names, not shouting.
ACRONYMS = frozenset(
    """NATO NASA FEMA OPEC NAFTA COVID ISIS DACA AIDS ACLU NCAA UEFA FIFA NOAA USDA NYPD
    LAPD NAACP UNICEF UNESCO ASEAN BRICS SARS MERS IPCC OECD NASDAQ AFRICOM CENTCOM DHS""".split()
)
FIRST_PERSON = frozenset("i me my mine myself we us our ours ourselves".split())
COUNTRY = frozenset({"US"})  # the country, not the pronoun
SECOND_PERSON = frozenset("you your yours yourself yourselves".split())
# Hedges and assertives after Hyland (2005) and the NELA lexicons, abridged by the team.
HEDGES = frozenset(
    """may might could perhaps possibly probably apparently reportedly allegedly seemingly
    likely unlikely suggest suggests suggested appear appears appeared estimate estimated
    approximately roughly somewhat unclear""".split()
)
ASSERTIVES = frozenset(
    """clearly obviously definitely certainly undeniably undoubtedly absolutely truly totally
    proven proves fact facts truth always never everyone nobody must shocking unbelievable
    amazing incredible""".split()
)
CLICKBAIT = re.compile(
    r"\byou won['’]?t believe\b|\bwhat happen(s|ed) next\b|\bthis is (why|what|how)\b"
    r"|\bwill (blow your mind|shock you|make you)\b|\bhere['’]s (why|what|how)\b"
    r"|^\s*\d+\s+(reasons|things|ways|facts|signs|photos|times)\b|\bjust (did|said)\b"
    r"|\b(shocking|bombshell|breaking|exposed|destroys|slams|epic|insane|must see)\b"
    r"|\bthe truth about\b|\bno one (is talking|told you)\b|\bgone wrong\b",
    re.IGNORECASE,
)
TTR_WINDOW = 300  # type-token ratio falls with length; a fixed window keeps it comparable


def title_span(doc: Document, match: re.Match[str]) -> list[Span]:
    """Evidence in the title line when the title is part of the text, else none."""
    for b in doc.blocks_of(Role.TITLE):
        return [Span(b.start + match.start(), b.start + match.end(), match.group())]
    return []


def body_matches(doc: Document, pattern: re.Pattern[str]) -> list[Span]:
    return doc.find_cased(pattern, Role.BODY)


def lexicon_hits(doc: Document, lexicon: frozenset[str]) -> int:
    counts = doc.body_counts
    return sum(map(counts.__getitem__, counts.keys() & lexicon))  # intersected in C


def lexicon_rate(doc: Document, lexicon: frozenset[str]) -> Measure:
    hits = lexicon_hits(doc, lexicon)
    return measure(
        ratio(hits, len(doc.body_words)),
        (lambda: word_spans(doc, lexicon, Role.BODY)) if hits else (),
    )


@signal("style_all_caps_ratio", "Share of story words written in capitals", LOWERS)
def all_caps_ratio(doc: Document) -> Measure:
    spans = [s for s in body_matches(doc, ALL_CAPS) if s.text not in ACRONYMS]
    return measure(ratio(len(spans), len(doc.body_words)), spans)


@signal("style_exclamation_rate", "Exclamation marks per sentence in the story", LOWERS)
def exclamation_rate(doc: Document) -> Measure:
    hits = doc.body_text.count("!")
    evidence = (lambda: mark_spans(doc, "!", Role.BODY)) if hits else ()
    return measure(ratio(hits, doc.body_sentence_count), evidence)


@signal("style_question_rate", "Question marks per sentence in the story", LOWERS)
def question_rate(doc: Document) -> Measure:
    hits = doc.body_text.count("?")
    evidence = (lambda: mark_spans(doc, "?", Role.BODY)) if hits else ()
    return measure(ratio(hits, doc.body_sentence_count), evidence)


@signal("style_quotation_rate", "Quotation marks per 100 words: reported speech", RAISES)
def quotation_rate(doc: Document) -> Measure:
    hits = sum(map(doc.body_text.count, QUOTE_MARKS))  # str.count: 4x faster than findall
    evidence = (lambda: quote_spans(doc, Role.BODY)) if hits else ()
    return measure(100 * ratio(hits, len(doc.body_words)), evidence)


@signal("style_first_person_rate", "Share of story words that are first-person pronouns", EITHER)
def first_person_rate(doc: Document) -> Measure:
    # "US" the country is not "us" the pronoun.
    hits = lexicon_hits(doc, FIRST_PERSON) - doc.body_words.count("US")
    evidence = (lambda: word_spans(doc, FIRST_PERSON, Role.BODY, skip=COUNTRY)) if hits else ()
    return measure(ratio(hits, len(doc.body_words)), evidence)


@signal("style_second_person_rate", "Share of story words addressing the reader ('you')", LOWERS)
def second_person_rate(doc: Document) -> Measure:
    return lexicon_rate(doc, SECOND_PERSON)


@signal("style_hedge_rate", "Share of hedging words ('reportedly', 'may', 'suggests')", EITHER)
def hedge_rate(doc: Document) -> Measure:
    return lexicon_rate(doc, HEDGES)


@signal(
    "style_assertive_rate",
    "Share of assertive or sensational words ('obviously', 'shocking')",
    LOWERS,
)
def assertive_rate(doc: Document) -> Measure:
    return lexicon_rate(doc, ASSERTIVES)


@signal("style_type_token_ratio", "Distinct words per word over the first 300 story words", EITHER)
def type_token_ratio(doc: Document) -> Measure:
    window = doc.words_of(Role.BODY, lower=True)[:TTR_WINDOW]
    return measure(ratio(len(set(window)), len(window)))


@signal(
    "style_compression_ratio",
    "How well the story compresses (repetitive spun text compresses more)",
    LOWERS,
)
def compression_ratio(doc: Document) -> Measure:
    raw = doc.body_text.encode("utf-8", "replace")
    return measure(ratio(len(raw), len(zlib.compress(raw, 6))) if raw else 0.0)


@signal(
    "style_common_word_share",
    "Share of story words among the 100 most common English words",
    EITHER,
)
def common_word_share(doc: Document) -> Measure:
    # A statistic of the whole story, like the type-token ratio: its evidence would be the
    # first "the", "of" and "and", which tell a reader nothing (nor do they as vocabulary
    # evidence), so it is shown as its value against the typical one.
    return measure(ratio(lexicon_hits(doc, COMMON_WORDS), len(doc.body_words)))


@signal(
    "title_clickbait", "Clickbait phrases in the title ('You won't believe', '10 reasons')", LOWERS
)
def title_clickbait(doc: Document) -> Measure:
    if not doc.title:
        return NOT_APPLICABLE
    matches = list(CLICKBAIT.finditer(doc.title))
    return measure(len(matches), [s for m in matches for s in title_span(doc, m)])


@signal("title_caps_ratio", "Share of title words written in capitals", LOWERS)
def title_caps_ratio(doc: Document) -> Measure:
    if not doc.title:
        return NOT_APPLICABLE
    matches = [m for m in ALL_CAPS.finditer(doc.title) if m.group() not in ACRONYMS]
    value = ratio(len(matches), len(words(doc.title)))
    return measure(value, [s for m in matches for s in title_span(doc, m)])


@signal("title_punctuation", "Exclamation and question marks in the title", LOWERS)
def title_punctuation(doc: Document) -> Measure:
    if not doc.title:
        return NOT_APPLICABLE
    return measure(
        doc.title.count("!") + doc.title.count("?"), lambda: mark_spans(doc, "!?", Role.TITLE)
    )
