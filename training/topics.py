"""Leave-one-topic-out: subject shift inside the training corpora.

The training corpora share two subjects (US politics 2012-2020, COVID-19 2020), so holding
out a dataset never holds out a subject (training/lodo.py). Here the real articles (and the
composed pages around them) are put in topic clusters (k-means over the stories' topic
words, names and places included, as the vocabulary's own topic clusters read them); each
cluster is held out in turn and scored by a model trained on the others, for the full model
and for the vocabulary alone: per topic ROC-AUC, and the share of the topic's credible
articles banded credible and low.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from credibility.defaults import SEED
from credibility.labels import Label
from credibility.training.evaluate import point_metrics

TOPIC_NAME_WORDS = 4  # the words that name a topic cluster in the tables
# The vocabulary's own number of topic clusters (training/vocabulary.py, TOPICS): the
# subjects a held-out topic is then one of are those the lexicon was fitted beside.
HELD_OUT_TOPICS = 10


def topic_labels(
    frame: pd.DataFrame, tokens: list[list[str]], k: int = HELD_OUT_TOPICS, seed: int = SEED
) -> tuple[np.ndarray, list[str]]:
    """Each row's topic cluster (a composed page takes its story's) and each cluster's name
    (its heaviest words). Clustered on the real articles alone, so the furniture of composed
    pages does not pull clusters."""
    from sklearn.cluster import KMeans

    from credibility.training.vocabulary import topic_vectorizer

    real = (frame["dataset"] != "composed").to_numpy()
    vectorizer = topic_vectorizer(int(real.sum()))
    X = vectorizer.fit_transform(" ".join(t) for t, r in zip(tokens, real, strict=True) if r)
    found = KMeans(k, n_init=10, random_state=seed).fit(X)
    words = np.asarray(vectorizer.get_feature_names_out())
    names = [
        " ".join(words[np.argsort(-centre)[:TOPIC_NAME_WORDS]]) for centre in found.cluster_centers_
    ]
    labels = np.full(len(frame), -1)
    labels[real] = found.labels_
    by_id = dict(zip(frame.loc[real, "id"], found.labels_, strict=True))
    for i in np.flatnonzero(~real):
        story = str(frame["id"].iat[i]).split("-", 2)[-1]  # composed-<label>-<story id>
        labels[i] = by_id.get(story, -1)
    return labels, names


def topic_table(
    frame: pd.DataFrame,
    topics: np.ndarray,
    names: list[str],
    p: np.ndarray,
    thresholds: dict[str, Any],
) -> list[dict[str, Any]]:
    """Per held-out topic: articles, ROC-AUC, and the share of its credible articles banded
    `credible` and `low` (the false accusations); then the mean over topics."""
    y = frame["y"].to_numpy()
    real = (frame["dataset"] != "composed").to_numpy()
    rows = []
    for t, name in enumerate(names):
        idx = np.flatnonzero(real & (topics == t) & ~np.isnan(p))
        if len(idx) == 0:
            continue
        credible = p[idx][y[idx] == 1]
        rows.append(
            {
                "topic": t,
                "words": name,
                "n": len(idx),
                "credible_n": len(credible),
                "roc_auc": round(point_metrics(y[idx], p[idx])["roc_auc"], 4)
                if len(set(y[idx])) == 2
                else None,
                "credible_as_credible": round(
                    float((credible >= thresholds[Label.CREDIBLE]).mean()), 4
                )
                if len(credible)
                else None,
                "credible_as_low": round(float((credible < thresholds[Label.LOW]).mean()), 4)
                if len(credible)
                else None,
            }
        )
    aucs = [r["roc_auc"] for r in rows if r["roc_auc"] is not None]
    lows = [r["credible_as_low"] for r in rows if r["credible_as_low"] is not None]
    rows.append(
        {
            "topic": "mean",
            "words": "",
            "n": sum(r["n"] for r in rows),
            "credible_n": sum(r["credible_n"] for r in rows),
            "roc_auc": round(float(np.mean(aucs)), 4) if aucs else None,
            "credible_as_credible": round(
                float(np.mean([r["credible_as_credible"] or 0.0 for r in rows])), 4
            ),
            "credible_as_low": round(float(max(lows)), 4) if lows else None,
        }
    )
    return rows


def vocabulary_alone(column: int):  # type: ignore[no-untyped-def]
    """fit_predict for the vocabulary signal alone: its stacked value, Platt-scaled on the
    training side (a page no term of the lexicon reaches takes the training median)."""

    def fit_predict(X_train, y_train, w_train, X_test):  # type: ignore[no-untyped-def]
        from sklearn.linear_model import LogisticRegression

        train, test = X_train[:, column], X_test[:, column]
        fill = float(np.nanmedian(train))
        model = LogisticRegression().fit(
            np.nan_to_num(train, nan=fill).reshape(-1, 1), y_train, sample_weight=w_train
        )
        return model.predict_proba(np.nan_to_num(test, nan=fill).reshape(-1, 1))[:, 1]

    return fit_predict


def leave_topic_out(
    frame: pd.DataFrame,
    X: np.ndarray,
    weight: np.ndarray,
    fits: dict[str, Any],
    vocab: Any,
    topics: np.ndarray,
) -> dict[str, np.ndarray]:
    """P(credible) of every real article from models that never saw its topic cluster: one
    per entry of ``fits`` (name -> fit_predict), all on the same folds, the vocabulary column
    refitted without the held-out topic (training.lodo.Vocabulary)."""
    from credibility.training import lodo

    y = frame["y"].to_numpy()
    real = (frame["dataset"] != lodo.COMPOSED).to_numpy()
    out = {name: np.full(len(y), np.nan) for name in fits}
    for held_out in sorted(set(topics[real]) - {-1}):
        test = np.flatnonzero(real & (topics == held_out))
        train = np.flatnonzero(topics != held_out)
        Xf = lodo.vocabulary_column(vocab, X, y, weight, real, train, test)
        for name, fit_predict in fits.items():
            out[name][test] = fit_predict(Xf[train], y[train], weight[train], Xf[test])
    return out


def topics_out(frame, X, weight, options, vocab, bands, seed: int = SEED) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """The leave-one-topic-out tables of the full model and the vocabulary alone, on the
    same folds, banded with ``bands`` (those chosen on leave-one-dataset-out)."""
    from credibility.training import vocabulary
    from credibility.training.train import fitted_predict

    topics, names = topic_labels(frame, vocabulary.body_tokens(frame), seed=seed)
    fits = {
        "signals": fitted_predict(options, "sigmoid"),
        "vocabulary": vocabulary_alone(vocab.column),
    }
    p = leave_topic_out(frame, X, weight, fits, vocab, topics)
    return {name: topic_table(frame, topics, names, q, bands) for name, q in p.items()}
