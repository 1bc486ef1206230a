"""Source signals from the shape of the site's domain name, when a URL is given.

A domain lookup is not a substitute for reading the page: these only describe the name's
shape. Content farms assemble their names from interchangeable filler ('allnewshouse',
'dailynewsportal24', 'breaking-news-today.online'); established outlets put a place, a person
or a brand beside one or two masthead words ('nytimes', 'chicago.suntimes', 'cbsnews'). So the
registrable name is segmented into filler words, digit runs and leftover letters, and a signal
fires only when (almost) nothing but filler is left.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from credibility.parsing import Document
from credibility.reputation.domains import host_of, split_site
from credibility.signals.base import (
    LOWERS,
    NOT_APPLICABLE,
    Measure,
    measure,
    signal,
)

# Hosting platforms whose subdomains are separate sites but which the Public Suffix List's
# private section leaves out (wordpress.com): '911truthout.wordpress.com' is the site
# '911truthout', not 'wordpress'. The ones it lists (blogspot) it already splits.
PLATFORMS = frozenset("altervista blogspot github substack tumblr weebly wixsite wordpress".split())

# Filler a content-farm name is built from. Masthead words also head real papers
# ('dailynews', 'nytimes', 'news-press', 'usatoday'): two of them alone are not a farm. Farm
# words are the clickbait and SEO vocabulary mastheads avoid ('trendybuzz', 'topheadlines').
# Neutral words cover letters without counting: 'mynews4' is a TV station's site.
MASTHEAD_WORDS = frozenset(
    "news daily times post posts report reports today world global press express media wire "
    "live now info online network update updates insider weekly usa us".split()
)
FARM_WORDS = frozenset(
    "breaking buzz viral trend trends trendy trending headline headlines hub feed feeds desk "
    "portal house point zone hot top best all flash alert alerts fresh latest hq spot tube "
    "24x7 24h 24hr 24hrs".split()
)
NEUTRAL_WORDS = frozenset(("the", "my", "your"))
WORDS = MASTHEAD_WORDS | FARM_WORDS | NEUTRAL_WORDS
LONGEST_WORD = max(map(len, WORDS))
# Round-the-clock numbers a farm appends ('newsworld24', 'newspress365'). A number opening the
# name is a TV channel instead ('12newsnow', '9news', '11alive').
FARM_NUMBERS = frozenset(("24", "247", "360", "365"))
MAX_LABEL = 63  # DNS: a longer label is no host name, and would only slow the segmentation
# Cheap or novelty TLDs that were over-represented among the OpenSources fake/clickbait
# domains in ../shared/data/sources.csv relative to its reliable ones.
CHEAP_TLDS = frozenset(
    "xyz info top online site club buzz news live co press space website win icu ru tk".split()
)
# Link shorteners: a shortened link names the shortener, not the site it leads to, so the
# name's shape says nothing about the site and the signals do not apply. Outlets run their
# own under cheap TLDs ('politi.co', 'cnn.it', 'abcn.ws'): 43 credible PolitiFact articles
# in ../shared/data are linked as politi.co, and counting .co made the TLD signal point the
# wrong way on them (leave-one-dataset-out ROC-AUC 0.670 -> 0.706 without it).
SHORTENERS = frozenset(
    """abcn.ws amzn.to apne.ws bbc.in bit.ly bloom.bg buff.ly cbsn.ws cnn.it dlvr.it econ.st
    fb.me fxn.ws goo.gl huff.to ift.tt is.gd j.mp lat.ms lnkd.in n.pr nbcnews.to nyti.ms
    on.wsj.com ow.ly politi.co reut.rs t.co ti.me tinyurl.com trib.al usat.ly wapo.st
    youtu.be""".split()
)


@lru_cache(maxsize=65536)
def registered(host: str) -> tuple[str, str]:
    """(registrable name, public suffix) of a host from ``host_of``, as the reputation table
    reads sites (reputation/domains.py, the Public Suffix List): ('suntimes', 'com') of
    'chicago.suntimes.com', ('bbc', 'co.uk') of 'news.bbc.co.uk', ('bücher', 'de') of
    'xn--bcher-kva.de'; ('', '') for an IP address, a single label or no host name."""
    labels = host.split(".")
    # No top-level domain is numeric: a host ending in digits is an IPv4 address.
    if len(labels) < 2 or labels[-1].isdigit() or max(map(len, labels)) > MAX_LABEL:
        return "", ""
    name, suffix = split_site(host)
    if not name:
        return "", ""
    at = len(labels) - suffix.count(".") - 2  # the name's label
    if name in PLATFORMS and at >= 1:
        name = labels[at - 1]
    if name.startswith("xn--"):  # internationalised: judge its letters, not their ASCII form
        try:
            name = name.encode("ascii").decode("idna")
        except UnicodeError:
            return "", suffix
    return name, suffix


def name_part(host: str) -> str:
    """The registrable name: 'allnewshouse' of 'www.allnewshouse.com'."""
    return registered(host)[0]


@dataclass(frozen=True, slots=True)
class Shape:
    """A registrable name, piece by piece: (kind, text) with kind 'word' (filler), 'number'
    (a digit run), 'left' (a run of other characters) or '-' (a hyphen)."""

    pieces: tuple[tuple[str, str], ...]

    @property
    def counted(self) -> int:
        """Filler words that count (not 'the', 'my', 'your')."""
        return sum(k == "word" and t not in NEUTRAL_WORDS for k, t in self.pieces)

    @property
    def farm_words(self) -> int:
        return sum(k == "word" and t in FARM_WORDS for k, t in self.pieces)

    @property
    def hyphens(self) -> int:
        return sum(k == "-" for k, _ in self.pieces)

    @property
    def clock_numbers(self) -> list[str]:
        """Round-the-clock numbers anywhere but at the start: '24' of 'newsworld24',
        '24x7' of 'news24x7'; not a number opening the name ('24ur', '9news') nor the
        channel '5' of 'live5news'."""
        return [
            t
            for k, t in self.pieces[1:]
            if (k == "number" and t in FARM_NUMBERS) or (k == "word" and t[0].isdigit())
        ]

    @property
    def farm_numbers(self) -> list[str]:
        """Clock numbers, or any number ending a name that does not start with it
        ('dailynews10')."""
        last = self.pieces[-1] if len(self.pieces) > 1 else ("", "")
        return self.clock_numbers + ([last[1]] if last[0] == "number" else [])

    @property
    def all_filler(self) -> bool:
        """Nothing but filler, digits and hyphens, give or take a prefix of one or two letters
        (a place: the 'ny' of 'nydailynews'). Leftover letters after a word are mostly a
        word split wrongly ('timescall' is not 'times' + 'c' + 'all')."""
        left = [k for k, (kind, _) in enumerate(self.pieces) if kind == "left"]
        return not left or (left == [0] and len(self.pieces[0][1]) <= 2)


def segment(part: str) -> list[tuple[str, str]]:
    """Split a hyphen-free part into filler words, digit runs and leftover runs, with the
    fewest leftover characters, then the fewest pieces. Dynamic programming over positions:
    linear in the part's length times the longest word."""
    n = len(part)
    # best[j] = (leftover characters, pieces, start of the last piece, its kind) for part[:j]
    best: list[tuple[int, int, int, str]] = [(0, 0, 0, "")] + [(n + 1, n + 1, 0, "")] * n
    for i in range(n):
        cost, pieces = best[i][:2]
        if cost > n:  # unreachable: inside a digit run
            continue
        steps = [
            (j, "word") for j in range(i + 2, min(n, i + LONGEST_WORD) + 1) if part[i:j] in WORDS
        ]
        if part[i].isdigit():
            j = i + 1
            while j < n and part[j].isdigit():
                j += 1
            steps.append((j, "number"))
        else:
            steps.append((i + 1, "left"))
        for j, kind in steps:
            step = (cost + (kind == "left"), pieces + (kind != "left"), i, kind)
            if step[:2] < best[j][:2]:
                best[j] = step
    found: list[tuple[str, str]] = []
    j = n
    while j > 0:
        i, kind = best[j][2:]
        if kind == "left" and found and found[-1][0] == "left":  # one run, not letter by letter
            found[-1] = ("left", part[i:j] + found[-1][1])
        else:
            found.append((kind, part[i:j]))
        j = i
    return found[::-1]


