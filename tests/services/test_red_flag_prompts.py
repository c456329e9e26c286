"""Prompt flags hold loading until confirmed and stay as referral tasks (C5); bulk "No" is audited
(C4); the one red-flag statement reaches the Overview summary and the progress letter (C3)."""

from __future__ import annotations

import dataclasses
import io
from datetime import date

import pytest
from pypdf import PdfReader

from clinic_app.domain.errors import RecordLocked, ValidationError
from clinic_app.domain.intake.record import Intake, NightPain, Pattern24h
from clinic_app.domain.safety.red_flags import RedFlagItem
from clinic_app.services.context import Actor
from clinic_app.services.registry import Services
from tests.conftest import TODAY, make_draft

ASKED = ("CE1", "CE2", "CE3", "CE4", "CE5", "I1", "M2", "V1")


def _chart(services: Services, clinician: Actor, born: date = date(1985, 4, 12)) -> tuple[int, int]:
    """A patient and the id of their open episode."""
    pid = services.patients.create(clinician, make_draft(birth_date=born), TODAY).created_id or 0
    return pid, services.care.open_episode(clinician, pid, date(2026, 11, 1), "LBP", TODAY).created_id or 0


def _episode(services: Services, clinician: Actor, born: date = date(1985, 4, 12)) -> int:
    return _chart(services, clinician, born)[1]


def _all_no(**yes: bool) -> dict[RedFlagItem, bool | None]:
    return {item: yes.get(item.value, False) for item in RedFlagItem}


def test_prompt_flag_holds_loading_until_confirmed_and_its_referral_stays_until_closed(
        services: Services, clinician: Actor) -> None:
    episode_id = _episode(services, clinician)
    plan = services.plans.from_template("SIJ pain")
    services.red_flags.record_screen(clinician, episode_id, _all_no(M3=True))
    status = services.red_flags.status(episode_id)
    (event,) = status.open_events
    assert status.loading_locked and event.needs_confirmation
    assert "possible cancer or other serious pathology (M3)" in status.lock_reason
    assert "confirm" in status.lock_reason
    assert [t.item for t in status.referral_tasks] == [RedFlagItem.M3]
    with pytest.raises(RecordLocked):  # loading does not progress
        services.plans.save(clinician, episode_id, plan, 0)
    with pytest.raises(ValidationError):  # "acknowledged" is not a confirmation
        services.red_flags.acknowledge(clinician, event.id, "Letter to GP", event.version)
    with pytest.raises(ValidationError):  # the reason is required
        services.red_flags.confirm_exercise(clinician, event.id, "   ", event.version)

    services.red_flags.confirm_exercise(clinician, event.id, "No weight loss or night pain; GP letter "
                                        "sent today asking for review this week", event.version)
    status = services.red_flags.status(episode_id)
    (event,) = status.open_events
    assert not status.loading_locked and not event.needs_confirmation
    assert event.action_taken.startswith("No weight loss") and event.acknowledged_by == "Dr Amira Ahmed"
    assert [t.item for t in status.referral_tasks] == [RedFlagItem.M3]  # the task is still open
    services.plans.save(clinician, episode_id, plan, 0)
    with pytest.raises(RecordLocked):
        services.red_flags.confirm_exercise(clinician, event.id, "again", event.version)

    services.red_flags.resolve(clinician, event.id, "GP review: mechanical back pain", event.version)
    status = services.red_flags.status(episode_id)
    assert status.referral_tasks == () and status.open_events == ()
    actions = [a.action for a in services.users.audit_trail("red_flag_event", event.id)]
    assert actions == ["raise", "confirm_exercise", "resolve"]


@pytest.mark.parametrize(("item", "confirmable"), [
    ("M3", True), ("A1", True), ("T1", True), ("I2", True), ("M2", True),
    ("F3", False),  # stops running until the imaging outcome
    ("V1", False), ("I1", False), ("CE1", False),
])
def test_only_prompt_flags_other_than_f3_can_be_confirmed(services: Services, clinician: Actor,
                                                          item: str, confirmable: bool) -> None:
    episode_id = _episode(services, clinician)
    services.red_flags.record_screen(clinician, episode_id, {item: True})
    (event,) = services.red_flags.status(episode_id).open_events
    assert event.confirmable is confirmable
    if confirmable:
        services.red_flags.confirm_exercise(clinician, event.id, "Reviewed; safe to continue",
                                            event.version)
        assert not services.red_flags.status(episode_id).loading_locked
    else:
        with pytest.raises(ValidationError):
            services.red_flags.confirm_exercise(clinician, event.id, "Reviewed", event.version)
        assert services.red_flags.status(episode_id).loading_locked


