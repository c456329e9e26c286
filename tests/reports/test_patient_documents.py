"""Issue 19 (C6, C8, items 10 and 12): every document kind printed from demo charts and read back.

Patients get one pain rule, the full cauda equina safety net saying "now", and plain words; the
progress letter is addressed sensibly and reads as sentences.
"""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from pypdf import PdfReader

from clinic_app.domain.rehab.exercises import RehabPhase
from clinic_app.domain.rehab.pain_rule import pain_limits_in, patient_pain_rule
from clinic_app.domain.rehab.plans import DEFAULT_EXIT, DEFAULT_GOALS
from clinic_app.reports.documents.common import EMERGENCY_SIGNS, SAME_DAY_SIGNS
from clinic_app.services.context import Actor
from clinic_app.services.handouts import HandoutKind
from clinic_app.services.registry import Services
from tests.conftest import TODAY, make_draft
from tests.services.test_handouts import Chart, build_chart, demo  # noqa: F401 - fixture

PATIENT_KINDS = [kind for kind in HandoutKind if not kind.clinical]
JARGON = ("Big 3", "low dose", "directional-preference", "directional preference", "centralis",
          "Protect / settle", "plyometric", "if symptoms centralised")
UNSOURCED = (re.compile(r"\b\d+ (?:out of|in) \d+ (?:people|patients)\b"), re.compile(r"\b6 to 12 weeks\b"))


def pages_of(pdf: bytes) -> list[str]:
    """Each page's text with line breaks folded to spaces."""
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def plain(markup: str) -> str:
    """A wording constant without its markup, as it reads on paper."""
    return re.sub(r"<[^>]+>", "", markup)


@pytest.fixture
def charts(services: Services, clinician: Actor, demo: list[int]) -> list[Chart]:  # noqa: F811
    """Two demo patients (SIJ and disc templates) whose plans have reached return to performance,
    so that every patient document prints."""
    built = [build_chart(services, clinician, demo[0], "SIJ pain"),
             build_chart(services, clinician, demo[1], "Disc with radiculopathy")]
    for chart in built:
        record = services.plans.current(chart.episode_id)
        phase = RehabPhase.RETURN_TO_PERFORMANCE
        services.plans.save(clinician, chart.episode_id, record.plan.with_changes(
            phase=phase, goals=DEFAULT_GOALS[phase], exit_criteria=DEFAULT_EXIT[phase]), record.revision)
    return built


@pytest.fixture
def documents(services: Services, clinician: Actor,
              charts: list[Chart]) -> dict[tuple[int, HandoutKind], str]:
    """Every patient document of both charts, as flat text."""
    return {(n, kind): " ".join(pages_of(services.handouts.render(
        clinician, chart.patient_id, kind, record=False, today=TODAY).pdf))
        for n, chart in enumerate(charts) for kind in PATIENT_KINDS}


def test_every_patient_document_prints_the_one_pain_rule_and_no_other_limit(
        services: Services, charts: list[Chart], documents: dict[tuple[int, HandoutKind], str]) -> None:
    rule = patient_pain_rule()
    library = services.exercises.by_id()
    for (n, kind), text in documents.items():
        for line in rule.lines:
            assert line.sentence() in text, (kind, line.sentence())
        rest = text
        for line in rule.lines:
            rest = rest.replace(line.sentence(), "")
        if kind is HandoutKind.EXERCISES:
            # An exercise's own "Take care" line may repeat the stop limit, never another one.
            for item in services.plans.current(charts[n].episode_id).plan.items:
                safety = library[item.exercise_id].safety
                assert set(pain_limits_in(safety)) <= set(pain_limits_in(rule.stop.limit)), safety
                rest = rest.replace(safety, "")
        assert pain_limits_in(rest) == [], (kind, re.findall(r".{80}\d/10.{40}", rest))
        assert "mild" not in rest.casefold(), kind


def test_every_patient_document_carries_the_full_safety_net_saying_now(
        services: Services, clinician: Actor, charts: list[Chart]) -> None:
    for chart in charts:
        for kind in PATIENT_KINDS:
            pages = pages_of(services.handouts.render(clinician, chart.patient_id, kind, record=False,
                                                      today=TODAY).pdf)
            box = [page for page in pages if "Warning signs: get help now" in page]
            assert len(box) == 1, kind
            for wording in ("go to the emergency department now", "saddle area", "bladder", "bowel",
                            "sexual function", "both legs", *map(plain, EMERGENCY_SIGNS),
                            *map(plain, SAME_DAY_SIGNS)):
                assert wording in box[0], (kind, wording)  # the whole box on one page
            text = " ".join(pages)
            assert "help today" not in text and "department today" not in text, kind


def test_patient_sheets_use_plain_words_and_no_unsourced_figures(
        documents: dict[tuple[int, HandoutKind], str]) -> None:
    for (_, kind), text in documents.items():
        for phrase in JARGON:
            assert phrase.casefold() not in text.casefold(), (kind, phrase)
        for pattern in UNSOURCED:
            assert pattern.search(text) is None, (kind, pattern.pattern)
    disc = documents[(1, HandoutKind.EDUCATION_DISC)]
    assert "Most disc bulges shrink" not in disc and "herniated disc" in disc
    exercises = documents[(0, HandoutKind.EXERCISES)]
    assert "Stage of your rehab: 4 of 4 — back to full training and racing" in exercises
    assert "What we are working on: Build your running back up: first how far" in exercises


def test_the_walk_run_schedule_states_the_rule_it_is_judged_by(
        documents: dict[tuple[int, HandoutKind], str]) -> None:
    schedule = documents[(0, HandoutKind.RETURN_TO_RUN)]
    run = patient_pain_rule().walk_run.sentence()
    assert schedule.count(run) == 2  # in the 24-hour rule and in the pain rule box
    assert "2 good sessions in a row" in schedule and "go back one stage and tell us" in schedule


def _letter(services: Services, clinician: Actor, referrer: str, complaint: str) -> str:
    pid = services.patients.create(clinician, make_draft(referrer=referrer), TODAY).created_id or 0
    services.care.open_episode(clinician, pid, TODAY - timedelta(days=30), complaint, TODAY)
    build_chart(services, clinician, pid)
    return " ".join(pages_of(services.handouts.render(clinician, pid, HandoutKind.PROGRESS_LETTER,
                                                      record=False, today=TODAY).pdf))


def test_a_self_referral_letter_is_the_patients_copy(services: Services, clinician: Actor) -> None:
    text = _letter(services, clinician, "Self-referral", "Low back pain after the Bristol 10K")
    assert "To whom it may concern," in text and "Yours faithfully," in text
    assert "Dear colleague" not in text and "Self-referral" not in text
    assert "Thank you for referring" not in text
    assert "Zoë O'Brien self-referred to our practice and has attended 3 visits" in text
    assert "with low back pain after the Bristol 10K." in text
    assert "to share with their GP" in text


def test_a_referred_patients_letter_answers_the_referrer(services: Services, clinician: Actor) -> None:
    text = _letter(services, clinician, "Dr Bilal Aziz, Canal Street Health Centre", "SIJ pain (Left)")
    assert "Dr Bilal Aziz, Canal Street Health Centre Dear colleague," in text
    assert "Thank you for referring Zoë O'Brien" in text and "with SIJ pain (Left)." in text
    assert "Yours sincerely," in text and "Yours faithfully" not in text


def test_no_capital_runs_mid_sentence_in_the_letter_opening(services: Services, clinician: Actor) -> None:
    text = _letter(services, clinician, "Dr A Patel", "Right sciatica")
    assert "with right sciatica." in text and "with Right" not in text
