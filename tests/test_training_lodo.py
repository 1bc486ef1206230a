import numpy as np
import pandas as pd
from credibility.training.lodo import source_level


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
