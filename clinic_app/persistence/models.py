"""Typed ORM models for users, audit, patients, episodes of care and visit notes."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from clinic_app.persistence.base import Base, UTCDateTime, Versioned, clock_now


class User(Versioned, Base):
    """A person who uses the app; every change is attributed to one."""

    __tablename__ = "app_user"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(60), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(20))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    password_hash: Mapped[str | None] = mapped_column(String(200), nullable=True)
    """Argon2id (PHC string); ``None`` until the user sets a password at first sign-in."""
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    idle_lock_minutes: Mapped[int | None] = mapped_column(Integer, nullable=True)
    """A shorter auto-lock for this user than the practice's (never longer)."""
    __table_args__ = (
        CheckConstraint("role IN ('clinician', 'front_desk', 'admin', 'read_only')", name="role"),
    )


class AuditEntry(Base):
    """One row per create, update, archive, sign or amendment, written in the same transaction."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock_now, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    workstation: Mapped[str] = mapped_column(String(120))
    action: Mapped[str] = mapped_column(String(30))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int] = mapped_column(Integer)
    changed_fields: Mapped[str] = mapped_column(Text, default="")
    content_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    prev_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    row_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    __table_args__ = (Index("ix_audit_log_entity", "entity", "entity_id"),)


class AuditChainHead(Base):
    """The one row naming the audit chain's newest row; writers lock it to append in order."""

    __tablename__ = "audit_chain_head"
    id: Mapped[int] = mapped_column(primary_key=True)
    chain_id: Mapped[str] = mapped_column(String(36))
    last_id: Mapped[int] = mapped_column(Integer, default=0)
    last_hash: Mapped[str] = mapped_column(String(64))
    key_fingerprint: Mapped[str] = mapped_column(String(64))


class ChartCounter(Base):
    """Hands out chart numbers once each, also when several workstations create patients."""

    __tablename__ = "chart_counter"
    id: Mapped[int] = mapped_column(primary_key=True)
    last_number: Mapped[int] = mapped_column(Integer, default=0)


class Patient(Versioned, Base):
    """A patient's demographics, consent and alerts."""

    __tablename__ = "patient"
    id: Mapped[int] = mapped_column(primary_key=True)
    chart_number: Mapped[int] = mapped_column(Integer, unique=True)
    given_name: Mapped[str] = mapped_column(String(100))
    family_name: Mapped[str] = mapped_column(String(100))
    preferred_name: Mapped[str] = mapped_column(String(100), default="")
    sort_key: Mapped[str] = mapped_column(
        String(220).with_variant(String(220, collation="C"), "postgresql"), index=True
    )
    birth_date: Mapped[date] = mapped_column(Date, index=True)
    sex: Mapped[str] = mapped_column(String(12))
    phone: Mapped[str] = mapped_column(String(40), default="")
    phone_digits: Mapped[str] = mapped_column(
        String(40).with_variant(String(40, collation="C"), "postgresql"), default="", index=True
    )
    email: Mapped[str] = mapped_column(String(254), default="")
    address: Mapped[str] = mapped_column(Text, default="")
    emergency_contact: Mapped[str] = mapped_column(String(200), default="")
    referrer: Mapped[str] = mapped_column(String(200), default="")
    occupation: Mapped[str] = mapped_column(String(200), default="")
    consent_treatment: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_treatment_date: Mapped[date | None] = mapped_column(Date)
    consent_data: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_data_date: Mapped[date | None] = mapped_column(Date)
    alerts: Mapped[str] = mapped_column(Text, default="")
    archived: Mapped[bool] = mapped_column(Boolean, default=False, index=True)

    episodes: Mapped[list[Episode]] = relationship(back_populates="patient", lazy="raise")
    terms: Mapped[list[PatientSearchTerm]] = relationship(
        back_populates="patient", cascade="all, delete-orphan", lazy="raise"
    )
    __table_args__ = (
        CheckConstraint("sex IN ('female', 'male', 'intersex', 'not_stated')", name="sex"),
    )


