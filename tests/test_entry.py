import pytest

from credibility.errors import InvalidInputError
from credibility.parsing import Document, content_of, given, parse, to_document


@pytest.mark.parametrize(
    "text, html, expected",
    [
        ("story", None, ("text", "story")),
        (None, "<p>page</p>", ("html", "<p>page</p>")),
        ("", None, ("text", "")),
    ],
)
def test_given_names_the_one_input(text, html, expected):
    assert given(text, html) == expected


@pytest.mark.parametrize("text, html", [(None, None), ("story", "<p>page</p>"), ("", "")])
def test_given_refuses_none_or_both(text, html):
    with pytest.raises(TypeError) as caught:
        given(text, html)
    assert str(caught.value) == 'give exactly one of "text" or "html"'


@pytest.mark.parametrize(
    "text, html, expected",
    [
        ("story", "<p>page</p>", ("html", "<p>page</p>")),  # HTML first
        ("story", "", ("text", "story")),  # an empty HTML cell falls back to the text
        ("story", " \n ", ("text", "story")),
        ("story", None, ("text", "story")),
        (None, "<p>page</p>", ("html", "<p>page</p>")),
        (None, "", ("html", "")),  # no text column: the empty HTML is what there is
        ("", "", ("text", "")),
        (None, None, ("text", "")),
    ],
)
def test_content_of_a_row_prefers_html(text, html, expected):
    assert content_of(text, html) == expected


def test_to_document_reads_rows_by_the_same_rule(page_html, news_story):
    row = {"text": news_story, "html": page_html, "title": "", "url": "https://example.org/a"}
    doc = to_document(row)
    assert doc.is_html
    assert doc.url == "https://example.org/a"
    assert doc.text == parse(html=page_html).text
    assert to_document({"text": news_story, "html": "  "}).text == news_story
    assert to_document(news_story).text == news_story
    assert to_document(doc) is doc
    assert isinstance(to_document({"text": news_story}), Document)


def test_to_document_refuses_empty_rows_and_other_types():
    with pytest.raises(InvalidInputError, match=r"^text is empty$"):
        to_document({"text": "", "html": ""})
    with pytest.raises(InvalidInputError, match=r"^html is empty$"):
        to_document({"html": " "})
    with pytest.raises(TypeError, match=r"^cannot read an article from int$"):
        to_document(3)


def test_read_input_decodes_files_and_stdin(tmp_path):
    import io

    from credibility.parsing import read_input

    path = tmp_path / "a.txt"
    path.write_bytes("\ufeffCafé story".encode())
    assert read_input(str(path), "utf-8-sig") == "Café story"
    assert read_input("-", "utf-8", stdin=io.BytesIO(b"from stdin")) == "from stdin"


@pytest.mark.parametrize(
    "make, encoding, message",
    [
        (lambda d: str(d / "missing.txt"), "utf-8", "missing.txt: no such file"),
        (lambda d: str(d), "utf-8", ": is a directory"),
        (lambda d: write(d, b"caf\xe9 story"), "utf-8", "undecodable bytes for utf-8 at byte 3"),
        (lambda d: write(d, b"story"), "no-such-codec", "unknown encoding 'no-such-codec'"),
    ],
)
def test_read_input_refuses_in_one_line(tmp_path, make, encoding, message):
    from credibility.parsing import read_input

    with pytest.raises(InvalidInputError) as caught:
        read_input(make(tmp_path), encoding)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def write(folder, data: bytes) -> str:
    path = folder / "in.txt"
    path.write_bytes(data)
    return str(path)


@pytest.mark.parametrize(
    "value, blank",
    [
        ("", True),
        (" \t\n\r\x0b\x0c", True),
        ("\u00a0\u2000\u200a\u2028\u3000\ufeff", True),  # JSON Schema's \s has these too
        # Python's \s and str.strip() count these as whitespace, the document's pattern
        # does not (issue 20): one definition, so they are content.
        ("\x1c", False),
        ("\x1d", False),
        (" \x1f ", False),
        ("\x85", False),
        ("  a  ", False),
    ],
)
def test_is_blank(value, blank):
    from credibility.parsing.entry import is_blank

    assert is_blank(value) is blank


def test_text_of_a_separator_alone_is_scored_not_refused():
    from credibility.parsing.entry import check_input

    assert check_input("\x1d", "text") == "\x1d"
    with pytest.raises(InvalidInputError, match=r"^text is empty$"):
        check_input("\ufeff \u3000", "text")
