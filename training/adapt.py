"""Adapting a model to a user's labelled rows: `credibility train --from BASE data.csv`.

The base model is the prior. Its measuring stick (each signal's clipping range, reference and
standardisation) is kept, and the L2 term pulls each weight toward the base's calibrated
weight instead of toward 0 (estimator.Prior), so tens of reviews nudge what the model knows
instead of replacing it with what tens of rows can say. Directions, the per-signal cap and
the base's bands hold. It works from any linear model directory: it needs the base's card
and artifact, not its training rows.

Why the prior and not the base's training rows with the user's weighted up: both were
measured on the learning curve (benchmarks/adapt_curve.py --compare; docs/adapting.md).
The prior needs no data beyond the model directory (a user has the model, not the corpora it
was built from), fits in milliseconds, and was better at every size: mean held-out ROC-AUC
0.738 / 0.758 / 0.766 at 10 / 50 / 200 rows against 0.704 / 0.713 / 0.722 with the base's
rows kept and each of the user's counting 30 times (the base 0.700).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from credibility.errors import InvalidInputError
from credibility.estimator import Prior, SignedLogisticRegression
from credibility.faults import hold
from credibility.model import Model, load_model, save_model
from credibility.signals import SIGNAL_NAMES, lookup
from credibility.signals.base import MARKER
from credibility.training import evaluate, report
from credibility.training.cache import signal_matrix
from credibility.training.data import Columns, documents, fingerprint, load, sample_weights

log = logging.getLogger(__name__)

# How far the user's rows may move the weights: the data term's C against the pull toward the
# base's weights (the base itself is fitted with C 0.003 on 8,570 rows). Chosen on the
# learning curve (benchmarks/adapt_curve.py --compare, 2026-12-05, on the models/default of
# that day; docs/adapting.md): mean held-out ROC-AUC at 10 / 50 / 200
# rows 0.730 / 0.753 / 0.763 at C 0.1, 0.738 / 0.758 / 0.766 at 0.3, 0.740 / 0.757 / 0.764
# at 1, the base 0.700; the worst dataset at 10 rows -0.017, -0.036, -0.049 against the base.
# Letting the rows choose among 0.003-0.3 by folds of themselves (0.709 / 0.737 / 0.749) was
# worse than any fixed value from 0.1 up: a few rows' folds are too noisy to choose by.
ADAPT_C = 0.3
# How hard each weight is held, by its signal's kind. "markers" (the choice): markers (the
# blurbs, the theme furniture, the genres) 10 times harder than measures and the stacked
# vocabulary. The base learned the markers from thousands of composed pages a user's reviews
# seldom hold; held like the rest, a few credible AllSides or BuzzFeed rows that tripped
# one set it to 0 (the seed page lost part of its evidence in 2 of 150 adaptations on the
# curve, none held so, at no cost in ROC-AUC). The base's own shares ("kinds": measures 10
# times harder, for the corpora's house styles are a weak guide to other sites) lost 0.012-0.020
# mean ROC-AUC: the user's rows are from the very sites the model is for. "even": all alike.
SHARES = ("markers", "even", "kinds")
MARKER_HOLD = 10.0
# Fewer rows than `credibility train` needs (20 a class): the prior carries the rest, and
# the learning curve starts at 5 a class. Below that a fold of the evaluation has no class.
MIN_PER_CLASS = 5
LARGEST_CHANGES = 10


def base_classifier(base: Model) -> SignedLogisticRegression:
    """The base's fitted linear classifier; a non-linear base cannot be a prior."""
    if not base.exact:
        raise InvalidInputError(
            f"{base.name}: --from needs a linear (logreg) model to adapt; this one is "
            f"{base.card.get('estimator', 'not linear')}"
        )
    return base.pipeline.named_steps["classify"]


