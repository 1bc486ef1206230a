"""Genre signals: is the page a press release or paid content rather than reporting?

A signal counts the *kinds* of marker it finds, not the hits, so one stray phrase weighs
little and a page built from several kinds of furniture weighs more. The markers are the
furniture of the genre (a dateline, a boilerplate "About" section, a contact block, a wire
credit, a sponsor label), never phrases about it: news reporting that a company "said in a
press release" or that a senator "sponsored a bill" fires nothing.

Measured on ../shared/data: neither signal fires on any of the 5,738 story texts of
articles, allsides and covid-2020 (3,949 credible, 1,789 not), which carry no such
furniture. On the 1,688 web pages of pages.jsonl.gz, read as HTML, the press-release signal
fires on 16 pages (releases of agencies, universities, campaigns and companies) and the
sponsored one on 13 (affiliate disclosures of recipe, review and tech sites, sponsor credits
by the headline).
"""

from __future__ import annotations

import re

from credibility.parsing import Block, Document, Role, Span
from credibility.signals.base import LOWERS, Measure, measure, signal

# Label and heading lines are compared as their lowercased words, so punctuation and case
# do not matter ("FOR IMMEDIATE RELEASE:", "— Sponsored Content —"). A line is a label
# when it is short.
LABEL_MAX_WORDS = 8

# --- press releases -------------------------------------------------------------------

RELEASE_OPENINGS = (
    ("for", "immediate", "release"),
    ("for", "immediate", "distribution"),
    ("embargoed", "until"),
    ("embargoed", "for", "release"),
)
# "About Acme Robotics", "ABOUT THE COMPANY": capitalised words after "About".
ABOUT = ("About", "ABOUT")
ABOUT_SMALL_WORDS = frozenset({"the", "of", "and", "for", "&"})
# Headings that are site furniture or author boxes, not a company's boilerplate.
ABOUT_NOT_COMPANY = frozenset(
    {"us", "me", "author", "the author", "the authors", "this site", "this website", "our ads"}
)
# The paragraph under the heading describes a company: "Acme (NASDAQ: ACME) is a leading
# provider of ...", "Founded in 1998, Acme ...". A person's bio does not read like this.
COMPANY_DESCRIPTION = re.compile(
    r"\((?:nasdaq|nyse|nyse american|tsx|tsxv|otcqb|otcqx|otc|lse|asx|cse)\s*+:"
    r"|\b(?:founded|established|headquartered) in\b"
    r"|\b(?:is|are) (?:a|an|the)\b.{0,120}?\b(?:company|corporation|provider|manufacturer|"
    r"developer|maker|platform|firm|organi[sz]ation|nonprofit|agency|retailer|bank|leader|"
    r"network|group|brand|operator|supplier|producer|publisher|distributor|consultancy|"
    r"startup|chain)\b"
)
# "Media contact", "Press inquiries"; a bare "Contact" only as "Contact:" ("Contact us" is
# site furniture).
CONTACT_OPENINGS = frozenset(
    (who, what)
    for who in ("media", "press", "investor", "investors", "pr", "news", "public")
    for what in ("contact", "contacts", "inquiries", "enquiries", "relations")
)
CONTACT_COLON = re.compile(r"contacts?\s?:")
# An e-mail address (starting where a word starts: linear) or a phone number.
CONTACT_DETAIL = re.compile(
    r"(?<![\w.+-])[\w.+-]++@[\w-]+\.[\w.]+"
    r"|\+\d[\d ().-]{6,18}\d"
    r"|\(?\b\d{3}\)?[ .-]?\d{3}[ .-]\d{4}\b"
)
# Blocks after a contact label in which its address or number may stand.
CONTACT_REACH = 3
# The end-of-release mark, written without spaces.
END_MARKS = frozenset({"###", "-###-", "-30-", "–30–", "—30—", "#30#"})
# Distribution wires as they credit a release: "/PRNewswire/", "--(BUSINESS WIRE)--",
# "(GLOBE NEWSWIRE)", "/ ACCESSWIRE /", "/EINPresswire.com/". The bare name in a sentence
# ("a statement distributed by Business Wire") is news about a release and does not count.
WIRE_CREDIT = re.compile(
    r"[/(]\s*+(?:pr ?newswire|business ?wire|globe ?newswire|accesswire|ein ?presswire"
    r"(?:\.com)?|newsfile(?: corp\.?)?|prweb|send2press)\s*+[/)]"
)
# The securities lawyers' paragraph; "safe harbor" alone is common in news.
FORWARD_LOOKING = re.compile(
    r"forward-looking (?:statements?|information) (?:within the meaning|involve|are based|"
    r"are subject|speak only)"
    r"|(?:contains?|includes?|constitutes?|are|be|considered) forward-looking "
    r"(?:statements|information)"
    r"|cautionary (?:note|statement|language) (?:regarding|concerning|about|on) forward-looking"
    r"|safe harbou?r statement|private securities litigation reform act"
)
FORWARD_HEADINGS = frozenset(
    {
        ("forward", "looking", "statements"),
        ("forward", "looking", "statement"),
        ("forward", "looking", "information"),
    }
)
# Each kind is only looked for when one of its words is on the page: a set look-up per word
# lets most news pages skip every pattern.
RELEASE_WORDS = frozenset({"immediate", "embargoed"})
CONTACT_WORDS = frozenset({"contact", "contacts", "inquiries", "enquiries", "relations"})
WIRE_WORDS = frozenset(
    {"wire", "newswire", "prnewswire", "globenewswire", "businesswire", "presswire"}
    | {"einpresswire", "accesswire", "prweb", "newsfile", "send2press"}
)
FORWARD_WORDS = frozenset({"forward", "harbor", "harbour", "litigation"})
# "forward" alone is on one news page in ten ("move forward"): the phrases decide.
FORWARD_PHRASES = ("forward-looking", "safe harbor", "safe harbour", "securities litigation")


