"""Findings for the neurological screen: deficit and root localisation, bilateral signs, N1."""

from __future__ import annotations

from clinic_app.domain._validation import join_words
from clinic_app.domain.exam import Side
from clinic_app.domain.exam_neuro import (
    MYOTOME,
    NeuroScreen,
    Reflex,
    Root,
    assess_neuro,
    localisation_text,
)
from clinic_app.domain.findings import Evidence, Finding, FindingLevel


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
    unrooted = [item.phrase for item in assessment.abnormalities if not item.roots]
    if unrooted:
        parts.append(f"{join_words(unrooted)}: not a nerve-root sign")
        notes.append(
            "Brisk reflexes or clonus suggest upper motor neuron involvement: consider T1 and medical review."
        )
    if assessment.bilateral:
        notes.append("Abnormal findings on both sides: ask the cauda equina questions CE1–CE6.")
    if assessment.raises_n1:
        notes.append(f"Raises red flag N1: {'; '.join(assessment.n1_reasons)}.")
    if assessment.deficit:
        verdict, level = (
            "deficit",
            FindingLevel.URGENT if assessment.raises_n1 else FindingLevel.WARNING,
        )
        text = "; ".join(parts)
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
    """Ask the cauda equina questions when abnormal neurological items are found on both sides."""
    assessment = assess_neuro(screen)
    inputs = {
        "Left abnormal items": str(sum(1 for a in assessment.abnormalities if a.side == Side.LEFT)),
        "Right abnormal items": str(sum(1 for a in assessment.abnormalities if a.side == Side.RIGHT)),
    }
    if assessment.bilateral:
        return Finding(
            "bilateral_signs",
            "ask_cauda_equina",
            "Abnormal neurological findings on both sides — ask the cauda equina questions CE1–CE6 now",
            inputs,
            Evidence.PRODUCT,
            "CES pathway [S8]",
            FindingLevel.URGENT,
        )
    return Finding(
        "bilateral_signs",
        "not_bilateral",
        "No bilateral neurological signs",
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
            f"{'; '.join(assessment.n1_reasons)} — raises red flag N1: urgent same-day specialist discussion"
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
