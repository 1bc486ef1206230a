"""Tokenising and word lists shared by the parser and the signals.

Everything here is plain Python on strings; no NLTK data, nothing downloaded.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

# Words with inner apostrophes ("don't", "Russia’s") stay one token.
WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
# A sentence ends at . ! ? (and runs of them) followed by space or the end; quotes may close it.
SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+[\"'”’)]*|$)")
VOWEL_GROUP = re.compile(r"[aeiouy]+")

# A compact English function-word list written for this project (stopwords in the usual sense).
STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself no nor not now of off on once only or other our ours
    ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we were
    what when where which while who whom why will with would you your yours yourself yourselves
    said says also would could may might must shall upon""".split()
)

# The hundred most frequent English words (after the usual frequency lists), for the
# "share of very common words" style signal.
COMMON_WORDS = frozenset(
    """the be to of and a in that have i it for not on with he as you do at this but his by from
    they we say her she or an will my one all would there their what so up out if about who get
    which go me when make can like time no just him know take people into year your good some
    could them see other than then now look only come its over think also back after use two how
    our work first well way even new want because any these give day most us is was are were has
    had been said""".split()
)


def words(text: str) -> list[str]:
    """The word tokens of ``text`` (letters and digits, inner apostrophes kept)."""
    return WORD.findall(text)


@lru_cache(maxsize=65536)
def syllables(word: str) -> int:
    """Vowel-group syllable estimate; at least one per word, as readability formulas expect.
    Cached: on the per-article hot path, and articles share most of their words."""
    lower = word.lower()
    count = len(VOWEL_GROUP.findall(lower))
    if lower.endswith("e") and count > 1:
        count -= 1
    return max(1, count)


@cache
def english_words() -> frozenset[str]:
    """pyspellchecker's bundled English frequency list, loaded once, offline."""
    from spellchecker import SpellChecker

    return frozenset(SpellChecker(language="en").word_frequency.dictionary)


def ratio(numerator: float, denominator: float) -> float:
    """numerator / denominator, with 0.0 for an empty denominator (odd text never raises)."""
    return float(numerator) / denominator if denominator else 0.0
