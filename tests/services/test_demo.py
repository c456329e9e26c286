"""Demo data: plausible runners written in one transaction, usable through the normal services."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import func, select

from clinic_app.domain.body_chart import PainLocation, leg_pain_bilateral, marks_from_data
from clinic_app.domain.errors import PermissionDenied
from clinic_app.domain.intake import Factor, intake_from_data, intake_to_data
from clinic_app.domain.intake_rules import load_picture, validate_intake
from clinic_app.domain.patients import (
    DischargeReason,
    NoteStatus,
    Role,
    VisitKind,
    age_on,
    name_terms,
)
from clinic_app.domain.red_flags import RedFlagItem, RedFlagTier, screen
from clinic_app.paths import resource
from clinic_app.persistence.db import Database
from clinic_app.persistence.models import (
    Amendment,
    AuditEntry,
    ChartCounter,
    Episode,
    IntakeRevision,
    Patient,
    PatientSearchTerm,
    RedFlagEvent,
    RedFlagScreen,
    Visit,
)
from clinic_app.services import demo
from clinic_app.services.context import Actor
from clinic_app.services.demo import generate_demo
from clinic_app.services.patients import PatientQuery
from clinic_app.services.registry import Services
from tests.conftest import TODAY, make_draft

MIDNIGHT = datetime.combine(TODAY, time(0), UTC)
_TABLES = (Patient, PatientSearchTerm, Episode, Visit, Amendment, AuditEntry, IntakeRevision,
           RedFlagScreen, RedFlagEvent)


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
        assert 1 <= len(vs) <= 8
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
        assert 1 <= len(eps) <= 3
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


@pytest.mark.parametrize("count", [0, -1, 200_001, True, 2.5])
def test_invalid_patient_count_is_refused(clinician: Actor, db: Database, count: object) -> None:
    with pytest.raises(ValueError, match="from 1 to 200,000"):
        generate_demo(db, clinician, count, today=TODAY)  # type: ignore[arg-type]
    assert _counts(db)["patient"] == 0


def test_front_desk_may_not_generate_signed_notes(clinician: Actor, db: Database) -> None:
    desk = Actor(clinician.user_id, "Front Desk", Role.FRONT_DESK, "ws-test")
    with pytest.raises(PermissionDenied):
        generate_demo(db, desk, 3, today=TODAY)


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
    assert 1 <= len({e.episode_id for e in events}) <= 6
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
