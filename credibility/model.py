"""The model on disk: saving and verified loading (pipelines are built in
:mod:`credibility.pipeline`, whose names this module re-exports).

On disk a model is ``<dir>/model.joblib`` plus ``<dir>/card.json``. The card records the
artifact's SHA-256, the signal names, versions, metrics and band thresholds, and the
pipeline's exact linear form (so one article scores with numpy alone). Loading checks the
card before anything is unpickled: joblib files run code when loaded.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np

from credibility.card import DIGEST, card_digest, check_card
from credibility.errors import ModelLoadError
from credibility.explain import LinearForm, attribute
from credibility.labels import Label
from credibility.pipeline import (
    CALIBRATIONS,
    DEFAULT_C,
    ESTIMATORS,
    MAX_POINTS,
    build_pipeline,
    fit_on_signals,
    is_linear,
    linear_form,
    reference_of,
)
from credibility.signals import REGISTRY, Signal, lookup

ARTIFACT = "model.joblib"
CARD = "card.json"
DEFAULT_NAME = "default"
# Band thresholds on the calibrated probability; a card may set its own.
DEFAULT_THRESHOLDS = {Label.CREDIBLE: 0.6, Label.LOW: 0.4}


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    found = {}
    for package in ("credibility", "scikit-learn", "numpy", "joblib", "trafilatura"):
        try:
            found[package] = version(package)
        except PackageNotFoundError:
            found[package] = "unknown"
    return found


def save_model(
    pipeline,
    directory: str | Path,
    card: dict[str, Any] | None = None,
    *,
    force: bool = False,
    extra_files: dict[str, str | bytes] | None = None,
) -> Path:  # type: ignore[no-untyped-def]
    """Write model.joblib, card.json and ``extra_files`` (name -> text, e.g. a readable
    card) atomically: everything goes to a temp dir that is renamed into place."""
    import joblib

    target = Path(directory)
    if target.exists() and not force:
        raise FileExistsError(f"{target} exists; pass force=True to replace it")
    target.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    joblib.dump(pipeline, buffer)
    data = buffer.getvalue()
    thresholds = dict(DEFAULT_THRESHOLDS, **(card or {}).get("thresholds", {}))
    full_card = {
        "name": target.name,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "versions": versions(),
        "signals": list(pipeline.named_steps["signals"].get_feature_names_out()),
        **(card or {}),
        "thresholds": thresholds,
        "explanations": "exact" if is_linear(pipeline) else "approximate",
        "reference": reference_of(pipeline).tolist(),
        **({"linear": linear_form(pipeline).to_dict()} if is_linear(pipeline) else {}),
        "sha256": sha256_bytes(data),
    }
    full_card[DIGEST] = card_digest(full_card)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        # mkdtemp makes the folder private (0700); a model folder is as readable as any other.
        umask = os.umask(0)
        os.umask(umask)
        staging.chmod(0o777 & ~umask)
        (staging / ARTIFACT).write_bytes(data)
        (staging / CARD).write_text(json.dumps(full_card, indent=2) + "\n", encoding="utf-8")
        for name, content in (extra_files or {}).items():
            path = staging / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        if target.exists():
            shutil.rmtree(target)
        os.replace(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return target


@dataclass(eq=False)
class Model:
    """A verified model directory. The pipeline is unpickled only when first needed."""

    path: Path
    card: dict[str, Any]
    artifact: bytes = field(repr=False)

    @property
    def name(self) -> str:
        return f"{self.card.get('name', self.path.name)}@{self.card['sha256'][:12]}"

    @property
    def thresholds(self) -> dict[str, float]:
        found = dict(DEFAULT_THRESHOLDS, **self.card.get("thresholds", {}))
        return {band: float(found[band]) for band in DEFAULT_THRESHOLDS}

    @cached_property
    def linear(self) -> LinearForm | None:
        return LinearForm.from_dict(self.card["linear"]) if "linear" in self.card else None

    @property
    def exact(self) -> bool:
        return self.linear is not None

    @cached_property
    def signals(self) -> tuple[Signal, ...]:
        """The model's signals, in the order of its vector (load_model checked the names)."""
        return lookup(self.card["signals"])

    @cached_property
    def reference(self) -> np.ndarray:
        return np.asarray(self.card["reference"], dtype=float)

    def explain(self, values: np.ndarray) -> tuple[np.ndarray, float]:
        """(per-signal points, intercept) with points + intercept = the calibrated logit:
        exact for the linear model, approximate (and labelled so) for the others."""
        if self.linear is not None:
            return self.linear.points(values), self.linear.intercept
        return attribute(self.pipeline[1:].predict_proba, values, self.reference)

    @cached_property
    def pipeline(self):  # type: ignore[no-untyped-def]
        import joblib

        try:
            return joblib.load(io.BytesIO(self.artifact))
        except Exception as exc:  # unpickling fails in many ways; all mean the same to a user
            raise ModelLoadError(f"{self.path / ARTIFACT}: cannot be loaded ({exc})") from exc

    def label(self, probability: float) -> Label:
        t = self.thresholds
        if probability >= t[Label.CREDIBLE]:
            return Label.CREDIBLE
        return Label.LOW if probability < t[Label.LOW] else Label.UNCERTAIN


