"""How often each source (domain-shape) signal fires on rated domain lists.

    python benchmarks/source_signals.py [--data ../shared/data] [--examples 10]

A domain-shape signal earns its place when it fires on low-factuality sites far more often than
on high-factuality ones. Lists, all under ``source-lists/`` of the shared data:

- MBFC factual reporting (mbfc.csv): very high + high, mixed, low + very low;
- Hanley & Durumeric 2024 reliable and unreliable domains;
- pink-slime networks: templated "local news" sites. Most rows there are site names ("abilene
  times"), not domains; they are read as NAME-WITHOUT-SPACES-OR-DOTS.com, which is how these
  networks register them (abilenetimes.com). Their names are local-paper shaped, not farm shaped;
- OpenSources domains typed fake or clickbait (../shared/data/sources.csv), where the cheap
  TLD list was first drawn from.

A signal "fires" when its value is above 0. Each domain goes through
``credibility.parsing.parse`` as https://DOMAIN/, as a scored article with that URL would.
"""

from __future__ import annotations

import argparse
import csv
import math
import re
import sys
from pathlib import Path

from credibility.training.datadir import data_dir

DOMAIN = re.compile(r"[a-z0-9-]+(\.[a-z0-9-]+)+")
NOT_IN_NAME = re.compile(r"[^a-z0-9-]+")  # "st. louis record" -> stlouisrecord.com
FARM_TYPES = {"fake", "clickbait"}
DATA = data_dir()
MBFC_GROUPS = {
    "very high": "mbfc high",
    "high": "mbfc high",
    "mixed": "mbfc mixed",
    "low": "mbfc low",
    "very low": "mbfc low",
}


def mbfc(path: Path) -> dict[str, list[str]]:
    groups: dict[str, set[str]] = {"mbfc high": set(), "mbfc mixed": set(), "mbfc low": set()}
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            group = MBFC_GROUPS.get(row["factual_reporting"].strip().lower())
            if group and row["source"].strip():
                groups[group].add(row["source"].strip().lower())
    return {name: sorted(domains) for name, domains in groups.items()}


def lines(path: Path) -> list[str]:
    # One row reads "sputnikglobe.com/sputniknews.com": two domains.
    text = path.read_text(encoding="utf-8")
    return sorted({d.strip().lower() for line in text.splitlines() for d in line.split("/")} - {""})


def pink_slime(path: Path) -> list[str]:
    with path.open(newline="", encoding="utf-8") as handle:
        names = {row["domain"].strip().lower() for row in csv.DictReader(handle)}
    return sorted(n if DOMAIN.fullmatch(n) else NOT_IN_NAME.sub("", n) + ".com" for n in names if n)


def opensources(path: Path) -> list[str]:
    """OpenSources domains typed fake or clickbait (among other types) in sources.csv."""
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return sorted(
        {
            row["domain"].strip().lower()
            for row in rows
            if row["list"] == "opensources"
            and FARM_TYPES & {t.strip() for t in row["rating"].split(",")}
        }
    )


def load_lists(data: Path) -> dict[str, list[str]]:
    folder = data / "source-lists"
    lists = mbfc(folder / "mbfc.csv")
    lists["hanley reliable"] = lines(folder / "hanley-reliable-domains.txt")
    lists["hanley unreliable"] = lines(folder / "hanley-unreliable-domains.txt")
    lists["pink slime"] = pink_slime(folder / "pink-slime-networks.csv")
    if (data / "sources.csv").is_file():
        lists["opensources fake"] = opensources(data / "sources.csv")
    return lists


def firing(domains: list[str]) -> dict[str, list[str]]:
    """The domains each source signal fires on, plus 'any' for at least one of them."""
    from credibility.parsing import parse
    from credibility.signals import REGISTRY

    source = [s for s in REGISTRY.values() if s.family == "source"]
    fired: dict[str, list[str]] = {s.name: [] for s in source}
    fired["any"] = []
    for name in domains:
        doc = parse("x", url=f"https://{name}/")
        hit = False
        for sig in source:
            value = sig(doc).value
            if not math.isnan(value) and value > 0:
                fired[sig.name].append(name)
                hit = True
        if hit:
            fired["any"].append(name)
    return fired


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA, help="the shared data folder")
    parser.add_argument(
        "--examples", type=int, default=0, help="list up to N firing domains per signal and list"
    )
    args = parser.parse_args(argv)
    if not (args.data / "source-lists" / "mbfc.csv").is_file():
        print(f"skipped: no source lists at {args.data / 'source-lists'}")
        return 0
    lists = load_lists(args.data)
    results = {name: firing(domains) for name, domains in lists.items()}
    signals = list(next(iter(results.values())))
    width = max(map(len, signals))
    print(f"{'firing rate (%)':<{width}}  " + "  ".join(f"{n:>17}" for n in lists))
    print(f"{'domains':<{width}}  " + "  ".join(f"{len(d):>17}" for d in lists.values()))
    for sig in signals:
        rates = (100 * len(results[n][sig]) / max(len(lists[n]), 1) for n in lists)
        print(f"{sig:<{width}}  " + "  ".join(f"{r:>17.1f}" for r in rates))
    if args.examples:
        for sig in signals:
            for name in lists:
                hits = results[name][sig]
                if hits:
                    shown = ", ".join(hits[: args.examples])
                    print(f"\n{sig} on {name} ({len(hits)}): {shown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
