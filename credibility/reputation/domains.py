"""Domains the way users paste them, reduced to the keys the reputation table is built on.

'http://M.NYTimes.com:443/x', 'www.nytimes.com/', 'nytimes.com' and 'amp.nytimes.com' are the
same site. Internationalised names are kept in their ASCII (IDNA) form, as DNS and the rating
lists write them. The registrable domain comes from the Public Suffix List that the
`publicsuffixlist` package ships (loaded once, on the first lookup; it never fetches), so
'news.bbc.co.uk' falls back to 'bbc.co.uk' and 'x.blogspot.com' stays a site of its own.
"""

from __future__ import annotations

import ipaddress
import re
from functools import cache, lru_cache
from urllib.parse import urlsplit

# Prefixes that name a copy of the same site, not another site: mobile and AMP editions.
EDITION_PREFIXES = ("www.", "m.", "amp.", "mobile.")
LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")
MAX_HOST = 253  # DNS's limit on a name's length


@cache
def _suffixes():  # type: ignore[no-untyped-def]
    from publicsuffixlist import PublicSuffixList  # about 0.15 s: only when a URL is given

    return PublicSuffixList()


@lru_cache(maxsize=65536)  # bounded: a crawl has millions of distinct URLs
def host_of(address: str) -> str:
    """The host of a URL or a bare domain: lowercase ASCII, without a port, a trailing dot or
    an edition prefix ('www.', 'm.', 'amp.', 'mobile.'); '' for an IP address, 'localhost'
    or anything that is not a host name."""
    address = address.strip()
    if not address:
        return ""
    try:
        host = urlsplit(address if "//" in address else "//" + address).hostname or ""
    except ValueError:  # malformed netloc, e.g. an unbalanced "[" in the address
        return ""
    try:
        host = host.encode("idna").decode("ascii").lower()  # 'bücher.de' -> 'xn--bcher-kva.de'
    except UnicodeError:
        return ""
    host = host.rstrip(".")
    labels = host.split(".")
    if len(host) > MAX_HOST or len(labels) < 2 or not all(map(LABEL.fullmatch, labels)):
        return ""
    try:
        ipaddress.ip_address(host)
        return ""
    except ValueError:
        pass
    while labels[0] + "." in EDITION_PREFIXES and len(labels) > 2:
        labels = labels[1:]
    return ".".join(labels)


@lru_cache(maxsize=65536)
def registered_domain(host: str) -> str:
    """The registrable domain of a host from ``host_of``: 'suntimes.com' of
    'chicago.suntimes.com', 'bbc.co.uk' of 'news.bbc.co.uk'; '' for a public suffix alone."""
    return (_suffixes().privatesuffix(host) or "") if host else ""


def candidates(host: str) -> list[str]:
    """The keys to try, most specific first: the host, then each parent down to the
    registrable domain ('abcnews.go.com' is rated apart from 'go.com')."""
    site = registered_domain(host)
    if not site:
        return []
    labels = host.split(".")
    keep = site.count(".") + 1
    return [".".join(labels[i:]) for i in range(len(labels) - keep + 1)]


@lru_cache(maxsize=65536)
def split_site(host: str) -> tuple[str, str]:
    """(name, public suffix) of a host's registrable domain: ('suntimes', 'com') of
    'chicago.suntimes.com', ('bbc', 'co.uk') of 'news.bbc.co.uk'; ('', '') for a public
    suffix alone or no host."""
    site = registered_domain(host)
    suffix = _suffixes().publicsuffix(site) if site else ""
    return (site[: -len(suffix) - 1], suffix) if site and suffix else ("", "")


def site_name(host: str) -> str:
    """The registrable name without its suffix and punctuation: 'cookcountyrecord' of
    'cookcountyrecord.com'; lists that give only a site's name are matched on it."""
    return split_site(host)[0].replace("-", "")
