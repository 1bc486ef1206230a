"""Leave-one-dataset-out accuracy of the signals model beside a TF-IDF baseline, on the same
splits, in the same run.

    python benchmarks/accuracy.py [--data ../shared/data] [--json] [--C C] [--max-points P]
                                  [--measure-shrink K] [--min-sources N] [--topics K]
                                  [--weight-cap K] [--site-disjoint] [--cached]
                                  [--content kept|masked] [--leave-topic-out] [--pages]
                                  [--sites]

For each real dataset: train on all the others (composed pages go with their story's
dataset), score the one left out. The frame, signal matrix, stacked vocabulary column and
weights are those of training/build_default.py (same functions, same seed); the vocabulary
lexicon is refitted without the held-out dataset. The baseline is TF-IDF + logistic
regression over the raw text of the training side's real articles. Bands (low / credible)
are chosen on the pooled held-out predictions of each model, as `make model` does. Then, at
the level of sites: for every source with at least three held-out articles, the mean score
of its articles against the source's label (ROC-AUC over sources), beside the article-level
ROC-AUC of the same articles: how well pages predict sites.

Subject shift (training/topics.py, training/pages.py), as every dataset shares two subjects:
--leave-topic-out holds out each topic cluster of the stories in turn (the full model and
the vocabulary alone: per topic ROC-AUC and the share of credible articles banded credible
and low, with the bands chosen on the leave-one-dataset-out predictions); --pages scores the
English pages of pages.jsonl.gz whose site the shipped reputation table rates reliable or
unreliable, from their HTML with their URL, by a model trained without their sites' rows
and by the bundled model as it ships.

Site verdicts (credibility/sites.py, training/sites.py), with --sites (which implies
--site-disjoint): the held-out pages of every source aggregated into site verdicts, per
dataset and pooled, with 95% intervals from bootstrap resamples of sites: site ROC-AUC, each
band's precision and coverage for sites with at least 5 held-out pages (on all of them), and
the same at 1, 3, 5, 10 and 20 pages drawn from each site. In-sample: the site calibration
fitted on these held-out sites, as the card's is; cross-fitted: each dataset's sites judged
by a calibration fitted without them.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from credibility.defaults import SEED
from credibility.training.datadir import data_dir

DATA = data_dir()
SETTINGS = (
    "C",
    "measure_shrink",
    "max_points",
    "min_sources",
    "topics",
    "content",
    "vocabulary_C",
    "weight_cap",
)


def tfidf_fit_predict(texts: np.ndarray, real: np.ndarray):  # type: ignore[no-untyped-def]
    """LODO fit_predict for the baseline: it reads the rows' text, learns from real rows."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    def fit_predict(rows_train, y_train, w_train, rows_test):  # type: ignore[no-untyped-def]
        train = rows_train[:, 0].astype(int)
        keep = real[train]
        model = make_pipeline(
            TfidfVectorizer(sublinear_tf=True, min_df=2), LogisticRegression(max_iter=1000)
        )
        model.fit(
            texts[train][keep], y_train[keep], logisticregression__sample_weight=w_train[keep]
        )
        return model.predict_proba(texts[rows_test[:, 0].astype(int)])[:, 1]

    return fit_predict


