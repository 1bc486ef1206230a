import pytest

from credibility.errors import InvalidInputError
from credibility.reputation.table import Entry
from credibility.reputation.user import add, parse_layer, read_layer, remove


def test_parse_layer_normalises_domains_and_spellings():
    layer = parse_layer(
        "domain,rating,note\nhttps://www.Example.org/x,deny,spam farm\nnews.example.com,Allow,\n",
        "mine.csv",
    )
    assert layer == {
        "example.org": Entry("user", "spam farm", "unreliable"),
        "news.example.com": Entry("user", "rated reliable by you", "reliable"),
    }


def test_missing_columns_are_named():
    with pytest.raises(InvalidInputError) as exc:
        parse_layer("site,score\na.com,1\n", "mine.csv")
    assert (
        str(exc.value) == "mine.csv: needs the columns domain and rating (missing: domain, rating)"
    )


def test_a_bad_line_refuses_the_whole_file_naming_each_line():
    content = "domain,rating\ngood.com,mixed\n,deny\nfoo.com,great\n" + "x,deny\n" * 5
    with pytest.raises(InvalidInputError) as exc:
        parse_layer(content, "mine.csv")
    assert str(exc.value) == (
        "mine.csv: nothing added: line 3: '' is not a domain name; line 4: rating 'great' is "
        "not one of reliable, mixed, unreliable, satire, allow, deny; line 5: 'x' is not a "
        "domain name; line 6: 'x' is not a domain name; line 7: 'x' is not a domain name; "
        "and 2 more"
    )


def test_add_merges_and_later_rows_win(tmp_path):
    path = tmp_path / "state" / "sources.csv"
    assert add(path, "domain,rating\na.com,deny\nb.com,allow\n", "one.csv") == (2, 0)
    assert add(
        path, "domain,rating,note\na.com,satire,a parody site\nc.com,mixed,\n", "two.csv"
    ) == (1, 1)
    assert path.read_text() == (
        "domain,rating,note\na.com,satire,a parody site\nb.com,reliable,rated reliable by you\n"
        "c.com,mixed,rated mixed by you\n"
    )
    assert remove(path, ["b.com", "https://www.c.com/x", "d.com"]) == ["d.com"]
    assert list(read_layer(path)) == ["a.com"]


def test_a_failed_add_leaves_the_layer_as_it_was(tmp_path):
    path = tmp_path / "sources.csv"
    add(path, "domain,rating\na.com,deny\n", "one.csv")
    before = path.read_bytes()
    with pytest.raises(InvalidInputError):
        add(path, "domain,rating\nb.com,deny\nc.com,nope\n", "two.csv")
    assert path.read_bytes() == before


def test_no_layer_yet_is_empty(tmp_path):
    assert read_layer(tmp_path / "absent.csv") == {}


def test_an_unreadable_layer_is_one_line(tmp_path):
    path = tmp_path / "sources.csv"
    path.write_bytes(b"domain,rating\n\xff\xfe,deny\n")
    with pytest.raises(InvalidInputError, match=r"^.*sources.csv: cannot read your source ratings"):
        read_layer(path)
