"""Imaging and electrodiagnostic prompts (CLINICAL.md 3.6): suggestions, never orders."""

from __future__ import annotations

from collections.abc import Iterable

from clinic_app.domain._validation import check_bool, check_int, check_number, coerce_enum
from clinic_app.domain.findings import Evidence, Finding, FindingLevel
from clinic_app.domain.messages.core import QT_TRANSLATE_NOOP, translate
from clinic_app.domain.safety.red_flags import RedFlagItem, RedFlagTier
from clinic_app.domain.safety.statement import RedFlagStatement, concern

NOT_AN_ORDER = QT_TRANSLATE_NOOP("ExamFindings",
    "A prompt for the clinician: the software never places orders.")
EMG_WINDOW_START_DAYS = 18
EMG_WINDOW_END_DAYS = 183
"""Needle EMG is most informative from about 18-21 days to 4-6 months after onset."""

_CAUDA_EQUINA = QT_TRANSLATE_NOOP("ExamFindings", "suspected cauda equina syndrome")
_IMMEDIATE: dict[RedFlagItem, str] = {
    **{
        item: _CAUDA_EQUINA
        for item in (
            RedFlagItem.CE1,
            RedFlagItem.CE2,
            RedFlagItem.CE3,
            RedFlagItem.CE4,
            RedFlagItem.CE5,
            RedFlagItem.CE6,
        )
    },
    RedFlagItem.N1: QT_TRANSLATE_NOOP("ExamFindings", "severe or progressive neurological deficit"),
    RedFlagItem.M1: QT_TRANSLATE_NOOP("ExamFindings", "strong cancer risk"),
    RedFlagItem.I1: QT_TRANSLATE_NOOP("ExamFindings", "suspected infection"),
    RedFlagItem.I2: QT_TRANSLATE_NOOP("ExamFindings", "suspected infection"),
}
"""I2 counts only with I1 or when escalated to urgent (severe pain): alone it is a risk factor (C3)."""
_MAY_WAIT: dict[RedFlagItem, str] = {
    RedFlagItem.M2: QT_TRANSLATE_NOOP("ExamFindings", "weaker cancer risk"),
    RedFlagItem.M3: QT_TRANSLATE_NOOP("ExamFindings", "weaker cancer risk"),
    RedFlagItem.F1: QT_TRANSLATE_NOOP("ExamFindings", "suspected fracture"),
    RedFlagItem.F2: QT_TRANSLATE_NOOP("ExamFindings", "suspected fracture"),
    RedFlagItem.A1: QT_TRANSLATE_NOOP("ExamFindings", "suspected axial spondyloarthritis"),
}
_SOURCE = "ACP 2011 [S4]; NICE NG59 [S1]; ACP/APS 2007 [S3]; Choosing Wisely [S5]"


def _not_an_order() -> tuple[str, ...]:
    """The note every imaging prompt carries, translated."""
    return (translate("ExamFindings", NOT_AN_ORDER),)


def _reasons(reasons: list[str]) -> str:
    """The reasons of a prompt, translated, for its parenthesis."""
    return ", ".join(translate("ExamFindings", reason) for reason in reasons)


def _unique(reasons: Iterable[str]) -> list[str]:
    """Keep the first occurrence of each reason."""
    return list(dict.fromkeys(reasons))


