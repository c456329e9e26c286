"""Demo data: plausible runners written in one transaction, usable through the normal services."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from clinic_app.demo import generator as demo
from clinic_app.demo.fit import phrase_text
from clinic_app.demo.generator import generate_demo
from clinic_app.domain.errors import PermissionDenied
from clinic_app.domain.exam.neuro import Root, assess_neuro
from clinic_app.domain.exam.record import (
    ExamRecord,
    Movement,
    MovementPain,
    exam_from_data,
    exam_to_data,
    validate_exam,
)
from clinic_app.domain.exam.rules import (
    RepeatedResponse,
    Side,
    TestOutcome,
    laslett_cluster,
    modified_schober,
)
from clinic_app.domain.intake.body_chart import PainLocation, leg_pain_bilateral, marks_from_data
from clinic_app.domain.intake.record import Factor, intake_from_data, intake_to_data
from clinic_app.domain.intake.rules import load_picture, validate_intake
from clinic_app.domain.measures.outcomes import (
    measures_from_data,
    measures_to_data,
    validate_measures,
    validate_psfs_activities,
)
from clinic_app.domain.measures.startback import score_startback
from clinic_app.domain.patients import (
    DischargeReason,
    NoteStatus,
    VisitKind,
    age_on,
    name_terms,
)
from clinic_app.domain.rehab.exercises import RehabPhase
from clinic_app.domain.rehab.plans import validate_plan
from clinic_app.domain.rehab.return_to_run import SessionReport, next_stage
from clinic_app.domain.safety.red_flags import RedFlagItem, RedFlagTier, screen
from clinic_app.paths import resource
from clinic_app.persistence.db import Database
from clinic_app.persistence.models import (
    AdherenceWeekRecord,
    Amendment,
    AuditEntry,
    ChartCounter,
    Episode,
    Exam,
    IntakeRevision,
    Patient,
    PatientSearchTerm,
    PlanRevision,
    PsfsSeries,
    RedFlagEvent,
    RedFlagScreen,
    RunSession,
    Visit,
    VisitMeasuresRecord,
)
from clinic_app.services.context import Actor
from clinic_app.services.patients import PatientQuery
from clinic_app.services.registry import Services
from tests.conftest import TODAY, make_draft

MIDNIGHT = datetime.combine(TODAY, time(0), UTC)
_TABLES = (Patient, PatientSearchTerm, Episode, Visit, Amendment, AuditEntry, IntakeRevision,
           RedFlagScreen, RedFlagEvent, Exam, VisitMeasuresRecord, PsfsSeries, PlanRevision, RunSession,
           AdherenceWeekRecord)


def _counts(db: Database) -> dict[str, int]:
    with db.reading() as s:
        counts = {m.__tablename__: int(s.scalar(select(func.count()).select_from(m)) or 0)
                  for m in _TABLES}
        counts["chart_counter"] = int(s.scalar(select(ChartCounter.last_number)) or 0)
        return counts


def _people(db: Database) -> list[tuple[str, str]]:
    with db.reading() as s:
        return [(g, f) for g, f in s.execute(select(Patient.given_name, Patient.family_name)
                                             .order_by(Patient.chart_number))]


def test_generated_patients_are_searchable_and_chart_numbers_continue(
        services: Services, clinician: Actor, db: Database) -> None:
    summary = generate_demo(db, clinician, 50, today=TODAY)
    assert summary.patients == 50 and summary.episodes >= 50
    assert summary.visits >= summary.episodes and summary.seconds > 0
    assert services.patients.count() == 50
    with db.reading() as s:
        rows = s.execute(select(Patient.id, Patient.chart_number, Patient.given_name,
                                Patient.family_name, Patient.preferred_name)).all()
        terms: dict[int, set[str]] = defaultdict(set)
        for term, pid in s.execute(select(PatientSearchTerm.term, PatientSearchTerm.patient_id)):
            terms[pid].add(term)
    assert sorted(r.chart_number for r in rows) == list(range(1, 51))
    for pid, _, given, family, preferred in rows:
        assert terms[pid] == name_terms(given, family, preferred)
        found = services.patients.search(PatientQuery(text=f"{given} {family}")).rows
        assert pid in {r.id for r in found}, (given, family)
    created = services.patients.create(clinician, make_draft(), TODAY).created_id
    assert services.patients.get(created or 0).chart_label == "SC-000051"


def test_audit_rows_match_a_normal_create(services: Services, clinician: Actor,
                                          db: Database) -> None:
    generate_demo(db, clinician, 5, today=TODAY)
    normal = services.patients.create(clinician, make_draft(), TODAY).created_id or 0
    with db.reading() as s:
        first = int(s.scalar(select(func.min(Patient.id))) or 0)
    (generated,) = services.users.audit_trail("patient", first)
    (expected,) = services.users.audit_trail("patient", normal)
    assert (generated.action, generated.user, generated.workstation) == (
        "create", "Dr Amira Ahmed", "ws-test")
    assert generated.changed_fields == expected.changed_fields
    assert generated.at < MIDNIGHT


def test_ages_dates_kinds_and_signatures_are_plausible(clinician: Actor, db: Database) -> None:
    generate_demo(db, clinician, 200, today=TODAY, seed=7)
    with db.reading() as s:
        patients = {p.id: p for p in s.scalars(select(Patient))}
        episodes = list(s.scalars(select(Episode).order_by(Episode.patient_id,
                                                           Episode.start_date)))
        visits: dict[int, list[Visit]] = defaultdict(list)
        for v in s.scalars(select(Visit).order_by(Visit.starts_at)):
            visits[v.episode_id].append(v)
        signed = {v.id: v.signed_at for v in s.scalars(select(Visit)) if v.signed_at}
        amendments = list(s.scalars(select(Amendment)))
    assert all(16 <= age_on(p.birth_date, TODAY) <= 75 for p in patients.values())
    assert any(not (p.given_name + p.family_name).isascii() for p in patients.values())
    assert {p.sex for p in patients.values()} >= {"female", "male"}
    per_patient: dict[int, list[Episode]] = defaultdict(list)
    for e in episodes:
        per_patient[e.patient_id].append(e)
        vs = visits[e.id]
        assert len(vs) in range(1, 9)
        assert age_on(patients[e.patient_id].birth_date, e.start_date) >= 16
        assert vs[0].starts_at.date() == e.start_date
        days = [v.starts_at.date() for v in vs]
        assert days == sorted(set(days))
        for v in vs:
            assert v.starts_at.tzinfo is not None and v.starts_at < MIDNIGHT
            assert 8 <= v.starts_at.hour < 18 and v.starts_at.weekday() < 5
            if v.status == NoteStatus.SIGNED:
                assert v.signed_by_id == clinician.user_id and v.signed_at is not None
                assert v.starts_at < v.signed_at < MIDNIGHT
            else:
                assert v.signed_at is None and v.signed_by_id is None
        kinds = [v.kind for v in vs]
        assert kinds[0] == VisitKind.INITIAL
        if e.status == "discharged":
            assert len(vs) >= 2 and kinds[-1] == VisitKind.DISCHARGE
            assert set(kinds[1:-1]) <= {VisitKind.FOLLOW_UP}
            assert e.discharge_date == days[-1] and DischargeReason(e.discharge_reason)
            assert all(v.status == NoteStatus.SIGNED for v in vs)
        else:
            assert set(kinds[1:]) <= {VisitKind.FOLLOW_UP} and e.discharge_date is None
            assert all(v.status == NoteStatus.SIGNED for v in vs[:-1])
    for eps in per_patient.values():
        assert len(eps) in range(1, 4)
        assert all(e.status == "discharged" for e in eps[:-1])
        for older, newer in zip(eps, eps[1:], strict=False):
            assert visits[older.id][-1].starts_at.date() < newer.start_date
    assert {e.status for e in episodes} == {"open", "discharged"}
    assert any(v.status == NoteStatus.DRAFT for vs in visits.values() for v in vs)
    assert amendments and all(signed[a.visit_id] < a.created_at < MIDNIGHT for a in amendments)


def test_same_seed_gives_same_people_and_notes(clinician: Actor, db: Database) -> None:
    for seed in (11, 11, 12):
        generate_demo(db, clinician, 30, today=TODAY, seed=seed)
    people = _people(db)
    assert people[:30] == people[30:60]
    assert people[:30] != people[60:]
    with db.reading() as s:
        def notes(low: int, high: int) -> list[str]:
            return list(s.scalars(select(Visit.subjective).join(Patient)
                                  .where(Patient.chart_number.between(low, high))
                                  .order_by(Visit.id)))
        assert notes(1, 30) == notes(31, 60) != notes(61, 90)

        def intakes(low: int, high: int) -> list[str]:
            return list(s.scalars(select(IntakeRevision.data).join(Episode).join(Patient)
                                  .where(Patient.chart_number.between(low, high))
                                  .order_by(IntakeRevision.id)))
        assert intakes(1, 30) == intakes(31, 60) != intakes(61, 90)

        def care(low: int, high: int) -> list[object]:
            charts = Patient.chart_number.between(low, high)
            exams = s.scalars(select(Exam.data).join(Visit).join(Patient).where(charts).order_by(Exam.id))
            plans = s.scalars(select(PlanRevision.data).join(Episode).join(Patient).where(charts)
                              .order_by(PlanRevision.id))
            runs = s.execute(select(RunSession.session_date, RunSession.report, RunSession.reason)
                             .join(Episode).join(Patient).where(charts).order_by(RunSession.id))
            weeks = s.execute(select(AdherenceWeekRecord.week_start, AdherenceWeekRecord.done).join(Episode)
                              .join(Patient).where(charts).order_by(AdherenceWeekRecord.id))
            return [*exams, *plans, *runs, *weeks]
        assert care(1, 30) == care(31, 60) != care(61, 90)


@pytest.mark.parametrize("count", [0, -1, 200_001, True, 2.5])
def test_invalid_patient_count_is_refused(clinician: Actor, db: Database, count: object) -> None:
    with pytest.raises(ValueError, match="from 1 to 200,000"):
        generate_demo(db, clinician, count, today=TODAY)  # type: ignore[arg-type]
    assert _counts(db)["patient"] == 0


def test_front_desk_may_not_generate_signed_notes(clinician: Actor, front_desk: Actor,
                                                  db: Database) -> None:
    with pytest.raises(PermissionDenied):
        generate_demo(db, front_desk, 3, today=TODAY)


def test_progress_is_reported_per_chunk(monkeypatch: pytest.MonkeyPatch, clinician: Actor,
                                        db: Database) -> None:
    monkeypatch.setattr(demo, "CHUNK_SIZE", 10)
    calls: list[tuple[int, int]] = []
    generate_demo(db, clinician, 25, today=TODAY, progress=lambda d, t: calls.append((d, t)))
    assert calls == [(10, 25), (20, 25), (25, 25)]


def test_failure_midway_leaves_no_rows(monkeypatch: pytest.MonkeyPatch, services: Services,
                                       clinician: Actor, db: Database) -> None:
    monkeypatch.setattr(demo, "CHUNK_SIZE", 10)
    before = _counts(db)

    def fail_on_second_chunk(done: int, total: int) -> None:
        if done == 20:
            raise RuntimeError("disk full")

    with pytest.raises(RuntimeError, match="disk full"):
        generate_demo(db, clinician, 35, today=TODAY, progress=fail_on_second_chunk)
    assert _counts(db) == before
    created = services.patients.create(clinician, make_draft(), TODAY).created_id
    assert services.patients.get(created or 0).chart_label == "SC-000001"


def test_care_service_reads_generated_visits(services: Services, clinician: Actor,
                                             db: Database) -> None:
    generate_demo(db, clinician, 60, today=TODAY)
    with db.reading() as s:
        ids = list(s.scalars(select(Patient.id)))
    amended = 0
    for pid in ids:
        rows = services.care.list_visits(pid)
        details = services.patients.get(pid)
        assert len(rows) == sum(e.visit_count for e in details.episodes) > 0
        assert [r.starts_at for r in rows] == sorted((r.starts_at for r in rows), reverse=True)
        for row in rows:
            note = services.care.get_note(row.id)
            assert note.subjective and note.objective and note.clinician == "Dr Amira Ahmed"
            if note.status is NoteStatus.SIGNED:
                assert note.signed_by == "Dr Amira Ahmed" and note.assessment and note.plan
            amended += len(note.amendments)
            assert all(a.author == "Dr Amira Ahmed" and a.text for a in note.amendments)
    assert amended > 0


def _episodes(db: Database) -> list[tuple[int, str, str, date]]:
    with db.reading() as s:
        return [(r.id, r.status, r.complaint, r.birth_date) for r in s.execute(
            select(Episode.id, Episode.status, Episode.complaint, Patient.birth_date)
            .join(Patient, Patient.id == Episode.patient_id).order_by(Episode.id))]


def test_every_episode_has_a_valid_intake_with_history(services: Services, clinician: Actor,
                                                       db: Database) -> None:
    summary = generate_demo(db, clinician, 60, today=TODAY)
    episodes = _episodes(db)
    assert summary.intakes > summary.episodes == len(episodes)
    revisions: Counter[int] = Counter()
    for n, (eid, _, _, birth) in enumerate(episodes):
        record = services.intake.current(eid)
        assert record.revision >= 1 and record.saved_by == "Dr Amira Ahmed"
        history = services.intake.history(eid)
        revisions[len(history)] += 1
        first = services.intake.revision(eid, 1)
        with db.reading() as s:
            initial = s.scalars(select(Visit.starts_at).where(Visit.episode_id == eid)
                                .order_by(Visit.starts_at)).first()
        assert first.saved_at is not None and first.saved_at == initial
        if len(history) == 2:
            assert record.saved_at is not None and first.saved_at is not None
            assert 7 <= (record.saved_at.date() - first.saved_at.date()).days <= 21
            assert "weekly_history" in history[0].changed
        if n % 3:
            continue
        for rec in (first, record):
            assert rec.saved_at is not None
            assert validate_intake(rec.intake, rec.saved_at.date()) == {}, (eid, rec.revision)
            intake, day = rec.intake, rec.saved_at.date()
            marks = marks_from_data(intake.body_marks)
            assert marks and 1 <= len(intake.footwear) <= 2
            assert intake.onset_date is not None
            assert timedelta(weeks=1) <= first.saved_at.date() - intake.onset_date <= timedelta(weeks=20)
            assert 160 <= (intake.cadence_spm or 0) <= 185 and intake.cadence_source is not None
            assert len(intake.weekly_history) >= 6 and intake.weekly_history[-1].week_start <= day
            assert all(g.race_date >= intake.onset_date for g in intake.race_goals)
            for side in ("back", "leg"):
                best, now, worst = (getattr(intake, f"nprs_{side}_{k}")
                                    for k in ("best24h", "now", "worst24h"))
                assert best <= now <= worst
            load_picture(intake)  # the Overview's metrics work on it
        summary_text = services.summaries.episode_summary(eid, birth, TODAY).summary
        assert "runner" in summary_text and "km/week" in summary_text, summary_text
    assert revisions[1] and revisions[2] and set(revisions) == {1, 2}
    with db.reading() as s:
        for raw in s.scalars(select(IntakeRevision.data)):  # the form the intake service saves
            assert intake_to_data(intake_from_data(json.loads(raw))) == json.loads(raw)


def test_intakes_fit_the_presentation(services: Services, clinician: Actor, db: Database) -> None:
    generate_demo(db, clinician, 200, today=TODAY, seed=7)
    radicular = stenosis = logs = worn = 0
    for eid, _, complaint, _ in _episodes(db):
        intake = services.intake.revision(eid, 1).intake
        marks = marks_from_data(intake.body_marks)
        worse = {f.value for f, e in intake.factors.items() if e == "worse"}
        logs += bool(intake.session_log)
        worn += any(s.distance_on_shoe_km > 600 for s in intake.footwear)
        assert sum(s.share_of_running_pct for s in intake.footwear) <= 100
        if "sciatica" in complaint or "leg pain below the knee" in complaint:
            radicular += 1
            assert (intake.nprs_leg_now or 0) > (intake.nprs_back_now or 0)
            legs = {m.location.side for m in marks if m.location.is_leg}
            assert len(legs) == 1 and any(m.location.area == "below_knee" for m in marks)
            assert worse >= {"bending_forward", "prolonged_sitting"}
            assert {"pins_needles", "shooting"} & set(intake.symptom_quality)
        elif complaint.startswith(("Bilateral buttock and calf", "Heavy legs")):
            stenosis += 1
            assert leg_pain_bilateral(marks) or {PainLocation.BUTTOCK_L, PainLocation.BUTTOCK_R} <= {
                m.location for m in marks}
            assert worse >= {"walking_downhill", "prolonged_standing"}
            assert intake.factors[Factor.PROLONGED_SITTING] == "better"
        elif "SIJ" in complaint:
            assert any(m.location.area == "SIJ_PSIS" for m in marks)
            assert worse >= {"single_leg_stance_stairs", "rolling_in_bed"}
    assert radicular and stenosis
    assert 0.3 < logs / len(_episodes(db)) < 0.7 and worn


def test_screens_per_visit_and_red_flag_cases(services: Services, clinician: Actor,
                                              db: Database) -> None:
    generate_demo(db, clinician, 60, today=TODAY)
    with db.reading() as s:
        visits = {v.id: v for v in s.scalars(select(Visit))}
        screens = list(s.scalars(select(RedFlagScreen)))
        events = list(s.scalars(select(RedFlagEvent)))
        status = {e.id: e.status for e in s.scalars(select(Episode))}
    assert sorted(sc.visit_id or 0 for sc in screens) == sorted(visits)
    by_screen = {sc.id: sc for sc in screens}
    for sc in screens:
        visit = visits[sc.visit_id or 0]
        assert sc.episode_id == visit.episode_id and sc.screened_at == visit.starts_at
        assert sc.screened_by_id == clinician.user_id
        answers = json.loads(sc.answers)
        assert set(answers) == {i.value for i in RedFlagItem}
        if visit.kind == VisitKind.INITIAL:
            assert None not in answers.values()
    assert any(None in json.loads(sc.answers).values() for sc in screens)  # some follow-ups are short
    assert len({e.episode_id for e in events}) in range(1, 7)
    raised = [sc for sc in screens if True in json.loads(sc.answers).values()]
    assert {sc.id for sc in raised} == {e.screen_id for e in events}
    for e in events:
        answers = json.loads(by_screen[e.screen_id].answers)
        tiers = {f.item.value: f.tier.value for f in screen(answers)}
        assert answers[e.item] is True and e.tier == tiers[e.item] and e.raised_at == (
            by_screen[e.screen_id].screened_at)
        assert e.version == 1 and e.updated_by_id == clinician.user_id
        assert e.acknowledged_at is not None and e.action_taken
        assert e.raised_at < e.acknowledged_at < MIDNIGHT
        if e.resolved_at is not None:
            assert e.acknowledged_at < e.resolved_at < MIDNIGHT and e.outcome
    emergencies = [e for e in events if e.tier == RedFlagTier.EMERGENCY and e.resolved_at is None]
    assert emergencies
    for e in emergencies:
        assert status[e.episode_id] == "open"
        state = services.red_flags.status(e.episode_id)
        assert state.loading_locked and "emergency" in state.lock_reason
        row = next(r for r in state.open_events if r.id == e.id)
        assert row.action_taken and not row.outcome and not row.needs_acknowledgement
    urgent = [e for e in events if e.tier == RedFlagTier.URGENT and e.item == "I1"]
    assert urgent and all(e.resolved_at is not None for e in urgent)
    assert all(timedelta(0) < (e.resolved_at or e.raised_at) - e.raised_at <= timedelta(days=5)
               for e in urgent)
    assert any(e.tier == RedFlagTier.PROMPT for e in events)
    for eid in {e.episode_id for e in events}:
        open_items = [r.item for r in services.red_flags.status(eid).open_events]
        assert len(open_items) == len(set(open_items))
    emergency = emergencies[0]  # the normal services carry on from the generated rows
    for e in emergencies:
        if e.episode_id == emergency.episode_id:
            services.red_flags.resolve(clinician, e.id, "MRI: no cauda equina compression.", 1)
    assert not services.red_flags.status(emergency.episode_id).loading_locked
    result = services.red_flags.record_screen(clinician, emergency.episode_id,
                                              dict.fromkeys(RedFlagItem, False))
    assert result.screen_id > max(by_screen) and not result.new_events
    record = services.intake.current(emergency.episode_id)
    _, revision = services.intake.save(clinician, emergency.episode_id,
                                       record.intake.with_changes(cadence_spm=171),
                                       record.revision, TODAY)
    assert revision == record.revision + 1


def test_every_note_presentation_has_intake_tables() -> None:
    notes = json.loads(resource("demo", "notes.json").read_text(encoding="utf-8"))
    intake = json.loads(resource("demo", "intake.json").read_text(encoding="utf-8"))
    assert {p["key"] for p in notes["presentations"]} <= set(intake["presentations"])
    assert set(notes["races"]) <= set(intake["races"])


# -- exams, outcome measures, plans, walk/run sessions and adherence ----------------------------

def _presentations() -> dict[str, str]:
    """Complaint text → the notes' presentation key."""
    notes = json.loads(resource("demo", "notes.json").read_text(encoding="utf-8"))
    return {phrase_text(c).format(side=side, Side=side.capitalize()): p["key"]
            for p in notes["presentations"] for c in p["complaints"] for side in ("left", "right")}


