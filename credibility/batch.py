"""`credibility batch`: score CSV files in chunks, in parallel, in input order, resumably;
and score_file(), the same run for the web app: in-process, silent, a summary returned.

One stage per module: csvstream.py reads the rows in chunks, batch_score.py scores them (the
local engine's process pool; batch_dask.py is the dask engine), batch_sink.py writes them in
input order to OUT.partial with a state for --resume, rollup.py sums them up per source.
This module checks the options before the first row and runs the stages; the CLI and
score_file() share every step but the printing.
"""

from __future__ import annotations

import argparse
import glob
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from credibility.batch_score import Plan, make_plan, run_local, worker_model
from credibility.batch_sink import Sink
from credibility.csvstream import Reader, check_encoding, read_header
from credibility.errors import CredibilityError, InvalidInputError
from credibility.rollup import COLUMNS, Rollup

# Rows per chunk: about a second of one worker's time on 600-word articles, so progress,
# resume points and the two chunks per worker in flight all stay small.
CHUNKSIZE = 256


def expand(patterns: list[str]) -> list[str]:
    """Input paths: "-", existing files as named, and globs (sorted) for the rest."""
    paths: list[str] = []
    for pattern in patterns:
        if pattern == "-" or Path(pattern).exists() or not any(c in pattern for c in "*?["):
            paths.append(pattern)
        else:
            paths += sorted(glob.glob(pattern)) or [pattern]  # read_header says it is missing
    if paths.count("-") > 1:
        raise InvalidInputError("standard input (-) can be read only once")
    return paths


def positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {number}")
    return number


COLUMN_HELP = {
    "text": "column of article texts",
    "html": "column of page HTML, used where not empty",
    "title": "column of titles, when present",
    "url": "column of addresses, when present",
    "source": "column of source names for --by-source, when present",
    "id": "column of row ids, when present",
}


def configure_parser(subparsers: Any) -> None:
    """Add `batch` to the CLI's subcommands."""
    p = subparsers.add_parser(
        "batch",
        help="score every row of CSV files",
        description="Score every row of CSV files: in order, in parallel, resumable.",
    )
    p.add_argument("inputs", nargs="+", metavar="IN", help="CSV files or globs; - is stdin")
    p.add_argument("-o", "--output", required=True, metavar="OUT", help="file, or - for stdout")
    for key, what in COLUMN_HELP.items():
        p.add_argument(f"--{key}-col", metavar="NAME", help=f"{what} (default {key!r})")
    cores = os.cpu_count() or 1
    p.add_argument(
        "--workers",
        type=positive,
        default=cores,
        metavar="N",
        help=f"worker processes (default: the number of cores, {cores})",
    )
    p.add_argument(
        "--chunksize",
        type=positive,
        default=CHUNKSIZE,
        metavar="N",
        help=f"rows per chunk (default {CHUNKSIZE}; a chunk also ends at 8 MB)",
    )
    p.add_argument("--format", choices=("csv", "jsonl"), help="default: from OUT's extension")
    p.add_argument("--by-source", metavar="SUMMARY.csv", help="also write a per-source roll-up")
    p.add_argument("--resume", action="store_true", help="continue an interrupted run")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--model", help="model name under models/ or a model directory")
    p.add_argument("--engine", choices=("local", "dask"), help="default local")
    p.add_argument("--scheduler", metavar="ADDRESS", help="dask scheduler (implies dask)")
    p.add_argument("--encoding", default="utf-8", help="input encoding (default utf-8)")
    p.set_defaults(func=cmd_batch)


def prepare(args: argparse.Namespace, globs: bool = True) -> tuple[Reader, Plan, dict[str, Any]]:
    """Check everything that can be checked before the first row: inputs, headers, columns,
    model, option combinations. Returns the reader, the plan and the resume settings.
    Without ``globs`` the inputs are paths as they are, never patterns."""
    encoding = check_encoding(args.encoding)
    paths = expand(args.inputs) if globs else list(args.inputs)
    for bad, message in (
        (args.resume and args.output == "-", "--resume needs an output file, not -"),
        (args.resume and "-" in paths, "--resume cannot re-read standard input"),
        (args.engine == "dask" and "-" in paths, "the dask engine reads files, not stdin"),
        (args.engine == "local" and args.scheduler, "--scheduler needs --engine dask"),
        (args.by_source == "-" and args.output == "-", "--by-source - needs -o to a file"),
    ):
        if bad:
            raise InvalidInputError(message)
    headers = [read_header(path, encoding) for path in paths]
    columns = headers[0][0]
    for path, (other, _, _) in zip(paths[1:], headers[1:], strict=True):
        if other != columns:
            raise InvalidInputError(f"{path}: its header differs from {paths[0]}'s")
    options = {k: getattr(args, f"{k}_col") for k in ("text", "html", "title", "url", "id")}
    plan = make_plan(columns, {**options, "source": args.source_col}, args.model)
    model = worker_model(args.model)  # fail here on a bad model, not in every worker
    stats = {str(Path(p).resolve()): os.stat(p) for p in paths if p != "-"}
    if args.by_source and plan.source is None and plan.url is None:
        raise InvalidInputError("--by-source needs a source or url column")
    if args.by_source not in (None, "-") and not Path(args.by_source).parent.is_dir():
        raise InvalidInputError(f"cannot write {args.by_source}: no such directory")
    if str(Path(args.output).resolve()) in stats:
        raise InvalidInputError("the output would overwrite an input")
    starts = tuple(header[1:] for header in headers)
    reader = Reader(tuple(paths), starts, encoding, len(columns), args.chunksize)
    settings = {  # what must not change between an interrupted run and its --resume
        "inputs": [[p, s.st_size, s.st_mtime_ns] for p, s in stats.items()],
        "plan": [plan.text, plan.html, plan.title, plan.url, list(plan.columns)],
        "format": args.format,
        "encoding": encoding,
        "chunksize": args.chunksize,
        "model": model.name,
    }
    return reader, plan, settings