def imaging_prompts(
    raised: Iterable[RedFlagItem | str] = (),
    *,
    suspected_bone_stress: bool = False,
    radiculopathy_or_stenosis: bool = False,
    weeks_of_conservative_care: float | None = None,
    surgery_or_injection_candidate: bool = False,
    screen: RedFlagStatement | None = None,
) -> list[Finding]:
    """Suggest imaging per the 3.6 rules of thumb from raised red flags and the clinical picture.

    ``screen`` (the red-flag statement) adds its open flags and decides what may be said when no
    flag suggests imaging: "no red flags" only when every item was asked and none raised (C3).
    """
    items = [coerce_enum(RedFlagItem, item, "red-flag item") for item in raised]
    open_flags = screen.open_flags if screen is not None else ()
    items += [f.item for f in open_flags if f.item not in items]
    i2_counts = RedFlagItem.I1 in items or any(
        f.item is RedFlagItem.I2 and f.tier is RedFlagTier.URGENT for f in open_flags)
    check_bool(suspected_bone_stress, "suspected_bone_stress")
    check_bool(radiculopathy_or_stenosis, "radiculopathy_or_stenosis")
    check_bool(surgery_or_injection_candidate, "surgery_or_injection_candidate")
    weeks = (
        None
        if weeks_of_conservative_care is None
        else check_number(weeks_of_conservative_care, "weeks_of_conservative_care", 0, 520)
    )
    inputs = {
        "Red flags raised": ", ".join(concern(i) for i in items) or "none",
        "Suspected bone stress": "yes" if suspected_bone_stress else "no",
        "Radiculopathy or stenosis": "yes" if radiculopathy_or_stenosis else "no",
        "Weeks of conservative care": "not recorded" if weeks is None else f"{weeks:g}",
        "Surgery or injection candidate": "yes" if surgery_or_injection_candidate else "no",
    }
    if screen is not None:
        inputs["Red-flag screen"] = screen.screen_summary
    out: list[Finding] = []
    immediate = _unique(_IMMEDIATE[i] for i in items
                        if i in _IMMEDIATE and (i is not RedFlagItem.I2 or i2_counts))
    if immediate:
        level = FindingLevel.EMERGENCY if _CAUDA_EQUINA in immediate else FindingLevel.URGENT
        out.append(
            Finding(
                "imaging",
                "immediate_mri",
                translate("ExamFindings", "Suggest immediate MRI through the emergency or urgent pathway "
                          "({reasons})").format(reasons=_reasons(immediate)),
                inputs,
                Evidence.GUIDELINE,
                _SOURCE,
                level,
                _not_an_order(),
            )
        )
    if suspected_bone_stress or RedFlagItem.F3 in items:
        out.append(
            Finding(
                "imaging",
                "bone_stress_mri",
                translate("ExamFindings", "Suspected pars or sacral bone stress: clinician-directed MRI "
                          "(or SPECT/CT)"),
                inputs,
                Evidence.RESEARCH,
                "[S40][S41]",
                FindingLevel.WARNING,
                _not_an_order(),
            )
        )
    wait = _unique(_MAY_WAIT[i] for i in items if i in _MAY_WAIT)
    if wait:
        out.append(
            Finding(
                "imaging",
                "may_wait",
                translate("ExamFindings", "Imaging may wait for a trial of therapy of about 1 month "
                          "({reasons}), at the clinician's discretion").format(reasons=_reasons(wait)),
                inputs,
                Evidence.GUIDELINE,
                _SOURCE,
                FindingLevel.CAUTION,
                _not_an_order(),
            )
        )
    out.extend(_other_flag_prompts(items, i2_counts, inputs))
    if radiculopathy_or_stenosis and weeks is not None and weeks >= 4:
        if surgery_or_injection_candidate:
            text = translate(
                "ExamFindings", "Persistent radiculopathy or stenosis after {weeks} weeks of conservative "
                "care in a surgery or epidural-injection candidate: consider MRI (preferred) or CT"
            ).format(weeks=f"{weeks:g}")
            verdict = "consider_mri"
        else:
            text = translate(
                "ExamFindings", "Persistent radiculopathy or stenosis after {weeks} weeks: image only if the "
                "patient is a candidate for surgery or epidural injection and the result would change "
                "management"
            ).format(weeks=f"{weeks:g}")
            verdict = "only_if_changes_management"
        out.append(
            Finding(
                "imaging",
                verdict,
                text,
                inputs,
                Evidence.GUIDELINE,
                _SOURCE,
                FindingLevel.INFO,
                _not_an_order(),
            )
        )
    if not out:
        out.append(_no_flag_prompt(screen, inputs))
    return out


def _other_flag_prompts(items: list[RedFlagItem], i2_counts: bool, inputs: dict[str, str]) -> list[Finding]:
    """V1, T1 and I2 alone: flags that are open but do not call for spinal imaging by themselves."""
    out = []
    if RedFlagItem.V1 in items:
        out.append(Finding(
            "imaging", "aneurysm_review",
            translate("ExamFindings", "Possible abdominal aortic aneurysm (V1): same-day medical review; "
                      "the doctor decides on aortic imaging (ultrasound or CT) — spinal imaging does not "
                      "answer this question"),
            inputs, Evidence.CONSENSUS, "[S44]", FindingLevel.URGENT, _not_an_order()))
    if RedFlagItem.T1 in items:
        out.append(Finding(
            "imaging", "medical_review",
            translate("ExamFindings", "Possible other serious pathology (T1): medical review decides "
                      "whether and what to image"),
            inputs, Evidence.CONSENSUS, _SOURCE, FindingLevel.WARNING, _not_an_order()))
    if RedFlagItem.I2 in items and not i2_counts:
        out.append(Finding(
            "imaging", "infection_risk_only",
            translate("ExamFindings", "Infection risk factor only (I2), without fever, feeling unwell or "
                      "severe pain: no immediate MRI; medical review within days, and ask about fever or "
                      "feeling unwell (I1) at every visit"),
            inputs, Evidence.GUIDELINE, _SOURCE, FindingLevel.CAUTION, _not_an_order()))
    return out


