"""Source reputation: what independent raters say about a site, beside what its page shows.

>>> from credibility.reputation import lookup
>>> lookup("https://www.apnews.com/article/x").rating  # doctest: +SKIP
'reliable'

The rating never moves the content score: a page is judged on what it shows, and the site on
what the lists say, so each can be checked on its own.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from credibility.reputation.domains import host_of, registered_domain
from credibility.reputation.table import (
    RATINGS,
    Entry,
    SourceReport,
    Table,
    combine,
    disagree,
    shipped,
)
from credibility.reputation.user import LAYER_FILE, read_layer
from credibility.state import state_dir


def layer_path(state: str | Path | None = None) -> Path:
    return state_dir(state) / LAYER_FILE


@lru_cache(maxsize=8)
def _load(path: Path, stamp: float) -> Table:
    return shipped().with_user(read_layer(path), path)


def load(state: str | Path | None = None) -> Table:
    """The shipped table with the user's layer from the state folder, reread when it changes."""
    path = layer_path(state)
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        stamp = -1
    return _load(path, stamp)


def lookup(address: str, table: Table | None = None) -> SourceReport:
    """What is known about the site of a URL or a domain name."""
    return (table or load()).lookup(address)


__all__ = [
    "RATINGS",
    "Entry",
    "SourceReport",
    "Table",
    "combine",
    "disagree",
    "host_of",
    "layer_path",
    "load",
    "lookup",
    "registered_domain",
    "shipped",
]
