"""Building the vocabulary lexicon (credibility/signals/vocabulary.py) and its stacked,
out-of-fold values for training.

The text model never scores its own training rows: a row's vocabulary value comes from a
model fitted on other sources (GroupKFold by source), as in stacked generalisation. Terms
used by fewer than ``min_sources`` distinct sources are dropped and outlet names masked, so
the lexicon learns how outlets write, not which outlet wrote.

The text model is fitted beside topic clusters, which the lexicon then leaves out: each
cluster's own share of each class goes to the cluster, so a term gets weight for what it says
within its topic. Without them the lexicon learned subject matter from the corpora's mix
(ReCOVery's unreliable side is mostly state media on geopolitics, its reliable side mostly
local news, so "troops", "drills" and "has denied" counted against credibility).
"""

from __future__ import annotations

import gzip
import json
import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse

from credibility.defaults import SEED
from credibility.parsing import to_document
from credibility.reputation.domains import host_of
from credibility.signals.source import name_part
from credibility.signals.vocabulary import Lexicon, manner_words, terms

# All chosen by leave-one-dataset-out mean ROC-AUC (benchmarks/accuracy.py --min-sources,
# --vocabulary-C, --topics; 2026-11-27): 4, 8 and 16 sources were within 0.005 of each
# other; the lexicon's C gave 0.700 at 1, 0.726 at 10 and 0.731 at 100. Topic clusters, the
# lexicon alone held out (the full model's figures are in docs/model.md): none 0.729, 10 0.735,
# 20 0.731, 30 0.729, 60 0.728, 120 0.725; ReCOVery 0.728 with none, 0.754 with 10.
MIN_SOURCES = 8
C = 100.0
TOPICS = 10
# "masked": the lexicon reads manner words alone, every other word as one placeholder
# (credibility/data/manner_words.txt); "kept": it reads every lowercase word.
CONTENT = "kept"
TOPIC_MIN_DF = 5  # a topic word is in at least this many stories (or 1% of small corpora)
ALWAYS_MASKED = frozenset({"www", "com", "http", "https", "html", "org", "net"})
MIN_MASK_LENGTH = 4  # shorter name parts ("cnn", "abc") are ordinary words too often


def body_tokens(frame: pd.DataFrame) -> list[list[str]]:
    """Each row's story tokens as written, as the signal reads them at scoring time."""
    from credibility.parsing import Role

    out = []
    for row in frame[["text", "html", "title", "url"]].to_dict("records"):
        out.append(to_document(row).words_of(Role.BODY))
    return out


def masked_names(frame: pd.DataFrame) -> frozenset[str]:
    """Outlet names to hide from the text model: URL domain names and source names."""
    found = set(ALWAYS_MASKED)
    for url in frame["url"]:
        host = host_of(url) if url else ""
        if host:
            found.update(re.findall(r"[a-z]+", name_part(host)))
    for source in frame["source"]:
        source = str(source).lower()
        found.update(re.findall(r"[a-z]+", name_part(source) if "." in source else source))
        found.add(re.sub(r"[^a-z]", "", source.split(".")[0]))
    return frozenset(w for w in found if len(w) >= MIN_MASK_LENGTH) | ALWAYS_MASKED


def topic_vectorizer(rows: int):  # type: ignore[no-untyped-def]
    """How a topic model reads a story's words: all of them, names and places included (they
    say most about the subject), English stop words out, sublinear TF-IDF; ``rows``: how many
    stories it will read (small corpora take words in 1% of them)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(
        min_df=min(TOPIC_MIN_DF, max(1, rows // 100)),
        max_df=0.5,
        stop_words="english",
        sublinear_tf=True,
    )


def topic_text(tokens: list[list[str]]) -> sparse.csr_matrix:
    """Each row's topic words (topic_vectorizer)."""
    return topic_vectorizer(len(tokens)).fit_transform(" ".join(t) for t in tokens).tocsr()


