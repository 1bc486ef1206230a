"""Building, fitting and reading the pipeline: signals -> a sign-constrained, calibrated
classifier, and its exact linear form when it has one.

scikit-learn is imported inside the functions: scoring one article reads the model card with
numpy alone (:mod:`credibility.model`) and never builds a pipeline.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from credibility.defaults import DEFAULT_C, MAX_POINTS, MEASURE_SHRINK
from credibility.explain import LinearForm, signed_log1p
from credibility.signals import SIGNAL_NAMES, lookup
from credibility.signals.base import MARKER, MEASURE, STACKED

ESTIMATORS = ("logreg", "gbm")
CALIBRATIONS = ("sigmoid", "isotonic")


def penalties(measure_shrink: float = MEASURE_SHRINK) -> dict[str, float]:
    """Each kind of signal's share of the L2 penalty. A marker is held to the plain prior;
    a measure ``measure_shrink`` times harder, since how outlets in the training corpora
    write is a weak guide to how other sites do; the stacked vocabulary not at all, as a
    stacking learner leaves its base model's output free (its own fit was regularised)."""
    return {MARKER: 1.0, MEASURE: float(measure_shrink), STACKED: 0.0}


def build_pipeline(
    estimator: str = "logreg",
    calibration: str = "sigmoid",
    C: float = DEFAULT_C,
    cv: int = 5,
    seed: int = 0,
    signals: Sequence[str] | None = None,
    max_points: float = MAX_POINTS,
    measure_shrink: float = MEASURE_SHRINK,
):  # type: ignore[no-untyped-def]
    """Signals -> a probability-calibrated classifier.

    ``logreg`` (the default): SignedLogisticRegression, whose weights keep the directions
    the signals declare, with values clipped to the training range, at most ``max_points``
    per signal, and an exact additive explanation; it is always Platt-calibrated. Measures
    are shrunk ``measure_shrink`` times as hard as markers, the stacked vocabulary not at
    all (:func:`penalties`). C, measure_shrink and max_points were chosen by
    leave-one-dataset-out figures (benchmarks/accuracy.py).
    ``gbm``: histogram gradient boosting, non-linear, explained approximately, with
    ``calibration`` sigmoid or isotonic.
    """
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.impute import SimpleImputer
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import FunctionTransformer

    from credibility.estimator import SignedLogisticRegression
    from credibility.features import SignalExtractor

    if estimator not in ESTIMATORS or calibration not in CALIBRATIONS:
        raise ValueError(f"estimator: one of {ESTIMATORS}; calibration: one of {CALIBRATIONS}")
    names = tuple(SIGNAL_NAMES if signals is None else signals)
    extractor = SignalExtractor(list(names))
    if estimator == "logreg":
        found = lookup(names)
        classifier = SignedLogisticRegression(
            tuple(s.direction for s in found),
            C=C,
            max_points=max_points,
            cv=cv,
            random_state=seed,
            penalty=tuple(penalties(measure_shrink)[s.kind] for s in found),
        )
        return Pipeline([("signals", extractor), ("classify", classifier)])
    boosted = HistGradientBoostingClassifier(
        max_iter=200,
        learning_rate=0.05,
        max_leaf_nodes=15,
        l2_regularization=1.0,
        random_state=seed,
    )
    return Pipeline(
        [
            ("signals", extractor),
            # A signal that does not apply (no title, no URL, one sentence) is NaN and takes
            # the training median: the typical value.
            ("impute", SimpleImputer(strategy="median", keep_empty_features=True)),
            ("shape", FunctionTransformer(signed_log1p, feature_names_out="one-to-one")),
            (
                "classify",
                CalibratedClassifierCV(boosted, method=calibration, cv=cv, ensemble=False),
            ),
        ]
    )


def fit_on_signals(pipeline, X: np.ndarray, y: np.ndarray, sample_weight: np.ndarray | None = None):  # type: ignore[no-untyped-def]
    """Fit a pipeline from an already extracted signal matrix (signals are the slow part).

    The calibration's inner folds are stratified, not source-disjoint: with the corpora's
    class-level groups, grouped calibration flipped or flattened the sigmoid and cost 0.09
    macro-F1 on real articles (benchmarks/accuracy.py, measured 2026-11-26).
    """
    pipeline.named_steps["signals"].fit_values(X)
    weight = {} if sample_weight is None else {"classify__sample_weight": sample_weight}
    pipeline[1:].fit(X, y, **weight)
    return pipeline


def reference_of(pipeline) -> np.ndarray:  # type: ignore[no-untyped-def]
    """Each signal's typical (training median) value: where it scores 0 points."""
    if "impute" in pipeline.named_steps:
        return np.asarray(pipeline.named_steps["impute"].statistics_, dtype=float)
    return np.asarray(pipeline.named_steps["classify"].reference_, dtype=float)


def is_linear(pipeline) -> bool:  # type: ignore[no-untyped-def]
    """True when the calibrated logit is exactly a sum of per-signal points."""
    # Imported here: scoring one article reads the card's LinearForm with numpy alone, and
    # scipy and scikit-learn cost a second at start-up.
    from credibility.estimator import SignedLogisticRegression

    return isinstance(pipeline.named_steps["classify"], SignedLogisticRegression)


def linear_form(pipeline) -> LinearForm:  # type: ignore[no-untyped-def]
    """The fitted SignedLogisticRegression's calibrated logit as a LinearForm."""
    model = pipeline.named_steps["classify"]
    return LinearForm(
        names=tuple(pipeline.named_steps["signals"].get_feature_names_out()),
        reference=np.asarray(model.reference_, dtype=float),
        slope=np.asarray(model.slope_, dtype=float),
        intercept=float(model.intercept_),
        low=np.asarray(model.low_, dtype=float),
        high=np.asarray(model.high_, dtype=float),
        max_points=float(model.max_points),
    )
