"""The command line: `credibility score | train | serve`.

The composition root: the only module that brings the faces (training, web) together with
the library, and it imports them lazily so `credibility score` starts fast.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import BinaryIO

from credibility.document import DEFAULT_MAX_BYTES, looks_like_html
from credibility.errors import CredibilityError, InvalidInputError

PROG = "credibility"


def read_input(path: str, encoding: str, stdin: BinaryIO | None = None) -> str:
    """The article as text; InvalidInputError with a one-line reason otherwise."""
    if path == "-":
        raw = (stdin or sys.stdin.buffer).read()
        where = "standard input"
    else:
        file = Path(path)
        if file.is_dir():
            raise InvalidInputError(f"{path}: is a directory")
        try:
            raw = file.read_bytes()
        except FileNotFoundError:
            raise InvalidInputError(f"{path}: no such file") from None
        except OSError as exc:
            raise InvalidInputError(f"{path}: cannot read ({exc.strerror})") from None
        where = path
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InvalidInputError(
            f"{where}: undecodable bytes for {encoding} at byte {exc.start}; try --encoding"
        ) from None
    except LookupError:
        raise InvalidInputError(f"unknown encoding {encoding!r}") from None


def cmd_score(args: argparse.Namespace) -> int:
    from credibility.scoring import report, score

    content = read_input(args.path, args.encoding)
    as_html = args.html if args.html is not None else looks_like_html(content)
    result = score(
        None if as_html else content,
        html=content if as_html else None,
        title=args.title,
        url=args.url,
        model=args.model,
        max_bytes=args.max_bytes,
    )
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(report(result))
    return 0


def cmd_train(args: argparse.Namespace) -> int:
    from training.train import train

    path = train(args.data, args.out, label_col=args.label_col, force=args.force)
    card = json.loads((path / "card.json").read_text(encoding="utf-8"))
    metrics = card.get("metrics", {}).get("all", {})
    print(
        f"saved {path}  rows {card['training']['rows']}  "
        f"macro-F1 {metrics.get('macro_f1', 'n/a')}  ROC-AUC {metrics.get('roc_auc', 'n/a')}"
    )
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from credibility.model import load_model
    from webapp.serve import run

    load_model(args.model)  # a bad --model fails here with one line, before any fork
    return run(args.host, args.port, {"MODEL": args.model}, args.threads, args.workers)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=PROG, description="Explainable credibility scores")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("score", help="score one article (text or HTML)")
    p.add_argument("path", nargs="?", default="-", help="file to score, or - for stdin")
    kind = p.add_mutually_exclusive_group()
    kind.add_argument("--html", action="store_true", default=None, help="input is HTML")
    kind.add_argument("--text", dest="html", action="store_false", help="input is plain text")
    p.add_argument("--title", help="the article's title, when not in the text")
    p.add_argument("--url", help="the article's address (enables the source signals)")
    p.add_argument("--model", help="model name under models/ or a model directory")
    p.add_argument("--json", action="store_true", help="print the Score as JSON")
    p.add_argument("--encoding", default="utf-8-sig", help="input encoding (default utf-8)")
    p.add_argument(
        "--max-bytes",
        type=int,
        default=DEFAULT_MAX_BYTES,
        help=f"refuse larger input (default {DEFAULT_MAX_BYTES:,})",
    )
    p.set_defaults(func=cmd_score)

    p = sub.add_parser("train", help="train a model from labelled CSV or JSON lines")
    p.add_argument("data", nargs="+", help="labelled files (text or html column, label)")
    p.add_argument("-o", "--out", required=True, help="model directory to write")
    p.add_argument("--label-col", default="label")
    p.add_argument("--force", action="store_true", help="replace an existing model")
    p.set_defaults(func=cmd_train)

    p = sub.add_parser("serve", help="serve the web page and JSON API with waitress")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--model", help="model name under models/ or a model directory")
    p.add_argument("--threads", type=int, default=8, help="threads per worker (default 8)")
    p.add_argument(
        "--workers",
        type=int,
        default=os.cpu_count() or 1,
        help="processes sharing the port (default: one per core)",
    )
    p.set_defaults(func=cmd_serve)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except (CredibilityError, FileExistsError) as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader (e.g. `head`) went away: stop quietly, as Unix tools do.
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - replaces the closed stream
        return 141


if __name__ == "__main__":
    sys.exit(main())