def models_root() -> Path:
    """Where named models live: ./models of a checkout, else the copy installed with the
    package (pyproject maps models/ to credibility/models in a wheel)."""
    env = os.environ.get("CREDIBILITY_MODELS")
    if env:
        return Path(env)
    package = Path(__file__).resolve().parent
    checkout = package.parent / "models"
    if (checkout / DEFAULT_NAME / CARD).is_file():
        return checkout
    return package / "models"


def model_dirs() -> list[Path]:
    """Where names are looked up: ./models of the working directory (where `credibility
    train -o models/NAME` writes), then the project's or installed models."""
    found: list[Path] = []
    for root in (Path.cwd() / "models", models_root()):
        if root.is_dir() and root.resolve() not in [f.resolve() for f in found]:
            found.append(root)
    return found


def resolve(model: str | Path | None) -> Path:
    """A model directory from None (the default), a name under models/, or a path."""
    if model is None:
        return models_root() / DEFAULT_NAME
    path = Path(model)
    if path.is_dir() or os.sep in str(model) or "/" in str(model):
        return path
    for root in model_dirs():
        if (root / str(model) / CARD).is_file():
            return root / str(model)
    return models_root() / str(model)


def load_model(model: str | Path | None = None) -> Model:
    """Load and verify a model directory; ModelLoadError says what is wrong with it."""
    path = resolve(model)
    card_path, artifact_path = path / CARD, path / ARTIFACT
    if not card_path.is_file() or not artifact_path.is_file():
        raise ModelLoadError(f"{path}: not a model directory (needs {CARD} and {ARTIFACT})")
    try:
        card = json.loads(card_path.read_text(encoding="utf-8"))
        check_card(card)
        names, expected = card["signals"], card["sha256"]
        if "linear" in card and LinearForm.from_dict(card["linear"]).names != tuple(names):
            raise ValueError("the linear form's signals differ from the card's")
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ModelLoadError(f"{card_path}: unreadable model card ({exc})") from exc
    unknown = [name for name in names if name not in REGISTRY]
    if unknown:
        raise ModelLoadError(
            f"{path}: the model uses signals this version does not have "
            f"({', '.join(map(str, unknown))}); retrain it or install the version it was made with"
        )
    check_sklearn(card, path)
    artifact = artifact_path.read_bytes()
    if sha256_bytes(artifact) != expected:
        raise ModelLoadError(f"{artifact_path}: SHA-256 does not match its card; refusing to load")
    return Model(path, card, artifact)


def check_sklearn(card: dict[str, Any], path: Path) -> None:
    """Refuse a pickle from another scikit-learn minor version before unpickling it."""
    from importlib.metadata import version

    saved = str(card.get("versions", {}).get("scikit-learn", ""))
    here = version("scikit-learn")
    if saved.split(".")[:2] != here.split(".")[:2]:
        raise ModelLoadError(
            f"{path}: saved with scikit-learn {saved or 'unknown'}, this is {here}; "
            "install the matching version or retrain the model"
        )


__all__ = [
    "ARTIFACT",
    "CALIBRATIONS",
    "CARD",
    "DEFAULT_C",
    "DEFAULT_NAME",
    "DEFAULT_THRESHOLDS",
    "ESTIMATORS",
    "MAX_POINTS",
    "Model",
    "build_pipeline",
    "fit_on_signals",
    "load_model",
    "model_dirs",
    "models_root",
    "reference_of",
    "resolve",
    "save_model",
]
