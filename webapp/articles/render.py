"""What the result page draws: highlighted evidence segments and the contributions chart.

Pure functions from a Score to plain data; the templates only lay it out (and escape it).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import pairwise

from credibility.labels import Label
from credibility.scoring import Score
from credibility.signals import REGISTRY

# Evidence kinds: the signal families with a colour and legend entry of their own.
KINDS = {
    "blurb": "Author blurb",
    "boilerplate": "Boilerplate",
    "grammar": "Grammar",
    "other": "Style and sourcing",
}
# How the result names each band beside its number.
BAND_WORDS = {
    Label.CREDIBLE: "Credible",
    Label.UNCERTAIN: "Uncertain",
    Label.LOW: "Low credibility",
}
# The article view stops here; the table and the JSON still cover the whole input.
MAX_VIEW_CHARS = 200_000
CHART_ROWS = 12


def kind_of(signal_name: str) -> str:
    """The evidence kind of a signal: its family where that has a colour of its own."""
    found = REGISTRY.get(signal_name)
    return found.family if found is not None and found.family in KINDS else "other"


@dataclass
class Segment:
    """A stretch of the article; ``names`` are the signals whose evidence covers it."""

    text: str
    kinds: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    # Signals whose evidence starts here: announced once to screen readers.
    starts: list[str] = field(default_factory=list)


def segments(result: Score) -> tuple[list[Segment], bool]:
    """The article cut at every evidence boundary, and whether the view was truncated."""
    text = result.text[:MAX_VIEW_CHARS]
    spans = [
        (span.start, span.end, sig.name)
        for sig in result.signals
        if sig.points != 0.0
        for span in sig.evidence
        if span.start < span.end <= len(text)
    ]
    cuts = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    opening: dict[int, list[str]] = defaultdict(list)
    closing: dict[int, list[str]] = defaultdict(list)
    for start, end, name in spans:
        opening[start].append(name)
        closing[end].append(name)
    active: Counter[str] = Counter()
    out = []
    # A sweep over the cut points: each stretch knows which evidence covers it.
    for start, end in pairwise(cuts):
        active.subtract(closing.get(start, ()))
        active.update(opening.get(start, ()))
        names = sorted(n for n, c in active.items() if c > 0)
        kinds = sorted({kind_of(n) for n in names})
        out.append(Segment(text[start:end], kinds, names, sorted(set(opening.get(start, ())))))
    return out, len(result.text) > MAX_VIEW_CHARS


@dataclass(frozen=True)
class Bar:
    name: str
    points: float
    x: float  # left edge, in chart units (0-100)
    width: float
    y: int


def chart(result: Score, rows: int = CHART_ROWS) -> list[Bar]:
    """Horizontal bars of the strongest contributions around a centre line at x=50."""
    top = result.top(rows)
    scale = max((abs(s.points) for s in top), default=1.0) or 1.0
    bars = []
    for i, sig in enumerate(top):
        width = 48 * abs(sig.points) / scale
        x = 50 - width if sig.points < 0 else 50
        bars.append(Bar(sig.name, sig.points, round(x, 2), round(width, 2), i))
    return bars
