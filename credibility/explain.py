"""Explanations: a model's logit as a sum of per-signal points.

For the linear model (SignedLogisticRegression) the points are exact and stored in the model
card as a LinearForm. For non-linear models they are an attribution
that still sums to the logit, and the Score says it is approximate.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np


def signed_log1p(X: np.ndarray) -> np.ndarray:
    """Compress heavy-tailed counts so one page with 40 hits does not dominate the fit."""
    X = np.asarray(X, dtype=float)
    return np.sign(X) * np.log1p(np.abs(X))


@dataclass(frozen=True)
class LinearForm:
    """The calibrated logit as a sum of per-signal points, exactly:

    logit = intercept + sum(clip(slope * (shape(clip(x, low, high)) - shape(reference)),
                                 -max_points, max_points))

    ``reference`` is the training median of each signal, so a signal at its typical value
    (for most detectors: it did not fire) gets 0 points, and ``intercept`` is the logit of
    a typical training article; values are clipped to the range seen in training and no
    signal moves the logit by more than ``max_points``. SpamAssassin's rule table, with
    learned weights.
    """

    names: tuple[str, ...]
    reference: np.ndarray
    slope: np.ndarray
    intercept: float
    low: np.ndarray
    high: np.ndarray
    max_points: float

    def points(self, values: np.ndarray) -> np.ndarray:
        """Per-signal logit contributions for one row of raw signal values; a value that
        does not apply (NaN) stands at the reference and scores 0."""
        values = np.clip(np.where(np.isnan(values), self.reference, values), self.low, self.high)
        raw = self.slope * (signed_log1p(values) - signed_log1p(self.reference))
        return np.clip(raw, -self.max_points, self.max_points)

    def to_dict(self) -> dict[str, Any]:
        return {
            "names": list(self.names),
            "reference": self.reference.tolist(),
            "slope": self.slope.tolist(),
            "intercept": self.intercept,
            "low": self.low.tolist(),
            "high": self.high.tolist(),
            "max_points": self.max_points,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> LinearForm:
        """The form of a card, checked: equal lengths, finite numbers, low <= high."""
        arrays = {k: np.asarray(d[k], dtype=float) for k in ("reference", "slope", "low", "high")}
        form = cls(
            tuple(str(n) for n in d["names"]),
            intercept=float(d["intercept"]),
            max_points=float(d["max_points"]),
            **arrays,
        )
        if any(a.ndim != 1 or len(a) != len(form.names) for a in arrays.values()):
            raise ValueError("linear form arrays differ in length")
        numbers = [*arrays.values(), np.array([form.intercept, form.max_points])]
        if not all(np.isfinite(a).all() for a in numbers):
            raise ValueError("linear form holds a number that is not finite")
        if (form.low > form.high).any() or form.max_points <= 0:
            raise ValueError("linear form bounds are inverted")
        return form


def logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-12, 1 - 1e-12)
    return np.log(p / (1 - p))


def attribute(
    predict_proba: Callable[[np.ndarray], np.ndarray], values: np.ndarray, reference: np.ndarray
) -> tuple[np.ndarray, float]:
    """(points, intercept) for a non-linear model. Each signal's raw effect is the logit
    change when it alone is set to its typical value; the remainder (interactions) is
    shared out in proportion to those effects, so the sum still equals the logit."""
    n = len(values)
    rows = np.tile(values, (n + 2, 1))
    rows[np.arange(n), np.arange(n)] = reference
    rows[-1] = reference
    logits = logit(predict_proba(rows)[:, 1])
    full, base = logits[-2], logits[-1]
    raw = full - logits[:n]
    remainder = (full - base) - raw.sum()
    weight = np.abs(raw).sum()
    points = raw + (remainder * np.abs(raw) / weight if weight else remainder / n)
    return points, float(base)