@lru_cache(maxsize=65536)
def shape(name: str) -> Shape:
    """The pieces of a registrable name ('allnewshouse': all, news, house)."""
    pieces: list[tuple[str, str]] = []
    for k, part in enumerate(name.split("-")):
        if k:
            pieces.append(("-", "-"))
        pieces.extend(segment(part))
    return Shape(tuple(pieces))


def farm_shaped(sh: Shape) -> bool:
    """Made of filler only, with three pieces or more, or two with a farm word or a farm
    number. Tuned on ../shared/data/source-lists (benchmarks/source_signals.py): it fires on
    0.1% of MBFC high-factuality domains against 0.8% of low ones, where the old count of
    news words fired on 28% and 30%. A hyphen does not stand in for the third piece: it only
    added established names ('news-press')."""
    if not sh.all_filler:
        return False
    return sh.counted >= 3 or (sh.counted >= 2 and bool(sh.farm_words or sh.farm_numbers))


def site_host(doc: Document) -> str:
    """The host of the document's URL (reputation/domains.py: lowercase, no port, no
    'www.', 'm.' or 'amp.'); '' without one or when it is a link shortener."""
    host = host_of(doc.url) if doc.url else ""
    return "" if host in SHORTENERS else host


def name_shape(doc: Document) -> Shape | None:
    """The shape of the document's site name; None without a URL (or with a shortened one)."""
    host = site_host(doc)
    return shape(name_part(host)) if host else None


