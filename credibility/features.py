"""SignalExtractor: documents in, one column per named signal out."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted

from credibility.parsing import ArticleLike, Document, to_document
from credibility.signals import SIGNAL_NAMES, SIGNALS, Signal, lookup, measure_all, values_of


def signal_values(doc: Document, signals: Sequence[Signal] = SIGNALS) -> np.ndarray:
    """One document's signal values, in the order of ``signals``."""
    return values_of(measure_all(doc, signals))


def extract(items: Iterable[ArticleLike], signals: Sequence[Signal] = SIGNALS) -> np.ndarray:
    """The matrix of signal values, one row per article, one column per signal."""
    rows = [signal_values(to_document(item), signals) for item in items]
    return np.vstack(rows) if rows else np.empty((0, len(signals)))


class SignalExtractor(TransformerMixin, BaseEstimator):
    """Transformer from articles to the matrix of signal values.

    ``signals``: the names of the columns, in order (None: every signal this package
    defines). Fitting only resolves the names, so a pickled pipeline extracts the same
    columns by name whatever else is registered later.
    """

    def __init__(self, signals: Sequence[str] | None = None) -> None:
        self.signals = signals

    def fit(self, X: object = None, y: object = None) -> SignalExtractor:
        names = SIGNAL_NAMES if self.signals is None else tuple(self.signals)
        lookup(names)  # unknown names fail here, not at the first transform
        self.feature_names_ = np.asarray(names, dtype=object)
        self.n_features_out_ = len(names)
        return self

    def fit_transform(self, X: Iterable[ArticleLike], y: object = None, **params: object):
        return self.fit().transform(X)

    def fit_values(self, values: np.ndarray) -> SignalExtractor:
        """Fit alongside already extracted signal values (training extracts them once)."""
        self.fit()
        if values.shape[1] != self.n_features_out_:
            raise ValueError(f"{values.shape[1]} value columns for {self.n_features_out_} signals")
        return self

    def transform(self, X: Iterable[ArticleLike]) -> np.ndarray:
        check_is_fitted(self, "feature_names_")
        return extract(X, lookup(self.feature_names_))

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        check_is_fitted(self, "feature_names_")
        return self.feature_names_.copy()

    def __sklearn_tags__(self):  # type: ignore[no-untyped-def]
        tags = super().__sklearn_tags__()
        tags.input_tags.two_d_array = False
        tags.input_tags.string = True
        tags.input_tags.dict = True
        tags.no_validation = True
        return tags
