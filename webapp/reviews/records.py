"""Reviews: a person's verdict on a scored article, kept to become training data.

A review records the verdict the reviewer believes (credible / not credible), a note, and the
model whose score it answers. `credibility reviews export` writes the latest review of each
result with its article, in the columns `credibility train` reads.

Everything in the export but the model's own cells was typed by someone else (the article,
title and url by whoever scored it, the note by a reviewer), so each such cell is written
spreadsheet-safe, as the batch writes its cells: a leading apostrophe before what a
spreadsheet would run. A training row keeps that apostrophe: one character more, and only on
a text that starts (after blanks) with =, +, -, @, a tab or a CR.
"""

from __future__ import annotations

import hmac
import json
import os
import shlex
import time
from pathlib import Path
from typing import IO, Any

from sqlalchemy import func, insert, select

from credibility.batch.records import CsvWriter, safe_cell
from credibility.errors import InvalidInputError, quoted
from credibility.labels import Label, Verdict
from credibility.webapp.policy import ID
from credibility.webapp.store import Store, results, reviews, storable

VERDICTS = tuple(Verdict)
MAX_NOTE = 2000
EXPORT_COLUMNS = ("text", "html", "title", "url", "label", "model", "credibility", "note")
# The export's cells that came from outside: written spreadsheet-safe (see the docstring).
TYPED = ("text", "html", "title", "url", "note")


class UnknownResult(LookupError):
    """No stored result has this key (never scored, or expired)."""


def disagrees(verdict: str, label: str) -> bool:
    """The reviewer and the model part ways: credible read as low, or not credible as credible."""
    return (verdict == Verdict.CREDIBLE and label == Label.LOW) or (
        verdict == Verdict.NOT_CREDIBLE and label == Label.CREDIBLE
    )


def add_review(store: Store, result_id: str, verdict: str, note: str = "") -> dict[str, Any]:
    if verdict not in VERDICTS:
        raise InvalidInputError(
            f"verdict must be one of {', '.join(VERDICTS)}, not {quoted(verdict)}"
        )
    if len(note) > MAX_NOTE:
        raise InvalidInputError(f"the note is {len(note):,} characters; at most {MAX_NOTE:,}")
    with store.engine.begin() as conn:
        model = conn.execute(select(results.c.model).where(results.c.id == result_id)).scalar()
        if model is None:
            raise UnknownResult(result_id)
        row = {"result_id": result_id, "created": time.time(), "verdict": verdict}
        row |= {"note": storable(note.strip()), "model": model}
        row["id"] = conn.execute(insert(reviews).values(row)).inserted_primary_key[0]
    return row


def review(store: Store, key: str, verdict: str, note: str) -> dict[str, Any]:
    """A reviewer's verdict on the result ``key`` (UnknownResult for a key never given)."""
    if not ID.fullmatch(key):
        raise UnknownResult(key)
    return add_review(store, key, verdict, note)


def listing(store: Store, limit: int = 500) -> list[dict[str, Any]]:
    """Reviews with the model's score beside them: disagreements first, then newest first."""
    query = (
        select(reviews, results.c.score, results.c.title, results.c.url)
        .join(results, results.c.id == reviews.c.result_id)
        .order_by(reviews.c.created.desc())
        .limit(limit)
    )
    with store.engine.connect() as conn:
        rows = [dict(r._mapping) for r in conn.execute(query)]
    for row in rows:
        score = json.loads(row.pop("score"))
        row["credibility"], row["label"] = score["credibility"], score["label"]
        row["disagrees"] = disagrees(row["verdict"], row["label"])
    rows.sort(key=lambda r: not r["disagrees"])  # stable: newest first within each group
    return rows


def export_rows(store: Store) -> list[dict[str, Any]]:
    """The latest review of each reviewed article, as a training row. An article scored
    twice has two results (ids are random); their digest makes them one row."""
    article = func.coalesce(results.c.digest, results.c.id)
    latest = (
        select(func.max(reviews.c.id).label("id"))
        .select_from(reviews.join(results, results.c.id == reviews.c.result_id))
        .group_by(article)
        .subquery()
    )
    query = (
        select(reviews.c.verdict, reviews.c.note, results)
        .join(latest, latest.c.id == reviews.c.id)
        .join(results, results.c.id == reviews.c.result_id)
        .order_by(reviews.c.id)
    )
    with store.engine.connect() as conn:
        found = [dict(r._mapping) for r in conn.execute(query)]
    out = []
    for r in found:
        html = r["kind"] == "html"
        out.append(
            {
                "text": "" if html else (r["article"] or ""),
                "html": (r["article"] or "") if html else "",
                "title": r["title"] or "",
                "url": r["url"] or "",
                "label": r["verdict"],
                "model": r["model"],
                "credibility": json.loads(r["score"])["credibility"],
                "note": r["note"],
            }
        )
    return out


