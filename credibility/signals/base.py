"""What a signal is: a named, described, pure function Document -> Measure, with the family
it belongs to and the direction its description promises (the model's weight must agree)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from operator import attrgetter

from credibility.parsing import Document, Span

# Evidence shown per signal; the value still counts every hit.
MAX_EVIDENCE = 20
# Spans in document order (a C key: every signal sorts its evidence).
BY_OFFSETS = attrgetter("start", "end")

# What a higher value may do to credibility. "either" is for statistics without a moral
# (sentence length, readability); the model fits "lowers" and "raises" with sign bounds.
LOWERS, RAISES, EITHER = "lowers", "raises", "either"
DIRECTIONS = (LOWERS, RAISES, EITHER)

# What kind of evidence a signal is, which sets how strongly the model holds it to "no
# effect" (pipeline.penalties):
# - a marker is a particular thing found on the page (an author blurb, a comment form,
#   press-release furniture, a farm-shaped domain, chatbot leftovers): rare in news, telling
#   where it fires;
# - a measure describes how every article is written or captured (sentence length, quotation
#   rate, capitals, a byline or date kept by the scrape): it shifts with outlet, topic, era
#   and scraper, so what it meant in the training corpora carries poorly to other sites;
# - stacked: the out-of-fold output of a model of its own (the vocabulary's text model).
MARKER, MEASURE, STACKED = "marker", "measure", "stacked"
KINDS = (MARKER, MEASURE, STACKED)
# The kind of a family's signals unless a signal declares its own.
FAMILY_KINDS = {"grammar": MEASURE, "style": MEASURE, "vocabulary": STACKED}


# Evidence given as a function of no arguments, found only when it is read.
LazyEvidence = Callable[[], Iterable[Span]]


class Measure:
    """A signal's value on one document and the spans that justify it.

    The value is computed with the Measure; the evidence may be given as a function that
    finds it, called the first time ``evidence`` is read: a batch that shows no evidence
    never builds spans, and the value is the same either way."""

    __slots__ = ("_evidence", "value")

    def __init__(self, value: float, evidence: Iterable[Span] | LazyEvidence = ()) -> None:
        self.value = value
        self._evidence: tuple[Span, ...] | LazyEvidence = (
            evidence if callable(evidence) else tuple(evidence)
        )

    @property
    def evidence(self) -> tuple[Span, ...]:
        """At most MAX_EVIDENCE spans, in document order."""
        if callable(self._evidence):
            self._evidence = shown(self._evidence())
        return self._evidence

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Measure):
            return NotImplemented
        return (self.value, self.evidence) == (other.value, other.evidence)

    __hash__ = None  # type: ignore[assignment]  # mutable once: the evidence is filled in

    def __repr__(self) -> str:
        return f"Measure(value={self.value!r}, evidence={self.evidence!r})"


@dataclass(frozen=True, slots=True)
class Signal:
    name: str
    family: str
    direction: str
    description: str
    func: Callable[[Document], Measure]
    kind: str = MARKER

    def __call__(self, doc: Document) -> Measure:
        return self.func(doc)


REGISTRY: dict[str, Signal] = {}


def signal(
    name: str,
    description: str,
    direction: str,
    family: str | None = None,
    kind: str | None = None,
) -> Callable[[Callable[[Document], Measure]], Signal]:
    """Register a signal under ``name``; the decorated function becomes the Signal. The
    family defaults to the defining module's name (blurb, grammar, ...), the kind to the
    family's (FAMILY_KINDS, else a marker)."""
    if direction not in DIRECTIONS:
        raise ValueError(f"signal {name!r}: direction must be one of {DIRECTIONS}")
    if kind is not None and kind not in KINDS:
        raise ValueError(f"signal {name!r}: kind must be one of {KINDS}")

    def register(func: Callable[[Document], Measure]) -> Signal:
        if name in REGISTRY:
            raise ValueError(f"signal {name!r} is registered twice")
        named = family or func.__module__.rsplit(".", 1)[-1]
        sig = Signal(
            name, named, direction, description, func, kind or FAMILY_KINDS.get(named, MARKER)
        )
        REGISTRY[name] = sig
        return sig

    return register


def shown(evidence: Iterable[Span]) -> tuple[Span, ...]:
    """The first MAX_EVIDENCE spans in document order."""
    return tuple(sorted(evidence, key=BY_OFFSETS)[:MAX_EVIDENCE])


def measure(value: float, evidence: Iterable[Span] | LazyEvidence = ()) -> Measure:
    """A Measure with at most MAX_EVIDENCE spans, in document order. Evidence that costs
    more than the value is given as a function (``lambda: spans_of(doc)``): it then runs
    only where the evidence is shown."""
    return Measure(float(value), evidence if callable(evidence) else shown(evidence))


# A signal that does not apply to this document (no title, no URL, a single sentence):
# the model then treats it as typical, so it neither helps nor hurts the score.
NOT_APPLICABLE = Measure(float("nan"))


def count(spans: list[Span]) -> Measure:
    """The common case: the value is the number of hits, the hits are the evidence."""
    return measure(len(spans), spans)
