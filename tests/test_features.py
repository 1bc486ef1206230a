import pickle

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError

from credibility import SignalExtractor, parse
from credibility.signals import SIGNAL_NAMES


def fitted() -> SignalExtractor:
    return SignalExtractor().fit(["The council met on Monday, officials said."])


def test_feature_names_equal_the_registry():
    extractor = fitted()
    assert list(extractor.get_feature_names_out()) == list(SIGNAL_NAMES)


def test_transform_accepts_documents_text_and_mappings(farm_page, page_html):
    extractor = fitted()
    X = extractor.transform(
        [parse(farm_page), farm_page, {"text": farm_page}, {"html": page_html, "title": "Ferry"}]
    )
    assert X.shape == (4, len(SIGNAL_NAMES))
    assert np.array_equal(X[0], X[1], equal_nan=True)
    assert np.array_equal(X[1], X[2], equal_nan=True)
    assert not np.isinf(X).any()  # NaN marks a signal that does not apply


def test_transform_of_nothing_is_an_empty_matrix():
    assert fitted().transform([]).shape == (0, len(SIGNAL_NAMES))


def test_unfitted_transform_raises():
    with pytest.raises(NotFittedError):
        SignalExtractor().transform(["text"])


def test_bad_item_is_a_type_error():
    with pytest.raises(TypeError, match="cannot read an article from int"):
        fitted().transform([3])


def test_clone_and_pickle_round_trip(news_story):
    extractor = fitted()
    assert clone(extractor).get_params() == extractor.get_params()
    restored = pickle.loads(pickle.dumps(extractor))
    assert np.array_equal(
        restored.transform([news_story]), extractor.transform([news_story]), equal_nan=True
    )


def test_tags_declare_string_input():
    tags = SignalExtractor().__sklearn_tags__()
    assert tags.input_tags.string and not tags.input_tags.two_d_array


def test_fit_transform_equals_transform(farm_page, news_story):
    extractor = SignalExtractor()
    X = extractor.fit_transform([farm_page, news_story])
    assert np.array_equal(X, extractor.transform([farm_page, news_story]), equal_nan=True)


def test_fit_values_needs_no_documents():
    extractor = SignalExtractor().fit_values(np.ones((3, len(SIGNAL_NAMES))))
    assert list(extractor.get_feature_names_out()) == list(SIGNAL_NAMES)


def test_fit_reads_no_documents():
    # Fitting only resolves the signal names: it must not parse or measure anything.
    def unreadable():
        raise AssertionError("fit iterated its input")
        yield

    extractor = SignalExtractor(["style_exclamation_rate"]).fit(unreadable())
    assert list(extractor.get_feature_names_out()) == ["style_exclamation_rate"]


def test_transform_rows_equal_the_vector_score_explains(news_story):
    from credibility import load_model, score

    model = load_model()
    names = [s.name for s in model.signals]
    row = SignalExtractor(names).fit().transform([news_story])[0]
    values = {s.name: s.value for s in score(news_story, model=model).signals}
    expected = [np.nan if values[n] is None else values[n] for n in names]
    assert np.array_equal(row, np.asarray(expected, dtype=float), equal_nan=True)
