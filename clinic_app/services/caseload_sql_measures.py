"""Outcome measures per episode (baseline, last value) and the MCID judgement of a change.

Each measured visit's JSON is read once into plain columns (a materialised step, so no value is
read twice); then, per episode, the first and the last visit with each measure are found by
their place in the episode (one grouping for all measures) and their values picked out. The
baseline is the first recorded value and the follow-up the last, as on the Progress tab; PSFS
compares only ratings of the episode's latest activity series, as the Progress tab does.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import BigInteger, Float, and_, case, cast, func, literal, or_, select
from sqlalchemy.sql.selectable import CTE

from clinic_app.domain.caseload import EPSILON, MEASURE_RULES, ChangeRule
from clinic_app.persistence.models import Visit, VisitMeasuresRecord
from clinic_app.services.caseload_sql_base import Json

ODI_SECTIONS = 10
PSFS_MAX = 5
MEASURE_KEYS = tuple(r.key for r in MEASURE_RULES) + ("startback",)
"""Every measure whose completion is counted, in report order."""
HISTOGRAM_EDGES: dict[str, tuple[float, ...]] = {
    "nprs_back": (-2, 0, 1, 2, 3, 4, 5, 6),
    "nprs_leg": (-2, 0, 1, 2, 3, 4, 5, 6),
    "odi": (-10, 0, 5, 10, 15, 20, 30, 40),
    "rmdq": (-5, 0, 2, 5, 8, 11, 14, 17),
    "psfs": (-2, 0, 1, 2, 3, 4, 5, 6),
}
"""Improvement bins per measure: bin 0 is below the first edge, bin i is [edge i-1, edge i)."""


def _count(condition: Any) -> Any:
    return case((condition, 1), else_=0)


def measured(dialect: str, chosen: CTE, max_missing: int) -> CTE:
    """One row per measured visit of the selected episodes: each measure as plain numbers.

    The JSON is read once into columns (a materialised step); the ODI is then kept as its
    section sum and answered-section count (the score is 20 x sum / answered, as ``score_odi``).
    """
    vm, v = VisitMeasuresRecord, Visit
    j = Json(dialect, vm.data)
    raw = (select(vm.episode_id, vm.id.label("vm_id"), v.starts_at, v.id.label("visit_id"),
                  _count(v.id == chosen.c.first_visit).label("at_first"),
                  _count(and_(chosen.c.status == "discharged", v.id == chosen.c.last_visit))
                  .label("at_last"),
                  j.integer("nprs", "back_now").label("nprs_back"),
                  j.integer("nprs", "leg_now").label("nprs_leg"),
                  *(j.integer("odi", i).label(f"o{i}") for i in range(ODI_SECTIONS)),
                  j.array_length("rmdq").label("rmdq"),
                  j.integer("psfs", "series_id").label("psfs"),
                  case((j.text("startback").is_not(None), 1)).label("startback"))
           .join(chosen, chosen.c.id == vm.episode_id).join(v, v.id == vm.visit_id)
           .cte("measured_raw").prefix_with("MATERIALIZED"))
    sections = [raw.c[f"o{i}"] for i in range(ODI_SECTIONS)]
    answered = sum((_count(s.is_not(None)) for s in sections), literal(0))
    total = sum((func.coalesce(s, 0) for s in sections), literal(0))
    valid = and_(answered > 0, answered >= ODI_SECTIONS - max_missing)
    place = func.row_number().over(partition_by=raw.c.episode_id,
                                   order_by=(raw.c.starts_at, raw.c.visit_id))
    return (select(raw.c.episode_id, raw.c.vm_id, place.label("rk"), raw.c.at_first, raw.c.at_last,
                   raw.c.nprs_back, raw.c.nprs_leg,
                   case((valid, total * _ODI_PACK + answered)).label("odi"), raw.c.rmdq,
                   raw.c.psfs, raw.c.startback).cte("measured").prefix_with("MATERIALIZED"))


_PACK = 1024
"""Values (0-1023) packed under a visit's place: ``place x 1024 + value`` sorts by place."""
_ODI_PACK = 16
"""An ODI as one number: section sum x 16 + sections answered."""
_ID = literal(2**31, BigInteger)
"""Record ids packed under a place: ``place x 2^31 + id`` (64-bit on both databases)."""
_ID_PACK = literal(2**31 * _PACK, BigInteger)
_INTEGER_MEASURES = ("nprs_back", "nprs_leg", "odi", "rmdq")


