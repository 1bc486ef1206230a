import pytest

from credibility import text
from credibility.text import Facts, facts, syllables


def test_facts_of_words_as_written():
    assert facts(["Hello", "hello", "blorfination", "COVID19", "naïve", "Straße"]) == [
        Facts(unlisted=True, letters=1, syllables=2),  # listed in lowercase only
        Facts(unlisted=False, letters=1, syllables=2),
        Facts(unlisted=True, letters=1, syllables=syllables("blorfination")),
        Facts(unlisted=True, letters=0, syllables=0),  # digits: no word for readability
        Facts(unlisted="naïve" not in text.lexicon(), letters=1, syllables=1),  # "ï": no vowel
        Facts(unlisted=True, letters=1, syllables=1),  # a final "e" is silent
    ]


def test_remembered_facts_are_bounded_and_change_nothing(monkeypatch):
    monkeypatch.setattr(text, "MAX_FACTS", 3)
    monkeypatch.setattr(text, "_facts", {})
    first = facts(["one", "two", "three"])
    assert set(text._facts) == {"one", "two", "three"}
    assert facts(["four", "one"]) == [text.find_facts("four"), first[0]]
    assert set(text._facts) == {"four", "one"}  # over the bound: started again


@pytest.mark.parametrize("word", ["the", "reading", "Queue", "ISTANBUL", "İstanbul", "x"])
def test_a_words_facts_are_those_of_its_lowercase_form(word):
    lower = word.lower()
    assert text.find_facts(word).syllables == (syllables(lower) if lower.isalpha() else 0)


def test_english_words_are_the_checker_s_own():
    """Read from pyspellchecker's file without building the checker: the same words."""
    from spellchecker import SpellChecker

    assert text.english_words() == frozenset(SpellChecker(language="en").word_frequency.dictionary)
    assert {"council", "budget", "the"} <= text.lexicon()
    assert "Council" not in text.lexicon()