class PatientSearchTerm(Base):
    """One folded name word of a patient; prefix searches use its index at any list size."""

    __tablename__ = "patient_search_term"
    term: Mapped[str] = mapped_column(
        String(100).with_variant(String(100, collation="C"), "postgresql"), primary_key=True
    )
    patient_id: Mapped[int] = mapped_column(
        ForeignKey("patient.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    # Copies of the patient's list order and archived flag: a search reads the first page in
    # list order from one covering index, without visiting every matching patient row.
    sort_key: Mapped[str] = mapped_column(
        String(220).with_variant(String(220, collation="C"), "postgresql"), default="",
        server_default=""
    )
    archived: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    patient: Mapped[Patient] = relationship(back_populates="terms", lazy="raise")
    __table_args__ = (
        Index("ix_patient_search_term_listing", "term", "archived", "sort_key", "patient_id"),
    )


class Episode(Versioned, Base):
    """An episode of care: from the presenting complaint to discharge."""

    __tablename__ = "episode"
    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id"), index=True)
    start_date: Mapped[date] = mapped_column(Date)
    complaint: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(12), default="open")
    discharge_date: Mapped[date | None] = mapped_column(Date)
    discharge_reason: Mapped[str] = mapped_column(String(30), default="")

    patient: Mapped[Patient] = relationship(back_populates="episodes", lazy="raise")
    visits: Mapped[list[Visit]] = relationship(back_populates="episode", lazy="raise")
    __table_args__ = (CheckConstraint("status IN ('open', 'discharged')", name="status"),)


class Visit(Versioned, Base):
    """An appointment and its SOAP note; a draft until signed, then never changed."""

    __tablename__ = "visit"
    id: Mapped[int] = mapped_column(primary_key=True)
    episode_id: Mapped[int] = mapped_column(ForeignKey("episode.id"), index=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id"), index=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    clinician_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    kind: Mapped[str] = mapped_column(String(12))
    subjective: Mapped[str] = mapped_column(Text, default="")
    objective: Mapped[str] = mapped_column(Text, default="")
    assessment: Mapped[str] = mapped_column(Text, default="")
    plan: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(8), default="draft")
    signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    signed_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))

    episode: Mapped[Episode] = relationship(back_populates="visits", lazy="raise")
    amendments: Mapped[list[Amendment]] = relationship(back_populates="visit", lazy="raise")
    __table_args__ = (
        CheckConstraint("kind IN ('initial', 'follow_up', 'discharge')", name="kind"),
        CheckConstraint("status IN ('draft', 'signed')", name="status"),
    )


class Amendment(Base):
    """Text appended to a signed note, with its author and time; never edited."""

    __tablename__ = "amendment"
    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visit.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock_now)
    text: Mapped[str] = mapped_column(Text)

    visit: Mapped[Visit] = relationship(back_populates="amendments", lazy="raise")


class IntakeRevision(Base):
    """One saved state of an episode's intake; never changed, so every earlier state stays."""

    __tablename__ = "intake_revision"
    id: Mapped[int] = mapped_column(primary_key=True)
    episode_id: Mapped[int] = mapped_column(ForeignKey("episode.id"), index=True)
    revision: Mapped[int] = mapped_column(Integer)
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock_now)
    saved_by_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    data: Mapped[str] = mapped_column(Text)
    __table_args__ = (UniqueConstraint("episode_id", "revision"),)


class RedFlagScreen(Base):
    """A time-stamped red-flag screen: every answer yes, no or not asked (never reused)."""

    __tablename__ = "red_flag_screen"
    id: Mapped[int] = mapped_column(primary_key=True)
    episode_id: Mapped[int] = mapped_column(ForeignKey("episode.id"), index=True)
    visit_id: Mapped[int | None] = mapped_column(ForeignKey("visit.id"))
    screened_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock_now)
    screened_by_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    answers: Mapped[str] = mapped_column(Text)
    severe_pain: Mapped[bool] = mapped_column(Boolean, default=False)


class RedFlagEvent(Versioned, Base):
    """A raised flag: acknowledged with the action taken, then resolved with the outcome."""

    __tablename__ = "red_flag_event"
    id: Mapped[int] = mapped_column(primary_key=True)
    episode_id: Mapped[int] = mapped_column(ForeignKey("episode.id"), index=True)
    screen_id: Mapped[int] = mapped_column(ForeignKey("red_flag_screen.id"))
    item: Mapped[str] = mapped_column(String(4))
    tier: Mapped[str] = mapped_column(String(10))
    raised_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock_now)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    acknowledged_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    action_taken: Mapped[str] = mapped_column(Text, default="")
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    outcome: Mapped[str] = mapped_column(Text, default="")
    __table_args__ = (CheckConstraint("tier IN ('emergency', 'urgent', 'prompt')", name="tier"),)


class Exam(Versioned, Base):
    """A visit's examination (JSON of the domain record) and which values were copied forward."""

    __tablename__ = "exam"
    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visit.id"), unique=True)
    data: Mapped[str] = mapped_column(Text)
    copied: Mapped[str] = mapped_column(Text, default="[]")