def adapter(
    base: SignedLogisticRegression,
    names: Sequence[str],
    C: float = ADAPT_C,
    shares: str = "markers",
) -> SignedLogisticRegression:
    """An unfitted classifier that adapts ``base`` (whose signals are ``names``) to the rows
    it is fitted on."""
    if shares not in SHARES:
        raise ValueError(f"shares: one of {SHARES}, not {shares!r}")
    if shares == "kinds" and base.penalty is not None:
        penalty: tuple[float, ...] | None = tuple(max(p, 1.0) for p in base.penalty)
    elif shares == "markers":
        penalty = tuple(MARKER_HOLD if s.kind == MARKER else 1.0 for s in lookup(names))
    else:
        penalty = None
    return SignedLogisticRegression(
        directions=base.directions,
        C=C,
        max_points=base.max_points,
        cv=base.cv,
        random_state=base.random_state,
        penalty=penalty,
        prior=Prior.of(base),
    )


def fitted_adapter(  # type: ignore[no-untyped-def]
    base: SignedLogisticRegression,
    names: Sequence[str],
    C: float = ADAPT_C,
    shares: str = "markers",
):
    """fit_predict(X_train, y_train, w_train, X_test) -> P(credible), adapting ``base``."""

    def fit_predict(X_train, y_train, w_train, X_test):  # type: ignore[no-untyped-def]
        model = adapter(base, names, C, shares).fit(X_train, y_train, sample_weight=w_train)
        return model.predict_proba(X_test)[:, 1]

    return fit_predict


def weight_changes(
    base: SignedLogisticRegression,
    adapted: SignedLogisticRegression,
    names: list[str],
    top: int = LARGEST_CHANGES,
) -> list[dict[str, Any]]:
    """The largest moves, in points per standard deviation of the signal on the base's
    training rows (slope * scale: comparable across signals), the intercept first."""
    before = Prior.of(base)
    after = Prior.of(adapted)
    moved = [
        {"signal": n, "base": round(float(b), 4), "adapted": round(float(a), 4)}
        for n, b, a in zip(names, before.coef, after.coef, strict=True)
    ]
    moved.sort(key=lambda r: -abs(r["adapted"] - r["base"]))
    moved = [r | {"change": round(r["adapted"] - r["base"], 4)} for r in moved[:top]]
    # The intercept as explanations show it: the logit of a page typical in every signal.
    intercept = {"signal": "(intercept)", "base": round(float(base.intercept_), 4)}
    intercept["adapted"] = round(float(adapted.intercept_), 4)
    intercept["change"] = round(float(adapted.intercept_ - base.intercept_), 4)
    return [intercept, *moved]


def columns_of(names: list[str]) -> list[int]:
    """Where the base's signals sit in the extracted matrix (load_model checked they exist)."""
    index = {name: i for i, name in enumerate(SIGNAL_NAMES)}
    return [index[name] for name in names]


