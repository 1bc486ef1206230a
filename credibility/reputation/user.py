"""A user's own source ratings, layered over the shipped table.

A CSV with columns `domain`, `rating` and an optional `note`; ratings are the normalised ones
(`reliable`, `mixed`, `unreliable`, `satire`) or `allow` / `deny` for reliable / unreliable.
`credibility sources --add FILE.csv` merges a file into the layer kept in the state folder
(later rows win for the same domain); the whole file is refused, naming each bad line, when
any line is wrong, so a typo never half-applies a list.
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

from credibility.errors import InvalidInputError
from credibility.reputation.domains import host_of
from credibility.reputation.table import RATINGS, UNKNOWN, USER_LIST, Entry

LAYER_FILE = "sources.csv"
COLUMNS = ("domain", "rating", "note")
ALIASES = {"allow": "reliable", "deny": "unreliable"}
ACCEPTED = tuple(r for r in RATINGS if r != UNKNOWN)
MAX_ERRORS_SHOWN = 5


def parse_layer(content: str, where: str) -> dict[str, Entry]:
    """Domain -> the user's entry; InvalidInputError naming the bad lines otherwise."""
    reader = csv.DictReader(io.StringIO(content))
    missing = [c for c in COLUMNS[:2] if c not in (reader.fieldnames or [])]
    if missing:
        raise InvalidInputError(
            f"{where}: needs the columns domain and rating (missing: {', '.join(missing)})"
        )
    found: dict[str, Entry] = {}
    errors = []
    for row in reader:
        line = reader.line_num
        domain = (row.get("domain") or "").strip()
        rating = (row.get("rating") or "").strip().lower()
        rating = ALIASES.get(rating, rating)
        host = host_of(domain)
        if not host:
            errors.append(f"line {line}: {domain!r} is not a domain name")
        elif rating not in ACCEPTED:
            errors.append(
                f"line {line}: rating {rating!r} is not one of {', '.join(ACCEPTED)}, allow, deny"
            )
        else:
            note = (row.get("note") or "").strip() or f"rated {rating} by you"
            found[host] = Entry(USER_LIST, note, rating)
    if errors:
        more = len(errors) - MAX_ERRORS_SHOWN
        shown = "; ".join(errors[:MAX_ERRORS_SHOWN]) + (f"; and {more} more" if more > 0 else "")
        raise InvalidInputError(f"{where}: nothing added: {shown}")
    return found


def read_layer(path: Path) -> dict[str, Entry]:
    """The layer stored at ``path``; empty when there is none yet."""
    try:
        content = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInputError(f"{path}: cannot read your source ratings ({exc})") from None
    return parse_layer(content, str(path))


def write_layer(path: Path, layer: dict[str, Entry]) -> None:
    """Write atomically: a crash never leaves half a list."""
    path.parent.mkdir(parents=True, exist_ok=True)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for domain in sorted(layer):
        writer.writerow((domain, layer[domain].rating, layer[domain].says))
    partial = path.with_name(path.name + ".partial")
    partial.write_text(out.getvalue(), encoding="utf-8")
    os.replace(partial, path)


def add(path: Path, content: str, where: str) -> tuple[int, int]:
    """Merge a user's CSV into the layer at ``path``: (domains added, domains replaced)."""
    new = parse_layer(content, where)
    layer = read_layer(path)
    replaced = sum(d in layer for d in new)
    layer.update(new)
    write_layer(path, layer)
    return len(new) - replaced, replaced


def remove(path: Path, domains: list[str]) -> list[str]:
    """Drop domains from the layer; the ones that were not in it are returned."""
    layer = read_layer(path)
    absent = [d for d in domains if layer.pop(host_of(d) or d, None) is None]
    write_layer(path, layer)
    return absent
