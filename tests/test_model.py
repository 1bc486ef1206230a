import json
import pickle
import shutil

import numpy as np
import pytest
from sklearn.base import clone

from credibility import ModelLoadError, load_model, score
from credibility.card import card_digest
from credibility.explain import signed_log1p
from credibility.model import save_model
from credibility.pipeline import build_pipeline
from credibility.signals import SIGNAL_NAMES


def copy_model(src, tmp_path):
    dst = tmp_path / "copy"
    shutil.copytree(src, dst)
    return dst


def rewrite_card(path, edit, sign: bool = True) -> None:
    """Edit a copied model's card; ``sign`` updates its digest as save_model would."""
    card = json.loads((path / "card.json").read_text())
    edit(card)
    if sign:
        card["card_sha256"] = card_digest(card)
    (path / "card.json").write_text(json.dumps(card))


def test_card_records_what_design_asks(tiny_model_dir):
    card = json.loads((tiny_model_dir / "card.json").read_text())
    assert card["signals"] == list(SIGNAL_NAMES)
    assert set(card["versions"]) >= {"scikit-learn", "credibility", "numpy"}
    assert len(card["sha256"]) == 64
    assert card["card_sha256"] == card_digest(card)
    assert 0 < card["thresholds"]["low"] <= card["thresholds"]["credible"] < 1
    assert card["explanations"] == "exact" and card["calibration"] == "sigmoid"
    assert card["training"]["rows"] == 60
    assert len(card["training"]["fingerprint"]) == 64
    assert set(card["metrics"]["model"]) >= {"macro_f1", "roc_auc", "brier", "ece", "n"}
    readable = (tiny_model_dir / "MODEL_CARD.md").read_text()
    assert readable.startswith("# Model card: tiny")
    assert "Rows: 60 (30 credible, 30 not credible)." in readable


def test_points_plus_intercept_equal_the_pipeline_logit(tiny_model_dir, farm_page, news_story):
    model = load_model(tiny_model_dir)
    for text in (farm_page, news_story):
        result = score(text, model=model)
        proba = model.pipeline.predict_proba([text])[0, 1]
        assert result.credibility == pytest.approx(proba, rel=1e-9, abs=1e-12)
        assert result.logit == pytest.approx(np.log(proba / (1 - proba)), rel=1e-7)


def test_tampered_artifact_is_refused_before_unpickling(tiny_model_dir, tmp_path):
    path = copy_model(tiny_model_dir, tmp_path)
    # A pickle that would run code if loaded: the hash check must stop it first.
    (path / "model.joblib").write_bytes(pickle.dumps(print) + b"tampered")
    with pytest.raises(ModelLoadError, match="SHA-256 does not match its card"):
        load_model(path)


def test_a_signal_this_version_lacks_is_refused(tiny_model_dir, tmp_path):
    path = copy_model(tiny_model_dir, tmp_path)

    def retire(card):
        card["signals"] = [*card["signals"][:-1], "retired_signal"]
        card["linear"]["names"] = card["signals"]

    rewrite_card(path, retire)
    with pytest.raises(ModelLoadError, match=r"does not have \(retired_signal\); retrain it"):
        load_model(path)


def test_a_signal_added_later_leaves_saved_models_alone(tiny_model_dir, news_story):
    """Signals are looked up by name: a new one is unused until a model is retrained."""
    from credibility.signals import REGISTRY, signal
    from credibility.signals.base import LOWERS, measure

    before = score(news_story, model=tiny_model_dir).to_dict()
    try:
        signal("zz_test_signal", "A signal registered at run time", LOWERS)(
            lambda doc: measure(99.0)
        )
        model = load_model(tiny_model_dir)
        after = score(news_story, model=model).to_dict()
    finally:
        REGISTRY.pop("zz_test_signal", None)
    assert after == before
    assert "zz_test_signal" not in model.card["signals"]