def _care(db: Database) -> tuple[dict[int, list[Visit]], dict[int, str], dict[int, ExamRecord],
                                 dict[int, Any]]:
    """Visits per episode, presentation per episode, exam and measures per visit."""
    keys = _presentations()
    with db.reading() as s:
        visits: dict[int, list[Visit]] = defaultdict(list)
        for v in s.scalars(select(Visit).order_by(Visit.starts_at)):
            visits[v.episode_id].append(v)
        kinds = {e.id: keys[e.complaint] for e in s.scalars(select(Episode))}
        exams = {e.visit_id: exam_from_data(json.loads(e.data)) for e in s.scalars(select(Exam))}
        raw = {m.visit_id: json.loads(m.data) for m in s.scalars(select(VisitMeasuresRecord))}
    return visits, kinds, exams, raw


def test_exams_are_valid_and_fit_the_presentation(services: Services, clinician: Actor,
                                                  db: Database) -> None:
    summary = generate_demo(db, clinician, 60, today=TODAY)
    visits, kinds, exams, _ = _care(db)
    assert summary.exams == len(exams) and len(exams) < sum(map(len, visits.values()))
    with db.reading() as s:
        for row in s.scalars(select(Exam)):  # the form the exam service saves, and nothing copied
            assert exam_to_data(exam_from_data(json.loads(row.data))) == json.loads(row.data)
            assert row.copied == "[]" and row.version == 1 and row.updated_by_id == clinician.user_id
            assert services.exams.get(row.visit_id).exists
    seen: Counter[str] = Counter()
    for eid, vs in visits.items():
        key, series = kinds[eid], [(v, exams[v.id]) for v in vs if v.id in exams]
        assert vs[0].id in exams  # the initial visit is always examined
        previous = None
        for v, exam in series:
            assert validate_exam(exam) == {}, (eid, v.id)
            assert exam.lumbar.schober_flexion_cm and exam.lumbar.schober_baseline_cm
            if exam.neuro.left.power:  # neurology never worsens within an episode: no N1 from the demo
                assert previous is None or not assess_neuro(exam.neuro, previous).raises_n1
                previous = exam.neuro
        first = series[0][1]
        seen[key] += 1
        if key == "radicular":
            side = Side.LEFT if first.slr_left.result is TestOutcome.POSITIVE else Side.RIGHT
            slr = first.slr_left if side is Side.LEFT else first.slr_right
            assert slr.result is TestOutcome.POSITIVE and slr.below_knee and 33 <= (slr.angle_deg or 0) <= 62
            assert first.slump.result is TestOutcome.POSITIVE and first.slump.side is side
            (loc,) = assess_neuro(first.neuro).localisations
            assert loc.side is side and set(loc.roots) & {Root.L5, Root.S1}
            angles = [a for _, e in series if (a := (e.slr_left if side is Side.LEFT else e.slr_right)
                                                  .angle_deg) is not None]
            assert all(b >= a - 4 for a, b in zip(angles, angles[1:], strict=False))  # rising over visits
            assert f"SLR {side.value} {slr.angle_deg}°" in vs[0].objective  # the note agrees
        else:
            assert TestOutcome.POSITIVE not in (first.slr_left.result, first.slr_right.result)
            assert not assess_neuro(first.neuro).deficit
        if key == "sij":
            assert 3 <= laslett_cluster(dict(first.sij)).positives <= 5
            assert first.repeated_movement is RepeatedResponse.NO_EFFECT
        if key == "stenosis":
            assert first.lumbar.pain[Movement.EXTENSION] is not MovementPain.NONE
        if key == "mechanical":
            lumbar = first.lumbar
            assert 3.7 <= modified_schober(lumbar.schober_baseline_cm or 0,
                                           lumbar.schober_flexion_cm or 0).increase_cm <= 5.1
    assert {"radicular", "sij", "mechanical"} <= set(seen)
    follow_ups = [v.id for vs in visits.values() for v in vs if v.kind == VisitKind.FOLLOW_UP]
    assert 0.45 < sum(v in exams for v in follow_ups) / len(follow_ups) < 0.85


