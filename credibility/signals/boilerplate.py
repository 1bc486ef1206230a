"""Boilerplate signals: how much of the page is theme furniture, and of which kind.

A high boilerplate share is normal on news pages (median about 0.5 by words on the real
news HTML in ../shared/data/pages.jsonl.gz); which kinds appear is what tells a blog theme
from a newsroom. Every one of them may only lower credibility: furniture is not reporting,
and a page must not buy points by appending menus, newsletters or cookie lines.
"""

from __future__ import annotations

from credibility.parsing import Document, Role
from credibility.parsing.roles import Subrole
from credibility.signals.base import LOWERS, MAX_EVIDENCE, Measure, count, measure, signal
from credibility.text import ratio


def furniture_count(doc: Document, *parts: Subrole) -> Measure:
    blocks = [b for b in doc.blocks_of(Role.BOILERPLATE) if b.subrole in parts]
    return count([doc.whole(b) for b in blocks])


@signal("boilerplate_ratio", "Share of the page's words that are boilerplate, not story", LOWERS)
def boilerplate_ratio(doc: Document) -> Measure:
    furniture = len(doc.words_of(Role.BOILERPLATE))
    return measure(
        ratio(furniture, len(doc.all_words)),
        lambda: [doc.whole(b) for b in doc.blocks_of(Role.BOILERPLATE)[:MAX_EVIDENCE]],
    )


@signal(
    "boilerplate_comment_form",
    "Blog-theme comment form ('Leave a Reply', 'email ... not published')",
    LOWERS,
)
def comment_form(doc: Document) -> Measure:
    return furniture_count(doc, Subrole.COMMENT_FORM)


@signal("boilerplate_related_links", "Related / recommended / read-more link lists", LOWERS)
def related_links(doc: Document) -> Measure:
    return furniture_count(doc, Subrole.RELATED_LINKS)


@signal(
    "boilerplate_load_more", "Infinite-scroll leftovers ('Load More Posts', 'Loading...')", LOWERS
)
def load_more(doc: Document) -> Measure:
    return furniture_count(doc, Subrole.LOAD_MORE)


@signal("boilerplate_share_counter", "Share buttons and share counters ('16.8k SHARES')", LOWERS)
def share_counter(doc: Document) -> Measure:
    return furniture_count(doc, Subrole.SHARE_COUNTER)


@signal("boilerplate_newsletter", "Newsletter and subscription boxes", LOWERS)
def newsletter(doc: Document) -> Measure:
    return furniture_count(doc, Subrole.NEWSLETTER)


@signal("boilerplate_cookie_legal", "Cookie banners, privacy and copyright lines", LOWERS)
def cookie_legal(doc: Document) -> Measure:
    return furniture_count(doc, Subrole.COOKIE_NOTICE)


@signal("boilerplate_navigation", "Menus, link lists, keyword lists and advertising labels", LOWERS)
def navigation(doc: Document) -> Measure:
    return furniture_count(
        doc, Subrole.NAVIGATION, Subrole.LINK_LIST, Subrole.KEYWORD_LIST, Subrole.ADVERTISING
    )


@signal("boilerplate_comments", "Reader comments on the page", LOWERS)
def comments(doc: Document) -> Measure:
    return count([doc.whole(b) for b in doc.blocks_of(Role.COMMENT)])
