"""Run the app under waitress, optionally in several processes sharing one socket.

waitress runs one process with threads; scoring is CPU-bound Python, so one process uses
one core. ``workers`` > 1 forks that many processes after binding the socket once, each
loading the model and serving with its own threads (a pre-fork model, as gunicorn does).
"""

from __future__ import annotations

import os
import signal
import socket
import sys
import time
from typing import Any

RESPAWN_PAUSE = 1.0  # seconds before replacing a worker that died, so a crash cannot spin


def serve_one(sock: socket.socket, config: dict[str, Any], threads: int) -> None:
    import waitress

    from webapp import create_app

    waitress.serve(create_app(config), sockets=[sock], threads=threads, ident="credibility")


def run(host: str, port: int, config: dict[str, Any], threads: int, workers: int) -> int:
    sock = socket.create_server((host, port))
    print(
        f"credibility: serving http://{host}:{port}/ with {workers} worker(s) x {threads} "
        "threads (Ctrl-C stops)",
        flush=True,
    )
    if workers <= 1:
        serve_one(sock, config, threads)
        return 0
    children: set[int] = set()
    stopping = False

    def spawn() -> None:
        pid = os.fork()
        if pid == 0:  # the worker: default signal handling, then serve until told to stop
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            try:
                serve_one(sock, config, threads)
            finally:
                os._exit(0)
        children.add(pid)

    def stop(signum: int, frame: object) -> None:
        nonlocal stopping
        stopping = True
        for pid in list(children):
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                children.discard(pid)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    for _ in range(workers):
        spawn()
    while children:
        try:
            pid, _status = os.wait()
        except ChildProcessError:
            break
        except InterruptedError:
            continue
        children.discard(pid)
        if not stopping:
            print(f"credibility: worker {pid} exited; starting another", file=sys.stderr)
            time.sleep(RESPAWN_PAUSE)
            spawn()
    return 0
