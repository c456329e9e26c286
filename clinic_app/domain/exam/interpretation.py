"""Read a whole exam: the explained findings the Interpretation panel and the PDFs show."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from clinic_app.domain.exam.bone_stress import bone_stress_findings
from clinic_app.domain.exam.neuro import assess_neuro
from clinic_app.domain.exam.record import ExamRecord
from clinic_app.domain.exam.rules import Side, SijTest, TestOutcome, slr_classic_positive
from clinic_app.domain.findings import Finding
from clinic_app.domain.intake.record import Intake
from clinic_app.domain.interpretation import (
    bilateral_signs_finding,
    crossed_slr_finding,
    emg_prompt,
    faber_finding,
    imaging_prompts,
    laslett_finding,
    n1_finding,
    neuro_finding,
    repeated_movement_finding,
    schober_finding,
    slr_finding,
    slump_finding,
)
from clinic_app.domain.safety.statement import RedFlagStatement
from clinic_app.domain.settings import ClinicalSettings

_TESTED = (TestOutcome.POSITIVE, TestOutcome.NEGATIVE, TestOutcome.UNABLE)


@dataclass(frozen=True, slots=True)
class ExamFinding:
    """A finding with a stable key, so a clinician's accept/override decision attaches to it."""

    key: str
    finding: Finding


def _has_neuro(exam: ExamRecord) -> bool:
    sides = (exam.neuro.left, exam.neuro.right)
    return any(s.power or s.sensation or s.reflexes for s in sides)


def interpret_exam(
    exam: ExamRecord,
    previous: ExamRecord | None = None,
    *,
    raised_flags: Iterable[str] = (),
    days_since_onset: int | None = None,
    weeks_of_care: float | None = None,
    settings: ClinicalSettings | None = None,
    intake: Intake | None = None,
    age_years: int | None = None,
    red_flag_screen: RedFlagStatement | None = None,
) -> list[ExamFinding]:
    """Every finding the recorded tests support, in the order of the form; prompts last.

    With the episode's ``intake`` and the patient's age, the bone stress lines also weigh the
    energy-availability screen and the adolescent spondylolysis prompt (C10). With the episode's
    ``red_flag_screen``, the imaging prompt says only what the screen allows (C3).
    """
    out: list[ExamFinding] = []
    for key, side, slr in (("slr_left", Side.LEFT, exam.slr_left),
                           ("slr_right", Side.RIGHT, exam.slr_right)):
        if slr.result in _TESTED:
            out.append(ExamFinding(key, slr_finding(slr.result, slr.angle_deg, slr.below_knee,
                                                    side, settings)))
    crossed = exam.crossed_slr
    if crossed.result in _TESTED:
        pain_side = None
        if crossed.side_raised in (Side.LEFT, Side.RIGHT):
            pain_side = Side.RIGHT if crossed.side_raised is Side.LEFT else Side.LEFT
        out.append(ExamFinding("crossed_slr", crossed_slr_finding(crossed.result,
                                                                   crossed.side_raised, pain_side)))
    if exam.slump.result in _TESTED:
        out.append(ExamFinding("slump", slump_finding(exam.slump.result,
                                                      exam.slump.changes_with_neck_release)))
    if any(exam.sij_outcome(t) in _TESTED for t in SijTest):
        out.append(ExamFinding("laslett", laslett_finding(dict(exam.sij), exam.repeated_movement)))
    if exam.repeated_movement is not None:
        out.append(ExamFinding("repeated_movement",
                               repeated_movement_finding(exam.repeated_movement)))
    if exam.faber.result in _TESTED and exam.faber.pain_site is not None:
        out.append(ExamFinding("faber", faber_finding(exam.faber.pain_site, exam.faber.rom_limited)))
    radicular = any(slr_classic_positive(s.result, s.angle_deg, s.below_knee, settings)
                    for s in (exam.slr_left, exam.slr_right) if s.result is TestOutcome.POSITIVE)
    deficit_persists = False
    unclear = False
    if _has_neuro(exam):
        prior = previous.neuro if previous is not None and _has_neuro(previous) else None
        assessment = assess_neuro(exam.neuro, prior)
        out.append(ExamFinding("neuro", neuro_finding(exam.neuro, prior)))
        if assessment.bilateral:
            out.append(ExamFinding("bilateral_signs", bilateral_signs_finding(exam.neuro)))
        if assessment.raises_n1:
            out.append(ExamFinding("n1", n1_finding(exam.neuro, prior)))
        radicular = radicular or bool(assessment.localisations)
        previous_deficit = prior is not None and assess_neuro(prior).deficit
        deficit_persists = assessment.deficit and (bool(assessment.worsening) or previous_deficit)
        unclear = assessment.deficit and not assessment.localisations
    m = exam.lumbar
    if m.schober_baseline_cm is not None and m.schober_flexion_cm is not None:
        out.append(ExamFinding("schober", schober_finding(m.schober_baseline_cm,
                                                          m.schober_flexion_cm)))
    raised_flags = list(raised_flags)  # read twice: bone stress lines and imaging prompts
    out.extend(ExamFinding(key, finding) for key, finding in bone_stress_findings(
        exam, intake, age_years, raised_flags))
    for i, prompt in enumerate(imaging_prompts(
            list(raised_flags), radiculopathy_or_stenosis=radicular,
            weeks_of_conservative_care=weeks_of_care, screen=red_flag_screen)):
        out.append(ExamFinding(f"imaging_{i}", prompt))
    if deficit_persists or unclear:
        out.append(ExamFinding("emg", emg_prompt(unclear, deficit_persists, days_since_onset)))
    return out
