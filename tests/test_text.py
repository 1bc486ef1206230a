"""The shared word lists of credibility.text."""

from credibility.text import english_words, lexicon


def test_english_words_are_the_checker_s_own():
    """Read from pyspellchecker's file without building the checker: the same words."""
    from spellchecker import SpellChecker

    assert english_words() == frozenset(SpellChecker(language="en").word_frequency.dictionary)
    assert {"council", "budget", "the"} <= lexicon()
    assert "Council" not in lexicon()
