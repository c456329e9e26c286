"""One visit's examination as plain data (CLINICAL.md §3), its validation and JSON-safe form."""

from __future__ import annotations

import enum
import math
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any

from clinic_app.domain.errors import InvalidValue
from clinic_app.domain.exam.neuro_model import MrcGrade, NeuroScreen, SideNeuro
from clinic_app.domain.exam.rules import FaberSite, RepeatedResponse, Side, SijTest, TestOutcome
from clinic_app.domain.messages import coded, msg

ANGLE_MAX = 90
TEXT_MAX = 5000


class SlumpComponent(enum.StrEnum):
    """Which slump component first reproduced the symptoms."""

    TRUNK_SLUMP = "trunk_slump"
    NECK_FLEXION = "neck_flexion"
    KNEE_EXTENSION = "knee_extension"
    ANKLE_DORSIFLEXION = "ankle_dorsiflexion"


class MovementPain(enum.StrEnum):
    """Pain with a lumbar movement."""

    NONE = "none"
    END_RANGE = "end_range"
    THROUGHOUT = "throughout"
    PAINFUL_ARC = "painful_arc"


class Movement(enum.StrEnum):
    """Lumbar movements examined."""

    FLEXION = "flexion"
    EXTENSION = "extension"
    LATERAL_FLEXION_LEFT = "lateral_flexion_left"
    LATERAL_FLEXION_RIGHT = "lateral_flexion_right"
    ROTATION_LEFT = "rotation_left"
    ROTATION_RIGHT = "rotation_right"


@dataclass(frozen=True, slots=True)
class SlrSide:
    """Straight leg raise on one side."""

    result: TestOutcome = TestOutcome.NOT_TESTED
    angle_deg: int | None = None
    below_knee: bool = False
    dorsiflexion_sensitised: bool = False


@dataclass(frozen=True, slots=True)
class CrossedSlr:
    """Raising the asymptomatic leg; positive when the opposite leg's pain is reproduced."""

    result: TestOutcome = TestOutcome.NOT_TESTED
    side_raised: Side | None = None


@dataclass(frozen=True, slots=True)
class Slump:
    """Slump test with structural differentiation."""

    result: TestOutcome = TestOutcome.NOT_TESTED
    side: Side | None = None
    component: SlumpComponent | None = None
    changes_with_neck_release: bool | None = None


@dataclass(frozen=True, slots=True)
class FemoralStretch:
    """Prone knee bend."""

    result: TestOutcome = TestOutcome.NOT_TESTED
    side: Side | None = None
    knee_angle_deg: int | None = None
    pain_site: str = ""


@dataclass(frozen=True, slots=True)
class Faber:
    """FABER / Patrick test."""

    result: TestOutcome = TestOutcome.NOT_TESTED
    side: Side | None = None
    pain_site: FaberSite | None = None
    rom_limited: bool = False


@dataclass(frozen=True, slots=True)
class LumbarMovement:
    """Modified Schober, inclinometer, fingertip-to-floor, pain and deviation per movement."""

    schober_baseline_cm: float | None = None
    schober_flexion_cm: float | None = None
    flexion_deg: int | None = None
    extension_deg: int | None = None
    lateral_flexion_left_deg: int | None = None
    lateral_flexion_right_deg: int | None = None
    fingertip_floor_cm: float | None = None
    pain: Mapping[Movement, MovementPain] = field(default_factory=dict)
    deviation: str = ""


class BoneTest(enum.StrEnum):
    """Bone stress and hip tests for runners (C10); positive means the test provoked pain."""

    HOP_LEFT = "hop_left"
    HOP_RIGHT = "hop_right"
    STORK_LEFT = "stork_left"
    STORK_RIGHT = "stork_right"
    SACRAL_SQUEEZE = "sacral_squeeze"
    FULCRUM_LEFT = "fulcrum_left"
    FULCRUM_RIGHT = "fulcrum_right"
    HIP_IR_LEFT = "hip_ir_left"
    HIP_IR_RIGHT = "hip_ir_right"


