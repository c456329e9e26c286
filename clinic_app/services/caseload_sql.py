"""The caseload indicators as one SQL statement (SQLAlchemy Core, SQLite and PostgreSQL alike).

Records keep their clinical content as JSON text, so the statement reads single values out of
it with the database's JSON functions (``json_extract`` on SQLite, ``jsonb`` paths on
PostgreSQL). Everything is aggregated in the database; one statement means the selected
episodes are worked out once (a common table expression used by every part) and only a few
dozen summary rows come back. Medians use window functions (``row_number`` over the sorted
values), which both databases have, instead of a median aggregate, which neither shares.

Every rule comes from :mod:`clinic_app.domain.caseload`: presentations and STarT Back groups
are filtered by the codes the domain's classifiers give, and a change meets the MCID by the
constants the patient view uses.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    case,
    exists,
    extract,
    func,
    literal,
    or_,
    select,
    union_all,
)
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
from clinic_app.domain.exam import SijTest, TestOutcome
from clinic_app.domain.intake import Effect
from clinic_app.domain.return_to_run import FINAL_STAGE, StageAction
from clinic_app.domain.startback import StartBackRisk
from clinic_app.persistence.models import (
    Episode,
    Exam,
    IntakeRevision,
    Patient,
    RedFlagScreen,
    RunSession,
    Visit,
    VisitMeasuresRow,
)
from clinic_app.services.caseload_sql_base import Json, Selection, days_between, median, row
from clinic_app.services.caseload_sql_measures import (
    completion_parts,
    episode_values,
    measure_parts,
    measured,
)


def _age(start: Any, born: Any) -> ColumnElement[Any]:
    years = extract("year", start) - extract("year", born)
    earlier = (extract("month", start) * 100 + extract("day", start)
               < extract("month", born) * 100 + extract("day", born))
    return years - case((earlier, 1), else_=0)  # type: ignore[no-any-return]


def _signs(dialect: str, exam_data: Any, intake_data: Any, examined: Any, age: Any) -> Any:
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


def _startback_code(dialect: str, data: Any) -> Any:
    """Items 1-8 as bits and item 9 x 256 (``startback_code`` in the domain)."""
    sj = Json(dialect, data)
    agree = sum((case((sj.flag("startback", "agree", i) == 1, 1 << i), else_=0) for i in range(8)),
                literal(0))
    bother = case(*((sj.text("startback", "bothersomeness") == b.value, 256 * i)
                    for i, b in enumerate(BOTHERSOMENESS_ORDER)), else_=0)
    return agree + bother


def _selected(dialect: str, sel: Selection) -> CTE:
    """The episodes that count, with what each indicator needs from them.

    The first examination, the intake and the first STarT Back are read only when a filter
    needs them: they are the costliest part, one JSON document per episode.
    """
    e, v, vm = Episode, Visit, VisitMeasuresRow
    first = select(v.id).where(v.episode_id == e.id).order_by(v.starts_at, v.id).limit(1)
    last = select(v.id).where(v.episode_id == e.id).order_by(v.starts_at.desc(), v.id.desc()).limit(1)
    columns: list[Any] = [
        e.id, e.start_date, e.status, first.scalar_subquery().label("first_visit"),
        last.scalar_subquery().label("last_visit"),
        select(func.count()).where(v.episode_id == e.id).scalar_subquery().label("visits")]
    source: Any = e
    if sel.presentation is not None:
        exam = (select(Exam.id).join(v, v.id == Exam.visit_id).where(v.episode_id == e.id)
                .order_by(v.starts_at, v.id).limit(1))
        intake = (select(IntakeRevision.id).where(IntakeRevision.episode_id == e.id)
                  .order_by(IntakeRevision.revision.desc()).limit(1))
        columns += [exam.scalar_subquery().label("exam_id"), intake.scalar_subquery().label("intake_id"),
                    _age(e.start_date, Patient.birth_date).label("age")]
        source = e.__table__.join(Patient, Patient.id == e.patient_id)
    if sel.startback is not None:
        measured = Json(dialect, vm.data)
        startback = (select(vm.id).join(v, v.id == vm.visit_id)
                     .where(vm.episode_id == e.id, measured.text("startback").is_not(None))
                     .order_by(v.starts_at, v.id).limit(1))
        columns.append(startback.scalar_subquery().label("startback_id"))
    base = (select(*columns).select_from(source)
            .where(e.start_date >= sel.start, e.start_date <= sel.end).subquery("base"))
    query = select(base)
    conditions = []
    if sel.clinician_id is not None:
        fv = Visit.__table__.alias("fv")
        query = query.join(fv, fv.c.id == base.c.first_visit)
        conditions.append(fv.c.clinician_id == sel.clinician_id)
    if sel.presentation is not None:
        ex, ir = Exam.__table__.alias("ex"), IntakeRevision.__table__.alias("ir")
        query = (query.outerjoin(ex, ex.c.id == base.c.exam_id)
                 .outerjoin(ir, ir.c.id == base.c.intake_id))
        signs = _signs(dialect, ex.c.data, ir.c.data, ex.c.id.is_not(None), base.c.age)
        conditions.append(signs.in_(presentation_codes(Presentation(sel.presentation))))
    if sel.startback == NOT_RECORDED:
        conditions.append(base.c.startback_id.is_(None))
    elif sel.startback is not None:
        sb = VisitMeasuresRow.__table__.alias("sb")
        query = query.outerjoin(sb, sb.c.id == base.c.startback_id)
        conditions += [sb.c.id.is_not(None), _startback_code(dialect, sb.c.data)
                       .in_(startback_codes(StartBackRisk(sel.startback)))]
    return query.where(*conditions).cte("selected").prefix_with("MATERIALIZED")


def indicators_statement(dialect: str, sel: Selection) -> Select[Any]:
    """Every indicator as rows of (part, key, a, b, c, d)."""
    chosen = _selected(dialect, sel)
    rows = measured(dialect, chosen, sel.odi_max_missing)
    values = episode_values(dialect, rows)
    unscreened = ~exists().where(RedFlagScreen.episode_id == chosen.c.id)
    parts: list[Select[Any]] = [
        select(*row("episodes", "", func.count(),
                    func.sum(case((chosen.c.status == "discharged", 1), else_=0)),
                    func.sum(chosen.c.visits), func.sum(case((unscreened, 1), else_=0)))),
        median("visits", select(chosen.c.visits.label("x"))),
        *completion_parts(rows),
    ]
    for rule in MEASURE_RULES:
        parts += measure_parts(rule, values)
    parts += _flag_parts(chosen) + _run_parts(dialect, chosen)
    return union_all(*parts)  # type: ignore[return-value]


def _flag_parts(chosen: CTE) -> list[Select[Any]]:
    """Screens and their not-asked items.

    The red-flag service stores every item of the screen, each ``true``, ``false`` or ``null``
    (not asked), so the JSON's ``null`` words are exactly the items not asked: counting them in
    the text is the same on both databases and several times cheaper than reading 18 values.
    """
    answers = RedFlagScreen.answers
    nulls = (func.length(answers) - func.length(func.replace(answers, "null", ""))) // 4
    per = (select(nulls.label("na")).join(chosen, chosen.c.id == RedFlagScreen.episode_id)
           .subquery())
    return [select(*row("flags", "", func.count(), func.sum(case((per.c.na > 0, 1), else_=0)),
                        func.sum(per.c.na))).select_from(per)]


def _run_parts(dialect: str, chosen: CTE) -> list[Select[Any]]:
    """Walk/run programme started, completed (the final stage passed) and days to completion."""
    rs = RunSession
    done = and_(rs.action == StageAction.ADVANCE.value, rs.stage == FINAL_STAGE)
    per = (select(rs.episode_id, func.min(rs.session_date).label("first"),
                  func.min(case((done, rs.session_date))).label("done"))
           .join(chosen, chosen.c.id == rs.episode_id)
           .where(rs.action.in_([a.value for a in StageAction]))  # not confirmations or restarts
           .group_by(rs.episode_id).subquery())
    timed = (select(days_between(dialect, per.c.done, chosen.c.start_date).label("x"))
             .join(chosen, chosen.c.id == per.c.episode_id).where(per.c.done.is_not(None)))
    return [select(*row("running", "", func.count(), func.count(per.c.done))).select_from(per),
            median("running_days", timed)]
