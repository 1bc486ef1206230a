"""How many words a verdict needs: the score of an article's first N words against the
score of the whole article and against the gold label, as N grows (scoring.MIN_WORDS).

    python benchmarks/short_text.py [--data ../shared/data] [--min-whole 200]

Uses the default model on the labelled articles of at least --min-whole words.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections import Counter
from pathlib import Path

from credibility.training.datadir import data_dir

DATA = data_dir()
LENGTHS = (10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 120, 150)


def first_words(text: str, n: int) -> str:
    """``text`` up to the end of its n-th word token (the tokens scoring counts)."""
    from credibility.text import WORD

    ends = [m.end() for m in WORD.finditer(text)]
    return text[: ends[min(n, len(ends)) - 1]]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA, help="the shared data folder")
    parser.add_argument("--min-whole", type=int, default=200, help="shortest whole article")
    args = parser.parse_args(argv)
    path = args.data / "articles.jsonl.gz"
    if not path.is_file():
        print(f"skipped: no data at {args.data}")
        return 0
    from credibility import load_model, score
    from credibility.text import words

    model = load_model()
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle]
    rows = [r for r in rows if len(words(r["text"])) >= args.min_whole]
    band, side, gold = Counter(), Counter(), Counter()
    for row in rows:
        whole = score(row["text"], model=model)
        assert whole.credibility is not None
        truth = row["label"] == "credible"
        gold["whole"] += (whole.credibility >= 0.5) == truth
        for n in LENGTHS:
            part = score(first_words(row["text"], n), model=model)
            if part.credibility is None:  # not English at the start: counts as a miss
                continue
            band[n] += model.label(part.credibility) == model.label(whole.credibility)
            side[n] += (part.credibility >= 0.5) == (whole.credibility >= 0.5)
            gold[n] += (part.credibility >= 0.5) == truth
    total = len(rows)
    print(f"{total} articles of {args.min_whole}+ words in {path.name}; model {model.name}")
    print("words  same band as whole  same side of 0.5  right on gold")
    for n in LENGTHS:
        print(f"{n:>5}  {band[n] / total:18.3f}  {side[n] / total:16.3f}  {gold[n] / total:13.3f}")
    print(f"whole  {'':18}  {'':16}  {gold['whole'] / total:13.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
