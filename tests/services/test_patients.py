"""Patient records through the service layer: validation, duplicates, search, conflicts, audit."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from clinic_app.domain.errors import ConflictError, PermissionDenied, ValidationError
from clinic_app.domain.patients import Role
from clinic_app.services.context import Actor
from clinic_app.services.patients import PatientQuery
from clinic_app.services.registry import Services
from tests.conftest import TODAY, make_draft

UNICODE_NAMES = [("Seán", "O'Brien"), ("Zoë", "Dubois"), ("Łukasz", "Wiśniewski"),
                 ("雷", "李"), ("عائشة", "الحسن")]


def _create(services: Services, actor: Actor, **kw: object) -> int:
    changes = services.patients.create(actor, make_draft(**kw), TODAY)
    assert changes.created_id is not None
    return changes.created_id


def test_create_assigns_chart_numbers_once_in_order(services: Services, clinician: Actor) -> None:
    first = services.patients.get(_create(services, clinician))
    second = services.patients.get(_create(services, clinician, given_name="Ana", phone=""))
    assert (first.chart_label, second.chart_label) == ("SC-000001", "SC-000002")


@pytest.mark.parametrize(("given", "family"), UNICODE_NAMES)
def test_unicode_names_stored_and_read_back_exactly(
    services: Services, clinician: Actor, given: str, family: str
) -> None:
    details = services.patients.get(_create(services, clinician, given_name=given,
                                            family_name=family))
    assert (details.draft.given_name, details.draft.family_name) == (given, family)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("given_name", "   ", "Required."),
        ("family_name", "", "Required."),
        ("birth_date", date(2027, 1, 1), "future"),
        ("birth_date", date(1899, 12, 31), "1900"),
        ("email", "zoe@@example", "valid email"),
        ("family_name", "x" * 101, "at most 100"),
        ("phone", "call me", "valid phone"),
    ],
)
def test_bad_input_is_refused_with_a_field_message_and_saves_nothing(
    services: Services, clinician: Actor, field: str, value: object, message: str
) -> None:
    with pytest.raises(ValidationError) as info:
        services.patients.create(clinician, make_draft(**{field: value}), TODAY)
    assert message in info.value.errors[field]
    assert services.patients.count(include_archived=True) == 0


def test_duplicates_found_by_name_and_birth_date_or_phone(
    services: Services, clinician: Actor
) -> None:
    _create(services, clinician)
    same_name = make_draft(given_name="ZOE", family_name="o'brien", phone="")
    near_phone = make_draft(given_name="Other", family_name="Person", phone="07700 900124")
    assert len(services.patients.find_duplicates(same_name)) == 1
    assert services.patients.find_duplicates(
        make_draft(given_name="Other", family_name="Person", phone="07700900123"))[0].given_name \
        == "Zoë"
    assert services.patients.find_duplicates(near_phone) == []
    unrelated = make_draft(given_name="Mo", family_name="Salah", phone="0123 456 789")
    assert services.patients.find_duplicates(unrelated) == []


def _names(services: Services, text: str, archived: bool = False) -> list[str]:
    page = services.patients.search(PatientQuery(text=text, include_archived=archived))
    return [r.family_name for r in page.rows]


def test_search_by_partial_name_chart_number_phone_and_birth_date(
    services: Services, clinician: Actor
) -> None:
    _create(services, clinician, given_name="Łukasz", family_name="Wiśniewski",
            birth_date=date(1990, 3, 2), phone="0161 555 0199")
    _create(services, clinician, given_name="Seán", family_name="O'Brien",
            birth_date=date(1975, 12, 1), phone="")
    _create(services, clinician, given_name="雷", family_name="李", phone="")
    assert _names(services, "wis") == ["Wiśniewski"]
    assert _names(services, "lukasz") == ["Wiśniewski"]
    assert _names(services, "o'bri") == ["O'Brien"]
    assert _names(services, "sean o") == ["O'Brien"]
    assert _names(services, "李") == ["李"]
    assert _names(services, "1990-03-02") == ["Wiśniewski"]
    assert _names(services, "02/03/1990") == ["Wiśniewski"]
    assert _names(services, "SC-000002") == ["O'Brien"]
    assert _names(services, "0161555") == ["Wiśniewski"]
    assert _names(services, "nobody") == []


def test_archived_patients_hidden_unless_asked_for_and_can_be_restored(
    services: Services, clinician: Actor
) -> None:
    pid = _create(services, clinician)
    services.patients.set_archived(clinician, pid, True, services.patients.get(pid).version)
    assert _names(services, "zoe") == []
    assert _names(services, "zoe", archived=True) == ["O'Brien"]
    services.patients.set_archived(clinician, pid, False, services.patients.get(pid).version)
    assert _names(services, "zoe") == ["O'Brien"]
    actions = [a.action for a in services.users.audit_trail("patient", pid)]
    assert actions == ["create", "archive", "restore"]


def test_keyset_paging_walks_every_patient_once(services: Services, clinician: Actor) -> None:
    for i in range(7):
        _create(services, clinician, given_name=f"P{i}", family_name="Same", phone="")
    seen, cursor = [], None
    while True:
        page = services.patients.search(PatientQuery(limit=3, after=cursor))
        seen.extend(r.given_name for r in page.rows)
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert seen == [f"P{i}" for i in range(7)]


def test_stale_save_raises_conflict_naming_who_changed_it(
    services: Services, clinician: Actor, admin: Actor
) -> None:
    pid = _create(services, clinician)
    other_user = services.users.create_user(admin, "kim", "Kim Lee", Role.FRONT_DESK)
    kim = Actor(other_user.created_id or 0, "Kim Lee", Role.FRONT_DESK, "front-desk")
    before = services.patients.get(pid)
    services.patients.update(kim, pid, dataclasses.replace(before.draft, phone="0200 000 000"),
                             before.version, TODAY)
    with pytest.raises(ConflictError) as info:
        services.patients.update(clinician, pid,
                                 dataclasses.replace(before.draft, email="new@example.org"),
                                 before.version, TODAY)
    assert info.value.changed_by == "Kim Lee"
    assert services.patients.get(pid).draft.email == "zoe@example.org"


def test_update_writes_audit_with_changed_fields_and_renames_search_terms(
    services: Services, clinician: Actor
) -> None:
    pid = _create(services, clinician)
    before = services.patients.get(pid)
    services.patients.update(clinician, pid,
                             dataclasses.replace(before.draft, family_name="Nakamura"),
                             before.version, TODAY)
    trail = services.users.audit_trail("patient", pid)
    assert trail[-1].action == "update"
    assert trail[-1].changed_fields == ("family_name",)
    assert trail[-1].user == "Dr Amira Ahmed" and trail[-1].workstation == "ws-test"
    assert _names(services, "o'brien") == []
    assert _names(services, "naka") == ["Nakamura"]


def test_front_desk_cannot_sign_notes_but_can_register(services: Services, clinician: Actor,
                                                     admin: Actor) -> None:
    desk = services.users.create_user(admin, "desk", "Front Desk", Role.FRONT_DESK)
    actor = Actor(desk.created_id or 0, "Front Desk", Role.FRONT_DESK, "desk")
    pid = _create(services, actor)
    episode = services.care.open_episode(actor, pid, TODAY, "Low back pain", TODAY)
    from datetime import UTC, datetime

    from clinic_app.domain.patients import VisitKind
    from clinic_app.services.care import SoapText

    visit = services.care.create_visit(actor, episode.created_id or 0,  # booking is front-desk work
                                       datetime(2026, 11, 25, 9, tzinfo=UTC), VisitKind.INITIAL)
    with pytest.raises(PermissionDenied):
        services.care.save_draft(actor, visit.created_id or 0, SoapText(subjective="x"), 1)
    with pytest.raises(PermissionDenied):
        services.care.sign(actor, visit.created_id or 0, 1)


def test_name_search_pages_in_list_order_and_follows_renames(
    services: Services, clinician: Actor
) -> None:
    ids = {}
    for family in ("Marsh", "Marley", "Martin", "Adams", "Marquez"):
        ids[family] = _create(services, clinician, given_name="Mary", family_name=family, phone="")
    archived = ids["Marley"]
    services.patients.set_archived(clinician, archived, True,
                                   services.patients.get(archived).version)
    seen, cursor = [], None
    while True:  # "mar" matches family names and the given name Mary: each patient once
        page = services.patients.search(PatientQuery(text="mar", limit=2, after=cursor))
        seen.extend(r.family_name for r in page.rows)
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert seen == ["Adams", "Marquez", "Marsh", "Martin"]
    assert _names(services, "mar", archived=True) == ["Adams", "Marley", "Marquez", "Marsh",
                                                       "Martin"]
    before = services.patients.get(ids["Adams"])
    services.patients.update(clinician, ids["Adams"],
                             dataclasses.replace(before.draft, family_name="Zeller"),
                             before.version, TODAY)
    assert _names(services, "mary") == ["Marquez", "Marsh", "Martin", "Zeller"]
    assert _names(services, "mary 0161") == []  # a second word narrows the name search
