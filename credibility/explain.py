"""Explanations: a model's logit as a sum of per-signal points.

For the linear model (logistic regression with sigmoid calibration) the points are exact and
stored in the model card as a LinearForm. For non-linear models they are an attribution
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


def is_linear(pipeline) -> bool:  # type: ignore[no-untyped-def]
    """True when the calibrated logit is exactly linear in the (shaped) signals."""
    from sklearn.linear_model import LogisticRegression

    calibrated = pipeline.named_steps["classify"]
    inner = calibrated.calibrated_classifiers_[0].estimator
    return calibrated.method == "sigmoid" and isinstance(inner[-1], LogisticRegression)


@dataclass(frozen=True)
class LinearForm:
    """The calibrated logit as a sum of per-signal points, exactly:

    logit = intercept + sum(slope * (shape(x) - shape(reference)))

    ``reference`` is the training median of each signal, so a signal at its typical value
    (for most detectors: it did not fire) gets 0 points, and ``intercept`` is the logit of
    a typical training article. SpamAssassin's rule table, with learned weights.
    """

    names: tuple[str, ...]
    reference: np.ndarray
    slope: np.ndarray
    intercept: float

    def points(self, values: np.ndarray) -> np.ndarray:
        """Per-signal logit contributions for one row of raw signal values; a value that
        does not apply (NaN) stands at the reference and scores 0."""
        values = np.where(np.isnan(values), self.reference, values)
        return self.slope * (signed_log1p(values) - signed_log1p(self.reference))

    def to_dict(self) -> dict[str, Any]:
        return {
            "names": list(self.names),
            "reference": self.reference.tolist(),
            "slope": self.slope.tolist(),
            "intercept": self.intercept,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> LinearForm:
        form = cls(
            tuple(d["names"]),
            np.asarray(d["reference"], dtype=float),
            np.asarray(d["slope"], dtype=float),
            float(d["intercept"]),
        )
        if not len(form.names) == len(form.reference) == len(form.slope):
            raise ValueError("linear form arrays differ in length")
        return form


def linear_form(pipeline) -> LinearForm:  # type: ignore[no-untyped-def]
    """Fold scaler, logistic regression and the sigmoid calibrator into one linear form."""
    extractor = pipeline.named_steps["signals"]
    calibrated = pipeline.named_steps["classify"].calibrated_classifiers_[0]
    scaler, logreg = calibrated.estimator.named_steps["scale"], calibrated.estimator[-1]
    sigmoid = calibrated.calibrators[0]
    # The calibrator maps the decision value f to expit(-(a f + b)).
    a, b = float(sigmoid.a_), float(sigmoid.b_)
    slope = -a * logreg.coef_[0] / scaler.scale_
    reference = np.asarray(pipeline.named_steps["impute"].statistics_, dtype=float)
    at_reference = float(logreg.intercept_[0]) + float(
        logreg.coef_[0] @ ((signed_log1p(reference) - scaler.mean_) / scaler.scale_)
    )
    return LinearForm(
        names=tuple(extractor.get_feature_names_out()),
        reference=reference,
        slope=np.asarray(slope, dtype=float),
        intercept=-(a * at_reference + b),
    )


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
