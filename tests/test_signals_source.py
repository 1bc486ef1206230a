import math
import time

import pytest

from credibility.parsing import parse
from credibility.signals import source as so

TEXT = "The council met on Monday, officials said."
SIGNALS = (so.domain_digits, so.domain_hyphens, so.generic_news_name, so.cheap_tld)


def values(url):
    doc = parse(TEXT, url=url)
    return tuple(sig(doc).value for sig in SIGNALS)


@pytest.mark.parametrize(
    "url, digits, hyphens, generic, cheap",
    [
        (None, math.nan, math.nan, math.nan, math.nan),  # no URL: the signals do not apply
        ("https://www.allnewshouse.com/story", 0.0, 0.0, 1.0, 0.0),
        ("http://breaking-news-24.xyz/a", 1.0, 2.0, 1.0, 1.0),
        ("https://breaking-news-today.online/", 0.0, 2.0, 1.0, 1.0),
        ("https://www.bbc.co.uk/news/x", 0.0, 0.0, 0.0, 0.0),
        ("example.org", 0.0, 0.0, 0.0, 0.0),
        ("https://dailytimespost.info", 0.0, 0.0, 1.0, 1.0),
        ("https://news24x7.com/", 1.0, 0.0, 1.0, 0.0),
        ("https://abcnews.com.co/", 0.0, 0.0, 0.0, 1.0),  # an outlet's name under .co
        ("https://courier-journal.com/", 0.0, 0.0, 0.0, 0.0),
        # A link shortener names itself, not the site: the signals do not apply.
        ("https://politi.co/2fLxz1b", math.nan, math.nan, math.nan, math.nan),
        ("http://bit.ly/abc", math.nan, math.nan, math.nan, math.nan),
        ("https://www.politico.com/story", 0.0, 0.0, 0.0, 0.0),
    ],
)
def test_domain_shape(url, digits, hyphens, generic, cheap):
    assert values(url) == pytest.approx((digits, hyphens, generic, cheap), nan_ok=True)


# Established outlets whose names hold one or two generic words beside a place or a brand:
# the old count of news words fired on every one of them.
OUTLETS = [
    "nytimes.com",
    "usatoday.com",
    "businessinsider.com",
    "cbsnews.com",
    "chicago.suntimes.com",
    "dailynews.com",
    "nydailynews.com",
    "detroitnews.com",
    "latimes.com",
    "nbcnews.com",
    "washingtonpost.com",
    "huffpost.com",
    "globalnews.ca",
    "news-press.com",
    "timesnews.net",
    "thetimesnews.com",
    "timescall.com",
    "12newsnow.com",
    "live5news.com",
    "mynews13.com",
    "news24.com",
    "dallasnews.com",
    "newsnow.co.uk",
]
FARMS = [
    "allnewshouse.com",
    "dailynewsportal24.com",
    "breaking-news-today.online",
    "newsworld24.com",
    "trendybuzz.info",
    "viralnewsdesk.com",
    "topheadlines.net",
    "globalnewsfeed.co",
    "newspress365.com",
    "usanewstoday.com",
    "dailynews10.com",
    "myfreshnews.com",
    "breakingnews247.blogspot.com",  # a platform's subdomain is the site
    "nydailynewsportal.com",  # a place abbreviation before filler only
]


@pytest.mark.parametrize("host", OUTLETS)
def test_generic_name_spares_outlets(host):
    assert so.generic_news_name(parse(TEXT, url=f"https://{host}/")).value == 0.0


@pytest.mark.parametrize("host", FARMS)
def test_generic_name_fires_on_farm_names(host):
    assert so.generic_news_name(parse(TEXT, url=f"https://{host}/")).value == 1.0


@pytest.mark.parametrize(
    "host, expected",
    [
        # TV stations: a channel number opens the name or follows call letters
        ("9news.com", 0.0),
        ("abc7.com", 0.0),
        ("fox5dc.com", 0.0),
        ("kare11.com", 0.0),
        ("13newsnow.com", 0.0),
        ("wsj.com", 0.0),
        ("24ur.com", 0.0),
        ("newsworld24.com", 1.0),
        ("naturalhealth365.com", 1.0),
        ("usapolitics24hrs.com", 1.0),
        ("us24news.com", 1.0),
    ],
)
def test_digits_count_round_the_clock_numbers_only(host, expected):
    assert so.domain_digits(parse(TEXT, url=f"https://{host}/")).value == expected


