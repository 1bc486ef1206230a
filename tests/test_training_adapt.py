"""Adapting a model to a few labelled rows: `credibility train --from MODEL`."""

import json

import numpy as np
import pandas as pd
import pytest

from credibility import load_model, score
from credibility.cli import main
from credibility.signals import lookup
from tests.conftest import written_rows


@pytest.fixture(scope="module")
def adapted(tmp_path_factory):
    folder = tmp_path_factory.mktemp("adapt")
    data = folder / "reviews.csv"
    pd.DataFrame(written_rows(10)).to_csv(data, index=False)
    out = folder / "mine"
    argv = ["train", "--from", "default", str(data), "-o", str(out), "--group-col", "source"]
    assert main([*argv, "--no-cache"]) == 0
    return out


def log_loss(model, rows: list[dict[str, str]]) -> float:
    y = np.array([r["label"] == "credible" for r in rows], dtype=float)
    p = model.pipeline.predict_proba([{"text": r["text"]} for r in rows])[:, 1]
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def test_adapting_moves_toward_the_rows_and_keeps_every_sign(adapted):
    out = adapted
    base, mine = load_model("default"), load_model(out)
    rows = written_rows(10)
    assert log_loss(mine, rows) < log_loss(base, rows)
    form = mine.linear
    for signal, slope in zip(lookup(form.names), form.slope, strict=True):
        assert {"lowers": slope <= 0, "raises": slope >= 0, "either": True}[signal.direction]
    # The base's measuring stick, cap and bands are kept.
    assert np.array_equal(form.low, base.linear.low) and form.max_points == base.linear.max_points
    assert mine.thresholds == base.thresholds


def test_the_card_records_the_base_the_data_and_what_moved(adapted):
    out = adapted
    card = json.loads((out / "card.json").read_text())
    base = load_model("default")
    source = card["adapted_from"]
    assert (source["model"], source["sha256"]) == (base.name, base.card["sha256"])
    assert source["training_fingerprint"] == base.card["training"]["fingerprint"]
    assert source["rows"] == card["training"]["rows"] == 20
    assert len(card["training"]["fingerprint"]) == 64
    moved = source["largest_changes"]
    assert moved[0]["signal"] == "(intercept)" and len(moved) == 11
    changes = [abs(r["change"]) for r in moved[1:]]
    assert changes == sorted(changes, reverse=True) and changes[0] > 0
    report = (out / "report.md").read_text()
    assert f"Adapted from `{base.name}`" in report and "## What moved" in report
    assert score("Officials said the bridge reopens on Monday.", model=out).model.startswith(
        "mine@"
    )


@pytest.mark.parametrize(
    "content, message",
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00binary", "not a CSV or JSON-lines file (binary content)"),
        (b"text,verdict\nsome text,credible\n", "no label column 'label'; found: text, verdict"),
        (b"", "the file is empty"),
    ],
)
def test_a_bad_file_is_refused_as_train_refuses_it(content, message, tmp_path, capsys):
    data = tmp_path / "bad.csv"
    data.write_bytes(content)
    for extra in ([], ["--from", "default"]):
        assert main(["train", *extra, str(data), "-o", str(tmp_path / "out"), "--no-cache"]) == 1
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and message in err
        assert not (tmp_path / "out").exists()


def test_too_few_rows_a_gbm_request_and_a_missing_base_are_refused(tmp_path, capsys):
    data = tmp_path / "few.csv"
    pd.DataFrame(written_rows(4)).to_csv(data, index=False)
    out = str(tmp_path / "out")
    assert main(["train", "--from", "default", str(data), "-o", out, "--no-cache"]) == 1
    assert "need at least 5 credible rows" in capsys.readouterr().err
    argv = ["train", "--from", "default", str(data), "-o", out, "--estimator", "gbm"]
    assert main(argv) == 1
    assert "--from adapts the base's linear model" in capsys.readouterr().err
    assert main(["train", "--from", str(tmp_path / "nothing"), str(data), "-o", out]) == 1
    assert "not a model directory" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
