"""The schemas of what the API answers (Score and its parts, Health, Error): the part of the
OpenAPI document that no server limit shapes. openapi.py adds the requests and the paths."""

from __future__ import annotations

from typing import Any

from credibility.webapp.policy import ID_PATTERN


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


SCHEMAS: dict[str, Any] = {
    "Span": {
        "type": "object",
        "required": ["start", "end", "text"],
        "properties": {
            "start": {"type": "integer", "minimum": 0},
            "end": {"type": "integer", "minimum": 0},
            "text": {"type": "string"},
        },
        "additionalProperties": False,
    },
    "Signal": {
        "type": "object",
        "required": ["name", "value", "typical", "points", "description", "evidence"],
        "properties": {
            "name": {"type": "string"},
            "value": {"type": ["number", "null"], "description": "null: does not apply"},
            "typical": {"type": "number", "description": "Training median; 0 points here"},
            "points": {"type": "number", "description": "Contribution to the logit"},
            "description": {"type": "string"},
            "evidence": {"type": "array", "items": ref("Span")},
        },
        "additionalProperties": False,
    },
    "Score": {
        "type": "object",
        "required": [
            "credibility",
            "label",
            "model",
            "intercept",
            "thresholds",
            "warnings",
            "explanation",
            "signals",
            "source",
        ],
        "properties": {
            "credibility": {
                "type": ["number", "null"],
                "minimum": 0,
                "maximum": 1,
                "description": "Calibrated probability; null when not judged (unsupported)",
            },
            "label": {
                "enum": ["credible", "uncertain", "low", "unsupported"],
                "description": "unsupported: a language the model was not trained on (no "
                "signals); text too short to judge is uncertain, with a warning",
            },
            "model": {"type": "string", "description": "name@first 12 hex of the SHA-256"},
            "intercept": {"type": "number"},
            "thresholds": {
                "type": "object",
                "required": ["credible", "low"],
                "properties": {"credible": {"type": "number"}, "low": {"type": "number"}},
                "additionalProperties": False,
            },
            "warnings": {"type": "array", "items": {"type": "string"}},
            "explanation": {
                "enum": ["exact", "approximate"],
                "description": "exact: points + intercept equal the model's logit; "
                "approximate: a non-linear model's attribution (still summing to the logit)",
            },
            "signals": {"type": "array", "items": ref("Signal")},
            "source": {
                "oneOf": [{"type": "null"}, ref("Source")],
                "description": "What rating lists say of the URL's site (null without a URL); "
                "never part of the points",
            },
        },
        "additionalProperties": False,
    },
    "Source": {
        "type": "object",
        "required": ["domain", "rating", "lists", "entries", "matched", "disagrees"],
        "properties": {
            "domain": {"type": "string", "description": "The URL's host; empty when none"},
            "rating": {"enum": ["reliable", "mixed", "unreliable", "satire", "unknown"]},
            "lists": {"type": "array", "items": {"type": "string"}},
            "entries": {"type": "array", "items": ref("SourceEntry")},
            "matched": {
                "type": "string",
                "description": "The key found: the host, a parent domain, or name:<site name>",
            },
            "disagrees": {
                "type": "boolean",
                "description": "A rated-reliable site's page reads low, or a rated-unreliable "
                "or satire site's page reads credible",
            },
        },
        "additionalProperties": False,
    },
    "SourceEntry": {
        "type": "object",
        "required": ["list", "says", "rating"],
        "properties": {
            "list": {"type": "string"},
            "says": {"type": "string", "description": "The list's rating in its own words"},
            "rating": {"enum": ["reliable", "mixed", "unreliable", "satire", "unknown"]},
        },
        "additionalProperties": False,
    },
    "Health": {
        "type": "object",
        "required": ["status", "model", "sha256", "card_sha256", "version"],
        "properties": {
            "status": {"const": "ok"},
            "model": {"type": "string"},
            "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
            "card_sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
            "version": {"type": "string"},
        },
        "additionalProperties": False,
    },
    "ReviewRequest": {
        "type": "object",
        "required": ["verdict"],
        "properties": {
            "verdict": {"enum": ["credible", "not_credible"], "description": "What you believe"},
            "note": {"type": "string", "maxLength": 2000},
        },
        "additionalProperties": False,
        "example": {"verdict": "credible", "note": "a wire story, checked"},
    },
    "Review": {
        "type": "object",
        "required": ["id", "result_id", "created", "verdict", "note", "model"],
        "properties": {
            "id": {"type": "integer"},
            "result_id": {"type": "string"},
            "created": {"type": "number", "description": "Seconds since the epoch"},
            "verdict": {"enum": ["credible", "not_credible"]},
            "note": {"type": "string"},
            "model": {"type": "string", "description": "The model whose score was reviewed"},
        },
        "additionalProperties": False,
    },
    "Job": {
        "type": "object",
        "required": [
            "id",
            "state",
            "file",
            "rows_total",
            "rows_done",
            "errors",
            "unsupported",
            "rate",
            "created",
            "started",
            "finished",
            "attempts",
            "message",
            "links",
        ],
        "properties": {
            "id": {"type": "string", "pattern": f"^{ID_PATTERN}$"},
            "state": {
                "enum": ["queued", "running", "done", "failed", "cancelled", "expired"],
                "description": "expired: ended, and its files deleted after the retention time",
            },
            "file": {"type": "string", "description": "The uploaded file's name"},
            "rows_total": {"type": "integer", "minimum": 0},
            "rows_done": {"type": "integer", "minimum": 0},
            "errors": {"type": "integer", "minimum": 0, "description": "Rows with an error"},
            "unsupported": {"type": "integer", "minimum": 0, "description": "Not English"},
            "rate": {"type": "number", "minimum": 0, "description": "Rows per second"},
            "created": {"type": "number", "description": "Seconds since the epoch"},
            "started": {"type": ["number", "null"]},
            "finished": {"type": ["number", "null"]},
            "attempts": {
                "type": "integer",
                "minimum": 0,
                "description": "Runs begun: more than 1 when a restarted server continued it",
            },
            "message": {"type": "string", "description": "Why it failed, or what it waits for"},
            "links": {
                "type": "object",
                "required": ["self", "page"],
                "properties": {
                    name: {"type": "string"}
                    for name in ("self", "page", "cancel", "output", "sources")
                },
                "additionalProperties": False,
            },
        },
        "additionalProperties": False,
    },
    "Error": {
        "type": "object",
        "required": ["ok", "error"],
        "properties": {"ok": {"const": False}, "error": {"type": "string"}},
        "additionalProperties": False,
    },
}
