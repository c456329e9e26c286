"""The running-injury intake (CLINICAL.md §1.1) as plain data, with a JSON-safe form."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import date, datetime
from typing import Any

from clinic_app.domain.errors import InvalidValue
from clinic_app.domain.messages import msg


class Surface(enum.StrEnum):
    """Where the runner runs."""

    ROAD_ASPHALT = "road_asphalt"
    CONCRETE = "concrete"
    TRACK = "track"
    TREADMILL = "treadmill"
    TRAIL = "trail"
    GRASS = "grass"
    SAND = "sand"
    MIXED = "mixed"


class Terrain(enum.StrEnum):
    """How hilly the usual routes are."""

    FLAT = "flat"
    ROLLING = "rolling"
    HILLY = "hilly"
    MOUNTAINOUS = "mountainous"


class CadenceSource(enum.StrEnum):
    """How cadence was measured."""

    WATCH = "watch"
    COUNTED = "counted"
    VIDEO = "video"
    ESTIMATED = "estimated"


class ShoeCategory(enum.StrEnum):
    """Running-shoe category."""

    NEUTRAL = "neutral"
    STABILITY_MOTION_CONTROL = "stability_motion_control"
    MINIMALIST = "minimalist"
    MAXIMAL_CUSHION = "maximal_cushion"
    CARBON_PLATED_RACING = "carbon_plated_racing"
    TRAIL = "trail"


class RaceDistance(enum.StrEnum):
    """Race distance class."""

    K5 = "5k"
    K10 = "10k"
    HALF = "half"
    MARATHON = "marathon"
    ULTRA = "ultra"
    OTHER = "other"


RACE_KM: dict[RaceDistance, float] = {RaceDistance.K5: 5.0, RaceDistance.K10: 10.0,
                                      RaceDistance.HALF: 21.0975, RaceDistance.MARATHON: 42.195}


class Priority(enum.StrEnum):
    """A-race, B-race or C-race."""

    A = "A"
    B = "B"
    C = "C"


class InjuryRegion(enum.StrEnum):
    """Body region of a previous injury."""

    LUMBAR_SPINE = "lumbar_spine"
    PELVIS_SIJ = "pelvis_sij"
    HIP_GROIN = "hip_groin"
    THIGH = "thigh"
    KNEE = "knee"
    LOWER_LEG = "lower_leg"
    ANKLE = "ankle"
    FOOT = "foot"
    OTHER = "other"


class OnsetType(enum.StrEnum):
    """How the symptoms started."""

    SUDDEN = "sudden"
    GRADUAL = "gradual"


class SymptomQuality(enum.StrEnum):
    """What the symptoms feel like."""

    ACHE = "ache"
    SHARP = "sharp"
    BURNING = "burning"
    SHOOTING = "shooting"
    PINS_NEEDLES = "pins_needles"
    NUMBNESS = "numbness"
    WEAKNESS = "weakness"


class Factor(enum.StrEnum):
    """Aggravating and easing factors asked about (CLINICAL.md §1.1 factor list)."""

    BENDING_FORWARD = "bending_forward"
    PROLONGED_SITTING = "prolonged_sitting"
    SIT_TO_STAND = "sit_to_stand"
    PROLONGED_STANDING = "prolonged_standing"
    WALKING = "walking"
    WALKING_DOWNHILL = "walking_downhill"
    RUNNING = "running"
    RUNNING_UPHILL = "running_uphill"
    RUNNING_DOWNHILL = "running_downhill"
    BACK_EXTENSION = "back_extension"
    ROTATION = "rotation"
    LIFTING = "lifting"
    COUGH_SNEEZE_STRAIN = "cough_sneeze_strain"
    LYING_DOWN = "lying_down"
    SINGLE_LEG_STANCE_STAIRS = "single_leg_stance_stairs"
    ROLLING_IN_BED = "rolling_in_bed"
    DRIVING = "driving"
    REST = "rest"
    GENTLE_MOVEMENT = "gentle_movement"

    @property
    def label(self) -> str:
        """Plain words, e.g. "sit to stand"."""
        return _FACTOR_LABELS.get(self, self.value.replace("_", " "))


_FACTOR_LABELS = {Factor.COUGH_SNEEZE_STRAIN: "cough, sneeze or strain",
                  Factor.SINGLE_LEG_STANCE_STAIRS: "single-leg stance or stairs",
                  Factor.SIT_TO_STAND: "sit to stand", Factor.BACK_EXTENSION: "bending backwards"}


class Effect(enum.StrEnum):
    """What a factor does to the symptoms."""

    WORSE = "worse"
    BETTER = "better"
    NO_EFFECT = "no_effect"
    NOT_TRIED = "not_tried"


class NightPain(enum.StrEnum):
    """Night pain pattern; the last one feeds the red-flag screen."""

    NONE = "none"
    ONLY_ON_TURNING = "only_on_turning"
    WAKES_SECOND_HALF_OF_NIGHT = "wakes_second_half_of_night"
    CONSTANT_UNRELIEVED_BY_POSITION = "constant_unrelieved_by_position"


class MorningAfterRun(enum.StrEnum):
    """How the back feels the morning after a run."""

    BETTER = "better"
    SAME = "same"
    WORSE = "worse"


@dataclass(frozen=True, slots=True)
class WeekLoad:
    """One week of the load history (week starting Monday)."""

    week_start: date
    distance_km: float
    duration_min: int | None = None
    sessions: int | None = None


@dataclass(frozen=True, slots=True)
class RunLog:
    """One run of the optional session log."""

    date: date
    distance_km: float
    duration_min: int | None = None
    surface: Surface | None = None
    elevation_gain_m: int | None = None
    rpe: int | None = None
    started_at: datetime | None = None  # imported runs: the watch's start time (UTC)
    avg_hr: int | None = None
    source: str = ""  # "fit", "gpx" or "tcx" for runs imported from watch files


_RUN_IMPORT_FIELDS = {"started_at": None, "avg_hr": None, "source": ""}


@dataclass(frozen=True, slots=True)
class Shoe:
    """A pair of running shoes in use."""

    brand_model: str
    category: ShoeCategory = ShoeCategory.NEUTRAL
    drop_mm: float | None = None
    distance_on_shoe_km: float = 0.0
    purchase_date: date | None = None
    share_of_running_pct: int = 0
    changed_recently: bool = False
    change_date: date | None = None


@dataclass(frozen=True, slots=True)
class RaceGoal:
    """A race the runner is aiming for."""

    event: str
    race_date: date
    distance: RaceDistance = RaceDistance.OTHER
    distance_km: float | None = None
    goal_time: str = ""
    priority: Priority = Priority.B


@dataclass(frozen=True, slots=True)
class PriorInjury:
    """A previous injury."""

    region: InjuryRegion
    diagnosis: str = ""
    date: date | None = None
    days_lost: int | None = None
    recurred: bool = False


@dataclass(frozen=True, slots=True)
class Pattern24h:
    """The 24-hour pattern of symptoms."""

    morning_stiffness_min: int | None = None
    worse_on_waking: bool | None = None
    worse_end_of_day: bool | None = None
    night_pain: NightPain | None = None
    post_run_next_morning: MorningAfterRun | None = None


class MenstrualStatus(enum.StrEnum):
    """Menstrual history for the energy-availability screen (C10)."""

    REGULAR = "regular"
    IRREGULAR = "irregular"
    ABSENT = "absent"
    NOT_APPLICABLE = "not_applicable"


@dataclass(frozen=True, slots=True)
class EnergyScreen:
    """Low energy availability screen (C10); ``None`` is "not asked", never "no"."""

    menstrual: MenstrualStatus | None = None
    prior_bone_stress_injury: bool | None = None
    restrictive_eating_or_weight_loss: bool | None = None
    low_bmi: bool | None = None


class FootStrike(enum.StrEnum):
    """Which part of the foot lands first, as observed."""

    HEEL = "heel"
    MIDFOOT = "midfoot"
    FOREFOOT = "forefoot"


@dataclass(frozen=True, slots=True)
class RunningForm:
    """What the clinician saw of the runner's form; ``None`` is "not assessed"."""

    overstriding: bool | None = None
    foot_strike: FootStrike | None = None
    notes: str = ""


