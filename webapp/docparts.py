"""Parts of the OpenAPI document that several paths share: references to the schemas,
responses with the security headers, the Error body, a CSV column parameter."""

from __future__ import annotations

from typing import Any

from credibility.webapp.policy import (
    ID_PATTERN,
    MAX_COLUMN_CHARS,
    MAX_REQUEST_LINE,
    NOT_BLANK,
    SECURITY_HEADERS,
)


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


EXAMPLE_TEXT = (
    "The council said on Monday that the road budget passed, officials said. The mayor said "
    "work on the bridge starts in spring."
)


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


CROSS_SITE = (
    "sent by a browser from another site's page (its Origin names another host, or "
    "Sec-Fetch-Site is not same-origin): API writes are refused to other sites"
)


def cross_site_refused(other: str = "") -> dict[str, Any]:
    """The 403 of every write (docs/api.md, Security), after ``other`` reasons when given."""
    return error(f"{other}, or {CROSS_SITE}" if other else CROSS_SITE[0].upper() + CROSS_SITE[1:])


def column(part: str) -> dict[str, Any]:
    default = "text" if part == "text" else f"{part}, when the file has one"
    return {
        "name": f"{part}_col",
        "in": "query",
        "required": False,
        "description": f"Name of the {part} column (default {default}); empty means the default",
        "schema": {"type": "string", "maxLength": MAX_COLUMN_CHARS},
    }


def csv_body(max_bytes: int, example_text: str) -> dict[str, Any]:
    return {
        "required": True,
        "content": {
            "text/csv": {
                "schema": {
                    "type": "string",
                    "pattern": NOT_BLANK,
                    "description": f"At most {max_bytes:,} bytes; not only whitespace",
                },
                "example": f'id,text\n1,"{example_text}"\n',
            }
        },
    }


def request_line_too_long() -> dict[str, Any]:
    return response(
        f"The request line is over {MAX_REQUEST_LINE:,} bytes (column names over their "
        "limit): gunicorn's own page, in HTML, with the same security headers",
        "text/html",
        {"type": "string"},
    )


def path_id(description: str) -> dict[str, Any]:
    """The ``id`` in a path: a result's or a job's, as the server gives them out."""
    return {
        "name": "id",
        "in": "path",
        "required": True,
        "schema": {"type": "string", "pattern": f"^{ID_PATTERN}$"},
        "description": description,
    }
