"""Fixtures of the caseload tests: the constructed practice of ``practice.py``."""

from __future__ import annotations

import pytest

from clinic_app.services.context import Actor
from clinic_app.services.registry import Services
from tests.caseload.practice import Built, build_practice


@pytest.fixture
def practice(services: Services, clinician: Actor, admin: Actor) -> Built:
    """The constructed practice; ``admin`` also treats (E3 and E6)."""
    return build_practice(services, clinician, admin)