def _no_flag_prompt(screen: RedFlagStatement | None, inputs: dict[str, str]) -> Finding:
    """No flag suggests imaging: say exactly as much as the red-flag screen allows (C3)."""
    wisely = translate("ExamFindings", "(Choosing Wisely: no imaging in the first 6 weeks without red flags)")
    if screen is None:
        verdict, level = "no_routine_imaging", FindingLevel.INFO
        text = translate("ExamFindings",
            "No routine imaging suggested by the red flags recorded {wisely}").format(
            wisely=wisely)
    elif screen.all_clear:
        verdict, level = "no_routine_imaging", FindingLevel.INFO
        text = translate("ExamFindings", "No routine imaging: no red flags (all {asked} items asked, none "
                         "raised) {wisely}").format(asked=screen.asked, wisely=wisely)
    elif not screen.screened:
        verdict, level = "screen_incomplete", FindingLevel.CAUTION
        text = translate("ExamFindings", "Red flags not screened yet: screen them before deciding that "
                         "imaging is not needed")
    elif screen.not_asked:
        verdict, level = "screen_incomplete", FindingLevel.CAUTION
        text = translate("ExamFindings", "No imaging suggested by the red flags recorded, but {missing} of "
                         "{total} items were not asked: complete the screen before deciding that imaging "
                         "is not needed").format(missing=len(screen.not_asked), total=len(RedFlagItem))
    else:
        verdict, level = "no_routine_imaging", FindingLevel.INFO
        text = translate("ExamFindings", "No routine imaging suggested: the red flags raised at the last "
                         "screen have had their review recorded {wisely}").format(wisely=wisely)
    return Finding("imaging", verdict, text, inputs, Evidence.GUIDELINE, _SOURCE, level, _not_an_order())


def emg_prompt(
    diagnosis_unclear: bool,
    deficit_persists_or_progresses: bool,
    days_since_onset: int | None = None,
) -> Finding:
    """Suggest EMG/NCS only when the diagnosis is unclear or a deficit persists or progresses."""
    check_bool(diagnosis_unclear, "diagnosis_unclear")
    check_bool(deficit_persists_or_progresses, "deficit_persists_or_progresses")
    days = None if days_since_onset is None else check_int(days_since_onset, "days_since_onset", 0, 36500)
    inputs = {
        "Diagnosis unclear": "yes" if diagnosis_unclear else "no",
        "Deficit persists or progresses": "yes" if deficit_persists_or_progresses else "no",
        "Days since onset": "not recorded" if days is None else str(days),
    }
    notes = (translate("ExamFindings", NOT_AN_ORDER),
             translate("ExamFindings", "NCS is often normal in a single-level radiculopathy."))
    if not (diagnosis_unclear or deficit_persists_or_progresses):
        return Finding(
            "emg",
            "not_indicated",
            translate("ExamFindings", "EMG/NCS not suggested: it is not a screening test (diagnosis clear, "
                      "deficit not persisting)"),
            inputs,
            Evidence.RESEARCH,
            "Medscape [S22]",
            FindingLevel.INFO,
            notes,
        )
    reasons = [
        text
        for text, flag in (
            (translate("ExamFindings", "diagnosis unclear (root, peripheral nerve or other neuropathy)"),
             diagnosis_unclear),
            (translate("ExamFindings", "deficit persists or progresses"), deficit_persists_or_progresses),
        )
        if flag
    ]
    if days is None:
        timing = translate("ExamFindings", "needle EMG is most informative from about 18–21 days to 4–6 "
                           "months after onset")
        verdict = "consider"
    elif days < EMG_WINDOW_START_DAYS:
        timing = translate("ExamFindings", "day {days}: needle EMG is more informative from about 18–21 "
                           "days after onset").format(days=days)
        verdict = "consider_later"
    elif days <= EMG_WINDOW_END_DAYS:
        timing = translate("ExamFindings", "day {days}: within the most informative window (about 18 days "
                           "to 4–6 months)").format(days=days)
        verdict = "consider"
    else:
        timing = translate("ExamFindings", "day {days}: beyond the usual 4–6-month window, so needle EMG is "
                           "less informative").format(days=days)
        verdict = "consider"
    text = translate("ExamFindings", "Consider EMG/NCS: {reasons}; {timing}").format(
        reasons=translate("ExamFindings", " and ").join(reasons), timing=timing)
    return Finding(
        "emg", verdict, text, inputs, Evidence.RESEARCH, "Medscape [S22]", FindingLevel.INFO, notes
    )
