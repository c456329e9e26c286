"""Handouts through the service: rendered from the chart, kept byte for byte, refused when unready."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from clinic_app.demo.generator import generate_demo
from clinic_app.domain.errors import PermissionDenied, RecordLocked, ValidationError
from clinic_app.domain.exam.neuro_model import NeuroScreen, SideNeuro
from clinic_app.domain.exam.record import ExamRecord, SlrSide
from clinic_app.domain.exam.rules import SijTest, TestOutcome
from clinic_app.domain.measures.outcomes import NprsValues, VisitMeasures
from clinic_app.domain.patients import VisitKind
from clinic_app.domain.rehab.exercises import RehabPhase
from clinic_app.domain.safety.red_flags import RedFlagItem
from clinic_app.services.branding import DEFAULT_PRACTICE_NAME
from clinic_app.services.context import Actor
from clinic_app.services.handouts import HandoutKind, HandoutService
from clinic_app.services.patients import PatientQuery
from clinic_app.services.registry import Services
from tests.conftest import TODAY, make_draft


@dataclass(frozen=True)
class Chart:
    """A patient with an episode, three examined and measured visits and a plan."""

    patient_id: int
    episode_id: int
    visits: tuple[int, ...]
    name: str


def build_chart(services: Services, actor: Actor, patient_id: int, template: str = "SIJ pain",
                notes: str = "Keep the small of your back still.", run_confirmed: bool = True) -> Chart:
    """Add visits, exams, measures and a plan to ``patient_id``'s open episode; with
    ``run_confirmed`` the clinician has confirmed return to run, so the walk/run schedule prints."""
    details = services.patients.get(patient_id)
    episode = details.open_episode
    if episode is None:
        episode_id = services.care.open_episode(actor, patient_id, TODAY - timedelta(days=30), "LBP",
                                                TODAY).created_id or 0
        start = TODAY - timedelta(days=30)
    else:
        episode_id, start = episode.id, episode.start_date
    days = [max(start, TODAY - timedelta(days=d)) for d in (14, 7, 0)]
    visits = tuple(services.care.create_visit(
        actor, episode_id, datetime.combine(day, time(9 + i), tzinfo=UTC),
        VisitKind.FOLLOW_UP).created_id or 0 for i, day in enumerate(days))
    exams = (
        ExamRecord(slr_left=SlrSide(TestOutcome.POSITIVE, 45, True),
                   sij={SijTest.DISTRACTION: TestOutcome.POSITIVE,
                        SijTest.THIGH_THRUST: TestOutcome.POSITIVE,
                        SijTest.COMPRESSION: TestOutcome.POSITIVE,
                        SijTest.SACRAL_THRUST: TestOutcome.NEGATIVE},
                   neuro=NeuroScreen(left=SideNeuro.from_values(power={"L5": "4-"},
                                                                sensation={"L5": "reduced"}),
                                     right=SideNeuro.from_values(power={"L5": 5})),
                   palpation="Tender over the left PSIS <b>&</b>"),
        ExamRecord(slr_left=SlrSide(TestOutcome.POSITIVE, 60, True)),
        ExamRecord(slr_left=SlrSide(TestOutcome.NEGATIVE)),
    )
    pains = ((7, 5), (5, 3), (3, 1))
    odis = ((3, 3, 2, 2, 3, 2, 2, 2, 2, 2), (2, 2, 2, 1, 2, 1, 1, 1, 1, 1), (1, 1, 1, 0, 1, 0, 0, 1, 0, 0))
    for visit, exam, (back, leg), odi in zip(visits, exams, pains, odis, strict=True):
        services.exams.save(actor, visit, exam, set(), 0)
        services.measures.save(actor, visit, VisitMeasures(NprsValues(back_now=back, leg_now=leg), odi),
                               0, TODAY)
    plan = services.plans.from_template(template)
    items = list(plan.items)
    items[0] = type(items[0])(items[0].exercise_id, items[0].dose, notes)
    services.plans.save(actor, episode_id, plan.with_changes(items=tuple(items)),
                        services.plans.current(episode_id).revision)
    if run_confirmed:
        services.plans.confirm_return_to_run(actor, episode_id, "Walks 30 min without pain", TODAY)
    return Chart(patient_id, episode_id, visits, details.full_name)


@pytest.fixture
def demo(services: Services, clinician: Actor) -> list[int]:
    """Ten demo patients; their ids, those with an open episode and no loading lock first."""
    generate_demo(services.db, clinician, 10, today=TODAY, seed=7)
    ids = []
    for row in services.patients.search(PatientQuery(text="")).rows:
        details = services.patients.get(row.id)
        episode = details.open_episode
        ok = episode is not None and not services.red_flags.status(episode.id).loading_locked
        ids.append((not ok, row.id))
    return [pid for _, pid in sorted(ids)]


@pytest.fixture
def chart(services: Services, clinician: Actor, demo: list[int]) -> Chart:
    """A demo patient with a full chart."""
    return build_chart(services, clinician, demo[0])


def ready_to_print(services: Services, actor: Actor, episode_id: int, kind: HandoutKind) -> None:
    """The return-to-performance sheet prints only in phase 4: move the plan there (last kind)."""
    if kind is HandoutKind.RETURN_TO_PERFORMANCE:
        record = services.plans.current(episode_id)
        services.plans.save(actor, episode_id, record.plan.with_changes(
            phase=RehabPhase.RETURN_TO_PERFORMANCE), record.revision)


def text_of(pdf: bytes) -> str:
    """The PDF's extracted text."""
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.mark.parametrize("kind", list(HandoutKind))
def test_every_kind_renders_records_and_reprints_exactly(services: Services, clinician: Actor,
                                                         chart: Chart, kind: HandoutKind) -> None:
    ready_to_print(services, clinician, chart.episode_id, kind)
    result = services.handouts.render(clinician, chart.patient_id, kind, today=TODAY)
    assert result.pdf.startswith(b"%PDF") and result.pages >= 1 and result.record_id is not None
    assert chart.name in text_of(result.pdf)
    history = services.handouts.history(chart.patient_id)
    assert [(h.id, h.kind, h.pages) for h in history] == [(result.record_id, kind, result.pages)]
    assert history[0].size_bytes == len(result.pdf) and history[0].created_by == "Dr Amira Ahmed"
    assert services.handouts.reprint(result.record_id) == result.pdf
    trail = services.users.audit_trail("handout", result.record_id)
    assert [a.action for a in trail] == ["print"]


