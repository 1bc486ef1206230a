"""Fitting, source-disjoint evaluation and saving for `credibility train` and `make model`."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import numpy as np
import pandas as pd

from credibility.errors import InvalidInputError
from credibility.features import extract as signal_matrix
from credibility.model import build_pipeline, fit_on_signals, save_model
from training.data import fingerprint, map_labels, read_table

log = logging.getLogger(__name__)
MIN_PER_CLASS = 20
MIN_WORDS = 30  # shorter texts are broken scrapes or teasers (41 such in articles.jsonl.gz)


def documents(frame: pd.DataFrame) -> list[dict[str, str]]:
    """Rows as the mappings SignalExtractor reads (text or html, title, url)."""
    cols = [c for c in ("text", "html", "title", "url") if c in frame.columns]
    return frame[cols].to_dict("records")


def extract(frame: pd.DataFrame) -> np.ndarray:
    return signal_matrix(documents(frame))


def groups_of(frame: pd.DataFrame) -> np.ndarray:
    """Source-disjoint groups: a group or source column, else the URL's domain, else
    dataset and class (the fallback the data README recommends)."""
    for column in ("group", "source"):
        if column in frame.columns and frame[column].astype(bool).all():
            return frame[column].astype(str).to_numpy()
    if "url" in frame.columns:
        hosts = frame["url"].map(lambda u: (urlsplit(u).hostname or "") if u else "")
        if hosts.astype(bool).all():
            return hosts.to_numpy()
    dataset = frame["dataset"].astype(str) if "dataset" in frame.columns else "all"
    return (dataset + "/" + frame["y"].astype(str)).to_numpy()


def out_of_fold(
    X: np.ndarray, y: np.ndarray, groups: np.ndarray, folds: int = 5, seed: int = 0
) -> np.ndarray:
    """P(credible) for every row from a model that never saw the row's group."""
    from sklearn.model_selection import GroupKFold

    oof = np.zeros(len(y))
    splitter = GroupKFold(n_splits=folds, shuffle=True, random_state=seed)
    for train_idx, test_idx in splitter.split(X, y, groups):
        model = fit_on_signals(build_pipeline(), X[train_idx], y[train_idx])
        oof[test_idx] = model[1:].predict_proba(X[test_idx])[:, 1]
    return oof


def metrics(y: np.ndarray, p: np.ndarray) -> dict[str, float]:
    from sklearn.metrics import brier_score_loss, f1_score, roc_auc_score

    out = {"n": len(y), "macro_f1": float(f1_score(y, p >= 0.5, average="macro"))}
    out["roc_auc"] = float(roc_auc_score(y, p)) if len(set(y)) == 2 else float("nan")
    out["brier"] = float(brier_score_loss(y, p, pos_label=1)) if len(set(y)) == 2 else float("nan")
    return {k: round(v, 4) if isinstance(v, float) else v for k, v in out.items()}


def validate(frame: pd.DataFrame, label_col: str) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Map labels, drop empty and too-short texts, check both classes are big enough."""
    if label_col not in frame.columns:
        raise InvalidInputError(
            f"no {label_col!r} column; found: {', '.join(map(str, frame.columns))}"
        )
    if "text" not in frame.columns and "html" not in frame.columns:
        raise InvalidInputError(
            f"no 'text' or 'html' column; found: {', '.join(map(str, frame.columns))}"
        )
    frame = frame.copy()
    frame["y"], spellings = map_labels(frame[label_col])
    content = frame["html"] if "html" in frame.columns else frame["text"]
    if "html" in frame.columns and "text" in frame.columns:
        content = frame["html"].where(frame["html"].str.strip() != "", frame["text"])
    keep = content.str.split().str.len().fillna(0) >= MIN_WORDS
    dropped = int((~keep).sum())
    frame = frame[keep].reset_index(drop=True)
    counts = frame["y"].value_counts()
    for cls, name in ((1, "credible"), (0, "not_credible")):
        if counts.get(cls, 0) < MIN_PER_CLASS:
            raise InvalidInputError(
                f"need at least {MIN_PER_CLASS} {name} rows, found {counts.get(cls, 0)}"
            )
    return frame, {"label_spellings": spellings, "dropped_short": dropped}


def train(paths: list[str], out: str, *, label_col: str = "label", force: bool = False) -> Path:
    """`credibility train`: read, validate, evaluate source-disjoint, fit, save."""
    frame = pd.concat([read_table(p) for p in paths], ignore_index=True)
    frame, report = validate(frame, label_col)
    X = extract(frame)
    y = frame["y"].to_numpy()
    groups = groups_of(frame)
    folds = min(5, len(set(groups)))
    card: dict[str, Any] = {
        "training": {
            "files": [Path(p).name for p in paths],
            "rows": len(frame),
            "credible": int(y.sum()),
            "not_credible": int(len(y) - y.sum()),
            "fingerprint": fingerprint(frame, [c for c in frame.columns if c != "y"]),
            **report,
        }
    }
    if folds >= 2:
        card["metrics"] = {
            "cv": f"GroupKFold({folds}) by source",
            "all": metrics(y, out_of_fold(X, y, groups, folds)),
        }
    pipeline = fit_on_signals(build_pipeline(), X, y)
    readable = {"MODEL_CARD.md": card_markdown(Path(out).name, card)}
    return save_model(pipeline, out, card, force=force, extra_files=readable)


def card_markdown(name: str, card: dict[str, Any]) -> str:
    """The model card for people: what the model was trained on and how well it does."""
    training = card.get("training", {})
    lines = [f"# Model card: {name}", "", card.get("description", ""), "", "## Training data", ""]
    lines += [f"- {source}" for source in training.get("data", training.get("files", []))]
    lines += [
        "",
        f"Rows: {training.get('rows')} ({training.get('credible')} credible, "
        f"{training.get('not_credible')} not credible).",
    ]
    if "composed_rows" in training:
        lines.append(
            f"Composed pages: {training['composed_rows']} "
            f"({training['composed_share']:.1%} of the rows, at most a third by design)."
        )
    if "excluded" in training:
        lines.append(f"Excluded: {training['excluded']}.")
    lines.append(f"Training-data fingerprint (SHA-256): `{training.get('fingerprint')}`.")
    found = card.get("metrics", {})
    if found:
        lines += ["", "## Evaluation", "", f"{found.get('cv', '')}, out-of-fold predictions.", ""]
        lines += ["| rows | n | macro-F1 | ROC-AUC | Brier |", "|---|---|---|---|---|"]
        subsets = {k: v for k, v in found.items() if isinstance(v, dict) and "n" in v}
        subsets.update(found.get("per_dataset", {}))
        for subset, m in subsets.items():
            lines.append(
                f"| {subset} | {m['n']} | {m['macro_f1']} | {m['roc_auc']} | {m['brier']} |"
            )
    lines += [
        "",
        "## Use",
        "",
        "Scores are calibrated probabilities that a page is credible, banded by the thresholds "
        "in card.json. The signals are tuned for English news pages. Labels in the training "
        "data are per source or per fact check, not per page; read a score as evidence to "
        "check, not a verdict. The artifact's SHA-256 and the exact linear form are in "
        "card.json.",
        "",
    ]
    return "\n".join(lines)
