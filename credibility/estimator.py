"""SignedLogisticRegression: the default model, additive, with weights that keep their word.

A logistic regression on log-shaped, standardised signals whose coefficients are bounded by
each signal's declared direction (a signal that "lowers credibility" can never raise it),
Platt-calibrated on internal out-of-fold decisions. Every value is clipped to the range seen
in training and every signal's contribution to the calibrated logit is capped, so appending
junk to a page cannot buy credibility. The calibrated logit is exactly

    intercept + sum_j clip(slope_j * (shape(clip(x_j)) - shape(reference_j)), -cap, cap)

which is what ``predict_proba`` computes and what explain.LinearForm stores.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy.optimize import minimize
from scipy.special import expit, log_expit
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.validation import check_is_fitted

from credibility.defaults import DEFAULT_C, MAX_POINTS
from credibility.explain import signed_log1p

# Direction codes for ``directions``: the sign a coefficient may take (0: either).
SIGNS = {"lowers": -1, "raises": 1, "either": 0}


def minimise(
    loss: Callable[[np.ndarray], tuple[float, np.ndarray]], start: np.ndarray, signs: np.ndarray
) -> tuple[np.ndarray, float]:
    """(coef, intercept) minimising ``loss`` (value and gradient of coef + intercept) by
    L-BFGS-B from ``start``, each coefficient kept to the sign of ``signs`` (0: either)."""
    bounds = [(None, 0.0) if s < 0 else (0.0, None) if s > 0 else (None, None) for s in signs]
    found = minimize(
        loss,
        start,
        jac=True,
        method="L-BFGS-B",
        bounds=[*bounds, (None, None)],
        options={"maxiter": 5000},
    )
    return found.x[:-1], float(found.x[-1])


def fit_logistic(
    Z: np.ndarray,
    y: np.ndarray,
    w: np.ndarray,
    C: float,
    signs: np.ndarray,
    penalty: np.ndarray | None = None,
    centre: np.ndarray | None = None,
    start_intercept: float = 0.0,
) -> tuple[np.ndarray, float]:
    """Weighted L2 logistic regression with sign bounds, by L-BFGS-B (scikit-learn's
    objective: C * sum(w * log-loss) + |coef - centre|^2 / 2, the intercept not penalised).
    ``penalty`` scales each coefficient's share of the L2 term (0: not penalised; default 1);
    ``centre`` is where the L2 term pulls the coefficients (default 0; a base model's weights
    when adapting), and where the search starts."""
    n_features = Z.shape[1]
    pen = np.ones(n_features) if penalty is None else np.asarray(penalty, dtype=float)
    mu = np.zeros(n_features) if centre is None else np.asarray(centre, dtype=float)
    t = 2.0 * y - 1.0

    def loss(theta: np.ndarray) -> tuple[float, np.ndarray]:
        coef, intercept = theta[:-1], theta[-1]
        margin = t * (Z @ coef + intercept)
        shift = coef - mu
        value = -C * float(w @ log_expit(margin)) + 0.5 * float(shift @ (pen * shift))
        g = -C * w * t * expit(-margin)
        return value, np.append(Z.T @ g + pen * shift, g.sum())

    return minimise(loss, np.append(mu, start_intercept), signs)


def fit_capped(
    D: np.ndarray,
    y: np.ndarray,
    w: np.ndarray,
    C: float,
    signs: np.ndarray,
    penalty: np.ndarray,
    centre: np.ndarray,
    intercept: float,
    cap: float,
) -> tuple[np.ndarray, float]:
    """Sign-bounded logistic regression on capped points, held to ``centre``: the logit is
    ``intercept + sum_j clip(coef_j * D_j, -cap, cap)``, exactly what is scored, and the
    objective C * sum(w * log-loss) + |coef - centre|^2 / 2 (penalty-weighted). An adapted
    model fitted without the cap learned weights whose points the cap then cut, and called
    the not-credible side of its own rows credible (the points it counted on were not paid)."""
    t = 2.0 * y - 1.0

    def loss(theta: np.ndarray) -> tuple[float, np.ndarray]:
        coef, b = theta[:-1], theta[-1]
        raw = D * coef
        margin = t * (np.clip(raw, -cap, cap).sum(axis=1) + b)
        shift = coef - centre
        value = -C * float(w @ log_expit(margin)) + 0.5 * float(shift @ (penalty * shift))
        g = -C * w * t * expit(-margin)
        inside = np.abs(raw) < cap  # a capped point no longer moves with its weight
        return value, np.append((D * inside).T @ g + penalty * shift, g.sum())

    return minimise(loss, np.append(centre, intercept), signs)


def platt(f: np.ndarray, y: np.ndarray, w: np.ndarray) -> tuple[float, float]:
    """(a, b) with P(credible) = expit(a f + b), a >= 0 so calibration never flips a sign."""
    t = 2.0 * y - 1.0

    def loss(theta: np.ndarray) -> tuple[float, np.ndarray]:
        margin = t * (theta[0] * f + theta[1])
        g = -w * t * expit(-margin)
        return -float(w @ log_expit(margin)), np.array([g @ f, g.sum()])

    found = minimize(
        loss, np.array([1.0, 0.0]), jac=True, method="L-BFGS-B", bounds=[(0.0, None), (None, None)]
    )
    return float(found.x[0]), float(found.x[1])


@dataclass(frozen=True, eq=False)
class Prior:
    """A fitted model's measuring stick and calibrated weights: what an adapted fit keeps
    (the clipping range, reference, standardisation) and what it is held to (the weights).

    ``coef`` are the base model's calibrated weights on its standardised scale (``slope_ *
    scale_``), ``intercept`` its calibrated logit at the standardised origin."""

    reference: np.ndarray
    low: np.ndarray
    high: np.ndarray
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float

    @classmethod
    def of(cls, model: SignedLogisticRegression) -> Prior:
        check_is_fitted(model, "slope_")
        coef = np.asarray(model.slope_ * model.scale_, dtype=float)
        shaped_reference = signed_log1p(model.reference_)
        origin = float(coef @ ((shaped_reference - model.mean_) / model.scale_))
        return cls(
            reference=np.array(model.reference_, dtype=float),
            low=np.array(model.low_, dtype=float),
            high=np.array(model.high_, dtype=float),
            mean=np.array(model.mean_, dtype=float),
            scale=np.array(model.scale_, dtype=float),
            coef=coef,
            intercept=float(model.intercept_) - origin,
        )


class SignedLogisticRegression(ClassifierMixin, BaseEstimator):
    """Sign-constrained, clipped, capped and calibrated logistic regression on signals.

    ``directions``: one of "lowers" / "raises" / "either" per column (None: all "either").
    ``max_points``: the most one signal may add to or take from the calibrated logit.
    ``penalty``: each column's share of the L2 term (None: 1 for every column; 0: not
    shrunk). The pipeline sets it from each signal's kind.
    ``prior``: a base model's :class:`Prior` to adapt from (None: fit from nothing). With one,
    the base's clipping range, reference and standardisation are kept, the L2 term pulls each
    weight toward the base's calibrated weight instead of toward 0, and no Platt step follows:
    the base's weights are already calibrated, and a sigmoid fitted on the folds of a few
    dozen rows would overfit them (``C`` then sets how far the rows may move the weights).
    NaN means "does not apply" and stands at the reference (the training median): 0 points.
    """

    def __init__(
        self,
        directions: tuple[str, ...] | None = None,
        C: float = DEFAULT_C,
        max_points: float = MAX_POINTS,
        cv: int = 5,
        random_state: int = 0,
        penalty: tuple[float, ...] | None = None,
        prior: Prior | None = None,
    ) -> None:
        self.directions = directions
        self.C = C
        self.max_points = max_points
        self.cv = cv
        self.random_state = random_state
        self.penalty = penalty
        self.prior = prior

    def _signs(self, n_features: int) -> np.ndarray:
        if self.directions is None:
            return np.zeros(n_features)
        if len(self.directions) != n_features:
            raise ValueError(f"{len(self.directions)} directions for {n_features} signals")
        return np.array([SIGNS[d] for d in self.directions], dtype=float)

    def _shaped(self, X: np.ndarray) -> np.ndarray:
        X = np.where(np.isnan(X), self.reference_, X)
        return signed_log1p(np.clip(X, self.low_, self.high_))

    def fit(self, X: np.ndarray, y: np.ndarray, sample_weight: np.ndarray | None = None):
        from sklearn.model_selection import StratifiedKFold

        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=int)
        w = np.ones(len(y)) if sample_weight is None else np.asarray(sample_weight, float)
        w = w * len(w) / w.sum()
        self.classes_ = np.array([0, 1])
        self.n_features_in_ = X.shape[1]
        signs = self._signs(X.shape[1])
        penalty = np.ones(X.shape[1]) if self.penalty is None else np.array(self.penalty, float)
        if len(penalty) != X.shape[1]:
            raise ValueError(f"{len(penalty)} penalties for {X.shape[1]} signals")
        if self.prior is not None:
            return self._adapt(X, y, w, signs, penalty)
        # A column that never applied (all NaN) is typical at 0 and gets no weight.
        applies = ~np.isnan(X).all(axis=0)
        self.reference_ = np.zeros(X.shape[1])
        self.reference_[applies] = np.nanmedian(X[:, applies], axis=0)
        filled = np.where(np.isnan(X), self.reference_, X)
        self.low_, self.high_ = filled.min(axis=0), filled.max(axis=0)
        Z = self._shaped(X)
        self.mean_ = np.average(Z, axis=0, weights=w)
        spread = np.sqrt(np.average((Z - self.mean_) ** 2, axis=0, weights=w))
        self.scale_ = np.where(spread > 1e-12, spread, 1.0)
        S = (Z - self.mean_) / self.scale_

        # Calibration from decisions on rows each inner fit did not see.
        decisions = np.zeros(len(y))
        folds = StratifiedKFold(self.cv, shuffle=True, random_state=self.random_state)
        for train, test in folds.split(S, y):
            coef, intercept = fit_logistic(S[train], y[train], w[train], self.C, signs, penalty)
            decisions[test] = S[test] @ coef + intercept
        a, b = platt(decisions, y, w)
        coef, intercept = fit_logistic(S, y, w, self.C, signs, penalty)
        self.coef_ = coef
        self.slope_ = a * coef / self.scale_
        shaped_reference = signed_log1p(self.reference_)
        self.intercept_ = (
            a * (intercept + float(coef @ ((shaped_reference - self.mean_) / self.scale_))) + b
        )
        return self

    def _adapt(
        self, X: np.ndarray, y: np.ndarray, w: np.ndarray, signs: np.ndarray, penalty: np.ndarray
    ):  # type: ignore[no-untyped-def]
        """Fit held to ``prior``: the base's measuring stick, weights pulled toward its own."""
        prior = self.prior
        assert prior is not None
        if len(prior.coef) != X.shape[1]:
            raise ValueError(f"a prior of {len(prior.coef)} signals for {X.shape[1]} columns")
        self.reference_, self.low_, self.high_ = prior.reference, prior.low, prior.high
        self.mean_, self.scale_ = prior.mean, prior.scale
        # A base weight on the wrong side of a bound (a direction changed since) starts at it.
        centre = np.where(signs < 0, np.minimum(prior.coef, 0.0), prior.coef)
        centre = np.where(signs > 0, np.maximum(centre, 0.0), centre)
        # Standardised distances from the reference: a point is coef * D, as scored.
        D = (self._shaped(X) - signed_log1p(self.reference_)) / self.scale_
        origin = float(prior.coef @ ((signed_log1p(self.reference_) - self.mean_) / self.scale_))
        coef, intercept = fit_capped(
            D, y, w, self.C, signs, penalty, centre, prior.intercept + origin, self.max_points
        )
        self.coef_ = coef
        self.slope_ = coef / self.scale_
        self.intercept_ = intercept
        return self

    def points(self, X: np.ndarray) -> np.ndarray:
        """Per-signal contributions to the calibrated logit, one row per article."""
        check_is_fitted(self, "slope_")
        raw = self.slope_ * (
            self._shaped(np.atleast_2d(np.asarray(X, float))) - signed_log1p(self.reference_)
        )
        return np.clip(raw, -self.max_points, self.max_points)

    def decision_function(self, X: np.ndarray) -> np.ndarray:
        return self.intercept_ + self.points(X).sum(axis=1)

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        p = expit(self.decision_function(X))
        return np.column_stack([1 - p, p])

    def predict(self, X: np.ndarray) -> np.ndarray:
        return (self.decision_function(X) >= 0).astype(int)

    def __sklearn_tags__(self):  # type: ignore[no-untyped-def]
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = True
        return tags
