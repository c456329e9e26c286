"""Body chart codes (CLINICAL.md 1.1 pain_locations), derived fields, phrasing and JSON storage."""

from __future__ import annotations

import json

import pytest

from clinic_app.domain.findings import FindingLevel
from clinic_app.domain.intake.body_chart import (
    BodyMark,
    BodySide,
    Extent,
    PainLocation,
    SymptomType,
    body_chart_finding,
    describe_marks,
    furthest_extent,
    leg_dominant,
    leg_pain_bilateral,
    leg_sides,
    marks_from_data,
    marks_to_data,
)

P = PainLocation
S = SymptomType

CLINICAL_1_1_CODES = [
    "central_lumbar", "paraspinal_L", "paraspinal_R", "SIJ_PSIS_L", "SIJ_PSIS_R", "buttock_L", "buttock_R",
    "groin_L", "groin_R", "thigh_post_L", "thigh_post_R", "thigh_ant_L", "thigh_ant_R", "thigh_lat_L",
    "thigh_lat_R", "below_knee_L", "below_knee_R", "foot_L", "foot_R",
]


def marks(*pairs: tuple[PainLocation, SymptomType], intensity: int = 5) -> list[BodyMark]:
    """Build marks of one intensity."""
    return [BodyMark(location, symptom, intensity) for location, symptom in pairs]


def aches(*locations: PainLocation) -> list[BodyMark]:
    """Build ache marks."""
    return marks(*((location, S.ACHE) for location in locations))


def test_body_chart_codes_equal_clinical_list() -> None:
    assert [location.value for location in PainLocation] == CLINICAL_1_1_CODES
    assert all(location.name == location.value.upper() for location in PainLocation)
    assert P.SIJ_PSIS_L.value == "SIJ_PSIS_L"


def test_body_chart_symptom_and_extent_values() -> None:
    assert [s.value for s in SymptomType] == ["ache", "sharp", "burning", "pins_needles", "numbness"]
    assert [e.value for e in Extent] == ["back", "buttock", "thigh", "below_knee", "foot"]
    assert Extent.FOOT.reaches(Extent.BELOW_KNEE)
    assert Extent.THIGH.reaches(Extent.THIGH)
    assert not Extent.BUTTOCK.reaches(Extent.THIGH)
    assert [e.rank for e in Extent] == [0, 1, 2, 3, 4]


@pytest.mark.parametrize(
    ("location", "side", "extent", "label"),
    [
        (P.CENTRAL_LUMBAR, BodySide.CENTRAL, Extent.BACK, "Central low back"),
        (P.PARASPINAL_R, BodySide.RIGHT, Extent.BACK, "Right side of low back"),
        (P.SIJ_PSIS_L, BodySide.LEFT, Extent.BACK, "Left sacroiliac area"),
        (P.BUTTOCK_L, BodySide.LEFT, Extent.BUTTOCK, "Left buttock"),
        (P.GROIN_R, BodySide.RIGHT, Extent.THIGH, "Right groin"),
        (P.THIGH_POST_L, BodySide.LEFT, Extent.THIGH, "Back of left thigh"),
        (P.THIGH_ANT_R, BodySide.RIGHT, Extent.THIGH, "Front of right thigh"),
        (P.THIGH_LAT_L, BodySide.LEFT, Extent.THIGH, "Outer left thigh"),
        (P.BELOW_KNEE_L, BodySide.LEFT, Extent.BELOW_KNEE, "Left leg below the knee"),
        (P.FOOT_R, BodySide.RIGHT, Extent.FOOT, "Right foot"),
    ],
)
def test_body_chart_location_side_extent_label(
    location: PainLocation, side: BodySide, extent: Extent, label: str
) -> None:
    assert (location.side, location.extent, location.label) == (side, extent, label)


