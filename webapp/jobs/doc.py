"""The jobs' part of the OpenAPI document: queue a CSV, follow it, fetch or cancel it, read its
site verdicts; score a small CSV while the client waits."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from credibility.labels import BANDS
from credibility.sites import NEEDS_MORE_PAGES
from credibility.webapp.docparts import (
    EXAMPLE_TEXT,
    column,
    cross_site_refused,
    csv_body,
    error,
    json_response,
    path_id,
    ref,
    request_line_too_long,
    response,
)
from credibility.webapp.policy import COLUMN_PARTS, ID_PATTERN

JOB_ID = path_id("The id of a job POST /api/jobs created")
# Let schemathesis's stateful phase queue a job, then follow, fetch and cancel it.
JOB_LINKS = {
    name: {"operationId": operation, "parameters": {"id": "$response.body#/id"}}
    for name, operation in (
        ("GetJob", "getJob"),
        ("CancelJob", "cancelJob"),
        ("GetJobOutput", "getJobOutput"),
        ("GetJobSources", "getJobSources"),
    )
}
MISSING = "No such job: never created here, or deleted a week after it ended"


def csv_file(description: str) -> dict[str, Any]:
    download = {"required": True, "schema": {"type": "string", "pattern": "^attachment; "}}
    headers = {"Content-Disposition": download}
    return response(description, "text/csv", {"type": "string"}, **headers)


def job_file(operation: str, summary: str, found: dict[str, Any]) -> dict[str, Any]:
    return {
        "get": {
            "operationId": operation,
            "summary": summary,
            "parameters": [JOB_ID],
            "responses": {
                "200": found,
                "404": error(MISSING),
                "409": error("The job has no such file: not done (yet), or no source column"),
            },
        }
    }


def csv_upload(max_bytes: int) -> dict[str, Any]:
    """The CSV as the body, or as the field ``file`` of a multipart upload (curl -F)."""
    body = csv_body(max_bytes, EXAMPLE_TEXT)
    body["content"]["multipart/form-data"] = {
        "schema": {
            "type": "object",
            "required": ["file"],
            "properties": {
                "file": {
                    "type": "string",
                    "format": "binary",
                    "contentMediaType": "text/csv",
                    "description": f"The CSV file (as curl -F file=@articles.csv sends it): at "
                    f"most {max_bytes:,} bytes; not only whitespace",
                }
            },
        },
        "encoding": {"file": {"contentType": "text/csv"}},
    }
    return body


def paths(config: Mapping[str, Any]) -> dict[str, Any]:
    upload_mb = config["MAX_UPLOAD_BYTES"]
    return {
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
        "/api/jobs": {
            "post": {
                "operationId": "createJob",
                "summary": "Queue a CSV file (UTF-8, with a header line) to score in the "
                "background; answers at once",
                "parameters": [column(part) for part in COLUMN_PARTS],
                "requestBody": csv_upload(upload_mb),
                "responses": {
                    "202": json_response("The job, queued; Location is its address", "Job")
                    | {"links": JOB_LINKS},
                    "400": error(
                        "An empty body or file, an upload without the field file, or a column "
                        "name over the limit"
                    ),
                    "403": cross_site_refused(),
                    "413": error(f"The body or file is over {upload_mb:,} bytes"),
                    "414": request_line_too_long(),
                    "415": error("Neither a CSV body nor a multipart upload"),
                    "422": error(
                        "A CSV the server cannot score: no text or html column, a named column "
                        "missing, duplicate or reserved column names, an unreadable header, or "
                        f"more than {config['MAX_JOB_ROWS']:,} rows"
                    ),
                    "507": error("The server's space for uploads and outputs is full"),
                },
            }
        },
        "/api/jobs/{id}": {
            "get": {
                "operationId": "getJob",
                "summary": "A job's state and progress, with links to its files when done",
                "parameters": [JOB_ID],
                "responses": {"200": json_response("The job", "Job"), "404": error(MISSING)},
            }
        },
        "/api/jobs/{id}/cancel": {
            "post": {
                "operationId": "cancelJob",
                "summary": "Cancel a queued or running job; its files are deleted. Send no "
                "body: a form's content type is refused",
                "parameters": [JOB_ID],
                "responses": {
                    "200": json_response("The job, cancelled", "Job"),
                    "403": cross_site_refused(),
                    "404": error(MISSING),
                    "409": error("The job has already ended"),
                    "415": error(
                        "A content type an HTML form can send (urlencoded, multipart, text/plain)"
                    ),
                },
            }
        },
        "/api/jobs/{id}/output": job_file(
            "getJobOutput",
            "A done job's scored CSV",
            csv_file(
                "Every input row, in order, with credibility, label, top_signals and error columns"
            ),
        ),
        "/api/jobs/{id}/sources": job_file(
            "getJobSources",
            "A done job's site verdicts: each source judged from its own pages",
            json_response(
                "One verdict per source (the source column, else the URL's domain), most pages "
                "first, as the batch's --by-source summary holds them",
                "Sources",
            ),
        ),
    }


def schemas(config: Mapping[str, Any]) -> dict[str, Any]:
    return {"Job": JOB, "Sources": SOURCES, "SiteVerdict": SITE_VERDICT}


def share() -> dict[str, Any]:
    return {"type": "number", "minimum": 0, "maximum": 1}


def maybe(schema: dict[str, Any]) -> dict[str, Any]:
    return {"oneOf": [schema, {"type": "null"}]}


RECURRING: dict[str, Any] = {
    "type": "object",
    "required": ["signal", "description", "pages", "example"],
    "properties": {
        "signal": {"type": "string", "description": "The signal's name"},
        "description": {"type": "string", "description": "What it measures, in words"},
        "pages": {"type": "integer", "minimum": 1, "description": "Judged pages it lowered"},
        "example": {"type": "string", "description": "A short excerpt from one page, or empty"},
    },
    "additionalProperties": False,
}
SITE_VERDICT: dict[str, Any] = {
    "type": "object",
    "description": "A site's verdict from its own pages (it never reads the raters' lists), "
    "and what sits beside it",
    "required": [
        "site",
        "pages",
        "judged",
        "probability",
        "band",
        "interval",
        "evidence",
        "unsupported",
        "mean_credibility",
        "shares",
        "source_rating",
        "disagrees",
    ],
    "properties": {
        "site": {"type": "string", "description": "The source cell, else the URL's domain"},
        "pages": {"type": "integer", "minimum": 1, "description": "Its rows"},
        "judged": {"type": "integer", "minimum": 0, "description": "Its rows with a score"},
        "probability": maybe(share())
        | {"description": "That the site is credible; null: needs more pages"},
        "band": {"enum": [*BANDS, NEEDS_MORE_PAGES]},
        "interval": maybe({"type": "array", "items": share(), "minItems": 2, "maxItems": 2})
        | {"description": "How sure the probability is: low and high ends"},
        "evidence": {
            "type": "array",
            "items": RECURRING,
            "description": "The signals that lowered most of its judged pages",
        },
        "unsupported": {"type": "integer", "minimum": 0, "description": "Rows not English"},
        "mean_credibility": maybe(share()) | {"description": "Of its judged pages"},
        "shares": maybe(
            {
                "type": "object",
                "required": list(BANDS),
                "properties": {band: share() for band in BANDS},
                "additionalProperties": False,
            }
        )
        | {"description": "The share of its judged pages in each band"},
        "source_rating": maybe({"type": "string"})
        | {"description": "What rating lists say of the site; null without a URL column"},
        "disagrees": maybe({"type": "boolean"})
        | {"description": "The rating and the band disagree, as for pages"},
    },
    "additionalProperties": False,
}
SOURCES: dict[str, Any] = {
    "type": "object",
    "required": ["sources"],
    "properties": {"sources": {"type": "array", "items": ref("SiteVerdict")}},
    "additionalProperties": False,
}


JOB: dict[str, Any] = {
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
                name: {"type": "string"} for name in ("self", "page", "cancel", "output", "sources")
            },
            "additionalProperties": False,
        },
    },
    "additionalProperties": False,
}