@dataclass(frozen=True, slots=True)
class BoneStressExam:
    """Hop, stork, sacral squeeze, fulcrum and hip IR/FADIR results, and bony tenderness."""

    tests: Mapping[BoneTest, TestOutcome] = field(default_factory=dict)
    bony_tenderness: bool | None = None
    """Tenderness over the sacrum or a lumbar spinous process; ``None`` is not recorded."""

    def outcome(self, test: BoneTest) -> TestOutcome:
        """A test's outcome (not tested when absent)."""
        return self.tests.get(test, TestOutcome.NOT_TESTED)


@dataclass(frozen=True, slots=True)
class ExamRecord:
    """Everything examined at one visit. ``not_tested`` is never the same as ``negative``."""

    slr_left: SlrSide = field(default_factory=SlrSide)
    slr_right: SlrSide = field(default_factory=SlrSide)
    crossed_slr: CrossedSlr = field(default_factory=CrossedSlr)
    slump: Slump = field(default_factory=Slump)
    femoral: FemoralStretch = field(default_factory=FemoralStretch)
    sij: Mapping[SijTest, TestOutcome] = field(default_factory=dict)
    faber: Faber = field(default_factory=Faber)
    repeated_movement: RepeatedResponse | None = None
    neuro: NeuroScreen = field(default_factory=NeuroScreen)
    lumbar: LumbarMovement = field(default_factory=LumbarMovement)
    palpation: str = ""
    findings: str = ""
    bone_stress: BoneStressExam = field(default_factory=BoneStressExam)

    def with_changes(self, **changes: Any) -> ExamRecord:
        """A copy with some fields replaced."""
        return replace(self, **changes)

    def sij_outcome(self, test: SijTest) -> TestOutcome:
        """A SIJ test's outcome (not tested when absent)."""
        return self.sij.get(test, TestOutcome.NOT_TESTED)


# -- validation ----------------------------------------------------------------------------

def _number(errors: dict[str, str], path: str, value: float | None, low: float, high: float,
            unit: str) -> None:
    if value is None:
        return
    if isinstance(value, float) and math.isnan(value):
        errors[path] = coded(msg("exam.enter_number"))
    elif not low <= value <= high:
        errors[path] = coded(msg("exam.must_got", low=low, high=high, unit=unit, value=value))


def _tested(outcome: TestOutcome) -> bool:
    return outcome in (TestOutcome.POSITIVE, TestOutcome.NEGATIVE)


