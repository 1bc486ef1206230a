"""SignalExtractor: documents in, one column per registered signal out."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted

from credibility.document import Document, parse
from credibility.signals import SIGNAL_NAMES, SIGNALS, measure_all

ArticleLike = Document | str | Mapping[str, Any]


def to_document(item: ArticleLike) -> Document:
    """A Document from a Document, plain text, or a mapping with text/html, title, url."""
    if isinstance(item, Document):
        return item
    if isinstance(item, str):
        return parse(item)
    if isinstance(item, Mapping):
        html = item.get("html") or None
        return parse(
            None if html else item.get("text"),
            html=html,
            title=item.get("title") or None,
            url=item.get("url") or None,
        )
    raise TypeError(f"cannot read an article from {type(item).__name__}")


def signal_values(doc: Document) -> np.ndarray:
    return np.fromiter((m.value for m in measure_all(doc)), dtype=float, count=len(SIGNALS))


def extract(items: Iterable[ArticleLike]) -> np.ndarray:
    """The matrix of signal values, one row per article."""
    rows = [signal_values(to_document(item)) for item in items]
    return np.vstack(rows) if rows else np.empty((0, len(SIGNALS)))


class SignalExtractor(TransformerMixin, BaseEstimator):
    """Transformer from articles to the matrix of signal values.

    Stateless apart from remembering the signal names it was fitted with, so a pickled
    pipeline can tell when the registry has changed under it.
    """

    def fit(self, X: Iterable[ArticleLike], y: object = None) -> SignalExtractor:
        self.fit_transform(X)
        return self

    def fit_transform(self, X: Iterable[ArticleLike], y: object = None, **params: object):
        values = extract(X)
        self.fit_values(values)
        return values

    def fit_values(self, values: np.ndarray) -> SignalExtractor:
        """Fit from already extracted signal values (training extracts them once)."""
        self.feature_names_ = np.asarray(SIGNAL_NAMES, dtype=object)
        self.n_features_out_ = len(SIGNAL_NAMES)
        return self

    def transform(self, X: Iterable[ArticleLike]) -> np.ndarray:
        check_is_fitted(self, "feature_names_")
        return extract(X)

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        return np.asarray(SIGNAL_NAMES, dtype=object)

    def __sklearn_tags__(self):  # type: ignore[no-untyped-def]
        tags = super().__sklearn_tags__()
        tags.input_tags.two_d_array = False
        tags.input_tags.string = True
        tags.input_tags.dict = True
        tags.no_validation = True
        return tags
