"""`credibility sources`: look domains up, list the tables, add or remove a user's ratings."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from credibility.errors import InvalidInputError
from credibility.reputation import layer_path, load
from credibility.reputation.table import SourceReport, Table
from credibility.reputation.user import add, remove


def describe(found: SourceReport, asked: str) -> list[str]:
    if not found.domain:
        return [f"{asked}: not a domain name or URL"]
    if not found.entries:
        return [f"{found.domain}  unknown  (on none of the lists)"]
    via = "" if found.matched == found.domain else f", found as {found.matched}"
    n = len(found.lists)
    lines = [f"{found.domain}  {found.rating}  ({n} list{'s' * (n != 1)}{via})"]
    width = max(len(e.list) for e in found.entries)
    lines += [f"  {e.list:{width}}  {e.rating:10}  {e.says}" for e in found.entries]
    return lines


def listing(table: Table) -> list[str]:
    counts = "  ".join(f"{rating} {n}" for rating, n in table.counts().items() if n)
    lines = [
        f"shipped table {table.version}: {len(table.domains)} domains ({counts}), "
        f"{len(table.names)} site names",
        "lists:",
    ]
    for name, meta in table.lists.items():
        lines.append(f"  {name:18} {meta['title']}")
        lines.append(f"  {'':18} {meta['citation']}; licence {meta['licence']}")
    where = table.user_path
    if table.user:
        lines.append(f"your layer: {where} ({len(table.user)} domains, read over the lists)")
    else:
        lines.append(f"your layer: none yet at {where} (add one with --add FILE.csv)")
    return lines


def run(args: argparse.Namespace) -> int:
    path = layer_path(args.state_dir)
    if args.add:
        file = Path(args.add)
        try:
            content = file.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            raise InvalidInputError(f"{file}: no such file") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise InvalidInputError(f"{file}: cannot read it as UTF-8 text ({exc})") from None
        new, replaced = add(path, content, str(file))
        print(f"added {new} domains, replaced {replaced}, in {path}")
        return 0
    if args.remove:
        absent = remove(path, args.remove)
        print(f"removed {len(args.remove) - len(absent)} domains from {path}")
        if absent:
            print(f"not in your layer: {', '.join(absent)}")
        return 0
    table = load(args.state_dir)
    if not args.domains:
        print("\n".join(listing(table)))
        return 0
    found = [table.lookup(d) for d in args.domains]
    if args.json:
        print(json.dumps([f.to_dict() for f in found], indent=2, ensure_ascii=False))
    else:
        for asked, f in zip(args.domains, found, strict=True):
            print("\n".join(describe(f, asked)))
    return 0 if all(f.domain for f in found) else 1


def configure_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "sources",
        help="what rating lists say of sites; list the tables; add your own ratings",
        description="Look domains or URLs up in the shipped reputation table and your own "
        "layer; with no domain, list the tables. The ratings never move a content score.",
    )
    p.add_argument("domains", nargs="*", help="domains or URLs to look up")
    action = p.add_mutually_exclusive_group()
    action.add_argument(
        "--add", metavar="FILE.csv", help="merge a CSV (domain, rating, note) into your layer"
    )
    action.add_argument("--remove", nargs="+", metavar="DOMAIN", help="drop domains from it")
    p.add_argument("--json", action="store_true", help="print the lookups as JSON")
    p.add_argument(
        "--state-dir",
        help="folder of your layer (default $CREDIBILITY_STATE_DIR, else "
        "~/.local/state/credibility); scoring reads the same folder",
    )
    p.set_defaults(func=run)
