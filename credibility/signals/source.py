"""Source signals from the URL's domain shape, when a URL is given (0 otherwise).

A domain lookup is not a substitute for reading the page: these only describe the name's
shape, which content farms share (digits, hyphens, generic news compounds, cheap TLDs).
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlsplit

from credibility.document import Document
from credibility.signals.base import (
    LOWERS,
    NOT_APPLICABLE,
    Measure,
    measure,
    signal,
)

HOST = re.compile(r"(?<![a-z0-9.-])[a-z0-9-]++(\.[a-z0-9-]++)+")
GENERIC = re.compile(
    r"news|daily|times|post|report|today|breaking|world|live|hub|buzz|viral|trend|headline|"
    r"insider|update|media|info|journal|wire|tribune|herald|gazette|press",
)
# Cheap or novelty TLDs that were over-represented among the OpenSources fake/clickbait
# domains in ../shared/data/sources.csv relative to its reliable ones.
CHEAP_TLDS = frozenset(
    "xyz info top online site club buzz news live co press space website win icu ru tk".split()
)


@lru_cache(maxsize=65536)  # bounded: @cache grew ~44 MB per 264k crawled URLs
def domain(url: str) -> str:
    """The host of a URL without 'www.', lowercased; '' when there is none."""
    if not url:
        return ""
    try:
        host = (urlsplit(url if "//" in url else "//" + url).hostname or "").lower()
    except ValueError:  # malformed netloc, e.g. an unbalanced "[" in the address
        return ""
    return host.removeprefix("www.") if HOST.fullmatch(host) else ""


def name_part(host: str) -> str:
    """The registrable name: 'allnewshouse' of 'www.allnewshouse.com'."""
    labels = host.split(".")
    return labels[-2] if len(labels) >= 2 else host


@signal("source_domain_digits", "Digits in the site's domain name ('news24x7')", LOWERS)
def domain_digits(doc: Document) -> Measure:
    host = domain(doc.url)
    return measure(sum(c.isdigit() for c in name_part(host))) if host else NOT_APPLICABLE


@signal("source_domain_hyphens", "Hyphens in the site's domain name", LOWERS)
def domain_hyphens(doc: Document) -> Measure:
    host = domain(doc.url)
    return measure(name_part(host).count("-")) if host else NOT_APPLICABLE


@signal("source_generic_news_name", "Domain built from generic news words ('allnewshouse')", LOWERS)
def generic_news_name(doc: Document) -> Measure:
    host = domain(doc.url)
    return measure(len(GENERIC.findall(name_part(host)))) if host else NOT_APPLICABLE


@signal("source_cheap_tld", "Domain under a cheap or novelty top-level domain", LOWERS)
def cheap_tld(doc: Document) -> Measure:
    host = domain(doc.url)
    if not host:
        return NOT_APPLICABLE
    return measure(1.0 if host.rsplit(".", 1)[-1] in CHEAP_TLDS else 0.0)
