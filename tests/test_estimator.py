"""SignedLogisticRegression: the estimator contract, sign bounds, clipping and the cap."""

import pickle

import numpy as np
import pytest
from sklearn.base import clone

from credibility.estimator import SignedLogisticRegression, fit_logistic, platt


def data(n: int = 400, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.exponential(1.0, size=(n, 3))
    # Column 0 raises credibility, column 1 lowers it, column 2 is noise.
    logit = 1.5 * np.log1p(X[:, 0]) - 1.5 * np.log1p(X[:, 1])
    y = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(int)
    return X, y


def test_coefficients_keep_their_declared_signs():
    X, y = data()
    # Declared against the data on purpose: the bounds must win over the fit.
    model = SignedLogisticRegression(("lowers", "raises", "either"), C=1.0).fit(X, y)
    assert model.coef_[0] <= 0.0
    assert model.coef_[1] >= 0.0
    free = SignedLogisticRegression(("either", "either", "either"), C=1.0).fit(X, y)
    assert free.coef_[0] > 0.1 and free.coef_[1] < -0.1


def test_points_sum_to_the_logit_and_nan_scores_zero():
    X, y = data()
    model = SignedLogisticRegression(("raises", "lowers", "either"), C=1.0).fit(X, y)
    row = np.array([[2.0, np.nan, 0.5]])
    points = model.points(row)[0]
    assert points[1] == 0.0
    p = model.predict_proba(row)[0, 1]
    assert np.log(p / (1 - p)) == pytest.approx(model.intercept_ + points.sum())


def test_values_are_clipped_to_the_training_range_and_points_capped():
    X, y = data()
    model = SignedLogisticRegression(("raises", "lowers", "either"), C=10.0, max_points=0.5)
    model.fit(X, y)
    at_max = model.points(np.array([[X[:, 0].max(), 0, 0]]))[0, 0]
    beyond = model.points(np.array([[1e9, 0, 0]]))[0, 0]
    assert beyond == at_max
    assert np.abs(model.points(X)).max() <= 0.5


def test_calibration_never_flips_a_sign():
    f = np.linspace(-3, 3, 200)
    y = (f < 0).astype(int)  # decisions that point the wrong way
    a, _b = platt(f, y, np.ones_like(f))
    assert a == 0.0


def test_weighted_fit_matches_repeated_rows():
    X, y = data(100)
    signs = np.zeros(3)
    twice = fit_logistic(np.vstack([X, X[:10]]), np.r_[y, y[:10]], np.ones(110), 1.0, signs)
    weighted = fit_logistic(X, y, np.r_[np.full(10, 2.0), np.ones(90)], 1.0, signs)
    assert np.allclose(twice[0], weighted[0], atol=1e-4)


def test_a_column_without_penalty_is_not_shrunk():
    X, y = data()
    # Under strong shrinkage the weights fall towards 0, except an unpenalised column's.
    shrunk = SignedLogisticRegression(("raises", "lowers", "either"), C=1e-4).fit(X, y)
    free = SignedLogisticRegression(
        ("raises", "lowers", "either"), C=1e-4, penalty=(0.0, 1.0, 1.0)
    ).fit(X, y)
    assert abs(shrunk.coef_[0]) < 0.05 and abs(shrunk.coef_[1]) < 0.05
    assert free.coef_[0] > 0.5 and abs(free.coef_[1]) < 0.05
    # A harder penalty shrinks a column further than the plain one.
    harder = SignedLogisticRegression(
        ("raises", "lowers", "either"), C=1.0, penalty=(1.0, 100.0, 1.0)
    ).fit(X, y)
    plain = SignedLogisticRegression(("raises", "lowers", "either"), C=1.0).fit(X, y)
    assert abs(harder.coef_[1]) < abs(plain.coef_[1]) / 2


def test_wrong_number_of_penalties_is_refused():
    X, y = data()
    with pytest.raises(ValueError, match="2 penalties for 3 signals"):
        SignedLogisticRegression(("raises", "lowers", "either"), penalty=(1.0, 1.0)).fit(X, y)


def test_clone_and_pickle_round_trip():
    X, y = data()
    model = SignedLogisticRegression(("raises", "lowers", "either")).fit(X, y)
    assert clone(model).get_params() == model.get_params()
    restored = pickle.loads(pickle.dumps(model))
    assert np.array_equal(restored.predict_proba(X), model.predict_proba(X))


def test_wrong_number_of_directions_is_refused():
    X, y = data()
    with pytest.raises(ValueError, match="2 directions for 3 signals"):
        SignedLogisticRegression(("raises", "lowers")).fit(X, y)


def test_defaults_are_the_models_and_the_bundled_model_stores_its_own():
    import joblib

    from credibility import model

    params = SignedLogisticRegression().get_params()
    assert (params["C"], params["max_points"]) == (model.DEFAULT_C, model.MAX_POINTS)
    assert (model.DEFAULT_C, model.MAX_POINTS) == (0.003, 2.5)
    pipeline = joblib.load(model.models_root() / "default" / model.ARTIFACT)
    stored = pipeline.steps[-1][1]
    assert isinstance(stored, SignedLogisticRegression)
    assert (vars(stored)["C"], vars(stored)["max_points"]) == (0.003, 2.5)
    # Markers 1, measures 10, and the vocabulary (a stacked text model) not shrunk.
    penalty = dict(zip(pipeline[0].signals, stored.penalty, strict=True))
    assert penalty["vocabulary_lean"] == 0.0
    assert penalty["blurb_self_introduction"] == 1.0
    assert penalty["style_quotation_rate"] == penalty["date_present"] == 10.0


def test_a_prior_pulls_toward_the_base_weights_and_keeps_its_measuring_stick():
    from credibility.estimator import Prior

    X, y = data()
    directions = ("raises", "lowers", "either")
    base = SignedLogisticRegression(directions, C=1.0).fit(X, y)
    # Rows where column 0 says nothing and column 2 raises credibility: a new site's habits.
    rng = np.random.default_rng(1)
    Xn = rng.exponential(1.0, size=(60, 3))
    yn = (Xn[:, 2] > np.median(Xn[:, 2])).astype(int)
    held = SignedLogisticRegression(directions, C=1e-4, prior=Prior.of(base)).fit(Xn, yn)
    moved = SignedLogisticRegression(directions, C=10.0, prior=Prior.of(base)).fit(Xn, yn)
    before, near, far = (Prior.of(m).coef for m in (base, held, moved))
    # A strong prior stays at the base; a weak one moves toward the new rows, never past a sign.
    assert near == pytest.approx(before, abs=0.02)
    assert far[2] > before[2] + 0.3
    assert far[0] >= 0.0 and far[1] <= 0.0
    for kept in ("reference_", "low_", "high_", "mean_", "scale_"):
        assert np.array_equal(getattr(moved, kept), getattr(base, kept))
    # Without a Platt step the points still sum to the logit.
    p = moved.predict_proba(Xn[:1])[0, 1]
    assert np.log(p / (1 - p)) == pytest.approx(moved.intercept_ + moved.points(Xn[:1]).sum())


def test_a_prior_of_other_signals_is_refused_and_survives_clone_and_pickle():
    from credibility.estimator import Prior

    X, y = data()
    base = SignedLogisticRegression(("raises", "lowers", "either"), C=1.0).fit(X, y)
    adapted = SignedLogisticRegression(("raises", "lowers"), prior=Prior.of(base))
    with pytest.raises(ValueError, match="a prior of 3 signals for 2 columns"):
        adapted.fit(X[:, :2], y)
    twin = SignedLogisticRegression(("raises", "lowers", "either"), prior=Prior.of(base))
    copy = clone(twin).fit(X, y)
    again = pickle.loads(pickle.dumps(copy))
    assert np.array_equal(again.predict_proba(X), twin.fit(X, y).predict_proba(X))
