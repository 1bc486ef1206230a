"""Line roles: which lines of a page are story, theme boilerplate, author blurb or comments.

The patterns were written from the theme furniture seen in ../shared/data/pages.jsonl.gz
(`without_snippets`, English pages) and from content-farm pages such as the seed example.
The classifier is deliberately a table of named patterns, so a role can always be explained.
"""

from __future__ import annotations

import re
from enum import StrEnum

from credibility.text import STOPWORDS, ratio, words


class Role(StrEnum):
    TITLE = "title"
    BODY = "body"
    BOILERPLATE = "boilerplate"
    BLURB = "blurb"
    BYLINE = "byline"
    COMMENT = "comment"


class Subrole(StrEnum):
    """What a line is within its role (Block.subrole): a signal names a member, so a typo
    fails at import instead of silently matching nothing."""

    NONE = ""  # story lines
    # Theme boilerplate found by THEME_PHRASES; each names a boilerplate signal's furniture.
    COMMENT_FORM = "comment_form"
    RELATED_LINKS = "related_links"
    LOAD_MORE = "load_more"
    SHARE_COUNTER = "share_counter"
    NEWSLETTER = "newsletter"
    COOKIE_NOTICE = "cookie_notice"
    NAVIGATION = "navigation"
    ADVERTISING = "advertising"
    # Other boilerplate.
    LINK_LIST = "link_list"
    SHORT_LINE = "short_line"
    KEYWORD_LIST = "keyword_list"
    NOT_MAIN_TEXT = "not_main_text"  # HTML trafilatura left out of the story
    # Author blurbs and bylines.
    SELF_INTRODUCTION = "self_introduction"
    ABOUT_AUTHOR = "about_author"
    THIRD_PERSON_BIO = "third_person_bio"
    PROMOTIONAL_BIO = "promotional_bio"
    CONTINUATION = "continuation"  # a blurb's next line
    BYLINE = "byline"
    # Comments and the title.
    COMMENT_AUTHOR = "comment_author"
    COMMENT = "comment"
    TITLE = "title"


def _rx(*alternatives: str) -> re.Pattern[str]:
    """One pattern from lowercase alternatives, matched against lowercased lines.

    re.IGNORECASE and a leading \\b both stop CPython's re from jumping ahead to the
    first letter of a phrase, which made theme detection 2-3x slower; a phrase matched
    inside a longer word ("cleave a reply") does no harm for page furniture.
    """
    return re.compile("|".join(a.removeprefix("\\b") for a in alternatives))


# The alternatives of each kind of theme furniture; they name the boilerplate signals.
THEME_PHRASES: dict[Subrole, tuple[str, ...]] = {
    Subrole.COMMENT_FORM: (
        r"\bleave an? (reply|comment|response)\b",
        r"your email address will not be published",
        r"required fields are marked",
        r"^\s*(post|submit|add) (a )?comment\b",
        r"save my name,? email",
        r"notify me of (new|follow-?up) (comments|posts)",
        r"^\s*cancel reply\s*$",
        r"must be logged in to post a comment",
        r"^\s*\d+\s+(comments?|responses?|replies)\s*$",
        r"\bjoin the (discussion|conversation)\b",
        r"\bscroll down to comment\b",
        r"\bbe the first to comment\b",
        r"^\s*(comments?|responses?)\s*\(?\d*\)?\s*$",
    ),
    Subrole.RELATED_LINKS: (
        r"^\s*related( posts| articles| stories| news| content|:)?\s*$",
        r"\byou (may|might) (also )?(like|enjoy)\b",
        r"^\s*recommended( for you| stories| articles| reading)?\s*:?\s*$",
        r"^\s*(more|latest|top|popular|trending) (stories|posts|news|articles|now)\b",
        r"^\s*(read|see) (more|next|also)\b",
        r"^\s*also read\b",
        r"^\s*(previous|next) (post|article|story)\b",
        r"^\s*(tags?|categories|category|filed under)\s*:",
        r"^\s*don['’]t miss\b",
    ),
    Subrole.LOAD_MORE: (
        r"\bload more\b",
        r"\bloading\s*\.\.\.",
        r"\bno more (posts|articles|stories)\b",
        r"^\s*show more\s*$",
        r"^\s*(older|newer) (posts|entries)\b",
        r"^\s*page \d+ of \d+\s*$",
    ),
    Subrole.SHARE_COUNTER: (
        r"(?<![\w.])\d++(\.\d+)?(?:\s*+k)?\s++shares?\b",
        r"^\s*share( this( story| article| post)?| on \w+| via \w+)?\s*:?\s*$",
        r"\bshare this (story|article|post)\b",
        r"^\s*(tweet|pin it|email this|print this|copy link)\s*$",
        r"^\s*(facebook|twitter|whatsapp|linkedin|pinterest|reddit|telegram)"
        r"(\s*+[|/·,]?\s*+(facebook|twitter|whatsapp|linkedin|pinterest|reddit|telegram|email))+"
        r"\s*$",
    ),
    Subrole.NEWSLETTER: (
        r"\bnewsletters?\b",
        r"^\s*subscribe\b",
        r"\bsubscribe (to|for|now)\b",
        r"\bsign up (for|to)\b",
        r"\benter your e-?mail\b",
        r"\bstraight to your inbox\b",
        r"^\s*follow us\b",
    ),
    Subrole.COOKIE_NOTICE: (
        r"\bcookies?\b",
        r"\bprivacy policy\b",
        r"\bterms (of|and) (use|service|conditions)\b",
        r"\ball rights reserved\b",
        r"^\s*(©|copyright)",
    ),
    Subrole.NAVIGATION: (
        r"^\s*+(home|about( us)?|contact( us)?|menu|search|log ?in|sign in|register|"
        r"skip to (main )?content|advertise( with us)?|careers|sitemap|archives?|"
        r"main menu|toggle navigation|subscribe now|\W++)\s*+$",
        r"^\s*(home|news|sports?|business|politics|world|entertainment|opinion|"
        r"lifestyle|tech(nology)?|health|science)(\s*+[|/·•]?\s*+(home|news|sports?|business|"
        r"politics|world|entertainment|opinion|lifestyle|tech(nology)?|health|science)){2,}\s*$",
    ),
    Subrole.ADVERTISING: (
        r"^\s*(advertisement|sponsored( content)?|ad choices|paid content|promoted)\s*$",
    ),
}
THEME_PATTERNS = {part: _rx(*phrases) for part, phrases in THEME_PHRASES.items()}