@signal("source_domain_digits", "Round-the-clock number in the site's name ('news24x7')", LOWERS)
def domain_digits(doc: Document) -> Measure:
    # Other digits are mostly TV channels ('9news', 'kare11', 'fox5dc'): counting every digit
    # fired on 8.4% of MBFC high-factuality domains and on 4.0% of low ones.
    sh = name_shape(doc)
    return NOT_APPLICABLE if sh is None else measure(1.0 if sh.clock_numbers else 0.0)


@signal("source_domain_hyphens", "Two hyphens or more in the site's name", LOWERS)
def domain_hyphens(doc: Document) -> Measure:
    # One hyphen joins two words in many mastheads ('courier-journal', 'al-monitor'): it fired
    # on 2.7% of MBFC high domains and 3.4% of low ones; two or more on 0.1% and 0.4%.
    sh = name_shape(doc)
    if sh is None:
        return NOT_APPLICABLE
    return measure(sh.hyphens if sh.hyphens >= 2 else 0.0)


@signal(
    "source_generic_news_name",
    "Site name made only of generic words ('allnewshouse', 'newsworld24')",
    LOWERS,
)
def generic_news_name(doc: Document) -> Measure:
    sh = name_shape(doc)
    return NOT_APPLICABLE if sh is None else measure(1.0 if farm_shaped(sh) else 0.0)


@signal("source_cheap_tld", "Domain under a cheap or novelty top-level domain", LOWERS)
def cheap_tld(doc: Document) -> Measure:
    host = site_host(doc)
    if not host:
        return NOT_APPLICABLE
    # The last label, so that 'abcnews.com.co' (a network imitating outlets) still counts.
    suffix = registered(host)[1]
    return measure(1.0 if suffix.rsplit(".", 1)[-1] in CHEAP_TLDS else 0.0)
