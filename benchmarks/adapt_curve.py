"""The adaptation learning curve: how many labelled rows of an unseen dataset it takes for
`credibility train --from` to help, beside the base model and beside training from scratch.

    python benchmarks/adapt_curve.py [--data ../shared/data] [--sizes 10 25 50 100 200]
                                     [--repeats 3] [--compare] [--json] [--cached]

For each real dataset in turn, as leave-one-dataset-out does: the base is the default build
(training/build_default.py: same frame, composed pages, stacked vocabulary, weights and
settings) fitted WITHOUT that dataset, its vocabulary lexicon refitted without it too. The
dataset's rows are split by site (source, else the URL's site; rows without either are their
own site): the adaptation rows come from some sites, the evaluation rows from the others.
From the adaptation side, 10, 25, ... rows (half of each class, nested: the 25 hold the 10)
adapt the base (training.adapt, as `credibility train --from` does) and train a model from
scratch (as `credibility train` does). All three score the same evaluation rows: ROC-AUC, and
the precision of the low and credible bands at the shipped model's thresholds (an adapted
model keeps its base's bands). Each figure is the mean of ``--repeats`` site splits. A small
dataset gives at most 60% of each class to the adaptation side: its largest sizes say how
many rows there were. Then the seed page (../shared/examples/seed-page.txt) is scored by every
adapted model: it must stay `low` with the base's evidence.

``--compare`` adds the alternatives measured for the choice (training.adapt's docstring):
the prior at other strengths and at one the rows choose by folds of themselves, the prior
holding every weight alike or each kind of signal as the base does (measures 10 times
harder) instead of the markers 10 times harder, and keeping the
base's training rows with the user's weighted up (10 and 30 times a base row). The figures
are for whatever model the current code builds: re-run after a rebuild.
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
SIZES = (10, 25, 50, 100, 200)
ADAPT_SHARE = 0.6  # at most this share of a class goes to the adaptation side
ROW_WEIGHTS = (10.0, 30.0)  # the user's rows weigh this many base rows, with --compare
EVIDENCE_POINTS = -0.25  # a seed-page signal at or below this is part of its evidence


def units(frame) -> np.ndarray:  # type: ignore[no-untyped-def]
    """Each row's site: its source, else its URL's registrable domain, else itself."""
    from credibility.training.lodo import sites

    site = sites(frame)
    source = frame["source"].fillna("").astype(str).to_numpy()
    own = np.array([f"row:{i}" for i in range(len(frame))], dtype=object)
    return np.where(source != "", source, np.where(site != "", site, own))


def split(
    y: np.ndarray, unit: np.ndarray, largest: int, rng: np.random.Generator
) -> tuple[dict[int, np.ndarray], np.ndarray]:
    """Adaptation rows per class (in a random order, to take nested prefixes of) and the
    evaluation rows, from disjoint sites. A site goes with its majority class; each class
    gives sites to the adaptation side until it holds ``largest / 2`` rows of that class or
    ``ADAPT_SHARE`` of them, and always leaves the evaluation side at least one site."""
    names, inverse = np.unique(unit, return_inverse=True)
    majority = np.array([round(y[inverse == u].mean() + 1e-9) for u in range(len(names))])
    adapt = np.zeros(len(y), dtype=bool)
    for cls in (0, 1):
        wanted = min(largest // 2, int(ADAPT_SHARE * (y == cls).sum()))
        candidates = rng.permutation(np.flatnonzero(majority == cls))
        for u in candidates[:-1]:
            if (adapt & (y == cls)).sum() >= wanted:
                break
            adapt |= inverse == u
    ordered = {cls: rng.permutation(np.flatnonzero(adapt & (y == cls))) for cls in (0, 1)}
    return ordered, np.flatnonzero(~adapt)


def band_figures(y: np.ndarray, p: np.ndarray, thresholds: dict[str, float]) -> dict[str, Any]:
    from credibility.training.evaluate import point_metrics
    from credibility.training.lodo import band_precision

    point = point_metrics(y, p)
    return {
        "roc_auc": point["roc_auc"],
        "brier": point["brier"],
        **band_precision(y, p, thresholds),
    }


def ignoring_groups(fit_predict):  # type: ignore[no-untyped-def]
    """A fit_predict that does not read the rows' sources, called as those that do."""

    def call(X_user, y_user, w_user, X_test, groups):  # type: ignore[no-untyped-def]
        return fit_predict(X_user, y_user, w_user, X_test)

    return call


