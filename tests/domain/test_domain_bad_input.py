"""Bad input raises ValueError naming the field and the allowed range; nothing is clamped."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest

from clinic_app.domain.exam.neuro import MrcGrade, SideNeuro
from clinic_app.domain.exam.rules import (
    crossed_slr_positive,
    faber_points_to,
    laslett_cluster,
    modified_schober,
    slr_classic_positive,
)
from clinic_app.domain.interpretation import imaging_prompts
from clinic_app.domain.load.training import (
    RunSession,
    acwr_coupled,
    format_distance,
    km_to_miles,
    session_spike_pct,
    shoe_status,
    spike_band,
    symptom_duration,
    week_over_week_change_pct,
)
from clinic_app.domain.measures.scoring import (
    nprs_change,
    odi_change,
    psfs_change,
    rmdq_change,
    score_odi,
    score_psfs,
    score_rmdq,
    score_startback,
)
from clinic_app.domain.rehab.return_to_run import SessionReport, next_stage, pain_zone
from clinic_app.domain.safety.red_flags import age_prompts, screen

NAN = float("nan")
CASES: list[tuple[str, Callable[[], object], str]] = [
    (
        "odi range",
        lambda: score_odi([1, 1, 7, 1, 1, 1, 1, 1, 1, 1]),
        "ODI section 3 score must be 0-5, got 7",
    ),
    ("odi negative", lambda: score_odi([-1] + [0] * 9), "ODI section 1 score must be 0-5, got -1"),
    ("odi bool", lambda: score_odi([True] + [0] * 9), "ODI section 1 score must be a whole number"),
    (
        "odi float",
        lambda: score_odi([2.5] + [0] * 9),  # type: ignore[arg-type]
        "ODI section 1 score must be a whole number",
    ),
    ("odi count", lambda: score_odi([1] * 9), "ODI needs exactly 10 sections"),
    (
        "odi max_missing",
        lambda: score_odi([1] * 10, max_missing=-1),
        "ODI max_missing must be 0-10",
    ),
    ("rmdq range", lambda: score_rmdq([0]), "RMDQ item number must be 1-24, got 0"),
    ("rmdq high", lambda: score_rmdq([25]), "RMDQ item number must be 1-24, got 25"),
    ("rmdq duplicate", lambda: score_rmdq([3, 3]), "RMDQ item 3 is ticked more than once"),
    ("psfs count", lambda: score_psfs([]), "PSFS needs 1 to 5 activity ratings, got 0"),
    ("psfs six", lambda: score_psfs([1] * 6), "PSFS needs 1 to 5 activity ratings, got 6"),
    ("psfs range", lambda: score_psfs([3, 11]), "PSFS activity 2 rating must be 0-10, got 11"),
    ("psfs nan", lambda: score_psfs([NAN]), "PSFS activity 1 rating must be a finite number"),
    ("psfs same", lambda: psfs_change([1, 2], [1]), "PSFS follow-up must re-rate the same"),
    (
        "sb count",
        lambda: score_startback([True] * 7, "slightly"),
        "STarT Back needs exactly 8 agree/disagree answers (items 1-8), got 7",
    ),
    (
        "sb int",
        lambda: score_startback([2] * 8, "slightly"),  # type: ignore[list-item]
        "STarT Back item 1 must be true or false",
    ),
    (
        "sb item9",
        lambda: score_startback([False] * 8, "a lot"),
        "STarT Back item 9 (bothersomeness) must be one of not_at_all",
    ),
    ("nprs", lambda: nprs_change(11, 3), "NPRS baseline must be 0-10, got 11"),
    ("nprs follow", lambda: nprs_change(5, -1), "NPRS follow-up must be 0-10, got -1"),
    ("odi change", lambda: odi_change(101, 3), "ODI baseline percent must be 0-100, got 101"),
    ("rmdq change", lambda: rmdq_change(3, 30), "RMDQ follow-up score must be 0-24, got 30"),
    (
        "sij name",
        lambda: laslett_cluster({"fortin": "positive"}),
        "SIJ test must be one of distraction",
    ),
    (
        "sij outcome",
        lambda: laslett_cluster({"distraction": "maybe"}),
        "SIJ test distraction result must be one of positive",
    ),
    (
        "slr angle",
        lambda: slr_classic_positive("positive", 95, True),
        "SLR angle_deg must be 0-90, got 95",
    ),
    (
        "slr bool",
        lambda: slr_classic_positive("positive", 45, "yes"),  # type: ignore[arg-type]
        "SLR below_knee must be true or false",
    ),
    (
        "crossed side",
        lambda: crossed_slr_positive("positive", "up", "left"),
        "crossed SLR side raised must be one of left",
    ),
    (
        "schober",
        lambda: modified_schober(15, 12),
        "Schober flexion_cm must be at least baseline_cm",
    ),
    ("faber", lambda: faber_points_to("knee"), "FABER pain_site must be one of none"),
    ("mrc", lambda: MrcGrade.parse(6), "MRC grade must be 0-5, got 6"),
    ("mrc text", lambda: MrcGrade.parse("strong"), "MRC grade must be 0-5 with an optional"),
    ("mrc modifier", lambda: MrcGrade.parse("5+"), "MRC modifier +/- is allowed on grades 1-4"),
    ("root", lambda: SideNeuro.from_values(power={"L6": 5}), "myotome root must be one of L2"),
    (
        "sensation",
        lambda: SideNeuro.from_values(sensation={"L5": "numb"}),
        "sensation at L5 must be one of",
    ),
    (
        "reflex",
        lambda: SideNeuro.from_values(reflexes={"patellar": 5}),
        "patellar reflex grade must be 0-4",
    ),
    ("red flag item", lambda: screen({"X9": True}), "red-flag item must be one of CE1"),
    (
        "red flag answer",
        lambda: screen({"CE1": "yes"}),  # type: ignore[arg-type]
        "red-flag item CE1 answer must be true, false or not asked",
    ),
    (
        "red flag int",
        lambda: screen({"CE1": 1}),  # type: ignore[arg-type]
        "red-flag item CE1 answer must be true, false or not asked",
    ),
    ("age", lambda: age_prompts(5), "age_years must be 12-100, got 5"),
    (
        "weekly negative",
        lambda: acwr_coupled([10, -1, 10, 10]),
        "weekly_km week 2 must be at least 0",
    ),
    ("weekly nan", lambda: acwr_coupled([10, NAN, 10, 10]), "weekly_km week 2 must be a finite"),
    ("spike run", lambda: session_spike_pct(-1, 10), "run_km must be at least 0, got -1"),
    ("spike nan", lambda: spike_band(NAN), "spike percent must be a finite number"),
    (
        "week change",
        lambda: week_over_week_change_pct(10, -5),
        "previous week km must be at least 0",
    ),
    ("shoe", lambda: shoe_status(-3), "distance_on_shoe_km must be at least 0, got -3"),
    (
        "session",
        lambda: RunSession(dt.date(2026, 1, 1), -2),
        "session distance_km must be at least 0",
    ),
    ("miles", lambda: km_to_miles(-1), "distance in km must be at least 0"),
    ("unit", lambda: format_distance(3, "furlong"), "distance unit must be one of km, mi"),
    (
        "onset",
        lambda: symptom_duration(dt.date(2026, 2, 1), dt.date(2026, 1, 1)),
        "onset_date must not be after the reference date",
    ),
    ("stage", lambda: next_stage(9, []), "walk/run stage must be 1-8, got 9"),
    ("pain", lambda: pain_zone(11), "pain rating must be 0-10, got 11"),
    (
        "session pain",
        lambda: SessionReport(12, 0, 0),
        "pain during the session must be 0-10, got 12",
    ),
    (
        "session flag",
        lambda: SessionReport(1, 0, 0, symptoms_over_48h="yes"),  # type: ignore[arg-type]
        "symptoms lasting more than 48 hours must be true or false",
    ),
    (
        "imaging weeks",
        lambda: imaging_prompts(weeks_of_conservative_care=-2),
        "weeks_of_conservative_care must be 0-520, got -2",
    ),
]


@pytest.mark.parametrize(("name", "call", "message"), CASES, ids=[c[0] for c in CASES])
def test_bad_input_raises_value_error_naming_the_field(
    name: str, call: Callable[[], object], message: str
) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        call()
