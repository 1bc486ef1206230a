"""A batch run from its options: check everything that can be checked before the first row,
then read, score and write the rows (in order, resumably) and sum them up per source.

One stage per module: read.py reads the rows in chunks, score.py scores them (the local
engine's process pool; dask.py is the dask engine), write.py writes them in input order to
OUT.partial with a state for --resume, rollup.py sums them up per source. The command line
(command.py) and score_file() (the web app's) both run through run().
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from credibility.batch.errors import RESUME, BatchError, BatchInputError
from credibility.batch.progress import Progress
from credibility.batch.read import ENCODING_ADVICE, Reader, check_encoding, read_header
from credibility.batch.rollup import Rollup
from credibility.batch.score import Plan, make_plan, run_local
from credibility.batch.write import Sink
from credibility.errors import shortened
from credibility.scoring import cached_model
from credibility.sites import SiteCalibration

# Rows per chunk: about a second of one worker's time on 600-word articles, so progress,
# resume points and the two chunks per worker in flight all stay small.
CHUNKSIZE = 256


@dataclass(frozen=True)
class BatchOptions:
    """What a batch run does. ``inputs`` are paths (the command line expands globs before);
    "-" reads standard input, ``output`` "-" writes standard output. A column left None is
    the column of that name when the header has it. ``format`` None: JSON lines for a
    .jsonl or .ndjson output, else CSV; ``engine`` None: dask with a scheduler, else local."""

    inputs: tuple[str, ...]
    output: str
    text_col: str | None = None
    html_col: str | None = None
    title_col: str | None = None
    url_col: str | None = None
    source_col: str | None = None
    id_col: str | None = None
    workers: int = 1  # 1: in this process, no pool
    chunksize: int = CHUNKSIZE
    format: str | None = None
    by_source: str | None = None  # where to write the per-source summary; "-" stdout
    resume: bool = False
    model: str | None = None
    engine: str | None = None
    scheduler: str | None = None
    encoding: str = "utf-8"
    # Said in the error of a row the encoding cannot read: a server names no option.
    encoding_advice: str = ENCODING_ADVICE

    def __post_init__(self) -> None:
        # Frozen: the defaults that depend on other fields are settled once, here.
        object.__setattr__(self, "inputs", tuple(self.inputs))
        if self.format is None:
            jsonl = self.output.endswith((".jsonl", ".ndjson"))
            object.__setattr__(self, "format", "jsonl" if jsonl else "csv")
        if self.engine is None:
            object.__setattr__(self, "engine", "dask" if self.scheduler else "local")
        for name, value, allowed in (
            ("format", self.format, ("csv", "jsonl")),
            ("engine", self.engine, ("local", "dask")),
        ):
            if value not in allowed:
                raise BatchInputError(
                    "{0} must be one of {allowed}, not {value}",
                    settings=(name,),
                    allowed=", ".join(allowed),
                    value=shortened(str(value)),
                )
        for name in ("workers", "chunksize"):
            if getattr(self, name) < 1:
                raise BatchInputError(
                    "{0} must be at least 1, not {value}",
                    settings=(name,),
                    value=str(getattr(self, name)),
                )

    def columns(self) -> dict[str, str | None]:
        """The column options by role (text, html, title, url, source, id)."""
        roles = ("text", "html", "title", "url", "source", "id")
        return {role: getattr(self, f"{role}_col") for role in roles}


@dataclass
class BatchSummary:
    """What a run did."""

    rows: int  # data rows written
    errors: int  # rows whose error column is not empty
    unsupported: int  # rows not judged (another language): no credibility, no error
    seconds: float
    resumed: int = 0  # rows written by the interrupted run this one continued
    # The --by-source table: header row first, then one row per source; None when not asked.
    sources: list[list[str]] | None = field(default=None, repr=False)
    # The same sources in their JSON form (rollup.SiteRow.to_dict()); None when not asked.
    sites: list[dict[str, Any]] | None = field(default=None, repr=False)


@dataclass(frozen=True)
class Job:
    """A run checked and ready: how to read, what to score, what --resume must find again."""

    reader: Reader
    plan: Plan
    settings: dict[str, Any]

    def total_bytes(self) -> int | None:
        """The input bytes to read (None from standard input): the progress bar's total."""
        return None if "-" in self.reader.paths else sum(i[1] for i in self.settings["inputs"])