def test_measures_are_valid_consistent_and_varied(services: Services, clinician: Actor,
                                                  db: Database) -> None:
    summary = generate_demo(db, clinician, 60, today=TODAY)
    visits, kinds, _, raw = _care(db)
    assert summary.measures == len(raw)
    with db.reading() as s:
        series = {p.episode_id: p for p in s.scalars(select(PsfsSeries))}
    risks: Counter[str] = Counter()
    skipped = 0
    for eid, vs in visits.items():
        activities = json.loads(series[eid].activities)
        assert validate_psfs_activities(activities) == {}
        intake = services.intake.revision(eid, 1).intake
        for k, v in enumerate(vs):
            if v.id not in raw:
                assert k > 0
                continue
            assert measures_to_data(measures_from_data(raw[v.id])) == raw[v.id]
            m = measures_from_data(raw[v.id])
            assert validate_measures(m, len(activities)) == {} and v.starts_at.date() < TODAY
            n = m.nprs
            for best, now, worst in ((n.back_best, n.back_now, n.back_worst),
                                     (n.leg_best, n.leg_now, n.leg_worst)):
                assert best is not None and now is not None and worst is not None and best <= now <= worst
            assert (m.startback is not None) == (k == 0)
            assert m.psfs is None or m.psfs.series_id == series[eid].id
            skipped += m.odi is not None and None in m.odi
            if k == 0:  # the same pain as the intake of the first visit
                assert (n.back_now, n.back_best, n.back_worst, n.leg_now, n.leg_best, n.leg_worst) == (
                    intake.nprs_back_now, intake.nprs_back_best24h, intake.nprs_back_worst24h,
                    intake.nprs_leg_now, intake.nprs_leg_best24h, intake.nprs_leg_worst24h)
                assert m.startback is not None and m.startback.agree[0] == ((n.leg_now or 0) > 0)
                risks[score_startback(m.startback.agree, m.startback.bothersomeness).risk.value] += 1
                if kinds[eid] == "radicular":
                    assert (n.leg_now or 0) > (n.back_now or 0)
                if kinds[eid] in ("mechanical", "discogenic"):
                    assert n.leg_now == 0
        assert services.measures.startback(eid) is not None
    assert set(risks) == {"low", "medium", "high"} and skipped


