import pytest

from credibility.parsing import parse
from credibility.signals import style as st
from credibility.signals.base import MAX_EVIDENCE
from tests.conftest import read_fixture


@pytest.mark.parametrize(
    "sig, text, expected",
    [
        (st.all_caps_ratio, "The NATO summit opened in Paris today.", 0.0),
        (st.all_caps_ratio, "The US and EU met. The SHOCKING TRUTH came out.", 2 / 10),
        (st.all_caps_ratio, "", None),
        (st.exclamation_rate, "It passed! Really! It did.", 2 / 3),
        (st.question_rate, "Did it pass? It did.", 1 / 2),
        (st.quotation_rate, "He said \u201cyes\u201d to the plan.", 100 * 2 / 6),
        (st.first_person_rate, "We said our plan was good for us.", 3 / 8),
        (st.first_person_rate, "The US said the plan was good.", 0.0),
        (st.second_person_rate, "You will love your new phone.", 2 / 6),
        (st.hedge_rate, "The plan may reportedly fail.", 2 / 5),
        (st.assertive_rate, "This is clearly a shocking fact.", 3 / 6),
        (st.type_token_ratio, "the cat saw the dog.", 4 / 5),
        (st.common_word_share, "The cat saw the dog.", 2 / 5),
    ],
)
def test_style_values(sig, text, expected):
    if expected is None:  # empty story: zero denominators give 0.0, never an error
        doc = parse("Title only line\nRelated Posts")
        assert sig(doc).value == 0.0
    else:
        assert sig(parse(text)).value == pytest.approx(expected)


def test_compression_ratio_is_higher_for_repetitive_text():
    varied = parse("The council met on Monday. Residents asked about roads, schools and buses.")
    spun = parse("Best deals best deals best deals best deals best deals best deals today.")
    assert st.compression_ratio(spun).value > st.compression_ratio(varied).value
    assert st.compression_ratio(parse("Related Posts\nHome")).value == 0.0


@pytest.mark.parametrize(
    "title, clickbait, caps, punct",
    [
        ("Council approves road budget", 0.0, 0.0, 0.0),
        ("You Won't Believe What Happened Next!", 2.0, 0.0, 1.0),
        ("10 reasons the SHOCKING truth about NATO?", 2.0, 1 / 7, 1.0),
        ("Left, Right Unveil US Budget Utopias", 0.0, 0.0, 0.0),
    ],
)
def test_title_signals(title, clickbait, caps, punct):
    doc = parse("The council met on Monday, officials said.", title=title)
    assert st.title_clickbait(doc).value == clickbait
    assert st.title_caps_ratio(doc).value == pytest.approx(caps)
    assert st.title_punctuation(doc).value == punct


def test_title_evidence_points_into_the_text():
    text = "You won't believe this bridge\nThe council met on Monday, officials said."
    doc = parse(text)
    (span,) = st.title_clickbait(doc).evidence
    assert text[span.start : span.end] == span.text == "You won't believe"


TABLOID = read_fixture("tabloid.txt")


@pytest.mark.parametrize(
    "sig, value, evidence",
    [
        (st.exclamation_rate, 8 / 14, ["seen!!!", "unacceptable!", "it!", "be!", "happened!!"]),
        (st.question_rate, 2 / 14, ["questions?", "yet?"]),
        (st.quotation_rate, 100 * 2 / 133, ['"They told us to keep quiet,"']),
        (st.first_person_rate, 3 / 133, ["us", "we", "We"]),
        (st.second_person_rate, 6 / 133, ["You", "you", "you", "Your", "you", "You"]),
        (st.hedge_rate, 2 / 133, ["may", "reportedly"]),
        (
            st.assertive_rate,
            13 / 133,
            "ABSOLUTELY Everyone obviously clearly never truth nobody UNBELIEVABLE totally facts "
            "truth definitely must".split(),
        ),
        (st.title_punctuation, 3.0, ["Water!!!"]),
    ],
)
def test_a_tabloid_shows_what_its_rates_counted(sig, value, evidence):
    measure = sig(parse(TABLOID))
    assert measure.value == pytest.approx(value)
    assert [s.text for s in measure.evidence] == evidence
    assert all(TABLOID[s.start : s.end] == s.text for s in measure.evidence)


def test_common_word_share_is_a_statistic_without_evidence():
    measure = st.common_word_share(parse(TABLOID))
    assert (measure.value, measure.evidence) == (pytest.approx(67 / 133), ())


@pytest.mark.parametrize(
    "sig, text, evidence",
    [
        (st.exclamation_rate, "Wow ! It passed?! Yes!", ["Wow !", "passed?!", "Yes!"]),
        (st.question_rate, "It passed?! Really?", ["passed?!", "Really?"]),
        (
            st.quotation_rate,
            "Council votes\nHe said \u201cyes\u201d and \u201cno.\u201d\n"
            "She said: \u201cWe will go on",
            ["\u201cyes\u201d", "\u201cno.\u201d", "\u201cWe will go on"],
        ),
        (st.quotation_rate, 'Council votes\nthe end of it."\nThen he left.', ['the end of it."']),
        (st.first_person_rate, "The US and us: we said I would.", ["us", "we", "I"]),
        (st.hedge_rate, "It may be dismayed; May's plan may't fail.", ["may"]),
        (st.assertive_rate, "The cat sat on the mat.", []),
    ],
)
def test_evidence_is_the_counted_words_and_marks(sig, text, evidence):
    doc = parse(text)
    assert [s.text for s in sig(doc).evidence] == evidence


def test_evidence_is_bounded_but_the_value_counts_every_hit():
    doc = parse("Wow! " * 30)
    measure = st.exclamation_rate(doc)
    assert measure.value == 1.0
    assert [s.text for s in measure.evidence] == ["Wow!"] * MAX_EVIDENCE
