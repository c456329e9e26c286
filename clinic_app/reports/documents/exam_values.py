"""An exam's recorded values as labelled rows per section, for the chart summary.

Only what was recorded is listed; "not tested" is written out when it was chosen, never turned
into "negative".
"""

from __future__ import annotations

import enum

from clinic_app.domain.exam.neuro_model import Reflex, Root
from clinic_app.domain.exam.record import ExamRecord, SlrSide
from clinic_app.domain.exam.rules import SijTest, TestOutcome
from clinic_app.reports.documents.data import ValueSection

_SIJ_LABELS = {
    SijTest.DISTRACTION: "Distraction", SijTest.THIGH_THRUST: "Thigh thrust",
    SijTest.COMPRESSION: "Compression", SijTest.SACRAL_THRUST: "Sacral thrust",
    SijTest.GAENSLEN_LEFT: "Gaenslen (left)", SijTest.GAENSLEN_RIGHT: "Gaenslen (right)",
}


def words(value: object) -> str:
    """An enum value or flag in plain words (``not_tested`` → ``not tested``)."""
    if isinstance(value, enum.Enum):
        value = value.value
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value).replace("_", " ")


def _slr(side: SlrSide) -> str:
    parts = [words(side.result)]
    if side.angle_deg is not None:
        parts.append(f"onset {side.angle_deg}°")
    if side.below_knee:
        parts.append("pain below the knee")
    if side.dorsiflexion_sensitised:
        parts.append("worse with dorsiflexion")
    return ", ".join(parts)


def _outcome(result: TestOutcome, *details: str) -> str:
    return ", ".join([words(result), *[d for d in details if d]])


def exam_sections(exam: ExamRecord) -> tuple[ValueSection, ...]:
    """The recorded values grouped as the exam form groups them."""
    blank = ExamRecord()
    sections: list[ValueSection] = []

    neural: list[tuple[str, str]] = []
    for label, side, default in (("SLR left", exam.slr_left, blank.slr_left),
                                 ("SLR right", exam.slr_right, blank.slr_right)):
        if side != default:
            neural.append((label, _slr(side)))
    if exam.crossed_slr != blank.crossed_slr:
        lifted = exam.crossed_slr.side_raised
        raised = f"raising the {words(lifted)} leg" if lifted else ""
        neural.append(("Crossed SLR", _outcome(exam.crossed_slr.result, raised)))
    if exam.slump != blank.slump:
        sl = exam.slump
        release = "" if sl.changes_with_neck_release is None else (
            "changes with neck release" if sl.changes_with_neck_release else "no change with neck release")
        neural.append(("Slump", _outcome(sl.result, words(sl.side) if sl.side else "",
                                         words(sl.component) if sl.component else "", release)))
    if exam.femoral != blank.femoral:
        fe = exam.femoral
        neural.append(("Femoral nerve stretch", _outcome(
            fe.result, words(fe.side) if fe.side else "",
            f"knee {fe.knee_angle_deg}°" if fe.knee_angle_deg is not None else "", fe.pain_site.strip())))
    if neural:
        sections.append(ValueSection("Neural tension", tuple(neural)))

    sij: list[tuple[str, str]] = []
    if exam.repeated_movement is not None:
        sij.append(("Repeated movements", words(exam.repeated_movement)))
    sij.extend((label, words(exam.sij[test])) for test, label in _SIJ_LABELS.items() if test in exam.sij)
    if exam.faber != blank.faber:
        fa = exam.faber
        sij.append(("FABER", _outcome(fa.result, words(fa.side) if fa.side else "",
                                      f"pain: {words(fa.pain_site)}" if fa.pain_site else "",
                                      "range limited" if fa.rom_limited else "")))
    if sij:
        sections.append(ValueSection("Sacroiliac joint", tuple(sij)))

    neuro: list[tuple[str, str]] = []
    for root in Root:
        for kind, attr in (("power", "power"), ("sensation", "sensation")):
            left = getattr(exam.neuro.left, attr).get(root)
            right = getattr(exam.neuro.right, attr).get(root)
            if left is not None or right is not None:
                neuro.append((f"{root.value} {kind}", f"left {_or_dash(left)} · right {_or_dash(right)}"))
    for reflex in Reflex:
        left, right = exam.neuro.left.reflexes.get(reflex), exam.neuro.right.reflexes.get(reflex)
        if left is not None or right is not None:
            neuro.append((f"{words(reflex).capitalize()} reflex",
                          f"left {_or_dash(left)} · right {_or_dash(right)}"))
    if neuro:
        sections.append(ValueSection("Neurological screen", tuple(neuro)))

    lumbar = exam.lumbar
    movement: list[tuple[str, str]] = []
    if lumbar.schober_baseline_cm is not None or lumbar.schober_flexion_cm is not None:
        movement.append(("Modified Schober", f"{_or_dash(lumbar.schober_baseline_cm)} cm → "
                                             f"{_or_dash(lumbar.schober_flexion_cm)} cm"))
    for label, value, unit in (("Flexion", lumbar.flexion_deg, "°"), ("Extension", lumbar.extension_deg, "°"),
                               ("Side flexion left", lumbar.lateral_flexion_left_deg, "°"),
                               ("Side flexion right", lumbar.lateral_flexion_right_deg, "°"),
                               ("Fingertip to floor", lumbar.fingertip_floor_cm, " cm")):
        if value is not None:
            movement.append((label, f"{value}{unit}"))
    movement.extend((f"Pain on {words(m)}", words(p)) for m, p in lumbar.pain.items())
    if lumbar.deviation.strip():
        movement.append(("Deviation", lumbar.deviation.strip()))
    if movement:
        sections.append(ValueSection("Lumbar movement", tuple(movement)))

    notes = [(label, text.strip()) for label, text in (("Palpation", exam.palpation),
                                                        ("Other findings", exam.findings)) if text.strip()]
    if notes:
        sections.append(ValueSection("Palpation and other findings", tuple(notes)))
    return tuple(sections)


def _or_dash(value: object) -> str:
    return "—" if value is None else words(value)
