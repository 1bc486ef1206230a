"""Where the program keeps what a user adds: their own source ratings, and the web app's state.

The folder is, in order: the one given (`--state-dir`), `CREDIBILITY_STATE_DIR`, or the XDG
state folder (`$XDG_STATE_HOME/credibility`, by default `~/.local/state/credibility`). It is
created only when something is written to it.
"""

from __future__ import annotations

import os
from pathlib import Path

ENV = "CREDIBILITY_STATE_DIR"


def state_dir(given: str | Path | None = None) -> Path:
    if given:
        return Path(given)
    if os.environ.get(ENV):
        return Path(os.environ[ENV])
    base = os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state"
    return Path(base) / "credibility"
