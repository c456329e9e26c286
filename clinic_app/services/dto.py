"""Frozen read models handed to the UI and reports; never live ORM objects."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from clinic_app.domain.patients import (
    EpisodeStatus,
    NoteStatus,
    PatientDraft,
    Role,
    Sex,
    VisitKind,
    format_chart_number,
)


@dataclass(frozen=True, slots=True)
class UserRow:
    """A user as lists and pickers show them."""

    id: int
    username: str
    display_name: str
    role: Role
    active: bool
    has_password: bool = True
    must_change_password: bool = False
    locked_until: datetime | None = None
    idle_lock_minutes: int | None = None


@dataclass(frozen=True, slots=True)
class PatientRow:
    """One line of the patient list."""

    id: int
    chart_number: int
    given_name: str
    family_name: str
    preferred_name: str
    birth_date: date
    phone: str
    archived: bool
    sort_key: str

    @property
    def chart_label(self) -> str:
        """``SC-000123``."""
        return format_chart_number(self.chart_number)

    @property
    def display_name(self) -> str:
        """``Family, Given (Preferred)``."""
        name = f"{self.family_name}, {self.given_name}"
        return f"{name} ({self.preferred_name})" if self.preferred_name else name


@dataclass(frozen=True, slots=True)
class PatientCursor:
    """Where the next page of a patient search starts (keyset paging)."""

    sort_key: str
    id: int


@dataclass(frozen=True, slots=True)
class PatientPage:
    """A page of search results and the cursor of the next page, if any."""

    rows: tuple[PatientRow, ...]
    next_cursor: PatientCursor | None


@dataclass(frozen=True, slots=True)
class EpisodeRow:
    """An episode of care."""

    id: int
    patient_id: int
    start_date: date
    complaint: str
    status: EpisodeStatus
    discharge_date: date | None
    discharge_reason: str
    version: int
    visit_count: int


@dataclass(frozen=True, slots=True)
class PatientDetails:
    """Everything the chart shows about a patient."""

    id: int
    chart_number: int
    draft: PatientDraft
    archived: bool
    version: int
    updated_at: datetime
    updated_by: str
    episodes: tuple[EpisodeRow, ...]

    @property
    def chart_label(self) -> str:
        """``SC-000123``."""
        return format_chart_number(self.chart_number)

    @property
    def open_episode(self) -> EpisodeRow | None:
        """The newest open episode, if any."""
        return next((e for e in self.episodes if e.status is EpisodeStatus.OPEN), None)

    @property
    def shown_episode(self) -> EpisodeRow | None:
        """The episode a chart shows: the open one, else the most recent one."""
        return self.open_episode or (self.episodes[0] if self.episodes else None)

    @property
    def full_name(self) -> str:
        """``Given Family``."""
        return f"{self.draft.given_name} {self.draft.family_name}"

    @property
    def sex(self) -> Sex:
        """Recorded sex."""
        return self.draft.sex


@dataclass(frozen=True, slots=True)
class AmendmentRow:
    """Text appended to a signed note."""

    id: int
    author: str
    created_at: datetime
    text: str


@dataclass(frozen=True, slots=True)
class VisitRow:
    """A visit in the timeline and note list."""

    id: int
    episode_id: int
    starts_at: datetime
    clinician: str
    kind: VisitKind
    status: NoteStatus
    summary: str


@dataclass(frozen=True, slots=True)
class VisitNote:
    """A visit's SOAP note with its signature and amendments."""

    id: int
    episode_id: int
    patient_id: int
    starts_at: datetime
    clinician_id: int
    clinician: str
    kind: VisitKind
    subjective: str
    objective: str
    assessment: str
    plan: str
    status: NoteStatus
    signed_at: datetime | None
    signed_by: str
    version: int
    amendments: tuple[AmendmentRow, ...]

    @property
    def signed(self) -> bool:
        """True once the note can no longer change."""
        return self.status is NoteStatus.SIGNED


@dataclass(frozen=True, slots=True)
class AuditRow:
    """An audit-log line."""

    at: datetime
    user: str
    workstation: str
    action: str
    entity: str
    entity_id: int
    changed_fields: tuple[str, ...]
