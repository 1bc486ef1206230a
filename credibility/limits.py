"""Size limits on input, one constant each: the parser, the CLI and the web app read them here.

They exist so one request or file cannot hold a process's memory, or its time. 2 MB holds
the longest page of ../shared/data/pages.jsonl.gz (1.6 MB of HTML).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from credibility.errors import TimeLimitError

# The largest article (text or HTML, UTF-8 bytes) scored; larger input is refused.
MAX_ARTICLE_BYTES = 2_000_000
# The largest CSV the web app accepts on /batch and /api/batch.
MAX_UPLOAD_BYTES = 20_000_000
# A page with more elements than this is read without trafilatura's main-text extraction
# (the line classifier alone tells story from boilerplate): trafilatura spends 25-50 us on
# each element, so 12,000 cost it 0.3-0.6 s (`<br>` or `<p>` repeated, benchmarks/
# pathological.py), while the largest of the 1,688 pages of ../shared/data/pages.jsonl.gz
# has 10,106 (lxml's count, implied <html>, <head> and <body> included).
MAX_EXTRACT_ELEMENTS = 12_000
# HTML whose parsed tree holds more elements than this is refused: walking them for the
# visible lines costs 2-4 us each, so 100,000 take 0.2-0.4 s, and 2 MB of `<br>` holds
# 500,000 (ten times the largest real page above).
MAX_ELEMENTS = 100_000
# Text with more non-empty lines, or HTML with more visible lines, than this is refused:
# each line is a block with a role, 10-20 us from the parse to the last signal, so 25,000
# cost 0.25-0.5 s, while 2 MB of "a" lines holds a million. The longest texts of
# ../shared/data have 1,316 lines, the longest page 6,570 visible lines.
MAX_LINES = 25_000
# libxml2 checks each attribute of a start tag against the tag's others, so a tag's parse time
# grows with the square of its attributes: one tag with 200,000 of them (1.9 MB) held a
# thread 56 s, beyond any time limit, as a parse cannot be interrupted (issue 20). HTML whose
# tags sum to more than this (attributes per tag, squared) is refused before parsing. Of the
# 1,688 pages of ../shared/data/pages.jsonl.gz the highest sum is 34.6 million (a broken quote
# that makes 5,886 words one tag's attributes), the 99th percentile 0.35 million; at the
# limit, one tag of 10,000 attributes or 100 tags of 1,000 parse in about a second.
MAX_ATTRIBUTE_LOAD = 100_000_000
# Past this load trafilatura is skipped as well (the line classifier alone decides): it
# copies and searches the tree several times, so 100 tags of 995 attributes took it 0.6 s
# beside 0.3 s for our own parse (benchmarks/pathological.py). The highest of the real
# pages is 34.6 million.
MAX_EXTRACT_ATTRIBUTE_LOAD = 40_000_000

# The time one scoring may take, set by a caller (the web app per request) with time_limit();
# looked at between parsing stages and signals, so an overrun is bounded by the longest stage.
_DEADLINE: ContextVar[tuple[float, float] | None] = ContextVar("deadline", default=None)


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Within the block, check_time() raises TimeLimitError past ``seconds`` (None: never)."""
    token = _DEADLINE.set(None if seconds is None else (time.monotonic() + seconds, seconds))
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def check_time() -> None:
    deadline = _DEADLINE.get()
    if deadline is not None and time.monotonic() > deadline[0]:
        raise TimeLimitError(f"scoring took longer than the limit of {deadline[1]:g} s")