@pytest.mark.parametrize(
    "host, expected",
    [
        ("al-monitor.com", 0.0),
        ("herald-dispatch.com", 0.0),
        ("healthy-holistic-living.com", 2.0),
        ("covid-19-myths.com", 2.0),
        ("a-b-c-d.net", 3.0),
    ],
)
def test_hyphens_count_from_two(host, expected):
    assert so.domain_hyphens(parse(TEXT, url=f"https://{host}/")).value == expected


@pytest.mark.parametrize(
    "host, name, suffix",
    [
        ("chicago.suntimes.com", "suntimes", "com"),
        ("bbc.co.uk", "bbc", "co.uk"),
        ("abc.net.au", "abc", "net.au"),
        ("thehindu.co.in", "thehindu", "co.in"),
        ("news.bbc.co.uk", "bbc", "co.uk"),
        ("amnesty.org.uk", "amnesty", "org.uk"),
        ("asahi.or.jp", "asahi", "or.jp"),
        ("co.uk", "", ""),  # a public suffix alone is no site
        ("x.blogspot.com", "x", "blogspot.com"),  # the PSL lists the platform as a suffix
        ("x.wordpress.com", "x", "com"),  # one it does not list
        ("nytimes.com", "nytimes", "com"),
        ("xn--bcher-kva.de", "bücher", "de"),
        ("xn--zz.de", "", "de"),  # undecodable: no name to judge
        ("192.168.0.1", "", ""),
        ("localhost", "", ""),
        ("", "", ""),
        ("a" * 64 + ".com", "", ""),  # no DNS label is that long
    ],
)
def test_registered(host, name, suffix):
    assert so.registered(host) == (name, suffix)


@pytest.mark.parametrize(
    "name, pieces",
    [
        ("allnewshouse", [("word", "all"), ("word", "news"), ("word", "house")]),
        ("nytimes", [("left", "ny"), ("word", "times")]),
        ("suntimes", [("left", "sun"), ("word", "times")]),
        ("news24x7", [("word", "news"), ("word", "24x7")]),
        ("12newsnow", [("number", "12"), ("word", "news"), ("word", "now")]),
        ("a-b", [("left", "a"), ("-", "-"), ("left", "b")]),
        ("", []),
    ],
)
def test_shape(name, pieces):
    assert list(so.shape(name).pieces) == pieces


@pytest.mark.parametrize(
    "url",
    [
        "http://M.NYTimes.com:443/path",
        "https://bücher.de/a",
        "https://xn--bcher-kva.de/a",
        "https://новости.рф/",
        "http://192.168.0.1/admin",
        "http://[::1]:8080/",
        "http://localhost/",
        "http://localhost:5000/x",
        "",
        "not a url at all",
        "http://[broken/",
        "http://example.com:notaport/",
        "https://.com/",
        "https://nytimes.com./",
        "https://-.-/",
        "mailto:someone@example.com",
        "https://" + "a" * 5000 + ".com/",
        "https://" + "news" * 15 + ".com/",
    ],
)
def test_odd_urls_do_not_raise(url):
    for value in values(url):
        assert math.isnan(value) or value >= 0.0


def test_port_and_case_are_ignored():
    assert values("http://M.NYTimes.com:443/path") == (0.0, 0.0, 0.0, 0.0)
    assert so.site_host(parse(TEXT, url="http://M.NYTimes.com:443/path")) == "nytimes.com"


def test_long_names_segment_in_linear_time():
    started = time.perf_counter()
    so.segment("newsz" * 20_000)
    assert time.perf_counter() - started < 5  # milliseconds when linear; hours if not


@pytest.mark.parametrize(
    "url, host",
    [
        ("https://www.Example.com/a?b", "example.com"),
        ("example.com/a", "example.com"),
        # One notion of the site with the reputation table (reputation/domains.py): the
        # mobile and AMP editions are the site itself.
        ("https://m.nytimes.com/2019/a", "nytimes.com"),
        ("https://amp.theguardian.com/a", "theguardian.com"),
        ("", ""),
        ("not a url at all", ""),
    ],
)
def test_site_host(url, host):
    assert so.site_host(parse(TEXT, url=url or None)) == host
