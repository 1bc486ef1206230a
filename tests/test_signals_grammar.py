import itertools
import math
import re

import pytest

from credibility.parsing import parse
from credibility.signals import grammar as g
from tests.conftest import read_fixture


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
        (g.missing_space, "The vote passed,then it failed;again it passed.", 2.0),
        # Joined paragraphs and links are the capture's doing, not the writer's.
        (g.missing_space, "It failed.Again it passed?Yes: see story.html?utm and wow!pic", 0.0),
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
    "word",
    [
        "coronavirus",  # the news supplement
        "biomarkers",  # supplement + plural
        "podcasted",  # list + past tense
        "livestreaming",
        "defence",  # British spellings
        "colour",
        "organise",
        "organisations",
        "travelled",
        "paediatric",
        "naïve",
        "unvaccinated",  # prefix + inflection
        "https://www.example.com/news/item-2.html",  # URL pieces
        "ana.roe@example.org",
        "well-known",  # both parts of a compound
        "blorf-like",
        "#tbt",
        "covid19",  # digits
    ],
)
def test_new_vocabulary_and_other_spellings_are_not_unknown(word):
    measure = g.unknown_word_rate(parse(f"the report on {word} came out on time"))
    assert measure.value == 0.0
    assert measure.evidence == ()


@pytest.mark.parametrize(
    "text, expected",
    [
        ("the report on blorfination came out", 1 / 6),
        ("the report on blorfinations came out on time", 1 / 8),
        ("the councill approvd the budgett", 3 / 5),
        # A URL's pieces leave the count; the same word standing alone is judged.
        ("see www.example.com/blorf and the blorf", 1 / 4),
    ],
)
def test_unknown_word_rate_values(text, expected):
    assert g.unknown_word_rate(parse(text)).value == pytest.approx(expected)


@pytest.mark.parametrize(
    "slip",
    ["occured", "writting", "comming", "hopeing", "truely", "untill", "recieve", "definately"],
)
def test_slips_stay_unknown_though_they_look_inflected(slip):
    # "occured" is "occur" + "ed", but the list spells that form "occurred".
    assert g.unknown_word_rate(parse(f"the report {slip} on time")).value == pytest.approx(1 / 5)


def coin(text: str, word: str = "blorfination", every: int = 100) -> str:
    """``text`` with ``word`` inserted after every ``every``-th word."""
    counter = itertools.count(1)
    return re.sub(r"\S+", lambda m: m.group() + (f" {word}" * (next(counter) % every == 0)), text)


def test_one_coined_word_per_hundred_moves_the_rate_by_about_one_percent():
    story = read_fixture("news-story.txt")
    before = g.unknown_word_rate(parse(story)).value
    coined = coin(story)
    assert coined.count("blorfination") == len(story.split()) // 100 >= 1
    after = g.unknown_word_rate(parse(coined))
    assert 0.0 < after.value - before <= 0.011
    assert [s.text for s in after.evidence] == ["blorfination"]


@pytest.mark.parametrize(
    "text",
    [
        "Die Regierung hat am Montag beschlossen, dass die neuen Regeln ab nächster Woche "
        "gelten sollen. Das wurde nach einer langen Sitzung mitgeteilt und von vielen "
        "Verbänden kritisiert, weil sie nicht rechtzeitig informiert worden seien.",
        "El ayuntamiento aprobó este martes el presupuesto para reparar las calles del "
        "centro, según informó la alcaldesa en una rueda de prensa. Las obras comenzarán en "
        "primavera y durarán unos seis meses, aunque los vecinos temen que el tráfico empeore.",
    ],
)
def test_unknown_word_rate_does_not_apply_to_other_languages(text):
    assert math.isnan(g.unknown_word_rate(parse(text)).value)


@pytest.mark.parametrize(
    "text, chunks",
    [
        ("See https://www.example.com/item-2.html now.", ["https://www.example.com/item-2.html"]),
        ("A well-known and/or little-known fact.", ["well-known", "and/or", "little-known"]),
        ("Write to ana@example.org or #tbt", ["ana@example.org", "#tbt"]),
        ("It ended. Then it rose 2.5 percent.", ["2.5"]),
        ("No joins here.", []),
    ],
)
def test_joined_chunks(text, chunks):
    assert g.joined_chunks(text) == chunks


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


def test_lowercase_evidence_is_words_never_a_bare_letter():
    doc = parse(read_fixture("farm-page.txt"))
    assert [s.text for s in g.lowercase_i(doc).evidence] == ["i am", "i work", "i write"]
    assert [s.text for s in g.lowercase_sentence_start(doc).evidence] == ["hi", "contact"]