def validate_exam(exam: ExamRecord) -> dict[str, str]:
    """Field path → message for impossible or contradictory entries; empty when valid."""
    e: dict[str, str] = {}
    for name, slr in (("slr_left", exam.slr_left), ("slr_right", exam.slr_right)):
        _number(e, f"{name}.angle_deg", slr.angle_deg, 0, ANGLE_MAX, "°")
        if slr.angle_deg is not None and slr.result is not TestOutcome.POSITIVE \
                and f"{name}.angle_deg" not in e:
            e[f"{name}.angle_deg"] = ("An onset angle is recorded only when the SLR reproduced "
                                      f"symptoms; the result is {slr.result.value.replace('_', ' ')}.")
        if slr.below_knee and slr.result is not TestOutcome.POSITIVE:
            e[f"{name}.below_knee"] = "Pain below the knee was ticked, but the SLR is not positive."
    if exam.crossed_slr.result is TestOutcome.POSITIVE and exam.crossed_slr.side_raised is None:
        e["crossed_slr.side_raised"] = "Record which leg was raised."
    if exam.slump.changes_with_neck_release is not None and not _tested(exam.slump.result):
        e["slump.changes_with_neck_release"] = "Neck release was recorded, but the slump was not tested."
    if exam.slump.component is not None and exam.slump.result is not TestOutcome.POSITIVE:
        e["slump.component"] = "A reproducing component is recorded only for a positive slump."
    _number(e, "femoral.knee_angle_deg", exam.femoral.knee_angle_deg, 0, 160, "°")
    if exam.femoral.knee_angle_deg is not None and exam.femoral.result is not TestOutcome.POSITIVE \
            and "femoral.knee_angle_deg" not in e:
        e["femoral.knee_angle_deg"] = "An onset angle is recorded only for a positive test."
    if exam.faber.pain_site not in (None, FaberSite.NONE) and exam.faber.result is not TestOutcome.POSITIVE:
        e["faber.pain_site"] = "A pain site is recorded only for a positive FABER."
    m = exam.lumbar
    _number(e, "lumbar.schober_baseline_cm", m.schober_baseline_cm, 5, 25, "cm")
    _number(e, "lumbar.schober_flexion_cm", m.schober_flexion_cm, 5, 40, "cm")
    if (m.schober_baseline_cm is None) != (m.schober_flexion_cm is None):
        e.setdefault("lumbar.schober_flexion_cm", "Record both the baseline and the flexion span.")
    elif m.schober_baseline_cm is not None and m.schober_flexion_cm is not None \
            and m.schober_flexion_cm < m.schober_baseline_cm:
        e.setdefault("lumbar.schober_flexion_cm", "The flexion span cannot be shorter than the baseline.")
    for name in ("flexion_deg", "extension_deg", "lateral_flexion_left_deg", "lateral_flexion_right_deg"):
        _number(e, f"lumbar.{name}", getattr(m, name), 0, 150, "°")
    _number(e, "lumbar.fingertip_floor_cm", m.fingertip_floor_cm, -40, 120, "cm")
    for name, text in (("palpation", exam.palpation), ("findings", exam.findings),
                       ("lumbar.deviation", m.deviation), ("femoral.pain_site", exam.femoral.pain_site)):
        if len(text) > TEXT_MAX:
            e[name] = f"Too long: at most {TEXT_MAX} characters."
    return e


# -- JSON-safe form ------------------------------------------------------------------------

def _enum_or_none(kind: type[enum.StrEnum], value: Any, path: str) -> Any:
    if value is None:
        return None
    try:
        return kind(value)
    except ValueError as exc:
        raise InvalidValue(msg("exam.message", path=path, exc=exc)) from exc


def _plain(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, MrcGrade):
        return str(value)
    if isinstance(value, Mapping):
        return {str(_plain(k)): _plain(v) for k, v in value.items()}
    if hasattr(value, "__dataclass_fields__"):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    return value


def exam_to_data(exam: ExamRecord) -> dict[str, Any]:
    """A dict of plain values for JSON (no ``bone_stress`` key while nothing is recorded there)."""
    data: dict[str, Any] = _plain(exam)
    if exam.bone_stress == BoneStressExam():
        del data["bone_stress"]  # exams saved before these tests existed read back unchanged
    return data


_PARTS: dict[str, tuple[type, dict[str, type[enum.StrEnum]]]] = {
    "slr_left": (SlrSide, {"result": TestOutcome}),
    "slr_right": (SlrSide, {"result": TestOutcome}),
    "crossed_slr": (CrossedSlr, {"result": TestOutcome, "side_raised": Side}),
    "slump": (Slump, {"result": TestOutcome, "side": Side, "component": SlumpComponent}),
    "femoral": (FemoralStretch, {"result": TestOutcome, "side": Side}),
    "faber": (Faber, {"result": TestOutcome, "side": Side, "pain_site": FaberSite}),
}


def _side_neuro(raw: Mapping[str, Any]) -> SideNeuro:
    return SideNeuro.from_values(power=raw.get("power") or {}, sensation=raw.get("sensation") or {},
                                 reflexes=raw.get("reflexes") or {})


