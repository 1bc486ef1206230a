"""Leave-one-dataset-out (LODO) evaluation: train on every dataset but one, score the one
left out. It is the figure that shows shift (outlets, topics and years a model never saw);
hyperparameters and bands are chosen by it, not by folds of the same corpora.

Composed pages count with the dataset of the story they wrap, so no held-out story is seen
inside a composed page; only real articles are scored.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from credibility.labels import Label
from credibility.training.evaluate import point_metrics, thresholds

COMPOSED = "composed"


@dataclass
class Vocabulary:
    """What rebuilding the vocabulary column per fold needs (None: keep the column)."""

    matrix: Any  # training.vocabulary.TermMatrix over every row of the frame
    column: int  # the vocabulary signal's column in X
    groups: np.ndarray
    folds: int
    seed: int
    min_sources: int
    C: float


def story_datasets(frame: pd.DataFrame) -> np.ndarray:
    """Each row's dataset; a composed page takes its story's."""
    own = frame["dataset"].to_numpy(dtype=object)
    if "story_dataset" not in frame.columns:
        return own
    return np.where(own == COMPOSED, frame["story_dataset"].to_numpy(dtype=object), own)


def vocabulary_column(
    vocab: Vocabulary,
    X: np.ndarray,
    y: np.ndarray,
    weight: np.ndarray,
    real: np.ndarray,
    train: np.ndarray,
    test: np.ndarray,
) -> np.ndarray:
    """X with the vocabulary column learned from ``train`` alone: out-of-fold on the
    training rows, from a lexicon of all training rows on the test rows."""
    from credibility.training.vocabulary import out_of_fold

    X = X.copy()
    X[train, vocab.column] = out_of_fold(
        vocab.matrix,
        real[train],
        y[train],
        vocab.groups[train],
        weight[train],
        vocab.folds,
        vocab.seed,
        vocab.min_sources,
    )
    X[test, vocab.column] = vocab.matrix.values(fold_lexicon(vocab, y, weight, real, train), test)
    return X


def fold_lexicon(
    vocab: Vocabulary, y: np.ndarray, weight: np.ndarray, real: np.ndarray, train: np.ndarray
) -> Any:
    """The lexicon of the real articles among ``train``."""
    learn = train[real[train]]
    return vocab.matrix.fit(
        learn, y[learn], vocab.groups[learn], weight[learn], vocab.min_sources, vocab.C
    )


def sites(frame: pd.DataFrame) -> np.ndarray:
    """Each row's site: the registrable domain of its URL ('suntimes.com' of
    'chicago.suntimes.com'), '' without one."""
    from credibility.reputation.domains import host_of, registered_domain

    return np.array([registered_domain(host_of(u or "")) for u in frame["url"]], dtype=object)


def predictions(
    frame: pd.DataFrame,
    X: np.ndarray,
    weight: np.ndarray,
    fit_predict: Callable[[np.ndarray, np.ndarray, np.ndarray, np.ndarray], np.ndarray],
    vocab: Vocabulary | None = None,
    composed: bool = False,
    disjoint_sites: bool = False,
    units: np.ndarray | None = None,
) -> np.ndarray:
    """P(credible) of every real row from a model that never saw its dataset; with
    ``composed``, of every composed page too (it goes with its story's dataset; else NaN:
    the tables are of real articles).

    With ``disjoint_sites`` the model has not seen any page of the held-out rows' sites
    either: several outlets are in two datasets (chicago.suntimes.com in AllSides and
    ReCOVery, politico.com in AllSides and BuzzFeed), and a model that learned an outlet's
    house style elsewhere has seen it. Rows without a URL have no site to hold out.
    ``units``: what is held out in turn instead of datasets (topic clusters, with composed
    pages in their story's; rows of unit -1 are never held out).
    ``fit_predict(X_train, y_train, w_train, X_test)``."""
    y = frame["y"].to_numpy()
    datasets = story_datasets(frame) if units is None else units
    real = (frame["dataset"] != COMPOSED).to_numpy()
    site = sites(frame) if disjoint_sites else None
    p = np.full(len(y), np.nan)
    for held_out in sorted(set(datasets[real]) - {-1}):
        test = np.flatnonzero(real & (datasets == held_out))
        others = datasets != held_out
        if site is not None:
            others &= ~np.isin(site, list(set(site[test]) - {""}))
        train = np.flatnonzero(others)
        if composed:
            test = np.flatnonzero(datasets == held_out)
        if len(set(y[train])) < 2:
            continue
        Xf = X if vocab is None else vocabulary_column(vocab, X, y, weight, real, train, test)
        p[test] = fit_predict(Xf[train], y[train], weight[train], Xf[test])
    return p


def banded(
    frame: pd.DataFrame, p: np.ndarray, target: float
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Bands chosen on the pooled held-out predictions, and the table measured with them."""
    y = frame["y"].to_numpy()
    scored = ~np.isnan(p)
    bands = thresholds(y[scored], p[scored], target)
    bands["chosen_on"] = bands["chosen_on"].replace("out-of-fold", "leave-one-dataset-out")
    return bands, table(frame, p, bands)


def band_precision(y: np.ndarray, p: np.ndarray, thresholds: dict[str, Any]) -> dict[str, Any]:
    """Of the rows banded low, the share truly not credible (and the same for credible)."""
    low, credible = p < thresholds[Label.LOW], p >= thresholds[Label.CREDIBLE]
    return {
        "low_precision": round(float((1 - y[low]).mean()), 4) if low.any() else None,
        "low_share": round(float(low.mean()), 4),
        "credible_precision": round(float(y[credible].mean()), 4) if credible.any() else None,
        "credible_share": round(float(credible.mean()), 4),
    }


def table(frame: pd.DataFrame, p: np.ndarray, thresholds: dict[str, Any]) -> list[dict[str, Any]]:
    """Per held-out dataset: rows, ROC-AUC, macro-F1 at 0.5, band precisions; then the mean."""
    y = frame["y"].to_numpy()
    datasets = frame["dataset"].to_numpy(dtype=object)
    rows = []
    for name in sorted(set(datasets[~np.isnan(p)])):
        idx = np.flatnonzero((datasets == name) & ~np.isnan(p))
        point = point_metrics(y[idx], p[idx])
        rows.append(
            {
                "held_out": str(name),
                "n": len(idx),
                "roc_auc": round(point["roc_auc"], 4),
                "macro_f1": round(point["macro_f1"], 4),
                **band_precision(y[idx], p[idx], thresholds),
            }
        )
    if rows:
        rows.append(
            {
                "held_out": "mean",
                "n": sum(r["n"] for r in rows),
                "roc_auc": round(float(np.nanmean([r["roc_auc"] for r in rows])), 4),
                "macro_f1": round(float(np.mean([r["macro_f1"] for r in rows])), 4),
            }
        )
    return rows


MIN_ARTICLES = 3  # a source needs this many held-out articles for its mean to mean much


def source_level(
    frame: pd.DataFrame, p: np.ndarray, min_articles: int = MIN_ARTICLES
) -> dict[str, Any]:
    """How well pages predict sites: every source (within its dataset) with at least
    ``min_articles`` held-out articles gets the mean of their P(credible); the ROC-AUC of those
    means against the source's label (the majority of its articles' labels, which are per
    source in these datasets), beside the article-level ROC-AUC of the same articles."""
    scored = ~np.isnan(p) & (frame["source"].fillna("") != "").to_numpy()
    rows = pd.DataFrame(
        {
            "source": (frame["dataset"] + "/" + frame["source"].fillna(""))[scored],
            "y": frame["y"].to_numpy()[scored],
            "p": p[scored],
        }
    )
    per = rows.groupby("source").agg(n=("y", "size"), y=("y", "mean"), p=("p", "mean"))
    per = per[per["n"] >= min_articles]
    kept = rows[rows["source"].isin(per.index)]
    return {
        "min_articles": min_articles,
        "sources": len(per),
        "credible_sources": int((per["y"] >= 0.5).sum()),
        "articles": len(kept),
        "source_roc_auc": round(
            point_metrics((per["y"] >= 0.5).to_numpy(), per["p"].to_numpy())["roc_auc"], 4
        ),
        "article_roc_auc": round(
            point_metrics(kept["y"].to_numpy(), kept["p"].to_numpy())["roc_auc"], 4
        ),
    }
