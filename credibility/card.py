"""The model card's own integrity: a digest over everything the scorer reads from it, and a
check of each such field's type before any of it is used.

The artifact's SHA-256 guards model.joblib; the card holds the linear form, the reference
values and the thresholds that actually score, so an edited card must be refused as surely
as an edited artifact.
"""

from __future__ import annotations

import hashlib
import json
import math
from typing import Any

from credibility.labels import Label

DIGEST = "card_sha256"


def card_digest(card: dict[str, Any]) -> str:
    """SHA-256 of the card's canonical JSON, without the digest field itself."""
    body = {k: v for k, v in card.items() if k != DIGEST}
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(canonical.encode("ascii")).hexdigest()


def check_card(card: Any) -> None:
    """ValueError naming the first field the scorer reads that is missing or malformed."""
    if not isinstance(card, dict):
        raise ValueError("not a JSON object")
    for key in ("sha256", DIGEST):
        value = card.get(key)
        if not (isinstance(value, str) and len(value) == 64):
            raise ValueError(f"{key} is not a SHA-256 hex digest")
    names = card.get("signals")
    if not (isinstance(names, list) and names and all(isinstance(n, str) for n in names)):
        raise ValueError("signals is not a list of names")
    reference = card.get("reference")
    if not (isinstance(reference, list) and len(reference) == len(names)):
        raise ValueError("reference values do not match the signals")
    if not all(is_number(v) for v in reference):
        raise ValueError("reference holds a value that is not a finite number")
    thresholds = card.get("thresholds")
    if not isinstance(thresholds, dict):
        raise ValueError("thresholds is not an object")
    for band in (Label.CREDIBLE, Label.LOW):
        if not (is_number(thresholds.get(band)) and 0.0 <= thresholds[band] <= 1.0):
            raise ValueError(f"thresholds.{band} is not a probability")
    if thresholds[Label.LOW] > thresholds[Label.CREDIBLE]:
        raise ValueError("thresholds.low is above thresholds.credible")
    if card[DIGEST] != card_digest(card):
        raise ValueError("its SHA-256 does not match its content (edited after saving?)")


def is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
