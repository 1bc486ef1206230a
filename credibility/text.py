"""Tokenising and word lists shared by the parser and the signals.

Everything here is plain Python on strings; no NLTK data, nothing downloaded.
"""

from __future__ import annotations

import gzip
import json
import pkgutil
import re
import unicodedata
from collections.abc import Iterable
from functools import cache, lru_cache
from pathlib import Path
from typing import NamedTuple

# Words with inner apostrophes ("don't", "Russia’s") stay one token. Possessive (++, *+):
# the same tokens, as nothing follows to backtrack for, and about 12% faster to find.
WORD = re.compile(r"[^\W_]++(?:['’][^\W_]+)*+")
# A sentence ends at . ! ? (and runs of them) followed by space or the end; quotes may close it.
SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+[\"'”’)]*|$)")
VOWEL_GROUP = re.compile(r"[aeiouy]+")
NEWS_WORDS = Path(__file__).parent / "data" / "news_words.txt"

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
    """pyspellchecker's bundled English frequency list, loaded once, offline: the words of
    the file SpellChecker(language="en") reads, lowercased as it does, without building the
    checker (its counts and letter set cost 70 ms of a cold `credibility score`)."""
    data = pkgutil.get_data("spellchecker", "resources/en.json.gz")
    if data is None:
        raise FileNotFoundError("pyspellchecker's resources/en.json.gz")
    return frozenset(word.lower() for word in json.loads(gzip.decompress(data)))


@cache
def news_words() -> frozenset[str]:
    """The team's supplement of news vocabulary newer than the list (coronavirus, podcast)."""
    lines = NEWS_WORDS.read_text(encoding="utf-8").splitlines()
    return frozenset(w for line in lines if (w := line.strip()) and not w.startswith("#"))


@cache
def lexicon() -> frozenset[str]:
    """The lowercase words of letters of the English list and the news supplement: the
    words ``is_known`` accepts as they are."""
    return frozenset(w for w in english_words() | news_words() if w.isalpha() and w.islower())


# British spellings to American (the list is American): -our/-or, -ise/-ize, -yse/-yze,
# -re/-er, -ence/-ense, ae/oe, a doubled l before an ending, -mme, -ogue.
SPELLINGS = (
    ("our", "or"),
    ("ise", "ize"),
    ("isi", "izi"),
    ("isa", "iza"),
    ("yse", "yze"),
    ("ysi", "yzi"),
    ("tre", "ter"),
    ("bre", "ber"),
    ("vre", "ver"),
    ("ence", "ense"),
    ("ae", "e"),
    ("oe", "e"),
    ("lled", "led"),
    ("lling", "ling"),
    ("ller", "ler"),
    ("mme", "m"),
    ("ogue", "og"),
    ("scep", "skep"),
)
# Endings and what they replace, every one that fits is tried: "biomarkers" -> "biomarker",
# "organising" -> "organise", "cities" -> "city".
ENDINGS = (
    ("iness", "y"),
    ("ness", ""),
    ("ings", ""),
    ("ings", "e"),
    ("ing", ""),
    ("ing", "e"),
    ("ies", "y"),
    ("ied", "y"),
    ("ers", ""),
    ("ers", "e"),
    ("ily", "y"),
    ("es", ""),
    ("ed", ""),
    ("ed", "e"),
    ("er", ""),
    ("er", "e"),
    ("ly", ""),
    ("s", ""),
)
PREFIXES = ("re", "un", "pre", "co", "non", "anti", "over", "under", "out", "mis", "post", "multi")
MIN_STEM = 3


def stems(word: str) -> list[str]:
    """``word`` and what it may be built from: one ending off (a doubled consonant undone,
    "blogged" -> "blog"), one prefix off, or both."""
    unprefixed = [word]
    for ending, replacement in ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM:
            stem = word[: -len(ending)]
            unprefixed.append(stem + replacement)
            if not replacement and stem[-1] == stem[-2] and stem[-1] not in "aeiou":
                unprefixed.append(stem[:-1])
    found = unprefixed[:]
    for prefix in PREFIXES:
        if word.startswith(prefix):
            found += [s[len(prefix) :] for s in unprefixed if len(s) - len(prefix) >= MIN_STEM]
    return found


