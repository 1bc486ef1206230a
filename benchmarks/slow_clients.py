"""Slow clients against `credibility serve` (issue 20, finding 1): N sockets on 127.0.0.1
send a request head one byte a second and never finish it, while one client asks for
/api/health and scores an article on /api/score in turn.

Prints the latency of those requests (median, max), the errors, and how many of the slow
sockets the server closed and after how long. Bounded: --seconds of load, then it stops.
"""

from __future__ import annotations

import argparse
import http.client
import json
import socket
import statistics
import threading
import time

from serving import server
from web_latency import article

HEAD = b"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"a" * 100_000


def trickle(port: int, rate: float, stop: threading.Event, closed: list[float]) -> None:
    """Send HEAD a byte every 1/rate seconds until stopped or closed by the server."""
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        for n in range(len(HEAD)):
            try:
                sock.sendall(HEAD[n : n + 1])
            except OSError:
                closed.append(time.monotonic() - started)
                return
            if stop.wait(1 / rate):
                return


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--slow", type=int, default=20, help="slow sockets (default 20)")
    parser.add_argument("--rate", type=float, default=1.0, help="their bytes a second")
    parser.add_argument("--seconds", type=float, default=30.0, help="length of the run")
    parser.add_argument("serve", nargs="*", help="options for `credibility serve`")
    args = parser.parse_args()
    body = json.dumps({"text": article()}).encode()
    latencies: dict[str, list[float]] = {"/api/health": [], "/api/score": []}
    errors: list[str] = []
    with server(*args.serve) as (port, _):
        stop, closed = threading.Event(), []
        slow = [
            threading.Thread(target=trickle, args=(port, args.rate, stop, closed), daemon=True)
            for _ in range(args.slow)
        ]
        for thread in slow:
            thread.start()
        time.sleep(2)  # every slow socket connected and past its first bytes
        ends = time.monotonic() + args.seconds
        n = 0
        while time.monotonic() < ends:
            path = ("/api/health", "/api/score")[n % 2]
            n += 1
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            started = time.perf_counter()
            try:
                if path == "/api/score":
                    conn.request("POST", path, body, {"Content-Type": "application/json"})
                else:
                    conn.request("GET", path)
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    errors.append(f"{path}: HTTP {response.status}")
            except OSError as exc:
                errors.append(f"{path}: {exc!r}")
            finally:
                conn.close()
            latencies[path].append(time.perf_counter() - started)
            time.sleep(0.5)
        stop.set()
        for thread in slow:
            thread.join(timeout=30)
    for path, values in latencies.items():
        print(
            f"{path}: {len(values)} requests, median {statistics.median(values) * 1000:.0f} ms, "
            f"max {max(values) * 1000:.0f} ms"
        )
    print(f"errors: {len(errors)} {errors[:3]}")
    when = f", after {min(closed):.1f}-{max(closed):.1f} s" if closed else ""
    print(f"slow sockets closed by the server: {len(closed)} of {args.slow}{when}")
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
