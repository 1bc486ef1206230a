import math

import pytest

from credibility.document import parse
from credibility.signals import grammar as g


@pytest.mark.parametrize(
    "sig, text, expected",
    [
        (g.lowercase_i, "I think it works. I am sure.", 0.0),
        (g.lowercase_i, "i think it works and i am sure.", 2.0),
        (g.lowercase_i, "Section i of the law, the i-th item and an iPhone.", 1.0),
        (g.lowercase_sentence_start, "The vote passed. It was close.", 0.0),
        (g.lowercase_sentence_start, "the vote passed. it was close.", 1.0),
        (g.lowercase_sentence_start, "The vote passed. it was close.", 0.5),
        (g.doubled_words, "The the vote passed.", 1.0),
        (g.doubled_words, "He had had enough of it.", 0.0),
        (g.punctuation_runs, "It passed!! Really??", 2.0),
        (g.punctuation_runs, "It passed. Really?", 0.0),
        (g.punctuation_runs, "It passed ,and then....", 2.0),
        (g.missing_space, "The vote passed,then it failed.Again it passed.", 2.0),
        (g.missing_space, "Costs rose 2.5 percent in the U.S. and at example.com today.", 0.0),
        (g.learner_errors, "i work journalist with 5 years in experience.", 2.0),
        (g.learner_errors, "She has worked as a journalist for five years.", 0.0),
        (g.learner_errors, "He gave informations and advices since 3 years.", 3.0),
        (g.mean_sentence_length, "One two three. Four five six seven eight.", 4.0),
        (g.sentence_length_sd, "One two three. Four five six seven eight.", 1.0),
        (g.sentence_length_sd, "One two three.", math.nan),  # one sentence: no spread
    ],
)
def test_grammar_values(sig, text, expected):
    assert sig(parse(text)).value == pytest.approx(expected, nan_ok=True)


def test_unknown_word_rate():
    doc = parse("The council approvd the budgett on monday.")
    measure = g.unknown_word_rate(doc)
    # lowercase words: the? no, "The" is capitalised; council approvd the budgett on monday
    assert measure.value == pytest.approx(2 / 6)
    assert [s.text for s in measure.evidence] == ["approvd", "budgett"]


@pytest.mark.parametrize(
    "text",
    [
        "word " * 3000,  # no punctuation at all
        "a.",
        "12345 67890",
        "!!!",
    ],
)
def test_readability_stays_finite_and_bounded(text):
    value = g.readability(parse(text)).value
    # NaN: no story words to read (the line is a keyword list, or digits and marks only).
    assert math.isnan(value) or -100.0 <= value <= 121.22


def test_readability_of_simple_text_is_high():
    assert g.readability(parse("The cat sat. The dog ran. We ate.")).value > 100


def test_readability_of_an_unpunctuated_story_is_finite():
    value = g.readability(parse("the council met and the mayor said the plan works " * 300)).value
    assert math.isfinite(value) and value == -100.0
