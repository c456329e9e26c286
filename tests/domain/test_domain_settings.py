"""ClinicalSettings defaults, validation and round-tripping."""

from __future__ import annotations

import pytest

from clinic_app.domain.load.training import SpikeBand, acwr_band, spike_band
from clinic_app.domain.measures.scoring import score_odi
from clinic_app.domain.settings import DEFAULT_SETTINGS, ClinicalSettings


def test_defaults_match_clinical_md() -> None:
    s = DEFAULT_SETTINGS
    assert (s.odi_max_missing, s.pain_safe_max, s.pain_acceptable_max) == (2, 2, 5)
    assert (s.rtr_session_pain_limit, s.rtr_next_morning_allowance) == (3, 0)
    assert (s.shoe_replace_min_km, s.shoe_replace_max_km) == (480.0, 800.0)
    assert (s.slr_min_deg, s.slr_max_deg) == (30, 70)
    assert (s.spike_within_max_pct, s.spike_small_max_pct, s.spike_moderate_max_pct) == (
        10.0,
        30.0,
        100.0,
    )
    assert (s.acwr_sweet_spot_low, s.acwr_sweet_spot_high, s.acwr_spike) == (0.8, 1.3, 1.5)
    assert (s.m3_age_over, s.m3_age_under) == (50, 20)


def test_round_trip_through_mapping() -> None:
    custom = ClinicalSettings(odi_max_missing=3, acwr_spike=1.6, shoe_replace_max_km=900)
    data = custom.to_mapping()
    assert data["odi_max_missing"] == 3
    assert ClinicalSettings.from_mapping(data) == custom
    assert ClinicalSettings.from_mapping({}) == DEFAULT_SETTINGS
    assert custom.replace(odi_max_missing=1).odi_max_missing == 1


def test_settings_change_behaviour() -> None:
    strict = ClinicalSettings(spike_within_max_pct=5, spike_small_max_pct=20)
    assert spike_band(8) == SpikeBand.WITHIN
    assert spike_band(8, strict) == SpikeBand.SMALL
    assert acwr_band(1.4, ClinicalSettings(acwr_sweet_spot_high=1.45)) == "sweet_spot"
    assert score_odi([1] * 7 + [None] * 3, DEFAULT_SETTINGS.odi_max_missing) is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"odi_max_missing": -1}, "odi_max_missing must be 0-9, got -1"),
        ({"odi_max_missing": True}, "odi_max_missing must be a whole number"),
        ({"odi_max_missing": 2.5}, "odi_max_missing must be a whole number"),
        ({"rtr_next_morning_allowance": 2}, "rtr_next_morning_allowance must be 0-1, got 2"),
        ({"acwr_spike": float("nan")}, "acwr_spike must be a finite number"),
        ({"acwr_spike": "1.5"}, "acwr_spike must be a number"),
        ({"shoe_replace_min_km": 900}, "shoe_replace_min_km (900) must be less than"),
        ({"slr_min_deg": 70}, "slr_min_deg (70) must be less than slr_max_deg"),
        ({"pain_safe_max": 6}, "pain_safe_max (6) must be less than pain_acceptable_max"),
        ({"rtr_session_pain_limit": 6}, "rtr_session_pain_limit must not exceed"),
        ({"spike_small_max_pct": 200}, "spike_small_max_pct (200) must be less than"),
        ({"m3_age_under": 60}, "m3_age_under (60) must be less than m3_age_over"),
        ({"colour": "blue"}, "unknown clinical setting"),
    ],
)
def test_invalid_settings_raise_with_field_name(data: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        ClinicalSettings.from_mapping(data)


def test_settings_are_frozen() -> None:
    with pytest.raises(AttributeError):
        DEFAULT_SETTINGS.odi_max_missing = 5  # type: ignore[misc]
