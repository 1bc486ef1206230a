"""Which language an article is in: the signals and the model judge English only.

:func:`detect` returns a :class:`Language` (code, name, confidence). Two steps, cheapest
first:

1. Function words settle plain English at no cost: English ones (``text.STOPWORDS``) are
   common and those of other languages (:data:`FOREIGN_FUNCTION_WORDS`) rare. The word
   counts are already there, and py3langid's model (1.4 s to load, about 1 ms per page) is
   then never touched: `credibility score` starts as fast as before.
2. Everything else goes to py3langid's naive-Bayes classifier, whose model ships inside its
   wheel (nothing downloaded), restricted to :data:`LANGUAGES`; only a verdict of at least
   :data:`MIN_CONFIDENCE` counts.

Below :data:`MIN_WORDS` words of letters the language is not judged at all (``und``): a
classifier guessing from a line or two would call short English text German.

Thresholds measured on ../shared/data: English is the 5,720 texts of articles, allsides
and covid-2020 with 20 words or more; other languages are the 685 trafilatura-eval pages
(html lang not "en", extracted by trafilatura) that py3langid places outside English.
"""

from __future__ import annotations

import threading
from collections import Counter
from itertools import compress
from operator import itemgetter
from typing import Any, NamedTuple

from credibility.text import STOPWORDS, words

ENGLISH = "en"
UNDETERMINED = "und"
# Fewer words of letters than this: the language is not judged. At 20 words the
# classifier (step 2, 0.9) called no English text of the data another language; the one
# it did call Spanish opens with a Spanish sentence.
MIN_WORDS = 20
# Plain English, without asking the classifier: at least this share of the words are English
# function words, and the function words of other languages number at most FOREIGN_RATIO
# of them. 99.8% of the English texts pass (0.25 alone: 99.8%; 0.35 alone: 96.2%); no page
# in another language does (one German page quoting English reaches a share of 0.28).
ENGLISH_SHARE = 0.25
FOREIGN_RATIO = 0.1
# The classifier's probability a verdict needs. On first-20-word cuts of the pages, 0.9
# misses 9 of 685 other-language pages (2 at 30 words) and calls no English text foreign.
MIN_CONFIDENCE = 0.9
# The classifier reads this much of the text: enough for a confident verdict, and its cost
# (a byte-by-byte walk in Python) stays about a millisecond.
SAMPLE_CHARS = 1000

# The languages the classifier chooses among: widely published languages. Restricting it
# (from py3langid's 97) makes it surer on short text: on first-20-word cuts of the pages
# it misses 9 other-language pages at 0.9 instead of 42, with no more English called
# foreign. A language not listed is usually taken for a neighbour: still not English.
LANGUAGES = {
    "en": "English",
    "ar": "Arabic",
    "bg": "Bulgarian",
    "bn": "Bengali",
    "bs": "Bosnian",
    "ca": "Catalan",
    "cs": "Czech",
    "da": "Danish",
    "de": "German",
    "el": "Greek",
    "es": "Spanish",
    "et": "Estonian",
    "fa": "Persian",
    "fi": "Finnish",
    "fr": "French",
    "he": "Hebrew",
    "hi": "Hindi",
    "hr": "Croatian",
    "hu": "Hungarian",
    "id": "Indonesian",
    "is": "Icelandic",
    "it": "Italian",
    "ja": "Japanese",
    "ko": "Korean",
    "lt": "Lithuanian",
    "lv": "Latvian",
    "mk": "Macedonian",
    "ms": "Malay",
    "nl": "Dutch",
    "no": "Norwegian",
    "pl": "Polish",
    "pt": "Portuguese",
    "ro": "Romanian",
    "ru": "Russian",
    "sk": "Slovak",
    "sl": "Slovenian",
    "sq": "Albanian",
    "sr": "Serbian",
    "sv": "Swedish",
    "sw": "Swahili",
    "th": "Thai",
    "tl": "Tagalog",
    "tr": "Turkish",
    "uk": "Ukrainian",
    "ur": "Urdu",
    "vi": "Vietnamese",
    "zh": "Chinese",
}


# Frequent function words of other Latin-script languages (German, French, Spanish, Italian,
# Portuguese, Dutch, Swedish, Danish and Norwegian, Polish, Indonesian, Romanian, Turkish,
# Czech) that are no English words and no name particles ("de", "van", "der", "la" and
# "Les", "Dan", "MIT", "EST", "op-ed", "pro" are left out). Other scripts share no words
# with STOPWORDS at all.
FOREIGN_FUNCTION_WORDS = frozenset(
    """und das ist nicht sich auf für zu dem ein eine einen einer auch wird werden sind wie
    oder aber nach bei noch nur vor zum zur über wurde dass une que qui dans pas sur avec
    sont mais aux ces cette être été leur por para una es lo su se como pero más está y muy
    entre cuando también fue ha che è della sono gli nel anche ma questo alla dei delle
    nella essere em uma não são mais pelo pela ao foi também ser tem het een en te zijn voor niet
    aan er ook maar bij nog uit wordt door naar worden och att som det är för med av på
    inte har jag ett om og af ikke jeg fra się nie na że jest jak od za już yang dengan
    untuk ini itu dari dalam tidak akan pada și în cu din pentru sunt nu mai ve bir bu için
    ile olarak daha je že jsou také""".split()
)


class Language(NamedTuple):
    """``code`` is ISO 639-1, or ``und`` when the text is too short or the classifier unsure;
    ``confidence`` is the classifier's probability (1.0 when English function words
    settled it, 0.0 when not judged)."""

    code: str
    name: str
    confidence: float

    @property
    def foreign(self) -> bool:
        """True when the text is, with confidence, in a language other than English."""
        return self.code not in (ENGLISH, UNDETERMINED)


NOT_JUDGED = Language(UNDETERMINED, "undetermined", 0.0)
PLAIN_ENGLISH = Language(ENGLISH, LANGUAGES[ENGLISH], 1.0)

_lock = threading.Lock()
_identifier: Any = None


def identifier() -> Any:
    """py3langid's classifier, loaded once per process (under a lock: web threads)."""
    global _identifier
    with _lock:
        if _identifier is None:
            from py3langid.langid import MODEL_FILE, LanguageIdentifier

            found = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
            found.set_languages(list(LANGUAGES))
            _identifier = found
    return _identifier


def detect(text: str) -> Language:
    """The language of ``text``: see the module's description for how it is decided."""
    return judge(Counter(w.lower() for w in words(text)), text)


def judge(counts: Counter[str], text: str) -> Language:
    """The language of ``text`` whose lowercased word tokens are ``counts`` (a Document
    passes the counts it already has)."""
    # Sums in C (map, compress, set intersection), not Python loops over the distinct words.
    # English function words are words of letters, so only a text with few of them needs
    # its lettered words counted.
    total = counts.total()
    english = sum(map(counts.__getitem__, STOPWORDS.intersection(counts)))
    if english < MIN_WORDS:
        first_letters = map(str.isalpha, map(itemgetter(0), counts))
        if sum(compress(counts.values(), first_letters)) < MIN_WORDS:
            return NOT_JUDGED
    if english >= ENGLISH_SHARE * total:
        foreign = sum(map(counts.__getitem__, FOREIGN_FUNCTION_WORDS.intersection(counts)))
        if foreign <= FOREIGN_RATIO * english:
            return PLAIN_ENGLISH
    code, confidence = identifier().classify(text[:SAMPLE_CHARS])
    if code != ENGLISH and confidence < MIN_CONFIDENCE:
        return Language(UNDETERMINED, "undetermined", confidence)
    return Language(code, LANGUAGES.get(code, code), confidence)