@dataclass(frozen=True, slots=True)
class Intake:
    """A runner's structured first-visit picture; distances are kilometres."""

    runs_per_week: int | None = None
    weekly_distance_km: float | None = None
    surfaces: tuple[Surface, ...] = ()
    primary_surface: Surface | None = None
    terrain: Terrain | None = None
    weekly_elevation_gain_m: int | None = None
    downhill_emphasis: bool = False
    cadence_spm: int | None = None
    cadence_source: CadenceSource | None = None
    weekly_history: tuple[WeekLoad, ...] = ()
    session_log: tuple[RunLog, ...] = ()
    footwear: tuple[Shoe, ...] = ()
    race_goals: tuple[RaceGoal, ...] = ()
    prior_injuries: tuple[PriorInjury, ...] = ()
    prior_lbp_episodes: int | None = None
    spinal_surgery: bool = False
    prior_bone_stress_injury: bool = False
    onset_type: OnsetType | None = None
    onset_date: date | None = None
    onset_during_run: bool = False
    mechanism: str = ""
    nprs_back_now: int | None = None
    nprs_back_best24h: int | None = None
    nprs_back_worst24h: int | None = None
    nprs_leg_now: int | None = None
    nprs_leg_best24h: int | None = None
    nprs_leg_worst24h: int | None = None
    symptom_quality: tuple[SymptomQuality, ...] = ()
    factors: Mapping[Factor, Effect] = field(default_factory=dict)
    pattern: Pattern24h = field(default_factory=Pattern24h)
    body_marks: tuple[dict[str, Any], ...] = ()
    energy: EnergyScreen = field(default_factory=EnergyScreen)
    running_form: RunningForm = field(default_factory=RunningForm)

    def with_changes(self, **changes: Any) -> Intake:
        """A copy with some fields replaced."""
        return replace(self, **changes)


