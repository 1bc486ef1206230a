"""The model card for people (MODEL_CARD.md), from the card that card.json keeps."""

from __future__ import annotations

from typing import Any

from credibility.training import report


def card_markdown(name: str, card: dict[str, Any]) -> str:
    """The model card for people: what the model was trained on and how well it does."""
    training = card.get("training", {})
    lines = [f"# Model card: {name}", "", card.get("description", ""), "", "## Training data", ""]
    lines += [f"- {source}" for source in training.get("data", [])]
    lines += [
        "",
        f"Rows: {training.get('rows')} ({training.get('credible')} credible, "
        f"{training.get('not_credible')} not credible).",
    ]
    if training.get("composed_rows"):
        lines.append(
            f"Composed pages: {training['composed_rows']} "
            f"({training['composed_share']:.1%} of the rows, at most a third by design)."
        )
    if training.get("rejected"):
        lines.append(
            f"Set aside: {training['rejected']} rows ({training.get('rejected_reasons')})."
        )
    if "excluded" in training:
        lines.append(f"Excluded: {training['excluded']}.")
    lines.append(f"Training-data fingerprint (SHA-256): `{training.get('fingerprint')}`.")
    if training.get("weights"):
        lines.append(f"Weights: {training['weights']}.")
    if training.get("vocabulary"):
        lines.append(f"Vocabulary signal: {training['vocabulary']}.")
    if training.get("noncommercial"):
        lines.append(
            "Licence: trained on ReCOVery (CC BY-NC-SA 4.0), so this model inherits the "
            "NonCommercial term; `make model` with `--no-covid` builds one without it."
        )
    adapted = card.get("adapted_from")
    if adapted:
        lines += ["", "## Adapted from", ""]
        lines += [
            f"`{adapted['model']}` (artifact SHA-256 `{adapted['sha256']}`, trained on data "
            f"of fingerprint `{adapted['training_fingerprint']}`), on the {adapted['rows']} "
            f"rows above: {adapted['prior']}. Largest changes, in points per standard "
            "deviation of the signal:",
            "",
            *(
                f"- {r['signal']}: {r['base']} -> {r['adapted']}"
                for r in adapted["largest_changes"]
            ),
        ]
    held_out = card.get("metrics", {}).get("lodo")
    if held_out:
        lines += ["", "## Leave one dataset out", ""]
        lines += [
            "Trained on every dataset but one, scored on the one left out: the figure for "
            "outlets, topics and years the model never saw.",
            "",
            *report.plain_table(held_out),
        ]
    lines += shift_lines(card.get("metrics", {}))
    intervals = card.get("metrics", {}).get("intervals", {})
    if intervals:
        lines += ["", "## Evaluation", "", card["metrics"]["cv"] + ".", ""]
        lines += report.metrics_table(intervals)
    lines += site_lines(card.get("sites"))
    lines += [
        "",
        "## Use",
        "",
        f"Estimator {card.get('estimator')}{settings_words(card.get('settings'))}, "
        f"{card.get('calibration')} calibration; "
        f"explanations are {card.get('explanations')}. Scores are calibrated probabilities "
        "that a page is credible, banded by the thresholds in card.json. The signals are "
        "tuned for English news pages. Labels in the training data are per source or per "
        "fact check, not per page: read a score as evidence to check, not a verdict.",
        "",
    ]
    return "\n".join(lines)


def settings_words(settings: dict[str, Any] | None) -> str:
    """' (C 0.003, at most 2.5 points a signal; L2 share marker 1, measure 10, stacked 0)'."""
    if not settings:
        return ""
    shares = ", ".join(f"{kind} {share:g}" for kind, share in settings["penalties"].items())
    return (
        f" (C {settings['C']:g}, at most {settings['max_points']:g} points a signal; "
        f"L2 share {shares})"
    )


