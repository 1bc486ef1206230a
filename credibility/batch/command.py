"""`credibility batch`: the subcommand's arguments, turned into BatchOptions and run with a
progress bar and a summary line; `python -m credibility.batch` runs it on its own.
"""

from __future__ import annotations

import argparse
import glob
import os
import sys
from pathlib import Path
from typing import Any

from credibility.batch.run import CHUNKSIZE, BatchOptions, BatchSummary, run
from credibility.errors import CredibilityError

COLUMN_HELP = {
    "text": "column of article texts",
    "html": "column of page HTML, used where not empty",
    "title": "column of titles, when present",
    "url": "column of addresses, when present",
    "source": "column of source names for --by-source, when present",
    "id": "column of row ids, when present",
}


def expand(patterns: list[str]) -> tuple[str, ...]:
    """Input paths: "-", existing files as named, and globs (sorted) for the rest."""
    paths: list[str] = []
    for pattern in patterns:
        if pattern == "-" or Path(pattern).exists() or not any(c in pattern for c in "*?["):
            paths.append(pattern)
        else:
            paths += sorted(glob.glob(pattern)) or [pattern]  # read_header says it is missing
    return tuple(paths)


def positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {number}")
    return number


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


def options_from(args: argparse.Namespace) -> BatchOptions:
    """The run's options from the parsed arguments: globs expanded, nothing else changed."""
    columns = {f"{role}_col": getattr(args, f"{role}_col") for role in COLUMN_HELP}
    return BatchOptions(
        inputs=expand(args.inputs),
        output=args.output,
        **columns,
        workers=args.workers,
        chunksize=args.chunksize,
        format=args.format,
        by_source=args.by_source,
        resume=args.resume,
        model=args.model,
        engine=args.engine,
        scheduler=args.scheduler,
        encoding=args.encoding,
    )


def progress_bar(total: int | None) -> Any:
    from tqdm import tqdm

    return tqdm(total=total, unit="B", unit_scale=True, unit_divisor=1024, desc="batch")


def summary_line(summary: BatchSummary, output: str) -> str:
    rows, fresh = summary.rows, summary.rows - summary.resumed
    target = "standard output" if output == "-" else output
    return (
        f"credibility batch: {rows:,} row{'s' * (rows != 1)}, {summary.errors:,} with errors, "
        f"{summary.unsupported:,} unsupported, {summary.seconds:.1f} s "
        f"({fresh / max(summary.seconds, 1e-9):,.0f} rows/s) -> {target}"
    )


def cmd_batch(args: argparse.Namespace) -> int:
    options = options_from(args)
    bar = progress_bar if not args.quiet and sys.stderr.isatty() else None
    print(summary_line(run(options, bar), options.output), file=sys.stderr)
    return 0


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
