"""Measures of subject shift, beside leave-one-dataset-out (training/lodo.py).

The training corpora share two subjects (US politics 2012-2020, COVID-19 2020), so holding
out a dataset never holds out a subject. Two measures do:

- leave-one-topic-out: the real articles (and the composed pages around them) are put in
  topic clusters (k-means over the stories' topic words, names and places included; the
  same reading the vocabulary's topic clusters use); each cluster is held out in turn and
  scored by a model trained on the others, for the full model and for the vocabulary alone;
- the rated pages: every English page of ../shared/data/pages.jsonl.gz (2012-era news sites
  and blogs on every subject) whose site the shipped reputation table rates `reliable` or
  `unreliable`, scored from its HTML with its URL by a model trained without any article of
  the pages' sites; and by the bundled model as it ships.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from credibility.training.evaluate import point_metrics

from credibility.defaults import SEED

PAGES = "pages.jsonl.gz"
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
    from credibility.training.vocabulary import topic_vectorizer
    from sklearn.cluster import KMeans

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
                "credible_as_credible": round(float((credible >= thresholds["credible"]).mean()), 4)
                if len(credible)
                else None,
                "credible_as_low": round(float((credible < thresholds["low"]).mean()), 4)
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


# ---- the rated pages -------------------------------------------------------------------


def rated_pages(data: Path) -> pd.DataFrame:
    """The pages of pages.jsonl.gz with a URL whose site the shipped reputation table rates
    reliable or unreliable: id, url, html, site, rating, y (1 reliable). Language is judged
    when they are scored (a foreign page is `unsupported` and left out there)."""
    from credibility.reputation.domains import host_of, registered_domain
    from credibility.reputation.table import RELIABLE, UNRELIABLE, shipped

    table = shipped()
    rows = []
    with gzip.open(data / PAGES, "rt", encoding="utf-8") as handle:
        for line in handle:
            page = json.loads(line)
            url = page.get("url") or ""
            rating = table.lookup(url).rating if url else ""
            if rating not in (RELIABLE, UNRELIABLE) or not page.get("html"):
                continue
            rows.append(
                {
                    "id": page["id"],
                    "url": url,
                    "html": page["html"],
                    "text": "",
                    "title": "",
                    "site": registered_domain(host_of(url)),
                    "rating": rating,
                    "y": int(rating == RELIABLE),
                }
            )
    return pd.DataFrame(rows)


def english(pages: pd.DataFrame) -> np.ndarray:
    """Which pages the model judges: English ones (others are `unsupported`)."""
    from credibility.parsing import parse

    return np.array(
        [
            not parse(html=h, url=u).language.foreign
            for h, u in zip(pages["html"], pages["url"], strict=True)
        ]
    )


def bands_of(p: np.ndarray, thresholds: dict[str, Any]) -> np.ndarray:
    return np.where(
        p >= thresholds["credible"], "credible", np.where(p < thresholds["low"], "low", "uncertain")
    )


def pages_table(pages: pd.DataFrame, p: np.ndarray, band: np.ndarray) -> dict[str, Any]:
    """Pages per band of the reliable-rated and of the unreliable-rated pages, and the
    ROC-AUC of the score against the rating."""
    y = pages["y"].to_numpy()
    out: dict[str, Any] = {"pages": len(y), "sites": int(pages["site"].nunique())}
    for name, cls in (("reliable", 1), ("unreliable", 0)):
        mine = band[y == cls]
        out[name] = {
            "n": len(mine),
            "sites": int(pages.loc[y == cls, "site"].nunique()),
            **{b: int((mine == b).sum()) for b in ("credible", "uncertain", "low")},
        }
    out["roc_auc"] = round(point_metrics(y, p)["roc_auc"], 4) if len(set(y)) == 2 else None
    return out


def shipped_verdicts(
    pages: pd.DataFrame, model: str | Path | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """(P(credible), label) of each page by a saved model (the bundled one by default), from
    its HTML with its URL, as a user gets them; NaN and `unsupported` where not judged."""
    from credibility.scoring import judge

    p, labels = [], []
    for html, url in zip(pages["html"], pages["url"], strict=True):
        verdict = judge(html=html, url=url, model=model)
        p.append(np.nan if verdict.credibility is None else verdict.credibility)
        labels.append(verdict.label)
    return np.asarray(p, dtype=float), np.asarray(labels, dtype=object)


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


def held_out_pages(
    frame: pd.DataFrame,
    X: np.ndarray,
    weight: np.ndarray,
    fit_predict: Any,
    vocab: Any,
    pages: pd.DataFrame,
    X_pages: np.ndarray,
) -> np.ndarray:
    """P(credible) of the rated pages from a model trained on every row but those of the
    pages' sites (their articles, and composed pages around them), the vocabulary refitted
    on that side alone."""
    from credibility.training import lodo, vocabulary

    y = frame["y"].to_numpy()
    real = (frame["dataset"] != lodo.COMPOSED).to_numpy()
    site = lodo.sites(frame)
    train = np.flatnonzero(~np.isin(site, list(set(pages["site"]) - {""})))
    Xf = lodo.vocabulary_column(vocab, X, y, weight, real, train, np.array([], dtype=int))
    lexicon = lodo.fold_lexicon(vocab, y, weight, real, train)
    X_pages = X_pages.copy()
    X_pages[:, vocab.column] = vocabulary.lexicon_values(lexicon, vocabulary.body_tokens(pages))
    return fit_predict(Xf[train], y[train], weight[train], X_pages)
