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

from training.compose import compose, english_boilerplate
from training.train import (
    MIN_WORDS,
    card_markdown,
    extract,
    fingerprint,
    groups_of,
    metrics,
    out_of_fold,
)

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
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
    return frame


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("-o", "--out", default="models/default")
    parser.add_argument("--seed", type=int, default=20261126)
    args = parser.parse_args(argv)
    if not (args.data / "articles.jsonl.gz").is_file():
        print(f"no training data at {args.data}", file=sys.stderr)
        return 1
    started = time.perf_counter()
    real = load_articles(args.data)
    composed = composed_pages(real, read_jsonl(args.data / "pages.jsonl.gz"), args.seed)
    frame = pd.concat([real, composed], ignore_index=True)
    X = extract(frame)
    y = frame["y"].to_numpy()
    groups = groups_of(frame)
    oof = out_of_fold(X, y, groups, seed=args.seed)
    is_composed = (frame["dataset"] == "composed").to_numpy()
    report = {
        "cv": "GroupKFold(5) by source (dataset+class where no source); composed pages share "
        "their story's group",
        "all": metrics(y, oof),
        "real": metrics(y[~is_composed], oof[~is_composed]),
        "composed": metrics(y[is_composed], oof[is_composed]),
        "per_dataset": {
            name: metrics(y[idx], oof[idx])
            for name, idx in frame.groupby("dataset").indices.items()
        },
    }
    from credibility.model import build_pipeline, fit_on_signals, save_model

    card = {
        "description": "Default credibility model: calibrated logistic regression on the "
        "named signals",
        "training": {
            "data": CITATIONS,
            "rows": len(frame),
            "real_rows": int((~is_composed).sum()),
            "composed_rows": int(is_composed.sum()),
            "composed_share": round(float(is_composed.mean()), 4),
            "credible": int(y.sum()),
            "not_credible": int(len(y) - y.sum()),
            "seed": args.seed,
            "fingerprint": fingerprint(frame, ["id", "text", "title", "url", "label"]),
            "excluded": f"texts under {MIN_WORDS} words and broken scrapes ({BROKEN[0]!r})",
        },
        "metrics": report,
    }
    pipeline = fit_on_signals(build_pipeline(), X, y)
    readable = {"MODEL_CARD.md": card_markdown(Path(args.out).name, card)}
    path = save_model(pipeline, args.out, card, force=True, extra_files=readable)
    seconds = time.perf_counter() - started
    print(json.dumps({"model": str(path), "seconds": round(seconds, 1), **report}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
