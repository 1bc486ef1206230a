import pytest

from credibility.reputation.domains import candidates, host_of, registered_domain, site_name


@pytest.mark.parametrize(
    "address, host",
    [
        ("http://M.NYTimes.com:443/section/x?y=1", "nytimes.com"),
        ("https://www.apnews.com/article/abc", "apnews.com"),
        ("amp.theguardian.com/world", "theguardian.com"),
        ("nytimes.com.", "nytimes.com"),
        ("https://bücher.de/x", "xn--bcher-kva.de"),
        ("https://chicago.suntimes.com/news", "chicago.suntimes.com"),
        ("www.com", "www.com"),  # an edition prefix is only dropped above the registered name
        ("http://127.0.0.1:8000/", ""),
        ("http://[::1]/", ""),
        ("localhost", ""),
        ("not a domain", ""),
        ("http://[unbalanced/", ""),
        ("", ""),
        ("a" * 64 + ".com", ""),
    ],
)
def test_host_of(address, host):
    assert host_of(address) == host


@pytest.mark.parametrize(
    "host, site",
    [
        ("chicago.suntimes.com", "suntimes.com"),
        ("news.bbc.co.uk", "bbc.co.uk"),
        ("someone.blogspot.com", "someone.blogspot.com"),  # a platform's sites are apart
        ("co.uk", ""),
        ("", ""),
    ],
)
def test_registered_domain(host, site):
    assert registered_domain(host) == site


def test_candidates_go_from_the_host_down_to_the_registered_domain():
    assert candidates("a.abcnews.go.com") == ["a.abcnews.go.com", "abcnews.go.com", "go.com"]
    assert candidates("nytimes.com") == ["nytimes.com"]
    assert candidates("co.uk") == []


@pytest.mark.parametrize(
    "host, name",
    [("cookcountyrecord.com", "cookcountyrecord"), ("st-louis-record.co.uk", "stlouisrecord")],
)
def test_site_name(host, name):
    assert site_name(host) == name