class ExamDecision(Base):
    """A clinician accepting or overriding (with a reason) one interpretation line; appended."""

    __tablename__ = "exam_decision"
    id: Mapped[int] = mapped_column(primary_key=True)
    exam_id: Mapped[int] = mapped_column(ForeignKey("exam.id"), index=True)
    finding_key: Mapped[str] = mapped_column(String(40))
    decision: Mapped[str] = mapped_column(String(12))
    reason: Mapped[str] = mapped_column(Text, default="")
    explanation: Mapped[str] = mapped_column(Text, default="")
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock_now)
    decided_by_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    __table_args__ = (CheckConstraint("decision IN ('accepted', 'overridden')", name="decision"),)


class VisitMeasuresRecord(Versioned, Base):
    """Outcome measures recorded at a visit (JSON of the domain record)."""

    __tablename__ = "visit_measures"
    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visit.id"), unique=True)
    episode_id: Mapped[int] = mapped_column(ForeignKey("episode.id"), index=True)
    data: Mapped[str] = mapped_column(Text)


class PsfsSeries(Base):
    """The 3-5 activities a patient named; re-rated at each visit; new activities, new series."""

    __tablename__ = "psfs_series"
    id: Mapped[int] = mapped_column(primary_key=True)
    episode_id: Mapped[int] = mapped_column(ForeignKey("episode.id"), index=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock_now)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    activities: Mapped[str] = mapped_column(Text)


class ExerciseRecord(Base):
    """An exercise of the library (built-in from resources, or the clinic's own)."""

    __tablename__ = "exercise"
    id: Mapped[str] = mapped_column(String(60), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    data: Mapped[str] = mapped_column(Text)
    custom: Mapped[bool] = mapped_column(Boolean, default=False)
    image_file: Mapped[str] = mapped_column(String(200), default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock_now, onupdate=clock_now)


class PlanRevision(Base):
    """One saved state of an episode's plan; every change is kept."""

    __tablename__ = "plan_revision"
    id: Mapped[int] = mapped_column(primary_key=True)
    episode_id: Mapped[int] = mapped_column(ForeignKey("episode.id"), index=True)
    revision: Mapped[int] = mapped_column(Integer)
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock_now)
    saved_by_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    data: Mapped[str] = mapped_column(Text)
    __table_args__ = (UniqueConstraint("episode_id", "revision"),)


class PlanTemplateRecord(Base):
    """A practice's own plan template."""

    __tablename__ = "plan_template"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    data: Mapped[str] = mapped_column(Text)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock_now)


class RunSession(Base):
    """A logged walk/run session and the 24-hour-rule decision it led to."""

    __tablename__ = "run_session"
    id: Mapped[int] = mapped_column(primary_key=True)
    episode_id: Mapped[int] = mapped_column(ForeignKey("episode.id"), index=True)
    session_date: Mapped[date] = mapped_column(Date)
    stage: Mapped[int] = mapped_column(Integer)
    report: Mapped[str] = mapped_column(Text)
    action: Mapped[str] = mapped_column(String(10))
    next_stage: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text)
    logged_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock_now)
    logged_by_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"))


class AdherenceWeekRecord(Versioned, Base):
    """How many of the prescribed sessions the patient reports doing in a week."""

    __tablename__ = "adherence_week"
    id: Mapped[int] = mapped_column(primary_key=True)
    episode_id: Mapped[int] = mapped_column(ForeignKey("episode.id"), index=True)
    week_start: Mapped[date] = mapped_column(Date)
    done: Mapped[int] = mapped_column(Integer)
    prescribed: Mapped[int] = mapped_column(Integer)
    __table_args__ = (UniqueConstraint("episode_id", "week_start"),)


class PracticeSetting(Versioned, Base):
    """One practice-wide setting (e.g. the letterhead), stored as JSON under a key."""

    __tablename__ = "practice_setting"
    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class HandoutRecord(Base):
    """A document handed to a patient or sent for them: the exact PDF bytes, kept for reprinting."""

    __tablename__ = "handout"
    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id"), index=True)
    episode_id: Mapped[int | None] = mapped_column(ForeignKey("episode.id"), nullable=True)
    visit_id: Mapped[int | None] = mapped_column(ForeignKey("visit.id"), nullable=True)
    kind: Mapped[str] = mapped_column(String(30))
    title: Mapped[str] = mapped_column(String(200))
    source_version: Mapped[str] = mapped_column(String(80), default="")
    pages: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    pdf: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock_now)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"))


class RecordRestriction(Base):
    """Processing restricted on a patient's request while the record must still be kept."""

    __tablename__ = "record_restriction"
    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id"), index=True)
    requested_on: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    retain_until: Mapped[date] = mapped_column(Date)
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock_now)
    decided_by_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"))


