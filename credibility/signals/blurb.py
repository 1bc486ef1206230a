"""Author blurb signals: is the bio a promotional self-introduction or a plain byline?

Patterns written from content-farm author boxes in the style of the seed example; the
good case (bylines, third-person staff bios) is the norm on the news pages in
../shared/data/pages.jsonl.gz.
"""

from __future__ import annotations

import re

from credibility.parsing import Document, Span
from credibility.parsing.roles import Role, is_self_intro
from credibility.signals.base import LOWERS, RAISES, Measure, count, measure, signal
from credibility.signals.spans import as_words
from credibility.text import words

SENTENCE_IN_BLOCK = re.compile(r"[^.!?]+[.!?]*")
OUTLETS = re.compile(
    r"\b(forbes|washington post|new york times|ny ?times|nyt|bbc|cnn|huff(ington)? ?post|"
    r"guardian|reuters|bloomberg|wall street journal|wsj|the times|time magazine|"
    r"business insider|buzzfeed|yahoo( news)?|fox news|nbc|abc news|cbs|usa today|"
    r"the atlantic|techcrunch|wired|mashable|entrepreneur|inc\.com|medium|vice|"
    r"associated press|los angeles times|la times|the independent|daily mail)\b",
)
# Claims of years of experience, including the learner forms "since 5 years", "in experience".
EXPERIENCE = re.compile(
    r"\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten|many|several)\+?\s*"
    r"(years?|yrs?)\b.{0,20}?\b(of|in|on)?\s*(experience|expertise)\b"
    r"|\b(since|from|over|more than|for)\s+(\d+|many|several)\+?\s+years?\b"
    r"|\bexperienced (writer|journalist|blogger|author)\b",
)
CALL_TO_ACTION = re.compile(
    r"\b(contact|hire|email|e-mail|mail|reach|follow|dm|message|call|whatsapp)\s+(me|us)\b"
    r"|\b(feel free to|don['’]t hesitate to) (contact|reach|email)\b"
    r"|\b(whatsapp|telegram|skype|fiverr|upwork)\b"
    r"|\bavailable for (hire|work|freelance)\b"
    # An address starts where a word starts: from every position of a long token it
    # would rescan the token (quadratic, tests/test_pathological.py).
    r"|(?<![\w.+-])[\w.+-]++@[\w-]+\.[\w.]+",
)
SEO_OFFER = re.compile(
    r"\bguest (post|posts|posting|blogging|articles?)\b|\bseo\b|\bback ?links?\b"
    r"|\bdo-?follow\b|\bsponsored (posts?|articles?)\b|\bwrite for us\b"
    r"|\blink (building|insertion)\b"
    r"|\bdomain authority\b|\bda\s*\d+|\bcontent marketing\b|\bdigital marketing\b",
)
# Every SEO_OFFER match contains one of these (or the word "da"): others skip the pattern.
SEO_KEYS = (
    "guest",
    "seo",
    "backlink",
    "backlinks",
    "back link",
    "back links",
    "dofollow",
    "do-follow",
    "do follow",
    "sponsored",
    "write for us",
    "link building",
    "link insertion",
    "domain authority",
    "marketing",
)
BLURB_GRAMMAR = re.compile(
    r"(?<![\w'’])i(?![\w'’])|\bin experience\b|\bwork (journalist|writer|blogger|reporter)\b"
    r"|\bsince \d+ years\b|\bi am agree\b|\ban (news|informations)\b|\bmore better\b"
    r"|\b(\w+)\s+\b\1\b"
)
LOWERCASE_START = re.compile(r"(?:^|[.!?]\s+)([a-z])")


def blurb_blocks(doc: Document):
    return doc.blocks_of(Role.BLURB)


def self_intro_sentences(doc: Document) -> list[Span]:
    """Whole blurb sentences that introduce the writer: the evidence a reader wants."""
    spans = []
    for block in blurb_blocks(doc):
        for m in SENTENCE_IN_BLOCK.finditer(block.text):
            if m.group().strip() and is_self_intro(m.group()):
                spans.append(doc.span(block, m))
    return spans


def blurb_matches(doc: Document, pattern: re.Pattern[str]) -> list[Span]:
    return doc.find(pattern, Role.BLURB)


@signal("blurb_self_introduction", "Author blurb introduces the writer in the first person", LOWERS)
def self_introduction(doc: Document) -> Measure:
    return count(self_intro_sentences(doc))


@signal("blurb_outlet_name_drop", "Author blurb claims work for famous outlets", LOWERS)
def outlet_name_drop(doc: Document) -> Measure:
    return count(blurb_matches(doc, OUTLETS))


@signal("blurb_experience_claim", "Author blurb boasts years of experience", LOWERS)
def experience_claim(doc: Document) -> Measure:
    return count(blurb_matches(doc, EXPERIENCE))


@signal(
    "blurb_call_to_action",
    "Author blurb asks readers to contact, hire or follow the writer",
    LOWERS,
)
def call_to_action(doc: Document) -> Measure:
    return count(blurb_matches(doc, CALL_TO_ACTION))


@signal("blurb_seo_offer", "Page offers guest posts, backlinks or SEO services", LOWERS)
def seo_offer(doc: Document) -> Measure:
    # Such offers also sit outside the bio (footers, sidebars), so all lines are searched.
    if not doc.mentions(*SEO_KEYS) and "da" not in doc.word_counts:
        return measure(0.0)
    return count(doc.find(SEO_OFFER))


@signal(
    "blurb_broken_grammar",
    "Author blurb has lowercase 'i', learner errors or doubled words",
    LOWERS,
)
def broken_grammar(doc: Document) -> Measure:
    spans = doc.find_cased(BLURB_GRAMMAR, Role.BLURB)
    spans += [
        Span(b.start + m.start(1), b.start + m.end(1), m.group(1))
        for b in blurb_blocks(doc)
        for m in LOWERCASE_START.finditer(b.text)
    ]
    return count(as_words(doc, spans))


@signal("blurb_words", "Words in a first-person or promotional author blurb (0 when none)", LOWERS)
def blurb_words(doc: Document) -> Measure:
    # A third-person staff bio is the good case and has its own signal.
    blocks = [b for b in blurb_blocks(doc) if b.kind != "third_person_bio"]
    return measure(sum(len(words(b.text)) for b in blocks), [doc.whole(b) for b in blocks])


@signal(
    "blurb_third_person_bio",
    "Author bio written in the third person ('X is a reporter for Y')",
    RAISES,
)
def third_person_bio(doc: Document) -> Measure:
    blocks = [b for b in blurb_blocks(doc) if b.kind == "third_person_bio"]
    return count([doc.whole(b) for b in blocks])
