"""Transparency signals: does the page say who wrote it, when, and on whose word?

Also the leftovers of careless automation: chatbot refusals and template placeholders.
"""

from __future__ import annotations

import re

from credibility.document import Document, Span
from credibility.roles import Role
from credibility.signals.base import Measure, count, measure, signal
from credibility.text import ratio

ATTRIBUTION = re.compile(
    r"\b(said|says|told|according to|stated|explained|added|announced|confirmed|"
    r"reported|wrote|testified|asked by)\b",
)
DATE = re.compile(
    r"\b(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(t(ember)?)?|"
    r"oct(ober)?|nov(ember)?|dec(ember)?)\.?\s+\d{1,2}(st|nd|rd|th)?,?(\s+\d{4})?\b"
    r"|\b\d{1,2}\s+(jan(uary)?|feb(ruary)?|march|april|may|june|july|aug(ust)?|"
    r"sept?(ember)?|oct(ober)?|nov(ember)?|dec(ember)?)\b"
    r"|\b(19|20)\d{2}-\d{2}-\d{2}\b|\b\d{1,2}/\d{1,2}/(19|20)?\d{2}\b"
    r"|\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b",
)
CHATBOT = re.compile(
    r"\bas an ai( language)? model\b|\bi cannot (fulfill|fulfil|comply|assist)\b"
    r"|\bi['’]m sorry,? but i (can['’]?t|cannot)\b|\bas of my (last )?knowledge (cutoff|update)\b"
    r"|\bregenerate response\b|\bi don['’]t have (access to )?real-time\b"
    r"|\bcertainly[!,] here (is|are)\b|\bi hope this (article|helps)\b",
)
# Markup placeholders start with a literal, so this pattern is cheap to run everywhere.
PLACEHOLDER_MARKUP = re.compile(
    r"\[(?:insert|your|author|name|keyword|link|city|date)[^\]]{0,30}\]|\{\{[^}]{0,40}\}\}|%s\b"
)
PLACEHOLDER_WORDS = re.compile(
    r"\blorem ipsum\b|\bdolor sit amet\b|\btodo\b|\bxxx+\b|\bplaceholder\b|\byour name here\b"
)

# Every CHATBOT / PLACEHOLDER_WORDS match holds one of these: pages without any skip them.
CHATBOT_KEYS = (
    "as an ai",
    "i cannot",
    "sorry",
    "knowledge",
    "regenerate",
    "real-time",
    "certainly",
    "i hope this",
)
PLACEHOLDER_KEYS = ("lorem", "dolor", "todo", "xxx", "xxxx", "placeholder", "name here")


@signal("attribution_rate", "Attributions ('said', 'according to') per 100 story words")
def attribution_rate(doc: Document) -> Measure:
    spans = doc.find(ATTRIBUTION, Role.BODY)
    return measure(100 * ratio(len(spans), len(doc.body_words)), spans)


@signal("byline_present", "The page names its author in a byline or author metadata")
def byline_present(doc: Document) -> Measure:
    spans = [doc.whole(b) for b in doc.blocks_of(Role.BYLINE)]
    return measure(1.0 if spans or doc.author else 0.0, spans)


@signal("date_present", "The page gives a date or weekday")
def date_present(doc: Document) -> Measure:
    m = DATE.search(doc.folded)
    if m is None:
        return measure(0.0)
    return measure(1.0, [Span(m.start(), m.end(), doc.text[m.start() : m.end()])])


@signal("chatbot_leftovers", "Chatbot leftovers ('as an AI language model', 'I cannot fulfill')")
def chatbot_leftovers(doc: Document) -> Measure:
    if not doc.mentions(*CHATBOT_KEYS):
        return measure(0.0)
    return count(doc.find(CHATBOT))


@signal("template_placeholders", "Template placeholders and lorem ipsum left in the page")
def template_placeholders(doc: Document) -> Measure:
    spans = doc.find(PLACEHOLDER_MARKUP)
    if doc.mentions(*PLACEHOLDER_KEYS):
        spans += doc.find(PLACEHOLDER_WORDS)
    return count(spans)
