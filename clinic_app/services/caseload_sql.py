"""The caseload indicators as one SQL statement over the per-episode summaries (SQLite and
PostgreSQL alike), and the sign codes the per-episode rows are classified by.

Each episode's figures are kept in one narrow ``episode_outcome`` row, computed from the records
in the transaction of every write that changes them (``episode_outcome_sql``). The view reads the
rows as facts, (key, value) pairs such as the number of visits or a measure's improvement
(``episode_outcome_month.facts``), and counts how many selected episodes have each value: every
total is a sum over those counts and every median is found from their running sum, so the only
work that grows with the practice is counting. For months whose every episode is selected (no
filter but the dates) the counts come ready-made from ``episode_outcome_month``; the episodes of
the other months, and of any filtered view, are counted from their rows.

Every rule comes from :mod:`clinic_app.domain.caseload`: presentations and STarT Back groups
are filtered by the codes the domain's classifiers give, and a change meets the MCID by the
constants the patient view uses (``change``, applied to the stored baseline and last value).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    and_,
    case,
    cast,
    extract,
    func,
    literal,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import Session
from sqlalchemy.sql.selectable import CTE

from clinic_app.domain.caseload import (
    BOTHERSOMENESS_ORDER,
    CLAUDICATION_BETTER,
    CLAUDICATION_WORSE,
    MEASURE_RULES,
    NOT_RECORDED,
    SIGN_BITS,
    STENOSIS_AGE_OVER,
    Presentation,
    presentation_codes,
    startback_codes,
)
from clinic_app.domain.exam.rules import SijTest, TestOutcome
from clinic_app.domain.intake.record import Effect
from clinic_app.domain.measures.startback import StartBackRisk
from clinic_app.persistence.models import EpisodeOutcome, EpisodeOutcomeMonth
from clinic_app.services.caseload_sql_base import Json, Selection, row
from clinic_app.services.caseload_sql_measures import HISTOGRAM_EDGES, MEASURE_KEYS
from clinic_app.services.episode_outcome_month import CHANGE, VERDICT, facts, months_between


def age_at(start: Any, born: Any) -> ColumnElement[Any]:
    years = extract("year", start) - extract("year", born)
    earlier = (extract("month", start) * 100 + extract("day", start)
               < extract("month", born) * 100 + extract("day", born))
    return years - case((earlier, 1), else_=0)  # type: ignore[no-any-return]


def sign_code(dialect: str, exam_data: Any, intake_data: Any, examined: Any, age: Any) -> Any:
    """The presentation sign code (``PresentationSigns.code``) from the raw exam and intake."""
    xj, ij = Json(dialect, exam_data), Json(dialect, intake_data)
    positive = TestOutcome.POSITIVE.value
    sij = sum((case((xj.text("sij", t.value) == positive, 1), else_=0) for t in SijTest), literal(0))
    nerve = or_(*(and_(xj.text(side, "result") == positive, xj.flag(side, "below_knee") == 1)
                  for side in ("slr_left", "slr_right")),
                xj.text("crossed_slr", "result") == positive, xj.text("slump", "result") == positive)
    worse = or_(*(ij.text("factors", f.value) == Effect.WORSE.value for f in CLAUDICATION_WORSE))
    better = or_(*(ij.text("factors", f.value) == Effect.BETTER.value for f in CLAUDICATION_BETTER))
    return (case((examined, SIGN_BITS["examined"]), else_=0)
            + case((and_(examined, nerve), SIGN_BITS["nerve_root_signs"]), else_=0)
            + case((age > STENOSIS_AGE_OVER, SIGN_BITS["over_stenosis_age"]), else_=0)
            + case((worse, SIGN_BITS["claudication_worse"]), else_=0)
            + case((better, SIGN_BITS["claudication_better"]), else_=0)
            + case((examined, sij * SIGN_BITS["sij_positives"]), else_=0))


def startback_answer_code(dialect: str, data: Any) -> Any:
    """Items 1-8 as bits and item 9 x 256 (``startback_code`` in the domain)."""
    sj = Json(dialect, data)
    agree = sum((case((sj.flag("startback", "agree", i) == 1, 1 << i), else_=0) for i in range(8)),
                literal(0))
    bother = case(*((sj.text("startback", "bothersomeness") == b.value, 256 * i)
                    for i, b in enumerate(BOTHERSOMENESS_ORDER)), else_=0)
    return agree + bother




def _filters(sel: Selection) -> list[Any]:
    eo = EpisodeOutcome
    conditions: list[Any] = []
    if sel.clinician_id is not None:
        conditions.append(eo.clinician_id == sel.clinician_id)
    if sel.presentation is not None:
        conditions.append(eo.signs.in_(presentation_codes(Presentation(sel.presentation))))
    if sel.startback == NOT_RECORDED:
        conditions.append(eo.startback.is_(None))
    elif sel.startback is not None:
        conditions.append(eo.startback.in_(startback_codes(StartBackRisk(sel.startback))))
    return conditions


def _next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def covered_months(s: Session, sel: Selection) -> tuple[date, date] | None:
    """The first and last start month whose every episode lies in the range, when the month
    sums can stand in for the episodes (no filter but the dates); None when none can."""
    if _filters(sel):
        return None
    eo = EpisodeOutcome

    def whole(month: date) -> bool:
        if month >= sel.start and _next_month(month) - timedelta(days=1) <= sel.end:
            return True
        outside = (select(func.count()).where(eo.start_date >= month, eo.start_date < _next_month(month),
                                              or_(eo.start_date < sel.start, eo.start_date > sel.end)))
        return not s.scalar(outside)

    months = list(months_between(sel.start, sel.end))
    if months and not whole(months[0]):
        months.pop(0)
    if months and not whole(months[-1]):
        months.pop()
    return (months[0], months[-1]) if months else None


def _distribution(sel: Selection, months: tuple[date, date] | None) -> CTE:
    """How many selected episodes have each value of each fact: the month sums for the months
    ``months`` covers, and the facts of the other selected episodes."""
    eo = EpisodeOutcome
    conditions = [eo.start_date >= sel.start, eo.start_date <= sel.end, *_filters(sel)]
    pieces: list[Any] = []
    if months is not None:
        m = EpisodeOutcomeMonth
        pieces.append(select(m.key, m.value, m.n).where(m.month >= months[0], m.month <= months[1]))
        conditions.append(or_(eo.start_date < months[0], eo.start_date >= _next_month(months[1])))
    chosen = select(eo).where(*conditions).cte("selected").prefix_with("MATERIALIZED")
    each = union_all(*facts(chosen)).subquery("episode_facts")
    pieces.append(select(each.c.key, each.c.value, literal(1).label("n")))
    every = union_all(*pieces).subquery("facts")
    return (select(every.c.key, every.c.value, func.sum(every.c.n).label("n"))
            .group_by(every.c.key, every.c.value).cte("distribution").prefix_with("MATERIALIZED"))


def _totals(dist: CTE) -> CTE:
    """Every count in one pass over the distribution."""
    d = dist.c

    def total(key: str, when: Any = None, weighted: bool = False) -> Any:
        condition = d.key == key if when is None else and_(d.key == key, when)
        return func.coalesce(func.sum(case((condition, d.value * d.n if weighted else d.n),
                                           else_=0)), 0)

    def bit(i: int) -> Any:
        return cast(d.value, Integer).op("&")(1 << i) != 0

    columns: list[Any] = [
        total("visits").label("episodes"), total("discharged", d.value == 1).label("discharged"),
        total("visits", weighted=True).label("visits"),
        total("screens", d.value == 0).label("unscreened"),
        total("screens", weighted=True).label("screens"),
        total("screens_na", weighted=True).label("screens_na"),
        total("items_na", weighted=True).label("items_na"),
        total("run_started", d.value == 1).label("run_started"), total("run_days").label("run_done"),
        *(total("at_first", bit(i)).label(f"first_{i}") for i in range(len(MEASURE_KEYS))),
        *(total("at_discharge", bit(i)).label(f"last_{i}") for i in range(len(MEASURE_KEYS)))]
    for rule in MEASURE_RULES:
        k = rule.key
        columns += [total(CHANGE + k).label(f"both_{k}"),
                    total(VERDICT + k, d.value.in_((1, 3))).label(f"judged_{k}"),
                    total(VERDICT + k, d.value == 3).label(f"meets_{k}")]
    return select(*columns).cte("totals").prefix_with("MATERIALIZED")


def _medians(dist: CTE, keys: dict[str, str]) -> list[Select[Any]]:
    """The median of each fact in ``keys`` (fact key → report key): the mean of the values at
    the two middle places, found by the running count of the sorted values."""
    d = dist.c
    ranked = (select(d.key, d.value, d.n,
                     cast(func.sum(d.n).over(partition_by=d.key, order_by=d.value), Integer)
                     .label("cum"),
                     cast(func.sum(d.n).over(partition_by=d.key), Integer).label("total"))
              .where(d.key.in_(list(keys))).cte("ranked").prefix_with("MATERIALIZED"))
    r = ranked.c

    def holds(place: Any) -> Any:
        return and_(r.cum - r.n < place, r.cum >= place)

    middle = or_(holds((r.total + 1) // 2), holds((r.total + 2) // 2))
    return [select(*row("median", key, func.avg(r.value), func.max(r.total)))
            .where(r.key == fact, middle) for fact, key in keys.items()]


def _bin(key: str, improvement: Any) -> Any:
    edges = HISTOGRAM_EDGES[key]
    return case(*((improvement < edge, i) for i, edge in enumerate(edges)), else_=len(edges))


def indicators_statement(sel: Selection, months: tuple[date, date] | None = None) -> Select[Any]:
    """Every indicator as rows of (part, key, a, b, c, d); ``months`` from :func:`covered_months`."""
    dist = _distribution(sel, months)
    t = _totals(dist).c
    first = [t[f"first_{i}"] for i in range(len(MEASURE_KEYS))]
    last = [t[f"last_{i}"] for i in range(len(MEASURE_KEYS))]
    parts: list[Select[Any]] = [
        select(*row("episodes", "", t.episodes, t.discharged, t.visits, t.unscreened)),
        select(*row("flags", "", t.screens, t.screens_na, t.items_na)),
        select(*row("running", "", t.run_started, t.run_done)),
        select(*row("baseline0", "", *first[:4])), select(*row("baseline1", "", *first[4:])),
        select(*row("discharge0", "", *last[:4])), select(*row("discharge1", "", *last[4:])),
        *_medians(dist, {"visits": "visits", "run_days": "running_days",
                         **{CHANGE + r.key: r.key for r in MEASURE_RULES}}),
    ]
    d = dist.c
    for rule in MEASURE_RULES:
        k = rule.key
        bins = (select(_bin(k, d.value).label("bin"), d.n).where(d.key == CHANGE + k)
                .subquery(f"bins_{k}"))
        parts += [
            select(*row("change", k, t[f"both_{k}"], t[f"judged_{k}"], t[f"meets_{k}"])),
            select(*row("hist", k, bins.c.bin, func.sum(bins.c.n))).group_by(bins.c.bin),
        ]
    return union_all(*parts)  # type: ignore[return-value]
