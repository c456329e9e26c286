"""Configurable product decisions ([P] rules in CLINICAL.md Part B) with validated defaults."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from clinic_app.domain._validation import check_int, check_number
from clinic_app.domain.errors import InvalidValue
from clinic_app.domain.messages import msg

_INT_FIELDS: dict[str, tuple[int, int]] = {
    "odi_max_missing": (0, 9),
    "pain_safe_max": (0, 9),
    "pain_acceptable_max": (1, 10),
    "rtr_session_pain_limit": (0, 10),
    "rtr_next_morning_allowance": (0, 1),
    "rtr_sessions_to_advance": (1, 10),
    "rtr_final_stage_sessions": (1, 10),
    "slr_min_deg": (0, 90),
    "slr_max_deg": (0, 90),
    "m3_age_over": (12, 100),
    "m3_age_under": (12, 100),
    "duration_acute_below_weeks": (1, 52),
    "duration_chronic_above_weeks": (1, 104),
}
_FLOAT_FIELDS: dict[str, tuple[float, float]] = {
    "shoe_replace_min_km": (0.0, 5000.0),
    "shoe_replace_max_km": (0.0, 5000.0),
    "spike_within_max_pct": (0.0, 1000.0),
    "spike_small_max_pct": (0.0, 1000.0),
    "spike_moderate_max_pct": (0.0, 1000.0),
    "acwr_sweet_spot_low": (0.0, 10.0),
    "acwr_sweet_spot_high": (0.0, 10.0),
    "acwr_spike": (0.0, 10.0),
}


@dataclass(frozen=True, slots=True)
class ClinicalSettings:
    """Practice-level clinical product decisions; every field has the CLINICAL.md default."""

    odi_max_missing: int = 2
    """ODI returns no score when more than this many sections are unanswered."""
    pain_safe_max: int = 2
    """Pain-monitoring zone: 0 to this value is 'safe'."""
    pain_acceptable_max: int = 5
    """Pain-monitoring zone: above safe up to this value is 'acceptable'; above it 'stop'."""
    rtr_session_pain_limit: int = 3
    """Return-to-run: highest pain during a session that still counts as a good session."""
    rtr_next_morning_allowance: int = 0
    """Return-to-run: next-morning pain may exceed baseline morning pain by this (0 or 1)."""
    rtr_sessions_to_advance: int = 2
    """Return-to-run: good sessions needed at a stage before advancing."""
    rtr_final_stage_sessions: int = 3
    """Return-to-run: good sessions at the last stage to complete the programme (phase 3 exit)."""
    shoe_replace_min_km: float = 480.0
    """Shoe distance from which replacement is 'approaching'."""
    shoe_replace_max_km: float = 800.0
    """Shoe distance from which replacement is suggested."""
    slr_min_deg: int = 30
    """Lowest SLR angle for a classic positive; positives below it prompt a recheck."""
    slr_max_deg: int = 70
    """Highest SLR angle for a classic positive."""
    spike_within_max_pct: float = 10.0
    """Single-session spike: up to this percent is 'within'."""
    spike_small_max_pct: float = 30.0
    """Single-session spike: up to this percent is 'small'."""
    spike_moderate_max_pct: float = 100.0
    """Single-session spike: up to this percent is 'moderate'; above it 'large'."""
    acwr_sweet_spot_low: float = 0.8
    """ACWR below this is 'below' the sweet spot."""
    acwr_sweet_spot_high: float = 1.3
    """ACWR up to this is in the sweet spot; above it 'elevated'."""
    acwr_spike: float = 1.5
    """ACWR above this is a 'spike'."""
    m3_age_over: int = 50
    """Red flag M3: new onset above this age (some guidelines use 55)."""
    m3_age_under: int = 20
    """Red flag M3: new onset below this age."""
    duration_acute_below_weeks: int = 6
    """Symptom duration below this many weeks is acute (ACP summaries use 4)."""
    duration_chronic_above_weeks: int = 12
    """Symptom duration above this many weeks is chronic."""

    def __post_init__(self) -> None:
        """Validate every field and the relations between them."""
        for name, (lo, hi) in _INT_FIELDS.items():
            check_int(getattr(self, name), f"setting {name}", lo, hi)
        for name, (flo, fhi) in _FLOAT_FIELDS.items():
            value = check_number(getattr(self, name), f"setting {name}", flo, fhi)
            object.__setattr__(self, name, value)
        _require_less(self.pain_safe_max, self.pain_acceptable_max, "pain_safe_max", "pain_acceptable_max")
        _require_less(self.slr_min_deg, self.slr_max_deg, "slr_min_deg", "slr_max_deg")
        _require_less(
            self.shoe_replace_min_km,
            self.shoe_replace_max_km,
            "shoe_replace_min_km",
            "shoe_replace_max_km",
        )
        _require_less(
            self.spike_within_max_pct,
            self.spike_small_max_pct,
            "spike_within_max_pct",
            "spike_small_max_pct",
        )
        _require_less(
            self.spike_small_max_pct,
            self.spike_moderate_max_pct,
            "spike_small_max_pct",
            "spike_moderate_max_pct",
        )
        _require_less(
            self.acwr_sweet_spot_low,
            self.acwr_sweet_spot_high,
            "acwr_sweet_spot_low",
            "acwr_sweet_spot_high",
        )
        _require_less(self.acwr_sweet_spot_high, self.acwr_spike, "acwr_sweet_spot_high", "acwr_spike")
        _require_less(self.m3_age_under, self.m3_age_over, "m3_age_under", "m3_age_over")
        if self.duration_acute_below_weeks > self.duration_chronic_above_weeks:
            raise InvalidValue(
                msg("settings.setting_duration_acute_below_weeks",
                    duration_chronic_above_weeks=self.duration_chronic_above_weeks,
                    duration_acute_below_weeks=self.duration_acute_below_weeks)
            )
        if self.rtr_session_pain_limit > self.pain_acceptable_max:
            raise InvalidValue(
                msg("settings.setting_rtr_session_pain_limit",
                    pain_acceptable_max=self.pain_acceptable_max,
                    rtr_session_pain_limit=self.rtr_session_pain_limit)
            )

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> ClinicalSettings:
        """Build settings from a stored mapping; missing keys take defaults, unknown keys raise."""
        names = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(str(key) for key in data if key not in names)
        if unknown:
            raise InvalidValue(msg("settings.unknown_clinical_setting_s", unknown=', '.join(unknown)))
        return cls(**{str(key): value for key, value in data.items()})

    def to_mapping(self) -> dict[str, int | float]:
        """Return a plain mapping of every setting, suitable for JSON or a settings table."""
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}

    def replace(self, **changes: Any) -> ClinicalSettings:
        """Return a validated copy with some settings changed."""
        return self.from_mapping({**self.to_mapping(), **changes})


def _require_less(low: float, high: float, low_name: str, high_name: str) -> None:
    """Raise ValueError unless ``low`` is strictly below ``high``."""
    if not low < high:
        raise InvalidValue(msg("settings.setting_must_less_than",
                               low_name=low_name, low=low, high_name=high_name, high=high))


DEFAULT_SETTINGS = ClinicalSettings()
"""The defaults from CLINICAL.md Part B."""


def resolve(settings: ClinicalSettings | None) -> ClinicalSettings:
    """Return ``settings`` or the defaults when None."""
    return DEFAULT_SETTINGS if settings is None else settings
