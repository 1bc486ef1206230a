"""Batch scoring of CSV files: every row once, in input order, in parallel, resumably.

>>> from credibility.batch import BatchOptions, score_file
>>> score_file(BatchOptions(("in.csv",), "scored.csv", by_source="sources.csv"))  # doctest: +SKIP

Stages, one direction: read.py -> score.py (local pool; dask.py) -> write.py (+ rollup.py),
with the records they pass in records.py; run.py runs them from a BatchOptions; command.py
is `credibility batch`.
"""

from credibility.batch.command import configure_parser, main
from credibility.batch.run import BatchOptions, BatchSummary, run, score_file

__all__ = ["BatchOptions", "BatchSummary", "configure_parser", "main", "run", "score_file"]
