"""Worker memory after large HTML inputs (issue 20, finding 9): `credibility serve` with one
worker scores --pages generated HTML pages of about 2 MB on /api/score; prints the worker's
resident memory before, after every tenth page, and at the end (a recycled worker is a new
process: its memory is read by pid, whichever worker serves).

Run with CREDIBILITY_WORKER_MAX_REQUESTS=0 to see memory without recycling.
"""

from __future__ import annotations

import argparse
import http.client
import json
import subprocess
import time
from pathlib import Path

from serving import server


def worker_rss_mb(master: int) -> float:
    """Resident memory of the master's children (the worker), in MB."""
    children = subprocess.run(
        ["pgrep", "-P", str(master)], capture_output=True, text=True, check=False
    ).stdout.split()
    total = 0
    for pid in children:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total / 1024


def page(n: int) -> str:
    """About 2 MB of distinct paragraphs (no two pages alike)."""
    paragraph = "<p>The council met on {n} to discuss budget line {i} and its consequences.</p>"
    return (
        "<html><body>"
        + "".join(paragraph.format(n=n, i=i) for i in range(24_000))
        + "</body></html>"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=30)
    args = parser.parse_args()
    with server("--workers", "1", "--threads", "1") as (port, process):
        print(f"start: {worker_rss_mb(process.pid):.0f} MB")
        for n in range(args.pages):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            body = json.dumps({"html": page(n)})
            conn.request("POST", "/api/score", body, {"Content-Type": "application/json"})
            status = conn.getresponse().status
            conn.close()
            if (n + 1) % 10 == 0:
                time.sleep(1)  # a recycled worker's replacement is up
                print(
                    f"after {n + 1} pages (last HTTP {status}): {worker_rss_mb(process.pid):.0f} MB"
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
