import pytest

from credibility.reputation import lookup, shipped
from credibility.reputation.table import Entry, SourceReport, Table, combine

RATERS = {"a1": "A", "a2": "A", "b": "B", "c": "C"}


@pytest.mark.parametrize(
    "ratings, expected",
    [
        ((), "unknown"),
        ((("a1", "unknown"),), "unknown"),
        ((("a1", "reliable"),), "reliable"),
        ((("a1", "reliable"), ("b", "unreliable")), "mixed"),
        # A rater's lists count once: A's two votes average to 0, B's is -1, the mean -0.5
        # (three votes counted apart would make -1/3: mixed).
        ((("a1", "reliable"), ("a2", "unreliable"), ("b", "unreliable")), "unreliable"),
        ((("a1", "reliable"), ("a2", "reliable"), ("b", "unreliable")), "mixed"),
        ((("a1", "unreliable"), ("b", "unreliable"), ("c", "mixed")), "unreliable"),
        ((("a1", "unreliable"), ("b", "satire")), "satire"),
        ((("a1", "unreliable"), ("user", "reliable")), "reliable"),
    ],
)
def test_combine(ratings, expected):
    assert combine(tuple(Entry(n, "says", r) for n, r in ratings), RATERS) == expected


@pytest.mark.parametrize(
    "label, rating, disagrees",
    [
        ("low", "reliable", True),
        ("credible", "unreliable", True),
        ("credible", "satire", True),
        ("credible", "reliable", False),
        ("uncertain", "unreliable", False),
        ("low", "mixed", False),
        ("unsupported", "reliable", False),
    ],
)
def test_against(label, rating, disagrees):
    assert SourceReport("x.com", rating).against(label).disagrees is disagrees


def test_infowars_is_unreliable_with_the_lists_that_say_so():
    found = lookup("https://www.infowars.com/x")
    assert (found.domain, found.rating, found.matched) == (
        "infowars.com",
        "unreliable",
        "infowars.com",
    )
    assert found.lists == ["mbfc", "golden-truth/newsguard"]
    assert found.entries[0] == Entry(
        "mbfc", "factual reporting very low; bias extreme right", "unreliable"
    )


def test_apnews_is_reliable():
    assert lookup("https://apnews.com/article/some-story").rating == "reliable"


def test_a_pink_slime_site_names_its_network():
    by_domain = lookup("https://carbondalereporter.com/stories/1")
    assert Entry("pink-slime", "network lgis", "unreliable") in by_domain.entries
    by_name = lookup("https://cookcountyrecord.com/stories/2")
    assert (by_name.rating, by_name.matched) == ("unreliable", "name:cookcountyrecord")
    assert by_name.entries == (
        Entry(
            "pink-slime", "network the_record (listed by name 'cook county record')", "unreliable"
        ),
    )


@pytest.mark.parametrize("address", ["https://example-unknown.org/", "abcn.ws/3xyz", "cnn.it/abc"])
def test_unknown_sites_and_aliases_are_unknown_not_guessed(address):
    found = lookup(address)
    assert (found.rating, found.entries, found.matched) == ("unknown", (), "")


def test_a_pasted_address_resolves_to_the_listed_domain():
    assert lookup("http://M.NYTimes.com:443/2020/01/01/x.html").matched == "nytimes.com"


def test_a_subdomain_falls_back_to_its_registered_domain():
    assert lookup("https://video.foxnews.com/v/1").matched == "foxnews.com"


def test_no_host_means_no_lookup():
    assert lookup("http://127.0.0.1/x") == SourceReport(domain="")


def test_the_onion_is_rated_by_the_shipped_lists_alone():
    # Satire came only from OpenSources (sources.csv, not shipped: no licence); the
    # licensed lists rate The Onion through Wikipedia's label. A user's layer can say satire.
    found = lookup("https://www.theonion.com/x")
    assert (found.rating, found.lists) == ("unreliable", ["golden-truth/wikipedia"])


def test_counts_cover_every_domain():
    table = shipped()
    assert sum(table.counts().values()) == len(table.domains)


def test_a_table_of_another_format_is_refused():
    with pytest.raises(ValueError, match="reputation table format 2, not 1"):
        Table.from_dict({"format": 2})
