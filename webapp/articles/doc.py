"""The articles' part of the OpenAPI document: score one article, fetch a stored result;
the schemas of a Score and its parts, and of the request that asks for one."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from credibility.labels import Label
from credibility.webapp.docparts import (
    EXAMPLE_TEXT,
    cross_site_refused,
    error,
    path_id,
    ref,
    response,
)
from credibility.webapp.policy import (
    ID_PATTERN,
    MAX_TITLE_CHARS,
    MAX_URL_CHARS,
    NOT_BLANK,
    max_request_bytes,
)


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


RESULT_ID = path_id("The X-Result-Id of a /api/score response")
# Let schemathesis's stateful phase score, then fetch and review what it scored.
RESULT_LINKS = {
    "GetResult": {
        "operationId": "getResult",
        "parameters": {"id": "$response.header.X-Result-Id"},
    },
    "ReviewResult": {
        "operationId": "reviewResult",
        "parameters": {"id": "$response.header.X-Result-Id"},
    },
}


# The result's own HTML page, to share or to review later (/results/<id>).
PAGE_LINK = {
    "required": True,
    "description": 'The result\'s own page: </results/ID>; rel="alternate"; type="text/html"',
    "schema": {
        "type": "string",
        "pattern": f'^</results/{ID_PATTERN}>; rel="alternate"; type="text/html"$',
    },
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
                    "200": response(
                        "The score and its evidence; X-Result-Id names the stored result",
                        "application/json",
                        ref("Score"),
                        **{
                            "X-Result-Id": {"required": True, "schema": RESULT_ID["schema"]},
                            "Link": PAGE_LINK,
                        },
                    )
                    | {"links": RESULT_LINKS},
                    "400": error("The body breaks the ScoreRequest schema (the message says how)"),
                    "403": cross_site_refused(),
                    "413": too_large,
                    "415": error("Not a JSON body"),
                    "422": error("Valid, but the article's UTF-8 is over the byte limit"),
                },
            }
        },
        "/api/results/{id}": {
            "get": {
                "operationId": "getResult",
                "summary": "A stored result (kept 7 days by default; reviewed ones longer)",
                "parameters": [RESULT_ID],
                "responses": {
                    "200": response(
                        "The Score as it was given",
                        "application/json",
                        ref("Score"),
                        Link=PAGE_LINK,
                    ),
                    "404": error("No such result: never scored here, or expired"),
                },
            }
        },
    }


def schemas(config: Mapping[str, Any]) -> dict[str, Any]:
    return {"ScoreRequest": score_request(config["MAX_ARTICLE_BYTES"])} | SCHEMAS


# The schemas of what the API answers, which no server limit shapes.
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
                "enum": list(Label),
                "description": "unsupported: a language the model was not trained on (no "
                "signals); text too short to judge is uncertain, with a warning",
            },
            "model": {"type": "string", "description": "name@first 12 hex of the SHA-256"},
            "intercept": {"type": "number"},
            "thresholds": {
                "type": "object",
                "required": [Label.CREDIBLE, Label.LOW],
                "properties": {Label.CREDIBLE: {"type": "number"}, Label.LOW: {"type": "number"}},
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
}