def execute(
    args: argparse.Namespace,
    reader: Reader,
    plan: Plan,
    settings: dict[str, Any],
    rollup: Rollup | None,
    progress: Any,
    keep: bool = True,
) -> Sink:
    """The run: every row scored and written to ``args.output``. On failure OUT.partial
    and its state stay for --resume, unless not ``keep``."""
    sink = Sink(args.output, args.format, plan.columns, settings, rollup, progress)
    try:
        position = sink.open(args.resume)
        if progress is not None and position is not None:
            progress.update(sum(i[1] for i in settings["inputs"][: position[0]]) + position[1])
        if args.engine == "dask":
            from credibility.batch_dask import run_dask

            run_dask(reader, plan, position, args.workers, args.scheduler, sink)
        else:
            run_local(reader, plan, position, args.workers, sink)
        if progress is not None:
            progress.update(max(0, (progress.total or 0) - progress.n))  # headers, blank lines
        sink.close()
    except OSError as exc:  # a full disk, a vanished input: one line, no final OUT
        sink.abort(keep)
        where = exc.filename or args.output
        hint = "; --resume continues once fixed" if keep and args.output != "-" else ""
        raise CredibilityError(f"{where}: {exc.strerror or exc}{hint}") from None
    except BaseException:
        sink.abort(keep)
        raise
    finally:
        if progress is not None:
            progress.close()
    return sink


def cmd_batch(args: argparse.Namespace) -> int:
    began = time.perf_counter()
    args.engine = args.engine or ("dask" if args.scheduler else "local")
    args.format = args.format or ("jsonl" if args.output.endswith((".jsonl", ".ndjson")) else "csv")
    reader, plan, settings = prepare(args)
    rollup = Rollup(plan.source, plan.url) if args.by_source else None
    progress = None
    if not args.quiet and sys.stderr.isatty():
        from tqdm import tqdm

        total = None if "-" in reader.paths else sum(i[1] for i in settings["inputs"])
        progress = tqdm(total=total, unit="B", unit_scale=True, unit_divisor=1024, desc="batch")
    sink = execute(args, reader, plan, settings, rollup, progress)
    if rollup is not None:
        rollup.write(args.by_source)
    seconds = time.perf_counter() - began
    target = "standard output" if args.output == "-" else args.output
    print(
        f"credibility batch: {sink.rows:,} row{'s' * (sink.rows != 1)}, "
        f"{sink.errors:,} with errors, {seconds:.1f} s "
        f"({(sink.rows - sink.resumed) / max(seconds, 1e-9):,.0f} rows/s) -> {target}",
        file=sys.stderr,
    )
    return 0


@dataclass
class BatchSummary:
    """What score_file() did."""

    rows: int  # data rows written
    errors: int  # rows whose error column is not empty
    seconds: float
    # The --by-source table: header row first, then one row per source; None when not asked
    # for, or when the file has neither a source nor a url column.
    sources: list[list[str]] | None


def score_file(
    input_path: str,
    output_path: str,
    *,
    text_col: str | None = None,
    html_col: str | None = None,
    title_col: str | None = None,
    url_col: str | None = None,
    source_col: str | None = None,
    model: str | None = None,
    by_source: bool = False,
    workers: int = 1,
    encoding: str = "utf-8",
) -> BatchSummary:
    """Score one CSV file to another, writing the bytes `credibility batch IN -o OUT` writes
    (CSV format) and printing nothing. workers=1 scores in this process, without a pool.

    Raises InvalidInputError, its message one line, when the run cannot start (a missing
    column, an unreadable input, an unwritable output, ...), ModelLoadError for a model
    that does not load; a failed run leaves no OUT.partial behind, as there is no resuming.
    """
    began = time.perf_counter()
    if "-" in (input_path, output_path):
        raise InvalidInputError("score_file reads and writes files, not standard input/output")
    if workers < 1:
        raise InvalidInputError(f"workers must be at least 1, not {workers}")
    # The CLI's own defaults, so an option added to the CLI has its value here too.
    parser = argparse.ArgumentParser()
    configure_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["batch", "IN", "-o", "OUT"])
    columns = {"text": text_col, "html": html_col, "title": title_col, "url": url_col}
    for key, name in {**columns, "source": source_col}.items():
        setattr(args, f"{key}_col", name)
    args.inputs, args.output, args.model, args.workers = [input_path], output_path, model, workers
    args.encoding, args.format, args.engine = encoding, "csv", "local"
    reader, plan, settings = prepare(args, globs=False)
    has_source = plan.source is not None or plan.url is not None
    rollup = Rollup(plan.source, plan.url) if by_source and has_source else None
    sink = execute(args, reader, plan, settings, rollup, None, keep=False)
    table = None if rollup is None else [list(COLUMNS), *rollup.table()]
    return BatchSummary(sink.rows, sink.errors, time.perf_counter() - began, table)


def main(argv: list[str] | None = None) -> int:
    """`python -m credibility.batch IN ... -o OUT`: the subcommand on its own."""
    parser = argparse.ArgumentParser(prog="credibility")
    configure_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["batch", *(sys.argv[1:] if argv is None else argv)])
    try:
        return cmd_batch(args)
    except CredibilityError as exc:
        print(f"credibility: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("credibility: interrupted; --resume continues", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
