"""Evaluation that does not flatter: grouped out-of-fold predictions, intervals, baselines.

Every figure comes from predictions for rows whose group (source, domain, or cluster of
near-duplicate texts) the model never saw in training.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

import numpy as np
import pandas as pd

from credibility.labels import Label
from credibility.reputation.domains import host_of, registered_domain
from credibility.training.data import contents, documents, load

BOOTSTRAP = 1000
ECE_BINS = 10
TARGET_PRECISION = 0.8  # a band is only as wide as its precision on out-of-fold predictions
# The narrowest uncertain zone between the bands: an article is not called credible or low
# on a probability this close to a coin toss.
MIN_UNCERTAIN = 0.1
MIN_BAND_ROWS = 10  # a band edge needs this many rows beyond it to measure its precision
OPENING_WORDS = 12  # texts sharing their first words are one cluster (syndicated copies)
WORD = re.compile(r"[a-z0-9]+")


def groups_for(frame: pd.DataFrame) -> np.ndarray:
    """Per row: its group column, else its URL's site (the registrable domain, as
    leave-one-dataset-out and the reputation table read it: 'm.nytimes.com' and
    'nytimes.com' are one site), else its near-duplicate cluster."""
    out = []
    rows = zip(frame["group"], frame["url"], contents(frame), strict=True)
    for group, url, content in rows:
        site = registered_domain(host_of(url)) if url and not group else ""
        if group:
            out.append(f"group:{group}")
        elif site:
            out.append(f"domain:{site}")
        else:
            opening = " ".join(WORD.findall(content.lower())[:OPENING_WORDS])
            out.append("text:" + hashlib.sha1(opening.encode()).hexdigest()[:16])
    return np.asarray(out)


def folds(
    y: np.ndarray, groups: np.ndarray, n: int, seed: int
) -> list[tuple[np.ndarray, np.ndarray]]:
    from sklearn.model_selection import GroupKFold

    n = min(n, len(set(groups)))
    if n < 2:
        raise ValueError("need at least two groups for a source-disjoint evaluation")
    splitter = GroupKFold(n_splits=n, shuffle=True, random_state=seed)
    return list(splitter.split(np.zeros(len(y)), y, groups))


def out_of_fold(
    fit_predict, X: Any, y: np.ndarray, splits, weight: np.ndarray | None = None
) -> np.ndarray:  # type: ignore[no-untyped-def]
    """P(credible) per row from ``fit_predict(X_train, y_train, X_test)`` over the splits;
    with ``weight``, ``fit_predict(X_train, y_train, w_train, X_test)``."""
    oof = np.zeros(len(y))
    for train_idx, test_idx in splits:
        if len(set(y[train_idx])) < 2:  # a fold with one class: predict its prior
            oof[test_idx] = float(y[train_idx].mean())
            continue
        train = (take(X, train_idx), y[train_idx])
        if weight is not None:
            train = (*train, weight[train_idx])
        oof[test_idx] = fit_predict(*train, take(X, test_idx))
    return oof


def take(X: Any, idx: np.ndarray) -> Any:
    return X.iloc[idx] if isinstance(X, pd.Series | pd.DataFrame) else X[idx]


def ece(y: np.ndarray, p: np.ndarray, bins: int = ECE_BINS) -> float:
    """Expected calibration error over equal-width probability bins."""
    edges = np.linspace(0, 1, bins + 1)
    index = np.clip(np.digitize(p, edges[1:-1]), 0, bins - 1)
    total = 0.0
    for b in range(bins):
        mask = index == b
        if mask.any():
            total += mask.mean() * abs(y[mask].mean() - p[mask].mean())
    return float(total)


def point_metrics(y: np.ndarray, p: np.ndarray) -> dict[str, float]:
    """Macro-F1 at 0.5, ROC-AUC, Brier and ECE in plain numpy: the bootstrap calls this a
    thousand times per table row, where scikit-learn's checks cost more than the sums.
    tests/test_training.py checks the figures against scikit-learn's."""
    from scipy.stats import rankdata

    y = np.asarray(y, dtype=int)
    predicted = p >= 0.5
    f1 = []
    for cls in (0, 1):
        truth, guess = y == cls, predicted == bool(cls)
        tp = float(np.sum(truth & guess))
        denominator = truth.sum() + guess.sum()
        f1.append(2 * tp / denominator if denominator else 0.0)
    positives = int(y.sum())
    negatives = len(y) - positives
    if positives and negatives:
        ranks = rankdata(p)
        auc = (ranks[y == 1].sum() - positives * (positives + 1) / 2) / (positives * negatives)
    else:
        auc = float("nan")
    return {
        "macro_f1": float(np.mean(f1)),
        "roc_auc": float(auc),
        "brier": float(np.mean((y - p) ** 2)),
        "ece": ece(y, p),
    }


