"""Patient-record rules: what a valid record is, how names and numbers are searched."""

from __future__ import annotations

import enum
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from clinic_app.domain.messages import coded, msg

NAME_MAX = 100
TEXT_MAX = 200
LONG_TEXT_MAX = 2000
NOTE_MAX = 20000
EARLIEST_BIRTH_YEAR = 1900
CHART_PREFIX = "SC-"

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^[0-9+()\-.\s/]*$")
_CHART = re.compile(r"^\s*(?:sc)?\s*-?\s*0*(\d{1,9})\s*$", re.IGNORECASE)
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DMY_DATE = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")


class Sex(enum.StrEnum):
    """Sex as recorded in the chart (CLINICAL.md §1.1)."""

    FEMALE = "female"
    MALE = "male"
    INTERSEX = "intersex"
    NOT_STATED = "not_stated"


class EpisodeStatus(enum.StrEnum):
    """Whether an episode of care is still running."""

    OPEN = "open"
    DISCHARGED = "discharged"


class DischargeReason(enum.StrEnum):
    """Why an episode of care ended."""

    GOALS_MET = "goals_met"
    SELF_DISCHARGED = "self_discharged"
    REFERRED_ON = "referred_on"
    DID_NOT_ATTEND = "did_not_attend"
    OTHER = "other"


class VisitKind(enum.StrEnum):
    """The kind of appointment."""

    INITIAL = "initial"
    FOLLOW_UP = "follow_up"
    DISCHARGE = "discharge"


class NoteStatus(enum.StrEnum):
    """A visit note is a draft until signed; a signed note never changes."""

    DRAFT = "draft"
    SIGNED = "signed"


class Role(enum.StrEnum):
    """A user's role; what each may do is the matrix in ``domain/access.py``."""

    CLINICIAN = "clinician"
    FRONT_DESK = "front_desk"
    ADMIN = "admin"
    READ_ONLY = "read_only"


@dataclass(frozen=True, slots=True)
class PatientDraft:
    """Everything a user types into the patient form, before validation."""

    given_name: str
    family_name: str
    birth_date: date | None
    sex: Sex = Sex.NOT_STATED
    preferred_name: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    emergency_contact: str = ""
    referrer: str = ""
    occupation: str = ""
    consent_treatment: bool = False
    consent_treatment_date: date | None = None
    consent_data: bool = False
    consent_data_date: date | None = None
    alerts: str = ""


_TEXT_LIMITS: dict[str, int] = {
    "given_name": NAME_MAX,
    "family_name": NAME_MAX,
    "preferred_name": NAME_MAX,
    "phone": 40,
    "email": 254,
    "address": LONG_TEXT_MAX,
    "emergency_contact": TEXT_MAX,
    "referrer": TEXT_MAX,
    "occupation": TEXT_MAX,
    "alerts": LONG_TEXT_MAX,
}


def clean(draft: PatientDraft) -> PatientDraft:
    """Return the draft with surrounding white space removed from every text field."""
    values = {name: getattr(draft, name).strip() for name in _TEXT_LIMITS}
    return PatientDraft(
        **values,
        birth_date=draft.birth_date,
        sex=Sex(draft.sex),
        consent_treatment=draft.consent_treatment,
        consent_treatment_date=draft.consent_treatment_date,
        consent_data=draft.consent_data,
        consent_data_date=draft.consent_data_date,
    )


