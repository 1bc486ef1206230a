"""The API's OpenAPI 3.1 document, built from the limits the server enforces (policy.py).

Tests validate real responses against its schemas, and schemathesis generates requests from it
(tests/test_api_conformance.py): what it allows, the server accepts; what it forbids, the server
refuses with 400. The jobs' paths are in jobdoc.py, the answers' schemas in schemas.py;
`links` between operations let schemathesis's stateful phase chain them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from credibility.webapp.docparts import (
    EXAMPLE_TEXT,
    column,
    cross_site_refused,
    csv_body,
    error,
    json_response,
    path_id,
    request_line_too_long,
    response,
)
from credibility.webapp.jobdoc import job_paths
from credibility.webapp.policy import (
    COLUMN_PARTS,
    DEFAULTS,
    MAX_TITLE_CHARS,
    MAX_URL_CHARS,
    NOT_BLANK,
    SECURITY_HEADERS,
    max_request_bytes,
)
from credibility.webapp.schemas import SCHEMAS, ref

from credibility import __version__


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
                        **{"X-Result-Id": {"required": True, "schema": RESULT_ID["schema"]}},
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
                    "200": json_response("The Score as it was given", "Score"),
                    "404": error("No such result: never scored here, or expired"),
                },
            }
        },
        "/api/results/{id}/review": {
            "post": {
                "operationId": "reviewResult",
                "summary": "Record the verdict a reviewer believes, for retraining",
                "parameters": [RESULT_ID],
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": ref("ReviewRequest")}},
                },
                "responses": {
                    "201": json_response("The stored review", "Review"),
                    "400": error("The body breaks the ReviewRequest schema"),
                    "401": error("A review token is set up and was not given as a Bearer token"),
                    "403": cross_site_refused(
                        "Reviews are closed: the server listens beyond loopback and no review "
                        "token is set up"
                    ),
                    "404": error("No such result: never scored here, or expired"),
                    "413": too_large,
                    "415": error("Not a JSON body"),
                },
            }
        },
        "/api/batch": {
            "post": {
                "summary": "Score every row of a CSV file (UTF-8, with a header line)",
                "parameters": [column(part) for part in COLUMN_PARTS],
                "requestBody": csv_body(config["MAX_UPLOAD_BYTES"], EXAMPLE_TEXT),
                "responses": {
                    "200": response(
                        "Every input row, in order, with credibility, label, top_signals and "
                        "error columns",
                        "text/csv",
                        {"type": "string"},
                        **{"Content-Disposition": {"$ref": "#/components/headers/Attachment"}},
                    ),
                    "400": error("An empty body or a column name over the limit"),
                    "403": cross_site_refused(),
                    "413": error(f"The body is over {config['MAX_UPLOAD_BYTES']:,} bytes"),
                    "414": request_line_too_long(),
                    "415": error("Not a CSV body"),
                    "422": error(
                        "A CSV the server cannot score: no text or html column, a named column "
                        "missing, duplicate or reserved column names, an unreadable header, or "
                        f"more than {config['MAX_SYNC_ROWS']:,} rows or "
                        f"{config['MAX_SYNC_SECONDS']:,} s (scored while you wait; send more "
                        "as a job)"
                    ),
                },
            }
        },
        **job_paths(config),
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
