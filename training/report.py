"""The training report: report.md and plots/ (matplotlib, Agg backend, no display needed)."""

from __future__ import annotations

import io
from typing import Any

import numpy as np

from credibility.labels import Label

PLOTS = ("calibration.png", "roc.png", "confusion.png", "signal_weights.png")
MAJORITY = "majority baseline"  # training.evaluate.majority_baseline's row in the headline


def bands_sentence(thresholds: dict[str, Any]) -> str:
    """How the bands were chosen, in one sentence: `credibility train` prints it and
    report.md writes it, so the two always agree."""
    target = thresholds["target_precision"]
    basis = str(thresholds["chosen_on"]).split(";")[0]
    parts = []
    for band, edge in ((Label.CREDIBLE, "from"), (Label.LOW, "below")):
        found = thresholds["precision"][band]
        how = (
            f"precision {found}"
            if found >= target
            else f"{target} out of reach: the threshold of best precision, {found}"
        )
        parts.append(f"{band} {edge} {thresholds[band]} ({how})")
    return f"Bands chosen on {basis} for a precision of {target}: {'; '.join(parts)}."


def conclusions(card: dict[str, Any]) -> list[str]:
    """What `credibility train` prints and report.md writes after the figures, word for
    word: what a ROC-AUC below 0.5 means (when there is one) and how the bands were chosen."""
    said = [chance_sentence(card["metrics"]), bands_sentence(card["thresholds"])]
    return [sentence for sentence in said if sentence]


def chance_sentence(metrics: dict[str, Any]) -> str:
    """One sentence on the rows whose ROC-AUC is below 0.5 (none: ""), read from the card's
    metrics: the headline rows (model, subsets, baselines) and the held-out datasets."""
    rows = {name: metrics[name]["roc_auc"] for name in metrics.get("intervals", {})}
    for r in metrics.get("lodo", []):
        held_out = "held-out mean" if r["held_out"] == "mean" else f"held out {r['held_out']}"
        rows[held_out] = r["roc_auc"]
    below = [f"{name} {auc:.3f}" for name, auc in rows.items() if auc is not None and auc < 0.5]
    if not below:
        return ""
    sentence = (
        f"ROC-AUC below 0.5 ({', '.join(below)}) means ranking worse than chance: a higher "
        "P(credible) went more often to a not-credible article than to a credible one"
    )
    if any(b.startswith(MAJORITY) for b in below):
        sentence += (
            f"; the {MAJORITY} predicts one number per fold (its training share of credible "
            "rows, highest where the held-out fold has fewest), so for it this is no skill at "
            "all, not a reversed signal"
        )
    return sentence + "."


def interval(m: dict[str, Any]) -> str:
    if "low" in m:
        return f"{m['value']:.3f} [{m['low']:.3f}, {m['high']:.3f}]"
    return f"{m['value']:.3f}"


def metrics_table(rows: dict[str, dict[str, Any]]) -> list[str]:
    lines = [
        "| model / rows | n | macro-F1 | ROC-AUC | Brier | ECE |",
        "|---|---|---|---|---|---|",
    ]
    for name, m in rows.items():
        lines.append(
            f"| {name} | {m['n']} | {interval(m['macro_f1'])} | {interval(m['roc_auc'])} | "
            f"{interval(m['brier'])} | {interval(m['ece'])} |"
        )
    return lines


def plain_table(rows: list[dict[str, Any]]) -> list[str]:
    if not rows:
        return ["(none)"]
    keys = list(dict.fromkeys(k for r in rows for k in r))
    return [
        "| " + " | ".join(keys) + " |",
        "|" + "---|" * len(keys),
        *("| " + " | ".join(str(r.get(k, "")) for k in keys) + " |" for r in rows),
    ]