def adapt(
    paths: list[str],
    out: str | Path,
    base_name: str | Path,
    columns: Columns | None = None,
    options: Any = None,
) -> tuple[Path, dict[str, Any]]:
    """`credibility train --from BASE`: read and validate as `train` does, measure the
    adaptation on source-disjoint folds of the user's rows beside the base, fit, save."""
    from credibility.training.modelcard import card_markdown
    from credibility.training.train import Options, flat, refuse_existing

    options = options or Options()
    refuse_existing(out, options.force)
    base = load_model(base_name)
    classifier = base_classifier(base)
    if options.estimator != "logreg":
        raise InvalidInputError("--from adapts the base's linear model; leave out --estimator")
    prepared = load(paths, columns or Columns(), min_per_class=MIN_PER_CLASS)
    frame = prepared.frame
    names = list(base.card["signals"])
    X = signal_matrix(documents(frame), options.cache_dir)[:, columns_of(names)]
    y = frame["y"].to_numpy()
    groups = evaluate.groups_for(frame)
    weight = sample_weights(groups, y, options.weight_cap)
    splits = evaluate.folds(y, groups, options.folds, options.seed)
    held_out = evaluate.out_of_fold(fitted_adapter(classifier, names), X, y, splits, weight)
    before = classifier.predict_proba(X)[:, 1]

    def measured(p: np.ndarray) -> dict[str, Any]:
        return evaluate.metrics(y, p, groups, options.seed, options.bootstrap)

    headline = {"adapted": measured(held_out), f"base {base.name}": measured(before)}
    fitted = adapter(classifier, names).fit(X, y, sample_weight=weight)
    pipeline = base.pipeline
    pipeline.steps[-1] = ("classify", fitted)
    counts = prepared.counts()
    thresholds = dict(base.card["thresholds"])
    thresholds["chosen_on"] = f"{thresholds.get('chosen_on', 'the base model')}; kept from "
    thresholds["chosen_on"] += f"{base.name} (a few rows cannot place bands)"
    frame = frame.assign(_group=groups)
    card: dict[str, Any] = {
        "description": f"{base.name} adapted with `credibility train --from` to "
        f"{', '.join(map(str, paths))}",
        "training": {
            "data": [Path(p).name for p in paths],
            **counts,
            "rejected_reasons": prepared.rejected["reason"].value_counts().to_dict(),
            "label_spellings": prepared.label_spellings,
            "fingerprint": fingerprint(frame, ["text", "html", "title", "url", "y"]),
            "composed_share": 0.0,
        },
        "adapted_from": {
            "model": base.name,
            "path": str(base.path),
            "sha256": base.card["sha256"],
            "training_fingerprint": base.card.get("training", {}).get("fingerprint"),
            "rows": counts["rows"],
            "prior": "weights held to the base's calibrated weights (L2 toward them, C "
            f"{ADAPT_C:g}, markers held {MARKER_HOLD:g} times harder than the other signals); "
            "the base's clipping, reference, standardisation, directions, cap and bands kept",
            "largest_changes": weight_changes(classifier, fitted, names),
        },
        "estimator": "logreg",
        "settings": {
            **base.card.get("settings", {}),
            "C": ADAPT_C,
            "penalties": {"marker, toward the base's weight": MARKER_HOLD, "other": 1.0},
            "prior": base.name,
        },
        "calibration": "the base's (weights held to its calibrated weights)",
        "thresholds": thresholds,
        "metrics": {
            "cv": f"GroupKFold({len(splits)}) by source over the rows adapted on, each fold "
            f"adapted from {base.name} without it; the base scores the same rows",
            **{k: flat(v) for k, v in headline.items()},
            "model": flat(headline["adapted"]),
            "intervals": headline,
            "per_dataset": evaluate.table(frame, y, held_out, "dataset"),
        },
    }
    name = Path(out).name
    rejected = prepared.rejected.rename(columns={"_file": "file", "_row": "row"})
    files: dict[str, str | bytes] = {
        "MODEL_CARD.md": card_markdown(name, card),
        "report.md": markdown(name, card),
        "rejected.csv": rejected.to_csv(index=False),
    }
    hold("train-save")
    return save_model(pipeline, out, card, force=options.force, extra_files=files), card


def changes_lines(moved: list[dict[str, Any]]) -> list[str]:
    return [
        "| signal | base | adapted | change |",
        "|---|---|---|---|",
        *(f"| {r['signal']} | {r['base']} | {r['adapted']} | {r['change']:+} |" for r in moved),
    ]


def markdown(name: str, card: dict[str, Any]) -> str:
    """report.md of an adapted model: the user's rows, base against adapted, what moved."""
    adapted = card["adapted_from"]
    training = card["training"]
    return "\n".join(
        [
            f"# Adaptation report: {name}",
            "",
            f"Adapted from `{adapted['model']}` ({adapted['path']}) on {training['rows']} rows "
            f"({training['credible']} credible, {training['not_credible']} not credible; "
            f"fingerprint `{training['fingerprint']}`); set aside: {training['rejected']} "
            "(see rejected.csv).",
            "",
            adapted["prior"] + ".",
            "",
            "## On your rows, source-disjoint",
            "",
            card["metrics"]["cv"] + ".",
            "",
            *report.metrics_table(card["metrics"]["intervals"]),
            "",
            *(
                [report.bands_sentence(card["thresholds"]), ""]
                if "precision" in card["thresholds"]
                else []
            ),
            "## What moved",
            "",
            "Weights in points per standard deviation of the signal (on the base's training "
            "rows), largest changes first:",
            "",
            *changes_lines(adapted["largest_changes"]),
            "",
        ]
    )
