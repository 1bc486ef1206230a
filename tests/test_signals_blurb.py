import pytest

from credibility.parsing import parse
from credibility.signals import blurb
from tests.blurbs import HONEST, PROMOTIONAL

PROMO = (
    "hi i am Sam Reyes and i work writer in newsdesk24 website, i write for forbes and "
    "the new york times since 7 years. contact me for guest post and backlinks."
)
STORY = "The council approved the plan on Monday, officials said.\n"


def value(sig, text):
    return sig(parse(STORY + text)).value


@pytest.mark.parametrize(
    "sig, text, expected",
    [
        (blurb.self_introduction, "", 0.0),
        (blurb.self_introduction, "Jane Roe is a reporter for a regional daily.", 0.0),
        (blurb.self_introduction, PROMO, 1.0),
        (blurb.self_introduction, "Hello everyone, my name is Ana. I am a blogger.", 2.0),
        (blurb.outlet_name_drop, "Jane Roe is a reporter for a regional daily.", 0.0),
        (blurb.outlet_name_drop, PROMO, 2.0),
        (blurb.outlet_name_drop, "hello, I am Ana and I wrote for BBC, CNN and Reuters.", 3.0),
        (blurb.experience_claim, PROMO, 1.0),
        (blurb.experience_claim, "hi, I am Ana with 5 years in experience as a writer.", 1.0),
        (blurb.experience_claim, "hi, I'm Ana, a blogger with ten years of experience.", 1.0),
        (blurb.experience_claim, "Jane Roe has covered courts for a regional daily.", 0.0),
        (blurb.call_to_action, PROMO, 1.0),
        (blurb.call_to_action, "hi, I am Ana. Email me at ana@example.com or hire me.", 3.0),
        (blurb.call_to_action, "Jane Roe is a reporter for a regional daily.", 0.0),
        (blurb.seo_offer, PROMO, 2.0),
        (blurb.seo_offer, "Write for us: do-follow links, DA 50.", 3.0),
        (blurb.seo_offer, "The search engine company reported results.", 0.0),
        (blurb.broken_grammar, "Jane Roe is a reporter for a regional daily.", 0.0),
        (blurb.broken_grammar, "hello, I am Ana and i work journalist here.", 3.0),
        (blurb.blurb_words, "hello, I am Ana and I write.", 7.0),
        (blurb.blurb_words, "Jane Roe is a reporter for a regional daily.", 0.0),
        (blurb.third_person_bio, "Jane Roe is a reporter for a regional daily.", 1.0),
        (blurb.third_person_bio, PROMO, 0.0),
    ],
)
def test_blurb_values(sig, text, expected):
    assert value(sig, text) == expected


def test_self_introduction_evidence_is_the_whole_sentence():
    doc = parse(STORY + PROMO)
    measure = blurb.self_introduction(doc)
    (span,) = measure.evidence
    assert span.text.startswith("hi i am Sam Reyes")
    assert span.text.endswith("since 7 years.")
    assert doc.text[span.start : span.end] == span.text


def test_blurb_continues_on_the_next_first_person_line():
    doc = parse(STORY + "hello, I am Ana Lopez.\nI write for many websites, email me for work.")
    assert blurb.blurb_words(doc).value == 14.0
    assert blurb.call_to_action(doc).value == 1.0


def test_broken_grammar_evidence_is_words_never_a_bare_letter():
    doc = parse(STORY + "hello, I am Ana and i work journalist here. i")
    measure = blurb.broken_grammar(doc)
    assert measure.value == 5.0
    assert [s.text for s in measure.evidence] == [
        "hello",
        "i work",
        "work journalist",
        "here. i",  # the pronoun, and the sentence it starts in lowercase
        "here. i",
    ]


POLISHED = (
    "Nora Lind is an award-winning journalist whose work has appeared in Forbes and The "
    "Guardian. With more than six years of experience, she brings readers sharp, reliable "
    "reporting. For collaborations and sponsored posts, reach her at the contact page."
)
STAFF = "Nora Lind is a reporter for the Harbor Gazette, covering city hall."


