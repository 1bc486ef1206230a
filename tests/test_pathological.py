"""Hostile input: every pattern stays linear, every pathological article scores or is
refused with a clear error. A watchdog turns a hang into a failure (not a speed target)."""

import math
import re
import signal
from contextlib import contextmanager

import credibility.document
import credibility.htmlpage
import credibility.roles
import credibility.textpage
import pytest

import credibility.signals.blurb
import credibility.signals.grammar
import credibility.signals.source
import credibility.signals.style
import credibility.signals.transparency
import credibility.text
from credibility import InvalidInputError, load_model, score

HANG_SECONDS = 20  # a linear scan of these inputs takes milliseconds; quadratic takes hours
MODULES = [
    credibility.text,
    credibility.roles,
    credibility.htmlpage,
    credibility.signals.blurb,
    credibility.signals.grammar,
    credibility.signals.source,
    credibility.signals.style,
    credibility.signals.transparency,
]


def patterns():
    for module in MODULES:
        for name, value in vars(module).items():
            if isinstance(value, re.Pattern):
                yield f"{module.__name__}.{name}", value
            elif isinstance(value, dict):
                for key, item in value.items():
                    if isinstance(item, re.Pattern):
                        yield f"{module.__name__}.{name}[{key}]", item


# Long runs of one character class, and the prefixes that open each pattern's slow path
# (found in the audit: greeting + spaces, a token without "@").
N = 100_000
ADVERSARIAL = {
    "spaces after a greeting": "hi" + " " * N + "x",
    "commas after a greeting": "hello" + ", " * (N // 2),
    "one long token": "a" * N,
    "capitals": "A" * N + "_",
    "digits": "1" * N,
    "dots": "." * N + "a",
    "bangs": "!" * N + "a",
    "spaces": " " * N + "a",
    "intro then token": "i am " + "a" * N,
    "years then spaces": "5 years" + " " * N + "x",
    "at signs": "a@" * (N // 2),
    "words without end": "word " * (N // 5),
    "brackets": "[" * N,
    "braces": "{{" * (N // 2),
}


@contextmanager
def watchdog(seconds: int = HANG_SECONDS):
    def hung(signum, frame):
        raise TimeoutError(f"still running after {seconds} s: catastrophic backtracking?")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


ALL_PATTERNS = dict(patterns())


def test_the_audit_sees_the_patterns():
    assert len(ALL_PATTERNS) >= 40
    assert "credibility.roles.GREETING_INTRO" in ALL_PATTERNS


@pytest.mark.parametrize("name", sorted(ALL_PATTERNS))
def test_pattern_is_linear_on_adversarial_input(name):
    pattern = ALL_PATTERNS[name]
    with watchdog():
        for text in ADVERSARIAL.values():
            for candidate in (text, text.lower()):
                pattern.search(candidate)
                for _ in pattern.finditer(candidate):
                    pass


@pytest.fixture(scope="module")
def model():
    return load_model()


def check(result):
    p = result.credibility
    if p is None:  # another language: not judged, nothing claimed
        assert (result.label, result.signals, result.logit) == ("unsupported", [], None)
        return
    assert 0.0 <= p <= 1.0 and math.isfinite(p)
    if 1e-9 < p < 1 - 1e-9:  # beyond that, float precision says nothing about the logit
        assert result.logit == pytest.approx(math.log(p / (1 - p)), abs=1e-6)
    for sig in result.signals:
        assert sig.value is None or math.isfinite(sig.value)
        assert math.isfinite(sig.points)


PATHOLOGICAL = {
    "2 MB on one line": {"text": ("The council said the budget passed " * 60_000)[:1_999_000]},
    "1 MB of one word": {"text": "spam " * 200_000},
    "one 1 MB token": {"text": "x" * 1_000_000},
    "html nested 100,000 deep": {"html": "<div>" * 100_000 + "deep text" + "</div>" * 100_000},
    "a page of only links": {
        "html": "".join(f'<a href="/{i}">link {i}</a> ' for i in range(20_000))
    },
    "null bytes and lone surrogates": {
        "text": "Council\x00 said \ud800 budget\x00 passed. " * 1000
    },
    "right-to-left and mixed scripts": {
        "text": "قال المجلس إن الميزانية أقرت. The council said שלום 你好 Привет. " * 500
    },
    "only emoji": {"text": "😀🔥💯🚀" * 50_000},
    "greeting then a sea of spaces": {"text": "hi" + " " * 500_000 + "i am Sam"},
    "blurb then one long token": {"text": "hello, i am Sam " + "a" * 500_000},
    "unbalanced markup": {"html": "<p><b><i>" * 30_000 + "text" + "</table>" * 10_000},
}


@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_pathological_input_scores_or_is_refused(name, model):
    with watchdog(60):
        try:
            check(score(model=model, **PATHOLOGICAL[name]))
        except InvalidInputError as exc:
            assert str(exc)


def test_just_over_the_limit_is_refused_clearly(model):
    with pytest.raises(InvalidInputError, match=r"text is 2,000,001 bytes, over the limit"):
        score("x" * 2_000_001, model=model)
