"""Build the shipped reputation table from the rating lists in ../shared/data.

    python -m credibility.training.sources [--data ../shared/data] [--out credibility/reputation]

Each list keeps its rating in its own words beside a normalised one (reliable, mixed,
unreliable, satire, unknown); the lists' licences and citations are written beside the table.
The build is deterministic: the same lists give the same bytes and the same version.

Only lists whose licence allows shipping them go in: ../shared/data/sources.csv (MBFC as
collected by Baly et al., and OpenSources) states none, so it stays out; MBFC's ratings
arrive through the Apache-2.0 lists instead. Training may still read it.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import json
import shutil
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from credibility.reputation.domains import host_of
from credibility.reputation.table import (
    FORMAT,
    MIXED,
    RELIABLE,
    TABLE_FILE,
    UNKNOWN,
    UNRELIABLE,
)
from credibility.training.datadir import data_dir

ROOT = Path(__file__).resolve().parents[1]
DATA = data_dir()
OUT = ROOT / "credibility" / "reputation"

# Each list: who rates, what it is, its licence file in source-lists/ (None: the data README
# gives none), and the citation. Votes are averaged per rater first, so MBFC's ratings, which
# reach us through four lists, count once.
LISTS: dict[str, dict[str, str]] = {
    "mbfc": {
        "rater": "Media Bias/Fact Check",
        "title": "MBFC factual reporting (source-lists/mbfc.csv)",
        "licence": "Apache-2.0",
        "licence_file": "LICENSE-idiap-News-Media-Reliability",
        "citation": "Burdisso et al. 2024, idiap/News-Media-Reliability",
    },
    "golden-truth": {
        "rater": "Reliability golden truth",
        "title": "Reliability golden truth (source-lists/reliability-golden-truth.csv): 1 "
        "reliable, 0 mixed, -1 unreliable, -2 below that, each with the rater it came from",
        "licence": "Apache-2.0",
        "licence_file": "LICENSE-idiap-News-Media-Reliability",
        "citation": "Burdisso et al. 2024, idiap/News-Media-Reliability",
    },
    "pink-slime": {
        "rater": "NELA pink slime",
        "title": "Templated 'local news' networks (source-lists/pink-slime-networks.csv); most "
        "entries give a site's name, not its domain, and are matched on the name",
        "licence": "MIT",
        "licence_file": "LICENSE-MELALab-nela-pink-slime",
        "citation": "MELALab/nela-pink-slime",
    },
    "hanley-durumeric": {
        "rater": "Hanley & Durumeric",
        "title": "Reliable and unreliable news domains (source-lists/hanley-*-domains.txt)",
        "licence": "Apache-2.0",
        "licence_file": "LICENSE-hanshanley-machine-made-media",
        "citation": "Hanley & Durumeric 2024, 'Machine-Made Media'",
    },
}
# A golden-truth label from a rater that has its own list counts as that rater's vote.
GOLDEN_RATERS = {
    "mbfc": "Media Bias/Fact Check",
    "newsguard": "NewsGuard",
    "wikipedia": "Wikipedia",
}
FACTUAL = {
    "very high": RELIABLE,
    "high": RELIABLE,
    "mostly factual": MIXED,
    "mixed": MIXED,
    "low": UNRELIABLE,
    "very low": UNRELIABLE,
}
GOLDEN = {"1": RELIABLE, "0": MIXED, "-1": UNRELIABLE, "-2": UNRELIABLE}
Row = tuple[str, str, str, str]  # (key, list, says, normalised rating)


def rows(path: Path) -> Iterator[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as f:
        yield from csv.DictReader(f)


def mbfc(lists: Path) -> Iterator[Row]:
    for r in rows(lists / "mbfc.csv"):
        factual = r["factual_reporting"].strip()
        says = f"factual reporting {factual or 'not given'}"
        if r["bias"].strip():
            says += f"; bias {r['bias'].strip()}"
        yield r["source"], "mbfc", says, FACTUAL.get(factual, UNKNOWN)


def golden_truth(lists: Path) -> Iterator[Row]:
    for r in rows(lists / "reliability-golden-truth.csv"):
        label, rater = r["reliability_label"].strip(), r["label_source"].strip()
        says = f"label {label}, from {rater}"
        if r["newsguard_score"].strip():
            says += f" (NewsGuard score {r['newsguard_score'].strip()})"
        yield r["domain"], f"golden-truth/{rater}", says, GOLDEN.get(label, UNKNOWN)


def pink_slime(lists: Path) -> Iterator[Row]:
    for r in rows(lists / "pink-slime-networks.csv"):
        name, network = r["domain"].strip(), r["network"].strip()
        if "." in name and " " not in name:
            yield name, "pink-slime", f"network {network}", UNRELIABLE
        else:  # a site name: matched on the registrable name, spaces and hyphens dropped
            key = "name:" + "".join(ch for ch in name.lower() if ch.isalnum())
            yield key, "pink-slime", f"network {network} (listed by name {name!r})", UNRELIABLE


def hanley(lists: Path) -> Iterator[Row]:
    for rating in (RELIABLE, UNRELIABLE):
        for line in (lists / f"hanley-{rating}-domains.txt").read_text().split():
            for domain in line.split("/"):  # one line pairs two names of the same outlet
                yield domain, "hanley-durumeric", rating, rating


def compile_table(data: Path) -> tuple[dict[str, object], dict[str, int]]:
    """The table as written to disk, and what was skipped (per list) because its key is no
    domain name."""
    lists = data / "source-lists"
    found: dict[str, dict[str, tuple[str, str, str]]] = defaultdict(dict)
    skipped: dict[str, int] = defaultdict(int)
    for source in (mbfc(lists), golden_truth(lists), pink_slime(lists), hanley(lists)):
        for key, listed, says, rating in source:
            host = key if key.startswith("name:") else host_of(key)
            if not host or host == "name:":
                skipped[listed] += 1
                continue
            found[host][listed] = (listed, says, rating)  # one entry a list a domain
    domains = {k: [list(e) for e in v.values()] for k, v in sorted(found.items()) if ":" not in k}
    names = {k[5:]: [list(e) for e in v.values()] for k, v in sorted(found.items()) if ":" in k}
    raters = {name: meta["rater"] for name, meta in LISTS.items()}
    raters |= {f"golden-truth/{k}": v for k, v in GOLDEN_RATERS.items()}
    body = {"domains": domains, "names": names, "raters": raters}
    version = hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()[:12]
    return {"format": FORMAT, "version": version, "lists": LISTS, **body}, dict(skipped)


def write(table: dict[str, object], out: Path, lists: Path) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    path = out / TABLE_FILE
    raw = json.dumps(table, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    path.write_bytes(gzip.compress(raw.encode(), compresslevel=9, mtime=0))
    licences = out / "licences"
    licences.mkdir(exist_ok=True)
    for meta in LISTS.values():
        if "licence_file" in meta:
            shutil.copyfile(lists / meta["licence_file"], licences / meta["licence_file"])
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m credibility.training.sources", description=__doc__
    )
    parser.add_argument("--data", type=Path, default=DATA, help="folder with source-lists/")
    parser.add_argument("--out", type=Path, default=OUT, help="package folder to write into")
    args = parser.parse_args(argv)
    table, skipped = compile_table(args.data)
    path = write(table, args.out, args.data / "source-lists")
    print(
        f"{path}: {len(table['domains'])} domains, {len(table['names'])} site names, "
        f"version {table['version']}; skipped (no domain name): {skipped or 'none'}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