def evaluate(data: Path, args: argparse.Namespace) -> dict[str, Any]:
    from credibility.training import lodo, pages, topics
    from credibility.training.build_default import TARGET_PRECISION, prepared
    from credibility.training.data import sample_weights
    from credibility.training.evaluate import groups_for, point_metrics
    from credibility.training.train import Options, fitted_predict

    started = time.perf_counter()
    frame, X, vocab, _ = prepared(
        data,
        SEED,
        args.cache,
        min_sources=args.min_sources,
        vocabulary_C=args.vocabulary_C,
        topics=args.topics,
        content=args.content,
    )
    prepare_seconds = time.perf_counter() - started
    y = frame["y"].to_numpy()
    weight = sample_weights(groups_for(frame), y, args.weight_cap)
    options = Options(
        seed=SEED, C=args.C, max_points=args.max_points, measure_shrink=args.measure_shrink
    )
    real = (frame["dataset"] != lodo.COMPOSED).to_numpy()
    rows = np.arange(len(y), dtype=float).reshape(-1, 1)
    disjoint = args.site_disjoint or args.sites
    both = lodo.predictions(
        frame,
        X,
        weight,
        fitted_predict(options, "sigmoid"),
        vocab,
        composed=True,
        disjoint_sites=disjoint,
    )
    baseline = tfidf_fit_predict(frame["text"].to_numpy(), real)
    held_out = {
        "signals": np.where(real, both, np.nan),
        "tfidf": lodo.predictions(frame, rows, weight, baseline, disjoint_sites=disjoint),
    }
    composed = point_metrics(y[~real], both[~real])["roc_auc"] if (~real).any() else None
    banded = {name: lodo.banded(frame, p, TARGET_PRECISION) for name, p in held_out.items()}
    tables = {name: table for name, (_, table) in banded.items()}
    sites = {name: lodo.source_level(frame, p) for name, p in held_out.items()}
    bands = banded["signals"][0]
    shifted: dict[str, Any] = {}
    if args.leave_topic_out:
        shifted["topics"] = topics.topics_out(frame, X, weight, options, vocab, bands)
    if args.sites:
        from credibility.training import sites as site_verdicts

        shifted["sites"] = {
            name: site_verdicts.study(site_verdicts.pages_frame(frame, p), SEED)[1]
            for name, p in held_out.items()
        }
    if args.pages:
        shifted["pages"] = pages.pages_check(
            data, frame, X, weight, options, vocab, bands, args.cache
        )
    return {
        "splits": "leave one dataset out"
        + (", and every site of the held-out rows" if disjoint else "")
        + "; composed pages go with their story's dataset",
        "settings": {k: getattr(args, k) for k in SETTINGS},
        "rows": len(y),
        "composed_roc_auc": None if composed is None else round(composed, 4),
        "prepare_seconds": round(prepare_seconds, 1),
        "lodo": tables,
        "sources": sites,
        "bands": {k: bands[k] for k in ("low", "credible")},
        **shifted,
    }


def show(result: dict[str, Any]) -> None:
    print(f"{result['splits']}; {result['settings']}")
    print(
        f"{result['rows']} rows; signals and vocabulary prepared in {result['prepare_seconds']} s"
    )
    signals, tfidf = result["lodo"]["signals"], result["lodo"]["tfidf"]
    print(
        f"{'held out':28} {'n':>5}  {'AUC':>6} {'F1':>6} {'low P':>6} {'low %':>6} "
        f"{'cred P':>6}   {'tfidf AUC':>9} {'F1':>6} {'low P':>6}"
    )

    def f(v: Any) -> str:
        return f"{v:6.3f}" if isinstance(v, float) else f"{'-':>6}"

    for s, t in zip(signals, tfidf, strict=True):
        print(
            f"{s['held_out']:28} {s['n']:>5}  {f(s['roc_auc'])} {f(s['macro_f1'])} "
            f"{f(s.get('low_precision'))} {f(s.get('low_share'))} {f(s.get('credible_precision'))}"
            f"   {f(t['roc_auc']):>9} {f(t['macro_f1'])} {f(t.get('low_precision'))}"
        )
    if result["composed_roc_auc"] is not None:
        print(
            "signals: composed pages, each held out with its story's dataset: ROC-AUC "
            f"{result['composed_roc_auc']:.3f} (the blurbs and furniture this project is for)"
        )
    for name, s in result["sources"].items():
        print(
            f"{name}: pages predict sites: ROC-AUC over {s['sources']} sources with "
            f">= {s['min_articles']} held-out articles ({s['credible_sources']} credible) "
            f"{s['source_roc_auc']:.3f}; over their {s['articles']} articles "
            f"{s['article_roc_auc']:.3f}"
        )
    for model, rows in result.get("topics", {}).items():
        print(f"leave one topic out, {model} (bands of the signals' LODO: {result['bands']}):")
        print(
            f"  {'topic':>5} {'n':>5} {'cred':>5}  {'AUC':>6} {'cred->C':>7} {'cred->L':>7}  words"
        )
        for r in rows:
            print(
                f"  {r['topic']:>5} {r['n']:>5} {r['credible_n']:>5}  {f(r['roc_auc'])} "
                f"{f(r['credible_as_credible']):>7} {f(r['credible_as_low']):>7}  {r['words']}"
            )
        print("  (mean row: mean AUC, mean share credible, the worst topic's share low)")
    for model, found in result.get("sites", {}).items():
        show_sites(model, found)
    for model, t in result.get("pages", {}).items():
        rel, unrel = t["reliable"], t["unreliable"]
        print(
            f"rated pages, {model}: reliable {rel['n']} ({rel['sites']} sites): "
            f"{rel['credible']} credible, {rel['uncertain']} uncertain, {rel['low']} low; "
            f"unreliable {unrel['n']}: {unrel['credible']} credible, {unrel['uncertain']} "
            f"uncertain, {unrel['low']} low; ROC-AUC {f(t['roc_auc'])}"
        )


