"""The signal registry: every named detector, looked up by name.

A model stores the names of the signals it was trained on and builds its vector in that
order, so the order of registration does not matter and a new signal is unused until a
model is retrained with it.
"""

from collections.abc import Iterable, Sequence

import numpy as np

from credibility.limits import check_time
from credibility.parsing import Document
from credibility.signals import (  # noqa: F401  (importing registers the signals)
    blurb,
    boilerplate,
    genre,
    grammar,
    source,
    style,
    transparency,
    vocabulary,
)
from credibility.signals.base import DIRECTIONS, REGISTRY, Measure, Signal, signal

# The signals this package defines (a snapshot: REGISTRY also holds any added later).
SIGNALS: tuple[Signal, ...] = tuple(REGISTRY.values())
SIGNAL_NAMES: tuple[str, ...] = tuple(REGISTRY)


def lookup(names: Iterable[str]) -> tuple[Signal, ...]:
    """The registered signals of these names, in this order; KeyError names the unknown."""
    names = list(names)
    unknown = [n for n in names if n not in REGISTRY]
    if unknown:
        raise KeyError(f"unknown signals: {', '.join(unknown)}")
    return tuple(REGISTRY[n] for n in names)


def measure_all(doc: Document, signals: Iterable[Signal] = SIGNALS) -> list[Measure]:
    """Each signal's Measure on one document (all of this package's by default)."""
    measures = []
    for each in signals:
        check_time()
        measures.append(each.func(doc))
    return measures


def values_of(measures: Sequence[Measure]) -> np.ndarray:
    """The value vector of one document's measures, in their order (NaN: not applicable).
    Both the transformer (training) and score() build their vectors with it."""
    return np.fromiter((m.value for m in measures), float, count=len(measures))


def markdown_table(signals: Iterable[Signal] = SIGNALS) -> str:
    """The signal table of docs/model.md, generated from the registry (tests/test_readme.py
    keeps the page equal to it): `python -c "from credibility.signals import markdown_table as
    t; print(t())"`."""
    rows = [
        f"| `{s.name}` | {s.family} | {s.kind} | {s.direction} | {s.description} |" for s in signals
    ]
    return "\n".join(
        [
            "| signal | family | kind | a higher value | what it measures |",
            "|---|---|---|---|---|",
            *rows,
        ]
    )


__all__ = [
    "DIRECTIONS",
    "REGISTRY",
    "SIGNALS",
    "SIGNAL_NAMES",
    "Measure",
    "Signal",
    "lookup",
    "markdown_table",
    "measure_all",
    "signal",
    "values_of",
]