def latest_reviews():  # type: ignore[no-untyped-def]
    """The latest review of each reviewed result (what the export writes), as a subquery."""
    return (
        select(reviews.c.result_id, func.max(reviews.c.id).label("id"))
        .group_by(reviews.c.result_id)
        .subquery()
    )


def verdict_counts(store: Store) -> dict[str, int]:
    """Reviewed articles per verdict (each article's latest review), both verdicts listed."""
    latest = latest_reviews()
    query = (
        select(reviews.c.verdict, func.count())
        .join(latest, latest.c.id == reviews.c.id)
        .group_by(reviews.c.verdict)
    )
    with store.engine.connect() as conn:
        found = dict(conn.execute(query).all())
    return {verdict: int(found.get(verdict, 0)) for verdict in VERDICTS}


def answered_model(store: Store) -> str | None:
    """The model most of the latest reviews answered (``name@sha``), None without reviews."""
    latest = latest_reviews()
    count = func.count().label("n")
    query = (
        select(reviews.c.model, count)
        .join(latest, latest.c.id == reviews.c.id)
        .group_by(reviews.c.model)
        .order_by(count.desc(), reviews.c.model)
        .limit(1)
    )
    with store.engine.connect() as conn:
        return conn.execute(query).scalar()


def adapt_command(model: str, data: str) -> str:
    """The command that adapts ``model`` (a served name or path; ``name@sha`` as reviews
    record it) to the exported reviews in ``data``; it writes a new model, never the served
    one, which changes only when the user names it (`serve --model`)."""
    base = model.rsplit("@", 1)[0] or "default"
    out = shlex.quote(f"models/{Path(base).name}-reviewed")
    return f"credibility train --from {shlex.quote(base)} {shlex.quote(data)} -o {out}"


def write_export(store: Store, out: IO[str]) -> int:
    """The export as CSV into ``out``; the number of rows."""
    rows = export_rows(store)
    writer = CsvWriter(out)
    writer.writerow(EXPORT_COLUMNS)
    for row in rows:
        writer.writerow([safe_cell(row[n]) if n in TYPED else row[n] for n in EXPORT_COLUMNS])
    return len(rows)


def export_csv(store: Store, path: Path) -> int:
    """Write the export to a file atomically; the number of rows."""
    partial = path.with_name(path.name + ".partial")
    with partial.open("w", newline="", encoding="utf-8") as f:
        count = write_export(store, f)
    os.replace(partial, path)
    return count


def as_json(review: dict[str, Any]) -> dict[str, Any]:
    """A stored review as the API returns it."""
    keys = ("id", "result_id", "created", "verdict", "note", "model")
    return {k: review[k] for k in keys}


def may_write(required: str | None, authorization: str | None, form_token: str | None) -> bool:
    """With a review token configured, writes need it: as `Authorization: Bearer <token>`
    (API) or the form's token field (page). Without one, anyone who can reach the app may
    review, as anyone may score."""
    if not required:
        return True
    given = bearer(authorization) or (form_token or "")
    return hmac.compare_digest(given.encode(), required.encode())


def bearer(authorization: str | None) -> str:
    """The token of an ``Authorization: Bearer <token>`` header (the scheme in any case, as
    RFC 9110 has it); "" for any other, so a bare token is not taken for one (issue 20)."""
    scheme, _, token = (authorization or "").strip().partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def export_command(out: str, state: str | None, url: str | None) -> int:
    """`credibility reviews export`: the state folder's (or database's) reviews to a CSV."""
    from credibility.state import state_dir
    from credibility.webapp.store import database_url

    folder = state_dir(state)
    folder.mkdir(parents=True, exist_ok=True)
    store = Store(database_url(folder, url), keep_seconds=float("inf"))
    try:
        count = export_csv(store, Path(out))
        counts = verdict_counts(store)
        answered = answered_model(store)
    finally:
        store.close()
    said = ", ".join(f"{n} {verdict.replace('_', ' ')}" for verdict, n in counts.items())
    print(f"wrote {count} reviewed articles to {out} ({said})")
    # The model most of the reviews answered is the one to adapt (the served one, as a rule).
    if answered:
        print(f"adapt the model they answer: {adapt_command(answered, out)}")
    return 0
