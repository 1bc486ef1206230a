"""The stored results' budget (MAX_RESULT_BYTES, webapp/store.py), measured on SQLite.

    .venv/bin/python benchmarks/result_budget.py                # 60 articles of 2 MB
    .venv/bin/python benchmarks/result_budget.py --budget 0     # the same without a budget
    .venv/bin/python benchmarks/result_budget.py --many         # the check over 50,000 results

Issue 20 (finding 4): 60 different 2 MB articles grew SQLite by 115 MB, outside any budget.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, insert, select

from credibility.webapp import store as st

SCORE = {"credibility": 0.5, "label": "uncertain", "model": "default@abc", "signals": []}


def large(budget: int | None) -> str:
    folder = Path(tempfile.mkdtemp(prefix="result-budget-"))
    s = st.Store(st.database_url(folder), 7 * 86400, budget)
    times = []
    for i in range(60):
        article = (f"{i:04d} " + "Officials said the council met on Monday. ") * 47_600
        began = time.perf_counter()
        s.put(f"{i:032x}", SCORE, article=article, kind="text", title="", url="")
        times.append(time.perf_counter() - began)
    with s.engine.connect() as conn:
        rows = conn.execute(select(func.count()).select_from(st.results)).scalar()
    size = sum(p.stat().st_size for p in folder.glob(st.DATABASE_FILE + "*"))
    times.sort()
    s.close()
    return (
        f"budget {budget}: {rows} results kept, {s.used():,} bytes counted, database files "
        f"{size:,} bytes; a put: median {times[30] * 1000:.0f} ms, max {times[-1] * 1000:.0f} ms"
    )


def many() -> str:
    folder = Path(tempfile.mkdtemp(prefix="result-budget-"))
    s = st.Store(st.database_url(folder), 7 * 86400, 10**12)
    article = "Officials said the council met on Monday. " * 240  # about 10 KB
    rows = [
        {"id": f"{i:032x}", "created": float(i), "model": "m", "score": "{}", "article": article}
        for i in range(50_000)
    ]
    with s.engine.begin() as conn:
        conn.execute(insert(st.results), [row | {"size": len(article) + 3} for row in rows])
    s.budget_bytes = s.used()  # full: every put now evicts the oldest
    began = time.perf_counter()
    for i in range(20):
        s.put(f"{i:032x}".replace("0", "e", 1), SCORE, article=article)
    each = (time.perf_counter() - began) / 20 * 1000
    s.close()
    return f"50,000 results of 10 KB, budget full: a put (sum, evict one) {each:.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--budget", type=int, default=50_000_000, help="bytes; 0: none")
    parser.add_argument("--many", action="store_true")
    args = parser.parse_args()
    print(many() if args.many else large(args.budget or None))


if __name__ == "__main__":
    main()
