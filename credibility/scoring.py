"""score(): one article in, a calibrated credibility with its evidence out."""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from credibility.labels import Label
from credibility.language import Language
from credibility.limits import MAX_ARTICLE_BYTES
from credibility.model import Model, load_model
from credibility.parsing import Span, looks_like_html, parse
from credibility.reputation import SourceReport, Table
from credibility.reputation import load as load_reputation
from credibility.signals import measure_all, values_of

# Fewer words than this: too short to judge, labelled uncertain whatever the probability.
# Measured with benchmarks/short_text.py (default model, the 2,239 articles of 200+ words in
# ../shared/data/articles.jsonl.gz), scoring only each article's first N words: the label
# matches the whole article's for 48.4% at 50 words, 56.1% at 80, 60.4% at 100 (35.0% at
# 10), and the gold label for 64.4% at 50, 68.7% at 80, 69.5% at 100 (whole articles:
# 71.8%; 10 words: 54.1%). Each ten words below 80 lose 1-2.5 points of accuracy; beyond
# it, under one.
MIN_WORDS = 80
# Different words a judged text needs: text that repeats a few words ('Word. ' a thousand
# times scored 0.96) is junk the signals were never fitted on. Of the 5,680 articles of 80
# words or more in ../shared/data, the one with the fewest has 49.
MIN_DISTINCT_WORDS = 40


# Whose evidence spans score() finds: every signal's (True), none (False), the signals of
# these names, or those a function picks from every signal's (name, points).
Evidence = bool | Collection[str] | Callable[[Sequence[tuple[str, float]]], Collection[str]]


def too_short_warning(words: int) -> str:
    return f"the text is too short to judge ({words} words; the model needs {MIN_WORDS})"


def too_repetitive_warning(distinct: int) -> str:
    return (
        f"the text repeats too few different words to judge ({distinct} different "
        f"word{'s' * (distinct != 1)}; the model needs {MIN_DISTINCT_WORDS})"
    )


def unsupported_warning(language: Language) -> str:
    return f"the text is in {language.name} ({language.code}); the model judges English only"


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
    """The verdict on one article; ``to_dict()`` is the JSON contract of docs/architecture.md.

    ``credibility`` is None, with no signals, when the model cannot judge the text
    (label ``unsupported``: another language)."""

    credibility: float | None
    label: Label
    model: str
    signals: list[SignalResult]
    intercept: float
    thresholds: dict[str, float]
    warnings: list[str] = field(default_factory=list)
    text: str = field(default="", repr=False)  # the text evidence offsets point into
    exact: bool = True  # False: a non-linear model's points are an approximation
    source: SourceReport | None = None  # what raters say of the URL's site; never in the points

    @property
    def logit(self) -> float | None:
        """The model's log-odds (points plus intercept); None when not judged."""
        if self.credibility is None:
            return None
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
            "source": None if self.source is None else self.source.to_dict(),
        }


# Bounded: a process uses one model or two (a batch, a web app); a long-lived one that is
# handed many model directories does not keep them all.
@lru_cache(maxsize=8)
def cached_model(model: str | Path | None = None) -> Model:
    """The process's one model cache: each model loaded and verified once per process
    (score(), batch workers, the web app). A directory changed on disk after its first
    load is not seen again until the process restarts."""
    return load_model(model)


def get_model(model: Model | str | Path | None) -> Model:
    return model if isinstance(model, Model) else cached_model(model)


def score(
    text: str | None = None,
    *,
    html: str | None = None,
    title: str | None = None,
    url: str | None = None,
    model: Model | str | Path | None = None,
    max_bytes: int = MAX_ARTICLE_BYTES,
    sources: Table | None = None,
    evidence: Evidence = True,
) -> Score:
    """Score one article given as plain text or as HTML.

    Raises TypeError for non-string input and InvalidInputError for empty or oversized
    input; any other text, however odd, gets a finite score, or the label ``unsupported``
    (credibility None, no signals) when it is in a language other than English. With a URL,
    ``source`` says what the rating lists (``sources``, by default the shipped table with the
    user's layer) know of its site; that lookup comes after the verdict and never moves it.

    ``evidence``: whose evidence spans to find: every signal's (True), none (False: a batch
    that writes signal names, where finding them cost a fifth of the time), or the signals
    of these names. The values, points and verdict are the same either way.
    """
    verdict = judge(
        text, html=html, title=title, url=url, model=model, max_bytes=max_bytes, evidence=evidence
    )
    if not url:
        return verdict
    found = (sources or load_reputation()).lookup(url).against(verdict.label)
    return replace(verdict, source=found)


