"""Caseload indicators over a practice whose every trajectory is known (tests/caseload/conftest.py):
each figure checked exactly, on SQLite and (in CI) PostgreSQL."""

from __future__ import annotations

import statistics
from datetime import date

import pytest

from clinic_app.domain.caseload import NOT_RECORDED, Presentation
from clinic_app.domain.errors import PermissionDenied, ValidationError
from clinic_app.domain.measures.outcomes import score_visit
from clinic_app.domain.measures.scoring import odi_change, psfs_change
from clinic_app.services.caseload import CaseloadFilter, CaseloadReport, CaseloadService
from clinic_app.services.context import Actor
from clinic_app.services.registry import Services
from tests.caseload.practice import RANGE, Built, keys
from tests.conftest import TODAY


def _report(services: Services, actor: Actor, **options: object) -> CaseloadReport:
    wanted = CaseloadFilter(*RANGE, **options)  # type: ignore[arg-type]
    return CaseloadService(services.db).indicators(actor, wanted)


def _counts(report: CaseloadReport, key: str) -> tuple[int, int, int, int, int]:
    m = report.measure(key)
    return m.baseline_recorded, m.discharge_recorded, m.with_both, m.judged, m.reached


def test_every_figure_of_the_whole_range(services: Services, clinician: Actor,
                                         practice: Built) -> None:
    r = _report(services, clinician)
    assert (r.episodes, r.discharged, r.visits) == (6, 3, 13)
    assert r.median_visits == 2.0 and r.mean_visits == 13 / 6
    assert (r.screens, r.screens_not_asked, r.items_not_asked, r.unscreened_episodes) == (3, 2, 13, 4)
    assert (r.walk_run_started, r.walk_run_completed) == (2, 1)
    assert practice.completed_on is not None
    assert r.median_days_to_complete == (practice.completed_on - date(2026, 9, 1)).days
    assert keys(r.measures) == ["nprs_back", "nprs_leg", "odi", "rmdq", "psfs", "startback"]
    # Back pain: improvements 4, 1, 2, 2, 0 (the one-visit episode has no follow-up).
    assert _counts(r, "nprs_back") == (6, 3, 5, 5, 3)
    back = r.measure("nprs_back")
    assert back.median_improvement == 2.0 and back.reached_pct == 60.0 and back.too_low == 0
    assert dict(back.histogram) == {"< -2": 0, "-2 to < 0": 0, "0 to < 1": 1, "1 to < 2": 1,
                                    "2 to < 3": 2, "3 to < 4": 0, "4 to < 5": 1, "5 to < 6": 0, "≥ 6": 0}
    # Leg pain: 0 → 0 cannot be judged (C9); 7 → 3 meets the MCID.
    leg = r.measure("nprs_leg")
    assert _counts(r, "nprs_leg") == (2, 1, 2, 1, 1) and leg.too_low == 1
    assert leg.median_improvement == 2.0 and leg.median_shown is None and leg.reached_pct is None
    # ODI: 40 → 20 and 57.8 → 51.1 (nine sections); the baseline with 3 missing is not a score.
    odi = r.measure("odi")
    assert _counts(r, "odi") == (2, 2, 2, 2, 1)
    expected = statistics.median([odi_change(40.0, 20.0).abs_change,
                                  odi_change(20 * 26 / 9, 20 * 23 / 9).abs_change])
    assert odi.median_improvement == expected
    # RMDQ: 10 → 4 meets; 3 → 1 is below the 5-point floor.
    assert _counts(r, "rmdq") == (2, 2, 2, 1, 1) and r.measure("rmdq").median_improvement == 4.0
    # PSFS: only the latest activity series counts; E2's new list has one rating.
    psfs = r.measure("psfs")
    assert _counts(r, "psfs") == (3, 1, 2, 2, 2)
    assert psfs.median_improvement == statistics.median(
        [psfs_change((3, 4, 5), (6, 7, 8)).change, psfs_change((5, 5, 5), (7, 7, 7.5)).change])
    assert r.measure("startback").baseline_recorded == 3
    assert r.measure("startback").discharge_recorded == 0
    assert not r.measure("startback").is_change_measure