# Self-introduction: a greeting followed by "I am", or a line opening "I am a ... writer".
# The greeting pattern starts with letters, not \b, so the scan skips ahead quickly.
# Separators are matched once, possessively (*+): "[\s,!.]*(all)?[\s,!.]*" would try every
# split of a long run of spaces and go quadratic (tests/test_pathological.py).
GREETING_INTRO = re.compile(
    r"(?:h(?<![a-z]h)(?:ello|i|ey)|g(?<![a-z]g)reetings)\b[\s,!.]*+"
    r"(?:(?:every\s?one|all|friends|guys)[\s,!.]*+)?"
    r"(?:i am|i['’]m|im|my name is|this is|myself)\b"
)
OPENING_INTRO = _rx(
    r"^\W*(?:i am|i['’]m|my name is|myself)\s+(?:an? )?[\w'-]+.{0,60}\b(?:writer|blogger|"
    r"journalist|author|reporter|editor|seo|marketer|content)\b",
    r"^\W*my name is\b",
)
# A byline: "By Jane Roe" or "By Jane Roe and Sam Poe, Reuters".
# Names are capitalised, so this one is case-sensitive ("by the council" is no byline).
BYLINE = re.compile(
    r"^\s*(?:[Bb]y|BY|[Ww]ritten by|[Ww]ords by|[Pp]osted by|[Pp]ublished by)\s+[A-Z][\w.'’-]+"
    r"(\s+(and\s+|&\s+)?[A-Z][\w.'’-]+){0,5}\s*([,|•·-].{0,60})?$"
)
# A third-person bio: "Jane Roe is a senior reporter for the Daily Planet."
THIRD_PERSON_BIO = re.compile(
    r"^\s*[A-Z][\w.'’-]+(\s+[A-Z][\w.'’-]+){0,3}\s+(is|was|has been|covers|writes)\b.{0,80}?"
    r"\b(reporter|journalist|writer|editor|correspondent|columnist|contributor|producer|"
    r"analyst|author|bureau chief|freelancer|photographer)\b"
)
# A promotional bio in any person or register, as a language model rewrites a farm's
# blurb ("With over five years of experience, Flora Khan has written for Forbes..."): a
# short line naming a writing trade beside a claim to sell it (work shown elsewhere,
# prizes, years, an offer), or two such claims. A story's own line about a reporter
# names no claim, and a bio without one is a plain byline or staff bio.
# Written from the team's own rewritten blurbs (tests/blurbs.py). On the 87,852 story lines
# of articles, allsides and covid-2020 in ../shared/data it takes 11 (8 on unreliable
# sites' pages: bylines and guests introduced as "award-winning"), checked 2026-12-05; the
# 60-word cap keeps out the long paragraphs that introduce an interviewee.
PROMO_BIO_MAX_WORDS = 60
WRITER_TRADE = _rx(
    r"\b(journalist|writer|blogger|author|reporter|editor|columnist|contributor|"
    r"content creator|storyteller|freelancer|wordsmith|byline)s?\b"
)
# One pattern per claim: joined into one alternation they lost the literal-prefix search
# and scanned a long line five times slower (tests/test_pathological.py).
PROMO_CLAIMS = tuple(
    re.compile(p)
    for p in (
        r"(?:has|have|had) (?:written|contributed|reported) (?:for|to)\b",
        r"work (?:has )?(?:appeared|been (?:featured|published))\b",
        r"(?:has been|have been|was|been) featured (?:in|on|by)\b",
        r"^\W*+(?:as )?featured (?:in|on|by)\b",
        r"bylines? (?:in|at|for)\b",
        r"award[- ]winning\b",
        r"(?:years?|decades?) of (?:experience|expertise)\b",
        r"(?:for|open to|welcomes?|accepts?) (?:paid )?(?:collaborations?|partnerships?)\b",
        r"sponsored (?:posts?|articles?|reviews?)\b",
        r"guest posts?\b",
        r"(?:hire|commission|book) (?:me|him|her|them)\b",
        r"available for (?:hire|freelance|work|commissions|assignments)\b",
    )
)
# Every claim holds one of these: a line without any is no promotional bio.
CLAIM_KEYS = (
    "written",
    "contributed",
    "reported",
    "appeared",
    "featured",
    "byline",
    "award",
    "experience",
    "expertise",
    "collaboration",
    "partnership",
    "sponsored",
    "guest",
    "hire",
    "commission",
    "book",
    "available",
)
ABOUT_AUTHOR = _rx(r"^\s*(about the author|author bio|about me)\b")
COMMENT_AUTHOR = _rx(r"^\s*\S.{0,40}\s(says|said|wrote):\s*$")
SENTENCE_END = re.compile(r"[.!?:;\"'”’)]\s*$")
SENTENCE_MARK = re.compile(r"[.!?]")


