"""The signal registry: every named detector, in a fixed order (the model's feature order)."""

from credibility.document import Document
from credibility.signals import (  # noqa: F401  (importing registers the signals)
    blurb,
    boilerplate,
    grammar,
    source,
    style,
    transparency,
)
from credibility.signals.base import REGISTRY, Measure, Signal, signal

SIGNALS: tuple[Signal, ...] = tuple(REGISTRY)
SIGNAL_NAMES: tuple[str, ...] = tuple(s.name for s in SIGNALS)
BY_NAME: dict[str, Signal] = {s.name: s for s in SIGNALS}


def measure_all(doc: Document) -> list[Measure]:
    """Every signal's Measure on one document, in registry order."""
    return [s.func(doc) for s in SIGNALS]


__all__ = ["BY_NAME", "SIGNALS", "SIGNAL_NAMES", "Measure", "Signal", "measure_all", "signal"]
