"""The site verdict's calibration (credibility/sites.py), fitted and evaluated on sites the
page model never saw, and written into a model's card.

    python -m credibility.training.sites [--model NAME|DIR] [--data DIR] [--cached]
                                         [--predictions FILE] [--dry-run] [--json]

1. Held-out pages: every real article of the training data scored by a page model trained
   without its dataset and without any page of its site (leave-one-dataset-out, sites
   disjoint, as `benchmarks/accuracy.py --site-disjoint`), the page model's settings and
   seed. A site is a source within its dataset; Horne & Adali and Pérez-Rosas name none.
2. The aggregation: page logits clipped to +-CLIP; the prior of a site's mean page logit
   (the mean and the spread of held-out site means, less the part their own pages' noise
   explains) and the typical spread of a site's pages, on sites with two pages or more.
3. The calibration: a logistic regression of the site's label on its posterior mean, fitted
   on subsamples of every site at 1, 2, 3, 5, 10 and 20 pages and at all of them (a site
   weighs the same at every size; both classes weigh the same), so one calibration serves
   a site of three pages and one of three hundred.
4. The bands for precision TARGET_PRECISION on the samples of at least the minimum pages,
   and the minimum: the fewest pages of GRID at which the held-out sites are ranked with
   ROC-AUC MIN_PAGES_AUC or more and the low band keeps its precision.

The page model is not touched: the card gains a ``sites`` block (the calibration and its
figures) and a new card digest; the artifact and its SHA-256 stay as they are.

AllSides' labels are its outlets' factual-reporting record, which their pages do not show
(pages rank its sources below chance): it is evaluated, and its credible outlets count in
the bands' precision (a credible outlet banded low is a false accusation from any
dataset), but the calibration's slope is fitted on the datasets whose labels the text can
carry (FIT_EXCLUDES), or AllSides' nine inverted outlets would flatten it for every site.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from credibility.defaults import SEED
from credibility.sites import SiteCalibration
from credibility.training.datadir import data_dir

DATA = data_dir()
ALLSIDES = "allsides-2020"
FIT_EXCLUDES = (ALLSIDES,)
POOLED = "pooled, all but AllSides"
GRID = (1, 3, 5, 10, 20)  # pages per site, for the curves
FIT_SIZES = (1, 2, 3, 5, 10, 20)  # subsample sizes the calibration is fitted on (and all)
DRAWS = 10  # subsamples per site and size
MIN_EVAL_PAGES = 5  # the headline figures: sites with at least this many held-out pages
TARGET_PRECISION = 0.90
MIN_PAGES_AUC = 0.90
CLIP = 6.0  # page logits beyond +-6 (P 0.0025 / 0.9975) say no more than +-6 does
PAGE_SD_WEIGHT = 5.0  # the training spread of a site's pages counts as five pages
BOOTSTRAP = 1000
EPS = 1e-6


# -- held-out pages ----------------------------------------------------------------------


def held_out_pages(data: Path, seed: int = SEED, cache_dir: Path | None = None) -> pd.DataFrame:
    """Every real article with a site, scored by a page model that never saw its dataset
    or its site: columns dataset, site, y, logit."""
    from credibility.training.build_default import prepared
    from credibility.training.train import Options

    frame, X, vocab, _ = prepared(data, seed, cache_dir)
    return held_out_of(frame, X, vocab, Options(seed=seed))


def held_out_of(frame: pd.DataFrame, X: np.ndarray, vocab: Any, options: Any) -> pd.DataFrame:
    """held_out_pages() on a frame already prepared (the default build's)."""
    from credibility.training import lodo
    from credibility.training.data import sample_weights
    from credibility.training.evaluate import groups_for
    from credibility.training.train import fitted_predict

    weight = sample_weights(groups_for(frame), frame["y"].to_numpy(), options.weight_cap)
    predict = fitted_predict(options, "sigmoid")
    p = lodo.predictions(frame, X, weight, predict, vocab, disjoint_sites=True)
    return pages_frame(frame, p)


def pages_frame(frame: pd.DataFrame, p: np.ndarray) -> pd.DataFrame:
    """The held-out rows with a source: dataset, site (the source), y, logit."""
    source = frame["source"].fillna("").astype(str).str.strip()
    keep = (~np.isnan(p)) & (source != "").to_numpy()
    q = np.clip(p[keep], EPS, 1 - EPS)
    return pd.DataFrame(
        {
            "dataset": frame["dataset"].to_numpy(dtype=object)[keep],
            "site": source.to_numpy(dtype=object)[keep],
            "y": frame["y"].to_numpy()[keep].astype(int),
            "logit": np.log(q / (1 - q)),
        }
    ).reset_index(drop=True)


# -- sites -------------------------------------------------------------------------------


class Sites:
    """The held-out pages grouped by site (a source within its dataset), logits clipped."""

    def __init__(self, pages: pd.DataFrame, clip: float = CLIP) -> None:
        keys = pages["dataset"].astype(str) + "/" + pages["site"].astype(str)
        grouped = pages.assign(key=keys, logit=pages["logit"].clip(-clip, clip)).groupby(
            "key", sort=True
        )
        self.keys = np.array(list(grouped.groups), dtype=object)
        self.logits = [g["logit"].to_numpy() for _, g in grouped]
        self.dataset = np.array([g["dataset"].iloc[0] for _, g in grouped], dtype=object)
        # Labels are per source in these corpora; a mixed source takes its majority.
        self.y = np.array([int(g["y"].mean() >= 0.5) for _, g in grouped])
        self.n = np.array([len(x) for x in self.logits])

    def subset(self, mask: np.ndarray) -> Sites:
        out = object.__new__(Sites)
        out.keys, out.dataset, out.y, out.n = (
            self.keys[mask],
            self.dataset[mask],
            self.y[mask],
            self.n[mask],
        )
        out.logits = [x for x, m in zip(self.logits, mask, strict=True) if m]
        return out


def moments(x: np.ndarray) -> tuple[int, float, float]:
    """(n, mean, sum of squared deviations): what a SiteTally keeps of a site."""
    mean = float(np.mean(x))
    return len(x), mean, float(np.sum((x - mean) ** 2))


def aggregation(sites: Sites) -> dict[str, float]:
    """The prior of a site's mean page logit and the typical spread of its pages, from the
    sites with two pages or more (each site counts once)."""
    several = [x for x in sites.logits if len(x) >= 2]
    if len(several) < 3:
        raise ValueError("fitting a site calibration needs three sites with two pages or more")
    m2 = sum(moments(x)[2] for x in several)
    page_var = m2 / sum(len(x) - 1 for x in several)
    means = np.array([x.mean() for x in several])
    noise = float(np.mean([page_var / len(x) for x in several]))
    prior_var = max(float(np.var(means, ddof=1)) - noise, 0.05)
    return {
        "prior_mean": round(float(means.mean()), 4),
        "prior_sd": round(math.sqrt(prior_var), 4),
        "page_sd": round(math.sqrt(page_var), 4),
        "page_sd_weight": PAGE_SD_WEIGHT,
        "clip": CLIP,
    }


def samples(
    sites: Sites, sizes: tuple[int, ...], draws: int, rng: np.random.Generator, whole: bool
) -> tuple[np.ndarray, np.ndarray]:
    """Subsamples of each site's pages: (site index, moments) per sample, ``draws`` at each
    size below the site's pages, and with ``whole`` its own pages once."""
    index, stats = [], []
    for i, x in enumerate(sites.logits):
        for size in sizes:
            if size < len(x):
                for _ in range(draws):
                    index.append(i)
                    stats.append(moments(rng.choice(x, size, replace=False)))
        if whole:
            index.append(i)
            stats.append(moments(x))
    return np.array(index, dtype=int), np.array(stats, dtype=float).reshape(-1, 3)


def features(calibration: SiteCalibration, stats: np.ndarray) -> np.ndarray:
    """(posterior mean, page spread) per sample, as SiteTally computes them."""
    return np.array(
        [
            (
                calibration.posterior(int(n), m, m2)[0],
                math.sqrt(calibration.page_variance(int(n), m2)),
            )
            for n, m, m2 in stats
        ]
    ).reshape(-1, 2)


def probabilities(calibration: SiteCalibration, stats: np.ndarray) -> np.ndarray:
    x = features(calibration, stats)
    z = calibration.slope * x[:, 0] - calibration.spread * x[:, 1] + calibration.intercept
    return 1.0 / (1.0 + np.exp(-np.clip(z, -700, 700)))


def balanced(y: np.ndarray, index: np.ndarray) -> np.ndarray:
    """Sample weights: each site weighs 1 in all, then both classes weigh the same."""
    per_site = np.bincount(index)
    weight = 1.0 / per_site[index]
    for cls in (0, 1):
        mask = y[index] == cls
        if mask.any():
            weight[mask] *= 0.5 * weight.sum() / weight[mask].sum()
    return weight


def fit_slope(
    sites: Sites, base: SiteCalibration, rng: np.random.Generator
) -> tuple[float, float, float]:
    """(slope, spread, intercept) of P(credible) on the posterior mean and the page spread,
    fitted on subsamples; a spread that would raise credibility is left out (0)."""
    from sklearn.linear_model import LogisticRegression

    index, stats = samples(sites, FIT_SIZES, DRAWS, rng, whole=True)
    x = features(base, stats)
    y = sites.y[index]
    if len(set(y)) < 2:
        raise ValueError("fitting a site calibration needs credible and not credible sites")
    weight = balanced(y, index)
    fit = LogisticRegression(C=1e4, max_iter=1000).fit(x, y, sample_weight=weight)
    slope, spread = float(fit.coef_[0, 0]), -float(fit.coef_[0, 1])
    if spread < 0:
        fit = LogisticRegression(C=1e4, max_iter=1000).fit(x[:, :1], y, sample_weight=weight)
        slope, spread = float(fit.coef_[0, 0]), 0.0
    if slope <= 0:
        raise ValueError(f"the site calibration came out inverted (slope {slope:.3f})")
    return round(slope, 4), round(spread, 4), round(float(fit.intercept_[0]), 4)


def band_edges(
    y: np.ndarray, p: np.ndarray, weight: np.ndarray, target: float
) -> tuple[float, float, dict[str, Any]]:
    """(credible, low) thresholds: credible from the lowest candidate whose weighted
    precision reaches ``target``, low below the highest one whose does; a band that
    cannot reach it takes the candidate of best precision (as training/evaluate.py does
    for pages). The bands keep at least 0.1 of uncertain between them around 0.5."""
    credible_at = np.round(np.linspace(0.55, 0.99, 45), 2)
    low_at = np.round(np.linspace(0.45, 0.01, 45), 2)

    def precision(mask: np.ndarray, truth: np.ndarray) -> float:
        # A band needs at least three sites' worth of weight to be judged at all.
        return (
            float(weight[mask & truth].sum() / weight[mask].sum())
            if weight[mask].sum() >= 3
            else -1.0
        )

    edges, reached = {}, {}
    for band, at, side in (("credible", credible_at, 1), ("low", low_at, 0)):
        found = [precision(p >= t if side else p < t, y == side) for t in at]
        hit = next((i for i, v in enumerate(found) if v >= target), None)
        reached[band] = hit is not None
        pick = hit if hit is not None else int(np.argmax(found))
        edges[band] = (float(at[pick]), round(found[pick], 4))
    return (
        edges["credible"][0],
        edges["low"][0],
        {
            "target_precision": target,
            "precision": {band: edges[band][1] for band in edges},
            "reached": reached,
        },
    )


def fit(
    sites: Sites, rng: np.random.Generator, fit_on: np.ndarray | None = None
) -> tuple[SiteCalibration, dict[str, Any]]:
    """The calibration of ``sites`` (its slope on the ``fit_on`` sites) and how its
    thresholds and minimum were chosen."""
    fit_on = np.isin(sites.dataset, FIT_EXCLUDES, invert=True) if fit_on is None else fit_on
    agg = aggregation(sites)
    base = SiteCalibration(
        **agg, slope=1.0, spread=0.0, intercept=0.0, credible=0.5, low=0.5, min_pages=1
    )
    slope, spread, intercept = fit_slope(sites.subset(fit_on), base, rng)
    calibration = replace(base, slope=slope, spread=spread, intercept=intercept)
    fitted = sites.subset(fit_on)
    index, stats = samples(fitted, FIT_SIZES, DRAWS, rng, whole=True)
    p = probabilities(calibration, stats)
    y, n = fitted.y[index], stats[:, 0]
    chosen: dict[str, Any] = {}
    for minimum in GRID:
        at_least = n >= minimum
        weight = balanced_sites(index[at_least])
        credible, low, how = band_edges(y[at_least], p[at_least], weight, TARGET_PRECISION)
        candidate = replace(calibration, credible=credible, low=low, min_pages=minimum)
        curve = at_size(fitted, candidate, minimum, rng)
        chosen = {"min_pages": minimum, "bands": how, "at_minimum": curve}
        low_holds = curve["low_precision"] is None or curve["low_precision"] >= TARGET_PRECISION
        if curve["roc_auc"] >= MIN_PAGES_AUC and how["reached"]["low"] and low_holds:
            break
    return candidate, chosen


def balanced_sites(index: np.ndarray) -> np.ndarray:
    """Sample weights that make each site weigh 1 in all (classes as they come)."""
    return 1.0 / np.bincount(index)[index]


def at_size(
    sites: Sites, calibration: SiteCalibration, size: int, rng: np.random.Generator
) -> dict[str, Any]:
    """ROC-AUC and the low band's precision over the sites with at least ``size`` pages,
    each judged on ``size`` of them (the mean over DRAWS subsamples)."""
    keep = sites.n >= size
    chosen = sites.subset(keep)
    if len(set(chosen.y)) < 2:
        return {"sites": int(keep.sum()), "roc_auc": math.nan, "low_precision": None}
    found = []
    for _ in range(DRAWS):
        stats = np.array([moments(rng.choice(x, size, replace=False)) for x in chosen.logits])
        found.append(figures(chosen.y, *judged(calibration, stats)))
    low = [f["low_precision"] for f in found if not math.isnan(f["low_precision"])]
    return {
        "sites": int(keep.sum()),
        "roc_auc": round(float(np.mean([f["roc_auc"] for f in found])), 4),
        "low_precision": round(float(np.mean(low)), 4) if low else None,
    }


# -- evaluation ----------------------------------------------------------------------------


def judged(calibration: SiteCalibration, stats: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(probability, band code) per sample: 1 credible, 0 uncertain, -1 low."""
    p = probabilities(calibration, stats)
    band = np.where(p >= calibration.credible, 1, np.where(p < calibration.low, -1, 0))
    return p, band


def figures(y: np.ndarray, p: np.ndarray, band: np.ndarray) -> dict[str, float]:
    from credibility.training.evaluate import point_metrics

    low, credible = band == -1, band == 1
    both = 0 < y.sum() < len(y)
    return {
        "roc_auc": point_metrics(y, p)["roc_auc"] if both else math.nan,
        "low_precision": float((1 - y[low]).mean()) if low.any() else math.nan,
        "low_coverage": float(low.mean()),
        "credible_precision": float(y[credible].mean()) if credible.any() else math.nan,
        "credible_coverage": float(credible.mean()),
    }


def with_intervals(
    y: np.ndarray, p: np.ndarray, band: np.ndarray, rng: np.random.Generator
) -> dict[str, Any]:
    """Each figure over every site (p, band: sites x draws; the point figure is the mean
    over draws), with a 95% interval from BOOTSTRAP resamples of sites (a random draw of
    each resampled site)."""
    point = [figures(y, p[:, d], band[:, d]) for d in range(p.shape[1])]
    out: dict[str, Any] = {
        "sites": len(y),
        "credible_sites": int(y.sum()),
    }
    resampled: dict[str, list[float]] = {k: [] for k in point[0]}
    for _ in range(BOOTSTRAP):
        pick = rng.integers(0, len(y), len(y))
        draw = rng.integers(0, p.shape[1], len(y))
        for k, v in figures(y[pick], p[pick, draw], band[pick, draw]).items():
            resampled[k].append(v)
    for k in point[0]:
        values = np.array([f[k] for f in point])
        value = float(np.nanmean(values)) if not np.isnan(values).all() else math.nan
        spread = np.array(resampled[k])
        spread = spread[~np.isnan(spread)]
        low, high = np.percentile(spread, [2.5, 97.5]) if len(spread) else (math.nan, math.nan)
        out[k] = [rounded(value), rounded(float(low)), rounded(float(high))]
    return out


def rounded(value: float) -> float | None:
    return None if math.isnan(value) else round(value, 4)


def groups(sites: Sites) -> dict[str, np.ndarray]:
    """Each dataset, the datasets whose labels the text can carry pooled, and all."""
    found = {str(d): sites.dataset == d for d in sorted(set(sites.dataset))}
    found[POOLED] = sites.dataset != ALLSIDES
    found["pooled, all"] = np.ones(len(sites.y), dtype=bool)
    return found


def evaluate(
    sites: Sites, calibration_for: dict[str, SiteCalibration], rng: np.random.Generator
) -> dict[str, Any]:
    """Per dataset and pooled, with bootstrap intervals over sites: the figures of sites
    with at least MIN_EVAL_PAGES held-out pages judged on all of them, and the curve over
    GRID (sites with at least n pages, judged on n). ``calibration_for``: the calibration
    each dataset's sites are judged with (cross-fitted: fitted without them)."""
    out: dict[str, Any] = {"headline": {}, "curve": {}}
    for name, mask in groups(sites).items():
        rows = {}
        for size in ("all", *GRID):
            minimum = MIN_EVAL_PAGES if size == "all" else size
            keep = mask & (sites.n >= minimum)
            if keep.sum() < 2 or len(set(sites.y[keep])) < 2:
                continue
            chosen = sites.subset(keep)
            draws = 1 if size == "all" else DRAWS
            p = np.empty((len(chosen.y), draws))
            band = np.empty((len(chosen.y), draws), dtype=int)
            for i, (x, dataset) in enumerate(zip(chosen.logits, chosen.dataset, strict=True)):
                calibration = calibration_for[str(dataset)]
                stats = np.array(
                    [moments(x if size == "all" else rng.choice(x, size, replace=False))
                     for _ in range(draws)]
                )  # fmt: skip
                p[i], band[i] = judged(calibration, stats)
            rows[str(size)] = with_intervals(chosen.y, p, band, rng)
        if "all" in rows:
            out["headline"][name] = rows.pop("all")
        if rows:
            out["curve"][name] = rows
    return out


def cross_fitted(sites: Sites, rng: np.random.Generator) -> dict[str, SiteCalibration]:
    """Per dataset: the calibration fitted on every other dataset's sites."""
    found = {}
    for dataset in sorted(set(sites.dataset)):
        others = sites.subset(sites.dataset != dataset)
        found[str(dataset)] = fit(others, rng)[0]
    return found


def study(pages: pd.DataFrame, seed: int = SEED) -> tuple[SiteCalibration, dict[str, Any]]:
    """The calibration fitted on every held-out site, and its figures: cross-fitted (each
    dataset judged by a calibration fitted without it: the honest figures) and in-sample."""
    rng = np.random.default_rng(seed)
    sites = Sites(pages)
    calibration, chosen = fit(sites, rng)
    shipped = dict.fromkeys(map(str, set(sites.dataset)), calibration)
    crossed = cross_fitted(sites, rng)
    return calibration, {
        "sites": len(sites.y),
        "pages": int(sites.n.sum()),
        "chosen": chosen,
        "cross_fitted": evaluate(sites, crossed, rng),
        "in_sample": evaluate(sites, shipped, rng),
    }


# -- the card ----------------------------------------------------------------------------


def sites_block(calibration: SiteCalibration, figures: dict[str, Any]) -> dict[str, Any]:
    """What the card keeps: the calibration, how it was chosen, the headline figures (each
    [value, 2.5%, 97.5%] over BOOTSTRAP resamples of sites) and the pooled curve."""
    fitted_on = (
        f"leave-one-dataset-out page predictions with sites disjoint: {figures['sites']} "
        f"sites, {figures['pages']} pages; slope and bands on the datasets but AllSides"
    )
    return {
        "calibration": replace(calibration, fitted_on=fitted_on).to_dict(),
        "chosen_on": (
            f"bands for precision {TARGET_PRECISION} on sites of at least the minimum pages; "
            f"the minimum the fewest pages of {list(GRID)} at which held-out sites rank at "
            f"ROC-AUC >= {MIN_PAGES_AUC} with the low band at its target"
        ),
        "chosen": figures["chosen"],
        "metrics": {
            "headline": f"sites with at least {MIN_EVAL_PAGES} held-out pages, on all of them",
            "in_sample": figures["in_sample"]["headline"],
            "cross_fitted": figures["cross_fitted"]["headline"],
            "curve": {
                POOLED: figures["in_sample"]["curve"].get(POOLED, {}),
            },
        },
    }


def add_to_card(model_dir: Path, block: dict[str, Any]) -> dict[str, Any]:
    """Write ``block`` as the card's ``sites`` with a new card digest, atomically, and check
    that the model still loads and its artifact is untouched."""
    import os
    import tempfile

    from credibility.card import DIGEST, card_digest
    from credibility.model import CARD, load_model

    path = model_dir / CARD
    card = json.loads(path.read_text(encoding="utf-8"))
    card["sites"] = block
    card[DIGEST] = card_digest(card)
    handle, temp = tempfile.mkstemp(prefix=".card.", dir=model_dir)
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(json.dumps(card, indent=2) + "\n")
    os.chmod(temp, 0o644)
    os.replace(temp, path)
    loaded = load_model(model_dir)
    SiteCalibration.of(loaded)
    readable = model_dir / "MODEL_CARD.md"
    if readable.is_file():
        readable.write_text(with_site_section(readable.read_text(encoding="utf-8"), card))
    return card


def with_site_section(markdown: str, card: dict[str, Any]) -> str:
    """MODEL_CARD.md with its site section written anew (before "## Use", or in place of
    the old one): the rest of the file, hand-written parts included, stays as it is."""
    from credibility.training.modelcard import SITES_HEADING, site_lines

    section = "\n".join(site_lines(card.get("sites"))).strip("\n") + "\n\n"
    lines = markdown.splitlines(keepends=True)
    starts = [i for i, line in enumerate(lines) if line.startswith("## ")]
    old = next((i for i in starts if lines[i].startswith(SITES_HEADING)), None)
    if old is not None:
        end = next((i for i in starts if i > old), len(lines))
        return "".join(lines[:old]) + section + "".join(lines[end:])
    use = next((i for i in starts if lines[i].startswith("## Use")), len(lines))
    return "".join(lines[:use]) + section + "".join(lines[use:])


def main(argv: list[str] | None = None) -> int:
    from credibility.model import resolve
    from credibility.training.cache import default_cache_dir

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", help="the model: a name or directory (default: default)")
    parser.add_argument("--data", type=Path, default=DATA, help="the shared data folder")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument(
        "--cached", action="store_true", help="reuse signal values cached by `make model`"
    )
    parser.add_argument(
        "--predictions",
        type=Path,
        help="a CSV of held-out pages to read (when it exists) or to write (when not)",
    )
    parser.add_argument("--dry-run", action="store_true", help="print, do not write the card")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    if args.predictions is not None and args.predictions.is_file():
        pages = pd.read_csv(args.predictions, dtype={"dataset": str, "site": str})
    else:
        if not (args.data / "articles.jsonl.gz").is_file():
            print(f"no training data at {args.data}", file=sys.stderr)
            return 1
        cache = default_cache_dir() if args.cached else None
        pages = held_out_pages(args.data, args.seed, cache)
        if args.predictions is not None:
            pages.to_csv(args.predictions, index=False)
    calibration, found = study(pages, args.seed)
    block = sites_block(calibration, found)
    if args.json:
        print(json.dumps(found, indent=2))
    else:
        print(json.dumps(block, indent=2))
    if not args.dry_run:
        add_to_card(resolve(args.model), block)
    return 0


if __name__ == "__main__":
    sys.exit(main())