def prepare(options: BatchOptions) -> Job:
    """Check everything that can be checked before the first row: inputs, headers, columns,
    model, option combinations."""
    encoding = check_encoding(options.encoding)
    paths, output, by_source = list(options.inputs), options.output, options.by_source
    for bad, what, settings in (
        (paths.count("-") > 1, "standard input (-) can be read only once", ()),
        (options.resume and output == "-", "{0} needs an output file, not -", ("resume",)),
        (options.resume and "-" in paths, "{0} cannot re-read standard input", ("resume",)),
        (options.engine == "dask" and "-" in paths, "the dask engine reads files, not stdin", ()),
        (
            options.engine == "local" and options.scheduler,
            "{0} needs {1} dask",
            ("scheduler", "engine"),
        ),
        (by_source == "-" and output == "-", "{0} - needs {1} to a file", ("by_source", "output")),
    ):
        if bad:
            raise BatchInputError(what, settings=settings)
    headers = [read_header(path, encoding) for path in paths]
    columns = headers[0][0]
    for path, (other, _, _) in zip(paths[1:], headers[1:], strict=True):
        if other != columns:
            raise BatchInputError(f"its header differs from {paths[0]}'s", path=path)
    plan = make_plan(columns, options.columns(), options.model)
    model = cached_model(options.model)  # fail here on a bad model, not in every worker
    stats = {str(Path(p).resolve()): os.stat(p) for p in paths if p != "-"}
    if by_source and plan.source is None and plan.url is None:
        raise BatchInputError("{0} needs a source or url column", settings=("by_source",))
    if by_source not in (None, "-") and not Path(by_source).parent.is_dir():
        raise BatchInputError("cannot write, no such directory", path=by_source)
    if str(Path(output).resolve()) in stats:
        raise BatchInputError("the output would overwrite an input")
    starts = tuple(header[1:] for header in headers)
    reader = Reader(
        tuple(paths), starts, encoding, len(columns), options.chunksize, options.encoding_advice
    )
    settings = {  # what must not change between an interrupted run and its --resume
        "inputs": [[p, s.st_size, s.st_mtime_ns] for p, s in stats.items()],
        "plan": [plan.text, plan.html, plan.title, plan.url, list(plan.columns)],
        "format": options.format,
        "encoding": encoding,
        "chunksize": options.chunksize,
        "model": model.name,
    }
    return Job(reader, plan, settings)


def execute(
    options: BatchOptions,
    job: Job,
    rollup: Rollup | None,
    progress: Progress | None,
    keep: bool,
    deadline: float | None = None,
) -> Sink:
    """Every row scored and written to ``options.output``. On failure OUT.partial and its
    state stay for --resume, unless not ``keep``."""
    sink = Sink(
        options.output,
        str(options.format),
        job.plan.columns,
        job.settings,
        rollup,
        progress,
        job.plan.added,
        None if deadline is None else (deadline, time.monotonic() + deadline),
    )
    try:
        position = sink.open(options.resume)
        done = 0
        if position is not None:
            done = sum(i[1] for i in job.settings["inputs"][: position[0]]) + position[1]
        sink.start(done, job.total_bytes())
        if options.engine == "dask":
            from credibility.batch.dask import run_dask

            run_dask(job.reader, job.plan, position, options.workers, options.scheduler, sink)
        else:
            run_local(job.reader, job.plan, position, options.workers, sink)
        sink.close()
    except OSError as exc:  # a full disk, a vanished input: one line, no final OUT
        sink.abort(keep)
        fix = RESUME if keep and options.output != "-" else None
        where = exc.filename or options.output
        raise BatchError(str(exc.strerror or exc), path=str(where), fix=fix) from None
    except BaseException:
        sink.abort(keep)
        raise
    finally:
        sink.progress.end(sink.status())
    return sink


def run(
    options: BatchOptions,
    progress: Progress | None = None,
    keep: bool = True,
    deadline: float | None = None,
) -> BatchSummary:
    """One batch run, telling ``progress`` how it goes and stopping when it asks to
    (Stopped) or past ``deadline`` seconds (BatchTimeLimit). On failure OUT.partial and its
    state stay for --resume, unless not ``keep``. Raises BatchInputError or ModelLoadError
    when the run cannot start, BatchError when it cannot go on."""
    began = time.perf_counter()
    job = prepare(options)
    rollup = None
    if options.by_source:
        calibration = SiteCalibration.of(cached_model(options.model))
        rollup = Rollup(job.plan.source, job.plan.url, calibration)
    sink = execute(options, job, rollup, progress, keep, deadline)
    table = sites = None
    if rollup is not None and options.by_source is not None:
        rows = list(rollup.rows())
        cells = [row.cells() for row in rows]
        rollup.write(options.by_source, cells)
        table = [list(rollup.columns), *cells]
        sites = [row.to_dict() for row in rows]
    seconds = time.perf_counter() - began
    return BatchSummary(
        sink.rows, sink.errors, sink.unsupported, seconds, sink.resumed, table, sites
    )


def score_file(options: BatchOptions) -> BatchSummary:
    """A run for a library or a server: files only (no standard streams), no output but
    the files, and a failed run leaves no OUT.partial behind. Writes the bytes the command
    line writes with the same options."""
    if "-" in (*options.inputs, options.output, options.by_source):
        raise BatchInputError("score_file reads and writes files, not standard input/output")
    return run(options, None, keep=False)
