"""The set of services the composition root hands to the UI."""

from __future__ import annotations

from dataclasses import dataclass

from clinic_app.persistence.db import Database
from clinic_app.services.care import CareService
from clinic_app.services.patients import PatientService
from clinic_app.services.users import UserService


@dataclass(frozen=True)
class Services:
    """Every use-case service over one database."""

    db: Database
    patients: PatientService
    care: CareService
    users: UserService

    @classmethod
    def over(cls, db: Database) -> Services:
        """Build every service for ``db``."""
        return cls(db=db, patients=PatientService(db), care=CareService(db), users=UserService(db))
