"""Outcome measures through the services: scores from the domain core, bad input, progress."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from clinic_app.domain.errors import RecordLocked, ValidationError
from clinic_app.domain.intake.record import Intake, WeekLoad
from clinic_app.domain.measures.outcomes import NprsValues, PsfsRatings, StartBackAnswers, VisitMeasures
from clinic_app.domain.measures.scoring import score_odi
from clinic_app.domain.measures.startback import Bothersomeness, StartBackRisk
from clinic_app.domain.patients import VisitKind
from clinic_app.services.care import SoapText
from clinic_app.services.context import Actor
from clinic_app.services.registry import Services
from tests.conftest import TODAY, make_draft


@pytest.fixture
def episode(services: Services, clinician: Actor) -> tuple[int, int, list[int]]:
    pid = services.patients.create(clinician, make_draft(), TODAY).created_id or 0
    ep = services.care.open_episode(clinician, pid, date(2026, 10, 1), "LBP", TODAY).created_id or 0
    visits = [services.care.create_visit(clinician, ep, datetime(2026, 10, 1 + 7 * i, 10, tzinfo=UTC),
                                         VisitKind.INITIAL if i == 0 else VisitKind.FOLLOW_UP
                                         ).created_id or 0 for i in range(3)]
    return pid, ep, visits


def test_scores_saved_match_the_domain_core(services: Services, clinician: Actor,
                                            episode: tuple[int, int, list[int]]) -> None:
    _, ep, visits = episode
    series = services.measures.start_psfs_series(clinician, ep, ["Run 10 km", "Sit 1 h", "Lift child"])
    odi = (2, 2, 2, 2, 2, 2, 1, 1, 1, 1)
    m = VisitMeasures(NprsValues(back_now=6, leg_now=4), odi, frozenset({1, 4, 9}),
                      PsfsRatings(series.created_id or 0, (3, 5, 4)),
                      StartBackAnswers((False,) * 4 + (True, True, True, True), Bothersomeness.VERY_MUCH))
    services.measures.save(clinician, visits[0], m, 0, TODAY)
    view = services.measures.get(visits[0])
    assert view.measures == m
    assert view.scores.odi == score_odi(odi) and view.scores.odi.percent == 32.0  # type: ignore[union-attr]
    assert view.scores.rmdq == 3 and view.scores.psfs == 4.0
    assert view.scores.startback.risk is StartBackRisk.HIGH  # type: ignore[union-attr]
    summary = services.measures.startback(ep)
    assert summary is not None and "high risk" in summary.text
    assert "Psychologically informed physiotherapy" in summary.text


@pytest.mark.parametrize(
    ("measures", "field"),
    [
        (VisitMeasures(NprsValues(back_now=11)), "nprs.back_now"),
        (VisitMeasures(NprsValues(back_best=7, back_worst=3)), "nprs.back_best"),
        (VisitMeasures(odi=(7, 0, 0, 0, 0, 0, 0, 0, 0, 0)), "odi"),
        (VisitMeasures(rmdq=frozenset({25})), "rmdq"),
    ],
)
def test_out_of_range_scores_are_refused(services: Services, clinician: Actor,
                                         episode: tuple[int, int, list[int]],
                                         measures: VisitMeasures, field: str) -> None:
    with pytest.raises(ValidationError) as info:
        services.measures.save(clinician, episode[2][0], measures, 0, TODAY)
    assert field in info.value.errors
    assert not services.measures.get(episode[2][0]).exists


@pytest.mark.parametrize("names", [[], ["a", "b", "c", "d", "e", "f"], ["Run", "run", "Sit"]])
def test_psfs_needs_three_to_five_distinct_activities(services: Services, clinician: Actor,
                                                      episode: tuple[int, int, list[int]],
                                                      names: list[str]) -> None:
    with pytest.raises(ValidationError) as info:
        services.measures.start_psfs_series(clinician, episode[1], names)
    assert "activities" in info.value.errors


def test_ratings_must_match_the_series(services: Services, clinician: Actor,
                                       episode: tuple[int, int, list[int]]) -> None:
    series = services.measures.start_psfs_series(clinician, episode[1], ["A", "B", "C"]).created_id
    with pytest.raises(ValidationError) as info:
        services.measures.save(clinician, episode[2][0],
                               VisitMeasures(psfs=PsfsRatings(series or 0, (3, 4))), 0, TODAY)
    assert "Rate each of the 3 activities" in info.value.errors["psfs"]


def test_future_visit_and_signed_visit_are_refused(services: Services, clinician: Actor,
                                                   episode: tuple[int, int, list[int]]) -> None:
    _, ep, visits = episode
    future = services.care.create_visit(clinician, ep, datetime(2026, 12, 20, tzinfo=UTC),
                                        VisitKind.FOLLOW_UP).created_id or 0
    with pytest.raises(ValidationError) as info:
        services.measures.save(clinician, future, VisitMeasures(NprsValues(back_now=3)), 0, TODAY)
    assert "future" in info.value.errors["visit"]
    note = services.care.get_note(visits[0])
    _, v = services.care.save_draft(clinician, visits[0], SoapText(plan="x"), note.version)
    services.care.sign(clinician, visits[0], v)
    with pytest.raises(RecordLocked):
        services.measures.save(clinician, visits[0], VisitMeasures(NprsValues(back_now=3)), 0, TODAY)


def test_progress_series_and_since_baseline_verdicts(services: Services, clinician: Actor,
                                                     episode: tuple[int, int, list[int]]) -> None:
    pid, ep, visits = episode
    for visit, (pain, odi_sum) in zip(visits, [(7, 20), (5, 14), (4, 8)], strict=True):
        odi = tuple([2] * (odi_sum // 2) + [0] * (10 - odi_sum // 2))
        services.measures.save(clinician, visit, VisitMeasures(NprsValues(back_now=pain), odi), 0,
                               TODAY)
    weeks = tuple(WeekLoad(date(2026, 9, 7) + timedelta(weeks=i), km)
                  for i, km in enumerate([30, 32, 35, 40, 20, 10]))
    services.intake.save(clinician, ep, Intake(weekly_history=weeks), 0, TODAY)
    data = services.progress.progress(pid, ep)
    pain = data.measure("nprs_back")
    assert pain is not None and [p.value for p in pain.points] == [7, 5, 4]
    assert pain.baseline == 7 and pain.mcid_level == 5.0  # 2 points beats 30% (4.9)
    odi = data.measure("odi")
    assert odi is not None and [p.value for p in odi.points] == [40.0, 28.0, 16.0]
    assert odi.mcid_level == 30.0  # 10 points (30) beats 30% (28)
    assert [w.km for w in data.weekly_km] == [30, 32, 35, 40, 20, 10]
    assert round(data.acwr[0].ratio, 3) == 1.237
    rows = {r.label: r for r in data.since_baseline}
    assert rows["Pain (back)"].change == "-3" and rows["Pain (back)"].meets_mcid is True
    assert rows["Pain (back)"].percent == "43%"
    assert rows["ODI"].meets_mcid is True and rows["ODI"].percent == "60%"