@pytest.mark.parametrize(("presentation", "names"), [
    (Presentation.SIJ, {"sij"}), (Presentation.RADICULAR, {"radicular"}),
    (Presentation.STENOSIS, {"stenosis"}), (Presentation.NON_SPECIFIC, {"nonspecific", "two_sij"}),
    (Presentation.NOT_EXAMINED, {"unexamined"}),
])
def test_presentation_filter(services: Services, clinician: Actor, practice: Built,
                             presentation: Presentation, names: set[str]) -> None:
    r = _report(services, clinician, presentation=presentation)
    assert r.episodes == len(names)
    visits = {"sij": 3, "radicular": 2, "nonspecific": 3, "unexamined": 1, "stenosis": 2, "two_sij": 2}
    assert r.visits == sum(visits[n] for n in names)
    assert r.too_few


@pytest.mark.parametrize(("group", "episodes", "visits"), [
    ("low", 1, 3), ("medium", 1, 3), ("high", 1, 2), (NOT_RECORDED, 3, 5)])
def test_startback_filter_uses_the_first_screening(services: Services, clinician: Actor,
                                                    practice: Built, group: str, episodes: int,
                                                    visits: int) -> None:
    r = _report(services, clinician, startback=group)
    assert (r.episodes, r.visits) == (episodes, visits)


def test_clinician_and_date_filters(services: Services, clinician: Actor, practice: Built) -> None:
    assert practice.other is not None
    mine = _report(services, clinician, clinician_id=practice.other.user_id)
    assert (mine.episodes, mine.visits, mine.discharged) == (2, 5, 1)
    assert _counts(mine, "nprs_back") == (2, 1, 2, 2, 1)
    october = CaseloadService(services.db).indicators(
        clinician, CaseloadFilter(date(2026, 9, 5), date(2026, 10, 31)))
    assert october.episodes == 4  # E2-E5
    nothing = CaseloadService(services.db).indicators(
        clinician, CaseloadFilter(date(2025, 1, 1), date(2025, 12, 31)))
    assert nothing.episodes == 0 and nothing.median_visits is None
    assert nothing.measure("odi").with_both == 0 and nothing.measure("odi").median_improvement is None


def test_figures_agree_with_the_patient_view(services: Services, clinician: Actor,
                                             practice: Built) -> None:
    """The same episodes judged one by one with the Progress tab's rules give the same counts."""
    from clinic_app.services.progress import _baseline_rows

    met = 0
    judged = 0
    for name, eid in practice.episodes.items():
        if name == "august":
            continue
        history = services.measures.history(eid)
        for row in _baseline_rows(history):
            if row.label == "ODI":
                judged += row.meets_mcid is not None
                met += row.meets_mcid is True
        assert all(score_visit(v.measures).odi is None or v.scores.odi is not None for v in history)
    r = _report(services, clinician)
    assert (r.measure("odi").judged, r.measure("odi").reached) == (judged, met)


def test_front_desk_may_not_see_outcomes(services: Services, clinician: Actor,
                                         front_desk: Actor) -> None:
    with pytest.raises(PermissionDenied):
        _report(services, front_desk)


def test_a_backwards_range_is_refused_in_plain_words(services: Services, clinician: Actor) -> None:
    with pytest.raises(ValidationError) as info:
        CaseloadService(services.db).indicators(clinician, CaseloadFilter(TODAY, date(2026, 1, 1)))
    assert info.value.errors == {"end": "The end date is before the start date."}


def test_clinicians_to_filter_by(services: Services, clinician: Actor, admin: Actor,
                                 front_desk: Actor) -> None:
    names = [c.name for c in CaseloadService(services.db).clinicians(clinician)]
    assert names == ["Dr Amira Ahmed", "Pat Admin"]
