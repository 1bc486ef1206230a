"""What a signal is: a named, described, pure function Document -> Measure, with the family
it belongs to and the direction its description promises (the model's weight must agree)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from credibility.parsing import Document, Span

# Evidence shown per signal; the value still counts every hit.
MAX_EVIDENCE = 20

# What a higher value may do to credibility. "either" is for statistics without a moral
# (sentence length, readability); the model fits "lowers" and "raises" with sign bounds.
LOWERS, RAISES, EITHER = "lowers", "raises", "either"
DIRECTIONS = (LOWERS, RAISES, EITHER)


@dataclass(frozen=True, slots=True)
class Measure:
    """A signal's value on one document and the spans that justify it."""

    value: float
    evidence: tuple[Span, ...] = field(default_factory=tuple)


@dataclass(frozen=True, slots=True)
class Signal:
    name: str
    family: str
    direction: str
    description: str
    func: Callable[[Document], Measure]

    def __call__(self, doc: Document) -> Measure:
        return self.func(doc)


REGISTRY: dict[str, Signal] = {}


def signal(
    name: str, description: str, direction: str, family: str | None = None
) -> Callable[[Callable[[Document], Measure]], Signal]:
    """Register a signal under ``name``; the decorated function becomes the Signal. The
    family defaults to the defining module's name (blurb, grammar, ...)."""
    if direction not in DIRECTIONS:
        raise ValueError(f"signal {name!r}: direction must be one of {DIRECTIONS}")

    def register(func: Callable[[Document], Measure]) -> Signal:
        if name in REGISTRY:
            raise ValueError(f"signal {name!r} is registered twice")
        sig = Signal(
            name, family or func.__module__.rsplit(".", 1)[-1], direction, description, func
        )
        REGISTRY[name] = sig
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
