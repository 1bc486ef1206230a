"""Background jobs under `credibility serve` on 127.0.0.1: how long a large upload takes to
be accepted (target: a 100,000-row upload answered 202 in under a second), and how fast its
job then scores, read from the job's own progress.

    python benchmarks/jobs.py [--rows 100000] [--repeat 3] [--watch 10]
"""

from __future__ import annotations

import argparse
import http.client
import json
import statistics
import sys
import time

from serving import server


def body(rows: int) -> bytes:
    return ("id,text\n" + "".join(f"{i},Row {i} said so.\n" for i in range(rows))).encode()


def request(port: int, method: str, path: str, data: bytes | None = None) -> tuple[int, dict]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        headers = {"Content-Type": "text/csv"} if data is not None else {}
        conn.request(method, path, body=data, headers=headers)
        response = conn.getresponse()
        return response.status, json.loads(response.read())
    finally:
        conn.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--watch", type=float, default=10.0, help="seconds to watch a job")
    args = parser.parse_args(argv)
    data = body(args.rows)
    with server("--workers", "2") as (port, _):
        accepted, ids = [], []
        for _ in range(args.repeat):
            began = time.perf_counter()
            status, job = request(port, "POST", "/api/jobs", data)
            accepted.append(time.perf_counter() - began)
            assert status == 202, job
            ids.append(job["id"])
        time.sleep(args.watch)
        _, job = request(port, "GET", f"/api/jobs/{ids[0]}")
        for job_id in ids:
            request(port, "POST", f"/api/jobs/{job_id}/cancel")
    print(
        f"{args.rows:,}-row upload ({len(data) / 1e6:.1f} MB) answered 202 in "
        f"{statistics.median(accepted):.3f} s (median of {args.repeat}; "
        f"max {max(accepted):.3f} s; target under 1 s)"
    )
    print(
        f"after {args.watch:g} s its job had scored {job['rows_done']:,} of "
        f"{job['rows_total']:,} rows at {job['rate']:,.0f} rows/s ({job['state']})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
