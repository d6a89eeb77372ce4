"""Substring search over organisation names, through the name index of two-character pieces.

`LIKE '%q%'` alone reads every row: fine for a dozen enterprises, not for fifty thousand. The index
answers "which names contain this piece" from a B-tree on both SQLite and PostgreSQL. A search
narrows by the query's rarest piece, then checks the whole query against the names left.
"""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    and_,
    bindparam,
    delete,
    event,
    false,
    func,
    insert,
    inspect,
    select,
)
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm import UOWTransaction
from sqlmodel import col

from organizations.models import NameGram, Organization
from organizations.rules import name_grams

# A piece found this many times or more is common: narrowing by it would gather a large part of
# the table before sorting, while the ordered scan finds a page of such matches at once.
COMMON_GRAM = 400
BATCH = 5_000


def index_names(connection: Connection, rows: list[tuple[int, str]]) -> None:
    """(Re)write the index entries of these organisations."""
    if not rows:
        return
    ids = [org_id for org_id, _name in rows]
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        connection.execute(delete(NameGram).where(col(NameGram.organization_id).in_(chunk)))
    values = [
        {"gram": gram, "organization_id": org_id}
        for org_id, name in rows
        for gram in sorted(name_grams(name))
    ]
    for start in range(0, len(values), BATCH):
        connection.execute(insert(NameGram), values[start : start + BATCH])


def rebuild_name_index(connection: Connection) -> int:
    """Rebuild the whole index from the names (after bulk loads that bypass the ORM)."""
    connection.execute(delete(NameGram))
    rows = [
        (row.id, row.name)
        for row in connection.execute(select(col(Organization.id), col(Organization.name)))
    ]
    index_names(connection, rows)
    return len(rows)


@event.listens_for(OrmSession, "after_flush")
def _index_flushed_names(session: OrmSession, _context: UOWTransaction) -> None:
    """Keep the index in step with every organisation the ORM creates or renames."""
    rows: list[tuple[int, str]] = []
    for obj in session.new:
        if isinstance(obj, Organization) and obj.id is not None:
            rows.append((obj.id, obj.name))
    for obj in session.dirty:
        if isinstance(obj, Organization) and inspect(obj).attrs.name.history.has_changes():
            rows.append((obj.id or 0, obj.name))
    if rows:
        index_names(session.connection(), rows)


# How often a piece occurs changes slowly and only steers the search, never decides its result
# (every match contains every piece), so estimates are kept per process for a while.
ESTIMATE_SECONDS = 600
_estimates: dict[str, tuple[float, int]] = {}
_COUNT = select(func.count()).select_from(
    select(col(NameGram.organization_id))
    .where(col(NameGram.gram) == bindparam("gram"))
    .limit(COMMON_GRAM)
    .subquery()
)


def _piece_count(session: Any, gram: str) -> int:
    """How many names contain the piece, counted no further than COMMON_GRAM."""
    now = time.monotonic()
    known = _estimates.get(gram)
    if known is not None and now - known[0] < ESTIMATE_SECONDS:
        return known[1]
    count = int(session.execute(_COUNT, {"gram": gram}).scalar_one())
    if count:  # an absent piece is looked up again next time: a new name may bring it
        if len(_estimates) > 100_000:
            _estimates.clear()
        _estimates[gram] = (now, count)
    return count


def name_condition(session: Any, query: str) -> ColumnElement[bool]:
    """The condition for 'the name contains `query`', narrowed through the index when it helps."""
    contains = col(Organization.name).icontains(query.strip(), autoescape=True)
    folded = "".join(query.split()).casefold()
    if len(folded) < 2:
        return contains
    rarest, fewest = "", COMMON_GRAM
    for gram in dict.fromkeys(folded[i : i + 2] for i in range(len(folded) - 1)):
        count = _piece_count(session, gram)
        if count == 0:
            return false()  # some piece of the query is in no name at all
        if count < fewest:
            rarest, fewest = gram, count
    if not rarest:
        return contains
    narrowed = select(col(NameGram.organization_id)).where(col(NameGram.gram) == rarest)
    return and_(col(Organization.id).in_(narrowed), contains)
