"""Fitting, source-disjoint evaluation and saving, for `credibility train` and `make model`."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from credibility.defaults import SEED
from credibility.errors import InvalidInputError
from credibility.faults import hold
from credibility.model import save_model
from credibility.pipeline import (
    CALIBRATIONS,
    DEFAULT_C,
    MAX_POINTS,
    MEASURE_SHRINK,
    build_pipeline,
    fit_on_signals,
    is_linear,
    linear_form,
    penalties,
)
from credibility.training import evaluate, lodo, report
from credibility.training.cache import signal_matrix
from credibility.training.data import (
    Columns,
    contents,
    documents,
    fingerprint,
    load,
    sample_weights,
)
from credibility.training.modelcard import card_markdown

log = logging.getLogger(__name__)
# Rows of one source that count in full; more share that weight (no outlet dominates).
WEIGHT_CAP = 30


@dataclass
class Options:
    estimator: str = "logreg"
    calibration: str = "auto"  # auto: the one with the lower out-of-fold Brier score
    seed: int = SEED
    folds: int = 5
    force: bool = False
    cache_dir: Path | None = None  # None: no cache
    bootstrap: int = evaluate.BOOTSTRAP
    baselines: bool = True
    weight_cap: int = WEIGHT_CAP  # rows of one source that count in full
    target_precision: float = evaluate.TARGET_PRECISION  # of the low and credible bands
    C: float = DEFAULT_C
    max_points: float = MAX_POINTS
    measure_shrink: float = MEASURE_SHRINK

    def settings(self) -> dict[str, Any]:
        """The linear model's settings, as the card records them."""
        return {
            "C": self.C,
            "max_points": self.max_points,
            "penalties": penalties(self.measure_shrink),
        }

    def pipeline(self, calibration: str = "sigmoid"):  # type: ignore[no-untyped-def]
        return build_pipeline(
            self.estimator,
            calibration,
            C=self.C,
            seed=self.seed,
            max_points=self.max_points,
            measure_shrink=self.measure_shrink,
        )


def refuse_existing(out: str | Path, force: bool) -> None:
    if Path(out).exists() and not force:
        raise InvalidInputError(f"{out} exists; pass --force to replace it")


def fit_evaluate_save(
    frame: pd.DataFrame,
    X: np.ndarray,
    out: str | Path,
    options: Options,
    card: dict[str, Any],
    subsets: dict[str, np.ndarray] | None = None,
    extra_files: dict[str, str | bytes] | None = None,
    vocab: lodo.Vocabulary | None = None,
    shift: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
) -> tuple[Path, dict[str, Any]]:
    """Grouped CV (calibration chosen by it), leave-one-dataset-out where there are several
    datasets (bands chosen by it), baselines, final fit, report, save. ``shift(thresholds)``
    adds measures of subject shift to the card's metrics (leave-one-topic-out, rated pages)."""
    y = frame["y"].to_numpy()
    groups = evaluate.groups_for(frame)
    weight = sample_weights(groups, y, options.weight_cap)
    splits = evaluate.folds(y, groups, options.folds, options.seed)

    # The linear model is always Platt-calibrated (that keeps its points exact).
    if options.estimator == "logreg":
        methods: tuple[str, ...] = ("sigmoid",)
    else:
        methods = CALIBRATIONS if options.calibration == "auto" else (options.calibration,)
    oof = {m: calibrated_oof(X, y, weight, splits, options, m) for m in methods}
    brier = {m: evaluate.point_metrics(y, p)["brier"] for m, p in oof.items()}
    method = min(brier, key=brier.get)
    p = oof[method]

    def measured(mask: np.ndarray | slice = slice(None), q: np.ndarray = p) -> dict[str, Any]:
        return evaluate.metrics(y[mask], q[mask], groups[mask], options.seed, options.bootstrap)

    headline = {"model": measured()}
    for name, mask in (subsets or {}).items():
        headline[f"model, {name}"] = measured(mask)
    if options.baselines:
        headline[report.MAJORITY] = measured(q=evaluate.majority_baseline(y, splits))
        headline["TF-IDF + logistic regression"] = measured(
            q=evaluate.tfidf_baseline(contents(frame), y, splits)
        )
    frame = frame.assign(_group=groups)
    evaluation = {
        "cv": f"GroupKFold({len(splits)}) by source (group column, else URL domain, else "
        "near-duplicate text clusters), out-of-fold predictions",
        "bootstrap": options.bootstrap,
        "calibration_brier": {k: round(v, 4) for k, v in brier.items()},
        "headline": headline,
        "per_dataset": evaluate.table(frame, y, p, "dataset"),
        "per_group": evaluate.table(frame, y, p, "_group"),
    }
    real = (frame["dataset"] != lodo.COMPOSED).to_numpy()
    held_out = None
    if len(set(frame.loc[real, "dataset"])) >= 2:
        held_out = lodo.predictions(frame, X, weight, fitted_predict(options, method), vocab)
        thresholds, evaluation["lodo"] = lodo.banded(frame, held_out, options.target_precision)
    else:
        thresholds = evaluate.thresholds(y, p, options.target_precision)
    pipeline = fit_on_signals(options.pipeline(method), X, y, weight)
    card = {
        **card,
        "estimator": options.estimator,
        **({"settings": options.settings()} if options.estimator == "logreg" else {}),
        "calibration": method,
        "explanations": "exact" if is_linear(pipeline) else "approximate",
        "thresholds": thresholds,
        "metrics": {
            "cv": evaluation["cv"],
            **{k: flat(v) for k, v in headline.items()},
            "intervals": headline,
            "per_dataset": evaluation["per_dataset"],
            **({"lodo": evaluation["lodo"]} if "lodo" in evaluation else {}),
            **(shift(thresholds) if shift is not None else {}),
        },
    }
    name = Path(out).name
    files: dict[str, str | bytes] = {
        "MODEL_CARD.md": card_markdown(name, card),
        "report.md": report.markdown(name, card, evaluation),
        **report.plots(y, p, signal_weights(pipeline, X, y, options.seed), thresholds),
        **(extra_files or {}),
    }
    hold("train-save")
    path = save_model(pipeline, out, card, force=options.force, extra_files=files)
    return path, card


