"""What the web app accepts and promises: its configuration defaults, the limits on each
request field, and the headers on every response.

One source of truth: the server enforces these values (each feature's api.py and service.py)
and the OpenAPI document (openapi.py, each feature's doc.py) states them, so the document
cannot drift from the server.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from credibility.errors import CredibilityError, quoted
from credibility.limits import MAX_ARTICLE_BYTES, MAX_UPLOAD_BYTES
from credibility.parsing.entry import NOT_BLANK_PATTERN

DEFAULTS: dict[str, Any] = {
    "MODEL": None,  # a name under models/ or a directory; None is models/default
    "MAX_ARTICLE_BYTES": MAX_ARTICLE_BYTES,
    "MAX_UPLOAD_BYTES": MAX_UPLOAD_BYTES,
    "STATE_DIR": None,  # None: --state-dir, $CREDIBILITY_STATE_DIR or ~/.local/state/...
    "DATABASE_URL": None,  # None: $CREDIBILITY_DATABASE_URL, else SQLite in the state folder
    "RESULT_KEEP_SECONDS": 7 * 24 * 3600,  # a result's JSON link works for a week
    "UPLOAD_DIR": None,  # None: uploads/ in the state folder
    # Settable from the environment as CREDIBILITY_<NAME> (TUNABLE, docs/api.md "Limits"):
    # A job's files are deleted this long after it ends (an upload never run: after its
    # upload), by every server on start and every minute.
    "UPLOAD_KEEP_SECONDS": 24 * 3600,
    # Rows one request scores while the client waits: about 15 s of real articles at the
    # 130-150 rows/s one worker thread scores (benchmarks/batch_throughput.py).
    "MAX_SYNC_ROWS": 2_000,
    "MAX_SYNC_SECONDS": 30,  # /api/batch stops and answers 422 past this
    # One article on / or /api/score; past this the request is answered 422 (looked at
    # between parsing stages and signals). Of the 1,688 pages of ../shared/data/pages.jsonl.gz
    # the slowest took 4.2 s, the 99th percentile 0.37 s, on a busy 2-core machine.
    "MAX_SCORE_SECONDS": 10,
    "MAX_JOB_ROWS": 500_000,  # about an hour of real articles on one thread
    "MAX_RUNNING_JOBS": 2,  # at once, over every worker and host sharing the database
    "MAX_DISK_BYTES": 2_000_000_000,  # uploads and job outputs together
    # Stored results (each /api/score and page score keeps its Score and its article, for
    # the JSON link and a review): the UTF-8 bytes of their texts; past it, the oldest
    # unreviewed go first (store.py). About 250 of the largest (2 MB) articles, or some
    # 50,000 typical ones (a 3,000-character article and its 7 KB Score).
    "MAX_RESULT_BYTES": 500_000_000,
    "JOB_STALE_SECONDS": 30,  # a running job silent this long is taken over by another worker
    "JOB_SCHEDULER": None,  # a dask scheduler address: jobs run on its cluster
    # `credibility serve` (gunicorn): seconds a client has to send a request's head (request
    # line and headers) once its connection is open or its last answer sent; it is read
    # without holding a thread, then answered 408. nginx's client_header_timeout is 60 s;
    # a browser sends a head in one packet, so 10 s leaves ample room on a slow link.
    "REQUEST_HEAD_SECONDS": 10,
    # `credibility serve` (gunicorn): a worker is replaced after this many requests (plus up
    # to a tenth more, at random, so workers do not all restart at once); 0: never. Parsing
    # 2 MB pages grew a worker from about 250 MB to 800 MB, and the allocator kept it
    # (issue 20). A job the old worker was running is taken over by another after
    # JOB_STALE_SECONDS and continues from its last chunk.
    "WORKER_MAX_REQUESTS": 1000,
    "WTF_CSRF_TIME_LIMIT": None,  # a form left open over lunch still submits
    # Reviews without a review token: `credibility serve` turns this on when it listens
    # beyond loopback (serve.py), where anyone who reaches the server could write
    # someone's training data; then reviews need CREDIBILITY_REVIEW_TOKEN.
    "REVIEWS_NEED_TOKEN": False,
}
TUNABLE = (
    "UPLOAD_KEEP_SECONDS",
    "MAX_SYNC_ROWS",
    "MAX_SYNC_SECONDS",
    "MAX_SCORE_SECONDS",
    "MAX_JOB_ROWS",
    "MAX_RUNNING_JOBS",
    "MAX_DISK_BYTES",
    "MAX_RESULT_BYTES",
    "JOB_STALE_SECONDS",
    "JOB_SCHEDULER",
    "REQUEST_HEAD_SECONDS",
    "WORKER_MAX_REQUESTS",
)
ENV_PREFIX = "CREDIBILITY_"
# A title is a line, a url an address: neither needs the article's megabytes. The longest
# in ../shared/data are a 684-character title and a 454-character url; 2,048 is the URL
# length that browsers and CDNs have long supported.
MAX_TITLE_CHARS = 1_000
MAX_URL_CHARS = 2_048
# gunicorn refuses a longer request line (method, path, query) with its own 414 page; 8,190
# is its ceiling, and RFC 9110 asks servers for at least 8,000.
MAX_REQUEST_LINE = 8_190
# A CSV column name given to /api/batch: five of them at 100 characters each, percent-encoded
# (up to 12 bytes a character), stay within the request line (tests/test_webapp.py).
MAX_COLUMN_CHARS = 100
# Slack over the largest upload for multipart framing and the other form fields.
FORM_OVERHEAD_BYTES = 64 * 1024
# What a result's, an upload's and a job's id looks like: 32 hex digits. The web looks up
# nothing else: PostgreSQL refuses a NUL in a query's text, and an id from a URL may hold one.
ID_PATTERN = r"[0-9a-f]{32}"
ID = re.compile(ID_PATTERN)
# A string with something besides whitespace: the one meaning of "not empty", the library's,
# stated as the document's pattern.
NOT_BLANK = NOT_BLANK_PATTERN
COLUMN_PARTS = ("text", "html", "title", "url", "source")

# What an HTML form can send (and a script on another site, without asking the server
# first). The writes with a body take JSON or CSV, and POST /api/jobs also a multipart upload
# (curl -F), which a browser's form from another site sends with an Origin or Sec-Fetch-Site
# naming that site (refused: cross_site); a cancel takes no body, and refuses these content
# types (tests/test_jobs.py).
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data", "text/plain")
CROSS_SITE_MESSAGE = "a browser's request from another site may not write through the API"

SECURITY_HEADERS = {
    # No inline scripts or styles anywhere, so the strictest policy holds.
    "Content-Security-Policy": "default-src 'self'; frame-ancestors 'none'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


def cross_site(origin: str | None, fetch_site: str | None, host: str) -> bool:
    """Whether a browser says the request comes from a page of another site: its
    Sec-Fetch-Site says so, or its Origin names another host than the one asked (a sandboxed
    page's Origin is "null"). Clients that are not browsers send neither and pass. The
    host, not the scheme, is compared: behind a proxy that ends TLS the app sees http."""
    if fetch_site is not None and fetch_site not in ("same-origin", "none"):
        return True
    return origin is not None and urlsplit(origin).netloc.lower() != host.lower()


def max_request_bytes(config: Mapping[str, Any]) -> int:
    """The largest body any route reads; Flask answers a bigger one with 413."""
    return max(config["MAX_UPLOAD_BYTES"], config["MAX_ARTICLE_BYTES"]) + FORM_OVERHEAD_BYTES


def too_long(name: str, value: str, limit: int) -> str | None:
    """The message for a field over its limit in characters, or None."""
    if len(value) <= limit:
        return None
    return f"{name} is {len(value):,} characters, over the limit of {limit:,}"


def from_environment(environ: Mapping[str, str]) -> dict[str, Any]:
    """The TUNABLE settings given as CREDIBILITY_<NAME>; numbers must be whole and >= 0."""
    found: dict[str, Any] = {}
    for name in TUNABLE:
        value = environ.get(ENV_PREFIX + name)
        if value is None or value == "":
            continue
        if DEFAULTS[name] is None:
            found[name] = value
            continue
        try:
            number = int(value.replace("_", ""))
        except ValueError:
            number = -1
        if number < 0:
            raise CredibilityError(
                f"{ENV_PREFIX}{name} must be a whole number >= 0, not {quoted(value)}"
            )
        found[name] = number
    return found


def required_token(config: Any) -> str | None:
    """The token review writes need: the app's REVIEW_TOKEN or $CREDIBILITY_REVIEW_TOKEN."""
    return config.get("REVIEW_TOKEN") or os.environ.get("CREDIBILITY_REVIEW_TOKEN")


def closed(config: Any) -> str | None:
    """Why reviews cannot be written at all, or None: the server listens beyond loopback
    (REVIEWS_NEED_TOKEN) and no review token is set up. Here, not with the reviews: serve.py
    says so when it starts."""
    if config.get("REVIEWS_NEED_TOKEN") and not required_token(config):
        return (
            "reviews are closed: this server listens beyond loopback and no review token is "
            "set up (CREDIBILITY_REVIEW_TOKEN)"
        )
    return None
