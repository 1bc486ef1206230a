import numpy as np
import pandas as pd

from credibility.training.lodo import COMPOSED, predictions, source_level


def test_source_level_means_per_source_against_its_label():
    rows = [
        ("s1", 1, 0.9), ("s1", 1, 0.8), ("s1", 1, 0.7),
        ("s2", 0, 0.2), ("s2", 0, 0.3), ("s2", 0, 0.95),
        ("s5", 0, 0.6), ("s5", 0, 0.6), ("s5", 0, 0.6),
        ("s3", 1, 0.1), ("s3", 1, 0.1),  # two articles: too few to judge the site
        ("", 0, 0.99), ("", 0, 0.99), ("", 0, 0.99),  # no source
        ("s1", 1, np.nan),  # not held out (a composed page)
    ]  # fmt: skip
    frame = pd.DataFrame(rows, columns=["source", "y", "p"]).assign(dataset="a")
    found = source_level(frame, frame["p"].to_numpy())
    # Site means: s1 0.8 (credible) above s2 0.483 and s5 0.6; articles: 15 of 18 pairs.
    assert found == {
        "min_articles": 3,
        "sources": 3,
        "credible_sources": 1,
        "articles": 9,
        "source_roc_auc": 1.0,
        "article_roc_auc": 0.8333,
    }


def test_held_out_sites_are_not_trained_on_from_another_dataset():
    rows = [
        ("a", "https://chicago.suntimes.com/x", 1),
        ("a", "https://farm.example/y", 0),
        ("a", "https://apnews.com/u", 1),
        ("b", "https://www.suntimes.com/z", 1),  # the same site as a row of "a"
        ("b", "https://other.example/w", 0),
        ("b", "", 1),  # no URL: no site to hold out
        (COMPOSED, "https://m.suntimes.com/v", 1),  # a composed page of "b"'s story
    ]
    frame = pd.DataFrame(rows, columns=["dataset", "url", "y"]).assign(
        story_dataset=["", "", "", "", "", "", "b"]
    )
    seen = {}

    def fit_predict(X_train, y_train, w_train, X_test):
        seen[tuple(X_test[:, 0])] = sorted(X_train[:, 0])
        return np.full(len(X_test), 0.5)

    X = np.arange(len(frame), dtype=float).reshape(-1, 1)
    predictions(frame, X, np.ones(len(frame)), fit_predict)
    # By dataset alone: every row of the other datasets.
    assert seen[(0.0, 1.0, 2.0)] == [3.0, 4.0, 5.0, 6.0]
    assert seen[(3.0, 4.0, 5.0)] == [0.0, 1.0, 2.0]
    p = predictions(frame, X, np.ones(len(frame)), fit_predict, disjoint_sites=True)
    # Holding out "a": neither "b"'s suntimes page nor the composed page on that site.
    assert seen[(0.0, 1.0, 2.0)] == [4.0, 5.0]
    # Holding out "b" (its composed page goes with it): "a"'s suntimes page is left out.
    assert seen[(3.0, 4.0, 5.0)] == [1.0, 2.0]
    assert np.isnan(p[6]) and not np.isnan(p[:6]).any()


def test_composed_pages_are_scored_with_their_storys_dataset_when_asked():
    frame = pd.DataFrame(
        {
            "dataset": ["a", "a", "b", "b", COMPOSED, COMPOSED],
            "story_dataset": ["", "", "", "", "a", "b"],
            "url": [""] * 6,
            "y": [1, 0, 1, 0, 1, 0],
        }
    )
    tests = []

    def fit_predict(X_train, y_train, w_train, X_test):
        tests.append((sorted(X_train[:, 0]), sorted(X_test[:, 0])))
        return np.full(len(X_test), 0.5)

    X = np.arange(6, dtype=float).reshape(-1, 1)
    p = predictions(frame, X, np.ones(6), fit_predict, composed=True)
    assert tests == [([2.0, 3.0, 5.0], [0.0, 1.0, 4.0]), ([0.0, 1.0, 4.0], [2.0, 3.0, 5.0])]
    assert not np.isnan(p).any()
    assert np.isnan(predictions(frame, X, np.ones(6), fit_predict)[4:]).all()
