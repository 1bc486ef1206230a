"""Source-disjoint accuracy of the signals model against a TF-IDF baseline, on the same folds.

    python benchmarks/accuracy.py [--data ../shared/data] [--json] [--C 0.03]

The frame, the signal matrix, the groups and the 5-fold GroupKFold are exactly those of
training/build_default.py (same functions, same seed), so the signals figures match the
default model card. The baseline is a bag of words over the raw text column.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
SEED = 20261126  # training/build_default.py's default --seed
FOLDS = 5
RESAMPLES = 1000


def baseline() -> Any:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    return make_pipeline(
        TfidfVectorizer(sublinear_tf=True, min_df=2), LogisticRegression(max_iter=1000)
    )


def out_of_fold(
    frame: Any, X: np.ndarray, y: np.ndarray, groups: np.ndarray, C: float | None
) -> dict[str, np.ndarray]:
    """P(credible) per row for both models, each row predicted by a fold that never saw its
    group."""
    from sklearn.model_selection import GroupKFold

    from credibility.model import build_pipeline, fit_on_signals

    text = frame["text"].to_numpy()
    oof = {"signals": np.zeros(len(y)), "tfidf": np.zeros(len(y))}
    splitter = GroupKFold(n_splits=FOLDS, shuffle=True, random_state=SEED)
    for tr, te in splitter.split(X, y, groups):
        pipeline = build_pipeline() if C is None else build_pipeline(C=C)
        model = fit_on_signals(pipeline, X[tr], y[tr])
        oof["signals"][te] = model[1:].predict_proba(X[te])[:, 1]  # X is the signal matrix
        oof["tfidf"][te] = baseline().fit(text[tr], y[tr]).predict_proba(text[te])[:, 1]
    return oof


def bootstrap(y: np.ndarray, oof: dict[str, np.ndarray]) -> dict[str, list[float]]:
    """95% percentile intervals of macro-F1 (and the paired difference) over row resamples.

    Rows of one source are not independent, so these intervals are optimistic.
    """
    from sklearn.metrics import f1_score

    rng = np.random.default_rng(SEED)
    draws: dict[str, list[float]] = {name: [] for name in [*oof, "signals-tfidf"]}
    for _ in range(RESAMPLES):
        idx = rng.integers(0, len(y), len(y))
        f1 = {name: f1_score(y[idx], p[idx] >= 0.5, average="macro") for name, p in oof.items()}
        for name, value in f1.items():
            draws[name].append(value)
        draws["signals-tfidf"].append(f1["signals"] - f1["tfidf"])
    return {
        k: [round(float(q), 4) for q in np.percentile(v, [2.5, 97.5])] for k, v in draws.items()
    }


def evaluate(data: Path, C: float | None) -> dict[str, Any]:
    from training.build_default import default_frame
    from training.cache import signal_matrix
    from training.evaluate import groups_for, point_metrics
    from training.train import documents

    def metrics(y: np.ndarray, p: np.ndarray) -> dict[str, Any]:
        return {"n": len(y), **point_metrics(y, p)}

    frame = default_frame(data, SEED)  # the training frame of `make model`, same seed
    started = time.perf_counter()
    X = signal_matrix(documents(frame), None)
    extract_seconds = time.perf_counter() - started
    y = frame["y"].to_numpy()
    groups = groups_for(frame)
    oof = out_of_fold(frame, X, y, groups, C)
    is_composed = (frame["dataset"] == "composed").to_numpy()
    subsets = {"all": np.ones(len(y), bool), "real": ~is_composed, "composed": is_composed}
    for name in sorted(set(frame["dataset"]) - {"composed"}):  # composed: listed above
        subsets[name] = (frame["dataset"] == name).to_numpy()
    rows = {
        subset: {model: metrics(y[mask], p[mask]) for model, p in oof.items()}
        for subset, mask in subsets.items()
    }
    real_oof = {model: p[~is_composed] for model, p in oof.items()}
    return {
        "cv": f"GroupKFold({FOLDS}, shuffle=True, random_state={SEED}) on groups_for(frame)",
        "C": C if C is not None else "build_pipeline default",
        "rows": len(y),
        "groups": len(set(groups)),
        "extract_seconds": round(extract_seconds, 1),
        "metrics": rows,
        "bootstrap_real_macro_f1_95": bootstrap(y[~is_composed], real_oof),
    }


def show(result: dict[str, Any]) -> None:
    print(f"{result['cv']}; signals C={result['C']}")
    print(
        f"{result['rows']} rows, {result['groups']} groups, "
        f"signals extracted in {result['extract_seconds']} s"
    )
    print(f"{'subset':28} {'n':>5}  {'signals F1':>10} {'AUC':>6}  {'tfidf F1':>8} {'AUC':>6}")
    for subset, models in result["metrics"].items():
        s, t = models["signals"], models["tfidf"]
        print(
            f"{subset:28} {s['n']:>5}  {s['macro_f1']:>10.4f} {s['roc_auc']:>6.4f}  "
            f"{t['macro_f1']:>8.4f} {t['roc_auc']:>6.4f}"
        )
    print(f"real-only macro-F1, bootstrap 95% ({RESAMPLES} row resamples, seed {SEED}):")
    for name, (low, high) in result["bootstrap_real_macro_f1_95"].items():
        print(f"  {name:14} [{low:.4f}, {high:.4f}]")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA, help="the shared data folder")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument(
        "--C",
        type=float,
        default=None,
        help="regularisation of the signals model (default: the pipeline's)",
    )
    args = parser.parse_args(argv)
    needed = [args.data / name for name in ("articles.jsonl.gz", "pages.jsonl.gz")]
    if not all(path.is_file() for path in needed):
        print(f"skipped: no data at {args.data}")
        return 0
    result = evaluate(args.data, args.C)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        show(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
