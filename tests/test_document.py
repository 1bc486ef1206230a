import pytest

from credibility.errors import InvalidInputError
from credibility.limits import MAX_ARTICLE_BYTES
from credibility.parsing import Role, looks_like_html, parse


def roles(doc):
    return [(b.role, b.subrole) for b in doc.blocks]


def test_text_blocks_keep_offsets(farm_page):
    doc = parse(farm_page)
    assert doc.text == farm_page
    for block in doc.blocks:
        assert farm_page[block.start : block.end] == block.text
    assert doc.title == "City council approves new budget for road repairs"


def test_text_roles_of_a_farm_page(farm_page):
    doc = parse(farm_page)
    assert roles(doc) == [
        (Role.BOILERPLATE, "navigation"),
        (Role.TITLE, "title"),
        (Role.BODY, ""),
        (Role.BODY, ""),
        (Role.BODY, ""),
        (Role.BODY, ""),
        (Role.BLURB, "self_introduction"),
        (Role.BOILERPLATE, "comment_form"),
        (Role.BOILERPLATE, "comment_form"),
        (Role.BOILERPLATE, "related_links"),
        (Role.BOILERPLATE, "load_more"),
    ]


def test_given_title_and_url_are_kept(news_story):
    doc = parse(news_story, title="Hospital wing opens", url="https://example.org/a")
    assert doc.title == "Hospital wing opens"
    assert doc.url == "https://example.org/a"
    # The given title does not match the first line, so that line is story, not title.
    assert doc.blocks[0].role is Role.BODY
    assert Role.TITLE not in [b.role for b in doc.blocks]


def test_crlf_lines_strip_carriage_returns():
    doc = parse("First line of the story here.\r\nSecond line of the story here.\r\n")
    assert [b.text for b in doc.blocks] == [
        "First line of the story here.",
        "Second line of the story here.",
    ]


def test_single_line_is_body_not_title():
    doc = parse("Just one line without a full stop")
    assert roles(doc) == [(Role.BODY, "")]
    assert doc.title == ""


def test_html_visible_lines_and_roles(page_html):
    doc = parse(html=page_html)
    assert doc.is_html
    assert doc.title == "Ferry service resumes after storm"
    assert doc.author == "Sam Poe"
    by_role = {role: [b.text for b in doc.blocks_of(role)] for role in Role}
    assert by_role[Role.TITLE] == ["Ferry service resumes after storm"]
    assert by_role[Role.BYLINE] == ["By Sam Poe"]
    assert len(by_role[Role.BODY]) == 3
    assert by_role[Role.BLURB][0].startswith("hello, i am Zara Iqbal")
    assert "Leave a Reply" in by_role[Role.BOILERPLATE]
    # Scripts and styles are not visible text.
    assert "tracking" not in doc.text and "color" not in doc.text
    for block in doc.blocks:
        assert doc.text[block.start : block.end] == block.text


def test_html_link_density():
    doc = parse(
        html="<html><body><p><a href='/a'>Politics</a> <a href='/b'>World news</a>"
        "</p><p>The mayor said the plan was approved after a long debate in the "
        "council chamber on Monday.</p></body></html>"
    )
    assert doc.blocks[0].link_density == pytest.approx(1.0)
    assert doc.blocks[1].link_density == 0.0


@pytest.mark.parametrize("value", [None, 42, b"bytes", ["list"]])
def test_non_string_is_a_type_error(value):
    with pytest.raises(TypeError):
        parse(value) if value is not None else parse(None, html=None)


@pytest.mark.parametrize("value", ["", "   \n\t  "])
def test_empty_input_is_refused(value):
    with pytest.raises(InvalidInputError, match="text is empty"):
        parse(value)
    with pytest.raises(InvalidInputError, match="html is empty"):
        parse(html=value)


def test_oversized_input_is_refused():
    with pytest.raises(InvalidInputError, match="over the limit of 2,000,000"):
        parse("word " * (MAX_ARTICLE_BYTES // 5 + 1))
    with pytest.raises(InvalidInputError, match="over the limit of 100"):
        parse("é" * 60, max_bytes=100)  # 120 bytes in UTF-8


def test_text_and_html_together_is_a_type_error():
    with pytest.raises(TypeError, match="exactly one"):
        parse("text", html="<p>html</p>")


@pytest.mark.parametrize("depth", [254, 255, 2_000, 2_048, 99_000])
def test_deeply_nested_html_keeps_its_text(depth):
    # libxml2 stops at 255 levels without huge_tree and at 2048 with it; deeper pages are
    # read by the streaming parser. Either way the text around the nesting survives (up to
    # MAX_ELEMENTS start tags, 100,000: tests/test_pathological.py refuses a deeper one).
    markup = (
        "<p>The council met on Monday.</p>"
        + "<div>" * depth
        + "The mayor said the budget passed."
        + "</div>" * depth
        + "<p>Officials said work starts in May.</p>"
    )
    doc = parse(html=markup)
    assert [b.text for b in doc.blocks] == [
        "The council met on Monday.",
        "The mayor said the budget passed.",
        "Officials said work starts in May.",
    ]
    assert doc.text == (
        "The council met on Monday.\nThe mayor said the budget passed.\n"
        "Officials said work starts in May."
    )


def test_streamed_lines_match_the_tree_walk(page_html):
    # The deep-page fallback reads a well-formed page as the lxml walk does.
    from credibility.parsing.htmlpage import streamed_lines, visible_lines

    assert streamed_lines(page_html) == visible_lines(page_html)


def test_null_bytes_and_lone_surrogates_in_html():
    doc = parse(html="<p>Council\x00 approves \ud800budget, officials said on Monday.</p>")
    assert "\x00" not in doc.text


@pytest.mark.parametrize(
    "value, expected",
    [
        ("<!DOCTYPE html><html>", True),
        ("<p>Hello</p>", True),
        ("a < b and c > d", False),
        ("Plain text article.", False),
    ],
)
def test_looks_like_html(value, expected):
    assert looks_like_html(value) is expected
