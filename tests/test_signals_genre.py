import pytest

from credibility.parsing import parse
from credibility.signals import genre
from tests.conftest import read_fixture

STORY = "The council approved the plan on Monday, officials said.\n"
ABOUT = (
    "About Acme Robotics\nAcme Robotics (NASDAQ: ACME) is a leading provider of warehouse robots.\n"
)
CONTACT = "Media contact:\nJane Roe\njane.roe@acme.example\n"


def value(sig, text):
    return sig(parse(STORY + text)).value


@pytest.mark.parametrize(
    "text, expected",
    [
        ("", 0.0),
        ("FOR IMMEDIATE RELEASE", 1.0),
        ("For Immediate Release: Acme opens a plant in Ohio.", 1.0),
        ("Embargoed until 9 a.m. EST, March 3", 1.0),
        ("NEW YORK, May 5, 2025 /PRNewswire/ -- Acme Corp. today announced a plant.", 1.0),
        ("SAN JOSE, Calif.--(BUSINESS WIRE)--Acme Corp. today announced a plant.", 1.0),
        ("TORONTO, May 5, 2025 (GLOBE NEWSWIRE) -- Acme Corp. announced a plant.", 1.0),
        (ABOUT, 1.0),
        ("About ACME\nFounded in 1998, Acme makes robots for warehouses.\n", 1.0),
        (CONTACT, 1.0),
        ("Press inquiries\nCall +1 (503) 555-0147 or write to press@acme.example\n", 1.0),
        ("Contact: Sam Poe, 503-555-0147", 1.0),
        ("###", 1.0),
        ("- 30 -", 1.0),
        ("This press release contains forward-looking statements.", 1.0),
        ("Safe Harbor Statement", 1.0),
        ("Forward-Looking Statements", 1.0),
        # Several of one kind still count once; each kind adds one.
        ("###\n###\n###", 1.0),
        ("FOR IMMEDIATE RELEASE\n" + STORY * 4 + ABOUT + CONTACT + "###", 4.0),
        # News about press releases, furniture of news sites, and ordinary sentences.
        ("The company said in a press release that profits rose 4 percent.", 0.0),
        ("In a statement distributed by Business Wire, the company denied the report.", 0.0),
        ("GlobeNewswire and PR Newswire carry thousands of releases a day.", 0.0),
        ("The release date was pushed back to March.", 0.0),
        ("About a dozen people were hurt.", 0.0),
        ("About Us\nContact Us\nTerms of Use", 0.0),
        (STORY * 4 + "About Jane Roe\nJane Roe is a reporter for the Valley Courier.\n", 0.0),
        ("Contact the reporter at jane@courier.example.", 0.0),
        ("The treaty offers a safe harbor for migrants.", 0.0),
        ("Analysts say forward-looking guidance was weak.", 0.0),
        ("The prisoners, held for 30 years, were given immediate release.", 0.0),
        ("Use the hashtag #vote2024 to follow along.", 0.0),
    ],
)
def test_press_release(text, expected):
    assert value(genre.press_release, text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("", 0.0),
        ("Sponsored", 1.0),
        ("SPONSORED CONTENT", 1.0),
        ("Paid Post", 1.0),
        ("Partner Content", 1.0),
        ("Advertorial", 1.0),
        ("Sponsored by Acme Mattress Co.", 1.0),
        ("[Sponsored] Ten ways to sleep better tonight", 1.0),
        ("This post contains affiliate links.", 1.0),
        ("We may earn a commission when you buy through links on our site.", 1.0),
        ("We earn a commission on purchases made through this page.", 1.0),
        ("As an Amazon Associate I earn from qualifying purchases.", 1.0),
        ("This article is brought to you by Acme Mattress Co.", 1.0),
        ("Sponsored\nSponsored Content", 1.0),
        (
            "Sponsored Content\nThis post contains affiliate links, and we may earn a "
            "commission. As an Amazon Associate we earn from qualifying purchases.",
            4.0,
        ),
        # Sponsors in the news, and the widgets of credible news pages.
        ("Senator Smith sponsored a bill that would cap drug prices.", 0.0),
        ("The measure, co-sponsored by 40 Democrats, passed the House.", 0.0),
        ("The trial, sponsored by the National Institutes of Health, enrolled 1,000 people.", 0.0),
        ("The state-sponsored hacking campaign targeted banks.", 0.0),
        ("Sponsored Links\nPromoted Stories", 0.0),
        # A label far from the headline and the story's start is a sidebar's.
        (STORY * 5 + "Sponsored Content", 0.0),
        ("Employees are not paid for the time they are sleeping.", 0.0),
        ("The ad was paid for by a group backing the governor.", 0.0),
        ("Real estate agents earn a commission of about 5 percent.", 0.0),
        ("The election commission will meet on Friday.", 0.0),
        ("This story was produced in partnership with a local newsroom.", 0.0),
        ("Amazon reported record sales on Thursday.", 0.0),
    ],
)
def test_sponsored(text, expected):
    assert value(genre.sponsored, text) == expected


@pytest.mark.parametrize(
    "fixture, press_release, sponsored",
    [
        ("press-release.txt", 6.0, 0.0),
        ("sponsored.txt", 0.0, 5.0),
        ("news-story.txt", 0.0, 0.0),
        ("farm-page.txt", 0.0, 0.0),
    ],
)
def test_fixture_pages(fixture, press_release, sponsored):
    doc = parse(read_fixture(fixture))
    assert genre.press_release(doc).value == press_release
    assert genre.sponsored(doc).value == sponsored


def test_evidence_quotes_the_markers():
    text = read_fixture("press-release.txt")
    measure = genre.press_release(parse(text))
    quoted = [span.text for span in measure.evidence]
    assert quoted[0] == "FOR IMMEDIATE RELEASE"
    assert {"/PRNewswire/", "About Northwind Robotics", "Media Contact:", "###"} <= set(quoted)
    for span in measure.evidence:
        assert text[span.start : span.end] == span.text