def test_progress_shows_improvement_plateaus_and_flare_ups(services: Services, clinician: Actor,
                                                           db: Database) -> None:
    generate_demo(db, clinician, 60, today=TODAY)
    with db.reading() as s:
        episodes = list(s.execute(select(Episode.id, Episode.patient_id)))
    met = unmet = flares = charted = revisited = 0
    for eid, pid in episodes:
        data = services.progress.progress(pid, eid)
        pain = data.measure("nprs_back")
        assert pain is not None and pain.points and pain.baseline == pain.points[0].value
        if len(data.visit_days) < 2:
            continue
        revisited += 1
        if len(pain.points) < 2:
            continue
        charted += 1
        rows = {r.label: r for r in data.since_baseline}
        assert "Pain (back)" in rows and pain.mcid_level is not None
        values = [p.value for p in pain.points]
        flares += any(b > a for a, b in zip(values, values[1:], strict=False)) and values[-1] < max(values)
        if rows["Pain (back)"].meets_mcid and ("ODI" not in rows or rows["ODI"].meets_mcid):
            met += 1
        elif not any(r.meets_mcid for r in rows.values()):
            unmet += 1
    assert charted >= revisited * 3 // 4 and revisited >= len(episodes) // 2
    assert met >= 5 and unmet >= 2 and flares >= 2, (met, unmet, flares)


