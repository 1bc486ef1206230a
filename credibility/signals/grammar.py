"""Grammar signals: the slips of hurried or machine-spun writing, measured without NLTK.

Rates are per word or per sentence so that long and short articles compare.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from itertools import filterfalse
from operator import eq, mul

from credibility.parsing import Document, Role, Span
from credibility.signals.base import (
    EITHER,
    LOWERS,
    MAX_EVIDENCE,
    NOT_APPLICABLE,
    Measure,
    count,
    measure,
    signal,
)
from credibility.signals.spans import as_words
from credibility.text import is_known, lexicon, ratio, syllables, words

PROSE = (Role.BODY, Role.BLURB)
# Patterns below start with a literal or a character class on purpose: CPython's re
# then skips ahead to candidate characters, about 8x faster than a leading lookbehind.
LOWERCASE_I = re.compile(r"\bi\b(?<![\w'’.-]i)(?![\w'’.-])")
LOWER_AFTER_STOP = re.compile(r"[.!?]\s+([a-z])")
# Possessive: backing off leaves a letter where the space must go on, or a space where the
# word must, so it never finds a match, and trying every split cost a third of the time.
DOUBLED = re.compile(r"\b([a-z]++)\s++\1\b")
# "had had" and "that that" are grammatical; so are names like "Bora Bora".
DOUBLED_OK = frozenset({"had", "that", "is", "do", "bora", "walla", "sing", "baden"})
PUNCT_RUN = re.compile(
    r"[!?,;.:](?:(?<=[!?])[!?]+|(?<=,),+|(?<=;);+|(?<=\.)\.{3,}|(?<=\s[,.;:])(?=\w))"
)
# word,word or word;word without the space. Full stops, question and exclamation marks are
# left out: 'virus.The' and 'virus?The' are paragraphs and captions that a scrape joined,
# and 'page?utm' or 'wow!pic' are links; counting them measured the capture, not the
# writing (in ../shared/data the full-stop form was in 6.6% of ReCOVery's credible articles
# and 2.0% of its others, 0.9% and 13.9% in AllSides', 0.6% and 0.7% in BuzzFeed's).
# Evidence adds a little context around the bare mark.
MISSING_SPACE = re.compile(r"[,;](?<=[a-z]{2}[,;])(?=[A-Za-z]{2})")
MISSING_SPACE_CONTEXT = 3
LEARNER = re.compile(
    r"\b(with|have|has|having) \d+\+? years? in experience\b|\bin experience\b"
    r"|\bi (work|working) (journalist|writer|blogger|reporter|editor)\b"
    r"|\bsince \d+ years\b|\bi am agree\b|\bmore (better|worse|easier)\b"
    r"|\binformations\b|\badvices\b|\ban (news|website|blog)\b|\bdiscuss about\b"
    r"|\bi am (work|write|writing for)\b|\bpeoples are\b|\bdid went\b",
)
# Every LEARNER match contains one of these phrases.
LEARNER_KEYS = (
    "experience",
    "i work",
    "i am ",
    "more better",
    "more worse",
    "more easier",
    "informations",
    "advices",
    "an news",
    "an website",
    "an blog",
    "discuss about",
    "peoples are",
    "did went",
    "since",
)
READABILITY_RANGE = (-100.0, 121.22)  # Flesch reading ease: floor for run-ons, ceiling by formula
# Where words are joined into a URL, an address, a path, a hashtag or a hyphenated compound
# ("www.example.com/item-2.html", "ana@example.org", "#tbt", "well-known", "and/or"): a dot
# joins only when a letter or digit follows it, so sentence ends do not.
# Marks are found with str.find and the dot by a pattern led by a literal: a character-class
# scan of the whole story was three times slower.
JOIN_MARKS = "-/@#\u2010\u2011"
JOIN_DOT = re.compile(r"\.[^\W_]")
SPACE = re.compile(r"\s")


@signal("grammar_lowercase_i", "Standalone lowercase 'i' used as a pronoun", LOWERS)
def lowercase_i(doc: Document) -> Measure:
    if "i" not in doc.words_of(*PROSE):
        return measure(0.0)
    found = doc.find_cased(LOWERCASE_I, *PROSE)
    return measure(len(found), lambda: as_words(doc, found))


@signal(
    "grammar_lowercase_sentence_start",
    "Share of sentences that start with a lowercase letter",
    LOWERS,
)
def lowercase_sentence_start(doc: Document) -> Measure:
    spans = [
        Span(b.start, b.start + 1, b.text[0])
        for b in doc.blocks_of(*PROSE)
        if "a" <= b.text[0] <= "z"
    ]
    spans += doc.find_cased(LOWER_AFTER_STOP, *PROSE, group=1)
    sentences = doc.body_sentence_count + len(doc.blocks_of(Role.BLURB))
    return measure(min(1.0, ratio(len(spans), sentences)), lambda: as_words(doc, spans))


@signal(
    "grammar_unknown_word_rate",
    "Share of lowercase words missing from an English word list",
    LOWERS,
)
def unknown_word_rate(doc: Document) -> Measure:
    # Judged: all-lowercase words of letters. Capitalised words are mostly names, words with
    # digits are codes, and the pieces of URLs, addresses and compounds are no prose words.
    # A word is known in either spelling or as an inflection of a known word, so new
    # vocabulary ("podcasted", "biomarkers") and British spelling count as words.
    # The English word list says nothing about a story in another language.
    if doc.language.foreign:
        return NOT_APPLICABLE
    counts = Counter(doc.body_words)
    if chunks := joined_chunks(doc.body_text):
        counts.subtract(words(" ".join(chunks)))
    # One look-up per distinct word sorts the many listed words (all judged) from the few
    # others: names, numbers, new words and slips, which are looked at one by one.
    others = list(filterfalse(lexicon().__contains__, counts))
    judged = [w for w in others if counts[w] > 0 and w.islower() and w.isalpha()]
    unknown = sorted(w for w in judged if not is_known(w))
    misses = sum(map(counts.__getitem__, unknown))
    total = counts.total() - sum(map(counts.__getitem__, others))
    total += sum(map(counts.__getitem__, judged))
    # Each word marked once, where it first stands alone.
    return measure(
        ratio(misses, total),
        lambda: doc.occurrences(unknown[:MAX_EVIDENCE], Role.BODY, first=True),
    )


def joined_chunks(text: str) -> list[str]:
    """The whitespace-delimited chunks of ``text`` that join words. Found from the joining
    marks, which are rare, rather than chunk by chunk (several times faster); each stretch
    of text is scanned at most twice, so it stays linear."""
    chunks = []
    end = 0
    for at in join_positions(text):
        if at < end:
            continue  # inside the chunk just taken
        # The last space, line break, tab or no-break space before the mark.
        start = 1 + max(
            text.rfind(" ", end, at),
            text.rfind("\n", end, at),
            text.rfind("\t", end, at),
            text.rfind("\xa0", end, at),
            end - 1,
        )
        after = SPACE.search(text, at)
        end = after.start() if after else len(text)
        chunks.append(text[start:end])
    return chunks


def join_positions(text: str) -> list[int]:
    """Offsets of the marks that join words, in order."""
    found = [m.start() for m in JOIN_DOT.finditer(text)]
    for mark in JOIN_MARKS:
        at = text.find(mark)
        while at != -1:
            found.append(at)
            at = text.find(mark, at + 1)
    return sorted(found)


@signal("grammar_doubled_words", "Doubled words ('the the')", LOWERS)
def doubled_words(doc: Document) -> Measure:
    tokens = doc.words_of(*PROSE, lower=True)
    if not any(map(eq, tokens, tokens[1:])):
        return measure(0.0)
    spans = [s for s in doc.find(DOUBLED, *PROSE) if s.text.split()[0].lower() not in DOUBLED_OK]
    return count(spans)


@signal(
    "grammar_punctuation_runs", "Repeated or misplaced punctuation ('!!', '??', ' ,word')", LOWERS
)
def punctuation_runs(doc: Document) -> Measure:
    return count(doc.find_cased(PUNCT_RUN, *PROSE))


@signal(
    "grammar_missing_space", "Comma or semicolon without the space after it ('word,word')", LOWERS
)
def missing_space(doc: Document) -> Measure:
    spans = []
    for found in doc.find_cased(MISSING_SPACE, *PROSE):
        start = max(0, found.start - MISSING_SPACE_CONTEXT)
        end = min(len(doc.text), found.end + MISSING_SPACE_CONTEXT)
        spans.append(Span(start, end, doc.text[start:end]))
    return count(spans)


@signal(
    "grammar_learner_errors", "Common learner errors ('in experience', 'i work journalist')", LOWERS
)
def learner_errors(doc: Document) -> Measure:
    if not doc.mentions(*LEARNER_KEYS):
        return measure(0.0)
    return count(doc.find(LEARNER, *PROSE, keys=LEARNER_KEYS))


@signal("grammar_mean_sentence_length", "Mean words per sentence in the story", EITHER)
def mean_sentence_length(doc: Document) -> Measure:
    lengths = doc.body_sentence_lengths
    return measure(statistics.fmean(lengths)) if lengths else NOT_APPLICABLE


@signal("grammar_sentence_length_sd", "Spread (standard deviation) of sentence lengths", EITHER)
def sentence_length_sd(doc: Document) -> Measure:
    lengths = doc.body_sentence_lengths
    return measure(statistics.pstdev(lengths)) if len(lengths) > 1 else NOT_APPLICABLE


@signal("grammar_readability", "Flesch reading ease of the story (higher reads easier)", EITHER)
def readability(doc: Document) -> Measure:
    counts = doc.body_counts
    alpha = [w for w in counts if w.isalpha()]
    frequency = list(map(counts.__getitem__, alpha))
    n_words = sum(frequency)
    if not n_words:
        return NOT_APPLICABLE
    sentences = max(1, doc.body_sentence_count)
    n_syllables = sum(map(mul, map(syllables, alpha), frequency))
    score = 206.835 - 1.015 * (n_words / sentences) - 84.6 * (n_syllables / n_words)
    low, high = READABILITY_RANGE
    return measure(min(high, max(low, score)))