THEME_MAX_CHARS = 300
# All kinds in two patterns: most lines match none, and two searches tell so. Alternatives
# anchored at the line's start are tried there alone (match): in one pattern with the
# others they were tried at every offset, which made the check four times slower.
_PHRASES = [p for phrases in THEME_PHRASES.values() for p in phrases]
ANCHORED_THEME = _rx(*(p for p in _PHRASES if p.startswith("^")))
FLOATING_THEME = _rx(*(p for p in _PHRASES if not p.startswith("^")))


def theme_subrole(line: str, lower: str | None = None) -> Subrole:
    """The theme furniture ``line`` is, or Subrole.NONE when it is none."""
    lower = line.lower() if lower is None else lower
    # Theme lines are short; a long "line" (one huge token, say) is never furniture.
    if len(lower) > THEME_MAX_CHARS or not (
        ANCHORED_THEME.match(lower) or FLOATING_THEME.search(lower)
    ):
        return Subrole.NONE
    return next(part for part, pattern in THEME_PATTERNS.items() if pattern.search(lower))


def is_self_intro(text: str, lower: str | None = None) -> bool:
    """True when ``text`` introduces its writer in the first person."""
    lower = text.lower() if lower is None else lower
    return bool(GREETING_INTRO.search(lower) or OPENING_INTRO.search(lower))


def is_promotional_bio(lower: str) -> bool:
    """A writing trade beside a claim to sell it, or two claims without the trade named
    ("With six years of experience, X has written for Forbes")."""
    if not any(key in lower for key in CLAIM_KEYS):
        return False
    claims = sum(len(p.findall(lower)) for p in PROMO_CLAIMS)
    return claims >= 2 or (claims == 1 and bool(WRITER_TRADE.search(lower)))


def classify_line(
    line: str, tokens: list[str] | None = None, *, link_density: float = 0.0
) -> tuple[Role, Subrole]:
    """(role, subrole) of one line of a page (``tokens``: its words, when already split)."""
    tokens = words(line) if tokens is None else tokens
    n = len(tokens)
    lower = line.lower()
    # Long prose lines are never theme furniture, whatever phrase they contain.
    furniture = theme_subrole(line, lower) if n <= 25 else Subrole.NONE
    if furniture:
        return Role.BOILERPLATE, furniture
    if is_self_intro(line, lower):
        return Role.BLURB, Subrole.SELF_INTRODUCTION
    if ABOUT_AUTHOR.match(lower):
        return Role.BLURB, Subrole.ABOUT_AUTHOR
    if n <= 14 and BYLINE.match(line):
        return Role.BYLINE, Subrole.BYLINE
    if THIRD_PERSON_BIO.match(line):
        return Role.BLURB, Subrole.THIRD_PERSON_BIO
    if n <= PROMO_BIO_MAX_WORDS and is_promotional_bio(lower):
        return Role.BLURB, Subrole.PROMOTIONAL_BIO
    if n <= 12 and COMMENT_AUTHOR.match(lower):
        return Role.COMMENT, Subrole.COMMENT_AUTHOR
    if link_density > 0.5 and n < 40:
        return Role.BOILERPLATE, Subrole.LINK_LIST
    if n <= 3 and not SENTENCE_END.search(line):
        return Role.BOILERPLATE, Subrole.SHORT_LINE
    if (
        n >= 8
        and not SENTENCE_MARK.search(line)
        and ratio(sum(t.lower() in STOPWORDS for t in tokens), n) < 0.08
    ):
        return Role.BOILERPLATE, Subrole.KEYWORD_LIST
    return Role.BODY, Subrole.NONE