class Appointment(Versioned, Base):
    """A booked time with a clinician: the front desk's diary, and the link to its visit."""

    __tablename__ = "appointment"
    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id"), index=True)
    clinician_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    minutes: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(12))
    status: Mapped[str] = mapped_column(String(12), default="booked")
    cancel_reason: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    visit_id: Mapped[int | None] = mapped_column(ForeignKey("visit.id"), nullable=True)
    __table_args__ = (
        Index("ix_appointment_clinician_starts", "clinician_id", "starts_at"),
        Index("ix_appointment_starts_at", "starts_at"),
        CheckConstraint("kind IN ('initial', 'follow_up', 'rtr_review')", name="kind"),
        CheckConstraint("status IN ('booked', 'arrived', 'in_session', 'done', 'cancelled', "
                        "'dna')", name="status"),
        CheckConstraint("minutes > 0", name="minutes"),
    )


class ClinicianHours(Versioned, Base):
    """A clinician's weekly working hours and breaks (JSON: ``domain.appointments``)."""

    __tablename__ = "clinician_hours"
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"), primary_key=True)
    pattern: Mapped[str] = mapped_column(Text)


class WaitlistEntry(Versioned, Base):
    """A patient waiting for an earlier or a first appointment."""

    __tablename__ = "waitlist_entry"
    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id"), index=True)
    clinician_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")
    closed: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class EpisodeOutcome(Base):
    """One episode's caseload figures, kept in step with its records (services/episode_outcome.py).

    Every write that changes an input (visits, measures, exam, intake, screens, walk/run sessions,
    discharge, the patient's birth date, the practice's ODI setting) recomputes the row in the same
    transaction, so Practice → Outcomes aggregates one narrow row per episode. ``id`` is the
    episode's id: the row goes with the episode when a patient is erased.
    """

    __tablename__ = "episode_outcome"
    id: Mapped[int] = mapped_column(ForeignKey("episode.id", ondelete="CASCADE"), primary_key=True)
    start_date: Mapped[date] = mapped_column(Date, index=True)
    discharged: Mapped[bool] = mapped_column(Boolean)
    clinician_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    """Who saw the patient at the first visit."""
    signs: Mapped[int] = mapped_column(Integer)
    """The presentation sign code (``domain.caseload.PresentationSigns.code``)."""
    startback: Mapped[int | None] = mapped_column(Integer, nullable=True)
    """The first STarT Back's answer code (``domain.caseload.startback_code``); None: not recorded."""
    visits: Mapped[int] = mapped_column(Integer)
    at_first: Mapped[int] = mapped_column(Integer)
    """Bit i: measure i (``MEASURE_KEYS``) recorded at the first visit."""
    at_discharge: Mapped[int] = mapped_column(Integer)
    """Bit i: measure i recorded at the last visit of a discharged episode."""
    nprs_back_base: Mapped[float | None] = mapped_column(Float, nullable=True)
    nprs_back_last: Mapped[float | None] = mapped_column(Float, nullable=True)
    nprs_leg_base: Mapped[float | None] = mapped_column(Float, nullable=True)
    nprs_leg_last: Mapped[float | None] = mapped_column(Float, nullable=True)
    odi_base: Mapped[float | None] = mapped_column(Float, nullable=True)
    odi_last: Mapped[float | None] = mapped_column(Float, nullable=True)
    rmdq_base: Mapped[float | None] = mapped_column(Float, nullable=True)
    rmdq_last: Mapped[float | None] = mapped_column(Float, nullable=True)
    psfs_base: Mapped[float | None] = mapped_column(Float, nullable=True)
    psfs_last: Mapped[float | None] = mapped_column(Float, nullable=True)
    """Baseline and last value of each measure, only when both exist (two or more values)."""
    screens: Mapped[int] = mapped_column(Integer)
    screens_not_asked: Mapped[int] = mapped_column(Integer)
    items_not_asked: Mapped[int] = mapped_column(Integer)
    run_started: Mapped[bool] = mapped_column(Boolean)
    run_days: Mapped[float | None] = mapped_column(Float, nullable=True)
    """Days from the episode's start to passing the walk/run programme's final stage."""


class EpisodeOutcomeMonth(Base):
    """How many episodes started in a month have each value of each caseload fact.

    The sums of ``episode_outcome`` by start month (services/episode_outcome.py keeps them in
    step), so an unfiltered Outcomes view reads a few hundred rows per month, however many
    episodes the practice has.
    """

    __tablename__ = "episode_outcome_month"
    month: Mapped[date] = mapped_column(Date, primary_key=True)
    key: Mapped[str] = mapped_column(String(20), primary_key=True)
    value: Mapped[float] = mapped_column(Float, primary_key=True)
    n: Mapped[int] = mapped_column(Integer)