def on_page(doc: Document, words: frozenset[str]) -> bool:
    """True when any of ``words`` (lowercase) is on the page."""
    return not doc.word_counts.keys().isdisjoint(words)


def lines(doc: Document) -> list[tuple[int, Block, list[str]]]:
    """(index, block, lowercased words) of the short blocks: labels, headings and marks."""
    return [
        (i, b, ws)
        for i, (b, ws) in enumerate(zip(doc.blocks, doc.block_lower, strict=True))
        if len(ws) <= LABEL_MAX_WORDS
    ]


def opening_lines(doc: Document, openings: tuple[tuple[str, ...], ...]) -> list[Span]:
    """Blocks of any length whose first words are one of ``openings``."""
    return [
        doc.whole(b)
        for b, ws in zip(doc.blocks, doc.block_lower, strict=True)
        if any(tuple(ws[: len(o)]) == o for o in openings)
    ]


def about_sections(doc: Document) -> list[Span]:
    """'About <Company>' headings past the first third of the page (the boilerplate closes
    a release, before the contacts) over a company description."""
    spans = []
    third = len(doc.blocks) // 3
    for i, block, lower in lines(doc):
        cased = doc.block_words[i]
        if i < third or i + 1 == len(doc.blocks) or len(cased) < 2 or cased[0] not in ABOUT:
            continue
        if " ".join(lower[1:]) in ABOUT_NOT_COMPANY or not all(
            w[0].isupper() or w[0].isdigit() or w in ABOUT_SMALL_WORDS for w in cased[1:]
        ):
            continue
        following = doc.blocks[i + 1]
        if COMPANY_DESCRIPTION.search(doc.folded, following.start, following.end):
            spans.append(doc.whole(block))
    return spans


def contact_blocks(doc: Document) -> list[Span]:
    """'Media contact' / 'Contact:' lines with an address or phone number on them or just
    below."""
    spans = []
    blocks = doc.blocks
    for i, (block, lower) in enumerate(zip(blocks, doc.block_lower, strict=True)):
        labelled = tuple(lower[:2]) in CONTACT_OPENINGS or CONTACT_COLON.match(
            doc.folded, block.start, block.end
        )
        if labelled and any(
            CONTACT_DETAIL.search(doc.folded, b.start, b.end)
            for b in blocks[i : i + 1 + CONTACT_REACH]
        ):
            spans.append(doc.whole(block))
    return spans


def end_marks(doc: Document) -> list[Span]:
    return [doc.whole(b) for _, b, _ in lines(doc) if "".join(b.text.split()) in END_MARKS]


def kinds(found: list[list[Span]]) -> Measure:
    """The number of marker kinds with at least one hit; every hit is evidence."""
    return measure(sum(1 for spans in found if spans), [s for spans in found for s in spans])


@signal(
    "genre_press_release",
    "Kinds of press-release furniture ('FOR IMMEDIATE RELEASE', 'Media contact', '###')",
    LOWERS,
)
def press_release(doc: Document) -> Measure:
    forward: list[Span] = []
    if on_page(doc, FORWARD_WORDS) and doc.mentions(*FORWARD_PHRASES):
        forward = doc.find(FORWARD_LOOKING)
        forward += [doc.whole(b) for _, b, ws in lines(doc) if tuple(ws) in FORWARD_HEADINGS]
    return kinds(
        [
            opening_lines(doc, RELEASE_OPENINGS) if on_page(doc, RELEASE_WORDS) else [],
            about_sections(doc) if "about" in doc.word_counts else [],
            contact_blocks(doc) if on_page(doc, CONTACT_WORDS) else [],
            end_marks(doc),
            doc.find(WIRE_CREDIT) if on_page(doc, WIRE_WORDS) else [],
            forward,
        ]
    )


# --- sponsored and affiliate content ---------------------------------------------------

