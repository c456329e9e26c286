"""Plain read models the patient documents are drawn from (no ORM objects, no services).

Every ``str`` field that a person typed (names, notes, complaint, referrer, goals…) is printed
literally: the documents pass it through ``para_text``/``user_paragraph``, never as markup.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

from clinic_app.domain.rehab.pain_rule import PainRule, pain_limits_in, patient_pain_rule


@dataclass(frozen=True, slots=True)
class PatientHeader:
    """Who a document is about, as the page header shows it."""

    name: str
    birth_date: date | None
    chart_label: str

    def line(self) -> str:
        """``Zoë O'Brien · born 12 Apr 1985 · SC-000123``."""
        parts = [self.name]
        if self.birth_date is not None:
            born = self.birth_date
            parts.append(f"born {born.day} {born.strftime('%b')} {born.year}")
        if self.chart_label:
            parts.append(self.chart_label)
        return " · ".join(parts)


def long_date(day: date) -> str:
    """``3 March 2026``: day first, month in words, so no reader mistakes 03/04 for 04/03."""
    return f"{day.day} {day.strftime('%B')} {day.year}"


def short_date(day: date) -> str:
    """``Tue 3 Mar`` for tables and charts."""
    return f"{day.strftime('%a')} {day.day} {day.strftime('%b')}"


# -- home exercise programme -----------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class ExerciseEntry:
    """One prescribed exercise as the patient reads it."""

    name: str
    illustration: Path | None
    instructions: tuple[str, ...]
    dose: str
    cues: tuple[str, ...] = ()
    safety: str = ""
    note: str = ""
    """The clinician's note for this patient (typed text)."""
    progression: str = ""
    """Name of the harder version to move on to, if any."""


@dataclass(frozen=True, slots=True)
class ExerciseHandoutData:
    """A patient's home exercise programme."""

    patient: PatientHeader
    issued_on: date
    clinician: str
    phase: str
    goals: str
    exercises: tuple[ExerciseEntry, ...]
    emergency_number: str = ""
    pain_rule: PainRule = field(default_factory=patient_pain_rule)


# -- education -------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class TextBlock:
    """A paragraph, or a bulleted list, of an education handout."""

    kind: Literal["paragraph", "bullets"]
    text: str = ""
    items: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class TextSection:
    """A headed part of an education handout."""

    heading: str
    blocks: tuple[TextBlock, ...]


@dataclass(frozen=True, slots=True)
class HandoutText:
    """An education handout's words, loaded from ``resources/handouts/*.json``."""

    key: str
    title: str
    summary: str
    sections: tuple[TextSection, ...]
    version: int = 1


@dataclass(frozen=True, slots=True)
class EducationData:
    """An education handout given to one patient."""

    patient: PatientHeader
    issued_on: date
    text: HandoutText
    clinician: str = ""
    emergency_number: str = ""
    pain_rule: PainRule = field(default_factory=patient_pain_rule)


def handout_text_from_data(key: str, data: Mapping[str, Any]) -> HandoutText:
    """Build a handout's text from parsed JSON; raise ValueError naming the part that is wrong."""

    def text(value: object, where: str) -> str:
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"handout {key}: {where} must be non-empty text")
        return value.strip()

    if not isinstance(data, Mapping):
        raise ValueError(f"handout {key}: the file must hold a JSON object")
    raw_sections = data.get("sections")
    if not isinstance(raw_sections, Sequence) or isinstance(raw_sections, str) or not raw_sections:
        raise ValueError(f"handout {key}: 'sections' must be a non-empty list")
    sections = []
    for s_index, raw in enumerate(raw_sections, start=1):
        if not isinstance(raw, Mapping):
            raise ValueError(f"handout {key}: section {s_index} must be an object")
        blocks = []
        for b_index, block in enumerate(raw.get("blocks") or [], start=1):
            where = f"section {s_index} block {b_index}"
            if isinstance(block, str):
                blocks.append(TextBlock("paragraph", text(block, where)))
            elif isinstance(block, Mapping) and isinstance(block.get("bullets"), list):
                items = tuple(text(item, where) for item in block["bullets"])
                if not items:
                    raise ValueError(f"handout {key}: {where} has an empty list")
                blocks.append(TextBlock("bullets", items=items))
            else:
                raise ValueError(f"handout {key}: {where} must be text or {{\"bullets\": [...]}}")
        if not blocks:
            raise ValueError(f"handout {key}: section {s_index} has no text")
        sections.append(TextSection(text(raw.get("heading"), f"section {s_index} heading"), tuple(blocks)))
    for section in sections:
        for block in section.blocks:
            for words in (block.text, *block.items):
                if pain_limits_in(words):
                    raise ValueError(f"handout {key}: '{section.heading}' states its own pain limit "
                                     f"({', '.join(pain_limits_in(words))}); the pain rule box prints "
                                     "the one rule on every sheet")
    version = data.get("version", 1)
    if not isinstance(version, int) or version < 1:
        raise ValueError(f"handout {key}: 'version' must be a whole number from 1")
    return HandoutText(key, text(data.get("title"), "title"), text(data.get("summary"), "summary"),
                       tuple(sections), version)


