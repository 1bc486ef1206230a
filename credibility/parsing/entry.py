"""The way into the parsing stage: what counts as an article, and ``parse()``.

Every face reads its input through here, so the rules are written once: exactly one of text
or HTML (:func:`given`), HTML before text where a row has both (:func:`content_of`), the
size limit, decoding a file (:func:`read_input`), and which page module reads it. This
module imports both page modules; they import :mod:`.document`, never this module.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any, BinaryIO

from credibility.errors import InvalidInputError, quoted
from credibility.limits import MAX_ARTICLE_BYTES
from credibility.parsing.document import Document
from credibility.parsing.htmlpage import parse_html
from credibility.parsing.textpage import parse_text

# What "blank" means, once for the library, the web server and its OpenAPI document: the
# whitespace of ECMAScript's \s, the pattern language of JSON Schema. Python's \s and
# str.strip() also count U+001C-U+001F and U+0085, so the body "\x1d" was valid by the
# document and refused by the server as empty (issue 20); neither decides emptiness here.
NOT_BLANK_PATTERN = r"[^\t\n\x0b\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]"
NOT_BLANK = re.compile(NOT_BLANK_PATTERN)
HTML_HINT = re.compile(r"<(!doctype html|html|body|head|div|p|article|span|a|br)\b", re.I)
ONE_OF = 'give exactly one of "text" or "html"'
ArticleLike = Document | str | Mapping[str, Any]


def is_blank(value: str) -> bool:
    """Whether ``value`` has nothing but whitespace (NOT_BLANK_PATTERN), or nothing."""
    return NOT_BLANK.search(value) is None


def given(text: object, html: object) -> tuple[str, Any]:
    """("text" | "html", content) of a call that names exactly one of them; TypeError else."""
    if (text is None) == (html is None):
        raise TypeError(ONE_OF)
    return ("text", text) if html is None else ("html", html)


def content_of(text: str | None, html: str | None) -> tuple[str, str]:
    """("text" | "html", content) of a row that may have both: its HTML where that has
    content (or there is no text), else its text. One rule for batch, training and rows
    given to SignalExtractor."""
    if html is not None and (text is None or not is_blank(html)):
        return "html", html
    return "text", "" if text is None else text


def check_input(value: object, what: str, max_bytes: int = MAX_ARTICLE_BYTES) -> str:
    """Refuse what cannot be scored: non-strings, empty or oversized input."""
    if not isinstance(value, str):
        raise TypeError(f"{what} must be a str, not {type(value).__name__}")
    if is_blank(value):
        raise InvalidInputError(f"{what} is empty")
    size = len(value) if len(value) * 4 <= max_bytes else len(value.encode("utf-8", "replace"))
    if size > max_bytes:
        raise InvalidInputError(f"{what} is {size:,} bytes, over the limit of {max_bytes:,}")
    return value


def read_input(path: str, encoding: str, stdin: BinaryIO | None = None) -> str:
    """The article in the file at ``path`` (or standard input for "-") as text;
    InvalidInputError with a one-line reason otherwise (the CLI reads its input here)."""
    if path == "-":
        raw = (stdin or sys.stdin.buffer).read()
        where = "standard input"
    else:
        file = Path(path)
        if file.is_dir():
            raise InvalidInputError(f"{path}: is a directory")
        try:
            raw = file.read_bytes()
        except FileNotFoundError:
            raise InvalidInputError(f"{path}: no such file") from None
        except OSError as exc:
            raise InvalidInputError(f"{path}: cannot read ({exc.strerror})") from None
        where = path
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InvalidInputError(
            f"{where}: undecodable bytes for {encoding} at byte {exc.start}; try --encoding"
        ) from None
    except LookupError:
        raise InvalidInputError(f"unknown encoding {quoted(encoding)}") from None


def looks_like_html(value: str) -> bool:
    """True when the input is markup rather than text copied from a page."""
    return bool(HTML_HINT.search(value[:4096]))


def parse(
    text: str | None = None,
    *,
    html: str | None = None,
    title: str | None = None,
    url: str | None = None,
    max_bytes: int = MAX_ARTICLE_BYTES,
) -> Document:
    """Parse plain text or HTML (exactly one of them) into a Document."""
    kind, content = given(text, html)
    for name, value in (("title", title), ("url", url)):
        if value is not None and not isinstance(value, str):
            raise TypeError(f"{name} must be a str, not {type(value).__name__}")
    reader = parse_html if kind == "html" else parse_text
    return reader(check_input(content, kind, max_bytes), title=title, url=url)


def to_document(item: ArticleLike) -> Document:
    """A Document from a Document, plain text, or a row (a mapping with text and/or html,
    title, url; empty cells count as absent)."""
    if isinstance(item, Document):
        return item
    if isinstance(item, str):
        return parse(item)
    if isinstance(item, Mapping):
        kind, content = content_of(item.get("text"), item.get("html"))
        return parse(
            **{kind: content}, title=item.get("title") or None, url=item.get("url") or None
        )
    raise TypeError(f"cannot read an article from {type(item).__name__}")
