"""Pathological inputs within the size limit: how long each takes to score or refuse.

    python benchmarks/pathological.py [--only SUBSTRING] [--repeat 1]
    python benchmarks/pathological.py --against REV [--only SUBSTRING]

Every case is scored by ``score()`` in one process (no server) with the default model, after
one warm-up article; the table gives the case, its size in UTF-8 bytes, the seconds it took
and its outcome: ``scored`` with the label, or ``refused`` with the error's message. The
cases are the degenerate structures of issue 23 (a tag with 100,000 attributes, 2 MB of
``<br>`` lines, of list items, table cells, headings, random sentences, author blurbs), the
adversarial and pathological inputs of tests/test_pathological.py, and shapes found while
bounding them. Target (printed, not asserted): every case <= 1 s.

With --against, REV is checked out into a temporary git worktree and both versions score the
same cases (built by this script) in child processes, one after the other per case, and the
table shows both times and their ratio.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from revision import checkout

REPO = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 1.0
LIMIT = 2_000_000  # credibility.limits.MAX_ARTICLE_BYTES, written out so --against needs no import
SEED = 23


def fill(unit: str, size: int = LIMIT - 100) -> str:
    """``unit`` repeated up to ``size`` UTF-8 bytes (units are ASCII)."""
    return unit * (size // len(unit))


def random_sentences(size: int = LIMIT - 100) -> str:
    """Random words of a small vocabulary, 5-25 to a sentence, with full stops."""
    rng = random.Random(SEED)
    vocabulary = (
        "the council said budget vote on monday a new road school would cost more than "
        "city officials expected and residents asked why plan was changed after hearing"
    ).split()
    letters = "abcdefghijklmnopqrstuvwxyz"
    vocabulary += ["".join(rng.choices(letters, k=rng.randint(3, 9))) for _ in range(3000)]
    parts, total = [], 0
    while total < size - 300:
        sentence = " ".join(rng.choices(vocabulary, k=rng.randint(5, 25))).capitalize() + ". "
        parts.append(sentence)
        total += len(sentence)
    return "".join(parts)


BLURB = (
    "Hi, I am Sam Roe, i work journalist and blogger for forbes and washington post since 5 "
    "years in experience. Contact me for guest posts and sponsored articles.\n"
)
ATTRIBUTES = 100_000


def cases() -> dict[str, Callable[[], dict[str, str]]]:
    """Each case as a function building its keyword arguments for score() (built lazily:
    a few hold 2 MB each)."""
    found: dict[str, Callable[[], dict[str, str]]] = {
        "one tag, 100,000 attributes": lambda: {
            "html": "<html><body><p "
            + " ".join(f"a{i}=x" for i in range(ATTRIBUTES))
            + ">The council met.</p></body></html>"
        },
        "one tag, 9,990 attributes": lambda: {
            "html": "<html><body><p "
            + " ".join(f"a{i}=x" for i in range(9_990))
            + ">The council met.</p></body></html>"
        },
        "100 tags of 995 attributes": lambda: {
            "html": "<html><body>"
            + ("<p " + " ".join(f"a{i}=x" for i in range(995)) + ">The council met.</p>") * 100
        },
        "2 MB of word<br> lines": lambda: {"html": fill("word<br>\n")},
        "<br>\\n x 330,000": lambda: {"html": "<br>\n" * 330_000},
        "a<br> x 400,000": lambda: {"html": "a<br>" * 400_000},
        "<p>x</p> x 250,000": lambda: {"html": "<p>x</p>" * 250_000},
        "2 MB of <li>": lambda: {"html": "<ul>" + fill("<li>item")},
        "2 MB of <li>x</li>": lambda: {"html": "<ul>" + fill("<li>x</li>\n")},
        "2 MB of <td>": lambda: {"html": "<table><tr>" + fill("<td>cell")},
        "2 MB of <tr><td>": lambda: {"html": "<table>" + fill("<tr><td>cell</td></tr>")},
        "2 MB of <h1>": lambda: {"html": fill("<h1>Heading</h1>")},
        "2 MB of <div>": lambda: {"html": fill("<div>x</div>")},
        "2 MB of <a> links": lambda: {"html": fill('<a href="/x">link</a> ')},
        "2 MB of unclosed <div>": lambda: {"html": fill("<div>x")},
        "2 MB of unclosed <b>": lambda: {"html": fill("<b>x")},
        "<p>word N</p> x 11,990 (trafilatura's bound)": lambda: {
            "html": "".join(f"<p>word {i}</p>" for i in range(11_990))
        },
        "<p>word N</p> x 24,990 (the line bound)": lambda: {
            "html": "".join(f"<p>word {i}</p>" for i in range(24_990))
        },
        "<br> x 99,990 (the element bound)": lambda: {"html": "<br>" * 99_990},
        "<a>word N</a><br> x 24,990": lambda: {
            "html": "".join(f'<a href="/{i}">word {i}</a><br>' for i in range(24_990))
        },
        "text of 25,000 numbered lines": lambda: {
            "text": "".join(f"line {i}\n" for i in range(25_000))
        },
        "text of 25,000 distinct sentences": lambda: {
            "text": "\n".join(random_sentences(1_500_000).split(". ")[:25_000])
        },
        "2 MB of random sentences (text)": lambda: {"text": random_sentences()},
        "2 MB of random sentences, one line each (text)": lambda: {
            "text": random_sentences().replace(". ", ".\n")
        },
        "2 MB of random sentences (html <p>)": lambda: {
            "html": "<p>" + random_sentences(LIMIT - 250_000).replace(". ", ".</p><p>")
        },
        "2 MB of random sentences (html, one <p>)": lambda: {
            "html": "<p>" + random_sentences() + "</p>"
        },
        "2 MB of author blurbs (text)": lambda: {"text": fill(BLURB)},
        "2 MB of author blurbs (html <p>)": lambda: {
            "html": fill("<p>" + BLURB.strip() + "</p>\n")
        },
        "2 MB of newlines then a word (text)": lambda: {"text": "\n" * (LIMIT - 10) + "word"},
        "2 MB of one-word lines (text)": lambda: {"text": fill("word\n")},
        "2 MB of one-character lines (text)": lambda: {"text": fill("a\n")},
        "2 MB of theme furniture (text)": lambda: {"text": fill("Leave a Reply\nRelated Posts\n")},
    }
    found.update(suite_cases())
    return found


def suite_cases() -> dict[str, Callable[[], dict[str, str]]]:
    """The adversarial and pathological inputs of tests/test_pathological.py, when the tests
    are there (the adversarial strings scored as text)."""
    sys.path.insert(0, str(REPO))
    try:
        from tests import test_pathological as suite
    except ImportError:
        return {}
    finally:
        sys.path.remove(str(REPO))
    found: dict[str, Callable[[], dict[str, str]]] = {}
    for name, text in suite.ADVERSARIAL.items():
        found[f"suite adversarial: {name}"] = lambda text=text: {"text": text}
    for name, case in suite.PATHOLOGICAL.items():
        found[f"suite pathological: {name}"] = lambda case=case: dict(case)
    return found


def run_case(kwargs: dict[str, str], model: object) -> tuple[float, str]:
    """(seconds, outcome) of scoring one case."""
    from credibility import CredibilityError, score

    started = time.perf_counter()
    try:
        result = score(model=model, **kwargs)
    except CredibilityError as exc:
        return time.perf_counter() - started, f"refused: {exc}"
    return time.perf_counter() - started, f"scored: {result.label}"


def measure(names: list[str], repeat: int) -> dict[str, tuple[float, str]]:
    """Seconds (best of ``repeat``) and outcome of each named case, in this process."""
    from credibility import load_model, score

    model = load_model()
    score("The council met on Monday. " * 40, model=model)  # warm-up: caches, lazy imports
    score(html="<p>" + "The council met on Monday. " * 40 + "</p>", model=model)
    score("Le conseil municipal a voté le budget lundi. " * 10, model=model)  # py3langid
    built = cases()
    out = {}
    for name in names:
        kwargs = built[name]()
        times = []
        for _ in range(repeat):
            seconds, outcome = run_case(kwargs, model)
            times.append(seconds)
        out[name] = (min(times), outcome)
    return out


def size_of(kwargs: dict[str, str]) -> int:
    return sum(len(v.encode("utf-8", "replace")) for v in kwargs.values())


def clip(text: str, width: int = 70) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."


def table(names: list[str], found: dict[str, tuple[float, str]]) -> None:
    built = cases()
    print(f"{'case':48} {'bytes':>10} {'seconds':>8}  outcome")
    for name in names:
        seconds, outcome = found[name]
        flag = " *" if seconds > TARGET_SECONDS else ""
        print(f"{name:48} {size_of(built[name]()):10,} {seconds:8.3f}  {clip(outcome)}{flag}")
    worst = max(names, key=lambda n: found[n][0])
    over = sum(found[n][0] > TARGET_SECONDS for n in names)
    print(
        f"worst: {worst} {found[worst][0]:.3f} s; {over} of {len(names)} cases over "
        f"{TARGET_SECONDS:g} s (target: none)"
    )


# --against: each side scores the cases in a child process importing that side's library.
CHILD_CODE = """
import json, sys
root, script, names = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
sys.path.insert(0, root)
sys.path.insert(1, str(__import__("pathlib").Path(script).parent))
import pathological
print(json.dumps(pathological.measure(names, 1)))
"""


def child(root: Path, names: list[str]) -> dict[str, tuple[float, str]]:
    done = subprocess.run(
        [sys.executable, "-c", CHILD_CODE, str(root), __file__, json.dumps(names)],
        capture_output=True,
        text=True,
        check=True,
        cwd=root,
    )
    return {k: tuple(v) for k, v in json.loads(done.stdout.strip().splitlines()[-1]).items()}


def against(rev: str, names: list[str]) -> None:
    with checkout(rev) as (other, _):
        here, there = {}, {}
        for index, name in enumerate(names):  # alternate which side goes first
            sides = [(here, REPO), (there, other)]
            for found, root in sides if index % 2 == 0 else sides[::-1]:
                found.update(child(root, [name]))
            print(
                f"{name:48} {here[name][0]:8.3f} {there[name][0]:8.3f} "
                f"{here[name][0] / max(there[name][0], 1e-9):6.2f}x  {clip(here[name][1], 40)}"
                + ("" if here[name][1] == there[name][1] else f" | {rev}: {there[name][1]}"),
                flush=True,
            )
    for label, found in (("this checkout", here), (rev, there)):
        worst = max(names, key=lambda n: found[n][0])
        print(f"{label}: worst {worst} {found[worst][0]:.3f} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", metavar="SUBSTRING", help="run the cases whose name has it")
    parser.add_argument("--repeat", type=int, default=1, help="best of this many runs")
    parser.add_argument("--against", metavar="REV", help="a git revision to compare with")
    parser.add_argument("--list", action="store_true", help="list the cases and stop")
    args = parser.parse_args(argv)
    names = [n for n in cases() if not args.only or args.only in n]
    if args.list:
        print("\n".join(names))
        return 0
    if args.against:
        print(f"{'case':48} {'here s':>8} {args.against[:8]:>8} {'ratio':>7}  outcome")
        against(args.against, names)
        return 0
    table(names, measure(names, args.repeat))
    return 0


if __name__ == "__main__":
    sys.exit(main())
