"""Start `credibility serve` on a free 127.0.0.1 port for a benchmark, and stop it."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(port: int, seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        try:
            conn.request("GET", "/api/health")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
        finally:
            conn.close()
    raise RuntimeError("server did not start")


@contextmanager
def server(*options: str, root: Path = ROOT) -> Iterator[tuple[int, subprocess.Popen]]:
    """(port, process) of a running server (the library and models of the checkout at
    ``root``); terminated on the way out."""
    port = free_port()
    state = tempfile.TemporaryDirectory(prefix="credibility-bench-")  # no one's own results
    command = [sys.executable, "-m", "credibility.cli", "serve", "--port", str(port)]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    if root != ROOT:
        env |= {"PYTHONPATH": str(root), "CREDIBILITY_MODELS": str(root / "models")}
    process = subprocess.Popen(
        [*command, "--state-dir", state.name, *options],
        cwd=root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,  # a pipe nobody reads would fill up and stall the server
        env=env,
    )
    try:
        wait_until_up(port)
        yield port, process
    finally:
        process.terminate()
        process.wait(timeout=15)
        state.cleanup()
