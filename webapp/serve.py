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
each starts a runner thread for background batch jobs (runner.py).
"""

from __future__ import annotations

import contextlib
import errno
import importlib.util
import selectors
import signal
import sys
import time
from collections import deque
from collections.abc import Callable
from functools import partial
from typing import Any

from credibility.webapp.policy import MAX_REQUEST_LINE, SECURITY_HEADERS
from credibility.webapp.runner import Runner
from flask import Flask

from credibility.errors import CredibilityError

# Seconds a client may pause while sending a request body (or reading the answer) before its
# connection is closed: a body is read in a worker thread, and without it a client that stops
# halfway holds that thread for good. The request head never holds a thread (HeadReader).
CLIENT_PAUSE_SECONDS = 5
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


class Patient:
    """A client socket that, when gunicorn makes it blocking, waits CLIENT_PAUSE_SECONDS at
    most for each read or write instead of forever (gunicorn has no setting for it), and
    that gives the parser first the request head the worker's event loop already read."""

    def __init__(self, sock: Any) -> None:
        self._sock = sock
        self.head = b""  # read ahead by HeadReader, not yet taken by gunicorn's parser

    def setblocking(self, flag: bool) -> None:
        if flag:
            self._sock.settimeout(CLIENT_PAUSE_SECONDS)
        else:
            self._sock.setblocking(False)

    def recv(self, size: int) -> bytes:
        if self.head:
            data, self.head = self.head[:size], self.head[size:]
            return data
        return self._sock.recv(size)

    def read_ahead(self) -> bytes:
        """What the (non-blocking) socket has now, kept for the parser; b"" at its end."""
        data = self._sock.recv(65536)
        self.head += data
        return data

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sock, name)


def head_is_whole(head: bytes) -> bool:
    """Whether ``head`` holds a request line and headers up to the blank line that ends them
    (gunicorn skips blank lines before a request, so they do not end one)."""
    head = head.lstrip(b"\r\n")
    return b"\n\r\n" in head or b"\n\n" in head


def thread_worker(head_seconds: float) -> type:
    """gunicorn's gthread worker, with Patient client sockets whose request head is read by
    the worker's event loop (HeadReader) before a thread is given to them."""
    from gunicorn import util
    from gunicorn.workers.gthread import STOP_KEEPALIVE_LINGER, TConn, ThreadWorker

    class HeadReader(ThreadWorker):  # type: ignore[misc]
        """gthread reads each request, head and body, in a pool thread: a client sending its
        head a byte a second never pauses long enough to be dropped, and as many of them as
        there are threads stop the worker (issue 20: eight sockets delayed every other
        request by a median 17 s). Here the main loop, which waits on every socket at once,
        collects the head without blocking; a thread gets the connection only once its head
        is whole (or too long to be valid, for gunicorn's own 431), and a head not whole
        within ``head_seconds`` of its first byte being awaited is answered 408 and closed."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.heads: deque[Any] = deque()  # connections awaiting their head, oldest first
            cfg = self.cfg
            # Past this gunicorn refuses the head anyway: let its parser say so.
            self.max_head = (
                cfg.limit_request_line
                + cfg.limit_request_fields * (cfg.limit_request_field_size or 8190)
                + 4
            )

        def accept(self, listener: Any) -> None:
            try:
                client, address = listener.accept()
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.ECONNABORTED, errno.EWOULDBLOCK):
                    raise
                return
            self.nr_conns += 1
            self.await_head(TConn(self.cfg, Patient(client), address, listener.getsockname()))

        def on_client_socket_readable(self, conn: Any, client: Any) -> None:
            # A kept-alive connection's next request: its head too is read here.
            self.poller.unregister(client)
            self.keepalived_conns.remove(conn)
            self.await_head(conn)

        def await_head(self, conn: Any) -> None:
            conn.head_deadline = time.monotonic() + head_seconds
            self.heads.append(conn)
            self.poller.register(conn.sock, selectors.EVENT_READ, partial(self.on_head, conn))

        def on_head(self, conn: Any, client: Any) -> None:
            try:
                data = conn.sock.read_ahead()
            except (BlockingIOError, InterruptedError):
                return
            except OSError:
                data = b""
            if data and not head_is_whole(conn.sock.head) and len(conn.sock.head) < self.max_head:
                return
            self.poller.unregister(client)
            self.heads.remove(conn)
            if not data:  # the client went away before its request was whole
                self.nr_conns -= 1
                conn.close()
                return
            conn.data_ready = True  # gthread's own wait for a first byte is done too
            self.enqueue_req(conn)

        def murder_pending(self) -> None:
            super().murder_pending()
            now = time.monotonic()
            if not self.alive:  # stopping: a head on its way gets what kept-alive ones get
                for conn in self.heads:
                    conn.head_deadline = min(conn.head_deadline, now + STOP_KEEPALIVE_LINGER)
            while self.heads and self.heads[0].head_deadline <= now:
                conn = self.heads.popleft()
                self.poller.unregister(conn.sock)
                self.nr_conns -= 1
                # Best effort: the socket is non-blocking and the answer small.
                with contextlib.suppress(OSError):
                    util.write_error(Unblocked(conn.sock), 408, "Request Timeout", "")
                conn.close()

        def handle(self, conn: Any) -> Any:
            if not isinstance(conn.sock, Patient):
                conn.sock = Patient(conn.sock)
            return super().handle(conn)

    return HeadReader


class Unblocked:
    """A non-blocking socket as gunicorn's error writer expects one: it writes in one call."""

    def __init__(self, sock: Any) -> None:
        self._sock = sock

    def gettimeout(self) -> float:
        return 0.0

    def sendall(self, data: bytes) -> None:
        self._sock.send(data)


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
        Runner(app).start()  # each worker runs background jobs in a thread of its own

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
    Runner(app).start()
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
    app = create_app(config)  # a bad model fails here, with one line, before any fork
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
