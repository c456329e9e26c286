"""Findings for the neurological screen: deficit and root localisation, bilateral signs, N1."""

from __future__ import annotations

from clinic_app.domain._validation import join_words
from clinic_app.domain.exam.neuro import (
    MYOTOME,
    UMN_ADVICE,
    NeuroScreen,
    Reflex,
    Root,
    assess_neuro,
    localisation_text,
)
from clinic_app.domain.exam.rules import Side
from clinic_app.domain.findings import Evidence, Finding, FindingLevel
from clinic_app.domain.safety.red_flags import RedFlagItem
from clinic_app.domain.safety.statement import concern


def _neuro_inputs(screen: NeuroScreen) -> dict[str, str]:
    """List every tested neuro item as label -> value."""
    inputs: dict[str, str] = {}
    for side in (Side.LEFT, Side.RIGHT):
        sided = screen.side(side)
        name = side.value.capitalize()
        for root in Root:
            if root in sided.power:
                inputs[f"{name} {root} power ({MYOTOME[root]})"] = f"{sided.power[root]}/5"
            if root in sided.sensation:
                inputs[f"{name} {root} sensation"] = sided.sensation[root].value
        for reflex in Reflex:
            if reflex in sided.reflexes:
                inputs[f"{name} {reflex.value.replace('_', ' ')} reflex"] = sided.reflexes[reflex].value
    return inputs


def neuro_finding(screen: NeuroScreen, previous: NeuroScreen | None = None) -> Finding:
    """Report neurological deficit and root localisation in plain words."""
    assessment = assess_neuro(screen, previous)
    inputs = _neuro_inputs(screen)
    notes: list[str] = []
    if not inputs:
        return Finding(
            "neuro_screen",
            "not_tested",
            "Neurological screen not recorded",
            inputs,
            Evidence.CONSENSUS,
            "Neurological screen [S18]",
        )
    parts = [localisation_text(loc) for loc in assessment.localisations]
    if assessment.upper_motor_neuron_signs:
        parts.append(f"{join_words(assessment.umn_reasons)}: upper motor neuron signs (a cord sign, "
                     "not a nerve-root sign)")
        notes.append(UMN_ADVICE)
    other = [item.phrase for item in assessment.abnormalities
             if not item.roots and not item.upper_motor_neuron]
    if other:
        parts.append(f"{join_words(other)}: not a nerve-root sign")
        notes.append("A brisk reflex on one side only: recheck it and look for other upper motor neuron "
                     "signs (sustained clonus, upgoing plantar).")
    if assessment.bilateral:
        notes.append("Nerve-root signs on both sides: ask the cauda equina questions CE1–CE6.")
    if assessment.raises_n1:
        notes.append(f"Raises red flag {concern(RedFlagItem.N1)}: {'; '.join(assessment.n1_reasons)}.")
    urgent = assessment.raises_n1 or assessment.upper_motor_neuron_signs
    if assessment.deficit:
        verdict, level = "deficit", FindingLevel.URGENT if urgent else FindingLevel.WARNING
        text = "; ".join(parts)
    elif assessment.upper_motor_neuron_signs:
        verdict, level, text = "upper_motor_neuron", FindingLevel.URGENT, "; ".join(parts)
    elif parts:
        verdict, level, text = "abnormal_no_deficit", FindingLevel.CAUTION, "; ".join(parts)
    else:
        verdict, level = "normal", FindingLevel.INFO
        text = "Neurological screen normal: no weakness, sensory change or reflex asymmetry"
    return Finding(
        "neuro_screen",
        verdict,
        text,
        inputs,
        Evidence.CONSENSUS,
        "Neurological screen [S18]; deficit rule [P]",
        level,
        tuple(notes),
    )


def bilateral_signs_finding(screen: NeuroScreen) -> Finding:
    """Ask the cauda equina questions when nerve-root signs are found on both sides.

    Upper motor neuron signs (clonus, bilateral hyperreflexia) are a cord sign and do not count (C2).
    """
    assessment = assess_neuro(screen)
    inputs = {
        "Left nerve-root signs": str(sum(1 for a in assessment.abnormalities
                                         if a.side == Side.LEFT and a.roots)),
        "Right nerve-root signs": str(sum(1 for a in assessment.abnormalities
                                          if a.side == Side.RIGHT and a.roots)),
    }
    if assessment.bilateral:
        return Finding(
            "bilateral_signs",
            "ask_cauda_equina",
            "Nerve-root signs on both sides — ask the cauda equina questions CE1–CE6 now",
            inputs,
            Evidence.PRODUCT,
            "CES pathway [S8]",
            FindingLevel.URGENT,
        )
    return Finding(
        "bilateral_signs",
        "not_bilateral",
        "No nerve-root signs on both sides",
        inputs,
        Evidence.PRODUCT,
        "CES pathway [S8]",
    )


def n1_finding(screen: NeuroScreen, previous: NeuroScreen | None = None) -> Finding:
    """Raise N1 for power of MRC 3 or less or a worsening deficit."""
    assessment = assess_neuro(screen, previous)
    inputs = {"Compared with previous screen": "yes" if previous is not None else "no"}
    if assessment.raises_n1:
        text = (
            f"{'; '.join(assessment.n1_reasons)} — raises red flag {concern(RedFlagItem.N1)}: urgent "
            "same-day specialist discussion"
        )
        return Finding(
            "n1_severe_deficit",
            "raises_N1",
            text,
            inputs,
            Evidence.PRODUCT,
            "NHS Lothian [S8]",
            FindingLevel.URGENT,
        )
    return Finding(
        "n1_severe_deficit",
        "no_N1",
        "No power of 3/5 or less and no worsening deficit",
        inputs,
        Evidence.PRODUCT,
        "NHS Lothian [S8]",
    )