@pytest.mark.parametrize(
    ("locations", "expected"),
    [
        ((), None),
        ((P.CENTRAL_LUMBAR,), Extent.BACK),
        ((P.SIJ_PSIS_R, P.PARASPINAL_L), Extent.BACK),
        ((P.CENTRAL_LUMBAR, P.BUTTOCK_R), Extent.BUTTOCK),
        ((P.GROIN_L,), Extent.THIGH),
        ((P.CENTRAL_LUMBAR, P.BELOW_KNEE_L), Extent.BELOW_KNEE),
        ((P.FOOT_R, P.BUTTOCK_R, P.BELOW_KNEE_R), Extent.FOOT),
    ],
)
def test_body_chart_furthest_extent(locations: tuple[PainLocation, ...], expected: Extent | None) -> None:
    assert furthest_extent(aches(*locations)) == expected


def test_body_chart_leg_sides_and_bilateral() -> None:
    assert leg_sides(aches(P.BUTTOCK_L, P.BUTTOCK_R, P.CENTRAL_LUMBAR)) == frozenset()
    assert not leg_pain_bilateral(aches(P.BUTTOCK_L, P.BUTTOCK_R))  # buttocks are not the leg
    assert leg_sides(aches(P.THIGH_POST_L, P.BUTTOCK_R)) == {BodySide.LEFT}
    assert not leg_pain_bilateral(aches(P.THIGH_POST_L, P.BUTTOCK_R))
    assert leg_pain_bilateral(aches(P.GROIN_L, P.FOOT_R))
    assert leg_pain_bilateral(marks((P.BELOW_KNEE_L, S.ACHE), (P.THIGH_LAT_R, S.NUMBNESS)))
    assert not leg_pain_bilateral([])


@pytest.mark.parametrize(
    ("leg", "back", "expected"),
    [(7, 4, True), (4, 4, False), (2, 6, False), (None, 5, None), (5, None, None), (0, 0, False)],
)
def test_body_chart_leg_dominant(leg: int | None, back: int | None, expected: bool | None) -> None:
    assert leg_dominant(leg, back) is expected


def test_body_chart_leg_dominant_rejects_out_of_range() -> None:
    with pytest.raises(ValueError, match="nprs_leg"):
        leg_dominant(11, 3)
    with pytest.raises(ValueError, match="nprs_back"):
        leg_dominant(3, -1)


@pytest.mark.parametrize(
    ("given", "phrase"),
    [
        (aches(P.CENTRAL_LUMBAR, P.BELOW_KNEE_L), "back and left leg pain below the knee"),
        (aches(P.CENTRAL_LUMBAR), "central low back pain"),
        (
            marks((P.BUTTOCK_R, S.ACHE), (P.THIGH_POST_R, S.ACHE), (P.FOOT_R, S.PINS_NEEDLES)),
            "right buttock and thigh pain, pins and needles in the right foot",
        ),
        (aches(P.PARASPINAL_L), "left low back pain"),
        (aches(P.PARASPINAL_L, P.PARASPINAL_R), "low back pain"),
        (aches(P.SIJ_PSIS_R), "right sacroiliac area pain"),
        (aches(P.BELOW_KNEE_L, P.BELOW_KNEE_R), "bilateral leg pain below the knee"),
        (aches(P.BUTTOCK_L, P.THIGH_POST_L, P.BELOW_KNEE_L, P.FOOT_L), "left leg pain down to the foot"),
        (marks((P.FOOT_L, S.NUMBNESS), (P.FOOT_R, S.NUMBNESS)), "numbness in both feet"),
        (marks((P.CENTRAL_LUMBAR, S.SHARP)), "sharp central low back pain"),
        (marks((P.THIGH_LAT_R, S.BURNING)), "burning right thigh pain"),
        (
            marks((P.BELOW_KNEE_R, S.PINS_NEEDLES), (P.FOOT_R, S.PINS_NEEDLES)),
            "pins and needles in the right lower leg and foot",
        ),
        (
            aches(P.CENTRAL_LUMBAR, P.BELOW_KNEE_L, P.THIGH_POST_R, P.FOOT_R),
            "back and left leg pain below the knee, right leg pain down to the foot",
        ),
        ([], "no symptoms marked"),
    ],
)
def test_body_chart_describe_marks(given: list[BodyMark], phrase: str) -> None:
    assert describe_marks(given) == phrase


