"""Author blurb signals: is the bio a promotional self-introduction or a plain byline?

Patterns written from content-farm author boxes in the style of the seed example; the
good case (bylines, third-person staff bios) is the norm on the news pages in
../shared/data/pages.jsonl.gz.
"""

from __future__ import annotations

import re

from credibility.parsing import Document, Span
from credibility.parsing.roles import Role, Subrole, is_self_intro
from credibility.reputation.domains import host_of, site_name
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
    # In the third person, as a rewrite puts it: a call to hire, or to the site's contact
    # page for business ("reach her at the contact page"). "Reach her at jroe@..." and
    # "follow him on X" are how newsrooms sign bios and stay out (but for the address).
    r"|\b(hire|commission|book) (him|her|them)\b|\bcontact (page|form)\b"
    r"|\bget in touch\b|\breach out (to (him|her|them|me|us))?\b"
    r"|\bavailable for (hire|work|freelance|commissions|assignments|projects)\b"
    r"|\b(whatsapp|telegram|skype|fiverr|upwork)\b"
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
# Offers made in a bio alone: "collaborations" and "partnerships" are ordinary words in
# stories ("a collaboration between two labs"), so they count in the blurb only.
BLURB_OFFER = re.compile(
    r"\b(for|open to|welcomes?|accepts?|accepting) (paid )?(collaborations?|partnerships?|"
    r"sponsorships?|business (inquiries|enquiries)|brand deals?|commissions)\b"
    r"|\b(collaboration|partnership|advertising|business) (requests?|inquiries|enquiries|"
    r"opportunities|offers?)\b"
    r"|\bsponsored (content|reviews?|stories)\b|\bpaid (posts?|placements?|reviews?)\b"
)
# The writer praised: prizes, fame, superlatives and a sales pitch for the writing itself.
# From the team's rewritten blurbs (tests/test_signals_blurb.py), which a language model's
# rewrite of a farm's blurb keeps when it drops the grammar errors; newsroom bios say what
# a reporter covers, not how good it is.
BOAST = re.compile(
    r"\baward[- ]winning\b|\bprize[- ]winning\b"
    r"|\b(internationally|nationally|widely|highly|critically) (acclaimed|renowned|respected|"
    r"regarded|recognized|recognised|read)\b|\b(renowned|acclaimed|celebrated|sought[- ]after)\b"
    r"|\b(best[- ]selling|bestselling|top[- ]rated|world[- ]class|leading|top|premier|"
    r"passionate|seasoned|talented|skilled|expert|professional|experienced|gifted|brilliant)"
    r" (journalist|writer|blogger|author|reporter|storyteller|content (creator|writer)|"
    r"wordsmith|voice|expert)s?\b"
    r"|\bone of the (best|most|top|leading|finest)\b|\b(most )?trusted voices?\b"
    r"|\b(sharp|reliable|trusted|trustworthy|unbiased|insightful|compelling|engaging|"
    r"high[- ]quality|top[- ]notch|captivating|unmatched|unparalleled)(,? (and )?(sharp|reliable|"
    r"trusted|trustworthy|unbiased|insightful|compelling|engaging|accurate))? (reporting|"
    r"journalism|content|coverage|analysis|articles|stories|writing|news)\b"
    r"|\bproven track record\b|\bthought leader\b|\bguru\b|\binfluencer\b"
    r"|\b(millions|thousands) of (readers|followers)\b"
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


def squeezed(text: str) -> str:
    return re.sub(r"[^a-z]", "", text.lower())


def name_drops(doc: Document) -> list[Span]:
    """Famous outlets named in a blurb, but for the page's own site (a Guardian reporter's
    bio on theguardian.com names no other outlet): an outlet whose letters are those of the
    site's registrable name, or hold them."""
    own = squeezed(site_name(host_of(doc.url))) if doc.url else ""
    spans = blurb_matches(doc, OUTLETS)
    if not own:
        return spans
    return [s for s in spans if not (squeezed(s.text) in own or own in squeezed(s.text))]


@signal("blurb_outlet_name_drop", "Author blurb claims work for famous outlets", LOWERS)
def outlet_name_drop(doc: Document) -> Measure:
    return count(name_drops(doc))


@signal(
    "blurb_boast",
    "Author blurb praises the writer ('award-winning', 'renowned', 'sharp, reliable reporting')",
    LOWERS,
)
def boast(doc: Document) -> Measure:
    return count(blurb_matches(doc, BOAST))


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


@signal(
    "blurb_seo_offer",
    "Page offers guest or sponsored posts, backlinks, SEO or collaborations",
    LOWERS,
)
def seo_offer(doc: Document) -> Measure:
    # Such offers also sit outside the bio (footers, sidebars), so all lines are searched.
    offers = blurb_matches(doc, BLURB_OFFER)
    if not doc.mentions(*SEO_KEYS) and "da" not in doc.word_counts:
        return count(offers)
    return count(offers + doc.find(SEO_OFFER))


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
    return measure(len(spans), lambda: as_words(doc, spans))


# What a bio sells, in any person: a block with one of these is promotional, whoever it
# speaks of. The own-site exception of the name-drop is left out here: a bio that names its
# own outlet among others still name-drops the others, which OUTLETS then finds.
SELLING = (OUTLETS, EXPERIENCE, CALL_TO_ACTION, SEO_OFFER, BLURB_OFFER, BOAST)


def plain(doc: Document, block) -> bool:  # type: ignore[no-untyped-def]
    """True when a third-person bio sells nothing: no outlet but the page's own, no boast,
    no years claimed, no offer or call to hire. Such a bio is what a newsroom writes."""
    if block.subrole != Subrole.THIRD_PERSON_BIO:
        return False
    lower = block.text.lower()
    own = squeezed(site_name(host_of(doc.url))) if doc.url else ""
    for pattern in SELLING:
        for m in pattern.finditer(lower):
            # A newsroom signs a bio with the reporter's address; that is no sale.
            if pattern is CALL_TO_ACTION and "@" in m.group():
                continue
            if (
                pattern is OUTLETS
                and own
                and (squeezed(m.group()) in own or own in squeezed(m.group()))
            ):
                continue
            return False
    return True


@signal("blurb_words", "Words in a first-person or promotional author blurb (0 when none)", LOWERS)
def blurb_words(doc: Document) -> Measure:
    # A plain third-person staff bio is the good case and has its own signal; a third-person
    # bio that sells counts here like a self-introduction (a rewrite changes only the person).
    blocks = [b for b in blurb_blocks(doc) if not plain(doc, b)]
    return measure(sum(len(words(b.text)) for b in blocks), [doc.whole(b) for b in blocks])


@signal(
    "blurb_third_person_bio",
    "Plain third-person staff bio ('X is a reporter for Y'), selling nothing",
    RAISES,
)
def third_person_bio(doc: Document) -> Measure:
    # Only a bio that sells nothing (plain()): in the composed pages every third-person bio
    # was a newsroom's, so the weight it learned paid +1.56 for a farm's polished bio too
    # (issue 26); a bio with a name-drop, boast, claim of years or offer earns nothing here.
    return count([doc.whole(b) for b in blurb_blocks(doc) if plain(doc, b)])