def test_other_sklearn_version_is_refused(tiny_model_dir, tmp_path):
    path = copy_model(tiny_model_dir, tmp_path)
    rewrite_card(path, lambda card: card["versions"].update({"scikit-learn": "0.24.2"}))
    with pytest.raises(ModelLoadError, match=r"saved with scikit-learn 0\.24\.2"):
        load_model(path)


@pytest.mark.parametrize("content", ["{not json", "[]", '{"sha256": "x"}'])
def test_corrupt_card_is_refused(tiny_model_dir, tmp_path, content):
    path = copy_model(tiny_model_dir, tmp_path)
    (path / "card.json").write_text(content)
    with pytest.raises(ModelLoadError, match="unreadable model card"):
        load_model(path)


def test_an_edited_card_is_refused(tiny_model_dir, tmp_path):
    """The card holds the form that scores: raising its intercept must not pass."""
    path = copy_model(tiny_model_dir, tmp_path)
    rewrite_card(path, lambda card: card["linear"].update(intercept=50.0), sign=False)
    with pytest.raises(ModelLoadError, match=r"does not match its content \(edited"):
        load_model(path)


@pytest.mark.parametrize(
    "edit, message",
    [
        (lambda c: c["thresholds"].update(credible="high"), "thresholds.credible is not a"),
        (lambda c: c["thresholds"].update(low=0.9, credible=0.5), "low is above"),
        (lambda c: c["reference"].pop(), "reference values do not match"),
        (lambda c: c["reference"].__setitem__(0, None), "not a finite number"),
        (lambda c: c["linear"].update(slope=[1.0]), "differ in length"),
        (lambda c: c["linear"].update(max_points=float("inf")), "not finite"),
        (lambda c: c.update(signals="all"), "signals is not a list"),
    ],
)
def test_a_malformed_card_is_refused_in_one_line(tiny_model_dir, tmp_path, edit, message):
    path = copy_model(tiny_model_dir, tmp_path)
    rewrite_card(path, edit)
    with pytest.raises(ModelLoadError, match=message) as caught:
        load_model(path)
    assert "\n" not in str(caught.value)


def test_missing_directory_is_refused(tmp_path):
    with pytest.raises(ModelLoadError, match="not a model directory"):
        load_model(tmp_path / "nowhere")


def test_corrupt_pickle_with_matching_hash_fails_clearly(tiny_model_dir, tmp_path):
    import hashlib

    path = copy_model(tiny_model_dir, tmp_path)
    junk = b"not a pickle at all"
    (path / "model.joblib").write_bytes(junk)
    rewrite_card(path, lambda card: card.update(sha256=hashlib.sha256(junk).hexdigest()))
    model = load_model(path)
    with pytest.raises(ModelLoadError, match="cannot be loaded"):
        _ = model.pipeline


def test_save_refuses_to_overwrite_without_force(tiny_model_dir):
    model = load_model(tiny_model_dir)
    with pytest.raises(FileExistsError):
        save_model(model.pipeline, tiny_model_dir)


def test_pipeline_clone_and_pickle(tiny_model_dir, news_story):
    pipeline = load_model(tiny_model_dir).pipeline
    assert clone(pipeline).get_params().keys() == build_pipeline().get_params().keys()
    restored = pickle.loads(pickle.dumps(pipeline))
    assert np.array_equal(
        restored.predict_proba([news_story]), pipeline.predict_proba([news_story])
    )


def test_default_model_loads_and_its_signals_are_registered():
    model = load_model()
    assert set(model.card["signals"]) <= set(SIGNAL_NAMES)
    assert [s.name for s in model.signals] == model.card["signals"]
    assert model.name.startswith("default@")


@pytest.mark.parametrize("value, expected", [(0.0, 0.0), (np.e - 1, 1.0), (-(np.e - 1), -1.0)])
def test_signed_log1p(value, expected):
    assert signed_log1p(np.array([value]))[0] == pytest.approx(expected)


def test_saved_model_folder_is_not_private(tiny_model_dir):
    import os
    import stat

    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(tiny_model_dir.stat().st_mode) == 0o777 & ~umask
