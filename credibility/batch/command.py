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

from credibility.batch.errors import ENCODING, RESUME, BatchError
from credibility.batch.progress import Progress, Status
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


class Bar(Progress):
    """tqdm's bar on standard error: input bytes read, with the row counts and rate."""

    def __init__(self) -> None:
        self.bar: Any = None

    def start(self, status: Status, replaced: str | None = None) -> None:
        from tqdm import tqdm

        if replaced:
            tqdm.write(f"starting again; --resume would continue {replaced}", file=sys.stderr)
        self.bar = tqdm(
            total=status.total_bytes,
            initial=status.done_bytes,
            unit="B",
            unit_scale=True,
            unit_divisor=1024,
            desc="batch",
        )

    def advance(self, status: Status) -> None:
        counts = {"rows": status.rows, "errors": status.errors, "unsupported": status.unsupported}
        self.bar.set_postfix({**counts, "rows/s": round(status.rate)}, refresh=False)
        self.bar.update(status.done_bytes - self.bar.n)

    def end(self, status: Status) -> None:
        if self.bar is not None:
            self.bar.update(status.done_bytes - self.bar.n)
            self.bar.close()


# How the command line words the engine's errors: its options, and the remedies it offers.
FIXES = {ENCODING: "try --encoding", RESUME: "--resume continues once fixed"}
FLAGS = {"output": "-o"}


def flag(setting: str) -> str:
    return FLAGS.get(setting, "--" + setting.replace("_", "-"))


def cli_message(exc: BatchError) -> str:
    return exc.words(flag, FIXES)


def summary_line(summary: BatchSummary, output: str) -> str:
    rows, fresh = summary.rows, summary.rows - summary.resumed
    target = "standard output" if output == "-" else output
    return (
        f"credibility batch: {rows:,} row{'s' * (rows != 1)}, {summary.errors:,} with errors, "
        f"{summary.unsupported:,} unsupported, {summary.seconds:.1f} s "
        f"({fresh / max(summary.seconds, 1e-9):,.0f} rows/s) -> {target}"
    )


def cmd_batch(args: argparse.Namespace) -> int:
    try:
        options = options_from(args)
        summary = run(options, Bar() if not args.quiet and sys.stderr.isatty() else None)
    except BatchError as exc:  # in the command line's words: its options, its remedies
        raise CredibilityError(cli_message(exc)) from None
    print(summary_line(summary, options.output), file=sys.stderr)
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
