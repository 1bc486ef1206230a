import pytest

from credibility.parsing import Role, Span, parse
from credibility.signals import spans
from credibility.signals.base import MAX_EVIDENCE


@pytest.mark.parametrize(
    "text, expected",
    [
        ("may", True),
        ("dismay", False),
        ("mayor", False),
        ("may's", False),
        ("o'may", False),
        ("_may_", True),
        ("(may)", True),
        ("may'", True),
    ],
)
def test_token_pattern_finds_whole_tokens_as_the_tokeniser_splits_them(text, expected):
    found = spans.token_pattern("may").search(text)
    assert (found is not None and found.group() == "may") is expected


def test_word_spans_skip_exact_spellings_and_stop_at_the_bound():
    doc = parse("US and us and Us. " + "we " * 30)
    found = spans.word_spans(doc, frozenset({"us", "we"}), Role.BODY, skip=frozenset({"US"}))
    assert [s.text for s in found] == ["us", "Us", *["we"] * (MAX_EVIDENCE - 2)]


@pytest.mark.parametrize(
    "text, marks, expected",
    [
        ("Stop!!! Now ?! and\n!", "!", ["Stop!!!", "Now ?!", "!"]),
        ("Why? Why not?", "?", ["Why?", "not?"]),
        ("x" * 100 + "!", "!", ["x" * spans.WORD_REACH + "!"]),
        ("No marks here.", "!?", []),
    ],
)
def test_mark_spans_show_the_run_with_the_word_before(text, marks, expected):
    doc = parse(text)
    assert [s.text for s in spans.mark_spans(doc, marks, *Role)] == expected


@pytest.mark.parametrize(
    "text, at, expected",
    [
        ("She said I would.", 9, "I would."),
        ("so did i\nThe end.", 7, "did i"),
        ("it was i", 7, "was i"),
        ("hello there", 0, "hello"),
        ("\ni\n", 1, "i"),
    ],
)
def test_as_words_widens_a_letter_to_a_word_or_phrase(text, at, expected):
    (span,) = spans.as_words(parse(text), [Span(at, at + 1, text[at])])
    assert (span.text, text[span.start : span.end]) == (expected, expected)
