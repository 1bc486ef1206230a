"""What a signal is: a named, described, pure function Document -> Measure."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from credibility.document import Document, Span

# Evidence shown per signal; the value still counts every hit.
MAX_EVIDENCE = 20


@dataclass(frozen=True, slots=True)
class Measure:
    """A signal's value on one document and the spans that justify it."""

    value: float
    evidence: tuple[Span, ...] = field(default_factory=tuple)


@dataclass(frozen=True, slots=True)
class Signal:
    name: str
    description: str
    func: Callable[[Document], Measure]

    def __call__(self, doc: Document) -> Measure:
        return self.func(doc)


REGISTRY: list[Signal] = []


def signal(name: str, description: str) -> Callable[[Callable[[Document], Measure]], Signal]:
    """Register a signal under ``name``; the decorated function becomes the Signal."""

    def register(func: Callable[[Document], Measure]) -> Signal:
        if any(s.name == name for s in REGISTRY):
            raise ValueError(f"signal {name!r} is registered twice")
        sig = Signal(name, description, func)
        REGISTRY.append(sig)
        return sig

    return register


def measure(value: float, evidence: Iterable[Span] = ()) -> Measure:
    """A Measure with at most MAX_EVIDENCE spans, in document order."""
    spans = sorted(evidence, key=lambda s: (s.start, s.end))[:MAX_EVIDENCE]
    return Measure(float(value), tuple(spans))


# A signal that does not apply to this document (no title, no URL, a single sentence):
# the model then treats it as typical, so it neither helps nor hurts the score.
NOT_APPLICABLE = Measure(float("nan"))


def count(spans: list[Span]) -> Measure:
    """The common case: the value is the number of hits, the hits are the evidence."""
    return measure(len(spans), spans)