def fitted_predict(options: Options, method: str):  # type: ignore[no-untyped-def]
    """fit_predict(X_train, y_train, w_train, X_test) -> P(credible) of the test rows."""

    def fit_predict(X_train, y_train, w_train, X_test):  # type: ignore[no-untyped-def]
        pipeline = fit_on_signals(options.pipeline(method), X_train, y_train, w_train)
        return pipeline[1:].predict_proba(X_test)[:, 1]

    return fit_predict


def calibrated_oof(
    X: np.ndarray, y: np.ndarray, weight: np.ndarray, splits, options: Options, method: str
) -> np.ndarray:  # type: ignore[no-untyped-def]
    """Out-of-fold P(credible) of the configured estimator with one calibration method."""
    return evaluate.out_of_fold(fitted_predict(options, method), X, y, splits, weight)


def flat(m: dict[str, Any]) -> dict[str, Any]:
    """Headline metrics as plain numbers (the intervals are kept alongside)."""
    return {k: (v["value"] if isinstance(v, dict) else v) for k, v in m.items()}


def signal_weights(pipeline, X: np.ndarray, y: np.ndarray, seed: int) -> dict[str, float]:  # type: ignore[no-untyped-def]
    names = list(pipeline.named_steps["signals"].get_feature_names_out())
    if is_linear(pipeline):
        form = linear_form(pipeline)
        spread = form.points(X).std(axis=0)
        return dict(zip(names, spread * np.sign(form.slope), strict=True))
    from sklearn.inspection import permutation_importance

    found = permutation_importance(
        pipeline[1:], X, y, n_repeats=3, random_state=seed, scoring="neg_log_loss"
    )
    return dict(zip(names, found.importances_mean, strict=True))


def train(
    paths: list[str], out: str, columns: Columns | None = None, options: Options | None = None
) -> tuple[Path, dict[str, Any]]:
    """`credibility train`: read, validate, evaluate source-disjoint, fit, save."""
    options = options or Options()
    refuse_existing(out, options.force)
    prepared = load(paths, columns or Columns())
    X = signal_matrix(documents(prepared.frame), options.cache_dir)
    counts = prepared.counts()
    card: dict[str, Any] = {
        "description": f"Model trained with `credibility train` on {', '.join(map(str, paths))}",
        "training": {
            "data": [Path(p).name for p in paths],
            **counts,
            "rejected_reasons": prepared.rejected["reason"].value_counts().to_dict(),
            "label_spellings": prepared.label_spellings,
            "fingerprint": fingerprint(prepared.frame, ["text", "html", "title", "url", "y"]),
            "composed_share": 0.0,
        },
    }
    rejected = prepared.rejected.rename(columns={"_file": "file", "_row": "row"})
    return fit_evaluate_save(
        prepared.frame,
        X,
        out,
        options,
        card,
        extra_files={"rejected.csv": rejected.to_csv(index=False)},
    )
