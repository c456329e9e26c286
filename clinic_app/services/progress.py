"""Assemble the Progress tab's read model: measures, load, ACWR, SLR and the baseline table."""

from __future__ import annotations

from datetime import date, timedelta

from clinic_app.domain.intake.record import Intake
from clinic_app.domain.interpretation import (
    nprs_change_finding,
    odi_change_finding,
    psfs_change_finding,
    rmdq_change_finding,
)
from clinic_app.domain.load.training import acwr_uncoupled, week_start, weekly_totals
from clinic_app.domain.measures.scoring import (
    NPRS_MCID_PCT,
    NPRS_MCID_POINTS,
    ODI_MCID_PCT,
    ODI_MCID_POINTS,
    PSFS_MDC_MEAN,
    RMDQ_MCID_PCT,
    RMDQ_MCID_POINTS,
    below_mcid_floor,
    nprs_change,
    odi_change,
    psfs_change,
    rmdq_change,
)
from clinic_app.services.exams import ExamService
from clinic_app.services.intake import IntakeService
from clinic_app.services.measures import MeasuredVisit, MeasureService
from clinic_app.services.patients import PatientService
from clinic_app.services.plans import PlanService
from clinic_app.services.progress_dto import (
    AdherenceWeek,
    BaselineRow,
    MeasureSeries,
    ProgressData,
    RatioPoint,
    SeriesPoint,
    SlrAngles,
    WeekDistance,
)


def mcid_level(baseline: float, points: float, pct: float, higher_is_better: bool) -> float | None:
    """The value at which the change from baseline meets the MCID (points or percent); None when
    the baseline is too low for any change to be judged (C9)."""
    if higher_is_better:
        return baseline + points
    if below_mcid_floor(baseline, points):
        return None
    return max(baseline - points, baseline * (1 - pct / 100), 0.0)


def _judged(meets: bool, baseline_too_low: bool) -> bool | None:
    """The since-baseline table's MCID cell: None (shown as not judged) below the floor."""
    return None if baseline_too_low else meets


def weekly_km(intake: Intake) -> list[WeekDistance]:
    """Weekly distance from the load history, with session-log weeks filling the gaps."""
    weeks = {w.week_start: w.distance_km for w in intake.weekly_history}
    if intake.session_log:
        for total in weekly_totals(intake.session_log):
            weeks.setdefault(total.week_start, total.distance_km)
    if not weeks:
        return []
    first, last = min(weeks), max(weeks)
    out, day = [], first
    while day <= last:
        out.append(WeekDistance(day, float(weeks.get(day, 0.0))))
        day += timedelta(weeks=1)
    return out


def _series(key: str, label: str, unit: str, low: float, high: float, higher: bool,
            points: list[SeriesPoint], mcid: tuple[float, float] | None) -> MeasureSeries:
    baseline = points[0].value if points else None
    level = (mcid_level(baseline, mcid[0], mcid[1], higher)
             if baseline is not None and mcid is not None else None)
    return MeasureSeries(key, label, unit, low, high, higher, tuple(points), baseline, level)


def _fmt(value: float, places: int) -> str:
    return f"{value:.{places}f}"


def _baseline_rows(history: list[MeasuredVisit]) -> list[BaselineRow]:
    rows: list[BaselineRow] = []
    for field, label in (("back_now", "Pain (back)"), ("leg_now", "Pain (leg)")):
        values = [getattr(v.measures.nprs, field) for v in history
                  if getattr(v.measures.nprs, field) is not None]
        if len(values) >= 2 and any(values):
            change = nprs_change(values[0], values[-1])
            finding = nprs_change_finding(values[0], values[-1], label.split("(")[1].rstrip(")"))
            rows.append(BaselineRow(label, str(values[0]), str(values[-1]),
                                    f"{values[-1] - values[0]:+d}",
                                    "—" if change.pct_change is None else f"{change.pct_change:.0f}%",
                                    finding.explanation,
                                    _judged(change.meets_abs_mcid or change.meets_pct_mcid,
                                            change.baseline_too_low)))
    odi = [v.scores.odi.percent for v in history if v.scores.odi is not None]
    if len(odi) >= 2:
        c = odi_change(odi[0], odi[-1])
        rows.append(BaselineRow("ODI", f"{odi[0]:.1f}%", f"{odi[-1]:.1f}%", f"{odi[-1] - odi[0]:+.1f}",
                                "—" if c.pct_change is None else f"{c.pct_change:.0f}%",
                                odi_change_finding(odi[0], odi[-1]).explanation,
                                _judged(c.meets_mcid, c.baseline_too_low)))
    rmdq = [v.scores.rmdq for v in history if v.scores.rmdq is not None]
    if len(rmdq) >= 2:
        r = rmdq_change(rmdq[0], rmdq[-1])
        rows.append(BaselineRow("RMDQ", str(rmdq[0]), str(rmdq[-1]), f"{rmdq[-1] - rmdq[0]:+d}",
                                "—" if r.pct_change is None else f"{r.pct_change:.0f}%",
                                rmdq_change_finding(rmdq[0], rmdq[-1]).explanation,
                                _judged(r.meets_mcid, r.baseline_too_low)))
    psfs = [v for v in history if v.measures.psfs is not None]
    if psfs:
        series_id = psfs[-1].measures.psfs.series_id  # type: ignore[union-attr]
        same = [v.measures.psfs.ratings for v in psfs  # type: ignore[union-attr]
                if v.measures.psfs.series_id == series_id]  # type: ignore[union-attr]
        if len(same) >= 2:
            p = psfs_change(same[0], same[-1])
            rows.append(BaselineRow("PSFS", _fmt(p.baseline_mean, 2), _fmt(p.followup_mean, 2),
                                    f"{p.change:+.2f}", "—",
                                    psfs_change_finding(same[0], same[-1]).explanation,
                                    p.exceeds_mdc))
    return rows