def spellings(word: str) -> list[str]:
    """``word`` with each British spelling made American, one at a time and all at once,
    and without accents ("naïve", "exposé")."""
    variants = [word]
    if not word.isascii():
        word = unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode()
        variants.append(word)
    every = word
    for british, american in SPELLINGS:
        if british in word:
            variants.append(word.replace(british, american))
            every = every.replace(british, american)
    if every != word:
        variants.append(every)
    return variants


# Endings after which a listed word spelt with one letter more or less gives a slip away:
# "occured" (occurred), "writting" (writing), "hopeing" (hoping), "truely" (truly).
SLIP_ENDINGS = ("ings", "ing", "ers", "er", "est", "ed", "ly", "")
VOWELS = "aeiou"
# British English doubles these before an ending ("travelled", "focussed").
DOUBLES_OK = "ls"


def rivals(word: str) -> list[str]:
    """Spellings of ``word`` with a consonant doubled or undoubled, or an e dropped, before
    its ending: when the list has one of them, ``word`` is a slip, not a new word."""
    found = []
    for ending in SLIP_ENDINGS:
        if not word.endswith(ending) or len(word) - len(ending) < MIN_STEM:
            continue
        base = word[: len(word) - len(ending)]
        last, before = base[-1], base[-2]
        if last == before and last not in VOWELS and not (ending and last in DOUBLES_OK):
            found.append(base[:-1] + ending)
        elif last not in VOWELS and before in VOWELS and ending[:1] in ("i", "e"):
            found.append(base + last + ending)
        elif last == "e" and ending[:1] in ("i", "e", "l"):
            found.append(base[:-1] + ending)
    return found


@lru_cache(maxsize=65536)
def is_known(word: str) -> bool:
    """True when a lowercase ``word`` is in the lexicon, in another spelling (British or
    American) or as an inflection or prefixed form of a word that is, unless the lexicon
    spells that form otherwise (see ``rivals``). Cached: the word list misses few words per
    article and articles share them."""
    known = lexicon()
    if word in known:
        return True
    if any(rival in known for rival in rivals(word)):
        return False
    return any(variant in known for stem in stems(word) for variant in spellings(stem))


def ratio(numerator: float, denominator: float) -> float:
    """numerator / denominator, with 0.0 for an empty denominator (odd text never raises)."""
    return float(numerator) / denominator if denominator else 0.0


class Facts(NamedTuple):
    """What the signals ask of one word token as written, found once per process."""

    unlisted: bool  # not in the English list as written (lexicon())
    letters: int  # 1 when its lowercase form is letters only (readability counts it), else 0
    syllables: int  # syllables of its lowercase form when letters only, else 0


# Tokens whose facts are remembered; past this many they are forgotten and found again.
MAX_FACTS = 100_000
_facts: dict[str, Facts] = {}


def find_facts(token: str) -> Facts:
    """The Facts of one token, looked up in the word list and counted."""
    lower = token.lower()
    letters = lower.isalpha()
    return Facts(token not in lexicon(), int(letters), syllables(lower) if letters else 0)


def facts(tokens: Iterable[str]) -> list[Facts]:
    """The Facts of each of ``tokens``, in order. The signals that read a story's distinct
    words look them up in this one table, not in the word list and the syllable cache in
    turn: both are large, and a look-up in either mostly a cache miss (the unknown-word
    rate and readability together: 4% of score(), benchmarks/score_speed.py's texts)."""
    global _facts
    tokens = list(tokens)
    table = _facts  # one table per call: another thread may start a new one meanwhile
    new = set(tokens).difference(table)
    if len(table) + len(new) > MAX_FACTS:
        table = _facts = {}
        new = set(tokens)
    table.update({token: find_facts(token) for token in new})
    return list(map(table.__getitem__, tokens))
