"""The worker class of `credibility serve`: gunicorn's gthread worker, which reads each
request's head in its event loop before a thread is spent on it.

gthread reads each request, head and body, in a pool thread: a client sending its head a
byte a second never pauses long enough to be dropped, and as many of them as there are
threads stop the worker (issue 20: eight such sockets delayed every other request by a
median 17 s). Here the main loop, which waits on every socket at once, collects the head
without blocking; a thread gets the connection only once its head is whole (or too long to
be valid, for gunicorn's own 431), and a head not whole in time is answered 408 and closed.
"""

from __future__ import annotations

import contextlib
import errno
import selectors
import time
from collections import deque
from functools import partial
from typing import Any

# Seconds a client may pause while sending a request body (or reading the answer) before its
# connection is closed: a body is read in a worker thread, and without it a client that stops
# halfway holds that thread for good. The request head never holds a thread (HeadReader).
CLIENT_PAUSE_SECONDS = 5


class Patient:
    """A client socket that, when gunicorn makes it blocking, waits CLIENT_PAUSE_SECONDS at
    most for each read or write instead of forever (gunicorn has no setting for it), and
    that gives the parser first the request head the worker's event loop already read."""

    def __init__(self, sock: Any) -> None:
        self._sock = sock
        # Read ahead by HeadReader, not yet taken by gunicorn's parser.
        self.head = bytearray()
        self.whole = False  # the head ends in it
        self._begins: int | None = None  # where it starts, past blank lines before it

    def setblocking(self, flag: bool) -> None:
        if flag:
            self._sock.settimeout(CLIENT_PAUSE_SECONDS)
        else:
            self._sock.setblocking(False)

    def recv(self, size: int) -> bytes:
        if self.head:
            data = bytes(self.head[:size])
            del self.head[:size]
            return data
        return self._sock.recv(size)

    def read_ahead(self) -> bytes:
        """What the (non-blocking) socket has now, kept for the parser; b"" at its end."""
        data = self._sock.recv(65536)
        self.absorb(data)
        return data

    def absorb(self, data: bytes) -> None:
        """Keep ``data`` and see whether the head ends in it. Only the new bytes are
        searched, so a head sent in many small pieces costs no more than one sent at once."""
        before = len(self.head)
        self.head += data
        if self._begins is None:
            # gunicorn skips blank lines before a request line: they do not end a head.
            rest = data.lstrip(b"\r\n")
            if rest:
                self._begins = len(self.head) - len(rest)
        if self._begins is not None and not self.whole:
            start = max(self._begins, before - 2)  # an end may straddle two reads
            self.whole = self.head.find(b"\n\r\n", start) >= 0 or (
                self.head.find(b"\n\n", start) >= 0
            )

    def next_request(self) -> None:
        """Look for the next request's head, in what is already read (a client may send
        requests one after another without waiting) and then in what comes."""
        pending, self.head = bytes(self.head), bytearray()
        self.whole, self._begins = False, None
        self.absorb(pending)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sock, name)


def thread_worker(head_seconds: float) -> type:
    """gunicorn's gthread worker, with Patient client sockets whose request head is read by
    the worker's event loop (HeadReader) before a thread is given to them."""
    from gunicorn import util
    from gunicorn.workers.gthread import STOP_KEEPALIVE_LINGER, TConn, ThreadWorker

    class HeadReader(ThreadWorker):  # type: ignore[misc]
        """A head not whole within ``head_seconds`` of being awaited (from the connection's
        start, or its last answer) is answered 408 and closed."""

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
            conn.sock.next_request()
            if conn.sock.whole or len(conn.sock.head) >= self.max_head:
                conn.data_ready = True
                self.enqueue_req(conn)
                return
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
            if data and not conn.sock.whole and len(conn.sock.head) < self.max_head:
                return
            self.poller.unregister(client)
            self.heads.remove(conn)
            if not data:  # the client went away before its request was whole
                self.nr_conns -= 1
                conn.close()
                return
            conn.data_ready = True  # gthread's own wait for a first byte is done too
            self.enqueue_req(conn)

        def finish_request(self, conn: Any, fs: Any) -> None:
            kept = not fs.cancelled() and fs.exception() is None and fs.result() is True
            if kept and self.alive and conn.sock.head and not conn.parser.unreader.buf.getvalue():
                # The next request came with this one and is read ahead already: the socket
                # may never turn readable again, so the poller would not see it.
                self.await_head(conn)
                return
            super().finish_request(conn, fs)

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