def exam_from_data(data: Mapping[str, Any]) -> ExamRecord:
    """Rebuild an ``ExamRecord``; unknown fields or values raise ValueError naming them."""
    known = {f.name for f in fields(ExamRecord)}
    unknown = set(data) - known
    if unknown:
        raise InvalidValue(msg("exam.exam_unknown_field_s", value=', '.join(sorted(unknown))))
    values: dict[str, Any] = {}
    for name, (cls, enums) in _PARTS.items():
        raw = dict(data.get(name) or {})
        extra = set(raw) - {f.name for f in fields(cls)}
        if extra:
            raise InvalidValue(msg("exam.unknown_field_s", name=name, value=', '.join(sorted(extra))))
        for key, kind in enums.items():
            if key in raw:
                raw[key] = _enum_or_none(kind, raw[key], f"{name}.{key}")
        values[name] = cls(**raw)
    values["sij"] = {SijTest(k): TestOutcome(v) for k, v in (data.get("sij") or {}).items()}
    values["repeated_movement"] = _enum_or_none(RepeatedResponse, data.get("repeated_movement"),
                                                "repeated_movement")
    neuro = data.get("neuro") or {}
    values["neuro"] = NeuroScreen(left=_side_neuro(neuro.get("left") or {}),
                                  right=_side_neuro(neuro.get("right") or {}))
    lumbar = dict(data.get("lumbar") or {})
    lumbar["pain"] = {Movement(k): MovementPain(v) for k, v in (lumbar.get("pain") or {}).items()}
    values["lumbar"] = LumbarMovement(**lumbar)
    values["palpation"] = str(data.get("palpation") or "")
    values["findings"] = str(data.get("findings") or "")
    values["bone_stress"] = _bone_stress(data.get("bone_stress") or {})
    return ExamRecord(**values)


def _bone_stress(raw: Mapping[str, Any]) -> BoneStressExam:
    extra = set(raw) - {"tests", "bony_tenderness"}
    if extra:
        raise InvalidValue(msg("exam.bone_stress_unknown_field_s", value=', '.join(sorted(extra))))
    tests = {_enum_or_none(BoneTest, k, "bone_stress.tests"):
             _enum_or_none(TestOutcome, v, f"bone_stress.tests.{k}")
             for k, v in (raw.get("tests") or {}).items() if v is not None}
    tender = raw.get("bony_tenderness")
    if tender is not None and not isinstance(tender, bool):
        raise InvalidValue(msg("exam.bone_stress_bony_tenderness_expected", tender=tender))
    return BoneStressExam({k: v for k, v in tests.items() if v is not TestOutcome.NOT_TESTED}, tender)




def recorded_paths(exam: ExamRecord) -> set[str]:
    """Paths of every value that was recorded (not left at its default), e.g. ``slr_left.angle_deg``,
    ``sij.distraction``, ``power.left.L5``, ``reflex.right.achilles``, ``lumbar.pain.flexion``."""
    paths: set[str] = set()
    blank = ExamRecord()
    for name in _PARTS:
        part, default = getattr(exam, name), getattr(blank, name)
        for f in fields(part):
            if getattr(part, f.name) != getattr(default, f.name):
                paths.add(f"{name}.{f.name}")
    paths.update(f"sij.{test.value}" for test in exam.sij)
    if exam.repeated_movement is not None:
        paths.add("repeated_movement")
    for side_name in ("left", "right"):
        side = getattr(exam.neuro, side_name)
        paths.update(f"power.{side_name}.{root.value}" for root in side.power)
        paths.update(f"sensation.{side_name}.{root.value}" for root in side.sensation)
        paths.update(f"reflex.{side_name}.{reflex.value}" for reflex in side.reflexes)
    lumbar, default_lumbar = exam.lumbar, blank.lumbar
    for f in fields(lumbar):
        if f.name == "pain":
            paths.update(f"lumbar.pain.{movement.value}" for movement in lumbar.pain)
        elif getattr(lumbar, f.name) != getattr(default_lumbar, f.name):
            paths.add(f"lumbar.{f.name}")
    for name in ("palpation", "findings"):
        if getattr(exam, name):
            paths.add(name)
    paths.update(f"bone_stress.tests.{test.value}" for test in exam.bone_stress.tests)
    if exam.bone_stress.bony_tenderness is not None:
        paths.add("bone_stress.bony_tenderness")
    return paths