def judge(
    text: str | None = None,
    *,
    html: str | None = None,
    title: str | None = None,
    url: str | None = None,
    model: Model | str | Path | None = None,
    max_bytes: int = MAX_ARTICLE_BYTES,
    evidence: Evidence = True,
) -> Score:
    """The content verdict alone: what the page shows, without the site's reputation
    (``evidence`` as for :func:`score`)."""
    doc = parse(text, html=html, title=title, url=url, max_bytes=max_bytes)
    fitted = get_model(model)
    if doc.language.foreign:
        # No points are claimed: English signals measured on other text are not evidence.
        _, intercept = fitted.explain(fitted.reference)
        return Score(
            credibility=None,
            label=Label.UNSUPPORTED,
            model=fitted.name,
            signals=[],
            intercept=float(intercept),
            thresholds=fitted.thresholds,
            warnings=[unsupported_warning(doc.language)],
            text=doc.text,
            exact=fitted.exact,
        )
    measures = measure_all(doc, fitted.signals)
    points, intercept = fitted.explain(values_of(measures))
    if callable(evidence):  # chosen once the points are known
        evidence = evidence(
            [(s.name, float(p)) for s, p in zip(fitted.signals, points, strict=True)]
        )
    results = [
        SignalResult(
            s.name,
            None if math.isnan(m.value) else m.value,
            float(p),
            s.description,
            m.evidence if evidence is True or (evidence and s.name in evidence) else (),
            float(t),
        )
        for s, m, p, t in zip(fitted.signals, measures, points, fitted.reference, strict=True)
    ]
    results.sort(key=lambda r: -abs(r.points))
    logit = intercept + math.fsum(r.points for r in results)
    probability = 1.0 / (1.0 + math.exp(-max(-700.0, min(700.0, logit))))
    label, warnings = fitted.label(probability), []
    length = doc.word_counts.total()
    distinct = len(doc.word_counts)
    if length < MIN_WORDS:
        label = Label.UNCERTAIN
        warnings.append(too_short_warning(length))
    elif distinct < MIN_DISTINCT_WORDS:
        label = Label.UNCERTAIN
        warnings.append(too_repetitive_warning(distinct))
    return Score(
        credibility=probability,
        label=label,
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


def source_lines(result: Score) -> list[str]:
    """The "Source" line: the site's rating and who says so, apart from the points."""
    found = result.source
    if found is None:
        return []
    if not found.domain:
        return ["source: the URL names no site that can be looked up"]
    if not found.entries:
        return [f"source {found.domain}: unknown (on none of the rating lists)"]
    line = f"source {found.domain}: {found.rating} ({', '.join(found.lists)})"
    if found.disagrees:
        line += f"; the page reads {result.label}, the raters say {found.rating}"
    return [line]


def report(result: Score, rows: int = 12) -> str:
    """The SpamAssassin-style explanation: points, signal, description, evidence."""
    t = result.thresholds
    if result.credibility is None:
        return "\n".join(
            [
                f"credibility not judged  ({result.label})  model {result.model}",
                *(f"warning: {w}" for w in result.warnings),
                *source_lines(result),
            ]
        )
    lines = [
        f"credibility {round(result.credibility * 100)}/100  ({result.label}; credible from "
        f"{round(t['credible'] * 100)}, low below {round(t['low'] * 100)})  model {result.model}",
        *(f"warning: {w}" for w in result.warnings),
        *source_lines(result),
        f"{'pts':>6}  {'signal':34} evidence, or the value against the typical one",
    ]
    for r in result.top(rows):
        shown = excerpt(r.evidence) or f"{r.value:.3g} (typical {r.typical:.3g}): {r.description}"
        lines.append(f"{r.points:+6.2f}  {r.name:34} {shown}")
    lines.append(f"{result.intercept:+6.2f}  {'(intercept)':34} a typical training article")
    return "\n".join(lines)
