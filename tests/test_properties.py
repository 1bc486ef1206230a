"""Properties of score() over generated text and HTML (hypothesis)."""

import math

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from credibility import InvalidInputError, load_model, score
from credibility.parsing.entry import is_blank

MODEL = load_model()
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

WORDS = st.sampled_from(
    [
        "the",
        "council",
        "said",
        "hello,",
        "i",
        "am",
        "forbes",
        "Leave",
        "a",
        "Reply",
        "\n",
        "Related",
        "Posts",
        "5",
        "years",
        "in",
        "experience.",
        "!!",
        "AI",
        "lorem",
        "ipsum",
        "By",
        "Jane",
        "Roe",
        "NATO",
        "«",
        "»",
        "\u200f",
        "😀",
        "\x00",
        "\ud800",
        "مرحبا",
    ]
)
PAGE_TEXT = st.one_of(st.text(max_size=400), st.lists(WORDS, max_size=120).map(" ".join))
TAGS = st.sampled_from(["p", "div", "a", "span", "article", "h1", "li", "script", "b", "table"])


@st.composite
def html_pages(draw):
    parts = []
    for _ in range(draw(st.integers(0, 25))):
        tag = draw(TAGS)
        inner = draw(PAGE_TEXT)
        close = draw(st.booleans())
        parts.append(f"<{tag}>{inner}" + (f"</{tag}>" if close else ""))
    return "<html><body>" + "".join(parts) + "</body></html>"


def check(result, text):
    p = result.credibility
    if p is None:  # another language: not judged, nothing claimed
        assert (result.label, result.signals, result.logit) == ("unsupported", [], None)
    else:
        assert math.isfinite(p) and 0.0 <= p <= 1.0
    if p is not None and 1e-9 < p < 1 - 1e-9:
        assert result.logit == pytest.approx(math.log(p / (1 - p)), abs=1e-6)
    for sig in result.signals:
        for span in sig.evidence:
            assert 0 <= span.start <= span.end <= len(result.text)
            assert result.text[span.start : span.end] == span.text
    if text is not None:
        assert result.text == text  # plain text: offsets point into the caller's own input


def without_evidence(result):
    """The Score's JSON with every signal's evidence left out."""
    data = result.to_dict()
    data["signals"] = [{**s, "evidence": []} for s in data["signals"]]
    return data


def check_without_evidence(result, **kwargs):
    """Scoring without evidence (a batch) gives the same values, points and verdict."""
    bare = score(model=MODEL, evidence=False, **kwargs)
    assert bare.to_dict() == without_evidence(result)
    assert bare.logit == result.logit


def score_or_refuse(**kwargs):
    """The Score, or None when the input was refused, which only blank text may be."""
    kind = "html" if "html" in kwargs else "text"
    try:
        return score(model=MODEL, **kwargs)
    except InvalidInputError as exc:
        assert str(exc) == f"{kind} is empty"
        assert is_blank(kwargs[kind])
        return None


@SETTINGS
@given(PAGE_TEXT, st.one_of(st.none(), st.text(max_size=40)))
@example("\x1f", None)  # a separator: not blank to JSON Schema, so not to the library either
def test_text_properties(text, title):
    result = score_or_refuse(text=text, title=title)
    assert (result is None) == is_blank(text)  # the library's one definition of blank
    if result is not None:
        check(result, text)
        assert score(text, title=title, model=MODEL).to_dict() == result.to_dict()
        check_without_evidence(result, text=text, title=title)


@SETTINGS
@given(html_pages(), st.one_of(st.none(), st.text(max_size=60)))
def test_html_properties(html, url):
    result = score_or_refuse(html=html, url=url)
    assert result is not None  # the markup around the parts is never blank
    check(result, None)
    assert score(html=html, url=url, model=MODEL).to_dict() == result.to_dict()
    check_without_evidence(result, html=html, url=url)


@SETTINGS
@given(st.one_of(st.integers(), st.binary(), st.lists(st.text()), st.none()))
def test_non_strings_are_type_errors(value):
    with pytest.raises(TypeError):
        score(value, model=MODEL)
