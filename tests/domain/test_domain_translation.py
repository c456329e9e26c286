"""Clinical sentences the domain builds go through the installed translator; English by default.

The domain has no Qt: it calls ``messages.core.translate(context, literal)`` and the GUI installs
``QCoreApplication.translate``. Here a fake translator stands in for a language, so each sentence
shows whether its words were handed over (and its numbers still filled in).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

import pytest

from clinic_app.domain.exam.record import BoneStressExam, BoneTest, ExamRecord
from clinic_app.domain.exam.rules import TestOutcome
from clinic_app.domain.intake.body_chart import BodyMark, PainLocation, SymptomType, body_chart_finding
from clinic_app.domain.intake.record import Factor
from clinic_app.domain.intake.rules import FACTOR_WORDS
from clinic_app.domain.measures.instrument_text import DEFAULT_TEXT, parse_text_pack
from clinic_app.domain.measures.scoring import ODI_SECTION_LABELS
from clinic_app.domain.measures.startback import STARTBACK_ITEM_LABELS
from clinic_app.domain.messages.core import install_translator, translate
from clinic_app.domain.rehab.contraindications import Suspicion, suspicions
from clinic_app.domain.rehab.exercises import Dose
from clinic_app.domain.safety.imaging import imaging_prompts
from clinic_app.domain.safety.red_flags import RED_FLAG_INFO, RedFlagItem, screen
from clinic_app.domain.safety.statement import FlagState, red_flag_statement

ALL_NO = {item: False for item in RedFlagItem}


def _marked(context: str, text: str) -> str:
    """A stand-in language: every word in brackets, placeholders kept."""
    return f"[{context}:{text}]"


@pytest.fixture
def marked() -> Iterator[list[tuple[str, str]]]:
    asked: list[tuple[str, str]] = []

    def fake(context: str, text: str) -> str:
        asked.append((context, text))
        return _marked(context, text)

    english = install_translator(fake)
    try:
        yield asked
    finally:
        install_translator(english)


def test_without_a_translator_the_domain_speaks_exact_english() -> None:
    assert translate("RedFlags", "No red flags") == "No red flags"
    statement = red_flag_statement(ALL_NO, date(2026, 11, 12))
    assert statement.text == "No red flags: all 18 items asked on 12 November 2026, none raised."
    assert Dose(2, 10, per_side=True, times_per_day=2, rep_unit="slides").describe() == (
        "2 sets of 10 slides, each side, twice a day, every day")
    assert Dose(1, None, hold_seconds=30, times_per_day=3, days_per_week=1).describe() == (
        "1 hold of 30 s, 3 times a day, 1 day a week")


def test_an_installed_translator_gets_the_red_flag_wording(marked: list[tuple[str, str]]) -> None:
    statement = red_flag_statement(ALL_NO, date(2026, 11, 12))
    assert statement.text == ("[RedFlags:No red flags: all 18 items asked"
                              "[RedFlags: on [Dates:12 [Dates:November] 2026]], none raised.]")
    flag = screen({RedFlagItem.CE2: True})[0]
    assert flag.description == "[RedFlags:New bladder problems: hard to start, reduced flow sensation, " \
                               "retention or incontinence]"
    assert flag.advice.startswith("[RedFlags:EMERGENCY: stop now.")
    assert RED_FLAG_INFO[RedFlagItem.V1].condition == "[RedFlags:Abdominal aortic aneurysm]"
    assert FlagState(RedFlagItem.V1, "urgent").referral == (
        "[RedFlags:[RedFlags:possible [RedFlags:Abdominal aortic aneurysm] (V1)]: "
        "[RedFlags:Age over 60, vascular disease, pulsatile abdominal mass, pain at rest]. "
        "Action requested: [RedFlags:same-day medical review (GP, emergency department or specialist)] "
        "[RedFlags:to exclude an abdominal aortic aneurysm]. "
        "[RedFlags:Exercise loading is paused until we know the outcome.]]")


def test_an_installed_translator_gets_findings_summaries_doses_and_labels(
        marked: list[tuple[str, str]]) -> None:
    prompt = imaging_prompts(screen=red_flag_statement(ALL_NO, None))[0]
    assert prompt.explanation.startswith("[ExamFindings:No routine imaging: no red flags (all 18 items")
    assert prompt.notes == ("[ExamFindings:A prompt for the clinician: the software never places orders.]",)
    chart = body_chart_finding([BodyMark(PainLocation.FOOT_L, SymptomType.SHARP, 5)], nprs_leg=6, nprs_back=4)
    assert chart.explanation == ("[IntakeSummary:Symptoms reach the foot]; "
                                 "[IntakeSummary:leg pain (6/10) is worse than back pain (4/10)].")
    dose = Dose(2, 10, per_side=True, times_per_day=2).describe()
    assert dose == ("[Exercises:[Exercises:[Exercises:2 sets of 10], each side], "
                    "[Exercises:[Exercises:twice a day], every day]]")
    assert DEFAULT_TEXT.odi_sections[0] == "[Measures:Pain intensity]"
    assert DEFAULT_TEXT.startback_item9_options[0] == "[Measures:Not at all]"


def test_a_licensed_text_pack_is_shown_as_loaded(marked: list[tuple[str, str]]) -> None:
    pack = parse_text_pack({
        "format": "stride-clinic-instrument-text/1", "licence": "licence 1",
        "odi": {"sections": [{"title": f"Section {i}", "options": [f"o{j}" for j in range(6)]}
                             for i in range(1, 11)]},
        "startback": {"items": [f"Item {i}" for i in range(1, 10)], "item9_options": list("ABCDE")}})
    assert pack.odi_sections[0] == "Section 1" and pack.startback_items[8] == "Item 9"
    assert pack.source == "text pack: licence 1"


def test_tables_marked_for_translators_keep_the_english_wording() -> None:
    assert {f: FACTOR_WORDS[f] for f in Factor} == {f: f.label for f in Factor}
    assert DEFAULT_TEXT.odi_sections == ODI_SECTION_LABELS
    assert DEFAULT_TEXT.startback_items == tuple(label.capitalize() for label in STARTBACK_ITEM_LABELS)


def _shout(context: str, text: str) -> str:
    """Another stand-in language: the words in capitals, placeholders kept."""
    del context
    return re.sub(r"(\{[^{}]*\})|([^{]+)", lambda m: m.group(1) or m.group(2).upper(), text)


def test_rules_do_not_read_their_own_words_back_in_another_language() -> None:
    # a painful stork test supports a pars stress injury whatever language the reasons are in
    stork = ExamRecord(bone_stress=BoneStressExam({BoneTest.STORK_LEFT: TestOutcome.POSITIVE}))
    english = install_translator(_shout)
    try:
        found = suspicions(stork, None, 30)
    finally:
        install_translator(english)
    assert found[Suspicion.PARS] == ("PAINFUL ONE-LEG HYPEREXTENSION (STORK), STANDING ON THE LEFT",)
    assert Suspicion.BONE_STRESS in found
