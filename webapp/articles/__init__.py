"""Score one article: the form (/), its stored results, /api/score and /api/results/<id>,
their part of the OpenAPI document, and what the result view draws."""