# -- JSON-safe form ------------------------------------------------------------------------

_NESTED: dict[str, type] = {"weekly_history": WeekLoad, "session_log": RunLog, "footwear": Shoe,
                            "race_goals": RaceGoal, "prior_injuries": PriorInjury}
_DATE_FIELDS = {"week_start", "date", "purchase_date", "change_date", "race_date", "onset_date"}
_ENUMS: dict[str, type[enum.StrEnum]] = {
    "surface": Surface, "primary_surface": Surface, "terrain": Terrain,
    "cadence_source": CadenceSource, "category": ShoeCategory, "distance": RaceDistance,
    "priority": Priority, "region": InjuryRegion, "onset_type": OnsetType,
    "night_pain": NightPain, "post_run_next_morning": MorningAfterRun,
    "menstrual": MenstrualStatus, "foot_strike": FootStrike,
}


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dict):
        return {str(_plain(k)): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def intake_to_data(intake: Intake) -> dict[str, Any]:
    """A dict of strings, numbers, booleans and lists, ready for JSON."""
    data = {f.name: getattr(intake, f.name) for f in fields(intake)}
    data["pattern"] = asdict(intake.pattern)
    for name, blank in (("energy", EnergyScreen()), ("running_form", RunningForm())):
        if getattr(intake, name) == blank:
            del data[name]  # intakes saved before these sections existed read back unchanged
        else:
            data[name] = asdict(getattr(intake, name))
    data["factors"] = {Factor(k).value: Effect(v).value for k, v in intake.factors.items()}
    for name in _NESTED:
        data[name] = [asdict(item) for item in getattr(intake, name)]
    data["session_log"] = [{k: v for k, v in run.items()  # typed runs read back unchanged
                            if k not in _RUN_IMPORT_FIELDS or v != _RUN_IMPORT_FIELDS[k]}
                           for run in data["session_log"]]
    data["body_marks"] = [dict(m) for m in intake.body_marks]
    return {k: _plain(v) for k, v in data.items()}


def _read(cls: type, raw: Mapping[str, Any], where: str) -> Any:
    known = {f.name for f in fields(cls)}
    unknown = set(raw) - known
    if unknown:
        raise InvalidValue(msg("exam.unknown_field_s", name=where, value=', '.join(sorted(unknown))))
    values: dict[str, Any] = {}
    for name, value in raw.items():
        try:
            if value is None:
                values[name] = None
            elif name == "started_at":
                values[name] = datetime.fromisoformat(str(value))
            elif name in _DATE_FIELDS:
                values[name] = date.fromisoformat(str(value))
            elif name in _ENUMS:
                values[name] = _ENUMS[name](value)
            else:
                values[name] = value
        except ValueError as exc:
            raise InvalidValue(msg("intake.message", where=where, name=name, exc=exc)) from exc
    return cls(**values)


def intake_from_data(data: Mapping[str, Any]) -> Intake:
    """Rebuild an ``Intake`` from ``intake_to_data`` output; unknown fields raise ValueError."""
    raw = dict(data)
    values: dict[str, Any] = {}
    for name in _NESTED:
        items = raw.pop(name, []) or []
        values[name] = tuple(_read(_NESTED[name], item, f"{name}[{i}]")
                             for i, item in enumerate(items))
    values["pattern"] = _read(Pattern24h, raw.pop("pattern", {}) or {}, "pattern")
    values["energy"] = _read(EnergyScreen, raw.pop("energy", {}) or {}, "energy")
    values["running_form"] = _read(RunningForm, raw.pop("running_form", {}) or {}, "running_form")
    values["factors"] = {Factor(k): Effect(v) for k, v in (raw.pop("factors", {}) or {}).items()}
    values["surfaces"] = tuple(Surface(s) for s in raw.pop("surfaces", []) or [])
    values["symptom_quality"] = tuple(SymptomQuality(s)
                                      for s in raw.pop("symptom_quality", []) or [])
    values["body_marks"] = tuple(dict(m) for m in raw.pop("body_marks", []) or [])
    top = _read(Intake, raw, "intake")
    return replace(top, **values)
