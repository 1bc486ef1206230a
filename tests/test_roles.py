import pytest

from credibility.parsing.roles import Role, classify_line, theme_subrole


@pytest.mark.parametrize(
    "line, subrole",
    [
        ("Leave a Reply", "comment_form"),
        ("Your email address will not be published. Required fields are marked *", "comment_form"),
        (
            "Save my name, email, and website in this browser for the next time I comment.",
            "comment_form",
        ),
        ("12 Comments", "comment_form"),
        ("Related Posts", "related_links"),
        ("You may also like", "related_links"),
        ("Tags: politics, elections", "related_links"),
        ("Load More Posts Loading...No More Posts.", "load_more"),
        ("16.8k SHARES", "share_counter"),
        ("Share this:", "share_counter"),
        ("Facebook Twitter WhatsApp", "share_counter"),
        ("Sign up for our daily newsletter", "newsletter"),
        ("We use cookies to improve your experience", "cookie_notice"),
        ("© 2026 Example Media. All rights reserved.", "cookie_notice"),
        ("Home", "navigation"),
        ("Home | News | Sports | Business", "navigation"),
        ("Advertisement", "advertising"),
        ("The council said it would share the cost of the new bridge.", ""),
        ("Officials will publish the report on Monday.", ""),
    ],
)
def test_theme_subrole(line, subrole):
    assert theme_subrole(line) == subrole


@pytest.mark.parametrize(
    "line, density, expected",
    [
        ("hello, I am Sam and i write for many sites", 0.0, (Role.BLURB, "self_introduction")),
        ("My name is Ana and I am a content writer", 0.0, (Role.BLURB, "self_introduction")),
        ("About the author", 0.0, (Role.BLURB, "about_author")),
        ("By Jane Roe", 0.0, (Role.BYLINE, "byline")),
        ("By Jane Roe and Sam Poe, Reuters", 0.0, (Role.BYLINE, "byline")),
        (
            "Jane Roe is a senior reporter for the Valley Courier.",
            0.0,
            (Role.BLURB, "third_person_bio"),
        ),
        ("Mary Smith says:", 0.0, (Role.COMMENT, "comment_author")),
        (
            "Politics Europe Ukraine Russia Nato Diplomacy Kremlin Moscow",
            0.0,
            (Role.BOILERPLATE, "keyword_list"),
        ),
        ("Latest headlines from around the region today", 0.9, (Role.BOILERPLATE, "link_list")),
        ("Breaking", 0.0, (Role.BOILERPLATE, "short_line")),
        ("The minister said the talks would continue next week.", 0.0, (Role.BODY, "")),
        # A long prose line mentioning a theme phrase is still story.
        (
            "Readers were asked to leave a reply on the forum, and hundreds did so within hours "
            "of the announcement, which the mayor later said had surprised the council and its "
            "staff considerably.",
            0.0,
            (Role.BODY, ""),
        ),
    ],
)
def test_classify_line(line, density, expected):
    assert classify_line(line, link_density=density) == expected