def _psfs_mean(dialect: str, data: Any) -> Any:
    j = Json(dialect, data)
    ratings = [j.number("psfs", "ratings", i) for i in range(PSFS_MAX)]
    return sum((func.coalesce(r, 0.0) for r in ratings), literal(0.0)) / j.array_length("psfs", "ratings")


def episode_values(dialect: str, rows: CTE) -> CTE:
    """Per episode and measure: baseline (first value), last value and how many there are.

    One grouping finds them all: each value is packed under its visit's place in the episode,
    so the smallest packed number is the first value and the largest the last. PSFS compares
    only ratings of the episode's latest activity series (an earlier series rates other
    activities), so its first rating in that series is found per series, and both means are
    read from those two records.
    """
    def packed(key: str) -> Any:
        return case((rows.c[key].is_not(None), rows.c.rk * _PACK + rows.c[key]))

    ends = (select(rows.c.episode_id,
                   *(func.min(packed(k)).label(f"f_{k}") for k in _INTEGER_MEASURES),
                   *(func.max(packed(k)).label(f"l_{k}") for k in _INTEGER_MEASURES),
                   *(func.count(rows.c[k]).label(f"n_{k}") for k in _INTEGER_MEASURES),
                   func.max(case((rows.c.psfs.is_not(None), rows.c.rk * _ID + rows.c.vm_id)))
                   .label("l_psfs"))
            .group_by(rows.c.episode_id).subquery("ends"))
    series = (select(rows.c.episode_id, func.max(rows.c.rk).label("lr"),
                     func.min(rows.c.rk * _ID + rows.c.vm_id).label("fp"), func.count().label("n"))
              .where(rows.c.psfs.is_not(None)).group_by(rows.c.episode_id, rows.c.psfs)
              .subquery("psfs_series"))
    latest = (select(series.c.episode_id,
                     func.max(series.c.lr * _ID_PACK + series.c.n * _ID + series.c.fp % _ID)
                     .label("pick"))
              .group_by(series.c.episode_id).subquery("psfs_latest"))
    first = VisitMeasuresRecord.__table__.alias("psfs_first")
    last = VisitMeasuresRecord.__table__.alias("psfs_last")
    return (select(ends, (latest.c.pick // _ID % _PACK).label("n_psfs"),
                   _psfs_mean(dialect, first.c.data).label("b_psfs"),
                   _psfs_mean(dialect, last.c.data).label("z_psfs"))
            .outerjoin(latest, latest.c.episode_id == ends.c.episode_id)
            .outerjoin(first, first.c.id == latest.c.pick % _ID)
            .outerjoin(last, last.c.id == ends.c.l_psfs % _ID)
            .cte("episode_values").prefix_with("MATERIALIZED"))


def base_last(key: str, values: CTE) -> tuple[Any, Any, Any]:
    """A measure's baseline, last value and count from the packed per-episode row."""
    c = values.c
    if key == "psfs":
        return c.b_psfs, c.z_psfs, c.n_psfs
    first, last = c[f"f_{key}"] % _PACK, c[f"l_{key}"] % _PACK
    if key == "odi":  # 20 x sum / answered, as score_odi
        return (cast(first // _ODI_PACK * 20, Float) / (first % _ODI_PACK),
                cast(last // _ODI_PACK * 20, Float) / (last % _ODI_PACK), c.n_odi)
    return first, last, c[f"n_{key}"]


def change(rule: ChangeRule, base: Any, last: Any) -> tuple[Any, Any, Any]:
    """Improvement, whether it can be judged (C9) and whether it meets the rule (1/0): the
    patient view's ``nprs_change``/``odi_change``/``rmdq_change``/``psfs_change`` thresholds."""
    improvement = (last - base) if rule.higher_is_better else (base - last)
    judged = base >= rule.points - EPSILON if rule.floor else literal(True)
    meets = improvement >= rule.points - EPSILON
    if rule.pct is not None:
        pct = cast(improvement, Float) / base * 100
        meets = or_(meets, and_(base > 0, pct >= rule.pct - EPSILON))
    return improvement, _count(judged), _count(and_(judged, meets))
