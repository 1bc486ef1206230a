"""The names a verdict takes, each defined once: the bands of a score, and the two classes of
a labelled row or a review."""

from __future__ import annotations

from enum import StrEnum


class Label(StrEnum):
    """A score's band on the calibrated probability (thresholds in the model card), or why it
    has none. A StrEnum: equal to its string, and written as it in JSON and CSV."""

    CREDIBLE = "credible"
    UNCERTAIN = "uncertain"
    LOW = "low"
    UNSUPPORTED = "unsupported"  # text the model cannot judge (another language)


BANDS = (Label.CREDIBLE, Label.UNCERTAIN, Label.LOW)


class Verdict(StrEnum):
    """The class of a labelled row or a reviewer's verdict."""

    CREDIBLE = "credible"
    NOT_CREDIBLE = "not_credible"
