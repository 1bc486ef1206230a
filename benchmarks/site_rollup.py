"""The per-source summary's own cost (credibility/batch/rollup.py), without scoring.

    python benchmarks/site_rollup.py [--rows 1000000] [--sites 50000]

Feeds ``--rows`` synthetic scored rows spread over ``--sites`` sites to the batch's Rollup,
as the batch's sink does (a chunk of 256 rows at a time, the journal lines written to a
file where the Rollup keeps one), then builds the table. Prints the seconds per million rows
and for the table, and the peak memory the Rollup allocated (tracemalloc, in a second pass:
tracing slows Python down). Runs on whichever `credibility` is imported, so the same script
measures another checkout with PYTHONPATH=that/checkout.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import credibility
from credibility.batch import rollup
from credibility.batch.records import Result

CHUNK = 256
TOP = "blurb_outlet_name_drop:-1.12;blurb_words:-0.99;boilerplate_comment_form:-0.77"
LOWERING = (
    ("blurb_outlet_name_drop", "i write for forbes and the guardian since 6 years"),
    ("blurb_words", ""),
    ("boilerplate_comment_form", "Leave a Reply"),
)


def result(i: int) -> Result:
    """A row's cells: a third low with the farm's lowering signals, the rest credible."""
    farm = i % 3 == 0
    cells = {
        "credibility": 0.0123 if farm else 0.9012,
        "label": "low" if farm else "credible",
        "top_signals": TOP if farm else "byline_present:+1.10",
        "error": "",
        "source_rating": "unknown",
        "source_lists": "",
        "logit": -4.38 if farm else 2.21,
        "lowering": LOWERING if farm else (),
    }
    return Result(**{name: cells[name] for name in Result._fields})


def make() -> rollup.Rollup:
    """This checkout's Rollup for a file with source and url columns (0 and 1)."""
    if not hasattr(rollup, "SiteRow"):  # a checkout from before the site verdicts
        return rollup.Rollup(0, 1)
    from credibility.sites import SiteCalibration

    return rollup.Rollup(0, 1, SiteCalibration.of(None))


def feed(table: rollup.Rollup, rows: int, sites: int, journal: Path) -> None:
    results = [result(i) for i in range(3)]
    with open(journal, "wb") as out:
        for start in range(0, rows, CHUNK):
            for i in range(start, min(start + CHUNK, rows)):
                site = f"site{i % sites}.example"
                table.add([site, f"https://{site}/{i}"], results[i % 3])
            if hasattr(table, "journal"):
                out.write(table.journal())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--sites", type=int, default=50_000)
    args = parser.parse_args(argv)
    print(f"credibility from {Path(credibility.__file__).parent}")
    with tempfile.TemporaryDirectory() as tmp:
        journal = Path(tmp) / "journal"
        table = make()
        started = time.perf_counter()
        feed(table, args.rows, args.sites, journal)
        added = time.perf_counter() - started
        started = time.perf_counter()
        rows = table.table()
        built = time.perf_counter() - started
        size = journal.stat().st_size
        print(
            f"{args.rows:,} rows over {args.sites:,} sites: {added:.1f} s to add "
            f"({added / args.rows * 1e6:.1f} s per million rows), {built:.1f} s for the "
            f"{len(rows):,}-row table; journal {size / 1e6:.0f} MB ({size / args.rows:.0f} B/row)"
        )
        table = make()  # the model and calibration loaded before tracing starts
        tracemalloc.start()
        feed(table, args.rows, args.sites, journal)
        held, _ = tracemalloc.get_traced_memory()
        table.table()
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(
            f"memory: {held / 1e6:.1f} MB held after the rows "
            f"({held / args.sites:.0f} B per site), {peak / 1e6:.1f} MB peak with the table"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