def test_body_chart_json_round_trip() -> None:
    original = [
        BodyMark(P.FOOT_R, S.NUMBNESS, 2),
        BodyMark(P.CENTRAL_LUMBAR, S.ACHE, 6),
        BodyMark(P.SIJ_PSIS_L, S.SHARP, 10),
        BodyMark(P.BELOW_KNEE_L, S.PINS_NEEDLES, 1),
    ]
    data = marks_to_data(original)
    assert data[0] == {"location": "central_lumbar", "symptom": "ache", "intensity": 6}
    assert [d["location"] for d in data] == ["central_lumbar", "SIJ_PSIS_L", "below_knee_L", "foot_R"]
    restored = marks_from_data(json.loads(json.dumps(data)))
    assert restored == sorted(original, key=lambda m: m.location.order)


def test_body_chart_mark_accepts_codes_as_text() -> None:
    assert BodyMark("buttock_L", "ache", 3) == BodyMark(P.BUTTOCK_L, S.ACHE, 3)  # type: ignore[arg-type]


@pytest.mark.parametrize("intensity", [0, 11, 5.5, "5", True, None])
def test_body_chart_bad_intensity_names_field(intensity: object) -> None:
    with pytest.raises(ValueError, match="intensity"):
        BodyMark(P.FOOT_L, S.ACHE, intensity)  # type: ignore[arg-type]


def test_body_chart_bad_codes_name_field() -> None:
    with pytest.raises(ValueError, match="location"):
        BodyMark("knee_L", S.ACHE, 4)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="symptom"):
        BodyMark(P.FOOT_L, "tingling", 4)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"pain_locations\[1\]\.location"):
        marks_from_data([{"location": "foot_L", "symptom": "ache", "intensity": 2},
                         {"location": "calf_L", "symptom": "ache", "intensity": 2}])
    with pytest.raises(ValueError, match=r"pain_locations\[0\]\.intensity"):
        marks_from_data([{"location": "foot_L", "symptom": "ache", "intensity": 12}])
    with pytest.raises(ValueError, match=r"pain_locations\[0\]\.symptom"):
        marks_from_data([{"location": "foot_L", "intensity": 2}])
    with pytest.raises(ValueError, match="more than once"):
        marks_from_data([{"location": "foot_L", "symptom": "ache", "intensity": 2},
                         {"location": "foot_L", "symptom": "numbness", "intensity": 3}])


def test_body_chart_finding_summarises_extent_bilateral_and_dominance() -> None:
    finding = body_chart_finding(
        [*aches(P.CENTRAL_LUMBAR, P.BELOW_KNEE_L), BodyMark(P.FOOT_R, S.NUMBNESS, 3)], nprs_leg=7, nprs_back=4
    )
    assert finding.kind == "body_chart"
    assert finding.verdict == "foot"
    assert finding.inputs["Furthest extent"] == "foot"
    assert finding.inputs["Leg symptoms on both sides"] == "yes"
    assert finding.inputs["Leg pain worse than back pain"] == "yes (leg 7/10, back 4/10)"
    assert finding.inputs["Marked areas"] == (
        "back and left leg pain below the knee, numbness in the right foot"
    )
    assert finding.explanation.startswith("Symptoms reach the foot")
    assert "\n" not in finding.explanation
    assert finding.level is FindingLevel.CAUTION
    assert any("CE4" in note for note in finding.notes)


def test_body_chart_finding_without_marks_or_nprs() -> None:
    finding = body_chart_finding(aches(P.CENTRAL_LUMBAR))
    assert finding.verdict == "back"
    assert finding.inputs["Leg pain worse than back pain"] == "not recorded"
    assert finding.level is FindingLevel.INFO
    empty = body_chart_finding([], 3, 5)
    assert empty.verdict == "none"
    assert empty.inputs["Leg pain worse than back pain"] == "no (leg 3/10, back 5/10)"
