"""How a batch run tells its progress and learns it should stop: a small typed interface each
surface implements its own way (the command line's bar, a web job's heartbeat and cancel),
so the engine knows nothing of any of them. A deadline is an argument of run()."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Status:
    """Where a run is: after its start (with a resume, where it continues) and each chunk."""

    rows: int  # rows written, counting those of the interrupted run it continues
    errors: int  # rows whose error column is not empty
    unsupported: int  # rows not judged (another language)
    rate: float  # rows per second of this run alone
    done_bytes: int  # input bytes read, headers and blank lines counted at the end
    total_bytes: int | None  # every input byte; None from standard input


class Progress:
    """The engine's calls on its progress, each doing nothing: a surface overrides what it
    shows or checks. The engine calls start once, advance after every chunk it writes and
    saves, stop right after start and after every advance (a reason stops the run with
    Stopped), and end once, whether the run ended well or not."""

    def start(self, status: Status, replaced: str | None = None) -> None:
        """The run begins; ``replaced`` names an interrupted run's output it starts over."""

    def advance(self, status: Status) -> None:
        """A chunk is written and saved for a resume."""

    def stop(self) -> str | None:
        """A reason to stop now (a cancelled job), or None to go on."""
        return None

    def end(self, status: Status) -> None:
        """The run is over: every row written, or it failed or stopped."""
