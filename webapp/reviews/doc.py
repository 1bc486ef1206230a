"""The reviews' part of the OpenAPI document: record a verdict on a stored result."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from credibility.labels import Verdict
from credibility.webapp.docparts import (
    cross_site_refused,
    error,
    json_response,
    path_id,
    ref,
)
from credibility.webapp.policy import max_request_bytes

RESULT_ID = path_id("The X-Result-Id of a /api/score response")


def paths(config: Mapping[str, Any]) -> dict[str, Any]:
    too_large = error(f"The body is over {max_request_bytes(config):,} bytes")
    return {
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
    }


def schemas(config: Mapping[str, Any]) -> dict[str, Any]:
    return SCHEMAS


SCHEMAS: dict[str, Any] = {
    "ReviewRequest": {
        "type": "object",
        "required": ["verdict"],
        "properties": {
            "verdict": {"enum": list(Verdict), "description": "What you believe"},
            "note": {"type": "string", "maxLength": 2000},
        },
        "additionalProperties": False,
        "example": {"verdict": Verdict.CREDIBLE, "note": "a wire story, checked"},
    },
    "Review": {
        "type": "object",
        "required": ["id", "result_id", "created", "verdict", "note", "model"],
        "properties": {
            "id": {"type": "integer"},
            "result_id": {"type": "string"},
            "created": {"type": "number", "description": "Seconds since the epoch"},
            "verdict": {"enum": list(Verdict)},
            "note": {"type": "string"},
            "model": {"type": "string", "description": "The model whose score was reviewed"},
        },
        "additionalProperties": False,
    },
}