def test_unconfirmed_prompt_flag_refuses_the_exercise_handout(services: Services, clinician: Actor) -> None:
    patient_id, episode_id = _chart(services, clinician)
    services.plans.save(clinician, episode_id, services.plans.from_template("SIJ pain"), 0)
    services.red_flags.record_screen(clinician, episode_id, {"A1": True})
    with pytest.raises(RecordLocked, match="confirm"):
        services.handouts.render(clinician, patient_id, "exercises", today=TODAY)
    (event,) = services.red_flags.status(episode_id).open_events
    services.red_flags.confirm_exercise(clinician, event.id, "Rheumatology letter sent", event.version)
    assert services.handouts.render(clinician, patient_id, "exercises", today=TODAY).pages >= 1


def test_marking_the_rest_no_is_recorded_as_such_in_the_audit(services: Services,
                                                               clinician: Actor) -> None:
    episode_id = _episode(services, clinician)
    answers: dict[RedFlagItem, bool | None] = _all_no()
    bulk = [RedFlagItem.N1, RedFlagItem.T1]
    result = services.red_flags.record_screen(clinician, episode_id, answers, bulk_no=bulk)
    trail = services.users.audit_trail("red_flag_screen", result.screen_id)
    assert [a.action for a in trail] == ["create", "bulk_no"]
    assert trail[1].changed_fields == ("N1", "T1")
    with pytest.raises(ValidationError):  # only answers that are No can have been marked No together
        services.red_flags.record_screen(clinician, episode_id, {**answers, RedFlagItem.T1: None},
                                         bulk_no=bulk)
    plain = services.red_flags.record_screen(clinician, episode_id, answers)
    assert [a.action for a in services.users.audit_trail("red_flag_screen", plain.screen_id)] == ["create"]


def test_suggestions_come_from_age_onset_and_night_pain_and_are_never_answers(
        services: Services, clinician: Actor) -> None:
    episode_id = _episode(services, clinician, born=date(1960, 3, 1))  # 66
    assert [(s.item, s.reason) for s in services.red_flags.suggestions(episode_id, TODAY)] == [
        (RedFlagItem.M3, "back pain began at 66, over 50"),
        (RedFlagItem.V1, "the patient is 66, over 60"),
    ]
    intake = dataclasses.replace(Intake(), onset_date=date(2026, 10, 1),
                                 pattern=Pattern24h(night_pain=NightPain.CONSTANT_UNRELIEVED_BY_POSITION))
    services.intake.save(clinician, episode_id, intake, 0, TODAY)
    items = [s.item for s in services.red_flags.suggestions(episode_id, TODAY)]
    assert items == [RedFlagItem.M2, RedFlagItem.M3, RedFlagItem.V1]
    assert services.red_flags.status(episode_id).last_screen is None  # nothing was answered
    young = _episode(services, clinician, born=date(2008, 1, 1))  # 18: M3 under 20, A1 before 45
    assert [s.item for s in services.red_flags.suggestions(young, TODAY)] == [RedFlagItem.M3,
                                                                             RedFlagItem.A1]


def _screen_with_open_v1(services: Services, clinician: Actor, episode_id: int) -> None:
    answers: dict[RedFlagItem, bool | None] = {item: None for item in RedFlagItem}
    answers.update({RedFlagItem(i): False for i in ASKED})
    answers[RedFlagItem.V1] = True
    services.red_flags.record_screen(clinician, episode_id, answers)


def test_overview_and_letter_name_the_open_flag_and_the_items_not_asked(
        services: Services, clinician: Actor) -> None:
    patient_id, episode_id = _chart(services, clinician, born=date(1958, 6, 1))
    services.intake.save(clinician, episode_id, Intake(weekly_distance_km=30.0, runs_per_week=3), 0, TODAY)
    _screen_with_open_v1(services, clinician, episode_id)
    summary = services.summaries.episode_summary(episode_id, date(1958, 6, 1), TODAY)
    text = summary.summary
    assert "no red flags" not in text.lower()
    assert "Red flag raised: possible abdominal aortic aneurysm (V1), urgent" in text
    assert "10 of 18 items not asked" in text
    for unasked in ("sexual dysfunction (CE6)", "bone stress signs (F3)", "inflammatory back pain (A1)"):
        assert unasked in text

    pdf = services.handouts.render(clinician, patient_id, "progress-letter", today=TODAY).pdf
    letter = " ".join("\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages).split())
    assert "no red flags" not in letter.lower()
    assert "possible abdominal aortic aneurysm (V1)" in letter
    assert "10 of 18 items not asked" in letter
    assert ("age over 60, vascular disease, pulsatile abdominal mass, pain at rest. Action requested: "
            "same-day medical review") in letter
    assert "red flag V1 raised" not in letter  # never the code alone


def test_no_red_flags_only_when_every_item_was_asked(services: Services, clinician: Actor) -> None:
    episode_id = _episode(services, clinician)
    services.red_flags.record_screen(clinician, episode_id, {**_all_no(), RedFlagItem.T1: None})
    text = services.red_flags.status(episode_id).statement.text
    assert "no red flags" not in text.lower() and "1 of 18 items not asked" in text
    services.red_flags.record_screen(clinician, episode_id, _all_no())
    assert services.red_flags.status(episode_id).statement.text == (
        "No red flags: all 18 items asked on 25 November 2026, none raised.")
