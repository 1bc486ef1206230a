"""The API's OpenAPI 3.1 document, built from the limits the server enforces (policy.py).

Tests validate real responses against its schemas, and schemathesis generates requests from it
(tests/test_api_conformance.py): what it allows, the server accepts; what it forbids, the server
refuses with 400. Operations added later (jobs, reviews) add their paths in `paths()` and their
schemas to SCHEMAS; `links` between them let schemathesis's stateful phase chain them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from credibility import __version__
from webapp.policy import (
    COLUMN_PARTS,
    DEFAULTS,
    MAX_COLUMN_CHARS,
    MAX_REQUEST_LINE,
    MAX_TITLE_CHARS,
    MAX_URL_CHARS,
    NOT_BLANK,
    SECURITY_HEADERS,
    max_request_bytes,
)

EXAMPLE_TEXT = (
    "The council said on Monday that the road budget passed, officials said. The mayor said "
    "work on the bridge starts in spring."
)


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def response(description: str, media: str, schema: dict[str, Any], **headers: Any) -> dict:
    """A response with its body and headers: the security headers are on every one."""
    named = {name: {"$ref": f"#/components/headers/{name}"} for name in SECURITY_HEADERS}
    return {
        "description": description,
        "headers": {**named, **headers},
        "content": {media: {"schema": schema}},
    }


def json_response(description: str, name: str) -> dict[str, Any]:
    return response(description, "application/json", ref(name))


def error(description: str) -> dict[str, Any]:
    return json_response(description, "Error")


def score_request(max_article: int) -> dict[str, Any]:
    def article(what: str) -> dict[str, Any]:
        return {
            "type": "string",
            "pattern": NOT_BLANK,
            "maxLength": max_article,
            "description": f"{what}; not only whitespace. At most {max_article:,} characters "
            f"and {max_article:,} bytes as UTF-8 (a shorter text whose UTF-8 is longer gets 422)",
        }

    return {
        "type": "object",
        "description": "Exactly one of text or html.",
        "properties": {
            "text": article("Article text as copied from a page"),
            "html": article("The page's HTML"),
            "title": {"type": "string", "maxLength": MAX_TITLE_CHARS},
            "url": {
                "type": "string",
                "maxLength": MAX_URL_CHARS,
                "description": "The article's address; enables the source signals",
            },
        },
        "oneOf": [{"required": ["text"]}, {"required": ["html"]}],
        "additionalProperties": False,
        "example": {"text": EXAMPLE_TEXT, "title": "Bridge budget passes"},
    }


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
    "Error": {
        "type": "object",
        "required": ["ok", "error"],
        "properties": {"ok": {"const": False}, "error": {"type": "string"}},
        "additionalProperties": False,
    },
}


def column(part: str) -> dict[str, Any]:
    default = "text" if part == "text" else f"{part}, when the file has one"
    return {
        "name": f"{part}_col",
        "in": "query",
        "required": False,
        "description": f"Name of the {part} column (default {default}); empty means the default",
        "schema": {"type": "string", "maxLength": MAX_COLUMN_CHARS},
    }


def paths(config: Mapping[str, Any]) -> dict[str, Any]:
    too_large = error(f"The body is over {max_request_bytes(config):,} bytes")
    return {
        "/api/score": {
            "post": {
                "summary": "Score one article",
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": ref("ScoreRequest")}},
                },
                "responses": {
                    "200": json_response("The score and its evidence", "Score"),
                    "400": error("The body breaks the ScoreRequest schema (the message says how)"),
                    "413": too_large,
                    "415": error("Not a JSON body"),
                    "422": error("Valid, but the article's UTF-8 is over the byte limit"),
                },
            }
        },
        "/api/batch": {
            "post": {
                "summary": "Score every row of a CSV file (UTF-8, with a header line)",
                "parameters": [column(part) for part in COLUMN_PARTS],
                "requestBody": {
                    "required": True,
                    "content": {
                        "text/csv": {
                            "schema": {
                                "type": "string",
                                "pattern": NOT_BLANK,
                                "description": "At most "
                                f"{config['MAX_UPLOAD_BYTES']:,} bytes; not only whitespace",
                            },
                            "example": f'id,text\n1,"{EXAMPLE_TEXT}"\n',
                        }
                    },
                },
                "responses": {
                    "200": response(
                        "Every input row, in order, with credibility, label, top_signals and "
                        "error columns",
                        "text/csv",
                        {"type": "string"},
                        **{"Content-Disposition": {"$ref": "#/components/headers/Attachment"}},
                    ),
                    "400": error("An empty body or a column name over the limit"),
                    "413": error(f"The body is over {config['MAX_UPLOAD_BYTES']:,} bytes"),
                    "414": {
                        "description": f"The request line is over {MAX_REQUEST_LINE:,} bytes "
                        "(column names over their limit): gunicorn's own page, in HTML, without "
                        "the headers of the other responses",
                        "content": {"text/html": {"schema": {"type": "string"}}},
                    },
                    "415": error("Not a CSV body"),
                    "422": error(
                        "A CSV the server cannot score: no text or html column, a named column "
                        "missing, duplicate or reserved column names, an unreadable header"
                    ),
                },
            }
        },
        "/api/health": {
            "get": {
                "summary": "Service status and the loaded model",
                "responses": {"200": json_response("Healthy", "Health")},
            }
        },
        "/api/openapi.json": {
            "get": {
                "summary": "This document",
                "responses": {
                    "200": response("OpenAPI document", "application/json", {"type": "object"})
                },
            }
        },
    }


def document(config: Mapping[str, Any] = DEFAULTS) -> dict[str, Any]:
    """The document for an app with ``config`` (its limits); the defaults without one."""
    headers = {
        name: {"required": True, "schema": {"type": "string", "const": value}}
        for name, value in SECURITY_HEADERS.items()
    }
    headers["Attachment"] = {
        "required": True,
        "schema": {"type": "string", "const": 'attachment; filename="scored.csv"'},
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "credibility",
            "version": __version__,
            "description": "Explainable credibility scores for news articles. Every error is "
            "the Error object; a method a path does not list gets 405 with an Allow header.",
        },
        "paths": paths(config),
        "components": {
            "schemas": {"ScoreRequest": score_request(config["MAX_ARTICLE_BYTES"])} | SCHEMAS,
            "headers": headers,
        },
    }
