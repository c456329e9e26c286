"""Patient records: register, edit, archive and restore, find duplicates, search."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    bindparam,
    func,
    or_,
    select,
    tuple_,
    update,
)
from sqlalchemy.orm import InstrumentedAttribute, Session
from sqlalchemy.orm.exc import StaleDataError

from clinic_app.domain import patients as rules
from clinic_app.domain.access import Action
from clinic_app.domain.errors import ConflictError, NotFoundError, ValidationError
from clinic_app.domain.messages import msg
from clinic_app.domain.patients import EpisodeStatus, PatientDraft, Sex
from clinic_app.persistence.db import Database
from clinic_app.persistence.models import (
    ChartCounter,
    Episode,
    Patient,
    PatientSearchTerm,
    Visit,
)
from clinic_app.services.access import authorize, check
from clinic_app.services.context import (
    Actor,
    Changes,
    apply_fields,
    audit,
    check_version,
    display_name,
)
from clinic_app.services.dto import (
    EpisodeRow,
    PatientCursor,
    PatientDetails,
    PatientPage,
    PatientRow,
)
from clinic_app.services.text_checks import refuse_unstorable

logger = logging.getLogger(__name__)

PAGE_SIZE = 200
_DRAFT_FIELDS = (
    "given_name", "family_name", "preferred_name", "birth_date", "sex", "phone", "email",
    "address", "emergency_contact", "referrer", "occupation", "consent_treatment",
    "consent_treatment_date", "consent_data", "consent_data_date", "alerts",
)


@dataclass(frozen=True, slots=True)
class PatientQuery:
    """A patient-list search: typed text, whether archived records show, and the page."""

    text: str = ""
    include_archived: bool = False
    after: PatientCursor | None = None
    limit: int = PAGE_SIZE


def sort_key(family_name: str, given_name: str) -> str:
    """Folded ``family given``: the list order and the duplicate-name check."""
    return f"{rules.fold(family_name)} {rules.fold(given_name)}"[:220]


# The columns of a PatientRow, in its field order: list pages read them without ORM objects.
_ROW_COLUMNS = (Patient.id, Patient.chart_number, Patient.given_name, Patient.family_name,
                Patient.preferred_name, Patient.birth_date, Patient.phone, Patient.archived,
                Patient.sort_key)


def _term_select(include_archived: bool, paged: bool,
                 others: tuple[str, ...] = ()) -> Select[*tuple[Any, ...]]:
    """One page of patients with a search term in ``[:lo, :hi)``, in list order, after the
    ``:after_key``/``:after_id`` keyset when ``paged``; ``others``: words each must also match.

    A Core statement on the tables (no ORM entity to load) with the typed text as bound
    parameters, so one statement object per shape serves every keystroke."""
    term = PatientSearchTerm.__table__.c
    patient = Patient.__table__.c
    keys = select(term.sort_key, term.patient_id).where(
        term.term >= bindparam("lo"), term.term < bindparam("hi")).distinct()
    if not include_archived:
        keys = keys.where(term.archived.is_(False))
    if others:
        keys = keys.where(term.patient_id.in_(
            select(Patient.id).where(and_(*(_word_filter(w) for w in others)))))
    if paged:
        keys = keys.where(tuple_(term.sort_key, term.patient_id)
                          > tuple_(bindparam("after_key"), bindparam("after_id")))
    page = keys.order_by(term.sort_key, term.patient_id).limit(bindparam("limit")).subquery()
    return (select(*(patient[c.key] for c in _ROW_COLUMNS))
            .join(page, patient.id == page.c.patient_id)
            .order_by(page.c.sort_key, page.c.patient_id))


_term_select_cached = cache(_term_select)  # the one-word shapes: at most four statements


def _term_page(driver: str, others: list[str],
               query: PatientQuery) -> tuple[Select[*tuple[Any, ...]], dict[str, Any]]:
    """The statement and parameters for a page driven by the name word ``driver``."""
    paged = query.after is not None
    params: dict[str, Any] = {"lo": driver, "hi": driver[:-1] + chr(ord(driver[-1]) + 1),
                              "limit": query.limit + 1}
    if query.after is not None:
        params |= {"after_key": query.after.sort_key, "after_id": query.after.id}
    if others:
        return _term_select(query.include_archived, paged, tuple(others)), params
    return _term_select_cached(query.include_archived, paged), params


def _row(p: Patient) -> PatientRow:
    return PatientRow(
        id=p.id, chart_number=p.chart_number, given_name=p.given_name,
        family_name=p.family_name, preferred_name=p.preferred_name, birth_date=p.birth_date,
        phone=p.phone, archived=p.archived, sort_key=p.sort_key,
    )


def _prefix(column: ColumnElement[str] | InstrumentedAttribute[str], word: str) -> ColumnElement[bool]:
    """``column`` starts with ``word``, written as a range so the index serves it."""
    upper = word[:-1] + chr(ord(word[-1]) + 1)
    return and_(column >= word, column < upper)


def _word_filter(word: str) -> ColumnElement[bool]:
    born = rules.parse_date_query(word)
    if born is not None:
        return Patient.birth_date == born
    chart = rules.parse_chart_number(word) if word.startswith("sc") else None
    if chart is not None:
        return Patient.chart_number == chart
    by_name = Patient.id.in_(
        select(PatientSearchTerm.patient_id).where(_prefix(PatientSearchTerm.term, word))
    )
    if word.isdigit():
        options = [by_name, Patient.chart_number == int(word)]
        if len(word) >= 3:
            options.append(_prefix(Patient.phone_digits, word))
        return or_(*options)
    return by_name


def _whole_text_condition(text: str) -> ColumnElement[bool] | None:
    """A whole typed date of birth or chart number (either may contain spaces or dashes)."""
    whole_date = rules.parse_date_query(text)
    if whole_date is not None:
        return Patient.birth_date == whole_date
    if text.strip().lower().startswith("sc"):
        chart = rules.parse_chart_number(text)
        if chart is not None:
            return Patient.chart_number == chart
    return None


def _is_name_word(word: str) -> bool:
    """A word that can only match names (not a date, chart number or phone digits)."""
    if word.isdigit() or rules.parse_date_query(word) is not None:
        return False
    return not (word.startswith("sc") and rules.parse_chart_number(word) is not None)


def search_condition(text: str) -> ColumnElement[bool] | None:
    """The WHERE clause for a typed search: every word must match name, number, phone or DOB."""
    whole = _whole_text_condition(text)
    if whole is not None:
        return whole
    words = rules.query_words(text)
    if not words:
        return None
    return and_(*(_word_filter(w) for w in words))


_EPISODE_COLUMNS = (Episode.id, Episode.patient_id, Episode.start_date, Episode.complaint,
                    Episode.status, Episode.discharge_date, Episode.discharge_reason,
                    Episode.version)

class PatientService:
    """Patient records for the list, the chart and the patient dialog."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def search(self, query: PatientQuery) -> PatientPage:
        """Return one page of patients matching the typed text, in name order.

        A text with a name word reads the page's keys in list order from the search-term
        index (the longest name word drives it), so the cost follows the page, not the number
        of patients who match; other texts filter the patient table through its own indexes.
        """
        words = rules.query_words(query.text)
        names = [w for w in words if _is_name_word(w)]
        if names and _whole_text_condition(query.text) is None:
            driver = max(names, key=len)
            others = list(words)
            others.remove(driver)
            stmt, params = _term_page(driver, others, query)
        else:
            stmt, params = self._by_patient(search_condition(query.text), query), {}
        with self._db.reading() as s:
            rows = [PatientRow(*r) for r in s.execute(stmt, params)]
        more = len(rows) > query.limit
        rows = rows[: query.limit]
        cursor = PatientCursor(rows[-1].sort_key, rows[-1].id) if more and rows else None
        return PatientPage(tuple(rows), cursor)

    @staticmethod
    def _by_patient(condition: ColumnElement[bool] | None, query: PatientQuery) -> Select[*tuple[Any, ...]]:
        stmt = select(*_ROW_COLUMNS)
        if condition is not None:
            stmt = stmt.where(condition)
        if not query.include_archived:
            stmt = stmt.where(Patient.archived.is_(False))
        if query.after is not None:
            stmt = stmt.where(
                tuple_(Patient.sort_key, Patient.id) > (query.after.sort_key, query.after.id)
            )
        return stmt.order_by(Patient.sort_key, Patient.id).limit(query.limit + 1)

    def count(self, include_archived: bool = False) -> int:
        """Return how many patients there are."""
        stmt = select(func.count(Patient.id))
        if not include_archived:
            stmt = stmt.where(Patient.archived.is_(False))
        with self._db.reading() as s:
            return int(s.scalar(stmt) or 0)

    def get(self, patient_id: int, visit_counts: Mapping[int, int] | None = None) -> PatientDetails:
        """Return a patient's details and episodes.

        ``visit_counts`` (episode id → visits), when the caller has just read every visit of
        the patient in the same transaction, saves counting them again.
        """
        with self._db.reading() as s:
            return self._details(s, patient_id, visit_counts)

    def find_duplicates(self, draft: PatientDraft, exclude_id: int | None = None) -> list[PatientRow]:
        """Patients with the same name and date of birth, or the same phone number."""
        draft = rules.clean(draft)
        options = []
        if draft.birth_date is not None and draft.family_name and draft.given_name:
            options.append(and_(Patient.sort_key == sort_key(draft.family_name, draft.given_name),
                                Patient.birth_date == draft.birth_date))
        digits = rules.phone_digits(draft.phone)
        if len(digits) >= 6:
            options.append(Patient.phone_digits == digits)
        if not options:
            return []
        stmt = select(Patient).where(or_(*options)).order_by(Patient.sort_key).limit(20)
        if exclude_id is not None:
            stmt = stmt.where(Patient.id != exclude_id)
        with self._db.reading() as s:
            return [_row(p) for p in s.scalars(stmt)]

    def create(self, actor: Actor, draft: PatientDraft, today: date) -> Changes:
        """Register a patient and assign the next chart number."""
        authorize(self._db, actor, Action.REGISTER_PATIENT)
        refuse_unstorable(draft)
        draft = self._validated(draft, today)
        with self._db.writing() as s:
            s.execute(update(ChartCounter).where(ChartCounter.id == 1)
                      .values(last_number=ChartCounter.last_number + 1))
            number = s.scalar(select(ChartCounter.last_number).where(ChartCounter.id == 1))
            patient = Patient(chart_number=int(number or 0), updated_by_id=actor.user_id,
                              archived=False)
            self._assign(patient, draft)
            s.add(patient)
            s.flush()
            audit(s, actor, "create", "patient", patient.id, _DRAFT_FIELDS)
            return Changes(patients=frozenset({patient.id}), records=True, created_id=patient.id,
                           entity="patient")

    def update(self, actor: Actor, patient_id: int, draft: PatientDraft, expected_version: int,
               today: date) -> Changes:
        """Save edits made on version ``expected_version``; refuse if someone saved since."""
        authorize(self._db, actor, Action.REGISTER_PATIENT)
        refuse_unstorable(draft)
        draft = self._validated(draft, today)
        try:
            with self._db.writing() as s:
                patient = self._load(s, patient_id)
                check_version(s, "Patient", patient.version, expected_version,
                              patient.updated_by_id, patient.updated_at)
                changed = self._assign(patient, draft)
                if changed:
                    patient.updated_by_id = actor.user_id
                    s.flush()
                    audit(s, actor, "update", "patient", patient.id, changed)
        except StaleDataError as exc:
            raise ConflictError("Patient", "another user", None) from exc
        return Changes(patients=frozenset({patient_id}), records=True, entity="patient")

    def set_archived(self, actor: Actor, patient_id: int, archived: bool,
                     expected_version: int) -> Changes:
        """Archive (hide) or restore a patient; records are never deleted."""
        authorize(self._db, actor, Action.ARCHIVE_PATIENT)
        with self._db.writing() as s:
            patient = self._load(s, patient_id)
            check_version(s, "Patient", patient.version, expected_version,
                          patient.updated_by_id, patient.updated_at)
            if patient.archived != archived:
                patient.archived = archived
                s.execute(update(PatientSearchTerm).where(PatientSearchTerm.patient_id == patient_id)
                          .values(archived=archived))
                patient.updated_by_id = actor.user_id
                s.flush()
                audit(s, actor, "archive" if archived else "restore", "patient", patient.id,
                      ["archived"])
        return Changes(patients=frozenset({patient_id}), records=True, entity="patient")

    def record_chart_opened(self, actor: Actor, patient_id: int) -> None:
        """Audit that ``actor`` opened a patient's chart (who read whose record, when)."""
        with self._db.writing() as s:
            check(s, actor, Action.OPEN_CHART)
            self._load(s, patient_id)
            audit(s, actor, "read", "patient", patient_id)

    # -- helpers -------------------------------------------------------------------------

    @staticmethod
    def _validated(draft: PatientDraft, today: date) -> PatientDraft:
        draft = rules.clean(draft)
        errors = rules.validate_patient(draft, today)
        if errors:
            raise ValidationError(errors)
        return draft

    @staticmethod
    def _load(s: Session, patient_id: int) -> Patient:
        patient = s.get(Patient, patient_id)
        if patient is None:
            raise NotFoundError(msg("patient.not_found", patient_id=patient_id))
        return patient

    @staticmethod
    def _assign(patient: Patient, draft: PatientDraft) -> list[str]:
        values: dict[str, object] = {name: getattr(draft, name) for name in _DRAFT_FIELDS}
        values["sex"] = Sex(draft.sex).value
        values["consent_treatment_date"] = (
            draft.consent_treatment_date if draft.consent_treatment else None)
        values["consent_data_date"] = draft.consent_data_date if draft.consent_data else None
        changed = apply_fields(patient, values)
        patient.sort_key = sort_key(draft.family_name, draft.given_name)
        patient.phone_digits = rules.phone_digits(draft.phone)
        wanted = rules.name_terms(draft.given_name, draft.family_name, draft.preferred_name)
        if patient.id is None:
            patient.terms = [PatientSearchTerm(term=t, sort_key=patient.sort_key, archived=False)
                             for t in sorted(wanted)]
        elif {"given_name", "family_name", "preferred_name"} & set(changed):
            s = Session.object_session(patient)
            assert s is not None
            s.query(PatientSearchTerm).filter_by(patient_id=patient.id).delete()
            s.add_all(PatientSearchTerm(term=t, patient_id=patient.id, sort_key=patient.sort_key,
                                        archived=patient.archived) for t in sorted(wanted))
        return changed

    @staticmethod
    def _details(s: Session, patient_id: int,
                 visit_counts: Mapping[int, int] | None = None) -> PatientDetails:
        patient = s.get(Patient, patient_id)
        if patient is None:
            raise NotFoundError(msg("patient.not_found", patient_id=patient_id))
        counts = visit_counts if visit_counts is not None else dict(
            s.execute(select(Visit.episode_id, func.count(Visit.id))
                      .where(Visit.patient_id == patient_id).group_by(Visit.episode_id)).all()
        )
        episodes = tuple(  # columns, not records: a long history has dozens of episodes
            EpisodeRow(id=e.id, patient_id=e.patient_id, start_date=e.start_date,
                       complaint=e.complaint, status=EpisodeStatus(e.status),
                       discharge_date=e.discharge_date, discharge_reason=e.discharge_reason,
                       version=e.version, visit_count=int(counts.get(e.id, 0)))
            for e in s.connection().execute(  # Core rows: no ORM loading step per row
                select(*_EPISODE_COLUMNS).where(Episode.patient_id == patient_id)
                .order_by(Episode.start_date.desc(), Episode.id.desc())).all()
        )
        draft = PatientDraft(
            given_name=patient.given_name, family_name=patient.family_name,
            preferred_name=patient.preferred_name, birth_date=patient.birth_date,
            sex=Sex(patient.sex), phone=patient.phone, email=patient.email,
            address=patient.address, emergency_contact=patient.emergency_contact,
            referrer=patient.referrer, occupation=patient.occupation,
            consent_treatment=patient.consent_treatment,
            consent_treatment_date=patient.consent_treatment_date,
            consent_data=patient.consent_data, consent_data_date=patient.consent_data_date,
            alerts=patient.alerts,
        )
        return PatientDetails(
            id=patient.id, chart_number=patient.chart_number, draft=draft,
            archived=patient.archived, version=patient.version, updated_at=patient.updated_at,
            updated_by=display_name(s, patient.updated_by_id), episodes=episodes,
        )