class TermMatrix:
    """Every row's term counts (and topic words) in sparse matrices, so folds only slice
    them."""

    def __init__(
        self,
        tokens: list[list[str]],
        masked: frozenset[str],
        topics: int = TOPICS,
        seed: int = SEED,
        content: str = CONTENT,
    ) -> None:
        index: dict[str, int] = {}
        rows, cols, vals = [], [], []
        manner = manner_words() if content == "masked" else None
        for i, toks in enumerate(tokens):
            counts: dict[int, int] = {}
            for t in terms(toks, masked, manner):
                j = index.setdefault(t, len(index))
                counts[j] = counts.get(j, 0) + 1
            rows += [i] * len(counts)
            cols += list(counts)
            vals += list(counts.values())
        self.names = np.array(sorted(index, key=index.get), dtype=object)
        self.counts = sparse.csr_matrix(
            (np.asarray(vals, float), (rows, cols)), shape=(len(tokens), len(index))
        )
        self.masked = masked
        self.content = content
        self.topics = topics
        self.seed = seed
        self.topic_text = topic_text(tokens) if topics else None

    def clusters(self, rows: np.ndarray) -> sparse.csr_matrix | None:
        """One column per topic cluster of ``rows`` (k-means on their topic words), a 1 in
        each row's own; None without topics."""
        from sklearn.cluster import MiniBatchKMeans

        k = min(self.topics, len(rows))
        if self.topic_text is None or k < 2:
            return None
        found = MiniBatchKMeans(k, n_init=3, random_state=self.seed)
        labels = found.fit_predict(self.topic_text[rows])
        return sparse.csr_matrix(
            (np.ones(len(rows)), (np.arange(len(rows)), labels)), shape=(len(rows), k)
        )

    def fit(
        self,
        rows: np.ndarray,
        y: np.ndarray,
        groups: np.ndarray,
        weight: np.ndarray,
        min_sources: int = MIN_SOURCES,
        C: float = C,
    ) -> Lexicon:
        """A lexicon from ``rows`` (indexes into the matrix) and their labels."""
        from sklearn.linear_model import LogisticRegression

        counts = self.counts[rows]
        present = (counts > 0).astype(float)
        _, inverse = np.unique(groups, return_inverse=True)
        by_group = sparse.csr_matrix(
            (np.ones(len(rows)), (inverse, np.arange(len(rows)))),
            shape=(inverse.max() + 1, len(rows)),
        )
        sources = np.asarray(((by_group @ present) > 0).sum(axis=0)).ravel()
        keep = np.flatnonzero(sources >= min_sources)
        df = np.asarray(present[:, keep].sum(axis=0)).ravel()
        idf = np.log((1 + len(rows)) / (1 + df)) + 1.0
        X = tfidf(counts[:, keep], idf)
        topics = self.clusters(rows)
        if topics is not None:
            X = sparse.hstack([X, topics]).tocsr()
        model = LogisticRegression(C=C, max_iter=3000).fit(X, y, sample_weight=weight)
        intercept = float(model.intercept_[0])
        if topics is not None:
            # The clusters' columns sum to the intercept's, so how a fit splits the base rate
            # between them is arbitrary: the lexicon keeps the weighted mean cluster in its
            # intercept, and lexicons of different folds stay on one scale.
            share = np.asarray(topics.T @ weight).ravel() / weight.sum()
            intercept += float(share @ model.coef_[0][len(keep) :])
        return Lexicon(
            {
                "intercept": intercept,
                **({"content": "masked"} if self.content == "masked" else {}),
                "masked": sorted(self.masked),
                "terms": [str(t) for t in self.names[keep]],
                "idf": idf.tolist(),
                "weight": model.coef_[0][: len(keep)].tolist(),
            }
        )

    def values(self, lexicon: Lexicon, rows: np.ndarray) -> np.ndarray:
        """The vocabulary signal of ``rows`` under ``lexicon`` (NaN where no term is known),
        as credibility.signals.vocabulary computes it for one document."""
        known = [i for i, t in enumerate(self.names) if t in lexicon.index]
        at = [lexicon.index[self.names[i]] for i in known]
        X = tfidf(self.counts[rows][:, known], lexicon.idf[at])
        out = lexicon.intercept + X @ lexicon.weight[at]
        empty = np.asarray(X.getnnz(axis=1)) == 0
        return np.where(empty, np.nan, out)


def tfidf(counts: sparse.csr_matrix, idf: np.ndarray) -> sparse.csr_matrix:
    """Sublinear tf times idf, each row l2-normalised (TfidfVectorizer's defaults)."""
    X = counts.tocsr(copy=True)
    X.data = 1.0 + np.log(X.data)
    X = X.multiply(idf.reshape(1, -1)).tocsr()
    norms = np.sqrt(np.asarray(X.multiply(X).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.diags(1.0 / norms) @ X


def out_of_fold(
    matrix: TermMatrix,
    fit_rows: np.ndarray,
    y: np.ndarray,
    groups: np.ndarray,
    weight: np.ndarray,
    folds: int,
    seed: int,
    min_sources: int = MIN_SOURCES,
    C: float = C,
) -> np.ndarray:
    """Vocabulary values for every row, each from a lexicon fitted without its group.
    ``fit_rows``: the rows a lexicon may learn from (real articles, not composed pages)."""
    from sklearn.model_selection import GroupKFold

    out = np.full(len(y), np.nan)
    splitter = GroupKFold(n_splits=folds, shuffle=True, random_state=seed)
    for train, test in splitter.split(np.zeros(len(y)), y, groups):
        learn = train[fit_rows[train]]
        lexicon = matrix.fit(learn, y[learn], groups[learn], weight[learn], min_sources, C)
        out[test] = matrix.values(lexicon, test)
    return out


def save(lexicon: Lexicon, path: Path) -> None:
    """Gzipped JSON, byte-identical for the same lexicon (no timestamp in the header)."""
    data = json.dumps(lexicon.to_dict(), sort_keys=True, separators=(",", ":")).encode()
    path.write_bytes(gzip.compress(data, compresslevel=9, mtime=0))


def lexicon_values(lexicon: Lexicon, tokens: list[list[str]]) -> np.ndarray:
    """The vocabulary signal of stories outside the term matrix (NaN where no term is
    known), as credibility.signals.vocabulary computes it."""
    out = []
    for toks in tokens:
        parts = lexicon.contributions(toks)
        out.append(lexicon.intercept + math.fsum(parts.values()) if parts else np.nan)
    return np.asarray(out, dtype=float)
