"""score(): one article in, a calibrated credibility with its evidence out."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from credibility.document import DEFAULT_MAX_BYTES, Span, looks_like_html, parse
from credibility.model import Model, load_model
from credibility.signals import measure_all
from credibility.text import STOPWORDS, ratio

# Below this share of English function words (with enough words to judge) the text is
# mostly not English; English news in ../shared/data sits around 0.45 by this list.
ENGLISH_MIN_SHARE = 0.15
ENGLISH_MIN_WORDS = 30
NOT_ENGLISH = "the text is mostly not English; the signals are tuned for English"


@dataclass(frozen=True)
class SignalResult:
    name: str
    value: float | None  # None: the signal does not apply to this article (0 points)
    points: float
    description: str
    evidence: tuple[Span, ...] = ()
    typical: float = 0.0  # the training median: at this value a signal scores 0 points

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "value": self.value,
            "typical": self.typical,
            "points": self.points,
            "description": self.description,
            "evidence": [s.to_dict() for s in self.evidence],
        }


@dataclass(frozen=True)
class Score:
    """The verdict on one article; ``to_dict()`` is the JSON contract of DESIGN.md."""

    credibility: float
    label: str
    model: str
    signals: list[SignalResult]
    intercept: float
    thresholds: dict[str, float]
    warnings: list[str] = field(default_factory=list)
    text: str = field(default="", repr=False)  # the text evidence offsets point into
    exact: bool = True  # False: a non-linear model's points are an approximation

    @property
    def logit(self) -> float:
        return self.intercept + math.fsum(s.points for s in self.signals)

    def top(self, n: int = 3) -> list[SignalResult]:
        return [s for s in self.signals if s.points != 0.0][:n]

    def to_dict(self) -> dict[str, Any]:
        return {
            "credibility": self.credibility,
            "label": self.label,
            "model": self.model,
            "intercept": self.intercept,
            "thresholds": self.thresholds,
            "warnings": list(self.warnings),
            "explanation": "exact" if self.exact else "approximate",
            "signals": [s.to_dict() for s in self.signals],
        }


@cache
def default_model() -> Model:
    return load_model(None)


def get_model(model: Model | str | Path | None) -> Model:
    if isinstance(model, Model):
        return model
    return default_model() if model is None else load_model(model)


def score(
    text: str | None = None,
    *,
    html: str | None = None,
    title: str | None = None,
    url: str | None = None,
    model: Model | str | Path | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Score:
    """Score one article given as plain text or as HTML.

    Raises TypeError for non-string input and InvalidInputError for empty or oversized
    input; any other text, however odd, gets a finite score.
    """
    if text is None and html is None:
        raise TypeError("score() needs text or html")
    doc = parse(text, html=html, title=title, url=url, max_bytes=max_bytes)
    fitted = get_model(model)
    measures = measure_all(doc, fitted.signals)
    values = np.fromiter((m.value for m in measures), float, len(measures))
    points, intercept = fitted.explain(values)
    results = [
        SignalResult(
            s.name,
            None if math.isnan(m.value) else m.value,
            float(p),
            s.description,
            m.evidence,
            float(t),
        )
        for s, m, p, t in zip(fitted.signals, measures, points, fitted.reference, strict=True)
    ]
    results.sort(key=lambda r: -abs(r.points))
    logit = intercept + math.fsum(r.points for r in results)
    probability = 1.0 / (1.0 + math.exp(-max(-700.0, min(700.0, logit))))
    warnings = []
    counts = doc.word_counts
    total = counts.total()
    english = sum(counts[w] for w in STOPWORDS if w in counts)
    if total >= ENGLISH_MIN_WORDS and ratio(english, total) < ENGLISH_MIN_SHARE:
        warnings.append(NOT_ENGLISH)
    return Score(
        credibility=probability,
        label=fitted.label(probability),
        model=fitted.name,
        signals=results,
        intercept=intercept,
        thresholds=fitted.thresholds,
        warnings=warnings,
        text=doc.text,
        exact=fitted.exact,
    )


def score_content(content: str, *, as_html: bool | None = None, **kwargs: Any) -> Score:
    """Score input that may be text or HTML: ``as_html`` None detects which it is."""
    if as_html is None:
        as_html = looks_like_html(content) if isinstance(content, str) else False
    if as_html:
        return score(html=content, **kwargs)
    return score(content, **kwargs)


def excerpt(spans: tuple[Span, ...], width: int = 60) -> str:
    """Evidence as a short quoted list, for the terminal table."""
    quoted = []
    for span in spans[:3]:
        text = " ".join(span.text.split())
        quoted.append(f'"{text[: width - 3]}..."' if len(text) > width else f'"{text}"')
    return " / ".join(quoted)


def report(result: Score, rows: int = 12) -> str:
    """The SpamAssassin-style explanation: points, signal, description, evidence."""
    t = result.thresholds
    lines = [
        f"credibility {round(result.credibility * 100)}/100  ({result.label}; credible from "
        f"{round(t['credible'] * 100)}, low below {round(t['low'] * 100)})  model {result.model}",
        *(f"warning: {w}" for w in result.warnings),
        f"{'pts':>6}  {'signal':34} evidence, or the value against the typical one",
    ]
    for r in result.top(rows):
        shown = excerpt(r.evidence) or f"{r.value:.3g} (typical {r.typical:.3g}): {r.description}"
        lines.append(f"{r.points:+6.2f}  {r.name:34} {shown}")
    lines.append(f"{result.intercept:+6.2f}  {'(intercept)':34} a typical training article")
    return "\n".join(lines)
