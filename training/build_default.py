"""Build models/default from ../shared/data: `make model` (python -m training.build_default).

Deterministic for a given seed: the same data give the same composed pages, folds and model.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

from training.cache import default_cache_dir, signal_matrix
from training.compose import compose, english_boilerplate
from training.data import MIN_WORDS, fingerprint
from training.train import Options, documents, fit_evaluate_save

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
SEED = 20261126
COMPOSED_SHARE = 1 / 3  # composed pages never exceed this share of the training rows
BROKEN = ("The document has moved here.",)
CITATIONS = [
    "Potthast et al. 2018, BuzzFeed-Webis Fake News Corpus 2016",
    "Horne & Adali 2017, This Just In: Fake News Packs a Lot in Title...",
    "Pérez-Rosas et al. 2018, Automatic Detection of Fake News",
    "Shu et al., FakeNewsNet (PolitiFact part)",
    "trafilatura evaluation pages (Apache-2.0), boilerplate lines and bylines",
]


def read_jsonl(path: Path) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def load_articles(data: Path) -> pd.DataFrame:
    frame = pd.DataFrame(read_jsonl(data / "articles.jsonl.gz")).fillna("")
    frame = frame[~frame["text"].str.strip().isin(BROKEN)]
    frame = frame[frame["text"].str.split().str.len() >= MIN_WORDS].reset_index(drop=True)
    frame["y"] = (frame["label"] == "credible").astype(int)
    frame["html"] = ""
    # Per the data README: group by source where known, else by dataset and class.
    frame["group"] = np.where(
        frame["source"] != "", frame["source"], frame["dataset"] + "/" + frame["label"]
    )
    return frame


def composed_pages(real: pd.DataFrame, pages: list[dict], seed: int) -> pd.DataFrame:
    rng = random.Random(seed)
    pool = english_boilerplate(pages)
    per_class = int(len(real) * COMPOSED_SHARE / (1 - COMPOSED_SHARE) / 2) - 1
    # Legitimate furniture goes around credible stories only; a promotional blurb makes any
    # story's page not credible, so its stories come from both classes (the story style then
    # stays a fair signal of its own).
    credible = rng.sample(real[real["y"] == 1].to_dict("records"), per_class)
    promoted = rng.sample(real.to_dict("records"), per_class)
    rows = [compose(s, pool, label=1, rng=rng) for s in credible]
    rows += [compose(s, pool, label=0, rng=rng) for s in promoted]
    frame = pd.DataFrame(rows)
    frame["y"] = (frame["label"] == "credible").astype(int)
    frame["html"] = ""
    return frame


def default_frame(data: Path, seed: int) -> pd.DataFrame:
    """Real articles plus composed pages, with the columns training reads."""
    real = load_articles(data)
    composed = composed_pages(real, read_jsonl(data / "pages.jsonl.gz"), seed)
    return pd.concat([real, composed], ignore_index=True)


def cross_validated(data: Path = DATA, seed: int = SEED, cache_dir: Path | None = None) -> dict:
    """The default model's out-of-fold macro-F1, overall and per subset, without saving:
    the quality gate in tests/test_realdata.py recomputes it from the data."""
    from training import evaluate
    from training.train import Options, calibrated_oof

    frame = default_frame(data, seed)
    X = signal_matrix(documents(frame), cache_dir)
    y = frame["y"].to_numpy()
    splits = evaluate.folds(y, evaluate.groups_for(frame), 5, seed)
    p = calibrated_oof(X, y, splits, Options(seed=seed), "sigmoid")
    real = (frame["dataset"] != "composed").to_numpy()
    return {
        "model": evaluate.point_metrics(y, p)["macro_f1"],
        "model, real articles": evaluate.point_metrics(y[real], p[real])["macro_f1"],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("-o", "--out", default="models/default")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--no-cache", action="store_true", help="measure every signal again")
    args = parser.parse_args(argv)
    if not (args.data / "articles.jsonl.gz").is_file():
        print(f"no training data at {args.data}", file=sys.stderr)
        return 1
    started = time.perf_counter()
    frame = default_frame(args.data, args.seed)
    options = Options(
        seed=args.seed, force=True, cache_dir=None if args.no_cache else default_cache_dir()
    )
    X = signal_matrix(documents(frame), options.cache_dir)
    is_composed = (frame["dataset"] == "composed").to_numpy()
    card = {
        "description": "Default credibility model: calibrated logistic regression on the "
        "named signals",
        "training": {
            "data": CITATIONS,
            "rows": len(frame),
            "real_rows": int((~is_composed).sum()),
            "composed_rows": int(is_composed.sum()),
            "composed_share": round(float(is_composed.mean()), 4),
            "credible": int(frame["y"].sum()),
            "not_credible": int(len(frame) - frame["y"].sum()),
            "rejected": 0,
            "seed": args.seed,
            "fingerprint": fingerprint(frame, ["id", "text", "title", "url", "label"]),
            "excluded": f"texts under {MIN_WORDS} words and broken scrapes ({BROKEN[0]!r})",
        },
    }
    subsets = {"real articles": ~is_composed, "composed pages": is_composed}
    path, card = fit_evaluate_save(frame, X, args.out, options, card, subsets)
    seconds = time.perf_counter() - started
    headline = {k: v for k, v in card["metrics"].items() if isinstance(v, dict) and "n" in v}
    print(json.dumps({"model": str(path), "seconds": round(seconds, 1), **headline}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
