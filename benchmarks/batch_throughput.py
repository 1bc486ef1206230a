"""Batch scoring throughput and memory on real articles made ~600 words long.

    python benchmarks/batch_throughput.py [--data ../shared/data] [--rows 4000]
        [--mb 20 [100 1000 ...]] [--no-dask]
    python benchmarks/batch_throughput.py --against REV [--rows 2000] [--rounds 3]

Prints rows/s of `credibility batch` with 1 and 2 workers (target: 2 workers >= 1.7x one),
local against dask engine, against the floor (the same file only read and written back by
pandas), and the peak memory scoring generated CSVs of the given sizes (target: at most
400 MB, the same for 100 MB and 1 GB). Wall-clock times include process and pool start-up,
as a user sees them. Memory: the largest single process (getrusage RUSAGE_CHILDREN, exact)
and the whole process tree (proportional set size sampled from /proc every 0.1 s, so pages
shared between the workers count once).

With --against, REV is checked out into a temporary git worktree and the local engine with
2 workers runs this checkout's library and REV's in turn, alternating, each with its own
models/default: rows/s of each and their ratio, measured in one run.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from revision import checkout
from score_speed import DATA, SEED, articles

HERE = Path(__file__).resolve().parent


def write_rows(path: Path, texts: list[str], rows: int = 0, size: int = 0) -> int:
    """A CSV of ``rows`` rows, or of at least ``size`` bytes; returns the row count."""
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["id", "source", "url", "title", "text"])
        i = 0
        while (rows and i < rows) or (size and handle.tell() < size):
            text = texts[i % len(texts)]
            site = f"site{i % 50}.example"
            title = text.split("\n", 1)[0][:80]
            writer.writerow([i, site, f"https://{site}/{i}", title, f"{text}\n\nStory {i}."])
            i += 1
    return i


def batch(source: Path, out: Path, *options: str, root: Path | None = None) -> float:
    """Wall seconds of one `credibility batch` run in a fresh process (with ``root``: the
    library and default model of that checkout)."""
    command = [sys.executable, "-m", "credibility.batch", str(source), "-o", str(out)]
    env = None
    if root is not None:
        env = {**os.environ, "PYTHONPATH": str(root)}
        options = (*options, "--model", str(root / "models" / "default"))
    started = time.perf_counter()
    subprocess.run(
        [*command, "--quiet", *options], check=True, stderr=subprocess.DEVNULL, env=env, cwd=root
    )
    return time.perf_counter() - started


def against(rev: str, texts: list[str], rows: int, rounds: int) -> None:
    """This checkout against ``rev``: the local engine, 2 workers, alternating."""
    repo = HERE.parent
    with checkout(rev) as (other, scratch):
        source, out = scratch / "in.csv", scratch / "out.csv"
        write_rows(source, texts, rows=rows)
        sides = {"this checkout": repo, rev: other}
        rates: dict[str, list[float]] = {name: [] for name in sides}
        for round_ in range(rounds):
            order = list(sides) if round_ % 2 == 0 else list(sides)[::-1]
            for name in order:
                options = ("--workers", "2", "--engine", "local")
                rates[name].append(rows / batch(source, out, *options, root=sides[name]))
                print(f"round {round_ + 1}, {name}: {rates[name][-1]:.1f} rows/s", flush=True)
    here, there = max(rates["this checkout"]), max(rates[rev])
    print(f"{rows} rows, local engine, 2 workers, {rounds} rounds alternating (best, wall)")
    print(f"  this checkout {here:.1f} rows/s, {rev} {there:.1f} rows/s: {here / there:.2f}x")


def floor(source: Path, out: Path) -> float:
    import pandas as pd

    started = time.perf_counter()
    frame = pd.read_csv(source, dtype=str, keep_default_na=False)
    frame.to_csv(out, index=False)
    return time.perf_counter() - started


def tree_pss_kb(root: int) -> int:
    """Proportional set size of ``root`` and all its descendants, in kB."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            parents[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
    tree, grew = {root}, True
    while grew:
        found = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree |= found
        grew = bool(found)
    total = 0
    for pid in tree:
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue
        total += sum(
            int(line.split()[1]) for line in rollup.splitlines() if line.startswith("Pss:")
        )
    return total


