"""Retraining from labelled data: validation, rejected rows, report, plots, estimators."""

import gzip
import json

import matplotlib.image
import pandas as pd
import pytest

from credibility import load_model, score
from credibility.cli import main
from credibility.training.data import Columns, load
from tests.conftest import FIXTURES, written_rows


@pytest.fixture(scope="module")
def data_csv(tmp_path_factory):
    path = tmp_path_factory.mktemp("data") / "labelled.csv"
    rows = written_rows()
    rows += [
        {"text": "", "label": "credible", "source": "x"},
        {"text": "Too short to learn from.", "label": "fake", "source": "x"},
        dict(rows[0]),
    ]  # an exact duplicate
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


@pytest.fixture(scope="module")
def trained(data_csv, tmp_path_factory):
    out = tmp_path_factory.mktemp("models") / "mine"
    cache = tmp_path_factory.mktemp("cache")
    assert (
        main(
            [
                "train",
                str(data_csv),
                "-o",
                str(out),
                "--group-col",
                "source",
                "--cache-dir",
                str(cache),
            ]
        )
        == 0
    )
    return out, cache


def test_rejected_rows_are_kept_with_reasons(trained):
    out, _ = trained
    rejected = pd.read_csv(out / "rejected.csv", keep_default_na=False)
    assert list(rejected["reason"]) == [
        "empty text",
        "shorter than 30 words",
        "exact duplicate of an earlier row",
    ]
    assert list(rejected["row"]) == [61, 62, 63]
    card = json.loads((out / "card.json").read_text())
    assert card["training"]["rows"] == 60 and card["training"]["rejected"] == 3
    assert card["training"]["label_spellings"] == {"credible": 32, "not_credible": 30, "fake": 1}


def test_report_and_plots_exist_and_open(trained):
    out, _ = trained
    report = (out / "report.md").read_text()
    assert report.startswith("# Training report: mine")
    for name in ("model", "majority baseline", "TF-IDF + logistic regression"):
        assert f"| {name} | 60 |" in report
    for plot in ("calibration", "roc", "confusion", "signal_weights"):
        image = matplotlib.image.imread(out / "plots" / f"{plot}.png")
        assert image.shape[0] > 100 and image.shape[1] > 100
        assert f"](plots/{plot}.png)" in report


def test_card_has_metrics_with_intervals_and_bands(trained):
    card = json.loads((trained[0] / "card.json").read_text())
    intervals = card["metrics"]["intervals"]["model"]
    for metric in ("macro_f1", "roc_auc", "brier", "ece"):
        m = intervals[metric]
        assert m["low"] <= m["value"] <= m["high"]
    assert 0 < card["thresholds"]["low"] <= card["thresholds"]["credible"] < 1
    assert card["calibration"] in ("sigmoid", "isotonic")
    assert card["metrics"]["cv"].startswith("GroupKFold(5)")  # eight sources in all
    # The linear model's settings, and the card's sentence that states them.
    assert card["settings"] == {
        "C": 0.003,
        "max_points": 2.5,
        "penalties": {"marker": 1.0, "measure": 10.0, "stacked": 0.0},
    }
    assert (
        "Estimator logreg (C 0.003, at most 2.5 points a signal; L2 share marker 1, "
        "measure 10, stacked 0), sigmoid calibration"
    ) in (trained[0] / "MODEL_CARD.md").read_text()


def test_retrained_model_scores(trained):
    model = load_model(trained[0])
    farm = score((FIXTURES / "farm-page.txt").read_text(), model=model)
    story = score((FIXTURES / "news-story.txt").read_text(), model=model)
    assert farm.credibility < story.credibility


def test_gbm_reuses_the_signal_cache_and_explains_approximately(data_csv, trained, tmp_path):
    _, cache = trained
    entries = sorted(p.name for p in cache.rglob("output.pkl"))
    assert len(entries) == 1
    out = tmp_path / "gbm"
    assert (
        main(
            [
                "train",
                str(data_csv),
                "-o",
                str(out),
                "--estimator",
                "gbm",
                "--cache-dir",
                str(cache),
            ]
        )
        == 0
    )
    assert sorted(p.name for p in cache.rglob("output.pkl")) == entries  # no new extraction
    model = load_model(out)
    assert model.card["explanations"] == "approximate" and not model.exact
    result = score((FIXTURES / "farm-page.txt").read_text(), model=model)
    assert result.to_dict()["explanation"] == "approximate"
    assert result.logit == pytest.approx(
        float(__import__("numpy").log(result.credibility / (1 - result.credibility))), abs=1e-6
    )


