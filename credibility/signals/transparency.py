"""Transparency signals: does the page say who wrote it, when, and on whose word?

Also the leftovers of careless automation: chatbot refusals and template placeholders.
"""

from __future__ import annotations

import re

from credibility.parsing import Document, Role, Span
from credibility.signals.base import (
    LOWERS,
    MEASURE,
    NOT_APPLICABLE,
    RAISES,
    Measure,
    count,
    measure,
    signal,
)
from credibility.text import ratio

ATTRIBUTION = (
    "said",
    "says",
    "told",
    "according to",
    "stated",
    "explained",
    "added",
    "announced",
    "confirmed",
    "reported",
    "wrote",
    "testified",
    "asked by",
)
# Dates: a month name next to a day number ("March 3", "3 March"), a weekday, or a numeric
# date. Month names are found with str.find and only their neighbourhood is matched: a
# regex scan of the whole page for month names cost more than all other signals but three.
MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
)
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
DAY_AFTER = re.compile(r"\.?(?<!\s)\s++\d{1,2}(?:st|nd|rd|th)?\b(?:,?\s++\d{4}\b)?")
DAY_BEFORE = re.compile(r"\b\d{1,2}\s+$")
# Numeric dates start with a digit, so this pattern is cheap to run everywhere.
DATE_NUMERIC = re.compile(
    # [0-9], not \d: a leading ASCII class lets re skip ahead (5x faster on prose).
    r"[0-9](?:[0-9]{3}-[0-9]{2}-[0-9]{2}|[0-9]?/[0-9]{1,2}/(?:19|20)?[0-9]{2})\b"
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


@signal(
    "attribution_rate",
    "Attributions ('said', 'according to') per 100 story words",
    RAISES,
    kind=MEASURE,
)
def attribution_rate(doc: Document) -> Measure:
    spans = doc.occurrences(ATTRIBUTION, Role.BODY)
    return measure(100 * ratio(len(spans), len(doc.body_words)), spans)


# Byline and date: a missing one is not evidence. Pasted stories lose them, and the corpora
# differ in whether they kept them (a story without its date line lost 1.1-1.6 points when
# absence counted), so absence does not apply and scores 0.
@signal(
    "byline_present",
    "The page names its author in a byline or author metadata",
    RAISES,
    kind=MEASURE,  # whether a scrape kept the byline says as much about the scraper
)
def byline_present(doc: Document) -> Measure:
    spans = [doc.whole(b) for b in doc.blocks_of(Role.BYLINE)]
    return measure(1.0, spans) if spans or doc.author else NOT_APPLICABLE


@signal("date_present", "The page gives a date or weekday", RAISES, kind=MEASURE)
def date_present(doc: Document) -> Measure:
    folded = doc.folded
    found = [Span(m.start(), m.end(), m.group()) for m in (DATE_NUMERIC.search(folded),) if m]
    found += doc.occurrences(WEEKDAYS, *Role)[:1]
    for month in doc.occurrences(MONTHS, *Role):
        after = DAY_AFTER.match(folded, month.end)
        before = DAY_BEFORE.search(folded, max(0, month.start - 4), month.start)
        if after or before:
            start = before.start() if before else month.start
            end = after.end() if after else month.end
            found.append(Span(start, end, folded[start:end]))
            break
    if not found:
        return NOT_APPLICABLE
    first = min(found, key=lambda span: span.start)
    return measure(1.0, [Span(first.start, first.end, doc.text[first.start : first.end])])


@signal(
    "chatbot_leftovers", "Chatbot leftovers ('as an AI language model', 'I cannot fulfill')", LOWERS
)
def chatbot_leftovers(doc: Document) -> Measure:
    if not doc.mentions(*CHATBOT_KEYS):
        return measure(0.0)
    return count(doc.find(CHATBOT, keys=CHATBOT_KEYS))


@signal("template_placeholders", "Template placeholders and lorem ipsum left in the page", LOWERS)
def template_placeholders(doc: Document) -> Measure:
    spans = doc.find(PLACEHOLDER_MARKUP)
    if doc.mentions(*PLACEHOLDER_KEYS):
        spans += doc.find(PLACEHOLDER_WORDS, keys=PLACEHOLDER_KEYS)
    return count(spans)
