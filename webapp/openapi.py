"""The API's OpenAPI 3.1 document; tests validate real responses against its schemas."""

from __future__ import annotations

from typing import Any

from credibility import __version__


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def json_body(name: str) -> dict[str, Any]:
    return {"content": {"application/json": {"schema": ref(name)}}}


def error(description: str) -> dict[str, Any]:
    return {"description": description, **json_body("Error")}


SCHEMAS: dict[str, Any] = {
    "ScoreRequest": {
        "type": "object",
        "description": "Exactly one of text or html.",
        "properties": {
            "text": {"type": "string", "description": "Article text as copied from a page"},
            "html": {"type": "string", "description": "The page's HTML"},
            "title": {"type": "string"},
            "url": {"type": "string", "description": "Enables the source signals"},
        },
        "oneOf": [{"required": ["text"]}, {"required": ["html"]}],
        "additionalProperties": False,
    },
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
    "Error": {
        "type": "object",
        "required": ["ok", "error"],
        "properties": {"ok": {"const": False}, "error": {"type": "string"}},
        "additionalProperties": False,
    },
}


def document() -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "credibility",
            "version": __version__,
            "description": "Explainable credibility scores for news articles.",
        },
        "paths": {
            "/api/score": {
                "post": {
                    "summary": "Score one article",
                    "requestBody": {"required": True, **json_body("ScoreRequest")},
                    "responses": {
                        "200": {"description": "The score and its evidence", **json_body("Score")},
                        "400": error("Invalid input (empty, oversized, wrong fields)"),
                        "413": error("Request too large"),
                        "415": error("Not a JSON body"),
                    },
                }
            },
            "/api/batch": {
                "post": {
                    "summary": "Score every row of a CSV file",
                    "parameters": [
                        {
                            "name": name,
                            "in": "query",
                            "required": False,
                            "schema": {"type": "string"},
                        }
                        for name in ("text_col", "html_col", "title_col", "url_col", "source_col")
                    ],
                    "requestBody": {
                        "required": True,
                        "content": {"text/csv": {"schema": {"type": "string"}}},
                    },
                    "responses": {
                        "200": {
                            "description": "Every input row, in order, with credibility, "
                            "label, top_signals and error columns",
                            "content": {"text/csv": {"schema": {"type": "string"}}},
                        },
                        "400": error("Unreadable CSV or a missing column"),
                        "413": error("Request too large"),
                        "415": error("Not a CSV body"),
                    },
                }
            },
            "/api/health": {
                "get": {
                    "summary": "Service status and the loaded model",
                    "responses": {"200": {"description": "Healthy", **json_body("Health")}},
                }
            },
            "/api/openapi.json": {
                "get": {
                    "summary": "This document",
                    "responses": {
                        "200": {
                            "description": "OpenAPI document",
                            "content": {"application/json": {"schema": {"type": "object"}}},
                        }
                    },
                }
            },
        },
        "components": {"schemas": SCHEMAS},
    }
