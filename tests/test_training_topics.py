"""Leave-one-topic-out: topic clusters on written stories, and the per-topic table."""

import numpy as np
import pandas as pd
import pytest

from credibility.training import topics

BANDS = {"low": 0.2, "credible": 0.6}


def frame(n: int = 8) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": [f"a{i}" for i in range(n)],
            "dataset": ["d"] * n,
            "y": [1, 0] * (n // 2),
        }
    )


def test_topic_table_shares_of_credible_articles_per_band():
    rows = topics.topic_table(
        frame(),
        np.array([0, 0, 0, 0, 1, 1, 1, 1]),
        ["water pipes", "match goal"],
        np.array([0.9, 0.1, 0.1, 0.3, 0.7, 0.5, 0.65, 0.1]),
        BANDS,
    )
    first, second, mean = rows
    assert (first["n"], first["credible_n"]) == (4, 2)
    assert first["credible_as_credible"] == 0.5  # 0.9 credible, 0.1 low
    assert first["credible_as_low"] == 0.5
    assert second["credible_as_credible"] == 1.0 and second["credible_as_low"] == 0.0
    assert first["roc_auc"] == 0.625  # 2.5 of 4 pairs (one tie)
    assert mean["topic"] == "mean" and mean["credible_as_low"] == 0.5  # the worst topic's


def test_composed_pages_take_their_storys_topic():
    f = pd.DataFrame(
        {
            "id": ["s1", "s2", "s3", "s4", "composed-1-s3"],
            "dataset": ["d", "d", "d", "d", "composed"],
            "y": [1, 0, 1, 0, 1],
        }
    )
    tokens = [
        "water pipes board council water pipes".split(),
        "water pipes council board repairs".split(),
        "match goal striker league match".split(),
        "goal league striker season match".split(),
        "match goal striker league match".split(),
    ]
    labels, names = topics.topic_labels(f, tokens, k=2, seed=0)
    assert labels[0] == labels[1] != labels[2] == labels[3]
    assert labels[4] == labels[2]
    assert len(names) == 2 and all(names)


@pytest.mark.parametrize("value", [np.nan, 1.5])
def test_vocabulary_alone_reads_one_column(value):
    fit_predict = topics.vocabulary_alone(1)
    X = np.array([[0, -2.0], [0, -1.0], [0, 1.0], [0, 2.0]])
    p = fit_predict(X, np.array([0, 0, 1, 1]), np.ones(4), np.array([[9, value]]))
    assert 0.0 < p[0] < 1.0