class ProgressService:
    """Everything the Progress tab needs for one episode, in one read."""

    def __init__(self, patients: PatientService, measures: MeasureService, intake: IntakeService,
                 exams: ExamService, plans: PlanService) -> None:
        self._patients = patients
        self._measures = measures
        self._intake = intake
        self._exams = exams
        self._plans = plans

    def progress(self, patient_id: int, episode_id: int) -> ProgressData:
        """Series, load and the since-baseline table of an episode."""
        details = self._patients.get(patient_id)
        episode = next(e for e in details.episodes if e.id == episode_id)
        history = self._measures.history(episode_id)

        def points(get: object) -> list[SeriesPoint]:
            assert callable(get)
            return [SeriesPoint(v.measured_on, float(value), v.visit_id)
                    for v in history if (value := get(v)) is not None]

        psfs_series = next((v.measures.psfs.series_id for v in reversed(history)
                            if v.measures.psfs is not None), None)
        measures = (
            _series("nprs_back", "Pain (back)", "0-10", 0, 10, False,
                    points(lambda v: v.measures.nprs.back_now), (NPRS_MCID_POINTS, NPRS_MCID_PCT)),
            _series("nprs_leg", "Pain (leg)", "0-10", 0, 10, False,
                    points(lambda v: v.measures.nprs.leg_now), (NPRS_MCID_POINTS, NPRS_MCID_PCT)),
            _series("odi", "ODI", "%", 0, 100, False,
                    points(lambda v: v.scores.odi.percent if v.scores.odi else None),
                    (ODI_MCID_POINTS, ODI_MCID_PCT)),
            _series("rmdq", "RMDQ", "0-24", 0, 24, False, points(lambda v: v.scores.rmdq),
                    (RMDQ_MCID_POINTS, RMDQ_MCID_PCT)),
            _series("psfs", "PSFS", "0-10", 0, 10, True,
                    points(lambda v: v.scores.psfs if v.measures.psfs is not None
                           and v.measures.psfs.series_id == psfs_series else None),
                    (PSFS_MDC_MEAN, 0.0)),
        )
        weeks = weekly_km(self._intake.current(episode_id).intake)
        km = [w.km for w in weeks]
        acwr = []
        for i in range(3, len(km)):
            ratio = acwr_uncoupled(km[: i + 1])
            if ratio is not None:
                acwr.append(RatioPoint(weeks[i].week_start, ratio))
        start = episode.start_date
        end = episode.discharge_date or date.max
        slr = tuple(SlrAngles(p.starts_at.astimezone().date(), p.left_deg, p.right_deg)
                    for p in self._exams.slr_series(patient_id)
                    if start <= p.starts_at.astimezone().date() <= end)
        visit_days = tuple(sorted({v.measured_on for v in history} | {s.day for s in slr}))
        return ProgressData(
            episode_id=episode_id, start=week_start(start), visit_days=visit_days,
            measures=measures, weekly_km=tuple(weeks), acwr=tuple(acwr), slr=slr,
            adherence=tuple(AdherenceWeek(a.week_start, a.done, a.prescribed)
                            for a in self._plans.adherence(episode_id)),
            since_baseline=tuple(_baseline_rows(history)))
