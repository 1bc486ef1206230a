"""The rated pages: how pages of rated sites on every subject fare.

Every English page of ../shared/data/pages.jsonl.gz (2012-era news sites and blogs on
every subject: tech, science, culture, politics) whose site the shipped reputation table
rates `reliable` or `unreliable`, scored from its HTML with its URL, by a model trained
without any row of the pages' sites, and by the bundled model as it ships: pages per band
and the ROC-AUC of the score against the rating. A reliable outlet writing about phones or
crime should not be doubted.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from credibility.labels import BANDS, Label
from credibility.training.evaluate import point_metrics

PAGES = "pages.jsonl.gz"


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
        p >= thresholds[Label.CREDIBLE],
        Label.CREDIBLE,
        np.where(p < thresholds[Label.LOW], Label.LOW, Label.UNCERTAIN),
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
            **{b: int((mine == b).sum()) for b in BANDS},
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


def pages_check(  # type: ignore[no-untyped-def]
    data, frame, X, weight, options, vocab, bands, cache, shipped: bool = True
) -> dict[str, Any]:
    """The rated English pages by a model trained without their sites (banded with
    ``bands``), and (``shipped``) by the bundled model as it ships."""
    from credibility.training.cache import signal_matrix
    from credibility.training.data import documents
    from credibility.training.train import fitted_predict

    pages = rated_pages(data)
    pages = pages[english(pages)].reset_index(drop=True)
    X_pages = signal_matrix(documents(pages), cache)
    p = held_out_pages(frame, X, weight, fitted_predict(options, "sigmoid"), vocab, pages, X_pages)
    found = {"held_out": pages_table(pages, p, bands_of(p, bands))}
    if shipped:
        shipped_p, shipped_labels = shipped_verdicts(pages)
        judged = shipped_labels != "unsupported"
        found["shipped"] = pages_table(pages[judged], shipped_p[judged], shipped_labels[judged])
    return found