def show_sites(model: str, found: dict[str, Any]) -> None:
    """The site verdicts' tables: headline per dataset and pooled, then by pages."""

    def c(v: list[float | None] | None) -> str:
        return f"{'-':>18}" if not v or v[0] is None else f"{v[0]:.2f} [{v[1]:.2f}, {v[2]:.2f}]"

    chosen = found["chosen"]
    print(
        f"site verdicts, {model}: {found['sites']} sites, {found['pages']} held-out pages; "
        f"minimum {chosen['min_pages']} pages, bands {chosen['bands']['precision']}"
    )
    head = f"  {'sites of':28} {'n':>4} {'cred':>4}  {'ROC-AUC':18} {'low P':18} {'low cov':18}"
    head += f" {'cred P':18} {'cred cov':18}"
    for kind in ("in_sample", "cross_fitted"):
        print(f" {kind.replace('_', '-')}, sites with >= 5 held-out pages, on all of them:")
        print(head)
        for name, r in found[kind]["headline"].items():
            print(
                f"  {name:28} {r['sites']:>4} {r['credible_sites']:>4}  {c(r['roc_auc'])} "
                f"{c(r['low_precision'])} {c(r['low_coverage'])} "
                f"{c(r['credible_precision'])} {c(r['credible_coverage'])}"
            )
        print(f" {kind.replace('_', '-')}, n pages drawn from each site with at least n:")
        for name, rows in found[kind]["curve"].items():
            for size, r in rows.items():
                print(
                    f"  {name:28} {size:>4} {r['sites']:>4}  {c(r['roc_auc'])} "
                    f"{c(r['low_precision'])} {c(r['low_coverage'])} "
                    f"{c(r['credible_precision'])} {c(r['credible_coverage'])}"
                )


def main(argv: list[str] | None = None) -> int:
    from credibility.defaults import DEFAULT_C, MAX_POINTS, MEASURE_SHRINK
    from credibility.training.cache import default_cache_dir
    from credibility.training.train import WEIGHT_CAP
    from credibility.training.vocabulary import CONTENT as VOCABULARY_CONTENT
    from credibility.training.vocabulary import MIN_SOURCES, TOPICS
    from credibility.training.vocabulary import C as VOCABULARY_C

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA, help="the shared data folder")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--C", type=float, default=DEFAULT_C, help="regularisation")
    parser.add_argument("--max-points", type=float, default=MAX_POINTS, help="cap per signal")
    parser.add_argument(
        "--measure-shrink",
        type=float,
        default=MEASURE_SHRINK,
        help="how much harder measures are shrunk than markers",
    )
    parser.add_argument("--min-sources", type=int, default=MIN_SOURCES, help="vocabulary terms")
    parser.add_argument(
        "--vocabulary-C", type=float, default=VOCABULARY_C, help="the lexicon's regularisation"
    )
    parser.add_argument(
        "--topics", type=int, default=TOPICS, help="topic clusters beside the lexicon (0: none)"
    )
    parser.add_argument(
        "--content",
        choices=("kept", "masked"),
        default=VOCABULARY_CONTENT,
        help="the lexicon reads every lowercase word (kept) or manner words alone (masked)",
    )
    parser.add_argument("--weight-cap", type=int, default=WEIGHT_CAP, help="rows per source")
    parser.add_argument(
        "--site-disjoint",
        action="store_true",
        help="hold out the held-out rows' sites from every other dataset too",
    )
    parser.add_argument(
        "--cached", action="store_true", help="reuse signal values cached by `make model`"
    )
    parser.add_argument(
        "--leave-topic-out",
        action="store_true",
        help="hold out each topic cluster in turn (full model and vocabulary alone)",
    )
    parser.add_argument(
        "--pages",
        action="store_true",
        help="score the rated English pages of pages.jsonl.gz (held out by site; as shipped)",
    )
    parser.add_argument(
        "--sites",
        action="store_true",
        help="site verdicts of the held-out pages, per dataset and pooled (sites disjoint)",
    )
    args = parser.parse_args(argv)
    args.cache = default_cache_dir() if args.cached else None
    needed = [args.data / name for name in ("articles.jsonl.gz", "pages.jsonl.gz")]
    if not all(path.is_file() for path in needed):
        print(f"skipped: no data at {args.data}")
        return 0
    result = evaluate(args.data, args)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        show(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
