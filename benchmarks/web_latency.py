"""Latency of /api/score under `credibility serve`: concurrent clients on 127.0.0.1.

Prints p50/p95/p99 latency, throughput and errors; the targets are p50 <= 20 ms,
p99 <= 100 ms and no errors for 8 clients sending a 600-word article 2,000 times.

    python benchmarks/web_latency.py [--clients 8] [--requests 2000]
    python benchmarks/web_latency.py --against REV [--rounds 2]

With --against, REV is checked out into a temporary git worktree and a server of each
checkout (its library and models) is measured in turn, alternating, in one run.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import sys
import threading
import time
from pathlib import Path

from revision import checkout
from serving import ROOT, server

STORY = ROOT / "tests" / "fixtures" / "news-story.txt"


def article(words: int = 600) -> str:
    """A 600-word article built from the team's fixture story, paragraph by paragraph."""
    paragraphs = [p for p in STORY.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    out, count, i = [], 0, 0
    while count < words:
        paragraph = paragraphs[i % len(paragraphs)]
        out.append(paragraph)
        count += len(paragraph.split())
        i += 1
    return "\n\n".join(out)


def client(port: int, body: bytes, count: int, latencies: list[float], errors: list[str]) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Content-Type": "application/json"}
    for _ in range(count):
        started = time.perf_counter()
        try:
            conn.request("POST", "/api/score", body=body, headers=headers)
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                errors.append(f"HTTP {response.status}")
        except OSError as exc:  # a dropped connection counts and the client reconnects
            errors.append(repr(exc))
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        latencies.append(time.perf_counter() - started)
    conn.close()


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--threads", type=int, default=4, help="server threads per worker")
    parser.add_argument(
        "--workers",
        type=int,
        default=os.cpu_count() or 1,
        help="server processes (default: one per core)",
    )
    parser.add_argument("--against", metavar="REV", help="a git revision to compare with")
    parser.add_argument("--rounds", type=int, default=2, help="alternations with --against")
    args = parser.parse_args(argv)
    if args.against:
        return against(args)
    measure(args, ROOT)
    return 0


def against(args: argparse.Namespace) -> int:
    with checkout(args.against) as (other, _):
        # The faces its wheel installs inside the package (credibility.webapp, ...): linked,
        # or the editable install of this checkout would lend its own.
        for face in ("webapp", "training", "models"):
            if not (other / "credibility" / face).exists():
                (other / "credibility" / face).symlink_to(other / face)
        sides = {"this checkout": ROOT, args.against: other}
        for round_ in range(args.rounds):
            order = list(sides) if round_ % 2 == 0 else list(sides)[::-1]
            for name in order:
                print(f"round {round_ + 1}, {name}:", flush=True)
                measure(args, sides[name])
    return 0


def measure(args: argparse.Namespace, root: Path) -> None:
    options = ("--workers", str(args.workers), "--threads", str(args.threads))
    with server(*options, root=root) as (port, _):
        body = json.dumps({"text": article()}).encode()
        latencies: list[float] = []
        errors: list[str] = []
        per_client = args.requests // args.clients
        workers = [
            threading.Thread(target=client, args=(port, body, per_client, latencies, errors))
            for _ in range(args.clients)
        ]
        started = time.perf_counter()
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        elapsed = time.perf_counter() - started
    ms = [1000 * x for x in latencies]
    print(
        f"{len(ms)} requests, {args.clients} clients, {args.workers} server processes x "
        f"{args.threads} threads, "
        f"{len(article().split())}-word article, {elapsed:.1f} s ({len(ms) / elapsed:.0f} req/s)"
    )
    print(
        f"latency ms: p50 {percentile(ms, 0.50):.1f}  p95 {percentile(ms, 0.95):.1f}  "
        f"p99 {percentile(ms, 0.99):.1f}  mean {statistics.fmean(ms):.1f}  max {max(ms):.1f}"
    )
    print(f"errors: {len(errors)}" + (f" (first: {errors[0]})" if errors else ""))
    print("targets: p50 <= 20 ms, p99 <= 100 ms, 0 errors", flush=True)


if __name__ == "__main__":
    sys.exit(main())
