"""The batch's output: scored chunks rendered as CSV or JSON lines, written resumably.

Output goes to OUT.partial, with a state file saved after every chunk (Sink), and becomes
OUT in one rename at the end; --resume truncates OUT.partial to the last complete chunk and
reads on from that chunk's byte offset. With --by-source, the summary's journal
(OUT.partial.sites, rollup.py) is kept in step with OUT.partial the same way. Input cells
are written as read; the added cells are spreadsheet-safe in CSV (records.py) and plain
strings and numbers in JSON lines.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys
import time
from pathlib import Path
from typing import IO, Any, cast

from credibility.batch.errors import BatchInputError, BatchTimeLimit, ResumeMismatch, Stopped
from credibility.batch.progress import Progress, Status
from credibility.batch.records import OUTPUT_COLUMNS, CsvWriter, Result, Row, Spec
from credibility.batch.rollup import Rollup
from credibility.faults import hold
from credibility.labels import Label

# Saved with the state and compared on --resume: a partial output written in another layout
# (version 1 wrote credibility with repr()) is started again, not continued.
LAYOUT = 2
# Beside OUT.partial with --by-source: the summary's part of every row written (rollup.py).
JOURNAL = ".partial.sites"


def render(
    fmt: str,
    columns: tuple[str, ...],
    rows: list[Row],
    results: list[Result],
    added: tuple[str, ...] = OUTPUT_COLUMNS,
) -> bytes:
    """A chunk of output: CSV rows, or JSON lines with credibility a number or null."""
    out = io.StringIO()
    width = len(added)
    if fmt == "csv":
        CsvWriter(out).writerows(
            [*row.fields, *result.cells(width)] for row, result in zip(rows, results, strict=True)
        )
    else:
        names = (*columns, *added)
        for row, result in zip(rows, results, strict=True):
            record = dict(zip(names, (*row.fields, *result[:width]), strict=True))
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return out.getvalue().encode("utf-8")


class Sink:
    """Scored chunks in input order, to OUT.partial (renamed to OUT at the end) or stdout.

    After each chunk the data is fsynced before the state file (input position, output
    size, counts) is replaced, so the state never points past what is on disk; --resume
    truncates OUT.partial to the recorded size and reads on from the recorded position.
    Then the run's progress hears of it, and the run stops if the progress says so or its
    ``deadline`` (time.monotonic()) has passed.
    """

    def __init__(
        self,
        out: str,
        fmt: str,
        columns: tuple[str, ...],
        settings: dict[str, Any],
        rollup: Rollup | None = None,
        progress: Progress | None = None,
        added: tuple[str, ...] = OUTPUT_COLUMNS,
        deadline: tuple[float, float] | None = None,
    ) -> None:
        self.fmt, self.columns, self.rollup = fmt, columns, rollup
        self.progress = progress or Progress()
        self.added = added
        self.deadline = deadline  # (seconds allowed, when they are up on time.monotonic())
        # Compared with the saved JSON on --resume.
        self.settings = json.loads(json.dumps({**settings, "layout": LAYOUT}))
        self.path = None if out == "-" else Path(out)
        self.rows = self.errors = self.unsupported = self.resumed = 0
        self.done_bytes, self.total_bytes = 0, None  # input bytes, for the progress
        self.replaced: str | None = None  # an interrupted run's output, started over
        self.position: list[int] | None = None  # input, byte offset, line after the last chunk
        self.began = time.perf_counter()
        # Standard output, or (until open() opens OUT.partial) a stand-in safe to close.
        self.stream: IO[bytes] = sys.stdout.buffer if self.path is None else io.BytesIO()
        # The summary's journal, for --resume: none without a summary or to standard output.
        self.journal: IO[bytes] | None = None

    def sidecar(self, suffix: str) -> Path:
        assert self.path is not None
        return self.path.with_name(self.path.name + suffix)

    def open(self, resume: bool) -> tuple[int, int, int] | None:
        """Start the output; with ``resume``, after the last chunk saved (its position)."""
        out = io.StringIO()
        if self.fmt == "csv":
            CsvWriter(out).writerow([*self.columns, *self.added])
        header = out.getvalue().encode("utf-8")
        if self.path is None:
            self.stream.write(header)
            return None
        partial, state = self.sidecar(".partial"), self.sidecar(".partial.json")
        try:
            if resume and partial.is_file() and state.is_file():
                return self.reopen(partial, json.loads(state.read_text(encoding="utf-8")))
            if state.is_file():
                self.replaced = str(partial)
            self.stream = open(partial, "wb")  # noqa: SIM115 - closed by close()/abort()
            if self.rollup is not None:
                self.journal = open(self.sidecar(JOURNAL), "wb")  # noqa: SIM115 - as stream
            else:
                self.sidecar(JOURNAL).unlink(missing_ok=True)  # an earlier run's
        except OSError as exc:
            raise BatchInputError(f"cannot write ({exc.strerror})", path=str(partial)) from None
        self.stream.write(header)
        self.save()
        return None

    def reopen(self, partial: Path, saved: dict[str, Any]) -> tuple[int, int, int]:
        changed = [k for k, v in self.settings.items() if saved.get("settings", {}).get(k) != v]
        if changed or partial.stat().st_size < saved["output_bytes"]:
            raise ResumeMismatch(
                "cannot resume: {changed} changed since the interrupted run; "
                "run without {0} to start again",
                settings=("resume",),
                path=str(self.path),
                changed=", ".join(changed) or "the partial output",
            )
        journal, journal_bytes = self.sidecar(JOURNAL), saved.get("journal_bytes")
        if self.rollup is not None and (journal_bytes is None or not journal.is_file()):
            # The rows written hold no log-odds or excerpts to rebuild the summary from.
            raise ResumeMismatch(
                "cannot resume with {0}: the interrupted run had none; run without {1} to "
                "start again",
                settings=("by_source", "resume"),
                path=str(self.path),
            )
        self.stream = open(partial, "r+b")  # noqa: SIM115 - closed by close()/abort()
        self.stream.truncate(saved["output_bytes"])  # drop a chunk written only in part
        self.stream.seek(0, os.SEEK_END)
        self.rows, self.errors, self.position = saved["rows"], saved["errors"], saved["position"]
        self.unsupported = saved["unsupported"]
        self.resumed = self.rows
        if self.rollup is not None:
            self.journal = open(journal, "r+b")  # noqa: SIM115 - closed by close()/abort()
            self.journal.truncate(journal_bytes)
            self.rollup.replay(self.journal)  # line by line: it may hold millions
            self.journal.seek(0, os.SEEK_END)
        else:
            journal.unlink(missing_ok=True)  # this run writes no summary: it would go stale
        return None if self.position is None else cast(Any, tuple(self.position))

    def save(self) -> None:
        for stream in (self.stream, self.journal):
            if stream is not None:
                stream.flush()
                os.fsync(stream.fileno())
        state = {
            "settings": self.settings,
            "position": self.position,
            "rows": self.rows,
            "errors": self.errors,
            "unsupported": self.unsupported,
            "output_bytes": self.stream.tell(),
            "journal_bytes": None if self.journal is None else self.journal.tell(),
        }
        temp = self.sidecar(".partial.json.tmp")
        temp.write_text(json.dumps(state), encoding="utf-8")
        os.replace(temp, self.sidecar(".partial.json"))

    def write(self, spec: Spec, rows: list[Row], results: list[Result]) -> None:
        self.stream.write(render(self.fmt, self.columns, rows, results, self.added))
        self.rows += len(rows)
        self.errors += sum(1 for r in results if r.error)
        self.unsupported += sum(1 for r in results if r.label == Label.UNSUPPORTED)
        self.position = [spec.input, spec.end, spec.end_line]
        if self.rollup is not None:
            for row, result in zip(rows, results, strict=True):
                self.rollup.add(row.fields, result)
            lines = self.rollup.journal()
            if self.journal is not None:
                self.journal.write(lines)
        if self.path is not None:
            self.save()
        self.done_bytes += spec.end - spec.start
        self.progress.advance(self.status())
        self.check()
        hold("batch-chunk", self.rows)

    def status(self) -> Status:
        rate = (self.rows - self.resumed) / max(time.perf_counter() - self.began, 1e-9)
        return Status(
            self.rows, self.errors, self.unsupported, rate, self.done_bytes, self.total_bytes
        )

    def start(self, done_bytes: int, total_bytes: int | None) -> None:
        """Tell the progress where the run begins; stop at once if it says so."""
        self.done_bytes, self.total_bytes = done_bytes, total_bytes
        self.progress.start(self.status(), self.replaced)
        self.check()

    def check(self) -> None:
        """Stop the run if its progress asks to, or past its deadline."""
        reason = self.progress.stop()
        if reason is not None:
            raise Stopped(reason)
        if self.deadline is not None and time.monotonic() > self.deadline[1]:
            raise BatchTimeLimit(self.deadline[0])

    def close(self) -> None:
        """Finish: OUT.partial becomes OUT in one rename; the state goes."""
        if self.total_bytes is not None:
            self.done_bytes = self.total_bytes  # the headers and blank lines, read too
        if self.path is None:
            self.stream.flush()
            return
        self.save()
        self.stream.close()
        os.replace(self.sidecar(".partial"), self.path)
        self.sidecar(".partial.json").unlink()
        if self.journal is not None:
            self.journal.close()
            self.sidecar(JOURNAL).unlink()

    def abort(self, keep: bool = True) -> None:
        """Stop, keeping OUT.partial and its state for --resume (unless not ``keep``)."""
        for stream in (self.stream, self.journal):
            if self.path is not None and stream is not None and not stream.closed:
                stream.close()
        if self.path is not None and not keep:
            for suffix in (".partial", ".partial.json", JOURNAL):
                # Suppressed: the error that stopped the run is the one to report.
                with contextlib.suppress(OSError):
                    self.sidecar(suffix).unlink()
