"""The API's OpenAPI 3.1 document, built from the limits the server enforces (policy.py).

Tests validate real responses against its schemas, and schemathesis generates requests from it
(tests/test_api_conformance.py): what it allows, the server accepts; what it forbids, the server
refuses with 400. Each feature states its own paths and schemas (its doc.py); this module
gathers them and adds the API's own; `links` between operations let schemathesis's stateful
phase chain them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from credibility import __version__
from credibility.webapp.articles import doc as articles
from credibility.webapp.docparts import json_response, response
from credibility.webapp.jobs import doc as jobs
from credibility.webapp.policy import DEFAULTS, SECURITY_HEADERS
from credibility.webapp.reviews import doc as reviews

FEATURES = (articles, reviews, jobs)


def paths(config: Mapping[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for feature in FEATURES:
        found |= feature.paths(config)
    return found | {
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
            "schemas": schemas(config),
            "headers": headers,
        },
    }


def schemas(config: Mapping[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for feature in FEATURES:
        found |= feature.schemas(config)
    return found | SCHEMAS


# The API's own answers and the one shape of every error.
SCHEMAS: dict[str, Any] = {
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
