"""Fixtures for the appointment book: a patient to book and a second clinician."""

from __future__ import annotations

import pytest

from clinic_app.domain.patients import Role
from clinic_app.services.context import Actor
from clinic_app.services.registry import Services
from tests.conftest import TODAY, make_draft


@pytest.fixture
def patient_id(services: Services, clinician: Actor) -> int:
    """Zoë O'Brien, registered."""
    return services.patients.create(clinician, make_draft(), TODAY).created_id or 0


@pytest.fixture
def second_patient(services: Services, clinician: Actor) -> int:
    """Sam Lee, registered."""
    draft = make_draft(given_name="Sam", family_name="Lee", phone="07700 900456")
    return services.patients.create(clinician, draft, TODAY).created_id or 0


@pytest.fixture
def colleague(services: Services, clinician: Actor) -> Actor:
    """A second clinician."""
    from clinic_app.services.users import add_user_row

    with services.db.writing() as s:
        user = add_user_row(s, "kim", "Kim Lee", Role.CLINICIAN)
        user_id = user.id
    return Actor(user_id, "Kim Lee", Role.CLINICIAN, "ws-2")
