"""The dask engine of `credibility batch` (`pip install 'credibility[dask]'`).

dask.dataframe builds one partition per chunk with ``dd.from_map`` over this package's CSV
reader and maps the batch's per-chunk scoring function over the partitions. Not
``dd.read_csv``: it cuts files into blocks at raw newlines, which splits the quoted newlines
that article texts are full of (dask documents this), and it treats malformed lines and
undecodable bytes differently from the local engine. Chunks found by one pass over the input
give both engines the same rows, so they write the same bytes. Workers must see the input
files at the same paths (a LocalCluster does) and have the same model installed.
"""

from __future__ import annotations

import contextlib
import math
from collections import deque
from typing import Any

import pandas as pd

from credibility.batch.errors import BatchError, BatchInputError
from credibility.batch.read import Reader
from credibility.batch.records import Result, Row, Spec
from credibility.batch.score import PROBLEM, Plan, score_items
from credibility.batch.write import Sink
from credibility.scoring import cached_model

# The scheduler's HTTP server (dashboard, metrics) on a free port of loopback alone.
DASHBOARD = "127.0.0.1:0"

# Result's fields in order: the cells written, then what the site verdict takes of a row.
OUTPUTS = {
    "credibility": "float64",
    **dict.fromkeys(("label", "top_signals", "error", "source_rating", "source_lists"), object),
    "logit": "float64",
    "lowering": object,
}


def read_partition(spec: Spec, reader: Reader, names: tuple[str, ...]) -> pd.DataFrame:
    """One chunk: the input columns as strings, the row's parse error in PROBLEM, and the
    row's first line number as the index."""
    rows = reader.read(spec)
    return pd.DataFrame(
        [[*row.fields, row.problem] for row in rows],
        columns=[*names, PROBLEM],
        index=pd.Index([row.line for row in rows], dtype="int64"),
        dtype=object,
    )


def score_partition(frame: pd.DataFrame, plan: Plan) -> pd.DataFrame:
    """The batch's per-chunk scoring over one partition: input columns plus the outputs."""
    width = len(plan.columns)
    rows = frame.itertuples(index=False, name=None)
    results = score_items([plan.item(r[width], list(r[:width])) for r in rows], plan.model)
    out = frame.iloc[:, :width].copy()
    for i, (name, dtype) in enumerate(OUTPUTS.items()):
        values = [math.nan if r[i] is None else r[i] for r in results]
        out[name] = pd.Series(values, index=frame.index, dtype=dtype)
    return out


def to_rows(frame: pd.DataFrame, width: int) -> tuple[list[Row], list[Result]]:
    """A scored partition as the rows and results the sink writes."""
    rows: list[Row] = []
    results: list[Result] = []
    for line, *values in frame.itertuples(index=True, name=None):
        rows.append(Row(line, [str(v) for v in values[:width]], ""))
        credibility, *cells, logit, lowering = values[width:]
        number, log_odds = (None if math.isnan(x) else x for x in (credibility, logit))
        results.append(Result(number, *cells, log_odds, lowering))
    return rows, results


def model_name(name: str | None) -> str:
    """Which model a worker loads under ``name`` (its card's name and hash)."""
    return cached_model(name).name


def run_dask(
    reader: Reader, plan: Plan, position: Any, workers: int, scheduler: str | None, sink: Sink
) -> None:
    try:
        import dask.dataframe as dd
        from distributed import Client, LocalCluster
    except ImportError:
        raise BatchInputError("the dask engine needs: pip install 'credibility[dask]'") from None
    with contextlib.ExitStack() as stack:
        if scheduler:
            try:
                client = stack.enter_context(Client(scheduler, timeout="10s"))
            except (OSError, TimeoutError) as exc:
                raise BatchInputError(f"cannot reach dask at {scheduler} ({exc})") from None
        else:
            cluster = LocalCluster(
                n_workers=workers,
                threads_per_worker=1,  # scoring holds the GIL: processes, not threads
                host="127.0.0.1",
                # A free port on loopback: None still binds the scheduler's HTTP server to
                # 8787, which a second cluster on the machine finds taken (and warns).
                dashboard_address=DASHBOARD,
            )
            client = stack.enter_context(Client(stack.enter_context(cluster)))
        expected = cached_model(plan.model).name
        found = set(client.run(model_name, plan.model).values())
        if found - {expected}:
            raise BatchInputError(f"dask workers load {sorted(found)}, not {expected}")
        # One pass finds the chunks' byte ranges (quoted newlines make them unknowable
        # without parsing from the start); each worker then reads its own ranges.
        specs = [spec for spec, _ in reader.chunks(position)]
        if not specs:
            return
        meta = pd.DataFrame({c: pd.Series(dtype=object) for c in (*plan.columns, PROBLEM)})
        frame = dd.from_map(read_partition, specs, args=(reader, plan.columns), meta=meta)
        scored = frame.map_partitions(score_partition, plan, meta=score_partition(meta, plan))
        # At most two partitions per worker thread in flight, written in input order.
        window = 2 * max(1, sum(client.nthreads().values()))
        pending: deque[tuple[Spec, Any]] = deque()
        for spec, part in zip(specs, scored.to_delayed(), strict=True):
            pending.append((spec, client.compute(part)))
            while len(pending) >= window or (pending and pending[0][1].done()):
                write(sink, *pending.popleft(), len(plan.columns))
        for spec, future in pending:
            write(sink, spec, future, len(plan.columns))


def write(sink: Sink, spec: Spec, future: Any, width: int) -> None:
    try:
        frame = future.result()
    except OSError as exc:  # a worker on another machine without the file, most often
        raise BatchError(
            f"a dask worker cannot read the input ({exc}); workers need it at the same path"
        ) from None
    sink.write(spec, *to_rows(frame, width))
