"""The reputation table: what independent raters say about a site, looked up by domain.

The shipped table (``reputation.json.gz``, built by ``make sources`` from the rating lists in
../shared/data) keeps each list's rating in the list's own words beside a
normalised one. A user's own layer (``credibility sources --add``) is read over it. The
combined rating is a vote of the lists, so one list cannot outweigh the others; satire wins
over every other rating (lists that file satire as "fake" are less informative), and a user's
own rating wins over all lists. Votes are averaged per rater first: MBFC's ratings reach the
table through four lists and count once.
"""

from __future__ import annotations

import gzip
import json
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from credibility.labels import Label
from credibility.reputation.domains import candidates, host_of, site_name

RELIABLE, MIXED, UNRELIABLE, SATIRE, UNKNOWN = (
    "reliable",
    "mixed",
    "unreliable",
    "satire",
    "unknown",
)
RATINGS = (RELIABLE, MIXED, UNRELIABLE, SATIRE, UNKNOWN)
VOTE = {RELIABLE: 1.0, MIXED: 0.0, UNRELIABLE: -1.0}
USER_LIST = "user"
TABLE_FILE = "reputation.json.gz"
FORMAT = 1


@dataclass(frozen=True, slots=True)
class Entry:
    """One list's word on a site: the list's name, its rating in its own words, and that
    rating normalised to one of RATINGS."""

    list: str
    says: str
    rating: str

    def to_dict(self) -> dict[str, str]:
        return {"list": self.list, "says": self.says, "rating": self.rating}


@dataclass(frozen=True)
class SourceReport:
    """What is known about the site of one URL. ``matched`` is the table key found: the host,
    a parent domain, or 'name:<site name>' for lists that give names instead of domains."""

    domain: str
    rating: str = UNKNOWN
    entries: tuple[Entry, ...] = ()
    matched: str = ""
    disagrees: bool = False  # set by against(): the content verdict and the rating differ

    @property
    def lists(self) -> list[str]:
        return list(dict.fromkeys(e.list for e in self.entries))

    def against(self, label: str) -> SourceReport:
        """This report beside a page's content label (see disagree())."""
        return replace(self, disagrees=disagree(self.rating, label))

    def to_dict(self) -> dict[str, Any]:
        return {
            "domain": self.domain,
            "rating": self.rating,
            "lists": self.lists,
            "entries": [e.to_dict() for e in self.entries],
            "matched": self.matched,
            "disagrees": self.disagrees,
        }


def disagree(rating: str, label: str) -> bool:
    """Whether a rating and a content verdict (a page's label, a site's band) disagree: a
    rated-reliable site reads `low`, or a rated-unreliable or satire site reads `credible`."""
    return (rating == RELIABLE and label == Label.LOW) or (
        rating in (UNRELIABLE, SATIRE) and label == Label.CREDIBLE
    )


def combine(entries: tuple[Entry, ...], raters: Mapping[str, str] | None = None) -> str:
    """The normalised rating of a site from its entries (see the module's docstring);
    ``raters`` maps a list to who rates in it (a list is its own rater by default)."""
    own = [e.rating for e in entries if e.list == USER_LIST]
    if own:
        return own[-1]
    rated = [e for e in entries if e.rating != UNKNOWN]
    if not rated:
        return UNKNOWN
    if any(e.rating == SATIRE for e in rated):
        return SATIRE
    by_rater: dict[str, list[float]] = defaultdict(list)
    for e in rated:
        by_rater[(raters or {}).get(e.list, e.list)].append(VOTE[e.rating])
    votes = [sum(v) / len(v) for v in by_rater.values()]
    mean = sum(votes) / len(votes)
    return RELIABLE if mean >= 0.5 else UNRELIABLE if mean <= -0.5 else MIXED


def _entries(rows: list[list[str]]) -> tuple[Entry, ...]:
    return tuple(Entry(*row) for row in rows)


@dataclass(frozen=True)
class Table:
    """Domain -> entries, name -> entries, the lists' metadata, and a user layer."""

    domains: dict[str, tuple[Entry, ...]]
    names: dict[str, tuple[Entry, ...]] = field(default_factory=dict)
    lists: dict[str, dict[str, str]] = field(default_factory=dict)
    raters: dict[str, str] = field(default_factory=dict)
    version: str = ""
    user: dict[str, Entry] = field(default_factory=dict)
    user_path: Path | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Table:
        if data.get("format") != FORMAT:
            raise ValueError(f"reputation table format {data.get('format')!r}, not {FORMAT}")
        return cls(
            domains={k: _entries(v) for k, v in data["domains"].items()},
            names={k: _entries(v) for k, v in data.get("names", {}).items()},
            lists=data["lists"],
            raters=data["raters"],
            version=data["version"],
        )

    def with_user(self, user: dict[str, Entry], path: Path | None) -> Table:
        return Table(self.domains, self.names, self.lists, self.raters, self.version, user, path)

    def lookup(self, address: str) -> SourceReport:
        """What the lists (and the user's layer) say about the site of a URL or domain."""
        host = host_of(address)
        if not host:
            return SourceReport(domain="")
        for key in candidates(host):
            found = self.domains.get(key, ())
            if key in self.user:
                found = (*found, self.user[key])
            if found:
                return SourceReport(host, combine(found, self.raters), found, key)
        name = site_name(host)
        found = self.names.get(name, ())
        if found:
            return SourceReport(host, combine(found, self.raters), found, f"name:{name}")
        return SourceReport(host)

    def counts(self) -> dict[str, int]:
        """Domains per combined rating, for `credibility sources`."""
        tally = dict.fromkeys(RATINGS, 0)
        for entries in self.domains.values():
            tally[combine(entries, self.raters)] += 1
        return tally


@cache
def shipped() -> Table:
    """The table that ships inside the package."""
    raw = resources.files("credibility.reputation").joinpath(TABLE_FILE).read_bytes()
    return Table.from_dict(json.loads(gzip.decompress(raw)))
