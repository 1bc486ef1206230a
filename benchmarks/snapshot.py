"""Same scores, exactly: every signal's value, points and evidence, the exact logit and the
label of 600+ inputs, compared between this checkout and a git revision.

    python benchmarks/snapshot.py --against REV [--data ../shared/data] [--show 20]

The inputs: the seed page; labelled articles of every dataset in ../shared/data (text with
title and URL) and real HTML pages of every language; the test suite's adversarial and
pathological cases, its evasion junk, its 64 author blurbs beside a story, and its written
templates. REV is checked out into a temporary git worktree; each side scores the same inputs
in its own process with its own models/default, and every record is compared as JSON text
(floats written with repr, so a difference in the last bit counts). Exit 1 on any difference,
naming the inputs and the first fields that differ; 0 when every record is identical.

Work that must keep the scores (a faster signal layer, a parser that reads the page once)
runs this against the revision it started from before each commit.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from revision import checkout

from credibility.defaults import SEED
from credibility.training.datadir import data_dir

REPO = Path(__file__).resolve().parent.parent
DATA = data_dir()
SEED_PAGE = DATA.parent / "examples" / "seed-page.txt"
# Inputs per data file: labelled articles as text, pages as HTML.
PER_FILE = {"articles.jsonl.gz": 250, "covid-2020.jsonl.gz": 60, "allsides.jsonl.gz": 60}
PAGES = 160

# Run in each side's own process, with that side's library first on sys.path: every input
# scored through the public score(), its whole JSON contract kept plus the exact logit, or
# the refusal's type and message.
CHILD_CODE = r"""
import json, sys
sys.path.insert(0, sys.argv[1])
from credibility import load_model, score
model = load_model(sys.argv[1] + "/models/default")
with open(sys.argv[2], encoding="utf-8") as handle, open(sys.argv[3], "w", encoding="utf-8") as out:
    for line in handle:
        case = json.loads(line)
        name, kwargs = case.pop("name"), case
        try:
            result = score(model=model, **kwargs)
            record = {"score": result.to_dict(), "logit": result.logit, "text": result.text}
        except Exception as error:
            record = {"refused": type(error).__name__, "message": str(error)}
        out.write(json.dumps({"name": name, **record}) + "\n")
"""


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            yield json.loads(line)


def data_inputs(data: Path, rng: random.Random) -> Iterator[dict[str, Any]]:
    """Labelled articles as text (title and URL kept) and pages as HTML, sampled by seed."""
    for file, count in PER_FILE.items():
        path = data / file
        if not path.is_file():
            continue
        rows = list(read_jsonl(path))
        for row in rng.sample(rows, min(count, len(rows))):
            text = row.get("text") or ""
            yield {
                "name": f"{file}:{row['id']}",
                "text": text,
                "title": row.get("title") or None,
                "url": row.get("url") or None,
            }
    pages = data / "pages.jsonl.gz"
    if pages.is_file():
        rows = list(read_jsonl(pages))
        for row in rng.sample(rows, min(PAGES, len(rows))):
            yield {"name": f"pages:{row['id']}", "html": row["html"], "url": row.get("url")}


def suite_inputs() -> Iterator[dict[str, Any]]:
    """The test suite's hostile and written cases (imported, so they stay the suite's)."""
    sys.path.insert(0, str(REPO))
    from tests.blurbs import HONEST, PROMOTIONAL
    from tests.conftest import CREDIBLE_TEMPLATE, FARM_TEMPLATE
    from tests.test_evasion import BYLINE, DATE_LINE, JUNK, STORY, TITLE
    from tests.test_pathological import ADVERSARIAL, PATHOLOGICAL

    for name, text in ADVERSARIAL.items():
        yield {"name": f"adversarial:{name}", "text": text}
    for name, case in PATHOLOGICAL.items():
        yield {"name": f"pathological:{name}", **case}
    yield {"name": "evasion:story", "text": f"{DATE_LINE}\n\n{BYLINE}\n\n{STORY}", "title": TITLE}
    for name, junk in JUNK.items():
        yield {"name": f"evasion:{name}", "text": junk}
        yield {"name": f"evasion:story+{name}", "text": f"{STORY}\n\n{junk}"}
    for kind, blurbs in (("promotional", PROMOTIONAL), ("honest", HONEST)):
        for index, blurb in enumerate(blurbs):
            yield {"name": f"blurb:{kind}:{index}", "text": f"{STORY}\n\n{blurb}"}
    fill = {"city": "Leeds", "day": "Monday", "thing": "library", "name": "Ana Ruiz", "n": 5}
    yield {"name": "template:credible", "text": CREDIBLE_TEMPLATE.format(**fill)}
    yield {"name": "template:farm", "text": FARM_TEMPLATE.format(**fill)}


def inputs(data: Path, seed: int) -> list[dict[str, Any]]:
    found = []
    if SEED_PAGE.is_file():
        found.append({"name": "seed-page", "text": SEED_PAGE.read_text(encoding="utf-8")})
    found += data_inputs(data, random.Random(seed))
    found += suite_inputs()
    return found


def run_side(root: Path, cases: Path, out: Path) -> list[dict[str, Any]]:
    subprocess.run(
        [sys.executable, "-c", CHILD_CODE, str(root), str(cases), str(out)], check=True, cwd=root
    )
    with open(out, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def differences(a: Any, b: Any, path: str = "") -> Iterator[str]:
    """Where two JSON values differ, as paths (a float's repr counts every bit)."""
    if type(a) is not type(b):
        yield f"{path or '.'}: {a!r:.80} != {b!r:.80}"
    elif isinstance(a, dict):
        for key in sorted(a.keys() | b.keys()):
            if key not in a or key not in b:
                yield f"{path}.{key}: only on {'this checkout' if key in a else 'REV'}"
            else:
                yield from differences(a[key], b[key], f"{path}.{key}")
    elif isinstance(a, list):
        if len(a) != len(b):
            yield f"{path}: {len(a)} items != {len(b)}"
        for index, (x, y) in enumerate(zip(a, b, strict=False)):
            yield from differences(x, y, f"{path}[{index}]")
    elif a != b and not (a != a and b != b):  # NaN equals NaN here
        yield f"{path or '.'}: {a!r:.80} != {b!r:.80}"


def against(rev: str, cases: list[dict[str, Any]], show: int) -> int:
    with checkout(rev) as (other, scratch):
        path = scratch / "cases.jsonl"
        with open(path, "w", encoding="utf-8") as handle:
            for case in cases:
                handle.write(json.dumps(case) + "\n")
        here = run_side(REPO, path, scratch / "here.jsonl")
        there = run_side(other, path, scratch / "there.jsonl")
    changed = 0
    for a, b in zip(here, there, strict=True):
        found = list(differences(a, b))
        if found:
            changed += 1
            if changed <= show:
                print(f"{a['name']}: {len(found)} differences, first: {'; '.join(found[:3])}")
    refused = sum("refused" in r for r in here)
    print(f"{len(here)} inputs ({refused} refused), this checkout against {rev}: ", end="")
    print(f"{changed} differ" if changed else "identical")
    return 1 if changed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", metavar="REV", required=True, help="a git revision")
    parser.add_argument("--data", type=Path, default=DATA, help="the shared data folder")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--show", type=int, default=20, help="inputs that differ to list")
    args = parser.parse_args(argv)
    cases = inputs(args.data, args.seed)
    if len(cases) < 600:
        print(f"only {len(cases)} inputs: is the shared data at {args.data}?")
    return against(args.against, cases, args.show)


if __name__ == "__main__":
    sys.exit(main())
