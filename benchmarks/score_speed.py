"""Scoring speed on real data: plain text, HTML against trafilatura alone, and a cold CLI.

    python benchmarks/score_speed.py [--data ../shared/data] [--articles 300] [--pages 100]
    python benchmarks/score_speed.py --against REV [--rounds 3]

With --against, REV is checked out into a temporary git worktree and the two versions (this
checkout and REV, each with its own models/default) are timed in turn, in separate processes
and alternating order, on the same texts and pages: absolute figures drift between runs on a
shared machine, ratios measured in one run do not.

Targets (issue 23, printed, not asserted), against 28980cb in one run: plain-text score()
>= 2.5x, HTML scoring <= 0.4x trafilatura's own extraction, a cold `credibility score FILE`
<= 0.5 s.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from revision import checkout

from credibility.defaults import SEED
from credibility.training.datadir import data_dir

DATA = data_dir()
REPO = Path(__file__).resolve().parent.parent
WORDS = 600
TOKEN = re.compile(r"\S+")
# Share of function words above which a page's gold text counts as English (English news in
# ../shared/data sits around 0.45; German pages of trafilatura-eval near 0.05).
ENGLISH_SHARE = 0.3


def read_jsonl(path: Path) -> Iterator[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            yield json.loads(line)


def to_length(text: str, filler: list[str], n: int = WORDS) -> str:
    """``text`` cut at its n-th word, or padded with paragraphs from ``filler`` up to it."""
    parts = [text.strip()]
    for extra in filler:
        if sum(len(p.split()) for p in parts) >= n:
            break
        parts.append(extra.strip())
    joined = "\n\n".join(parts)  # keeps line structure: roles are per line
    ends = [m.end() for m in TOKEN.finditer(joined)]
    return joined[: ends[min(n, len(ends)) - 1]]


def articles(data: Path, count: int, rng: random.Random) -> list[str]:
    """``count`` real articles of both classes, each made ~600 words long."""
    rows = [a for a in read_jsonl(data / "articles.jsonl.gz") if len(a["text"].split()) >= 100]
    by_label = {
        lab: [a["text"] for a in rows if a["label"] == lab] for lab in ("credible", "not_credible")
    }
    out = []
    for texts in by_label.values():
        for text in rng.sample(texts, min(count // 2, len(texts))):
            out.append(to_length(text, rng.sample(texts, 5)))  # pad with the same class
    rng.shuffle(out)
    return out


def english_pages(data: Path, count: int, rng: random.Random) -> list[str]:
    """HTML of ``count`` cleaneval/trafilatura-eval pages whose gold text is mostly English."""
    from credibility.text import STOPWORDS, words

    found = []
    for page in read_jsonl(data / "pages.jsonl.gz"):
        gold = page.get("gold_text") or "\n".join(page.get("with_snippets") or [])
        tokens = words(gold)
        if (
            page.get("html")
            and len(tokens) >= 30
            and sum(t.lower() in STOPWORDS for t in tokens) / len(tokens) >= ENGLISH_SHARE
        ):
            found.append(page["html"])
    return rng.sample(found, min(count, len(found)))


def bench_text(texts: list[str], model: object) -> None:
    from credibility import score

    for text in texts[:20]:  # warm-up: caches (word lists, regexes) and the model's form
        score(text, model=model)
    started = time.perf_counter()
    for text in texts:
        score(text, model=model)
    seconds = time.perf_counter() - started
    mean_words = statistics.mean(len(t.split()) for t in texts)
    print(f"plain text: {len(texts)} articles, mean {mean_words:.0f} words")
    print(f"  {len(texts) / seconds:8.1f} articles/s (target >= 500)")
    print(f"  {1000 * seconds / len(texts):8.2f} ms/article mean")


def bench_html(pages: list[str], model: object) -> None:
    import trafilatura

    from credibility import InvalidInputError, score

    def extract(html: str) -> None:
        trafilatura.bare_extraction(html, with_metadata=True, include_comments=True, fast=True)

    for html in pages[:5]:  # warm-up of both paths
        extract(html)
        with contextlib.suppress(InvalidInputError):
            score(html=html, model=model)
    alone = scored = 0.0
    skipped = 0
    for html in pages:  # interleaved per page, so drift hits both sides alike
        t0 = time.perf_counter()
        extract(html)
        t1 = time.perf_counter()
        try:
            score(html=html, model=model)
        except InvalidInputError:
            skipped += 1
            continue
        t2 = time.perf_counter()
        alone += t1 - t0
        scored += t2 - t1
    timed = len(pages) - skipped
    print(
        f"HTML: {len(pages)} English pages, {timed} timed, {skipped} skipped "
        "(InvalidInputError from score)"
    )
    print(
        f"  (a) trafilatura.bare_extraction  {alone:8.2f} s total, "
        f"{1000 * alone / max(timed, 1):7.1f} ms/page"
    )
    print(
        f"  (b) score(html=...)              {scored:8.2f} s total, "
        f"{1000 * scored / max(timed, 1):7.1f} ms/page"
    )
    print(f"  ratio b/a {scored / alone if alone else float('nan'):.2f}x (target <= 1.5x)")


def cli_command() -> list[str]:
    script = Path(sys.executable).parent / "credibility"
    return [str(script)] if script.is_file() else [sys.executable, "-m", "credibility.cli"]


def bench_cli(text: str, runs: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "article.txt"
        path.write_text(text, encoding="utf-8")
        command = [*cli_command(), "score", str(path)]
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            done = subprocess.run(command, capture_output=True, text=True, check=False)
            times.append(time.perf_counter() - started)
            if done.returncode != 0:
                print(f"cold CLI: exit {done.returncode}: {done.stderr.strip()[:300]}")
                return
    print(f"cold CLI: {' '.join(command[:-1])} FILE ({len(text.split())} words), {runs} runs")
    print(
        f"  min {min(times):.3f} s, median {statistics.median(times):.3f} s "
        f"(target <= 1.5 s); runs: {', '.join(f'{t:.3f}' for t in times)}"
    )


# --against: each version timed in a child process that imports that version's library.
CHILD_CODE = """
import json, sys, time
root, texts_file, pages_file = sys.argv[1:4]
sys.path.insert(0, root)
from credibility import InvalidInputError, load_model, score
import trafilatura
model = load_model(root + "/models/default")
texts = json.load(open(texts_file)); pages = json.load(open(pages_file))
for text in texts[:20]:
    score(text, model=model)