def with_base_rows(fit_predict, X_base, y_base, w_base, k: float):  # type: ignore[no-untyped-def]
    """Training on the base's rows at their own weights (mean 1) and the user's at k each."""

    def call(X_user, y_user, w_user, X_test, groups):  # type: ignore[no-untyped-def]
        X_all = np.vstack([X_base, X_user])
        y_all = np.concatenate([y_base, y_user])
        w_all = np.concatenate([w_base, k * w_user])
        return fit_predict(X_all, y_all, w_all, X_test)

    return call


STRENGTHS = (0.003, 0.01, 0.03, 0.1, 1.0)  # beside training.adapt.ADAPT_C, with --compare


def chosen_strength(base):  # type: ignore[no-untyped-def]
    """The prior at the strength (0.003-0.3) whose adaptations predicted the user's own
    held-out sites best (log-loss over folds grouped by site): tried, and lost to ADAPT_C."""
    from credibility.signals import SIGNAL_NAMES
    from credibility.training.adapt import fitted_adapter
    from credibility.training.evaluate import folds, out_of_fold

    def call(X_user, y_user, w_user, X_test, groups):  # type: ignore[no-untyped-def]
        candidates = (0.003, 0.01, 0.03, 0.1, 0.3)
        splits = folds(y_user, groups, 5, SEED)
        losses = []
        for C in candidates:
            fit_predict = fitted_adapter(base, SIGNAL_NAMES, C)
            p = out_of_fold(fit_predict, X_user, y_user, splits, w_user)
            p = np.clip(p, 1e-6, 1 - 1e-6)
            losses.append(
                -np.average(np.where(y_user == 1, np.log(p), np.log(1 - p)), weights=w_user)
            )
        best = candidates[int(np.argmin(losses))]
        return fitted_adapter(base, SIGNAL_NAMES, best)(X_user, y_user, w_user, X_test)

    return call


def methods(args, options, base, X_base, y_base, w_base):  # type: ignore[no-untyped-def]
    """name -> fit_predict(X_user, y_user, w_user, X_test, groups_user) per method."""
    from credibility.signals import SIGNAL_NAMES
    from credibility.training.adapt import fitted_adapter
    from credibility.training.train import fitted_predict

    found = {
        "adapted": ignoring_groups(fitted_adapter(base, SIGNAL_NAMES)),
        "scratch": ignoring_groups(fitted_predict(options, "sigmoid")),
    }
    if not args.compare:
        return found
    for C in STRENGTHS:
        found[f"fixed C {C:g}"] = ignoring_groups(fitted_adapter(base, SIGNAL_NAMES, C))
    found["C chosen by folds"] = chosen_strength(base)
    for shares in ("even", "kinds"):
        found[f"held {shares}"] = ignoring_groups(fitted_adapter(base, SIGNAL_NAMES, shares=shares))
    for k in ROW_WEIGHTS:
        fit_predict = fitted_predict(options, "sigmoid")
        found[f"base rows + x{k:g}"] = with_base_rows(fit_predict, X_base, y_base, w_base, k)
    return found


def seed_values(data: Path) -> np.ndarray | None:
    path = data.parent / "examples" / "seed-page.txt"
    if not path.is_file():
        return None
    from credibility.features import extract

    return extract([{"text": path.read_text(encoding="utf-8")}])