def markdown(name: str, card: dict[str, Any], evaluation: dict[str, Any]) -> str:
    training = card["training"]
    lines = [
        f"# Training report: {name}",
        "",
        f"Estimator `{card['estimator']}`, calibration `{card['calibration']}` "
        f"(chosen by out-of-fold Brier: "
        + ", ".join(f"{k} {v:.4f}" for k, v in evaluation["calibration_brier"].items())
        + f"); explanations {card['explanations']}.",
        "",
        f"Rows used: {training['rows']} ({training['credible']} credible, "
        f"{training['not_credible']} not credible); set aside: {training['rejected']} "
        "(see rejected.csv).",
        "",
        "## Source-disjoint evaluation",
        "",
        f"{evaluation['cv']}. 95% intervals from {evaluation['bootstrap']} bootstrap resamples "
        "of groups. Baselines use the same folds.",
        "",
        *metrics_table(evaluation["headline"]),
        "",
        *(part for sentence in conclusions(card) for part in (sentence, "")),
        *(
            [
                "## Leave one dataset out",
                "",
                "Trained on every dataset but one, scored on the one left out (composed pages "
                "go with their story's dataset): the figure for outlets, topics and years the "
                "model never saw. low_precision: of the articles banded low, the share truly "
                "not credible.",
                "",
                *plain_table(evaluation["lodo"]),
                "",
            ]
            if evaluation.get("lodo")
            else []
        ),
        "## Per dataset (source-disjoint folds)",
        "",
        *plain_table(evaluation["per_dataset"]),
        "",
        "## Per group (largest 30)",
        "",
        *plain_table(evaluation["per_group"]),
        "",
        "## Plots",
        "",
        *(f"![{p[:-4]}](plots/{p})" for p in PLOTS),
        "",
    ]
    return "\n".join(lines)


def _png(fig) -> bytes:  # type: ignore[no-untyped-def]
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    plt.close(fig)
    return buffer.getvalue()


def plots(
    y: np.ndarray, p: np.ndarray, weights: dict[str, float], thresholds: dict[str, float]
) -> dict[str, bytes]:
    """The four plots as PNG bytes, keyed by their path inside the model directory."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from sklearn.calibration import calibration_curve
    from sklearn.metrics import confusion_matrix, roc_auc_score, roc_curve

    out: dict[str, bytes] = {}
    fig, ax = plt.subplots(figsize=(5, 5))
    observed, predicted = calibration_curve(y, p, n_bins=10, strategy="uniform")
    ax.plot([0, 1], [0, 1], linestyle=":", color="grey", label="perfectly calibrated")
    ax.plot(predicted, observed, marker="o", label="model (out of fold)")
    ax.set(xlabel="predicted P(credible)", ylabel="observed share credible", title="Calibration")
    ax.legend()
    out["plots/calibration.png"] = _png(fig)

    fig, ax = plt.subplots(figsize=(5, 5))
    fpr, tpr, _ = roc_curve(y, p)
    ax.plot(fpr, tpr, label=f"AUC {roc_auc_score(y, p):.3f}")
    ax.plot([0, 1], [0, 1], linestyle=":", color="grey")
    ax.set(xlabel="false positive rate", ylabel="true positive rate", title="ROC (out of fold)")
    ax.legend()
    out["plots/roc.png"] = _png(fig)

    fig, ax = plt.subplots(figsize=(5, 4))
    bands = np.where(p >= thresholds[Label.CREDIBLE], 2, np.where(p < thresholds[Label.LOW], 0, 1))
    matrix = confusion_matrix(y, bands, labels=[0, 1, 2])[:2]
    ax.imshow(matrix, cmap="Blues")
    for (i, j), count in np.ndenumerate(matrix):
        ax.text(j, i, str(count), ha="center", va="center")
    ax.set(
        xticks=[0, 1, 2],
        xticklabels=[Label.LOW, Label.UNCERTAIN, Label.CREDIBLE],
        yticks=[0, 1],
        yticklabels=["not credible", "credible"],
        xlabel="band (out of fold)",
        ylabel="label",
        title="Bands against labels",
    )
    out["plots/confusion.png"] = _png(fig)

    ranked = sorted(weights.items(), key=lambda kv: abs(kv[1]))[-25:]
    fig, ax = plt.subplots(figsize=(7, 0.3 * len(ranked) + 1))
    ax.barh(
        [k for k, _ in ranked],
        [v for _, v in ranked],
        color=["#2e7d32" if v > 0 else "#b3261e" for _, v in ranked],
    )
    ax.axvline(0, color="grey", linewidth=0.8)
    ax.set(
        xlabel="logit points per standard deviation (approximate for non-linear models)",
        title="Signal weights",
    )
    out["plots/signal_weights.png"] = _png(fig)
    return out
