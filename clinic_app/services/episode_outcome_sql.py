"""One row of caseload figures per episode, computed from its records in one SQL statement.

The statement reads what the indicators need out of the records' JSON (SQLite and PostgreSQL
alike): the first visit's clinician, the presentation signs of the first examination and the
latest intake, the first STarT Back's answers, each measure's baseline and last value, the
red-flag screens' items not asked and the walk/run programme. It works on any set of episodes
(one, a demo batch or all of them) and on a plain ``Connection`` as well as a ``Session``, so the
same code refreshes one episode after a save, rebuilds a demo batch and back-fills the migration.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, exists, func, literal, null, select
from sqlalchemy.sql.selectable import CTE

from clinic_app.domain.rehab.return_to_run import FINAL_STAGE, StageAction
from clinic_app.persistence.models import (
    Episode,
    EpisodeOutcome,
    Exam,
    IntakeRevision,
    Patient,
    RedFlagScreen,
    RunSession,
    Visit,
    VisitMeasuresRecord,
)
from clinic_app.services.caseload_sql import age_at, sign_code, startback_answer_code
from clinic_app.services.caseload_sql_base import Json, days_between
from clinic_app.services.caseload_sql_measures import (
    MEASURE_KEYS,
    base_last,
    episode_values,
    measured,
)

CHANGE_KEYS = tuple(k for k in MEASURE_KEYS if k != "startback")
OUTCOME_COLUMNS = tuple(c.name for c in EpisodeOutcome.__table__.columns)


def _episodes(dialect: str, where: ColumnElement[bool]) -> CTE:
    """The episodes ``where`` selects, with their first and last visit, first exam, latest
    intake, first STarT Back and the patient's age at the start."""
    e, v, vm = Episode, Visit, VisitMeasuresRecord
    first = select(v.id).where(v.episode_id == e.id).order_by(v.starts_at, v.id).limit(1)
    last = select(v.id).where(v.episode_id == e.id).order_by(v.starts_at.desc(), v.id.desc()).limit(1)
    exam = (select(Exam.id).join(v, v.id == Exam.visit_id).where(v.episode_id == e.id)
            .order_by(v.starts_at, v.id).limit(1))
    intake = (select(IntakeRevision.id).where(IntakeRevision.episode_id == e.id)
              .order_by(IntakeRevision.revision.desc()).limit(1))
    answered = Json(dialect, vm.data)
    startback = (select(vm.id).join(v, v.id == vm.visit_id)
                 .where(vm.episode_id == e.id, answered.text("startback").is_not(None))
                 .order_by(v.starts_at, v.id).limit(1))
    return (select(e.id, e.start_date, e.status, first.scalar_subquery().label("first_visit"),
                   last.scalar_subquery().label("last_visit"),
                   select(func.count()).where(v.episode_id == e.id).scalar_subquery().label("visits"),
                   exam.scalar_subquery().label("exam_id"), intake.scalar_subquery().label("intake_id"),
                   startback.scalar_subquery().label("startback_id"),
                   age_at(e.start_date, Patient.birth_date).label("age"))
            .select_from(e.__table__.join(Patient, Patient.id == e.patient_id)).where(where)
            .cte("chosen").prefix_with("MATERIALIZED"))


def _bits(rows: CTE, flag: Any) -> Any:
    """Per episode: bit i set when measure i was recorded where ``flag`` is 1."""
    return sum((func.max(case((and_(flag == 1, rows.c[k].is_not(None)), 1 << i), else_=0))
                for i, k in enumerate(MEASURE_KEYS)), literal(0))


def _flags(chosen: CTE) -> list[Any]:
    """Screens, screens with items not asked, and items not asked (one indexed look-up each).

    The red-flag service stores every item of a screen as ``true``, ``false`` or ``null`` (not
    asked), so counting the JSON's ``null`` words counts exactly the items not asked.
    """
    rf = RedFlagScreen
    nulls = (func.length(rf.answers) - func.length(func.replace(rf.answers, "null", ""))) // 4
    mine = rf.episode_id == chosen.c.id
    return [select(func.count()).where(mine).scalar_subquery().label("screens"),
            select(func.coalesce(func.sum(case((nulls > 0, 1), else_=0)), 0)).where(mine)
            .scalar_subquery().label("screens_not_asked"),
            select(func.coalesce(func.sum(nulls), 0)).where(mine).scalar_subquery()
            .label("items_not_asked")]


def _runs(dialect: str, chosen: CTE) -> list[Any]:
    """Walk/run started, and days from the episode's start to passing the final stage."""
    rs = RunSession
    mine = and_(rs.episode_id == chosen.c.id,
                rs.action.in_([a.value for a in StageAction]))  # not confirmations or restarts
    done = (select(func.min(rs.session_date))
            .where(mine, rs.action == StageAction.ADVANCE.value, rs.stage == FINAL_STAGE)
            .scalar_subquery())
    return [case((exists().where(mine), True), else_=False).label("run_started"),
            days_between(dialect, done, chosen.c.start_date).label("run_days")]


def outcome_rows(dialect: str, where: ColumnElement[bool], odi_max_missing: int) -> Select[Any]:
    """The ``episode_outcome`` rows of the episodes ``where`` selects, in ``OUTCOME_COLUMNS`` order."""
    chosen = _episodes(dialect, where)
    rows = measured(dialect, chosen, odi_max_missing)
    values = episode_values(dialect, rows)
    bits = (select(rows.c.episode_id, _bits(rows, rows.c.at_first).label("at_first"),
                   _bits(rows, rows.c.at_last).label("at_discharge"))
            .group_by(rows.c.episode_id).subquery("bits"))
    ex, ir = Exam.__table__.alias("ex"), IntakeRevision.__table__.alias("ir")
    sb = VisitMeasuresRecord.__table__.alias("sb")
    fv = Visit.__table__.alias("fv")
    measures: list[Any] = []
    for key in CHANGE_KEYS:
        base, last, n = base_last(key, values)
        measures += [case((n >= 2, base), else_=null()).label(f"{key}_base"),
                     case((n >= 2, last), else_=null()).label(f"{key}_last")]
    query = (select(chosen.c.id, chosen.c.start_date,
                    case((chosen.c.status == "discharged", True), else_=False).label("discharged"),
                    fv.c.clinician_id,
                    sign_code(dialect, ex.c.data, ir.c.data, ex.c.id.is_not(None), chosen.c.age)
                    .label("signs"),
                    case((sb.c.id.is_not(None), startback_answer_code(dialect, sb.c.data)))
                    .label("startback"),
                    chosen.c.visits,
                    func.coalesce(bits.c.at_first, 0).label("at_first"),
                    func.coalesce(bits.c.at_discharge, 0).label("at_discharge"),
                    *measures,
                    *_flags(chosen), *_runs(dialect, chosen))
             .select_from(chosen)
             .outerjoin(fv, fv.c.id == chosen.c.first_visit)
             .outerjoin(ex, ex.c.id == chosen.c.exam_id)
             .outerjoin(ir, ir.c.id == chosen.c.intake_id)
             .outerjoin(sb, sb.c.id == chosen.c.startback_id)
             .outerjoin(bits, bits.c.episode_id == chosen.c.id)
             .outerjoin(values, values.c.episode_id == chosen.c.id))
    assert tuple(c.name for c in query.selected_columns) == OUTCOME_COLUMNS
    return query
