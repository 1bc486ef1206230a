import pytest

from credibility.parsing import parse
from credibility.signals import blurb

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
