"""Caseload facts and their sums by start month (``episode_outcome_month``).

Every indicator of the Outcomes view is a sum or a median over episodes, so each episode's
summary row is read as a handful of facts, (key, value) pairs: its number of visits, whether it
was discharged, each measure's improvement and verdict, and so on. The view counts how many
episodes have each value of each fact; the months table keeps those counts per start month, so
an unfiltered view adds up a few hundred rows per month instead of reading every episode. The
counts move by one when an episode's row changes (:func:`apply_changes`) and are rebuilt from
the summary rows after bulk work (:func:`rebuild_months`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date
from functools import cache
from typing import Any

from sqlalchemy import (
    Connection,
    Date,
    Float,
    Select,
    String,
    Table,
    bindparam,
    case,
    cast,
    delete,
    func,
    insert,
    literal,
    select,
    true,
    union_all,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from clinic_app.domain.caseload import MEASURE_RULES
from clinic_app.persistence.models import EpisodeOutcome, EpisodeOutcomeMonth
from clinic_app.services.caseload_sql_measures import change

Key = tuple[date, str, float]
VERDICT = "verdict_"
CHANGE = "change_"
"""Per measure: ``change_<key>`` is the improvement and ``verdict_<key>`` is 1 when judged plus 2
when it reached the meaningful change (both only for episodes with a baseline and a later value)."""


def facts(src: Any) -> list[Select[Any]]:
    """The facts of the summary rows in ``src``: selects of (start_date, key, value)."""
    c = src.c

    def fact(key: str, value: Any, when: Any = None) -> Select[Any]:
        query = select(c.start_date.label("start_date"), cast(literal(key), String).label("key"),
                       cast(value, Float).label("value")).select_from(src)
        return query if when is None else query.where(when)

    parts = [fact("visits", c.visits),
             fact("discharged", case((c.discharged.is_(true()), 1), else_=0)),
             fact("screens", c.screens), fact("screens_na", c.screens_not_asked),
             fact("items_na", c.items_not_asked),
             fact("run_started", case((c.run_started.is_(true()), 1), else_=0)),
             fact("run_days", c.run_days, c.run_days.is_not(None)),
             fact("at_first", c.at_first), fact("at_discharge", c.at_discharge)]
    for rule in MEASURE_RULES:
        base, last = c[f"{rule.key}_base"], c[f"{rule.key}_last"]
        improvement, judged, meets = change(rule, base, last)
        parts += [fact(CHANGE + rule.key, improvement, base.is_not(None)),
                  fact(VERDICT + rule.key, judged + 2 * meets, base.is_not(None))]
    return parts


def _month(dialect: str, day: Any) -> Any:
    if dialect == "postgresql":
        return cast(func.date_trunc("month", day), Date)
    return func.date(day, "start of month")


def _table() -> Table:
    return EpisodeOutcomeMonth.__table__  # type: ignore[return-value]


def rebuild_months(conn: Connection | Session, dialect: str) -> None:
    """Count every episode's facts by start month again, from the summary rows."""
    table = _table()
    every = union_all(*facts(EpisodeOutcome.__table__)).subquery("facts")
    month = _month(dialect, every.c.start_date)
    conn.execute(delete(table))
    conn.execute(insert(table).from_select(
        ["month", "key", "value", "n"],
        select(month, every.c.key, every.c.value, func.count()).group_by(month, every.c.key,
                                                                          every.c.value)))


@cache
def _facts_of() -> Select[Any]:
    rows = select(EpisodeOutcome).where(EpisodeOutcome.id.in_(bindparam("ids", expanding=True)))
    return union_all(*facts(rows.subquery("rows")))  # type: ignore[return-value]


def month_facts(conn: Connection | Session, ids: list[int]) -> Counter[Key]:
    """How many of these episodes' summary rows have each fact, by start month."""
    found: Counter[Key] = Counter()
    for day, key, value in conn.execute(_facts_of(), {"ids": ids}):
        found[(date(day.year, day.month, 1), key, float(value))] += 1
    return found


@cache
def _upsert(dialect: str) -> Any:
    table = _table()
    make = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = make(table)
    return statement.on_conflict_do_update(index_elements=["month", "key", "value"],
                                           set_={"n": table.c.n + statement.excluded.n})


def apply_changes(conn: Connection | Session, dialect: str, before: Counter[Key],
                  after: Counter[Key]) -> None:
    """Move the month counts from the facts ``before`` a refresh to those ``after`` it."""
    delta: dict[Key, int] = {}
    for key in set(before) | set(after):
        moved = after.get(key, 0) - before.get(key, 0)
        if moved:
            delta[key] = moved
    if not delta:
        return
    rows: list[dict[str, Any]] = [{"month": m, "key": k, "value": v, "n": n}
                                  for (m, k, v), n in sorted(delta.items())]
    conn.execute(_upsert(dialect), rows)
    gone = [row for row in rows if row["n"] < 0]
    if gone:
        table = _table()
        conn.execute(delete(table).where(table.c.month == bindparam("m"), table.c.key == bindparam("k"),
                                         table.c.value == bindparam("v"), table.c.n <= 0),
                     [{"m": r["month"], "k": r["key"], "v": r["value"]} for r in gone])


def months_between(start: date, end: date) -> Iterable[date]:
    """The first days of the months from ``start``'s to ``end``'s."""
    month = date(start.year, start.month, 1)
    while month <= end:
        yield month
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
