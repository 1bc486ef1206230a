"""API fuzzing: generated requests against the in-process app; no 5xx, and every response
matches the OpenAPI document (a hypothesis generator in place of schemathesis)."""

import json

import jsonschema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from webapp import create_app
from webapp.openapi import document

APP = create_app({"TESTING": True, "MAX_ARTICLE_BYTES": 50_000, "MAX_UPLOAD_BYTES": 100_000})
SPEC = document()
SETTINGS = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=50),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)
FIELD = st.one_of(st.text(max_size=300), JSON)
BODIES = st.one_of(
    JSON,
    st.fixed_dictionaries({"text": FIELD}, optional={"title": FIELD, "url": FIELD}),
    st.fixed_dictionaries({"html": FIELD}, optional={"title": FIELD, "url": FIELD, "text": FIELD}),
)


def matches(response, schema_name: str) -> None:
    schema = {"$ref": f"#/components/schemas/{schema_name}", "components": SPEC["components"]}
    jsonschema.validate(response.get_json(), schema)


def documented(path: str, method: str, status: int) -> bool:
    return str(status) in SPEC["paths"][path][method]["responses"]


@SETTINGS
@given(BODIES)
def test_api_score_never_fails_and_matches_the_document(body):
    response = APP.test_client().post(
        "/api/score", data=json.dumps(body), content_type="application/json"
    )
    assert response.status_code < 500
    assert documented("/api/score", "post", response.status_code)
    matches(response, "Score" if response.status_code == 200 else "Error")


@SETTINGS
@given(
    st.binary(max_size=400),
    st.sampled_from(["application/json", "text/plain", "", "application/x-www-form-urlencoded"]),
)
def test_api_score_raw_bodies(raw, content_type):
    response = APP.test_client().post("/api/score", data=raw, content_type=content_type)
    assert response.status_code in (200, 400, 413, 415)
    matches(response, "Score" if response.status_code == 200 else "Error")


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.lists(st.text(max_size=40), min_size=1, max_size=4), max_size=6),
    st.sampled_from(["text", "body", ""]),
)
def test_api_batch_never_fails(rows, column):
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([column or "x", "id"])
    writer.writerows(rows)
    response = APP.test_client().post(
        "/api/batch", data=buffer.getvalue().encode(), content_type="text/csv"
    )
    assert response.status_code < 500
    assert documented("/api/batch", "post", response.status_code)
    if response.status_code != 200:
        matches(response, "Error")
