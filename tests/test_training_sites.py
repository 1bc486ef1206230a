"""training/sites.py: the site calibration fitted on held-out pages, and written into a card
without touching the artifact."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pandas as pd
import pytest

from credibility.card import DIGEST, card_digest
from credibility.errors import ModelLoadError
from credibility.model import load_model
from credibility.sites import SiteCalibration, SitePage, site_verdicts
from credibility.training import sites


def synthetic_pages(seed: int = 0) -> pd.DataFrame:
    """Three datasets of sites: credible sites' pages steady and high, the others' lower
    and swinging, each dataset shifted as a whole (as held-out corpora are)."""
    rng = np.random.default_rng(seed)
    rows = []
    for d, shift in enumerate((-0.5, 0.0, 0.7)):
        for s in range(8):
            credible = s % 2
            n = int(rng.integers(3, 25))
            centre, spread = (1.5, 0.4) if credible else (-0.5, 1.3)
            for x in rng.normal(centre + shift, spread, n):
                rows.append({"dataset": f"d{d}", "site": f"s{s}", "y": credible, "logit": x})
    return pd.DataFrame(rows)


# Fewer bootstrap resamples than the figures use: the tests check the shape, not the width.
FEW = 50


@pytest.fixture(autouse=True)
def few_resamples(monkeypatch):
    monkeypatch.setattr(sites, "BOOTSTRAP", FEW)


@pytest.fixture(scope="module")
def studied() -> tuple[SiteCalibration, dict]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sites, "BOOTSTRAP", FEW)
        return sites.study(synthetic_pages())


def test_the_study_fits_a_usable_calibration(studied):
    calibration, found = studied
    assert calibration.slope > 0 and calibration.spread >= 0
    assert calibration.low <= calibration.credible
    assert calibration.min_pages in sites.GRID
    assert (found["sites"], found["pages"]) == (24, len(synthetic_pages()))
    pooled = found["in_sample"]["headline"][sites.POOLED]
    value, low, high = pooled["roc_auc"]
    assert low <= value <= high and value > 0.9
    assert set(found["cross_fitted"]["headline"]) == {"d0", "d1", "d2", sites.POOLED, "pooled, all"}


def test_the_study_is_deterministic_for_a_seed(studied):
    again, _ = sites.study(synthetic_pages())
    assert again == studied[0]


def test_pages_frame_keeps_held_out_rows_with_a_source():
    frame = pd.DataFrame({"dataset": ["a", "a", "b"], "source": ["x", "", "y"], "y": [1, 0, 1]})
    pages = sites.pages_frame(frame, np.array([0.5, 0.2, np.nan]))
    assert pages.to_dict("records") == [{"dataset": "a", "site": "x", "y": 1, "logit": 0.0}]


def test_too_few_sites_are_refused_clearly():
    pages = synthetic_pages()
    few = pages[pages["site"].isin(["s0", "s1"]) & (pages["dataset"] == "d0")]
    with pytest.raises(ValueError, match="three sites with two pages or more"):
        sites.study(few)


def test_the_block_goes_into_the_card_and_the_model_still_loads(studied, tiny_model_dir, tmp_path):
    model_dir = tmp_path / "tiny"
    shutil.copytree(tiny_model_dir, model_dir)
    before = load_model(model_dir)
    block = sites.sites_block(*studied)
    card = sites.add_to_card(model_dir, block)
    after = load_model(model_dir)
    assert after.name == before.name  # the artifact and its SHA-256 are untouched
    assert after.card["linear"] == before.card["linear"]
    assert card[DIGEST] == card_digest(card) == after.card[DIGEST]
    assert SiteCalibration.of(after) == SiteCalibration.from_dict(block["calibration"])
    readable = (model_dir / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert readable.count("## Site verdicts") == 1
    assert readable.index("## Site verdicts") < readable.index("## Use")
    sites.add_to_card(model_dir, block)  # again: the section is replaced, not repeated
    assert (model_dir / "MODEL_CARD.md").read_text(encoding="utf-8") == readable
    # And the verdicts use it.
    farm = [SitePage("farm", -4.0)] * 25
    assert site_verdicts(farm, after)[0].band == "low"


def test_an_edited_sites_block_is_refused_by_the_card_digest(studied, tiny_model_dir, tmp_path):
    model_dir = tmp_path / "tiny"
    shutil.copytree(tiny_model_dir, model_dir)
    sites.add_to_card(model_dir, sites.sites_block(*studied))
    path = model_dir / "card.json"
    card = json.loads(path.read_text(encoding="utf-8"))
    card["sites"]["calibration"]["low"] = 0.99
    path.write_text(json.dumps(card), encoding="utf-8")
    with pytest.raises(ModelLoadError, match="does not match its content"):
        load_model(model_dir)


def test_the_command_writes_the_block_from_saved_predictions(tiny_model_dir, tmp_path, capsys):
    model_dir = tmp_path / "tiny"
    shutil.copytree(tiny_model_dir, model_dir)
    predictions = tmp_path / "pages.csv"
    synthetic_pages().to_csv(predictions, index=False)
    args = ["--model", str(model_dir), "--predictions", str(predictions)]
    assert sites.main([*args, "--dry-run"]) == 0
    assert "sites" not in load_model(model_dir).card
    printed = json.loads(capsys.readouterr().out)
    assert sites.main(args) == 0
    assert load_model(model_dir).card["sites"] == printed