def metrics(
    y: np.ndarray,
    p: np.ndarray,
    groups: np.ndarray | None = None,
    seed: int = 0,
    bootstrap: int = BOOTSTRAP,
) -> dict[str, Any]:
    """Each metric with a 95% interval from a bootstrap over groups (rows when none)."""
    point = point_metrics(y, p)
    out: dict[str, Any] = {"n": len(y)}
    if bootstrap and len(y) >= 10:
        rng = np.random.default_rng(seed)
        keys = groups if groups is not None else np.arange(len(y))
        unique, inverse = np.unique(keys, return_inverse=True)
        members = [np.flatnonzero(inverse == g) for g in range(len(unique))]
        draws: dict[str, list[float]] = {k: [] for k in point}
        for _ in range(bootstrap):
            picked = rng.integers(0, len(unique), len(unique))
            idx = np.concatenate([members[g] for g in picked])
            if len(set(y[idx])) < 2:
                continue
            for k, v in point_metrics(y[idx], p[idx]).items():
                draws[k].append(v)
        for k, v in point.items():
            low, high = np.percentile(draws[k], [2.5, 97.5]) if draws[k] else (np.nan, np.nan)
            out[k] = {
                "value": round(v, 4),
                "low": round(float(low), 4),
                "high": round(float(high), 4),
            }
    else:
        out.update({k: {"value": round(v, 4)} for k, v in point.items()})
    return out


def table(
    frame: pd.DataFrame, y: np.ndarray, p: np.ndarray, by: str, limit: int = 30
) -> list[dict[str, Any]]:
    """Per group or dataset: rows, credible share, mean prediction, accuracy, macro-F1."""
    rows = []
    for name, idx in frame.groupby(by).indices.items():
        yy, pp = y[idx], p[idx]
        rows.append(
            {
                by: str(name),
                "n": len(idx),
                "credible_share": round(float(yy.mean()), 4),
                "mean_prediction": round(float(pp.mean()), 4),
                "accuracy": round(float(((pp >= 0.5) == yy).mean()), 4),
                "macro_f1": round(point_metrics(yy, pp)["macro_f1"], 4),
            }
        )
    rows.sort(key=lambda r: -r["n"])
    return rows[:limit]


def thresholds(y: np.ndarray, p: np.ndarray, target: float = TARGET_PRECISION) -> dict[str, Any]:
    """Band edges on held-out predictions: "credible" from the lowest threshold whose
    credible precision reaches ``target``, "low" below the highest threshold whose
    not-credible precision does. Where no threshold reaches it, the band goes to the
    threshold with the best precision (a narrow band that accuses as few as it can), and
    ``chosen_on`` says so. The bands keep an uncertain zone at least MIN_UNCERTAIN wide
    around 0.5 between them."""
    credible_at = np.round(np.linspace(0.5 + MIN_UNCERTAIN / 2, 0.95, 41), 2)
    low_at = np.round(np.linspace(0.5 - MIN_UNCERTAIN / 2, 0.05, 41), 2)

    def precision(mask: np.ndarray, truth: np.ndarray) -> float:
        return float(truth[mask].mean()) if mask.sum() >= MIN_BAND_ROWS else -1.0

    credible_precision = [precision(p >= t, y == 1) for t in credible_at]
    low_precision = [precision(p < t, y == 0) for t in low_at]
    reached = []
    edges = {}
    for band, at, found in (
        (Label.CREDIBLE, credible_at, credible_precision),
        (Label.LOW, low_at, low_precision),
    ):
        hit = next((i for i, v in enumerate(found) if v >= target), None)
        reached.append(hit is not None)
        # Ties in the fallback go to the widest band (the first candidate).
        edges[band] = float(at[hit if hit is not None else int(np.argmax(found))])
    return {
        **edges,
        "target_precision": target,
        "precision": {
            "credible": round(credible_precision[list(credible_at).index(edges["credible"])], 4),
            "low": round(low_precision[list(low_at).index(edges["low"])], 4),
        },
        "chosen_on": "out-of-fold predictions"
        if all(reached)
        else "out-of-fold predictions; target not reached for "
        + " and ".join(
            b for b, r in zip((Label.CREDIBLE, Label.LOW), reached, strict=True) if not r
        )
        + ": best precision instead",
    }


def tfidf_baseline(texts: pd.Series, y: np.ndarray, splits) -> np.ndarray:  # type: ignore[no-untyped-def]
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    def fit_predict(train, y_train, test):  # type: ignore[no-untyped-def]
        model = make_pipeline(
            TfidfVectorizer(sublinear_tf=True, min_df=2, max_features=200_000),
            LogisticRegression(max_iter=1000),
        )
        return model.fit(train, y_train).predict_proba(test)[:, 1]

    return out_of_fold(fit_predict, texts, y, splits)


def majority_baseline(y: np.ndarray, splits) -> np.ndarray:  # type: ignore[no-untyped-def]
    oof = np.zeros(len(y))
    for train_idx, test_idx in splits:
        oof[test_idx] = float(y[train_idx].mean())
    return oof


def assess(model, paths: list[str], columns, cache_dir) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """`credibility evaluate`: a saved model's metrics on any labelled file."""
    from credibility.training.cache import signal_matrix

    prepared = load(paths, columns, min_per_class=1)
    frame = prepared.frame
    X = signal_matrix(documents(frame), cache_dir)
    y = frame["y"].to_numpy()
    p = model.pipeline[1:].predict_proba(X)[:, 1]
    groups = groups_for(frame)
    out = metrics(y, p, groups)
    return {
        "model": model.name,
        **{k: (v["value"] if isinstance(v, dict) else v) for k, v in out.items()},
        "intervals": {k: v for k, v in out.items() if isinstance(v, dict)},
        "rejected": len(prepared.rejected),
        "per_dataset": table(frame, y, p, "dataset"),
        "per_group": table(frame.assign(group=groups), y, p, "group"),
    }
