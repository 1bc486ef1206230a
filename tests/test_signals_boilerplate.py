import pytest

from credibility.parsing import parse
from credibility.signals import boilerplate as bp

STORY = "The council approved the plan on Monday, officials said after the vote.\n"


@pytest.mark.parametrize(
    "sig, lines, expected",
    [
        (bp.comment_form, [], 0.0),
        (bp.comment_form, ["Leave a Reply", "Your email address will not be published."], 2.0),
        (bp.related_links, ["Related Posts", "You might also like"], 2.0),
        (bp.load_more, ["Load More Posts Loading...No More Posts."], 1.0),
        (bp.share_counter, ["16.8k SHARES", "Share this:"], 2.0),
        (bp.newsletter, ["Subscribe to our newsletter"], 1.0),
        (bp.cookie_legal, ["We use cookies on this site.", "Privacy Policy"], 2.0),
        (bp.navigation, ["Home", "Politics World Business Sport Culture Tech Health Science"], 2.0),
        (bp.comments, ["Mary Smith says:"], 1.0),
        (bp.comment_form, ["The council will share the report with residents next week."], 0.0),
    ],
)
def test_kind_counts(sig, lines, expected):
    assert sig(parse(STORY + "\n".join(lines))).value == expected


def test_ratio_counts_words():
    doc = parse(STORY + "Related Posts")  # 12 story words, 2 boilerplate words
    assert bp.boilerplate_ratio(doc).value == pytest.approx(2 / 14)


def test_ratio_of_a_clean_story_is_zero():
    assert bp.boilerplate_ratio(parse(STORY)).value == 0.0


def test_evidence_is_the_line():
    doc = parse(STORY + "Leave a Reply")
    (span,) = bp.comment_form(doc).evidence
    assert (span.text, doc.text[span.start : span.end]) == ("Leave a Reply", "Leave a Reply")


def test_ratio_evidence_is_the_boilerplate_lines():
    doc = parse(STORY + "Related Posts\nLeave a Reply")
    assert [s.text for s in bp.boilerplate_ratio(doc).evidence] == [
        "Related Posts",
        "Leave a Reply",
    ]
