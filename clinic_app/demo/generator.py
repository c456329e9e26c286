"""Synthetic runners with episodes of care, signed notes, intakes, red-flag screens, exams, outcome
measures, rehab plans and walk/run sessions, for demos, training and load tests."""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from functools import cache
from typing import Any

from sqlalchemy import Date, func, insert, select, text, update
from sqlalchemy.orm import Session

from clinic_app.demo.care import CareBuilder, sync_library
from clinic_app.demo.diary import add_demo_diary
from clinic_app.demo.fit import FitCache, fitting
from clinic_app.demo.intake import _ENCODE, ClinicalBuilder, FastRandom
from clinic_app.domain import patients as rules
from clinic_app.domain.access import Action
from clinic_app.domain.patients import DischargeReason, NoteStatus, Sex, VisitKind
from clinic_app.paths import resource
from clinic_app.persistence import models as orm
from clinic_app.persistence.base import Base, UTCDateTime
from clinic_app.persistence.db import Database
from clinic_app.services.access import authorize
from clinic_app.services.audit_chain import seal_rows
from clinic_app.services.context import Actor
from clinic_app.services.episode_outcome import rebuild_episode_outcomes
from clinic_app.services.patients import sort_key

logger = logging.getLogger(__name__)

MAX_PATIENTS = 200_000
CHUNK_SIZE = 1000
MIN_AGE, MAX_AGE = 16, 75

_SEXES = (Sex.FEMALE, Sex.MALE, Sex.NOT_STATED, Sex.INTERSEX)
_SEX_WEIGHTS = (52, 45, 2, 1)
_REASONS = (DischargeReason.GOALS_MET, DischargeReason.SELF_DISCHARGED,
            DischargeReason.REFERRED_ON, DischargeReason.DID_NOT_ATTEND, DischargeReason.OTHER)
_REASON_WEIGHTS = (66, 12, 10, 7, 5)
_GAPS = (3, 4, 5, 7, 7, 7, 10, 14, 14, 21, 28)
_MINUTES = (0, 15, 30, 45)
_AUDIT_FIELDS = json.dumps(sorted(rules.PatientDraft.__dataclass_fields__))
_NOT_EMAIL = re.compile(r"[^a-z0-9]")
_ASCII = str.maketrans({"đ": "d", "ı": "i", "æ": "ae", "œ": "oe", "ß": "ss"})
_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
_TABLES = (orm.Patient, orm.PatientSearchTerm, orm.Episode, orm.Visit, orm.Amendment,
           orm.AuditEntry, orm.IntakeRevision, orm.RedFlagScreen, orm.RedFlagEvent, orm.Exam,
           orm.PsfsSeries, orm.VisitMeasuresRecord, orm.PlanRevision, orm.RunSession, orm.AdherenceWeekRecord)
_Row = dict[str, Any]
_Chunk = dict[type[Any], list[_Row]]  # rows per model, in insert order; foreign keys are indexes


@dataclass(frozen=True, slots=True)
class DemoSummary:
    """What a demo run created and how long it took."""

    patients: int
    episodes: int
    visits: int
    seconds: float
    intakes: int = 0
    screens: int = 0
    red_flags: int = 0
    exams: int = 0
    measures: int = 0
    plans: int = 0
    run_sessions: int = 0
    adherence_weeks: int = 0
    appointments: int = 0
    waitlist: int = 0


@cache
def _tables() -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """Names, contact details and note phrases, read once per process."""
    def load(name: str) -> dict[str, Any]:
        return dict(json.loads(resource("demo", name).read_text(encoding="utf-8")))
    return load("names.json"), load("details.json"), load("notes.json")