def memory(source: Path, out: Path, workers: int) -> tuple[float, float, float]:
    """Seconds, peak RSS of the largest process (MB) and peak PSS of the tree (MB)."""
    # A wrapper process, so RUSAGE_CHILDREN holds this run's processes only.
    wrapper = (
        "import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, "
        "stderr=subprocess.DEVNULL); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    command = [sys.executable, "-m", "credibility.batch", str(source), "-o", str(out)]
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-c", wrapper, *command, "--quiet", "--workers", str(workers)],
        stdout=subprocess.PIPE,
        text=True,
    )
    peak = 0
    while process.poll() is None:
        peak = max(peak, tree_pss_kb(process.pid))
        time.sleep(0.1)
    seconds = time.perf_counter() - started
    largest = int(process.stdout.read().strip()) if process.stdout else 0
    if process.returncode:
        raise SystemExit(f"batch failed with exit {process.returncode}")
    return seconds, largest / 1024, peak / 1024


def throughput(source: Path, out: Path, texts: list[str], rows: int, engines: list[str]) -> None:
    small = source.with_name("small.csv")
    write_rows(small, texts, rows=4)
    write_rows(source, texts, rows=rows)
    words = sum(len(t.split()) for t in texts) / len(texts)
    print(f"throughput: {rows} rows, mean {words:.0f} words, {source.stat().st_size / 1e6:.1f} MB")
    base = rows / floor(source, out)
    print(f"  floor: pandas read + write only         {base:7.0f} rows/s")
    for engine in engines:
        wall, steady = {}, {}
        for workers in (1, 2):
            options = ["--workers", str(workers), "--engine", engine]
            start_up = batch(small, out, *options)  # 4 rows: start-up and shutdown alone
            seconds = batch(source, out, *options)
            wall[workers], steady[workers] = rows / seconds, rows / (seconds - start_up)
            print(
                f"  {engine:5} engine, {workers} worker{'s' if workers > 1 else ' '}: "
                f"{wall[workers]:7.1f} rows/s wall, {steady[workers]:7.1f} after its "
                f"{start_up:.1f} s start-up; the floor is {base / wall[workers]:.0f}x faster"
            )
        print(
            f"  {engine:5} engine, 2 workers / 1: {wall[2] / wall[1]:.2f}x wall, "
            f"{steady[2] / steady[1]:.2f}x after start-up (target >= 1.7x)"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA, help="the shared data folder")
    parser.add_argument("--rows", type=int, default=4000, help="throughput rows (0: skip)")
    parser.add_argument("--mb", type=float, nargs="*", default=[20.0], help="memory runs: MB")
    parser.add_argument("--no-dask", action="store_true", help="skip the dask engine")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--against", metavar="REV", help="a git revision to compare with")
    parser.add_argument("--rounds", type=int, default=3, help="alternations with --against")
    args = parser.parse_args(argv)
    if not (args.data / "articles.jsonl.gz").is_file():
        print(f"skipped: no data at {args.data}")
        return 0
    texts = articles(args.data, 300, random.Random(args.seed))
    if args.against:
        against(args.against, texts, args.rows, args.rounds)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        source, out = Path(tmp) / "in.csv", Path(tmp) / "out.csv"
        if args.rows:
            throughput(
                source, out, texts, args.rows, ["local"] if args.no_dask else ["local", "dask"]
            )
        for size in args.mb:
            rows = write_rows(source, texts, size=int(size * 1e6))
            seconds, largest, tree = memory(source, out, os.cpu_count() or 1)
            print(
                f"memory: {size:g} MB CSV, {rows} rows, {os.cpu_count()} workers, {seconds:.0f} s "
                f"({rows / seconds:.0f} rows/s): largest process {largest:.0f} MB RSS, "
                f"whole tree {tree:.0f} MB PSS (target <= 400 MB)"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
