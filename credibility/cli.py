"""The command line: `credibility score | batch | sites | train | evaluate | models | sources |
reviews | serve`.

The composition root: the only module that brings the faces (training, web) together with
the library, and it imports them lazily so `credibility score` starts fast.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from credibility import __version__, batch
from credibility.defaults import SEED
from credibility.errors import CredibilityError, InvalidInputError
from credibility.limits import MAX_ARTICLE_BYTES, MAX_UPLOAD_BYTES
from credibility.parsing import read_input
from credibility.reputation import command as sources_command

PROG = "credibility"


def cmd_score(args: argparse.Namespace) -> int:
    from credibility.scoring import report, score_content

    result = score_content(
        read_input(args.path, args.encoding),
        as_html=args.html,
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


def columns_of(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from credibility.training.data import Columns

    return Columns(
        text=args.text_col,
        html=args.html_col,
        title=args.title_col,
        url=args.url_col,
        label=args.label_col,
        group=args.group_col or "",
    )


def cache_of(args: argparse.Namespace) -> Path | None:
    from credibility.training.cache import default_cache_dir

    return None if args.no_cache else Path(args.cache_dir or default_cache_dir())


def cmd_train(args: argparse.Namespace) -> int:
    from credibility.training.report import conclusions
    from credibility.training.train import Options, train

    options = Options(
        estimator=args.estimator,
        calibration=args.calibration,
        seed=args.seed,
        force=args.force,
        cache_dir=cache_of(args),
    )
    if args.base:
        return adapt_command(args, options)
    path, card = train(args.data, args.out, columns_of(args), options)
    t = card["training"]
    print(
        f"rows used {t['rows']} ({t['credible']} credible, {t['not_credible']} not credible); "
        f"set aside {t['rejected']}{' ' + str(t['rejected_reasons']) if t['rejected'] else ''}"
        f" -> {path / 'rejected.csv'}"
    )
    print(f"labels read: {t['label_spellings']}")
    m = card["metrics"]["model"]
    print(
        f"saved {path}  {card['estimator']}+{card['calibration']}  source-disjoint macro-F1 "
        f"{m['macro_f1']:.3f}  ROC-AUC {m['roc_auc']:.3f}  Brier {m['brier']:.3f}  "
        f"ECE {m['ece']:.3f}  (report: {path / 'report.md'})"
    )
    for row in card["metrics"].get("lodo", []):
        print(
            f"  held out {row['held_out']:28} ROC-AUC {row['roc_auc']:.3f}  "
            f"macro-F1 {row['macro_f1']:.3f}  low precision {row.get('low_precision')}"
        )
    print("\n".join(conclusions(card)))
    return 0


def adapt_command(args: argparse.Namespace, options) -> int:  # type: ignore[no-untyped-def]
    """`credibility train --from BASE`: what was read, base against adapted, what moved."""
    from credibility.training.adapt import adapt
    from credibility.training.report import bands_sentence

    path, card = adapt(args.data, args.out, args.base, columns_of(args), options)
    t, adapted = card["training"], card["adapted_from"]
    print(
        f"rows used {t['rows']} ({t['credible']} credible, {t['not_credible']} not credible); "
        f"set aside {t['rejected']}{' ' + str(t['rejected_reasons']) if t['rejected'] else ''}"
        f" -> {path / 'rejected.csv'}"
    )
    print(f"labels read: {t['label_spellings']}")
    m, before = card["metrics"]["adapted"], card["metrics"][f"base {adapted['model']}"]
    print(
        f"saved {path}  adapted from {adapted['model']}  on these rows, source-disjoint: "
        f"ROC-AUC {before['roc_auc']:.3f} -> {m['roc_auc']:.3f}  Brier {before['brier']:.3f} "
        f"-> {m['brier']:.3f}  (report: {path / 'report.md'})"
    )
    moved = ", ".join(f"{r['signal']} {r['change']:+.2f}" for r in adapted["largest_changes"][:6])
    print(f"largest changes (points per standard deviation): {moved}")
    if "precision" in card["thresholds"]:
        print(bands_sentence(card["thresholds"]))
    print(f"not served until named: credibility serve --model {path}")
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    from credibility.model import load_model
    from credibility.training.evaluate import assess

    found = assess(load_model(args.model), args.data, columns_of(args), cache_of(args))
    if args.json:
        print(json.dumps(found, indent=2))
        return 0
    print(f"model {found['model']} on {found['n']} rows ({found['rejected']} set aside)")
    for name in ("macro_f1", "roc_auc", "brier", "ece"):
        m = found["intervals"][name]
        span = f" [{m['low']:.3f}, {m['high']:.3f}]" if "low" in m else ""
        print(f"  {name:9} {m['value']:.3f}{span}")
    print("per dataset:")
    for row in found["per_dataset"]:
        print(
            f"  {row['dataset']:30} n={row['n']:<6} macro-F1 {row['macro_f1']:.3f}  "
            f"accuracy {row['accuracy']:.3f}"
        )
    return 0


def cmd_models(args: argparse.Namespace) -> int:
    from credibility.model import CARD, model_dirs

    roots = [Path(args.dir)] if args.dir else model_dirs()
    found = [
        p for root in roots if root.is_dir() for p in sorted(root.iterdir()) if (p / CARD).is_file()
    ]
    if not found:
        print(f"no models under {', '.join(map(str, roots))}")
        return 0
    print(f"{'name':20} {'created':26} {'rows':>6} {'macro-F1':>8} {'ROC-AUC':>8}  estimator")
    for path in found:
        try:
            card = json.loads((path / CARD).read_text(encoding="utf-8"))
        except ValueError:
            print(f"{path.name:20} (unreadable card)")
            continue
        m = card.get("metrics", {}).get("model", {})
        print(
            f"{path.name:20} {card.get('created', '?'):26} "
            f"{card.get('training', {}).get('rows', '?'):>6} "
            f"{m.get('macro_f1', float('nan')):>8.3f} {m.get('roc_auc', float('nan')):>8.3f}  "
            f"{card.get('estimator', 'logreg')}+{card.get('calibration', 'sigmoid')}"
        )
    return 0


def add_data_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("data", nargs="+", help="labelled CSV or JSON-lines files (.gz accepted)")
    for part, default in (
        ("text", "text"),
        ("html", "html"),
        ("title", "title"),
        ("url", "url"),
        ("label", "label"),
    ):
        p.add_argument(f"--{part}-col", default=default, help=f"{part} column (default {default})")
    p.add_argument("--group-col", help="source/domain column for source-disjoint folds")
    p.add_argument("--cache-dir", help="signal cache (default ~/.cache/credibility/signals)")
    p.add_argument("--no-cache", action="store_true", help="do not cache signal values")


def cmd_sites(args: argparse.Namespace) -> int:
    from credibility.sites import site_verdicts_of_file

    found = site_verdicts_of_file(
        args.path, args.model, source_col=args.source_col, url_col=args.url_col
    )
    if args.json:
        print(json.dumps([v.to_dict() for v in found], ensure_ascii=False, indent=2))
        return 0
    for verdict in found:
        print(site_line(verdict))
        for found_on in verdict.evidence:
            print(f"  {found_on.line(verdict.judged)}")
    return 0


def site_line(verdict) -> str:  # type: ignore[no-untyped-def]
    """'example.com  low 7/100 (3-15)  12 pages, 12 judged'."""
    said = verdict.band
    if verdict.probability is not None and verdict.interval is not None:
        low, high = (round(x * 100) for x in verdict.interval)
        said += f" {round(verdict.probability * 100)}/100 ({low}-{high})"
    pages = f"{verdict.pages} page{'s' * (verdict.pages != 1)}, {verdict.judged} judged"
    return f"{verdict.site}  {said}  {pages}"


def cmd_reviews(args: argparse.Namespace) -> int:
    from credibility.webapp.reviews.records import export_command

    return export_command(args.out, args.state_dir, args.database_url)


def cmd_serve(args: argparse.Namespace) -> int:
    from credibility.webapp.serve import run

    if min(args.workers, args.threads) < 1:
        raise InvalidInputError("--workers and --threads must be at least 1")
    config = {
        "MODEL": args.model,
        "MAX_UPLOAD_BYTES": int(args.max_upload_mb * 1_000_000),
        "STATE_DIR": args.state_dir,
    }
    if args.scheduler:
        config["JOB_SCHEDULER"] = args.scheduler
    return run(args.host, args.port, config, args.threads, args.workers, args.server)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=PROG, description="Explainable credibility scores")
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("score", help="score one article (text or HTML)")
    p.add_argument("path", nargs="?", default="-", help="file to score, or - for stdin")
    kind = p.add_mutually_exclusive_group()
    kind.add_argument("--html", action="store_true", default=None, help="input is HTML")
    kind.add_argument("--text", dest="html", action="store_false", help="input is plain text")
    p.add_argument("--title", help="the article's title, when not in the text")
    p.add_argument(
        "--url", help="the article's address (enables the source signals and the site's rating)"
    )
    p.add_argument("--model", help="model name under models/ or a model directory")
    p.add_argument("--json", action="store_true", help="print the Score as JSON")
    p.add_argument("--encoding", default="utf-8-sig", help="input encoding (default utf-8)")
    p.add_argument(
        "--max-bytes",
        type=int,
        default=MAX_ARTICLE_BYTES,
        help=f"refuse larger input (default {MAX_ARTICLE_BYTES:,})",
    )
    p.set_defaults(func=cmd_score)

    p = sub.add_parser("train", help="train a model from labelled CSV or JSON lines")
    add_data_arguments(p)
    p.add_argument("-o", "--out", required=True, help="model directory to write")
    p.add_argument(
        "--from",
        dest="base",
        metavar="MODEL",
        help="adapt this model (a name under models/ or a model directory) to the rows "
        "instead of training from nothing: its weights are the prior",
    )
    p.add_argument("--estimator", choices=("logreg", "gbm"), default="logreg")
    p.add_argument(
        "--calibration",
        choices=("auto", "sigmoid", "isotonic"),
        default="auto",
        help="auto: whichever has the lower out-of-fold Brier score",
    )
    p.add_argument("--seed", type=int, default=SEED)
    p.add_argument("--force", action="store_true", help="replace an existing model")
    p.set_defaults(func=cmd_train)

    batch.configure_parser(sub)

    p = sub.add_parser(
        "sites",
        help="site verdicts of a scored file",
        description="The verdict on each site of a file `credibility batch` wrote (CSV or JSON "
        "lines), from its rows' credibility and top signals: most pages first. `batch "
        "--by-source` gives the same verdicts with an example for each recurring signal.",
    )
    p.add_argument("path", metavar="SCORED_FILE", help="a file credibility batch wrote")
    p.add_argument("--source-col", default="source", help="column of source names (default source)")
    p.add_argument("--url-col", default="url", help="column of addresses (default url)")
    p.add_argument("--model", help="the model that scored the file, for its site calibration")
    p.add_argument("--json", action="store_true", help="print the verdicts as JSON")
    p.set_defaults(func=cmd_sites)

    p = sub.add_parser("evaluate", help="a model's metrics on a labelled file")
    add_data_arguments(p)
    p.add_argument("--model", help="model name under models/ or a model directory")
    p.add_argument("--json", action="store_true", help="print the metrics as JSON")
    p.set_defaults(func=cmd_evaluate)

    p = sub.add_parser("models", help="list the models with their headline metrics")
    p.add_argument("--dir", help="models directory (default: models/)")
    p.set_defaults(func=cmd_models)

    sources_command.configure_parser(sub)

    p = sub.add_parser("reviews", help="export the web page's reviews as training data")
    p.add_argument("action", choices=("export",), help="export: write a labelled CSV")
    p.add_argument("-o", "--out", required=True, help="CSV file to write")
    p.add_argument("--state-dir", help="the web app's state folder (as for serve)")
    p.add_argument("--database-url", help="its database (default $CREDIBILITY_DATABASE_URL)")
    p.set_defaults(func=cmd_reviews)

    p = sub.add_parser("serve", help="serve the web page and JSON API (gunicorn or waitress)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument(
        "--state-dir",
        help="results, reviews, form key and your source ratings (default "
        "$CREDIBILITY_STATE_DIR, else ~/.local/state/credibility)",
    )
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--model", help="model name under models/ or a model directory")
    p.add_argument("--threads", type=int, default=4, help="threads per worker (default 4)")
    p.add_argument("--scheduler", help="run batch jobs on this dask scheduler (tcp://host:port)")
    p.add_argument(
        "--max-upload-mb",
        type=float,
        default=MAX_UPLOAD_BYTES / 1_000_000,
        help=f"largest CSV upload on /batch and /api/batch (default {MAX_UPLOAD_BYTES / 1e6:g} MB)",
    )
    p.add_argument(
        "--workers",
        type=int,
        # Each worker holds the app and model (about 100 MB): one per core, at most four.
        default=min(4, os.cpu_count() or 1),
        help="processes sharing the port (default: one per core, at most 4)",
    )
    p.add_argument(
        "--server",
        choices=("auto", "gunicorn", "waitress"),
        default="auto",
        help="auto (default): gunicorn on POSIX; waitress, one process, where gunicorn cannot "
        "run (Windows)",
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
