"""Scoring the rows of a batch: which columns feed score() (Plan), the per-chunk function
both engines map over their chunks, and the local engine's process pool.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import select
import signal
import threading
import time
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any, NamedTuple

from credibility.batch.errors import RESUME, BatchError, BatchInputError
from credibility.batch.read import Reader
from credibility.batch.records import (
    OUTPUT_COLUMNS,
    SOURCE_COLUMNS,
    Result,
    Row,
    Spec,
    added_columns,
    rounded,
)
from credibility.batch.write import Sink
from credibility.errors import InvalidInputError, listed, quoted
from credibility.model import Model
from credibility.parsing import content_of
from credibility.scoring import cached_model, score
from credibility.sites import SitePage, lowering_names

PROBLEM = "__batch_problem__"  # the dask engine's partitions carry parse errors in it


class Item(NamedTuple):
    """What scoring needs of a row: its parse problem, or its content and how to read it."""

    problem: str
    kind: str  # "text" or "html"
    content: str
    title: str
    url: str


@dataclass(frozen=True)
class Plan:
    """Which columns feed score(): indexes into a row's fields, None when absent."""

    columns: tuple[str, ...]
    text: int | None
    html: int | None
    title: int | None
    url: int | None
    source: int | None
    model: str | None

    @property
    def added(self) -> tuple[str, ...]:
        return added_columns(self.url is not None)

    def item(self, problem: str, fields: list[str]) -> Item:
        """What scoring needs of a row. It uses its HTML where that cell has content (or
        there is no text column), else its text."""
        title = "" if self.title is None else fields[self.title]
        url = "" if self.url is None else fields[self.url]
        text = None if self.text is None else fields[self.text]
        html = None if self.html is None else fields[self.html]
        return Item(problem, *content_of(text, html), title, url)


def make_plan(columns: list[str], options: dict[str, str | None], model: str | None) -> Plan:
    """Resolve column options (name -> column or None) against the header, or fail."""
    found = listed(columns)
    for name in (*OUTPUT_COLUMNS, *SOURCE_COLUMNS, PROBLEM):
        if name in columns:
            raise BatchInputError(f"the input already has a {name!r} column (the output adds it)")
    if len(set(columns)) < len(columns):
        raise BatchInputError(f"duplicate column names in the header: {found}")

    def pick(key: str) -> int | None:
        given = options.get(key)
        if given is not None and given not in columns:
            raise BatchInputError(
                "no column {given} ({0}); the columns are: {found}",
                settings=(f"{key}_col",),
                given=quoted(given),
                found=found,
            )
        name = key if given is None else given
        return columns.index(name) if name in columns else None

    pick("id")  # only checked: the id is kept like every other column
    plan = Plan(
        tuple(columns), *(pick(k) for k in ("text", "html", "title", "url", "source")), model
    )
    if plan.text is None and plan.html is None:
        raise BatchInputError(
            "no 'text' or 'html' column (name yours with {0}/{1}); the columns are: {found}",
            settings=("text_col", "html_col"),
            found=found,
        )
    return plan


def score_item(item: Item, model: Model) -> Result:
    problem, kind, content, title, url = item
    if problem:
        return Result(None, "", "", problem)
    try:
        result = score(
            None if kind == "html" else content,
            html=content if kind == "html" else None,
            title=title or None,
            url=url or None,
            model=model,
            # The rows carry signal names and points; only the few signals that lower the
            # page get their spans, for the example of its site's verdict.
            evidence=lowering_names,
        )
    except InvalidInputError as exc:
        return Result(None, "", "", str(exc))
    except Exception as exc:  # a bug met on one odd row must not stop a million-row batch
        return Result(None, "", "", " ".join(f"{type(exc).__name__}: {exc}".split()))
    top = ";".join(f"{s.name}:{s.points:+.2f}" for s in result.top(3))
    value = None if result.credibility is None else rounded(result.credibility)
    page = SitePage.from_score("", result)  # the row's part of its site's verdict
    site = result.source
    rating = ("", "") if site is None or not site.domain else (site.rating, ";".join(site.lists))
    return Result(value, result.label, top, "", *rating, page.logit, page.lowering)


def score_items(items: list[Item], model_name: str | None) -> list[Result]:
    """Score one chunk: the function both engines map over their chunks."""
    model = cached_model(model_name)
    return [score_item(item, model) for item in items]


def init_worker(model_name: str | None, parent: int) -> None:
    """Pool worker start: load the model once; Ctrl-C is the parent's to handle."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=exit_with, args=(parent,), daemon=True).start()
    cached_model(model_name)


def exit_with(pid: int) -> None:
    """End this worker when the batch process ends: killed with SIGKILL it cannot stop its
    pool, and the workers would wait for chunks for ever."""
    try:
        select.select([os.pidfd_open(pid)], [], [])  # readable once the process has exited
    except (AttributeError, OSError):  # no pidfd (not Linux 5.3+): poll instead
        while True:
            time.sleep(1.0)
            with contextlib.suppress(PermissionError):
                try:
                    os.kill(pid, 0)
                except ProcessLookupError:
                    break
    os._exit(1)


def run_local(reader: Reader, plan: Plan, position: Any, workers: int, sink: Sink) -> None:
    """Chunks scored by a process pool, at most two per worker in flight, written in order."""
    jobs = (
        (spec, rows, [plan.item(row.problem, row.fields) for row in rows])
        for spec, rows in reader.chunks(position)
    )
    if workers <= 1:  # in this process: no pickling, no start-up
        for spec, rows, items in jobs:
            sink.write(spec, rows, score_items(items, plan.model))
        return
    # forkserver: forking this process could copy a lock held by one of its threads (tqdm's
    # monitor, a dask client) into a child for good.
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    pending: deque[tuple[Spec, list[Row], Future[list[Result]]]] = deque()
    with ProcessPoolExecutor(workers, context, init_worker, (plan.model, os.getpid())) as pool:
        try:
            for spec, rows, items in jobs:
                pending.append((spec, rows, pool.submit(score_items, items, plan.model)))
                while len(pending) >= 2 * workers or (pending and pending[0][2].done()):
                    spec, rows, future = pending.popleft()
                    sink.write(spec, rows, future.result())
            for spec, rows, future in pending:
                sink.write(spec, rows, future.result())
        except BrokenProcessPool as exc:  # a worker killed, by the OOM killer for one
            raise BatchError(f"a worker process died ({exc})", fix=RESUME) from None
        except BaseException:
            pool.shutdown(cancel_futures=True)  # running chunks finish; queued ones do not
            raise