best = float("inf")
for _ in range(3):
    started = time.perf_counter()
    for text in texts:
        score(text, model=model)
    best = min(best, time.perf_counter() - started)
# Without evidence, as a batch scores (revisions before evidence on demand: no figure).
bare = float("inf")
try:
    for _ in range(3):
        started = time.perf_counter()
        for text in texts:
            score(text, model=model, evidence=False)
        bare = min(bare, time.perf_counter() - started)
except TypeError:
    pass
alone = scored = 0.0
for html in pages:
    t0 = time.perf_counter()
    trafilatura.bare_extraction(html, with_metadata=True, include_comments=True, fast=True)
    t1 = time.perf_counter()
    try:
        score(html=html, model=model)
    except InvalidInputError:
        continue
    alone += t1 - t0
    scored += time.perf_counter() - t1
print(json.dumps({"text_per_s": len(texts) / best, "bare_per_s": len(texts) / bare,
    "html_ratio": scored / alone if alone else 0}))
"""
COLD_CODE = (
    "import sys; sys.path.insert(0, sys.argv[1]); from credibility.cli import main; "
    "sys.exit(main(['score', sys.argv[2], '--model', sys.argv[1] + '/models/default']))"
)


def measure_version(root: Path, texts_file: Path, pages_file: Path, article: Path) -> dict:
    """Plain-text rate (best of 3 passes), HTML over trafilatura, and a cold CLI, of the
    library at ``root``."""
    done = subprocess.run(
        [sys.executable, "-c", CHILD_CODE, str(root), str(texts_file), str(pages_file)],
        capture_output=True,
        text=True,
        check=True,
        cwd=root,
    )
    found = json.loads(done.stdout.strip().splitlines()[-1])
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", COLD_CODE, str(root), str(article)],
        capture_output=True,
        check=True,
        cwd=root,
    )
    found["cold_cli_s"] = time.perf_counter() - started
    return found


def against(rev: str, texts: list[str], pages: list[str], rounds: int) -> None:
    with checkout(rev) as (other, scratch):
        texts_file, pages_file = scratch / "texts.json", scratch / "pages.json"
        texts_file.write_text(json.dumps(texts), encoding="utf-8")
        pages_file.write_text(json.dumps(pages), encoding="utf-8")
        article = scratch / "article.txt"
        article.write_text(texts[0], encoding="utf-8")
        sides = {"this checkout": REPO, rev: other}
        runs: dict[str, list[dict]] = {name: [] for name in sides}
        for round_ in range(rounds):
            order = list(sides) if round_ % 2 == 0 else list(sides)[::-1]
            for name in order:
                runs[name].append(measure_version(sides[name], texts_file, pages_file, article))
                print(f"round {round_ + 1}, {name}: {runs[name][-1]}", flush=True)
    print(f"{len(texts)} plain texts, {len(pages)} HTML pages, {rounds} rounds alternating")
    print(f"{'figure':32} {'this checkout':>14} {rev[:14]:>14} {'ratio':>7}")
    here, there = runs["this checkout"], runs[rev]
    for key, label, pick in (
        ("text_per_s", "plain text, articles/s (best)", max),
        ("bare_per_s", "  without evidence (best)", max),
        ("html_ratio", "HTML / trafilatura (median)", statistics.median),
        ("cold_cli_s", "cold CLI, s (median)", statistics.median),
    ):
        a, b = pick(r[key] for r in here), pick(r[key] for r in there)
        if not b:  # that revision has no such mode (score() without evidence came later)
            print(f"{label:32} {a:14.3f} {'-':>14} {'-':>7}")
            continue
        print(f"{label:32} {a:14.3f} {b:14.3f} {a / b:7.2f}x")


def main(argv: list[str] | None = None) -> int:

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA, help="the shared data folder")
    parser.add_argument("--articles", type=int, default=300, help="600-word articles to score")
    parser.add_argument("--pages", type=int, default=100, help="English HTML pages to score")
    parser.add_argument("--cli-runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--against", metavar="REV", help="a git revision to compare with")
    parser.add_argument("--rounds", type=int, default=3, help="alternations with --against")
    args = parser.parse_args(argv)
    if not (args.data / "articles.jsonl.gz").is_file():
        print(f"skipped: no data at {args.data}")
        return 0
    rng = random.Random(args.seed)
    texts = articles(args.data, args.articles, rng)
    if args.against:
        against(args.against, texts, english_pages(args.data, args.pages, rng), args.rounds)
        return 0

    from credibility import load_model

    started = time.perf_counter()
    model = load_model()
    print(f"model {model.name} loaded in {time.perf_counter() - started:.3f} s")
    bench_text(texts, model)
    if (args.data / "pages.jsonl.gz").is_file():
        bench_html(english_pages(args.data, args.pages, rng), model)
    else:
        print(f"HTML: skipped, no pages.jsonl.gz in {args.data}")
    bench_cli(texts[0], args.cli_runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