def test_render_without_record_keeps_nothing(services: Services, clinician: Actor, chart: Chart) -> None:
    result = services.handouts.render(clinician, chart.patient_id, "education-sij", record=False, today=TODAY)
    assert result.record_id is None and result.title == "Pain from the sacroiliac (SI) joint"
    assert services.handouts.history(chart.patient_id) == []


def test_no_plan_no_exam_are_clear_errors_and_nothing_is_kept(services: Services, clinician: Actor) -> None:
    pid = services.patients.create(clinician, make_draft(), TODAY).created_id or 0
    services.care.open_episode(clinician, pid, date(2026, 11, 1), "LBP", TODAY)
    with pytest.raises(ValidationError) as info:
        services.handouts.render(clinician, pid, HandoutKind.EXERCISES, today=TODAY)
    assert info.value.errors["plan"] == "Zoë O'Brien has no exercise plan yet: build one on the Plan tab."
    with pytest.raises(ValidationError) as info:
        services.handouts.render(clinician, pid, HandoutKind.EXAM, today=TODAY)
    assert "has no recorded exam yet" in info.value.errors["exam"]
    with pytest.raises(ValidationError, match="Unknown document"):
        services.handouts.render(clinician, pid, "brochure", today=TODAY)
    assert services.handouts.history(pid) == []


def test_open_emergency_flag_blocks_exercise_and_run_handouts(services: Services, clinician: Actor,
                                                              chart: Chart) -> None:
    services.red_flags.record_screen(clinician, chart.episode_id, {RedFlagItem.CE1: True})
    for kind in (HandoutKind.EXERCISES, HandoutKind.RETURN_TO_RUN):
        with pytest.raises(RecordLocked, match="Loading is locked"):
            services.handouts.render(clinician, chart.patient_id, kind, today=TODAY)
    assert services.handouts.render(clinician, chart.patient_id, "education-disc", today=TODAY).pages >= 1


def test_front_desk_prints_handouts_but_not_clinical_documents(services: Services, chart: Chart,
                                                               front_desk: Actor) -> None:
    desk = front_desk
    assert services.handouts.render(desk, chart.patient_id, "exercises", today=TODAY).pages >= 1
    with pytest.raises(PermissionDenied):
        services.handouts.render(desk, chart.patient_id, "progress-letter", today=TODAY)


def test_branding_defaults_save_validation_and_audit(services: Services, clinician: Actor,
                                                     tmp_path: Path, chart: Chart) -> None:
    assert services.branding.get().clinic_name == DEFAULT_PRACTICE_NAME
    not_image = tmp_path / "logo.png"
    not_image.write_text("hello")
    with pytest.raises(ValidationError) as info:
        services.branding.save(clinician, {"clinic_name": " ", "logo_path": str(not_image),
                                           "accent_colour": "teal", "paper_size": "A3"}, 0)
    assert set(info.value.errors) == {"clinic_name", "logo_path", "accent_colour", "paper_size"}
    assert "not a PNG or JPEG" in info.value.errors["logo_path"]
    logo = tmp_path / "real.png"
    Image.new("RGB", (40, 20), (31, 111, 139)).save(logo)
    services.branding.save(clinician, {"clinic_name": "Harbour Physio", "logo_path": str(logo),
                                       "address_lines": ["1 Quay St", "Bristol"], "paper_size": "Letter",
                                       "emergency_number": "999"}, 0)
    branding = services.branding.get()
    assert (branding.clinic_name, branding.paper_size, branding.address_lines) == (
        "Harbour Physio", "Letter", ("1 Quay St", "Bristol"))
    assert [a.action for a in services.users.audit_trail("practice_setting", 0)] == ["create"]
    text = text_of(services.handouts.render(clinician, chart.patient_id, "exercises", today=TODAY).pdf)
    assert "Harbour Physio" in text and "or call 999." in text
    logo.unlink()  # the logo vanished after it was saved: printing says so, nothing is kept
    with pytest.raises(ValidationError) as info:
        services.handouts.render(clinician, chart.patient_id, "education-sij", today=TODAY)
    assert "Logo file not found" in info.value.errors["logo_path"]
    assert len(services.handouts.history(chart.patient_id)) == 1


def test_save_copy_is_atomic_and_refuses_a_missing_folder(services: Services, clinician: Actor,
                                                          chart: Chart, tmp_path: Path) -> None:
    result = services.handouts.render(clinician, chart.patient_id, "education-running", today=TODAY)
    target = HandoutService.save_copy(result, tmp_path / "out.pdf")
    assert target.read_bytes() == result.pdf and list(tmp_path.glob(".*.part")) == []
    with pytest.raises(ValidationError, match="does not exist"):
        HandoutService.save_copy(result.pdf, tmp_path / "missing" / "out.pdf")
