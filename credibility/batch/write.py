"""The batch's output: scored chunks rendered as CSV or JSON lines, written resumably.

Output goes to OUT.partial, with a state file saved after every chunk (Sink), and becomes
OUT in one rename at the end; --resume truncates OUT.partial to the last complete chunk and
reads on from that chunk's byte offset. Input cells are written as read; the added cells
are spreadsheet-safe in CSV (records.py) and plain strings and numbers in JSON lines.
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

from credibility.batch.records import OUTPUT_COLUMNS, CsvWriter, Result, Row, Spec
from credibility.batch.rollup import Rollup
from credibility.errors import InvalidInputError
from credibility.faults import hold
from credibility.scoring import UNSUPPORTED

# Saved with the state and compared on --resume: a partial output written in another layout
# (version 1 wrote credibility with repr()) is started again, not continued.
LAYOUT = 2


class ResumeMismatch(InvalidInputError):
    """The partial output was written by a run with other settings (inputs, model, layout)."""


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
    """

    def __init__(
        self,
        out: str,
        fmt: str,
        columns: tuple[str, ...],
        settings: dict[str, Any],
        rollup: Rollup | None = None,
        progress: Any = None,
        added: tuple[str, ...] = OUTPUT_COLUMNS,
    ) -> None:
        self.fmt, self.columns, self.rollup, self.progress = fmt, columns, rollup, progress
        self.added = added
        # Compared with the saved JSON on --resume.
        self.settings = json.loads(json.dumps({**settings, "layout": LAYOUT}))
        self.path = None if out == "-" else Path(out)
        self.rows = self.errors = self.unsupported = self.resumed = 0
        self.position: list[int] | None = None  # input, byte offset, line after the last chunk
        self.began = time.perf_counter()
        # Standard output, or (until open() opens OUT.partial) a stand-in safe to close.
        self.stream: IO[bytes] = sys.stdout.buffer if self.path is None else io.BytesIO()

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
            if state.is_file() and self.progress is not None:
                self.progress.write(f"starting again; --resume would continue {partial}")
            self.stream = open(partial, "wb")  # noqa: SIM115 - closed by close()/abort()
        except OSError as exc:
            raise InvalidInputError(f"cannot write {partial}: {exc.strerror}") from None
        self.stream.write(header)
        self.save()
        return None

    def reopen(self, partial: Path, saved: dict[str, Any]) -> tuple[int, int, int]:
        changed = [k for k, v in self.settings.items() if saved.get("settings", {}).get(k) != v]
        if changed or partial.stat().st_size < saved["output_bytes"]:
            what = ", ".join(changed) or "the partial output"
            raise ResumeMismatch(
                f"cannot resume {self.path}: {what} changed since the interrupted run; "
                "run without --resume to start again"
            )
        self.stream = open(partial, "r+b")  # noqa: SIM115 - closed by close()/abort()
        self.stream.truncate(saved["output_bytes"])  # drop a chunk written only in part
        self.stream.seek(0, os.SEEK_END)
        self.rows, self.errors, self.position = saved["rows"], saved["errors"], saved["position"]
        self.unsupported = saved["unsupported"]
        self.resumed = self.rows
        if self.rollup:
            self.rollup.replay(partial, self.fmt, len(self.columns))
        return None if self.position is None else cast(Any, tuple(self.position))

    def save(self) -> None:
        self.stream.flush()
        os.fsync(self.stream.fileno())
        state = {
            "settings": self.settings,
            "position": self.position,
            "rows": self.rows,
            "errors": self.errors,
            "unsupported": self.unsupported,
            "output_bytes": self.stream.tell(),
        }
        temp = self.sidecar(".partial.json.tmp")
        temp.write_text(json.dumps(state), encoding="utf-8")
        os.replace(temp, self.sidecar(".partial.json"))

    def write(self, spec: Spec, rows: list[Row], results: list[Result]) -> None:
        self.stream.write(render(self.fmt, self.columns, rows, results, self.added))
        self.rows += len(rows)
        self.errors += sum(1 for r in results if r.error)
        self.unsupported += sum(1 for r in results if r.label == UNSUPPORTED)
        self.position = [spec.input, spec.end, spec.end_line]
        if self.rollup:
            for row, result in zip(rows, results, strict=True):
                self.rollup.add(row.fields, result)
        if self.path is not None:
            self.save()
        if self.progress is not None:
            rate = (self.rows - self.resumed) / max(time.perf_counter() - self.began, 1e-9)
            counts = {"rows": self.rows, "errors": self.errors, "unsupported": self.unsupported}
            self.progress.set_postfix({**counts, "rows/s": round(rate)}, refresh=False)
            self.progress.update(spec.end - spec.start)
        hold("batch-chunk", self.rows)

    def close(self) -> None:
        """Finish: OUT.partial becomes OUT in one rename; the state goes."""
        if self.path is None:
            self.stream.flush()
            return
        self.save()
        self.stream.close()
        os.replace(self.sidecar(".partial"), self.path)
        self.sidecar(".partial.json").unlink()

    def abort(self, keep: bool = True) -> None:
        """Stop, keeping OUT.partial and its state for --resume (unless not ``keep``)."""
        if self.path is not None and not self.stream.closed:
            self.stream.close()
        if self.path is not None and not keep:
            for suffix in (".partial", ".partial.json"):
                # Suppressed: the error that stopped the run is the one to report.
                with contextlib.suppress(OSError):
                    self.sidecar(suffix).unlink()