def test_evaluate_json(trained, data_csv, capsys):
    assert (
        main(["evaluate", "--model", str(trained[0]), str(data_csv), "--json", "--no-cache"]) == 0
    )
    found = json.loads(capsys.readouterr().out)
    assert found["n"] == 60 and found["rejected"] == 3
    assert set(found) >= {"macro_f1", "roc_auc", "brier", "ece", "n", "per_group", "per_dataset"}


def test_models_lists_headline_metrics(trained, capsys):
    assert main(["models", "--dir", str(trained[0].parent)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("name")
    assert out.splitlines()[1].startswith("mine ")


def test_jsonl_gz_and_label_spellings(tmp_path):
    path = tmp_path / "rows.jsonl.gz"
    spellings = {"credible": "Real", "not_credible": "FAKE"}
    lines = [json.dumps({**r, "label": spellings[r["label"]]}) for r in written_rows()]
    path.write_bytes(gzip.compress("\n".join(lines).encode()))
    prepared = load([str(path)], Columns(group="source"))
    assert prepared.counts()["rows"] == 60
    assert prepared.label_spellings == {"Real": 30, "FAKE": 30}


@pytest.mark.parametrize(
    "content, message",
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00binary", "not a CSV or JSON-lines file (binary content)"),
        ("text,label\ncaf\xe9,credible\n".encode("latin-1"), "not UTF-8 text"),
        (b"text,verdict\nsome text,credible\n", "no label column 'label'; found: text, verdict"),
        (b"", "the file is empty"),
        (b'{"text": "a"}\n{broken\n', "line 2 is not JSON"),
    ],
)
def test_bad_files_are_one_line_errors_and_leave_nothing(content, message, tmp_path, capsys):
    data = tmp_path / "bad.csv"
    data.write_bytes(content)
    assert main(["train", str(data), "-o", str(tmp_path / "out"), "--no-cache"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    "relabel, message",
    [
        ({"not_credible": "credible"}, "need at least 20 not_credible rows"),
        ({"credible": "credibel"}, "unknown label values: 'credibel' (30)"),
    ],
)
def test_bad_labels(relabel, message, tmp_path, capsys):
    rows = [{**r, "label": relabel.get(r["label"], r["label"])} for r in written_rows()]
    data = tmp_path / "labels.csv"
    pd.DataFrame(rows).to_csv(data, index=False)
    assert main(["train", str(data), "-o", str(tmp_path / "out"), "--no-cache"]) == 1
    assert message in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_too_few_rows_per_class(tmp_path, capsys):
    data = tmp_path / "few.csv"
    pd.DataFrame(written_rows(10)).to_csv(data, index=False)
    assert main(["train", str(data), "-o", str(tmp_path / "out"), "--no-cache"]) == 1
    assert "need at least 20 credible rows" in capsys.readouterr().err


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_fast_metrics_match_scikit_learn(seed):
    import numpy as np
    from sklearn.metrics import brier_score_loss, f1_score, roc_auc_score

    from credibility.training.evaluate import point_metrics

    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, 200)
    p = np.round(rng.random(200), 2)  # rounded: ties exercise the rank average
    found = point_metrics(y, p)
    assert found["macro_f1"] == pytest.approx(f1_score(y, p >= 0.5, average="macro"))
    assert found["roc_auc"] == pytest.approx(roc_auc_score(y, p))
    assert found["brier"] == pytest.approx(brier_score_loss(y, p))


def test_several_datasets_get_leave_one_dataset_out_figures_and_bands(tmp_path, capsys):
    rows = written_rows(40)
    for i, row in enumerate(rows):
        row["dataset"] = ("east", "west")[i % 4 // 2]  # both classes in both datasets
    path = tmp_path / "two.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    out = tmp_path / "lodo"
    assert main(["train", str(path), "-o", str(out), "--group-col", "source", "--no-cache"]) == 0
    card = json.loads((out / "card.json").read_text())
    held_out = card["metrics"]["lodo"]
    assert [r["held_out"] for r in held_out] == ["east", "west", "mean"]
    assert all(r["n"] == 40 for r in held_out[:2]) and held_out[2]["n"] == 80
    assert card["thresholds"]["chosen_on"].startswith("leave-one-dataset-out predictions")
    printed = capsys.readouterr().out
    assert "held out east" in printed and "held out west" in printed
    assert f"set aside 0 -> {out / 'rejected.csv'}\n" in printed
    report = (out / "report.md").read_text()
    assert "## Leave one dataset out" in report
    # The console and the report say the same about the bands and any ROC-AUC below 0.5.
    from credibility.training.report import conclusions

    said = conclusions(card)
    assert said[-1].startswith("Bands chosen on leave-one-dataset-out predictions")
    assert all(f"\n{line}\n" in printed and f"\n{line}\n\n" in report for line in said)
