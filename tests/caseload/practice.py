"""A small practice built through the services, every trajectory chosen so the caseload figures
are known exactly (worked out by hand in the comments and in ``test_caseload_service.py``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from clinic_app.domain.exam.record import ExamRecord, SlrSide, Slump
from clinic_app.domain.exam.rules import SijTest, TestOutcome
from clinic_app.domain.intake.record import Effect, Factor, Intake
from clinic_app.domain.measures.outcomes import NprsValues, PsfsRatings, StartBackAnswers, VisitMeasures
from clinic_app.domain.measures.startback import Bothersomeness
from clinic_app.domain.patients import DischargeReason, VisitKind
from clinic_app.domain.rehab.return_to_run import SessionReport
from clinic_app.domain.safety.red_flags import RedFlagItem
from clinic_app.services.context import Actor
from clinic_app.services.registry import Services
from tests.conftest import TODAY, make_draft

RANGE = (date(2026, 9, 1), TODAY)
GOOD_RUN = SessionReport(2, 1, 1)
ALL_NO: dict[RedFlagItem, bool | None] = dict.fromkeys(RedFlagItem, False)
MEDIUM = StartBackAnswers((True,) * 4 + (False,) * 4, Bothersomeness.NOT_AT_ALL)
HIGH = StartBackAnswers((False,) * 4 + (True,) * 4, Bothersomeness.VERY_MUCH)
LOW = StartBackAnswers((False,) * 8, Bothersomeness.NOT_AT_ALL)


@dataclass
class Seen:
    """One visit: its day in the episode and what was measured (PSFS as series name, ratings)."""

    day: int
    back: int | None = None
    leg: int | None = None
    odi: tuple[int | None, ...] | None = None
    rmdq: int | None = None
    psfs: tuple[str, tuple[float, ...]] | None = None
    startback: StartBackAnswers | None = None


@dataclass
class Built:
    """What the fixture made: episode ids by name and the walk/run completion date."""

    episodes: dict[str, int] = field(default_factory=dict)
    completed_on: date | None = None
    other: Actor | None = None


def _episode(services: Services, actor: Actor, name: str, born: date, start: date,
             visits: list[Seen], *, exam: ExamRecord | None = None, intake: Intake | None = None,
             discharge: bool = False, screens: tuple[Mapping[RedFlagItem, bool | None], ...] = ()
             ) -> int:
    pid = services.patients.create(actor, make_draft(given_name=name, family_name="Runner",
                                                     birth_date=born), TODAY).created_id or 0
    eid = services.care.open_episode(actor, pid, start, f"{name}'s back", TODAY).created_id or 0
    series: dict[str, int] = {}
    visit_ids = []
    for i, seen in enumerate(visits):
        at = datetime.combine(start + timedelta(days=seen.day), time(10), tzinfo=UTC)
        kind = VisitKind.INITIAL if i == 0 else VisitKind.FOLLOW_UP
        vid = services.care.create_visit(actor, eid, at, kind).created_id or 0
        visit_ids.append(vid)
        psfs = None
        if seen.psfs is not None:
            label, ratings = seen.psfs
            if label not in series:
                names = [f"{label} activity {n}" for n in range(1, len(ratings) + 1)]
                series[label] = services.measures.start_psfs_series(actor, eid, names).created_id or 0
            psfs = PsfsRatings(series[label], ratings)
        measures = VisitMeasures(NprsValues(back_now=seen.back, leg_now=seen.leg), seen.odi,
                                 frozenset(range(1, seen.rmdq + 1)) if seen.rmdq is not None else None,
                                 psfs, seen.startback)
        if not measures.is_empty():
            services.measures.save(actor, vid, measures, 0, TODAY)
    if exam is not None:
        services.exams.save(actor, visit_ids[0], exam, set(), 0)
    if intake is not None:
        services.intake.save(actor, eid, intake, 0, TODAY)
    for answers in screens:
        services.red_flags.record_screen(actor, eid, answers, visit_id=visit_ids[0])
    if discharge:
        version = next(e.version for e in services.patients.get(pid).episodes if e.id == eid)
        services.care.discharge_episode(actor, eid, start + timedelta(days=visits[-1].day),
                                        DischargeReason.GOALS_MET, version, TODAY)
    return eid


def _sij(positives: int) -> dict[SijTest, TestOutcome]:
    return {t: TestOutcome.POSITIVE if i < positives else TestOutcome.NEGATIVE
            for i, t in enumerate(SijTest)}


def build_practice(services: Services, clinician: Actor, other: Actor) -> Built:
    """Six episodes in September-November 2026 and one in August (outside the range)."""
    built = Built(other=other)
    e = built.episodes
    # E1 SIJ: back 6 → 2 (MCID), leg 0 → 0 (too low), ODI 40 → 20 (MCID), RMDQ 10 → 4 (MCID),
    # PSFS 4 → 7 (MCID); STarT Back medium; a full screen and a short one (10 not asked); the
    # walk/run programme completed; discharged.
    follow_up: dict[RedFlagItem, bool | None] = {
        i: (False if i.value in ("CE1", "CE2", "CE3", "CE4", "CE5", "N1", "I1", "M2") else None)
        for i in RedFlagItem}
    e["sij"] = _episode(services, clinician, "Sia", date(1990, 5, 1), date(2026, 9, 1), [
        Seen(0, back=6, leg=0, odi=(2,) * 10, rmdq=10, psfs=("A", (3, 4, 5)), startback=MEDIUM),
        Seen(14, back=4, leg=0),
        Seen(60, back=2, leg=0, odi=(1,) * 10, rmdq=4, psfs=("A", (6, 7, 8)))],
        exam=ExamRecord(sij=_sij(3)), discharge=True, screens=(ALL_NO, follow_up))
    day, decision = date(2026, 9, 3), None
    while decision is None or not decision.programme_complete:
        decision = services.plans.log_run_session(clinician, e["sij"], day, GOOD_RUN, TODAY)
        built.completed_on = day
        day += timedelta(days=2)
    # E2 radicular: back 5 → 4 (judged, not met), leg 7 → 3 (MCID), ODI 57.8 → 51.1 (9 sections
    # answered; not met), PSFS re-listed at the second visit (one rating of the latest series:
    # no change counted); STarT Back high; a screen with 3 not asked; walk/run started; open.
    three_unasked = ALL_NO | {RedFlagItem.V1: None, RedFlagItem.A1: None, RedFlagItem.T1: None}
    e["radicular"] = _episode(services, clinician, "Rad", date(1985, 3, 3), date(2026, 9, 10), [
        Seen(0, back=5, leg=7, odi=(3,) * 8 + (2, None), psfs=("B", (2, 2, 2)), startback=HIGH),
        Seen(14, back=4, leg=3, odi=(3,) * 5 + (2,) * 4 + (None,), psfs=("C", (5, 5, 5)))],
        exam=ExamRecord(slr_left=SlrSide(TestOutcome.POSITIVE, 40, True)), screens=(three_unasked,))
    services.plans.log_run_session(clinician, e["radicular"], date(2026, 9, 30), GOOD_RUN, TODAY)
    # E3 non-specific (the other clinician): back 2 → 0 (MCID), RMDQ 3 → 1 (too low), ODI not
    # scorable at baseline (3 sections missing) and 20% at discharge; STarT Back low; discharged.
    e["nonspecific"] = _episode(services, other, "Non", date(1980, 1, 1), date(2026, 10, 1), [
        Seen(0, back=2, odi=(None,) * 3 + (1,) * 7, rmdq=3, startback=LOW),
        Seen(7, back=1), Seen(21, back=0, odi=(1,) * 10, rmdq=1)],
        exam=ExamRecord(sij=_sij(0), slump=Slump(TestOutcome.NEGATIVE)), discharge=True)
    # E4 not examined: one visit, back 8; open.
    e["unexamined"] = _episode(services, clinician, "Una", date(2000, 2, 2), date(2026, 10, 15),
                               [Seen(0, back=8)])
    # E5 stenosis (66, worse walking, eased sitting): back 7 → 5 (MCID); discharged.
    e["stenosis"] = _episode(services, clinician, "Sten", date(1960, 6, 6), date(2026, 10, 20),
                             [Seen(0, back=7), Seen(10, back=5)],
                             exam=ExamRecord(slump=Slump(TestOutcome.NEGATIVE)),
                             intake=Intake(factors={Factor.WALKING: Effect.WORSE,
                                                    Factor.PROLONGED_SITTING: Effect.BETTER}),
                             discharge=True)
    # E6 non-specific, 2 of 6 SIJ tests (the other clinician): back 4 → 4 (not met), PSFS
    # 5 → 7.17 (MCID); open.
    e["two_sij"] = _episode(services, other, "Two", date(1995, 7, 7), date(2026, 11, 1), [
        Seen(0, back=4, psfs=("D", (5, 5, 5))), Seen(14, back=4, psfs=("D", (7, 7, 7.5)))],
        exam=ExamRecord(sij=_sij(2)))
    # Outside the range: back 9 → 0.
    e["august"] = _episode(services, clinician, "Aug", date(1970, 8, 8), date(2026, 8, 1),
                           [Seen(0, back=9), Seen(14, back=0)])
    return built


def keys(rows: Any) -> list[str]:
    """Measure keys of a report, in order."""
    return [m.key for m in rows]
