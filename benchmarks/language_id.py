"""Language identification (credibility/language.py) on real text: English news called
foreign, other-language pages missed, at the first N words; and the classifier's cost.

    python benchmarks/language_id.py [--data ../shared/data]

English: the texts of articles, allsides and covid-2020 with 20+ words. Other languages:
trafilatura-eval pages whose html lang is not English and whose extracted text py3langid
(unrestricted) does not call English.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from credibility.training.datadir import data_dir

DATA = data_dir()
LANG_ATTR = re.compile(r"<html[^>]*\blang\s*=\s*[\"']?([A-Za-z]{2})", re.I)
LENGTHS = (20, 30, 50, 80, None)


def read_jsonl(path: Path) -> Iterator[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            yield json.loads(line)


def first_words(text: str, n: int | None) -> str:
    from credibility.text import WORD

    ends = [m.end() for m in WORD.finditer(text)]
    return text if n is None or not ends else text[: ends[min(n, len(ends)) - 1]]


def other_language_pages(data: Path) -> list[str]:
    import trafilatura
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    unrestricted = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    found = []
    for page in read_jsonl(data / "pages.jsonl.gz"):
        lang = LANG_ATTR.search(page["html"][:5000])
        if page["dataset"] != "trafilatura-eval" or not lang or lang.group(1).lower() == "en":
            continue
        text = trafilatura.extract(page["html"]) or ""
        if len(text.split()) >= 20 and unrestricted.classify(text[:3000])[0] != "en":
            found.append(text)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA, help="the shared data folder")
    args = parser.parse_args(argv)
    if not (args.data / "pages.jsonl.gz").is_file():
        print(f"skipped: no data at {args.data}")
        return 0
    from credibility import language
    from credibility.text import words

    started = time.perf_counter()
    language.identifier()
    print(f"classifier loaded in {time.perf_counter() - started:.2f} s (once per process)")
    english = [
        row["text"]
        for name in ("articles", "allsides", "covid-2020")
        if (args.data / f"{name}.jsonl.gz").is_file()
        for row in read_jsonl(args.data / f"{name}.jsonl.gz")
        if len(words(row["text"])) >= 20
    ]
    others = other_language_pages(args.data)
    print(f"{len(english)} English texts, {len(others)} pages in other languages")
    # Not judged: under 20 words of letters, or the classifier unsure.
    print(f"{'words':>5}  English: foreign / not judged   other: foreign / English / not judged")
    for n in LENGTHS:
        en = Counter(language.detect(first_words(t, n)) for t in english)
        ot = Counter(language.detect(first_words(t, n)) for t in others)
        en_foreign = sum(c for lang, c in en.items() if lang.foreign)
        en_und = sum(c for lang, c in en.items() if lang.code == language.UNDETERMINED)
        ot_foreign = sum(c for lang, c in ot.items() if lang.foreign)
        ot_en = sum(c for lang, c in ot.items() if lang.code == language.ENGLISH)
        print(
            f"{n or 'all':>5}  {en_foreign:>16} / {en_und:<13}  "
            f"{ot_foreign:>14} / {ot_en} / {len(others) - ot_foreign - ot_en}"
        )
    gate = sum(language.detect(t) is language.PLAIN_ENGLISH for t in english)
    print(f"English settled by function words alone: {gate / len(english):.1%}")
    samples = [first_words(t, 600)[: language.SAMPLE_CHARS] for t in english[:300]]
    started = time.perf_counter()
    for sample in samples:
        language.identifier().classify(sample)
    per = (time.perf_counter() - started) / len(samples)
    print(f"classifier: {1000 * per:.2f} ms per {language.SAMPLE_CHARS}-character sample")
    return 0


if __name__ == "__main__":
    sys.exit(main())