def evaluate(data: Path, args: argparse.Namespace) -> dict[str, Any]:
    from credibility.model import load_model
    from credibility.pipeline import fit_on_signals
    from credibility.signals import SIGNAL_NAMES
    from credibility.training import lodo
    from credibility.training.adapt import adapter
    from credibility.training.build_default import prepared
    from credibility.training.data import sample_weights
    from credibility.training.evaluate import groups_for
    from credibility.training.train import Options

    started = time.perf_counter()
    shipped = load_model(args.model)
    thresholds = shipped.thresholds
    frame, X, vocab, _ = prepared(data, SEED, args.cache)
    y = frame["y"].to_numpy()
    weight = sample_weights(groups_for(frame), y)
    real = (frame["dataset"] != lodo.COMPOSED).to_numpy()
    datasets = lodo.story_datasets(frame)
    unit = units(frame)
    options = Options(seed=SEED)
    seed_X = seed_values(data)
    curve: list[dict[str, Any]] = []
    seed_checks: list[dict[str, Any]] = []
    for held_out in sorted(set(datasets[real])):
        test = np.flatnonzero(real & (datasets == held_out))
        train = np.flatnonzero(datasets != held_out)
        Xf = lodo.vocabulary_column(vocab, X, y, weight, real, train, test)
        base_pipeline = fit_on_signals(
            options.pipeline("sigmoid"), Xf[train], y[train], weight[train]
        )
        base = base_pipeline.named_steps["classify"]
        fits = methods(args, options, base, Xf[train], y[train], weight[train])
        if seed_X is not None:
            seed_base = base.points(seed_X)[0]
            evidence = np.flatnonzero(seed_base <= EVIDENCE_POINTS)
        for repeat in range(args.repeats):
            rng = np.random.default_rng(SEED + repeat)
            ordered, evaluation = split(y[test], unit[test], max(args.sizes), rng)
            ev = test[evaluation]
            p_base = base.predict_proba(Xf[ev])[:, 1]
            for size in args.sizes:
                halves = {0: size // 2, 1: size - size // 2}  # 25 rows: 12 and 13
                picked = np.concatenate([ordered[c][: halves[c]] for c in (0, 1)])
                rows = test[picked]
                w = sample_weights(unit[rows], y[rows])
                row: dict[str, Any] = {
                    "held_out": str(held_out),
                    "size": size,
                    "repeat": repeat,
                    "rows": len(rows),
                    "eval_rows": len(ev),
                    "base": band_figures(y[ev], p_base, thresholds),
                }
                for name, fit_predict in fits.items():
                    p = fit_predict(Xf[rows], y[rows], w, Xf[ev], unit[rows])
                    row[name] = band_figures(y[ev], p, thresholds)
                curve.append(row)
                if seed_X is not None:
                    model = adapter(base, SIGNAL_NAMES).fit(Xf[rows], y[rows], sample_weight=w)
                    points = model.points(seed_X)[0]
                    p_seed = float(model.predict_proba(seed_X)[0, 1])
                    seed_checks.append(
                        {
                            "held_out": str(held_out),
                            "size": size,
                            "repeat": repeat,
                            "credibility": round(p_seed, 4),
                            "low": p_seed < thresholds["low"],
                            "evidence_kept": bool((points[evidence] < 0).all()),
                            "evidence_lost": [SIGNAL_NAMES[j] for j in evidence if points[j] >= 0],
                        }
                    )
        print(f"{held_out}: {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return {
        "base": "the default build without the held-out dataset",
        "thresholds": thresholds,
        "sizes": list(args.sizes),
        "repeats": args.repeats,
        "seconds": round(time.perf_counter() - started, 1),
        "table": summary(curve),
        "seed_page": seed_checks,
    }


def summary(curve: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Means over repeats, per held-out dataset and size."""
    out = []
    keys = sorted({(r["held_out"], r["size"]) for r in curve}, key=lambda k: (k[0], k[1]))
    for held_out, size in keys:
        rows = [r for r in curve if r["held_out"] == held_out and r["size"] == size]
        entry: dict[str, Any] = {
            "held_out": held_out,
            "size": size,
            "rows": round(float(np.mean([r["rows"] for r in rows])), 1),
            "eval_rows": round(float(np.mean([r["eval_rows"] for r in rows])), 1),
        }
        for name in [k for k, v in rows[0].items() if isinstance(v, dict)]:
            entry[name] = {
                metric: mean_of([r[name][metric] for r in rows])
                for metric in ("roc_auc", "brier", "low_precision", "credible_precision")
            }
        out.append(entry)
    return out


def mean_of(values: list[float | None]) -> float | None:
    found = [v for v in values if v is not None and not np.isnan(v)]
    return round(float(np.mean(found)), 4) if found else None


def targets(result: dict[str, Any]) -> list[str]:
    """The issue's done-when, checked on the table."""
    table = result["table"]
    lines = []
    at = {(r["held_out"], r["size"]): r for r in table}
    held = sorted({r["held_out"] for r in table})
    if 50 in result["sizes"]:
        gains = [at[(h, 50)]["adapted"]["roc_auc"] - at[(h, 50)]["base"]["roc_auc"] for h in held]
        lines.append(
            f"50 rows: worst change against the base {min(gains):+.3f} ROC-AUC (target >= "
            f"-0.010: {'holds' if min(gains) >= -0.01 else 'fails'}); better on "
            f"{sum(g > 0 for g in gains)} of {len(held)} (target >= 4)"
        )
    if 200 in result["sizes"]:
        wins = [
            at[(h, 200)]["adapted"]["roc_auc"] > at[(h, 200)]["scratch"]["roc_auc"] for h in held
        ]
        lines.append(f"200 rows: adapted beats scratch on {sum(wins)} of {len(held)}")
    if result["seed_page"]:
        kept = [c["low"] and c["evidence_kept"] for c in result["seed_page"]]
        low = sum(c["low"] for c in result["seed_page"])
        worst = max(c["credibility"] for c in result["seed_page"])
        lost = sorted({n for c in result["seed_page"] for n in c["evidence_lost"]})
        lines.append(
            f"seed page low after {low} of {len(kept)} adaptations (highest credibility "
            f"{worst:.3f}, low below {result['thresholds']['low']}), with every signal of its "
            f"evidence still against it after {sum(kept)}"
            + (f" (lost: {', '.join(lost)})" if lost else "")
        )
    return lines


def show(result: dict[str, Any]) -> None:
    table = result["table"]
    names = [k for k, v in table[0].items() if isinstance(v, dict)]
    print(
        f"ROC-AUC (low-band precision / credible-band precision) on the held-out dataset's "
        f"evaluation sites; mean of {result['repeats']} site splits; bands at "
        f"{result['thresholds']}"
    )
    print(f"{'held out':28} {'rows':>6} {'eval':>5}  " + "  ".join(f"{n:>22}" for n in names))

    def cell(m: dict[str, Any]) -> str:
        def f(v: float | None) -> str:
            return "  - " if v is None else f"{v:.2f}"

        return f"{m['roc_auc']:.3f} ({f(m['low_precision'])}/{f(m['credible_precision'])})"

    for r in table:
        print(
            f"{r['held_out']:28} {r['rows']:>6} {r['eval_rows']:>5}  "
            + "  ".join(f"{cell(r[n]):>22}" for n in names)
        )
    for line in targets(result):
        print(line)
    print(f"{result['seconds']} s")


def main(argv: list[str] | None = None) -> int:
    from credibility.training.cache import default_cache_dir

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA, help="the shared data folder")
    parser.add_argument("--model", default="default", help="whose bands the figures use")
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--repeats", type=int, default=5, help="site splits per dataset")
    parser.add_argument("--compare", action="store_true", help="measure the alternatives too")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument(
        "--cached", action="store_true", help="reuse signal values cached by `make model`"
    )
    args = parser.parse_args(argv)
    args.cache = default_cache_dir() if args.cached else None
    needed = [args.data / name for name in ("articles.jsonl.gz", "pages.jsonl.gz")]
    if not all(path.is_file() for path in needed):
        print(f"skipped: no data at {args.data}")
        return 0
    result = evaluate(args.data, args)
    if args.json:
        print(json.dumps({**result, "targets": targets(result)}, indent=2))
    else:
        show(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
