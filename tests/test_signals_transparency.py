import pytest

from credibility.parsing import parse
from credibility.signals import transparency as tr

# A missing byline or date is not evidence: the signal does not apply.
NA = float("nan")


@pytest.mark.parametrize(
    "sig, text, expected",
    [
        (
            tr.attribution_rate,
            "The mayor said the plan works, according to officials.",
            100 * 2 / 9,
        ),
        (tr.attribution_rate, "The plan works and everybody knows it.", 0.0),
        (tr.byline_present, "By Jane Roe\nThe council met on Monday.", 1.0),
        (tr.byline_present, "The council met on Monday.", NA),
        (tr.date_present, "The council met on March 3, 2024.", 1.0),
        (tr.date_present, "The council met on 2024-03-03.", 1.0),
        (tr.date_present, "The council met on Monday.", 1.0),
        (tr.date_present, "The council met recently.", NA),
        (tr.date_present, "The council met on 3 March 2024.", 1.0),
        (tr.date_present, "The council met on Jan. 5 in the hall.", 1.0),
        (tr.date_present, "The council may act, and residents march on.", NA),
        (tr.date_present, "The council met on 3/4/2024.", 1.0),
        (tr.chatbot_leftovers, "As an AI language model, I cannot fulfill this request.", 2.0),
        (tr.chatbot_leftovers, "The model said the AI was fast.", 0.0),
        (tr.template_placeholders, "Lorem ipsum dolor sit amet. Contact [Your Name] today.", 3.0),
        (tr.template_placeholders, "Visit {{city}} for %s offers.", 2.0),
        (tr.template_placeholders, "The council met on Monday.", 0.0),
    ],
)
def test_transparency_values(sig, text, expected):
    assert sig(parse(text)).value == pytest.approx(expected, nan_ok=True)


def test_author_metadata_counts_as_byline(page_html):
    assert tr.byline_present(parse(html=page_html)).value == 1.0


def test_date_evidence_is_the_first_date():
    doc = parse("The vote on March 3, 2024 followed talks on Friday.")
    (span,) = tr.date_present(doc).evidence
    assert span.text == "March 3, 2024"
