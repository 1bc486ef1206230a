"""Serve the app: gunicorn's pre-fork workers on POSIX, waitress where gunicorn cannot run.

Scoring is CPU-bound Python, so one process uses one core; gunicorn's master binds the socket,
forks ``workers`` processes with ``threads`` threads each, and replaces a worker that dies or
stops answering. It runs for one worker too (one code path, and the same replacement of a
stuck worker). gunicorn needs ``fcntl``, so on Windows waitress serves instead: one process
with threads, whatever ``workers`` says.

The app is built once, before gunicorn forks (its preload): a bad model fails with one line
before any worker starts, the workers share the model's pages and the upload folder, and the
form key and results come from the shared store. Each worker drops the database connections
it inherited and opens its own: a connection must never be used from two processes; and
each starts a runner thread for background batch jobs (jobs/runner.py).
"""

from __future__ import annotations

import importlib.util
import ipaddress
import signal
import sys
from collections.abc import Callable
from typing import Any

from flask import Flask

from credibility.errors import CredibilityError
from credibility.webapp import start_runner
from credibility.webapp.policy import MAX_REQUEST_LINE, SECURITY_HEADERS, closed
from credibility.webapp.worker import thread_worker

WORKER_TIMEOUT = 60  # seconds a worker's main loop may stay silent; requests run in threads
GRACEFUL_TIMEOUT = 10  # seconds for requests in flight when told to stop


def gunicorn_runs() -> bool:
    """Whether gunicorn can run here: it imports fcntl, which Windows lacks."""
    return importlib.util.find_spec("fcntl") is not None and (
        importlib.util.find_spec("gunicorn") is not None
    )


def choose(server: str) -> str:
    """The server to run for ``server``: auto, gunicorn or waitress."""
    if server == "auto":
        return "gunicorn" if gunicorn_runs() else "waitress"
    if server == "gunicorn" and not gunicorn_runs():
        raise CredibilityError("gunicorn cannot run here (it needs fcntl, absent on Windows)")
    return server


def address(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def loopback(host: str) -> bool:
    """Whether ``host`` is reachable from this machine only (127.0.0.0/8, ::1, localhost)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:  # a name other than localhost may resolve anywhere
        return False


def with_security_headers(
    write_error: Callable[..., None], send: Callable[[Any, bytes], Any]
) -> Callable[..., None]:
    """gunicorn's own error pages (a bad request line, one too long: 400, 414, 431), which
    it writes before the app sees the request, with the headers of every other response.
    gunicorn has no hook for them, so its writer is wrapped."""

    def write(sock: Any, status_int: int, reason: str, mesg: str) -> None:
        buffer = Capture()
        write_error(buffer, status_int, reason, mesg)
        head, _, body = buffer.data.partition(b"\r\n\r\n")
        extra = "".join(f"{name}: {value}\r\n" for name, value in SECURITY_HEADERS.items())
        send(sock, head + b"\r\n" + extra.encode("latin-1") + b"\r\n" + body)

    write.wrapped = write_error  # type: ignore[attr-defined]
    return write


class Capture:
    """A socket stand-in that keeps what gunicorn writes to it."""

    def __init__(self) -> None:
        self.data = b""

    def gettimeout(self) -> float:
        return 0.0  # "non-blocking": gunicorn writes it in one call

    def sendall(self, data: bytes) -> None:
        self.data += data


def gunicorn_settings(
    app: Flask, host: str, port: int, threads: int, workers: int
) -> dict[str, Any]:
    """gunicorn's settings for ``app`` (but its post_fork hook)."""
    max_requests = app.config["WORKER_MAX_REQUESTS"]
    return {
        "bind": [address(host, port)],
        "workers": workers,
        "worker_class": thread_worker(app.config["REQUEST_HEAD_SECONDS"]),
        "threads": threads,
        "preload_app": True,
        "timeout": WORKER_TIMEOUT,
        "graceful_timeout": GRACEFUL_TIMEOUT,
        "max_requests": max_requests,
        "max_requests_jitter": max_requests // 10,
        "proc_name": "credibility",
        # No runtime-management socket under $HOME: nothing here needs one.
        "control_socket_disable": True,
        "limit_request_line": MAX_REQUEST_LINE,  # the document states it
    }


def run_gunicorn(app: Flask, host: str, port: int, threads: int, workers: int) -> int:
    from gunicorn import util
    from gunicorn.app.base import BaseApplication

    if not hasattr(util.write_error, "wrapped"):
        util.write_error = with_security_headers(util.write_error, util.write_nonblock)

    def post_fork(arbiter: object, worker: object) -> None:
        store = app.extensions.get("credibility_store")
        if store is not None:
            # SQLAlchemy's advice for os.fork: forget the parent's pooled connections
            # without closing them (the parent still owns them).
            store.engine.dispose(close=False)
        start_runner(app)  # each worker runs background jobs in a thread of its own

    class Server(BaseApplication):
        def load_config(self) -> None:
            settings = gunicorn_settings(app, host, port, threads, workers)
            settings["post_fork"] = post_fork
            for key, value in settings.items():
                self.cfg.set(key, value)

        def load(self) -> Flask:
            return app

    try:
        Server().run()
    except SystemExit as exc:  # the arbiter exits the process when it stops
        return exc.code if isinstance(exc.code, int) else 1
    return 0


def stop(signum: int, frame: object) -> None:
    raise SystemExit(0)


def run_waitress(app: Flask, host: str, port: int, threads: int) -> int:
    import waitress

    # SIGTERM ends the serving loop as Ctrl-C does, with status 0 as gunicorn's does.
    signal.signal(signal.SIGTERM, stop)
    start_runner(app)
    try:
        waitress.serve(app, host=host, port=port, threads=threads, ident="credibility")
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 1
    return 0


def run(
    host: str,
    port: int,
    config: dict[str, Any],
    threads: int,
    workers: int,
    server: str = "auto",
) -> int:
    """Serve until stopped (SIGTERM or Ctrl-C); the exit status."""
    from credibility.webapp import create_app

    chosen = choose(server)
    # Beyond loopback anyone who reaches the server could write reviews, which become
    # training data: there they need a review token, and without one they are closed.
    config = {"REVIEWS_NEED_TOKEN": not loopback(host), **config}
    app = create_app(config)  # a bad model fails here, with one line, before any fork
    reason = closed(app.config)
    if reason:
        print(f"credibility: {reason}; set it to take reviews", file=sys.stderr, flush=True)
    if chosen == "waitress" and workers > 1:
        print(f"credibility: waitress serves one process, not {workers}", file=sys.stderr)
        workers = 1
    print(
        f"credibility: serving http://{address(host, port)}/ with {chosen}, {workers} "
        f"worker(s) x {threads} threads (Ctrl-C stops)",
        flush=True,
    )
    if chosen == "gunicorn":
        return run_gunicorn(app, host, port, threads, workers)
    return run_waitress(app, host, port, threads)
