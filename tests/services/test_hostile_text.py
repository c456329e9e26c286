"""Hostile text in every text field, on the configured backend (SQLite, or PostgreSQL in CI).

Each value is either stored exactly (read back unchanged) or refused with a ``ValidationError``
naming the field: NUL, other control characters and lone surrogates are always refused, emoji,
right-to-left marks and markup always stored. Nothing ends in any other exception.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import pytest

from clinic_app.domain.errors import ValidationError
from clinic_app.domain.exam.record import ExamRecord
from clinic_app.domain.intake.record import Intake
from clinic_app.domain.patients import Role, VisitKind
from clinic_app.domain.rehab.plans import Plan
from clinic_app.domain.safety.red_flags import RedFlagItem
from clinic_app.domain.text_rules import bad_character, is_multiline
from clinic_app.services.care import SoapText
from clinic_app.services.context import Actor
from clinic_app.services.registry import Services
from tests.conftest import TODAY, make_draft

HOSTILE = {
    "nul": "Back\x00pain",
    "bell": "Back\x07pain",
    "escape": "Back\x1b[31mpain",
    "c1": "Back\x85pain",
    "delete": "Back\x7fpain",
    "lone surrogate": "Back \ud83d pain",
    "low surrogate": "Back \ude00 pain",
    "tab and newline": "Back\tpain\nleft side",
    "emoji": "Zoë 🏃‍♀️ 😀 ✓",
    "right-to-left": "\u202eright-to-left\u202c עברית",
    "markup": "<b>bold</b> &amp; <script>x</script>",
    "sql": "'; DROP TABLE patient; --",
}


@dataclass
class Chart:
    patient: int
    episode: int
    visit: int
    signed_visit: int


@dataclass(frozen=True)
class Field:
    key: str
    """The field name a refusal must carry (the last part of the error's key)."""
    save: Callable[[Services, Actor, Chart, str], Any]
    read: Callable[[Services, Chart, Any], str]


def _patient(name: str) -> Field:
    def save(svc: Services, a: Actor, c: Chart, text: str) -> None:
        svc.patients.update(a, c.patient, make_draft(**{name: text}), svc.patients.get(c.patient).version,
                            TODAY)
    return Field(name, save, lambda svc, c, _: getattr(svc.patients.get(c.patient).draft, name))


def _soap(name: str) -> Field:
    def save(svc: Services, a: Actor, c: Chart, text: str) -> None:
        svc.care.save_draft(a, c.visit, SoapText(**{name: text}), svc.care.get_note(c.visit).version)
    return Field(name, save, lambda svc, c, _: getattr(svc.care.get_note(c.visit), name))


def _letterhead(name: str) -> Field:
    def save(svc: Services, a: Actor, c: Chart, text: str) -> None:
        svc.branding.save(a, {"clinic_name": "Harbour Physio", name: text}, svc.branding.values().version)
    return Field(name, save, lambda svc, c, _: getattr(svc.branding.values(), name))


def _flag(svc: Services, c: Chart) -> Any:
    return svc.red_flags.status(c.episode).open_events[0]


def _new_flag(svc: Services, a: Actor, c: Chart) -> Any:
    """An open, unacknowledged emergency flag (an acknowledged one is closed first)."""
    for event in svc.red_flags.status(c.episode).open_events:
        if event.acknowledged_at is None:
            return event
        svc.red_flags.resolve(a, event.id, "Reviewed in A&E: no cauda equina", event.version)
    svc.red_flags.record_screen(a, c.episode, {RedFlagItem.CE1: True})
    return _flag(svc, c)


FIELDS = [
    *(_patient(n) for n in ("given_name", "family_name", "preferred_name", "phone", "email", "address",
                            "emergency_contact", "referrer", "occupation", "alerts")),
    *(_soap(n) for n in ("subjective", "objective", "assessment", "plan")),
    Field("complaint",
          lambda svc, a, c, t: svc.care.open_episode(a, c.patient, date(2026, 11, 1), t, TODAY).created_id,
          lambda svc, c, made: next(e.complaint for e in svc.patients.get(c.patient).episodes
                                    if e.id == made)),
    Field("text", lambda svc, a, c, t: svc.care.amend(a, c.signed_visit, t),
          lambda svc, c, _: svc.care.get_note(c.signed_visit).amendments[-1].text),
    Field("mechanism",
          lambda svc, a, c, t: svc.intake.save(a, c.episode, Intake(mechanism=t),
                                               svc.intake.current(c.episode).revision, TODAY),
          lambda svc, c, _: svc.intake.current(c.episode).intake.mechanism),
    Field("palpation",
          lambda svc, a, c, t: svc.exams.save(a, c.visit, ExamRecord(palpation=t), set(),
                                              svc.exams.get(c.visit).version),
          lambda svc, c, _: svc.exams.get(c.visit).exam.palpation),
    Field("goals",
          lambda svc, a, c, t: svc.plans.save(a, c.episode, Plan(goals=t),
                                              svc.plans.current(c.episode).revision),
          lambda svc, c, _: svc.plans.current(c.episode).plan.goals),
    Field("exit_criteria",
          lambda svc, a, c, t: svc.plans.save(a, c.episode, Plan(exit_criteria=t),
                                              svc.plans.current(c.episode).revision),
          lambda svc, c, _: svc.plans.current(c.episode).plan.exit_criteria),
    Field("name", lambda svc, a, c, t: svc.plans.save_template(a, t, Plan(goals="Walk daily")) and t,
          lambda svc, c, made: next(tp.name for tp in svc.plans.templates() if tp.name == made)),
    Field("action_taken",
          lambda svc, a, c, t: svc.red_flags.acknowledge(a, (f := _new_flag(svc, a, c)).id, t, f.version),
          lambda svc, c, _: next(e.action_taken for e in svc.red_flags.status(c.episode).open_events
                                 if e.acknowledged_at is not None)),
    *(_letterhead(n) for n in ("clinic_name", "phone", "emergency_number")),
]


@pytest.fixture
def chart(services: Services, clinician: Actor) -> Chart:
    pid = services.patients.create(clinician, make_draft(), TODAY).created_id or 0
    ep = services.care.open_episode(clinician, pid, date(2026, 11, 1), "LBP", TODAY).created_id or 0
    visits = [services.care.create_visit(clinician, ep, datetime(2026, 11, d, 9, tzinfo=UTC),
                                         VisitKind.INITIAL).created_id or 0 for d in (2, 3)]
    _, v = services.care.save_draft(clinician, visits[1], SoapText(subjective="Seen"), 1)
    services.care.sign(clinician, visits[1], v)
    return Chart(pid, ep, visits[0], visits[1])


def _named(exc: ValidationError, key: str) -> bool:
    return any(k.rsplit(".", 1)[-1] == key or k == key for k in exc.errors)


@pytest.mark.parametrize("field", FIELDS, ids=lambda f: f.key if isinstance(f, Field) else str(f))
def test_hostile_text_is_stored_exactly_or_refused_with_the_field_named(
        services: Services, clinician: Actor, chart: Chart, field: Field) -> None:
    for label, text in HOSTILE.items():
        forbidden = bad_character(text, is_multiline(field.key)) is not None
        try:
            made = field.save(services, clinician, chart, text)
        except ValidationError as exc:
            assert _named(exc, field.key), (label, exc.errors)
            if forbidden:
                assert any("cannot be stored" in m for m in exc.errors.values()), (label, exc.errors)
            continue
        assert not forbidden, f"{label} was accepted in {field.key}"
        assert field.read(services, chart, made) == text, label


def test_user_display_names_are_checked_the_same_way(services: Services, clinician: Actor,
                                                     admin: Actor) -> None:
    for n, (label, text) in zip(itertools.count(), HOSTILE.items(), strict=False):
        try:
            services.users.create_user(admin, f"user{n}", text, Role.CLINICIAN)
        except ValidationError as exc:
            assert "display_name" in exc.errors, (label, exc.errors)
            continue
        assert bad_character(text, False) is None, label
        assert any(u.display_name == text for u in services.users.list_users()), label
