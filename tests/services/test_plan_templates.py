"""Issue 19 item 10 through the service: a template follows the clinician's repeated-movement finding."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from clinic_app.domain.exam.record import ExamRecord
from clinic_app.domain.exam.rules import RepeatedResponse
from clinic_app.domain.patients import VisitKind
from clinic_app.services.context import Actor
from clinic_app.services.registry import Services
from tests.conftest import TODAY, make_draft


@pytest.mark.parametrize(("finding", "extension"), [
    (None, False), (RepeatedResponse.PERIPHERALISES, False), (RepeatedResponse.NO_EFFECT, False),
    (RepeatedResponse.CENTRALISES, True),
])
def test_disc_template_adds_extension_only_after_centralisation(
        services: Services, finding: RepeatedResponse | None, extension: bool) -> None:
    plan = services.plans.from_template("Disc with radiculopathy", repeated_movement=finding)
    ids = [item.exercise_id for item in plan.items]
    assert ("prone-on-elbows" in ids) is extension
    assert "sciatic-nerve-slider" in ids and "short-walks" in ids
    assert services.plans.from_template("SIJ pain", repeated_movement=finding) == \
        services.plans.from_template("SIJ pain")


def test_the_plan_tab_template_follows_the_episodes_latest_recorded_finding(
        services: Services, clinician: Actor) -> None:
    pid = services.patients.create(clinician, make_draft(), TODAY).created_id or 0
    episode = services.care.open_episode(clinician, pid, date(2026, 11, 1), "Sciatica",
                                         TODAY).created_id or 0
    first = services.care.create_visit(clinician, episode, datetime(2026, 11, 2, 9, tzinfo=UTC),
                                       VisitKind.INITIAL).created_id or 0
    second = services.care.create_visit(clinician, episode, datetime(2026, 11, 9, 9, tzinfo=UTC),
                                        VisitKind.FOLLOW_UP).created_id or 0
    disc = "Disc with radiculopathy"
    untested = services.plans.fit_template_to_episode(disc, episode)
    assert "prone-on-elbows" not in [i.exercise_id for i in untested.plan.items] and untested.notes
    services.exams.save(clinician, first, ExamRecord(repeated_movement=RepeatedResponse.CENTRALISES),
                        set(), 0)
    services.exams.save(clinician, second, ExamRecord(), set(), 0)  # not re-tested: the first counts
    fitted = services.plans.fit_template_to_episode(disc, episode)
    assert "prone-on-elbows" in [i.exercise_id for i in fitted.plan.items]
    assert any("centralis" in note for note in fitted.notes)