def test_plans_sessions_and_adherence(services: Services, clinician: Actor, db: Database) -> None:
    summary = generate_demo(db, clinician, 60, today=TODAY)
    library = services.exercises.by_id()
    assert len(library) == len(json.loads(resource("exercises", "library.json").read_text("utf-8")))
    templates = {t.name: t.plan for t in services.plans.templates() if t.builtin}
    _, kinds, _, _ = _care(db)
    locked = {eid for eid in kinds if services.red_flags.status(eid).loading_locked}
    assert locked
    plans = revised = moved = 0
    for eid, key in kinds.items():
        record = services.plans.current(eid)
        if eid in locked:
            assert record.revision == 0 and not services.plans.run_sessions(eid)
            assert not services.plans.adherence(eid)
            continue
        plans += 1
        assert record.revision >= 1 and validate_plan(record.plan, library) == {}
        history = services.plans.history(eid)[::-1]
        first = history[0]
        assert first.revision == 1 and first.plan in templates.values() and first.saved_by == "Dr Amira Ahmed"
        if key == "radicular":
            assert first.plan == templates["Disc with radiculopathy"]
        if key == "sij":
            assert first.plan == templates["SIJ pain"]
        assert len(history) <= 3
        for before, after in zip(history, history[1:], strict=False):  # one exercise up, or phase 3
            revised += 1
            changed = [(a, b) for a, b in zip(before.plan.items, after.plan.items, strict=True) if a != b]
            assert len(changed) <= 1
            if changed:
                assert library[changed[0][0].exercise_id].progression == changed[0][1].exercise_id
            else:
                moved += 1
                assert before.plan.phase is not after.plan.phase is RehabPhase.RETURN_TO_RUN
            assert after.saved_at is not None and before.saved_at is not None
            assert after.saved_at.date() > before.saved_at.date()
        sessions = services.plans.run_sessions(eid)
        if sessions:  # C7: walk/run sessions only once the plan is at return to run
            plan_then = services.plans.as_of(eid, datetime.combine(sessions[0].session_date, time(0), UTC))
            assert plan_then.plan.phase is RehabPhase.RETURN_TO_RUN, eid
            assert services.plans.run_programme(eid).gate.allowed or services.plans.run_stopped(eid)
    assert plans and revised and moved and summary.plans == plans + revised
    with db.reading() as s:
        runs = list(s.scalars(select(RunSession).order_by(RunSession.episode_id, RunSession.session_date)))
        weeks = list(s.scalars(select(AdherenceWeekRecord)))
    assert runs and weeks and summary.run_sessions == len(runs)
    actions: Counter[str] = Counter()
    for eid in {r.episode_id for r in runs}:  # each decision is the one PlanService would have made
        logged = services.plans.run_sessions(eid)
        stage, since = 1, list[SessionReport]()
        for i, row in enumerate(logged):
            assert row.stage == stage and row.session_date < TODAY
            since = [*since, row.report] if i and logged[i - 1].stage == stage else [row.report]
            assert row.decision == next_stage(stage, since)
            stage = row.decision.stage
            actions[str(row.decision.action)] += 1
        assert services.plans.current(eid).revision >= 1
    assert actions["advance"] and actions["repeat"] and "stop" not in actions
    for w in weeks:
        assert w.week_start.weekday() == 0 and w.week_start < TODAY and 1 <= w.done <= w.prescribed == 7
        assert w.version == 1 and w.updated_by_id == clinician.user_id
        assert services.plans.current(w.episode_id).revision >= 1
