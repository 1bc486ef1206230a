"""The rated-pages check: bands and the per-rating table."""

import numpy as np
import pandas as pd

from credibility.training import pages


def test_bands_of():
    bands = pages.bands_of(np.array([0.05, 0.4, 0.7]), {"low": 0.1, "credible": 0.6})
    assert list(bands) == ["low", "uncertain", "credible"]


def test_pages_table_counts_each_rating_per_band():
    rated = pd.DataFrame({"y": [1, 1, 1, 0, 0], "site": ["a.com", "a.com", "b.org", "c.net", "d"]})
    table = pages.pages_table(
        rated,
        np.array([0.9, 0.5, 0.05, 0.2, 0.8]),
        np.array(["credible", "uncertain", "low", "uncertain", "credible"]),
    )
    assert table["reliable"] == {"n": 3, "sites": 2, "credible": 1, "uncertain": 1, "low": 1}
    assert table["unreliable"] == {"n": 2, "sites": 2, "credible": 1, "uncertain": 1, "low": 0}
    assert table["pages"] == 5 and table["sites"] == 4
    assert table["roc_auc"] == 0.5  # 3 of the 6 reliable-unreliable pairs in order
