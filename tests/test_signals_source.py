import math

import pytest

from credibility.document import parse
from credibility.signals import source as so

TEXT = "The council met on Monday, officials said."


@pytest.mark.parametrize(
    "url, digits, hyphens, generic, cheap",
    [
        (None, math.nan, math.nan, math.nan, math.nan),  # no URL: the signals do not apply
        ("https://www.allnewshouse.com/story", 0.0, 0.0, 1.0, 0.0),
        ("http://breaking-news-24.xyz/a", 2.0, 2.0, 2.0, 1.0),
        ("https://www.bbc.co.uk/news/x", 0.0, 0.0, 0.0, 0.0),
        ("example.org", 0.0, 0.0, 0.0, 0.0),
        ("https://dailytimespost.info", 0.0, 0.0, 3.0, 1.0),
    ],
)
def test_domain_shape(url, digits, hyphens, generic, cheap):
    doc = parse(TEXT, url=url)
    assert so.domain_digits(doc).value == pytest.approx(digits, nan_ok=True)
    assert so.domain_hyphens(doc).value == pytest.approx(hyphens, nan_ok=True)
    assert so.generic_news_name(doc).value == pytest.approx(generic, nan_ok=True)
    assert so.cheap_tld(doc).value == pytest.approx(cheap, nan_ok=True)


@pytest.mark.parametrize(
    "url, host",
    [
        ("https://www.Example.com/a?b", "example.com"),
        ("example.com/a", "example.com"),
        ("", ""),
        ("not a url at all", ""),
    ],
)
def test_domain(url, host):
    assert so.domain(url) == host