# A label line: "Sponsored", "SPONSORED CONTENT", "Paid Post", "Sponsored by Acme". Widget
# headings of credible news pages ("Sponsored Links", "Promoted Stories") are no labels, and
# a label counts only next to the headline or the story's start: on the news pages of
# pages.jsonl.gz, "Sponsored" and "Branded content" stand in sidebars and menus, dozens of
# blocks away from the story, or in link lists.
LABEL_REACH = 2
LINKED = 0.5
SPONSOR_LABELS = frozenset(
    {("sponsored",), ("advertorial",)}
    | {("sponsored", w) for w in ("content", "post", "article", "feature", "story", "partner")}
    | {
        (who, what)
        for who in ("paid", "partner", "advertiser", "branded", "brand")
        for what in ("content", "post", "partnership", "feature")
    }
)
# Label lines that go on to name the sponsor: "Sponsored by Acme".
SPONSOR_CREDITS = (
    ("sponsored", "by"),
    ("presented", "by"),
    ("paid", "for", "by"),
    ("brought", "to", "you", "by"),
)
# "[Sponsored] Ten ways to ..." or "SPONSORED: ..." opening a line of any length.
SPONSOR_PREFIX = re.compile(
    r"[\[(](?:sponsored|paid post|advertorial)[\])]"
    r"|(?:sponsored(?: content| post)?|paid post|advertorial)\s*+[:|]"
)
# "This article is brought to you by ..."; "produced in partnership with" is left out: it
# credits newsroom collaborations as often as sponsors.
SPONSOR_DISCLOSURE = re.compile(
    r"(?:this|the following) (?:article|post|content|story|feature|series|newsletter|"
    r"podcast|episode|segment|page|guide|review) (?:is|was|has been) (?:brought to you|"
    r"sponsored|paid for|presented|underwritten|funded) by\b"
)
AFFILIATE_LINKS = re.compile(
    r"(?:contains?|may contain|includes?|uses?|has) (?:some )?affiliate links?"
    r"|affiliate (?:disclosure|links? disclosure|commission disclosure)"
    r"|(?:are|is|be) affiliate links?"
)
COMMISSION = re.compile(
    r"\b(?:we|i|site|publication|publisher) (?:may )?(?:earn|receive|get|make) (?:an? )?"
    r"(?:small |tiny )?(?:affiliate )?commissions?\b"
)
AMAZON_ASSOCIATE = re.compile(r"as an amazon associate|amazon services llc associates program")
LABEL_WORDS = frozenset(
    {"sponsored", "paid", "partner", "advertiser", "branded", "brand", "advertorial"}
    | {"presented", "brought"}
)
DISCLOSURE_WORDS = frozenset({"brought", "sponsored", "paid", "presented", "underwritten"})
DISCLOSURE_WORDS |= {"funded"}
AFFILIATE_WORDS = frozenset({"affiliate"})
COMMISSION_WORDS = frozenset({"commission", "commissions"})
AMAZON_WORDS = frozenset({"associate", "associates"})


def near_the_headline(doc: Document, index: int) -> bool:
    """True when block ``index`` is within LABEL_REACH of the title or of the story's first
    line, where a sponsored story carries its label, and is no link (menus, widgets)."""
    if doc.blocks[index].link_density >= LINKED:
        return False
    roles = [b.role for b in doc.blocks]
    anchors = [roles.index(r) for r in (Role.TITLE, Role.BODY) if r in roles]
    return any(abs(index - a) <= LABEL_REACH for a in anchors)


def sponsor_labels(doc: Document) -> list[Span]:
    spans = []
    for i, (block, words) in enumerate(zip(doc.blocks, doc.block_lower, strict=True)):
        found = None
        if len(words) <= LABEL_MAX_WORDS and (
            tuple(words) in SPONSOR_LABELS
            or any(tuple(words[: len(c)]) == c for c in SPONSOR_CREDITS)
        ):
            found = doc.whole(block)
        elif prefix := SPONSOR_PREFIX.match(doc.folded, block.start, block.end):
            found = Span(prefix.start(), prefix.end(), doc.text[prefix.start() : prefix.end()])
        if found and near_the_headline(doc, i):
            spans.append(found)
    return spans


@signal(
    "genre_sponsored",
    "Kinds of sponsorship or affiliate disclosure ('Sponsored content', 'affiliate links')",
    LOWERS,
)
def sponsored(doc: Document) -> Measure:
    return kinds(
        [
            sponsor_labels(doc) if on_page(doc, LABEL_WORDS) else [],
            doc.find(SPONSOR_DISCLOSURE) if on_page(doc, DISCLOSURE_WORDS) else [],
            doc.find(AFFILIATE_LINKS) if on_page(doc, AFFILIATE_WORDS) else [],
            doc.find(COMMISSION) if on_page(doc, COMMISSION_WORDS) else [],
            doc.find(AMAZON_ASSOCIATE) if on_page(doc, AMAZON_WORDS) else [],
        ]
    )
