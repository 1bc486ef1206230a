"""training/report.py: the sentences the console and report.md share."""

import pytest


def test_bands_sentence_says_how_each_band_was_chosen():
    from credibility.model import load_model
    from credibility.training.report import bands_sentence

    # A card's form, with fixed figures: the sentence should not change with every rebuild.
    thresholds = {
        "credible": 0.58,
        "low": 0.1,
        "target_precision": 0.75,
        "precision": {"credible": 0.751, "low": 0.7636},
        "chosen_on": "leave-one-dataset-out predictions",
    }
    assert set(load_model().card["thresholds"]) == set(thresholds)
    assert bands_sentence(thresholds) == (
        "Bands chosen on leave-one-dataset-out predictions for a precision of 0.75: credible "
        "from 0.58 (precision 0.751); low below 0.1 (precision 0.7636)."
    )


@pytest.mark.parametrize(
    "aucs, lodo, expected",
    [
        ({"model": 0.9, "majority baseline": 0.5}, [], ""),
        (
            {"model": 0.9, "majority baseline": 0.407},
            [{"held_out": "east", "roc_auc": 0.42}, {"held_out": "mean", "roc_auc": 0.61}],
            "ROC-AUC below 0.5 (majority baseline 0.407, held out east 0.420) means ranking "
            "worse than chance: a higher P(credible) went more often to a not-credible article "
            "than to a credible one; the majority baseline predicts one number per fold (its "
            "training share of credible rows, highest where the held-out fold has fewest), so "
            "for it this is no skill at all, not a reversed signal.",
        ),
        (
            {"model": 0.45},
            [],
            "ROC-AUC below 0.5 (model 0.450) means ranking worse than chance: a higher "
            "P(credible) went more often to a not-credible article than to a credible one.",
        ),
    ],
)
def test_chance_sentence_explains_a_roc_auc_below_one_half(aucs, lodo, expected):
    from credibility.training.report import chance_sentence

    metrics = {
        **{name: {"roc_auc": auc} for name, auc in aucs.items()},
        "intervals": {name: {} for name in aucs},
        "lodo": lodo,
    }
    assert chance_sentence(metrics) == expected


def test_conclusions_are_the_chance_then_the_bands_sentence():
    from credibility.model import load_model
    from credibility.training.report import bands_sentence, chance_sentence, conclusions

    card = load_model().card
    chance = chance_sentence(card["metrics"])
    assert chance.startswith("ROC-AUC below 0.5 (")  # the bundled model's AllSides figure
    assert conclusions(card) == [chance, bands_sentence(card["thresholds"])]