def shift_lines(metrics: dict[str, Any]) -> list[str]:
    """The subject-shift measures (training/topics.py, training/pages.py) as tables."""
    lines: list[str] = []
    for model, rows in metrics.get("topics", {}).items():
        lines += [
            "",
            f"## Leave one topic out: {model}",
            "",
            "Each topic cluster of the stories held out in turn; the share of its credible "
            "articles banded credible and low (the mean row: mean ROC-AUC, mean share "
            "credible, the worst topic's share low).",
            "",
            "| topic | articles | ROC-AUC | credible as credible | credible as low |",
            "|---|---|---|---|---|",
        ]
        for r in rows:
            lines.append(
                f"| {r['topic']} {r['words']} | {r['n']} | {r['roc_auc']} | "
                f"{r['credible_as_credible']} | {r['credible_as_low']} |"
            )
    held_out = metrics.get("pages", {}).get("held_out")
    if held_out:
        rel, unrel = held_out["reliable"], held_out["unreliable"]
        lines += [
            "",
            "## Rated pages",
            "",
            "English pages of pages.jsonl.gz whose site the shipped table rates, scored from "
            "HTML with URL by a model trained without their sites:",
            "",
            "| rating | pages | sites | credible | uncertain | low |",
            "|---|---|---|---|---|---|",
            *(
                f"| {name} | {t['n']} | {t['sites']} | {t['credible']} | {t['uncertain']} | "
                f"{t['low']} |"
                for name, t in (("reliable", rel), ("unreliable", unrel))
            ),
            "",
            f"ROC-AUC of the score against the rating: {held_out['roc_auc']}.",
        ]
    return lines


def cell(figure: list[float | None] | None) -> str:
    """'0.94 [0.85, 1.00]' from [value, low, high]; '-' when there is none."""
    if not figure or figure[0] is None:
        return "-"
    value, low, high = figure
    return f"{value:.2f} [{low:.2f}, {high:.2f}]"


def site_lines(block: dict[str, Any] | None) -> list[str]:
    """The site verdict's calibration and figures (training/sites.py, docs/sites.md)."""
    if not block:
        return []
    c, metrics = block["calibration"], block["metrics"]
    lines = [
        "",
        SITES_HEADING,
        "",
        f"A site's verdict from its scored pages (docs/sites.md), fitted on {c['fitted_on']}. "
        f"Credible from {c['credible']}, low below {c['low']}; needs more pages below "
        f"{c['min_pages']} judged pages. P = sigmoid({c['slope']} x shrunk mean page logit "
        f"- {c['spread']} x page spread + {c['intercept']}); {block['chosen_on']}.",
        "",
        f"Held-out sites ({metrics['headline']}), each figure with its 95% interval over "
        "sites. In-sample: the site calibration fitted on these sites (the page model never "
        "saw them); cross-fitted: each dataset's sites judged by a calibration fitted "
        "without them.",
        "",
        "| sites of | n | credible | ROC-AUC | low precision | low coverage | "
        "credible precision | credible coverage | cross-fitted ROC-AUC | cross-fitted low "
        "precision |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    crossed = metrics.get("cross_fitted", {})
    for name, r in metrics["in_sample"].items():
        x = crossed.get(name, {})
        lines.append(
            f"| {name} | {r['sites']} | {r['credible_sites']} | {cell(r['roc_auc'])} | "
            f"{cell(r['low_precision'])} | {cell(r['low_coverage'])} | "
            f"{cell(r['credible_precision'])} | {cell(r['credible_coverage'])} | "
            f"{cell(x.get('roc_auc'))} | {cell(x.get('low_precision'))} |"
        )
    for name, rows in metrics.get("curve", {}).items():
        lines += [
            "",
            f"By pages per site ({name}, in-sample; n pages drawn from each site with at "
            "least n, bands shown whatever the minimum):",
            "",
            "| pages | sites | ROC-AUC | low precision | low coverage | credible precision |",
            "|---|---|---|---|---|---|",
        ]
        for size, r in rows.items():
            lines.append(
                f"| {size} | {r['sites']} | {cell(r['roc_auc'])} | {cell(r['low_precision'])} "
                f"| {cell(r['low_coverage'])} | {cell(r['credible_precision'])} |"
            )
    return lines


SITES_HEADING = "## Site verdicts"