def _add_years(day: date, years: int) -> date:
    """The same calendar day ``years`` later or earlier (28 February for 29 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _weekday(day: date) -> date:
    """Saturday and Sunday move on to Monday: the clinic is shut at weekends."""
    return day + timedelta(days=7 - day.weekday()) if day.weekday() >= 5 else day


class _Ids:
    """Primary keys: max(id)+1… under SQLite's write lock, the table's sequence on PostgreSQL."""

    def __init__(self, s: Session, table: str) -> None:
        self._s, self._table = s, table
        self._pg = s.get_bind().dialect.name == "postgresql"
        id_column = Base.metadata.tables[table].c.id  # table names come from our own models
        self._next = 0 if self._pg else int(s.scalar(select(func.max(id_column))) or 0) + 1

    def take(self, n: int) -> list[int]:
        """Reserve ``n`` fresh ids."""
        if self._pg:
            sql = "SELECT nextval(pg_get_serial_sequence(:t, 'id')) FROM generate_series(1, :n)"
            return sorted(self._s.scalars(text(sql), {"t": self._table, "n": n}))
        first, self._next = self._next, self._next + n
        return list(range(first, first + n))


class _Builder:
    """Makes one patient's rows at a time from the phrase tables and a seeded generator."""

    def __init__(self, actor: Actor, today: date, seed: int, patients: int) -> None:
        self._rng = FastRandom(seed)
        self._clinical = ClinicalBuilder(actor.user_id, seed, patients)
        self._care = CareBuilder(actor.user_id, seed, today)
        self._actor, self._today = actor, today
        self._names, self._details, self._notes = _tables()
        self._fit = FitCache()  # phrases that fit a patient's sex and age (no postpartum for men)
        self._jobs: dict[int, list[str]] = {}
        self._cultures: list[dict[str, Any]] = self._names["cultures"]
        self._culture_weights = [c["weight"] for c in self._cultures]
        self._phones, self._phone_weights = zip(*self._details["phones"], strict=True)
        self._referrers, self._referrer_weights = zip(*self._details["referrers"], strict=True)
        self._midnight = datetime.combine(today, clock(0), UTC)
        latest = _add_years(today, -MIN_AGE) - timedelta(days=120)  # room for a first episode
        self._birth_range = ((_add_years(today, -MAX_AGE - 1) + timedelta(days=1)).toordinal(),
                             latest.toordinal(), _add_years(today, -38).toordinal())

    def patient(self, c: _Chunk, chart: int) -> None:
        """Append one patient with 1-3 episodes, their visits, notes and the audit row."""
        rng = self._rng
        self._clinical.next_patient()
        culture = rng.choices(self._cultures, self._culture_weights)[0]
        sex = rng.choices(_SEXES, _SEX_WEIGHTS)[0]
        given, family = self._name(culture, sex)
        preferred = self._names["nicknames"].get(given, "") if rng.random() < 0.4 else ""
        if not preferred and "preferred" in culture and rng.random() < 0.25:
            preferred = rng.choice(culture["preferred"])
        low, high, mode = self._birth_range
        birth = date.fromordinal(int(rng.triangular(low, high, mode)))
        plans = self._plan_episodes(birth)
        first = plans[0][0][0]
        age = rules.age_on(birth, first)
        registered = self._at(first - timedelta(days=rng.randint(1, 10)))
        pidx, phone = len(c[orm.Patient]), self._phone()
        treatment, data = rng.random() < 0.97, rng.random() < 0.9
        c[orm.Patient].append({
            "id": 0, "chart_number": chart, "given_name": given, "family_name": family,
            "preferred_name": preferred, "sort_key": sort_key(family, given),
            "birth_date": birth, "sex": sex.value, "phone": phone,
            "phone_digits": rules.phone_digits(phone), "email": self._email(given, family, chart),
            "address": self._address(), "emergency_contact": self._contact(culture, given, family, age),
            "referrer": self._referrer(), "occupation": self._occupation(age, sex),
            "consent_treatment": treatment, "consent_treatment_date": first if treatment else None,
            "consent_data": data, "consent_data_date": registered.date() if data else None,
            "alerts": self._alerts(), "archived": False, **self._stamps(registered, registered),
        })
        c[orm.PatientSearchTerm].extend(
            {"term": t, "patient_id": pidx, "sort_key": sort_key(family, given), "archived": False}
            for t in sorted(rules.name_terms(given, family, preferred)))
        c[orm.AuditEntry].append({
            "at": registered, "user_id": self._actor.user_id, "action": "create",
            "workstation": self._actor.workstation[:120], "entity": "patient",
            "entity_id": pidx, "changed_fields": _AUDIT_FIELDS})
        for days, discharged in plans:
            self._episode(c, pidx, sex, rules.age_on(birth, days[0]), days, discharged)

    # -- demographics --------------------------------------------------------------------

    def _name(self, culture: dict[str, Any], sex: Sex) -> tuple[str, str]:
        pool = sex.value if sex in (Sex.FEMALE, Sex.MALE) else self._rng.choice(("female", "male"))
        families = culture.get(f"family_{pool}", culture["family"])
        return self._rng.choice(culture[pool]), self._rng.choice(families)

    def _person(self, culture: dict[str, Any], family: str = "", pool: str = "") -> str:
        pool = pool or self._rng.choice(("female", "male"))
        families = culture.get(f"family_{pool}", culture["family"])
        for forms in (culture["family"], culture.get("family_female", ())):  # Kowalski/Kowalska
            family = families[forms.index(family)] if family in forms else family
        return f"{self._rng.choice(culture[pool])} {family or self._rng.choice(families)}"

    def _phone(self) -> str:
        template: str = self._rng.choices(self._phones, self._phone_weights)[0]
        return template.format(n3=f"{self._rng.randint(0, 999):03d}",
                               n2=f"{self._rng.randint(0, 99):02d}")

    def _email(self, given: str, family: str, chart: int) -> str:
        rng = self._rng
        if rng.random() < 0.05:
            return ""
        words = (_NOT_EMAIL.sub("", rules.fold(n).translate(_ASCII)) for n in (given, family))
        local = ".".join(w for w in words if w) or f"runner{chart}"
        if rng.random() < 0.2:
            local += str(rng.randint(1, 99))
        return f"{local}@{rng.choice(self._details['email_domains'])}"

    def _address(self) -> str:
        rng, d = self._rng, self._details
        town, prefix = rng.choice(d["towns"])
        flat = rng.choice(d["flats"]).format(n=rng.randint(1, 24))
        postcode = (f"{prefix}{rng.randint(1, 19)} {rng.randint(1, 9)}"
                    f"{rng.choice(_LETTERS)}{rng.choice(_LETTERS)}")
        return (f"{flat}{rng.randint(1, 180)} {rng.choice(d['street_names'])} "
                f"{rng.choice(d['street_types'])}\n{town}\n{postcode}")

    def _contact(self, culture: dict[str, Any], given: str, family: str, age: int) -> str:
        fits = [r for r in self._details["relations"] if r[2] <= age <= r[3]]
        relation, pool, _, _ = self._rng.choice(fits)
        name = f"{given} "
        while name.startswith(f"{given} "):
            name = self._person(culture, family if self._rng.random() < 0.6 else "", pool)
        return f"{name} ({relation}) {self._phone()}".rstrip()

    def _referrer(self) -> str:
        rng = self._rng
        doctor = self._person(rng.choices(self._cultures, self._culture_weights)[0])
        template: str = rng.choices(self._referrers, self._referrer_weights)[0]
        return template.format(doctor=doctor, practice=rng.choice(self._details["practices"]),
                               club=rng.choice(self._details["clubs"]))

    def _occupation(self, age: int, sex: Sex) -> str:
        if age < 19:
            return self._rng.choice(("Sixth-form student", "Student", "Apprentice electrician"))
        retired = age >= 66 and self._rng.random() < 0.7
        jobs = self._jobs.get(age) or self._jobs.setdefault(
            age, fitting(self._details["occupations"], sex.value, age))  # no retired 30-year-olds
        return "Retired" if retired else str(self._rng.choice(jobs))

    def _alerts(self) -> str:
        roll = self._rng.random()
        count = 2 if roll < 0.01 else 1 if roll < 0.09 else 0
        return "\n".join(self._rng.sample(self._details["alerts"], count))

    # -- episodes and visits -------------------------------------------------------------

    def _plan_episodes(self, birth: date) -> list[tuple[list[date], bool]]:
        """Visit days per episode, oldest first: after the 16th birthday, before today."""
        rng = self._rng
        start = max(_add_years(birth, MIN_AGE) + timedelta(days=1),
                    self._today - timedelta(days=6 * 365))
        room = (self._today - timedelta(days=1) - start).days
        count = rng.choices((1, 2, 3), (62, 27, 11))[0]
        plans: list[tuple[bool, list[int]]] = []
        for i in range(count):
            is_open = i == count - 1 and rng.random() < 0.4
            visits = rng.randint(1, 6) if is_open else rng.randint(2, 8)
            plans.append((is_open, [rng.choice(_GAPS) for _ in range(visits - 1)]))
        between = [rng.randint(45, 540) for _ in range(count - 1)]

        def need() -> int:  # weekend moves add at most two days per visit
            return sum(sum(g) + 2 * len(g) + 3 for _, g in plans) + sum(between)

        while need() > room and len(plans) > 1:
            plans.pop(0)
            between.pop(0)
        while need() > room and len(plans[0][1]) > (0 if plans[0][0] else 1):
            plans[0][1].pop()
        slack = max(0, room - need())
        trail = rng.randint(0, min(slack, 21)) if plans[-1][0] else rng.randint(0, slack)
        cursor, result = start + timedelta(days=slack - trail), []
        for i, (is_open, gaps) in enumerate(plans):
            days = [_weekday(cursor)]
            for gap in gaps:
                days.append(_weekday(days[-1] + timedelta(days=gap)))
            result.append((days, not is_open))
            if i < len(between):
                cursor = days[-1] + timedelta(days=between[i])
        return result

    def _at(self, day: date) -> datetime:
        """A clinic-hours appointment time on ``day``, in UTC."""
        hour, minute = self._rng.randint(8, 17), self._rng.choice(_MINUTES)
        return datetime.combine(day, clock(hour, minute), UTC)

    def _stamps(self, created: datetime, updated: datetime) -> _Row:
        return {"version": 1, "created_at": created, "updated_at": updated,
                "updated_by_id": self._actor.user_id}

    def _values(self, presentation: dict[str, Any]) -> _Row:
        """The numbers and words an episode's note templates refer to."""
        rng, notes = self._rng, self._notes
        ranges = {**notes["defaults"], **presentation.get("ranges", {})}
        values: _Row = {k: round(rng.uniform(lo, hi), 1) if isinstance(lo, float)
                       else rng.randint(lo, hi) for k, (lo, hi) in ranges.items()}
        side, other = rng.sample(("left", "right"), 2)
        km, nprs = rng.randrange(15, 95, 5), values["nprs"]
        values.update(
            side=side, Side=side.capitalize(), other=other, km=km, long=max(5, round(km * 0.35)),
            runs=min(7, max(2, km // 11 + rng.randint(-1, 1))), race=rng.choice(notes["races"]),
            club=rng.choice(self._details["clubs"]), stage=0, stage_text="", sessions=0,
            worst=min(10, nprs + rng.randint(1, 3)),
            best=max(0, nprs - rng.randint(1, 2)))
        return values

    def _episode(self, c: _Chunk, pidx: int, sex: Sex, age: int, days: list[date],
                 discharged: bool) -> None:
        rng, notes, user = self._rng, self._notes, self._actor.user_id
        fits = [p for p in notes["presentations"] if p["age"][0] <= age <= p["age"][1]]
        pres = rng.choices(fits, [p["weight"] for p in fits])[0]
        pres = self._fit.get(pres["key"], pres, sex.value, age)  # only phrases that fit the patient
        v = self._values(pres)
        self._clinical.begin(pres["key"], v, age, days, discharged, sex.value)
        reason = rng.choices(_REASONS, _REASON_WEIGHTS)[0] if discharged else None
        self._care.begin(pres["key"], v, days, reason, self._clinical.case_key, age)
        complaint = rng.choice(pres["complaints"]).format_map(v)
        eidx, visits = len(c[orm.Episode]), c[orm.Visit]
        for i, day in enumerate(days):
            last = i == len(days) - 1
            kind = (VisitKind.INITIAL if i == 0 else VisitKind.DISCHARGE if discharged and last
                    else VisitKind.FOLLOW_UP)
            soap = self._soap(pres, kind, v, complaint, reason)
            self._clinical.amend(i, soap)
            starts = self._at(day)
            draft = last and not discharged and rng.random() < 0.5
            if draft and rng.random() < 0.5:
                soap[2] = soap[3] = ""
            signed = None if draft else min(starts + timedelta(minutes=rng.randint(30, 240)),
                                            datetime.combine(day, clock(20, 30), UTC))
            visits.append({
                "id": 0, "episode_id": eidx, "patient_id": pidx, "starts_at": starts,
                "clinician_id": user, "kind": kind.value, "subjective": soap[0],
                "objective": soap[1], "assessment": soap[2], "plan": soap[3],
                "status": (NoteStatus.DRAFT if draft else NoteStatus.SIGNED).value,
                "signed_at": signed, "signed_by_id": None if draft else user,
                **self._stamps(starts, signed or starts + timedelta(minutes=45))})
            self._clinical.seen(len(visits) - 1, visits[-1], v)
            self._care.seen(len(visits) - 1, visits[-1])
            if signed is not None and rng.random() < 0.04:
                when = signed + timedelta(days=rng.randint(0, 10), minutes=rng.randint(5, 20))
                c[orm.Amendment].append({
                    "visit_id": len(visits) - 1, "author_id": user,
                    "created_at": when if when < self._midnight else signed + timedelta(minutes=20),
                    "text": rng.choice(notes["amendments"]).format_map(v)})
        first = visits[-len(days)]["starts_at"]
        c[orm.Episode].append({
            "id": 0, "patient_id": pidx, "start_date": days[0], "complaint": complaint,
            "status": "discharged" if discharged else "open",
            "discharge_date": days[-1] if discharged else None,
            "discharge_reason": reason.value if reason else "",
            **self._stamps(first, visits[-1]["updated_at"] if discharged else first)})
        self._clinical.write(c, eidx)
        self._care.write(c, eidx)

    def _soap(self, pres: dict[str, Any], kind: VisitKind, v: _Row, complaint: str,
              reason: DischargeReason | None) -> list[str]:
        """Subjective, objective, assessment and plan for one visit, from random phrases."""
        pick, n = self._rng.choice, self._notes
        if kind is VisitKind.INITIAL:
            parts = [[pick(pres["subjective"]), pick(n["training"]), pick(pres["pattern"]),
                      pick(n["pain_initial"]), pick(n["screen"])],
                     [pick(pres["objective"]), pick(pres["neuro"])], [pick(pres["assessment"])],
                     [pick(n["plan_initial"]), pick(n["exercises"]), pick(n["load_advice"])]]
        elif kind is VisitKind.DISCHARGE and reason is not None:
            self._care.advance(v)  # pain, function, signs and walk/run stage follow the episode's course
            parts = [[pick(n["discharge"][reason.value][k])] for k in "soap"]
        else:
            trend = self._care.advance(v)
            said = n["follow_subjective"][trend]
            if trend == "better" and v["sessions"]:
                said = said + n["follow_subjective"]["running"]
            parts = [[pick(said)], [pick(pres.get("follow_objective") or n["follow_objective"])],
                     [pick(n["follow_assessment"][trend])],
                     [pick(n["exercises"]), pick(n["rtr"] if v["stage"] else n["pre_run"]),
                      pick(n["load_advice"])]]
        soap = ["\n".join(lines).format_map(v) for lines in parts]
        if kind is VisitKind.INITIAL:
            soap[0] = f"{complaint}.\n{soap[0]}"
        return soap


def _bulk(s: Session, model: type[Any], rows: list[_Row], texts: dict[datetime, str]) -> None:
    """Insert rows of one shape with one plain ``executemany``: SQLAlchemy's per-value processing (and on
    PostgreSQL its multi-row INSERTs) would cost seconds at 10,000 patients. Values go in the form
    SQLAlchemy gives the driver: aware UTC, which SQLite keeps as naive text (``texts`` remembers it)."""
    conn, table, names = s.connection(), model.__table__, list(rows[0])
    style, sqlite = conn.dialect.paramstyle, conn.dialect.name == "sqlite"
    if style not in ("qmark", "format", "pyformat") or any(len(r) != len(names) for r in rows):
        s.execute(insert(table), rows)
        return
    columns = []
    for name in names:
        kind, values = table.c[name].type, [r[name] for r in rows]
        if isinstance(kind, UTCDateTime):
            values = [at if at is None or at.tzinfo is UTC else at.astimezone(UTC) for at in values]
            if sqlite:
                values = [None if at is None else texts.get(at) or texts.setdefault(
                    at, at.isoformat(" ", "microseconds")[:26]) for at in values]
        elif isinstance(kind, Date) and sqlite:
            values = [None if day is None else day.isoformat() for day in values]
        columns.append(values)
    quote, mark = conn.dialect.identifier_preparer.quote, "?" if style == "qmark" else "%s"
    conn.exec_driver_sql(f"INSERT INTO {quote(table.name)} ({', '.join(map(quote, names))}) "
                         f"VALUES ({', '.join([mark] * len(names))})", list(zip(*columns, strict=True)))


def _assign_ids(c: _Chunk, ids: dict[type[Any], _Ids]) -> None:
    """Give the batch real primary keys and point every foreign key (a chunk index so far) at them."""
    new = {model.__tablename__: ids[model].take(len(c[model])) for model in ids}
    for model in ids:
        for row, value in zip(c[model], new[model.__tablename__], strict=True):
            row["id"] = value
    for model, rows in c.items():
        keys = [(column.name, new[fk.column.table.name]) for column in model.__table__.c
                for fk in column.foreign_keys if fk.column.table.name in new]
        for key, values in keys + [("entity_id", new["patient"])] * (model is orm.AuditEntry):
            for row in rows:
                row[key] = values[row[key]]
    for row in c[orm.VisitMeasuresRecord]:  # PSFS ratings name their series inside the JSON
        if row["data"]["psfs"] is not None:
            row["data"]["psfs"]["series_id"] = new["psfs_series"][row["data"]["psfs"]["series_id"]]
        row["data"] = _ENCODE(row["data"])


def generate_demo(db: Database, actor: Actor, patients: int, *, today: date, seed: int = 2026,
                  progress: Callable[[int, int], None] | None = None) -> DemoSummary:
    """Add ``patients`` synthetic runners with their care history in one transaction."""
    authorize(db, actor, Action.LOAD_DEMO)
    if type(patients) is not int or not 1 <= patients <= MAX_PATIENTS:
        raise ValueError(f"The number of demo patients must be a whole number from 1 to "
                         f"{MAX_PATIENTS:,} (got {patients!r}).")
    started = time.perf_counter()
    builder = _Builder(actor, today, seed, patients)
    counts = dict.fromkeys(_TABLES, 0)
    with db.writing() as s:
        counter = orm.ChartCounter
        s.execute(update(counter).where(counter.id == 1)
                  .values(last_number=counter.last_number + patients))
        last = s.scalar(select(counter.last_number).where(counter.id == 1))
        if last is None:
            raise RuntimeError("The chart counter row is missing; run the database migrations.")
        first_chart = int(last) - patients + 1
        sync_library(s)
        ids = {m: _Ids(s, m.__tablename__)
               for m in (orm.Patient, orm.Episode, orm.Visit, orm.RedFlagScreen, orm.PsfsSeries)}
        before = int(s.scalar(select(func.max(orm.Episode.id))) or 0)
        sqlite = s.get_bind().dialect.name == "sqlite"
        cache = s.scalar(text("PRAGMA cache_size")) if sqlite else None
        if sqlite:  # room for the whole batch's pages: far fewer spills to the WAL file
            s.execute(text("PRAGMA cache_size=-262144"))
        try:
            for offset in range(0, patients, CHUNK_SIZE):
                c: _Chunk = {model: [] for model in _TABLES}
                for i in range(offset, min(offset + CHUNK_SIZE, patients)):
                    builder.patient(c, first_chart + i)
                _assign_ids(c, ids)
                seal_rows(s, c[orm.AuditEntry])
                texts: dict[datetime, str] = {}
                for model, rows in c.items():
                    if rows:
                        _bulk(s, model, rows, texts)
                    counts[model] += len(rows)
                if progress is not None:
                    progress(offset + len(c[orm.Patient]), patients)
            diary = add_demo_diary(s, actor, today, seed, before + 1)
            summed = time.perf_counter()  # bulk rows bypass the ORM hooks: summarise them at once
            rebuild_episode_outcomes(s, orm.Episode.id > before)
            logger.info("Demo caseload summaries in %.1f s", time.perf_counter() - summed)
        finally:
            if sqlite:
                s.execute(text("PRAGMA cache_size=" + str(int(cache or -2000))))
    summary = DemoSummary(
        patients, counts[orm.Episode], counts[orm.Visit], time.perf_counter() - started,
        intakes=counts[orm.IntakeRevision], screens=counts[orm.RedFlagScreen],
        red_flags=counts[orm.RedFlagEvent], exams=counts[orm.Exam],
        measures=counts[orm.VisitMeasuresRecord], plans=counts[orm.PlanRevision],
        run_sessions=counts[orm.RunSession], adherence_weeks=counts[orm.AdherenceWeekRecord],
        appointments=diary.appointments, waitlist=diary.waitlist)
    made = ", ".join(f"{getattr(summary, f.name)} {f.name.replace('_', ' ')}" for f in fields(summary)
                     if f.name != "seconds")  # "10000 patients, 14873 episodes, …"
    logger.info("Demo data in %.1f s: %s", summary.seconds, made)
    return summary