def validate_patient(draft: PatientDraft, today: date) -> dict[str, str]:
    """Return field → message for every problem in a (cleaned) draft; empty when valid."""
    errors: dict[str, str] = {}
    for name, limit in _TEXT_LIMITS.items():
        value: str = getattr(draft, name)
        if len(value) > limit:
            errors[name] = coded(msg("patients.too_long_most_characters_now", limit=limit, count=len(value)))
        elif any(unicodedata.category(ch) == "Cc" and ch not in "\n\t" for ch in value):
            errors[name] = coded(msg("patients.contains_control_characters"))
    for name in ("given_name", "family_name"):
        if name not in errors and not getattr(draft, name):
            errors[name] = coded(msg("common.required"))
    if draft.birth_date is None:
        errors["birth_date"] = coded(msg("common.required"))
    elif draft.birth_date > today:
        errors["birth_date"] = coded(msg("patients.date_birth_cannot_future"))
    elif draft.birth_date.year < EARLIEST_BIRTH_YEAR:
        errors["birth_date"] = coded(msg("patients.date_birth_cannot_before",
                                         earliest_birth_year=EARLIEST_BIRTH_YEAR))
    if draft.email and "email" not in errors and not _EMAIL.match(draft.email):
        errors["email"] = coded(msg("patients.not_valid_email_address_expected"))
    if draft.phone and "phone" not in errors and (
            not _PHONE.match(draft.phone) or len(phone_digits(draft.phone)) < 5):
        errors["phone"] = coded(msg("patients.not_valid_phone_number_digits"))
    for flag, when, name in (
        (draft.consent_treatment, draft.consent_treatment_date, "consent_treatment_date"),
        (draft.consent_data, draft.consent_data_date, "consent_data_date"),
    ):
        if flag and when is None:
            errors[name] = coded(msg("patients.enter_date_consent_was_given"))
        elif when is not None and when > today:
            errors[name] = coded(msg("patients.consent_date_cannot_future"))
    return errors


def fold(text: str) -> str:
    """Case- and accent-insensitive form of a text, for searching (Zoë → zoe, Łukasz → lukasz)."""
    text = text.replace("ł", "l").replace("Ł", "L").replace("ø", "o").replace("Ø", "O")
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def phone_digits(phone: str) -> str:
    """Return only the digits of a phone number."""
    return "".join(ch for ch in phone if ch.isdigit())


def name_terms(*names: str) -> set[str]:
    """Return the search terms of a patient's names: each folded word, without punctuation."""
    terms: set[str] = set()
    for name in names:
        for word in re.split(r"[\s\-]+", fold(name)):
            word = word.strip(".,'’\"()")
            if word:
                terms.add(word[:NAME_MAX])
                squashed = word.replace("'", "").replace("’", "")
                if squashed != word:
                    terms.add(squashed)
    return terms


def query_words(text: str) -> list[str]:
    """Split a search text into folded words (apostrophes kept, so O'Brien finds O'Brien)."""
    return [w.strip(".,\"()") for w in re.split(r"[\s\-]+", fold(text)) if w.strip(".,\"()")]


def parse_date_query(text: str) -> date | None:
    """Read a typed date of birth: ``2026-03-02`` or day-first ``02/03/2026``; else ``None``."""
    text = text.strip()
    iso = _ISO_DATE.match(text)
    dmy = _DMY_DATE.match(text)
    try:
        if iso:
            return date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        if dmy:
            return date(int(dmy.group(3)), int(dmy.group(2)), int(dmy.group(1)))
    except ValueError:
        return None
    return None


def format_chart_number(number: int) -> str:
    """Return the human-readable chart number, e.g. ``SC-000123``."""
    return f"{CHART_PREFIX}{number:06d}"


def parse_chart_number(text: str) -> int | None:
    """Read ``SC-000123``, ``sc123`` or ``000123`` as chart number 123; else ``None``."""
    text = text.strip()
    if not text.lower().startswith("sc") and not text[:1].isdigit():
        return None
    match = _CHART.match(text)
    return int(match.group(1)) if match else None


def age_on(birth_date: date, day: date) -> int:
    """Return the age in whole years on ``day``."""
    years = day.year - birth_date.year
    if (day.month, day.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


def validate_note_text(fields: dict[str, str]) -> dict[str, str]:
    """Return field → message for SOAP note sections that are too long."""
    return {
        name: f"Too long: at most {NOTE_MAX} characters (now {len(value)})."
        for name, value in fields.items()
        if len(value) > NOTE_MAX
    }
