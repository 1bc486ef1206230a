"""The short version of benchmarks/soak.py: bounded mixed load on 127.0.0.1, no errors.
The 60-second soak with its memory figures: `python benchmarks/soak.py`."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from soak import soak


def test_short_mixed_load_has_no_errors():
    found = soak(seconds=6, rate=25)
    assert found["errors"] == []
    assert found["requests"] == 150
    assert set(found["jobs"]) == {"done"}  # every job queued during the load finished
    assert set(found["latency_ms"]) == {
        "POST /api/score",
        "POST /api/batch",
        "POST /api/jobs",
        "GET /",
        "GET /api/health",
    }
