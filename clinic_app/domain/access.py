"""Who may do what: the role × action matrix, kept in this one place.

Services check every call against it with the role read from the database (never the role a
caller declares); the UI asks it only to hide what a user could not do anyway.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from clinic_app.domain.messages import Message, coded, msg
from clinic_app.domain.messages.core import QT_TRANSLATE_NOOP
from clinic_app.domain.patients import Role


class Action(enum.StrEnum):
    """Something a user does through a service."""

    OPEN_CHART = "open_chart"                  # read a patient's chart (audited)
    READ_CLINICAL = "read_clinical"            # see notes, intake, exams, measures, plans
    REGISTER_PATIENT = "register_patient"      # create and edit demographics
    ARCHIVE_PATIENT = "archive_patient"
    BOOK_VISIT = "book_visit"                  # appointments: create a visit
    OPEN_EPISODE = "open_episode"              # a new course of care, e.g. on a referral
    DISCHARGE_EPISODE = "discharge_episode"
    WRITE_NOTE = "write_note"                  # draft, sign and amend visit notes
    WRITE_INTAKE = "write_intake"
    RECORD_RED_FLAGS = "record_red_flags"
    WRITE_EXAM = "write_exam"
    WRITE_MEASURES = "write_measures"
    WRITE_PLAN = "write_plan"                  # plans, walk/run sessions
    RECORD_ADHERENCE = "record_adherence"      # what the patient reports doing at home
    PRINT_HANDOUT = "print_handout"            # patient handouts: exercises, education, schedule
    PRINT_CLINICAL_LETTER = "print_clinical_letter"  # progress letter, exam summary
    MANAGE_EXERCISES = "manage_exercises"      # the clinic's own exercises
    EDIT_LETTERHEAD = "edit_letterhead"
    CLINICAL_SETTINGS = "clinical_settings"  # the practice's thresholds for clinical rules
    MANAGE_USERS = "manage_users"
    PRACTICE_SECURITY = "practice_security"    # lock-out and auto-lock settings
    LOAD_DEMO = "load_demo"
    BACKUP_RESTORE = "backup_restore"          # make encrypted backups and restore one
    DATABASE_SETTINGS = "database_settings"    # lock and statement timeouts (PostgreSQL)
    EXPORT_RECORD = "export_record"            # FHIR export, the patient's own copy
    ERASE_RECORDS = "erase_records"            # erasure requests, restriction, retention rule
    VIEW_CASELOAD = "view_caseload"            # practice outcome indicators (no patient names)
    VIEW_AUDIT = "view_audit"                  # read, export and verify the audit trail
    VIEW_DIARY = "view_diary"                  # the appointment book (names and times)
    MANAGE_DIARY = "manage_diary"              # book, move, cancel, check in, waitlist
    DIARY_SETTINGS = "diary_settings"          # working hours, double booking


_READ = {Action.OPEN_CHART}
_CLINICAL_READ = _READ | {Action.READ_CLINICAL}
_FRONT_DESK = _READ | {Action.REGISTER_PATIENT, Action.ARCHIVE_PATIENT, Action.BOOK_VISIT,
                       Action.OPEN_EPISODE, Action.VIEW_DIARY, Action.MANAGE_DIARY,
                       Action.RECORD_ADHERENCE, Action.PRINT_HANDOUT}
_CLINICIAN = _CLINICAL_READ | _FRONT_DESK | {
    Action.DISCHARGE_EPISODE, Action.WRITE_NOTE, Action.WRITE_INTAKE, Action.RECORD_RED_FLAGS,
    Action.WRITE_EXAM, Action.WRITE_MEASURES, Action.WRITE_PLAN, Action.PRINT_CLINICAL_LETTER,
    Action.MANAGE_EXERCISES, Action.EDIT_LETTERHEAD, Action.LOAD_DEMO, Action.EXPORT_RECORD,
    Action.VIEW_CASELOAD}

PERMISSIONS: dict[Role, frozenset[Action]] = {
    # An administrator runs the practice and, in a small clinic, also treats: everything.
    Role.ADMIN: frozenset(Action),
    Role.CLINICIAN: frozenset(_CLINICIAN),
    Role.FRONT_DESK: frozenset(_FRONT_DESK),
    Role.READ_ONLY: frozenset(_CLINICAL_READ),
}


def may(role: Role, action: Action) -> bool:
    """Whether ``role`` may do ``action``."""
    return action in PERMISSIONS[role]


ROLE_NAMES: dict[Role, str] = {
    Role.ADMIN: QT_TRANSLATE_NOOP("Roles", "administrator"),
    Role.CLINICIAN: QT_TRANSLATE_NOOP("Roles", "clinician"),
    Role.FRONT_DESK: QT_TRANSLATE_NOOP("Roles", "front desk"),
    Role.READ_ONLY: QT_TRANSLATE_NOOP("Roles", "read-only (student or auditor)"),
}

ACTION_NAMES: dict[Action, str] = {
    Action.OPEN_CHART: "open a patient's chart",
    Action.READ_CLINICAL: "read clinical notes, exams, measures and plans",
    Action.REGISTER_PATIENT: "register patients or change their details",
    Action.ARCHIVE_PATIENT: "archive or restore patients",
    Action.BOOK_VISIT: "book visits",
    Action.OPEN_EPISODE: "open episodes of care",
    Action.DISCHARGE_EPISODE: "discharge patients from an episode of care",
    Action.WRITE_NOTE: "write, sign or amend visit notes",
    Action.WRITE_INTAKE: "change the intake",
    Action.RECORD_RED_FLAGS: "record red-flag screens and actions",
    Action.WRITE_EXAM: "record exams",
    Action.WRITE_MEASURES: "record outcome measures",
    Action.WRITE_PLAN: "change rehab plans or walk/run sessions",
    Action.RECORD_ADHERENCE: "record home-exercise adherence",
    Action.PRINT_HANDOUT: "print patient handouts",
    Action.PRINT_CLINICAL_LETTER: "print progress letters or exam summaries",
    Action.MANAGE_EXERCISES: "add exercises to the library",
    Action.EDIT_LETTERHEAD: "change the practice letterhead",
    Action.CLINICAL_SETTINGS: "change the practice's clinical settings",
    Action.MANAGE_USERS: "manage users and passwords",
    Action.PRACTICE_SECURITY: "change sign-in and auto-lock settings",
    Action.LOAD_DEMO: "load demo patients",
    Action.BACKUP_RESTORE: "make or restore backups",
    Action.DATABASE_SETTINGS: "change the practice's database timeouts",
    Action.EXPORT_RECORD: "export a patient's record or give the patient a copy",
    Action.ERASE_RECORDS: "handle requests to erase a patient's record",
    Action.VIEW_CASELOAD: "see the practice's caseload outcomes",
    Action.VIEW_AUDIT: "read, export and verify the audit trail",
    Action.VIEW_DIARY: "see the appointment book",
    Action.MANAGE_DIARY: "book, move, cancel or check in appointments",
    Action.DIARY_SETTINGS: "change working hours or allow double booking",
}


@dataclass(frozen=True, slots=True)
class SignInPolicy:
    """The practice's sign-in rules (Practice settings → Security)."""

    max_failed_attempts: int = 5
    lockout_minutes: int = 5
    idle_lock_minutes: int = 10
    min_password_length: int = 10

    def validate(self) -> dict[str, str]:
        """Field errors for values no practice should run with."""
        errors: dict[str, str] = {}
        if not 3 <= self.max_failed_attempts <= 20:
            errors["max_failed_attempts"] = coded(msg("access.between_3_20_attempts"))
        if not 1 <= self.lockout_minutes <= 1440:
            errors["lockout_minutes"] = coded(msg("access.between_1_minute_24_hours"))
        if not 1 <= self.idle_lock_minutes <= 60:
            errors["idle_lock_minutes"] = coded(msg("access.between_1_60_minutes"))
        if not 8 <= self.min_password_length <= 64:
            errors["min_password_length"] = coded(msg("access.between_8_64_characters"))
        return errors


def password_problem(password: str, policy: SignInPolicy, *, username: str = "") -> Message | None:
    """Why ``password`` is not acceptable, or ``None``."""
    if len(password) < policy.min_password_length:
        return msg("password.too_short", length=policy.min_password_length)
    if len(password) > 256:
        return msg("password.too_long")
    if password.strip() != password:
        return msg("password.spaces_at_ends")
    if username and username.lower() in password.lower():
        return msg("password.contains_user_name")
    if len(set(password)) < 4:
        return msg("password.too_easy")
    return None
