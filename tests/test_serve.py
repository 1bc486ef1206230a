"""`credibility serve`: waitress in one or several processes on 127.0.0.1."""

import json
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from credibility.cli import main


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def health(port: int, seconds: float = 30.0) -> dict:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=2) as r:
                return json.loads(r.read())
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


@pytest.mark.parametrize("workers", ["1", "2"])
def test_serve_answers_and_stops_on_sigterm(workers):
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "credibility.cli",
            "serve",
            "--port",
            str(port),
            "--workers",
            workers,
            "--threads",
            "2",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert health(port)["status"] == "ok"
        for _ in range(4):  # every worker answers the same
            assert health(port)["model"].startswith("default@")
    finally:
        server.send_signal(signal.SIGTERM)
        out, err = server.communicate(timeout=15)
    assert out.startswith(f"credibility: serving http://127.0.0.1:{port}/ with {workers} worker")
    assert "Traceback" not in err


def test_serve_with_a_bad_model_is_one_line(tmp_path, capsys):
    assert main(["serve", "--model", str(tmp_path), "--port", "1"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not a model directory" in err
