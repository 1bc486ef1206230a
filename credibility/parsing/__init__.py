"""The parsing stage: raw text or HTML (+ title, url) in, one Document out.

Modules, in the one direction they import: :mod:`.roles` (which role a line plays),
:mod:`.document` (the data classes), :mod:`.textpage` (text to lines with roles, and the
assembly HTML shares), :mod:`.htmlpage` (HTML to visible lines), :mod:`.entry` (``parse()``
and the rules on what an article is). Modules inside the package import each other, never
this ``__init__``.

The tokeniser stays in :mod:`credibility.text` with the word lists: language
identification and the grammar and style signals read them too, and the Document already
holds every block's tokens (``block_words``), so signals need not tokenise the input again.
"""

from credibility.parsing.document import Block, Document, Span
from credibility.parsing.entry import (
    ArticleLike,
    check_input,
    content_of,
    given,
    looks_like_html,
    parse,
    read_input,
    to_document,
)
from credibility.parsing.roles import Role

__all__ = [
    "ArticleLike",
    "Block",
    "Document",
    "Role",
    "Span",
    "check_input",
    "content_of",
    "given",
    "looks_like_html",
    "parse",
    "read_input",
    "to_document",
]