# -- return to run ---------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class StageRow:
    """One walk/run stage with its planned session dates."""

    number: int
    format: str
    total_min: int
    planned: tuple[date, ...]
    done: bool = False


@dataclass(frozen=True, slots=True)
class RunScheduleData:
    """The walk/run programme from the runner's current stage."""

    patient: PatientHeader
    issued_on: date
    current_stage: int
    stages: tuple[StageRow, ...]
    clinician: str = ""
    emergency_number: str = ""
    log_rows: int = 18
    pain_rule: PainRule = field(default_factory=patient_pain_rule)
    """The one pain rule; its walk/run line says what counts as a good session."""
    morning_allowance: int = 0
    """How much next-morning pain may exceed the usual morning level."""
    sessions_to_advance: int = 2
    final_stage_sessions: int = 3


# -- progress letter -------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Point:
    """A value on a day."""

    day: date
    value: float


@dataclass(frozen=True, slots=True)
class OutcomeRow:
    """One line of the since-baseline table."""

    label: str
    baseline: str
    latest: str
    change: str
    percent: str
    verdict: str
    meets_mcid: bool | None


@dataclass(frozen=True, slots=True)
class PlanLine:
    """An exercise of the current plan and its dose."""

    name: str
    dose: str


@dataclass(frozen=True, slots=True)
class LetterData:
    """A progress letter to the referring doctor."""

    patient: PatientHeader
    issued_on: date
    referrer: str
    clinician: str
    practice: str
    episode_start: date
    complaint: str
    visits: int
    intake_summary: str
    exam_lines: tuple[str, ...]
    interpretation: tuple[str, ...]
    outcomes: tuple[OutcomeRow, ...]
    pain_back: tuple[Point, ...] = ()
    pain_leg: tuple[Point, ...] = ()
    odi: tuple[Point, ...] = ()
    weekly_km: tuple[Point, ...] = ()
    plan_phase: str = ""
    plan: tuple[PlanLine, ...] = ()
    run_stage: str = ""
    red_flag_statement: str = ""
    """The one red-flag statement (domain ``red_flag_statement``), printed as given."""
    red_flag_referrals: tuple[str, ...] = ()
    """Each open flag's description and the action requested of the doctor."""


# -- exam summary ----------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class ValueSection:
    """Recorded exam values of one part of the form, as label/value pairs."""

    title: str
    rows: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class FindingLine:
    """An interpretation line with its inputs and the clinician's decision about it."""

    explanation: str
    inputs: tuple[tuple[str, str], ...]
    level: str = "info"
    source: str = ""
    notes: tuple[str, ...] = ()
    decision: str = ""
    """``accepted``, ``overridden`` or empty (not decided)."""
    reason: str = ""
    decided_by: str = ""
    decided_on: date | None = None


@dataclass(frozen=True, slots=True)
class ExamSummaryData:
    """One visit's exam for the chart."""

    patient: PatientHeader
    issued_on: date
    visit_on: date
    clinician: str
    exam_version: int
    sections: tuple[ValueSection, ...]
    findings: tuple[FindingLine, ...]
    signed: bool = False
