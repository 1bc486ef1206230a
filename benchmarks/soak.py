"""Bounded mixed load on `credibility serve` from 127.0.0.1: /api/score, /api/batch, jobs
(POST /api/jobs, running in the background meanwhile) and pages at a fixed rate for a fixed
time. Prints latency percentiles per route, errors, how the jobs ended, and the server's
resident memory (all its processes) in the first and the last 10 seconds.

    python benchmarks/soak.py --seconds 60 --rate 40     # the full soak
    tests/test_soak.py runs a short one in CI.
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import statistics
import sys
import threading
import time
from pathlib import Path

from serving import ROOT, server

STORY = (ROOT / "tests" / "fixtures" / "news-story.txt").read_text(encoding="utf-8")
FARM = (ROOT / "tests" / "fixtures" / "farm-page.txt").read_text(encoding="utf-8")
CSV = "id,text\n" + "".join(f'{i},"{STORY if i % 2 else FARM}"\n' for i in range(10))
# (weight, method, path, body, content type)
MIX = [
    (6, "POST", "/api/score", json.dumps({"text": STORY}).encode(), "application/json"),
    (2, "POST", "/api/score", json.dumps({"text": FARM}).encode(), "application/json"),
    (1, "POST", "/api/batch", CSV.encode(), "text/csv"),
    (1, "POST", "/api/jobs", CSV.encode(), "text/csv"),
    (1, "GET", "/", None, None),
    (1, "GET", "/api/health", None, None),
]


def tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and its children, from /proc (Linux)."""
    total, pids = 0, [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(p) for p in children.read_text().split()]
    for each in pids:
        try:
            for line in Path(f"/proc/{each}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def ended_jobs(port: int, job_ids: list[str], wait: float = 120.0) -> dict[str, int]:
    """How the jobs ended (state: count), waiting up to ``wait`` s for the queue to empty."""
    deadline = time.monotonic() + wait
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    states: dict[str, str] = {}
    for job_id in job_ids:
        while True:
            conn.request("GET", f"/api/jobs/{job_id}")
            states[job_id] = json.loads(conn.getresponse().read())["state"]
            if states[job_id] not in ("queued", "running") or time.monotonic() > deadline:
                break
            time.sleep(0.5)
    conn.close()
    counts: dict[str, int] = {}
    for state in states.values():
        counts[state] = counts.get(state, 0) + 1
    return counts


def soak(seconds: float, rate: float, clients: int = 8, seed: int = 0) -> dict:
    """Run the load against a fresh `credibility serve`; return the measurements."""
    latencies: dict[str, list[float]] = {}
    errors: list[str] = []
    memory: list[tuple[float, float]] = []
    lock = threading.Lock()
    job_ids: list[str] = []
    with server() as (port, process):
        started = time.monotonic()
        total = int(seconds * rate)
        rng = random.Random(seed)
        weights = [w for w, *_ in MIX]
        plan = [rng.choices(MIX, weights)[0] for _ in range(total)]
        next_index = iter(range(total))

        def client() -> None:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            for i in next_index:
                due = started + i / rate  # a fixed schedule, not as fast as possible
                time.sleep(max(0.0, due - time.monotonic()))
                _, method, path, body, ctype = plan[i]
                t0 = time.perf_counter()
                try:
                    conn.request(
                        method, path, body=body, headers={"Content-Type": ctype} if ctype else {}
                    )
                    response = conn.getresponse()
                    answer = response.read()
                    status = response.status
                    if status == 202:
                        job_ids.append(json.loads(answer)["id"])
                except OSError as exc:
                    status = repr(exc)
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                with lock:
                    latencies.setdefault(f"{method} {path}", []).append(
                        1000 * (time.perf_counter() - t0)
                    )
                    if status not in (200, 202):
                        errors.append(f"{method} {path}: {status}")
            conn.close()

        threads = [threading.Thread(target=client) for _ in range(clients)]
        for thread in threads:
            thread.start()
        while any(t.is_alive() for t in threads):
            memory.append((time.monotonic() - started, tree_rss_mb(process.pid)))
            time.sleep(1.0)
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
        jobs = ended_jobs(port, job_ids)
    window = min(10.0, seconds / 3)
    first = [m for t, m in memory if t <= window] or [memory[0][1]]
    last = [m for t, m in memory if t >= elapsed - window] or [memory[-1][1]]
    return {
        "requests": sum(len(v) for v in latencies.values()),
        "seconds": round(elapsed, 1),
        "errors": errors,
        "latency_ms": {
            route: {
                "p50": round(statistics.median(v), 1),
                "p95": round(sorted(v)[int(0.95 * (len(v) - 1))], 1),
                "p99": round(sorted(v)[int(0.99 * (len(v) - 1))], 1),
            }
            for route, v in sorted(latencies.items())
        },
        "jobs": jobs,
        "rss_mb_first": round(statistics.fmean(first), 1),
        "rss_mb_last": round(statistics.fmean(last), 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--rate", type=float, default=40, help="requests per second")
    args = parser.parse_args(argv)
    found = soak(args.seconds, args.rate)
    growth = (found["rss_mb_last"] - found["rss_mb_first"]) / found["rss_mb_first"]
    print(
        f"{found['requests']} requests in {found['seconds']} s at {args.rate}/s, "
        f"errors {len(found['errors'])}"
        + (f" (first: {found['errors'][0]})" if found["errors"] else "")
    )
    for route, m in found["latency_ms"].items():
        print(
            f"  {route:18} p50 {m['p50']:7.1f} ms  p95 {m['p95']:7.1f} ms  p99 {m['p99']:7.1f} ms"
        )
    print("  jobs: " + ", ".join(f"{n} {state}" for state, n in sorted(found["jobs"].items())))
    print(
        f"server RSS (all processes): first {found['rss_mb_first']} MB, last "
        f"{found['rss_mb_last']} MB, growth {growth:+.1%} (target under 10%)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
