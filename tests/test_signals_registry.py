import math
import re

import numpy as np
import pytest

from credibility.parsing import Span, parse
from credibility.signals import DIRECTIONS, SIGNAL_NAMES, SIGNALS, base, measure_all
from credibility.signals.base import KINDS, MAX_EVIDENCE, signal

FAMILIES = ("blurb_", "boilerplate_", "grammar_", "style_", "title_", "source_")


def test_at_least_thirty_named_signals():
    assert len(SIGNALS) >= 30
    assert len(set(SIGNAL_NAMES)) == len(SIGNAL_NAMES)


@pytest.mark.parametrize("sig", SIGNALS, ids=SIGNAL_NAMES)
def test_names_and_descriptions(sig):
    assert re.fullmatch(r"[a-z][a-z_]+", sig.name)
    assert 10 <= len(sig.description) <= 100
    assert sig.description[0].isupper()


def test_registering_a_name_twice_is_refused():
    with pytest.raises(ValueError, match="registered twice"):
        signal(SIGNAL_NAMES[0], "Duplicate", "lowers")(lambda doc: None)


def test_a_direction_outside_the_three_is_refused():
    with pytest.raises(ValueError, match="direction must be one of"):
        signal("zz_unregistered", "Sideways", "sideways")


@pytest.mark.parametrize("sig", SIGNALS, ids=SIGNAL_NAMES)
def test_every_signal_declares_a_family_and_direction(sig):
    assert sig.direction in DIRECTIONS
    assert sig.family in {
        "blurb",
        "boilerplate",
        "grammar",
        "style",
        "transparency",
        "source",
        "genre",
        "vocabulary",
    }


def test_every_signal_declares_a_kind_and_measures_are_what_every_article_has():
    kinds = {s.name: s.kind for s in SIGNALS}
    assert set(kinds.values()) <= set(KINDS)
    assert [n for n, k in kinds.items() if k == "stacked"] == ["vocabulary_lean"]
    assert all(kinds[n] == "measure" for n in kinds if n.startswith(("style_", "grammar_")))
    assert kinds["date_present"] == kinds["byline_present"] == kinds["attribution_rate"]
    assert kinds["attribution_rate"] == "measure"
    assert all(kinds[n] == "marker" for n in kinds if n.startswith(("blurb_", "boilerplate_")))


def test_a_kind_outside_the_three_is_refused():
    with pytest.raises(ValueError, match="kind must be one of"):
        signal("zz_unregistered", "Odd kind", "lowers", kind="rumour")


@pytest.mark.parametrize("fixture", ["farm_page", "news_story"])
def test_every_signal_is_finite_and_its_evidence_points_into_the_text(fixture, request):
    text = request.getfixturevalue(fixture)
    doc = parse(text)
    for sig, measure in zip(SIGNALS, measure_all(doc), strict=True):
        # NaN means "does not apply" (no title, no URL); anything else is a finite number.
        assert math.isnan(measure.value) or abs(measure.value) < 1e9, sig.name
        assert len(measure.evidence) <= MAX_EVIDENCE
        for span in measure.evidence:
            assert 0 <= span.start <= span.end <= len(text), sig.name
            assert text[span.start : span.end] == span.text, sig.name


def test_signals_are_pure(farm_page):
    doc = parse(farm_page)
    first = [m.value for m in measure_all(doc)]
    assert [m.value for m in measure_all(doc)] == first
    assert [m.value for m in measure_all(parse(farm_page))] == first


def test_values_of_keeps_order_and_not_applicable():
    from credibility.signals import Measure, values_of

    vector = values_of([Measure(2.0), Measure(float("nan")), Measure(0.5)])
    assert vector.dtype == float
    assert np.array_equal(vector, np.array([2.0, np.nan, 0.5]), equal_nan=True)
    assert values_of([]).shape == (0,)


def test_lazy_evidence_is_found_once_and_only_when_read():
    calls = []

    def find():
        calls.append(1)
        return [Span(5, 6, "b"), *[Span(1, 2, "a")] * (MAX_EVIDENCE + 3)]

    found = base.measure(2, find)
    assert (found.value, calls) == (2.0, [])
    assert found.evidence == (Span(1, 2, "a"),) * MAX_EVIDENCE  # document order, capped
    assert found.evidence == (Span(1, 2, "a"),) * MAX_EVIDENCE
    assert calls == [1]
    assert found == base.measure(2.0, [Span(1, 2, "a")] * MAX_EVIDENCE)
