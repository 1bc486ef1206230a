import pytest

from credibility.document import parse
from credibility.signals import source as so

TEXT = "The council met on Monday, officials said."


@pytest.mark.parametrize(
    "url, digits, hyphens, generic, cheap",
    [
        (None, 0.0, 0.0, 0.0, 0.0),
        ("https://www.allnewshouse.com/story", 0.0, 0.0, 1.0, 0.0),
        ("http://breaking-news-24.xyz/a", 2.0, 2.0, 2.0, 1.0),
        ("https://www.bbc.co.uk/news/x", 0.0, 0.0, 0.0, 0.0),
        ("example.org", 0.0, 0.0, 0.0, 0.0),
        ("https://dailytimespost.info", 0.0, 0.0, 3.0, 1.0),
    ],
)
def test_domain_shape(url, digits, hyphens, generic, cheap):
    doc = parse(TEXT, url=url)
    assert so.domain_digits(doc).value == digits
    assert so.domain_hyphens(doc).value == hyphens
    assert so.generic_news_name(doc).value == generic
    assert so.cheap_tld(doc).value == cheap


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