@pytest.mark.parametrize(
    "sig, text, expected",
    [
        (blurb.boast, "", 0.0),
        (blurb.boast, STAFF, 0.0),
        (blurb.boast, POLISHED, 2.0),  # "award-winning", "sharp, reliable reporting"
        (blurb.boast, "Sam Roe is a renowned writer who has written for Wired.", 1.0),
        (blurb.boast, "hi, I am Ana, a passionate blogger with 5 years of experience.", 1.0),
        (blurb.boast, "Sam Roe is a veteran reporter who covers the courts.", 0.0),
        (blurb.outlet_name_drop, POLISHED, 2.0),
        (blurb.experience_claim, POLISHED, 1.0),
        (blurb.call_to_action, POLISHED, 1.0),  # "contact page"
        (blurb.call_to_action, "Sam Roe is a writer for hire. Hire him for your blog.", 1.0),
        (blurb.call_to_action, "Sam Roe is a reporter. Reach him at sroe@gazette.com.", 1.0),
        (blurb.call_to_action, "Sam Roe covers courts. Follow him on social media.", 0.0),
        (blurb.seo_offer, POLISHED, 2.0),  # "for collaborations", "sponsored posts"
        # Only a bio offers collaborations; a story reports them.
        (blurb.seo_offer, "The two labs began a collaboration on Monday.", 0.0),
        (blurb.third_person_bio, STAFF, 1.0),
        (blurb.third_person_bio, POLISHED, 0.0),
        (blurb.third_person_bio, "Sam Roe is a reporter. Reach him at sroe@gazette.com.", 1.0),
        (blurb.third_person_bio, "Sam Roe is a renowned writer who has written for Wired.", 0.0),
        (blurb.blurb_words, STAFF, 0.0),
        (blurb.blurb_words, "Sam Roe is a renowned writer who has written for Wired.", 11.0),
        # A bio that does not open with the name is still a bio when it sells.
        (blurb.outlet_name_drop, "With 6 years of experience, Sam Roe has written for Wired.", 1.0),
        (blurb.blurb_words, "With 6 years of experience, Sam Roe has written for Wired.", 11.0),
    ],
)
def test_promotional_values_in_any_person(sig, text, expected):
    assert value(sig, text) == expected


@pytest.mark.parametrize(
    "url, expected",
    [
        ("https://www.theguardian.com/world/x", 0.0),  # the page's own outlet
        ("https://harborgazette.example/x", 1.0),
        (None, 1.0),
    ],
)
def test_a_bio_naming_its_own_outlet_is_no_name_drop(url, expected):
    doc = parse(STORY + "Nora Lind is a reporter for the Guardian, covering courts.", url=url)
    assert blurb.outlet_name_drop(doc).value == expected


SELLING = (
    blurb.outlet_name_drop,
    blurb.experience_claim,
    blurb.call_to_action,
    blurb.seo_offer,
    blurb.boast,
    blurb.self_introduction,
)


@pytest.mark.parametrize("text", PROMOTIONAL, ids=range(len(PROMOTIONAL)))
def test_every_promotional_blurb_is_caught_with_evidence(text):
    doc = parse(STORY + text, url="https://topnewsdaily.example/x")
    found = [m for m in (sig(doc) for sig in SELLING) if m.value > 0]
    assert found, text
    assert all(span.text.lower() in doc.text.lower() for m in found for span in m.evidence)
    assert blurb.third_person_bio(doc).value == 0.0
    assert blurb.blurb_words(doc).value > 0


@pytest.mark.parametrize("text", HONEST, ids=range(len(HONEST)))
def test_no_honest_staff_bio_sells(text):
    doc = parse(STORY + text, url="https://harborgazette.example/x")
    selling = [sig.name for sig in SELLING if sig(doc).value > 0]
    # A newsroom signs a bio with the reporter's address: the one call it may hold.
    assert selling in ([], ["blurb_call_to_action"]), selling
    assert blurb.blurb_words(doc).value == 0.0
