"""Requests to be forgotten: erase when the retention period has ended, else restrict processing.

Erasure removes every row that belongs to the patient (found through the foreign keys, so a new
table cannot be forgotten) in one transaction; the audit keeps that an erasure happened and how
many rows went, never the content. On SQLite the freed pages are overwritten (``secure_delete``)
and the write-ahead log is emptied, so the name is not left in the file either.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Table, delete, func, select, text
from sqlalchemy.orm import Session

from clinic_app.domain.access import Action
from clinic_app.domain.errors import NotFoundError, ValidationError
from clinic_app.domain.messages import msg
from clinic_app.domain.retention import RetentionAssessment, RetentionPolicy, assess_retention
from clinic_app.persistence.base import Base
from clinic_app.persistence.db import Database
from clinic_app.persistence.models import Patient, PracticeSetting, RecordRestriction, Visit
from clinic_app.services.access import authorize
from clinic_app.services.audit_content import forget_sealed
from clinic_app.services.context import Actor, Changes, audit
from clinic_app.services.episode_outcome import forget_episode_outcomes
from clinic_app.services.practice_settings import store_setting
from clinic_app.services.text_checks import refuse_unstorable

logger = logging.getLogger(__name__)

POLICY_KEY = "records_retention"


@dataclass(frozen=True, slots=True)
class ErasureCheck:
    """What an erasure request for this patient leads to today."""

    patient_id: int
    chart_label: str
    last_contact: date
    assessment: RetentionAssessment
    restricted: bool


@dataclass(frozen=True, slots=True)
class ErasureOutcome:
    """What was done: ``erased`` (with the rows removed per table) or restricted."""

    erased: bool
    explanation: str
    rows_removed: dict[str, int]


def _owned_rows(s: Session, patient_id: int) -> list[tuple[Table, list[int]]]:
    """Every (table, ids) that belongs to the patient, parents first (through foreign keys)."""
    owned: dict[str, set[int]] = {"patient": {patient_id}}
    found: list[tuple[Table, list[int]]] = [(Patient.__table__, [patient_id])]  # type: ignore[list-item]
    for table in Base.metadata.sorted_tables:
        if table.name in owned or "id" not in table.c:
            continue
        conditions = [fk.parent.in_(sorted(owned[fk.column.table.name]))
                      for fk in table.foreign_keys if fk.column.table.name in owned
                      and owned[fk.column.table.name]]
        if not conditions:
            continue
        ids = {row[0] for c in conditions for row in s.execute(select(table.c.id).where(c))}
        owned[table.name] = ids
        found.append((table, sorted(ids)))
    # Tables keyed by something other than "id" (search terms) go with the patient as well.
    for table in Base.metadata.sorted_tables:
        if "id" not in table.c and "patient_id" in table.c:
            found.append((table, []))
    return found


class ErasureService:
    """The retention rule, erasure requests and restrictions (administrators only)."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def policy(self) -> RetentionPolicy:
        """The practice's retention rule (defaults when never set)."""
        with self._db.reading() as s:
            row = s.get(PracticeSetting, POLICY_KEY)
        if row is None:
            return RetentionPolicy()
        data = json.loads(row.value)
        return RetentionPolicy(int(data["adult_years"]), int(data["child_until_age"]))

    def save_policy(self, actor: Actor, policy: RetentionPolicy) -> Changes:
        """Change the retention rule."""
        authorize(self._db, actor, Action.ERASE_RECORDS)
        errors = policy.validate()
        if errors:
            raise ValidationError(errors)
        value = json.dumps({"adult_years": policy.adult_years,
                            "child_until_age": policy.child_until_age})
        with self._db.writing() as s:
            store_setting(s, POLICY_KEY, value, actor)
            audit(s, actor, "update", "practice_setting", 0, ["records_retention"])
        return Changes(entity="practice_setting")

    def check(self, actor: Actor, patient_id: int, today: date) -> ErasureCheck:
        """What a request made today leads to, with the rule explained."""
        authorize(self._db, actor, Action.ERASE_RECORDS)
        policy = self.policy()
        with self._db.reading() as s:
            return self._check(s, patient_id, today, policy)

    def _check(self, s: Session, patient_id: int, today: date,
               policy: RetentionPolicy) -> ErasureCheck:
        from clinic_app.domain.patients import format_chart_number

        patient = s.get(Patient, patient_id)
        if patient is None:
            raise NotFoundError(msg("patient.not_found", patient_id=patient_id))
        last_visit = s.scalar(select(func.max(Visit.starts_at)).where(Visit.patient_id == patient_id))
        last = last_visit.date() if last_visit is not None else patient.created_at.date()
        restricted = s.scalar(select(func.count(RecordRestriction.id))
                              .where(RecordRestriction.patient_id == patient_id)) or 0
        return ErasureCheck(patient_id, format_chart_number(patient.chart_number), last,
                            assess_retention(patient.birth_date, last, today, policy),
                            bool(restricted))

    def request(self, actor: Actor, patient_id: int, reason: str, today: date) -> ErasureOutcome:
        """Carry out a request to be forgotten: erase if the period has ended, else restrict."""
        authorize(self._db, actor, Action.ERASE_RECORDS)
        refuse_unstorable(reason, "reason")
        if not reason.strip():
            raise ValidationError({"reason": msg("erasure.say_how_request_was_made")})
        policy = self.policy()
        with self._db.writing() as s:
            found = self._check(s, patient_id, today, policy)
            if not found.assessment.erasable:
                s.add(RecordRestriction(patient_id=patient_id, requested_on=today,
                                        reason=reason.strip(),
                                        retain_until=found.assessment.retain_until,
                                        decided_by_id=actor.user_id))
                patient = s.get(Patient, patient_id)
                assert patient is not None
                patient.archived = True
                s.flush()
                audit(s, actor, "restrict", "patient", patient_id, ["erasure_request"])
                return ErasureOutcome(False, found.assessment.explanation, {})
            forget_sealed(s, actor, patient_id)  # the audit trail's sealed records go on purpose
            removed = self._erase(s, patient_id)
            audit(s, actor, "erase", "patient", patient_id,
                  [f"{table}:{count}" for table, count in sorted(removed.items())])
        self._scrub_file()
        logger.info("patient %s erased (%d rows)", patient_id, sum(removed.values()))
        return ErasureOutcome(True, found.assessment.explanation, removed)

    def _erase(self, s: Session, patient_id: int) -> dict[str, int]:
        if s.get_bind().dialect.name == "sqlite":
            s.execute(text("PRAGMA secure_delete = ON"))  # freed pages are zeroed
        owned = _owned_rows(s, patient_id)
        forget_episode_outcomes(s, next((ids for table, ids in owned if table.name == "episode"), []))
        removed: dict[str, int] = {}
        for table, ids in reversed(owned):
            if "id" in table.c:
                if ids:
                    s.execute(delete(table).where(table.c.id.in_(ids)))
                removed[table.name] = len(ids)
            else:
                result = s.execute(delete(table).where(table.c.patient_id == patient_id))
                removed[table.name] = int(getattr(result, "rowcount", 0) or 0)
        return {name: count for name, count in removed.items() if count}

    def _scrub_file(self) -> None:
        """SQLite: fold the write-ahead log into the file and empty it (old pages gone)."""
        if self._db.engine.dialect.name != "sqlite":
            return
        with self._db.engine.connect() as conn:
            conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
