"""Demo exams, outcome measures, rehab plans, walk/run sessions and adherence that follow each synthetic
episode's course: improving, a plateau, or a flare-up after a load spike that settles (see generator.py)."""

from __future__ import annotations

import json
import math
import random
from bisect import bisect
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from functools import cache
from itertools import accumulate, permutations
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from clinic_app.demo.intake import _ENCODE, _int, _num, _one
from clinic_app.domain.load.training import week_start
from clinic_app.domain.patients import DischargeReason
from clinic_app.domain.rehab.exercises import RehabPhase, parse_library
from clinic_app.domain.rehab.plans import builtin_templates, phase_defaults, plan_to_data, step
from clinic_app.domain.rehab.return_to_run import SessionReport, StageDecision, next_stage, stage_info
from clinic_app.paths import resource
from clinic_app.persistence import models as orm
from clinic_app.services.exercises import builtin_data
from clinic_app.services.run_programme import _report_data

_Row = dict[str, Any]
_ROOTS = ("L2", "L3", "L4", "L5", "S1")
_POWER = ("5", "4+", "4", "4-")  # MRC grade by deficit level 0-3
_NORMAL: _Row = {"power": dict.fromkeys(_ROOTS, "5"), "sensation": dict.fromkeys(_ROOTS, "normal"),
                 "reflexes": {"patellar": "2+", "achilles": "2+"}}
_KEYS = tuple(f'"{k}":' for k in ("slr_left", "slr_right", "crossed_slr", "slump", "femoral", "sij", "faber",
                                   "repeated_movement", "neuro", "lumbar", "palpation", "findings"))
_SIJ = list(permutations(("distraction", "thigh_thrust", "compression")))  # the likeliest positives first
_MOVES = ("flexion", "extension", "lateral_flexion_left", "lateral_flexion_right")
_EXAMINED, _RADICULAR_EXAMINED, _MEASURED = 0.6, 0.8, 0.8  # share of follow-ups with an exam / measures
_QUESTIONNAIRE, _PSFS_AGAIN = 0.55, 0.8  # share of measured follow-ups with ODI/RMDQ and with PSFS
_RTR_PAIN, _RTR_COURSE = 3, 0.45  # walk/run starts once back pain is 3/10 or less, this far along
_REVISE, _BAD_SESSION, _ADHERENCE, _RUNNERS = 0.6, 0.07, 0.5, 0.3
_LOGGED, _WEEKS = 4, 2  # walk/run sessions and adherence weeks reported at one visit, at most
_KEEPING = {"improving": 0.85, "flare": 0.75, "plateau": 0.55}  # share of exercise sessions done
_Run = tuple[date, int, SessionReport, StageDecision, int]  # day, stage, report, decision, logged at visit


@cache
def _table() -> dict[str, Any]:
    """The choice tables of resources/demo/care.json, read once per process."""
    return dict(json.loads(resource("demo", "care.json").read_text(encoding="utf-8")))


def sync_library(s: Session) -> None:
    """Add the shipped exercises the database lacks, as ``ExerciseService.sync_builtin`` would, but in the
    caller's transaction (plans name exercises by id)."""
    have = set(s.scalars(select(orm.ExerciseRecord.id)))
    missing = [{"id": e["id"], "name": e["name"], "custom": False, "data": json.dumps(
        e, ensure_ascii=False, sort_keys=True)} for e in builtin_data() if e["id"] not in have]
    if missing:
        s.execute(insert(orm.ExerciseRecord), missing)


@dataclass(slots=True)
class _State:
    """One visit's clinical picture; its exam, measures and note values are made from it."""

    f: float  # how far along the course: 0 at baseline, 1 recovered, below 0 worse than at baseline
    back: int
    best: int
    worst: int
    leg: int
    leg_best: int
    leg_worst: int
    odi: list[int | None]
    odi_pct: float
    slr: int
    level: int  # neurological deficit 0-3 (radicular episodes)
    laslett: int
    schober: float
    ftf: int
    trend: str
    examined: bool = True
    measured: bool = True
    phone: bool = False
    vidx: int = -1
    at: datetime | None = None

    @property
    def slr_positive(self) -> bool:
        """The SLR still reproduces leg pain."""
        return self.slr < 70 and self.leg >= 2


@dataclass(slots=True)
class _Course:
    """One episode's care as it unfolds; ``plan`` (a template name) is None while a red flag locks
    loading, and ``progressions`` (revision 2, walk/run) is off when an urgent flag is raised."""

    key: str
    kind: str
    pres: dict[str, Any]
    days: list[date]
    f: list[float]
    reason: DischargeReason | None
    side: str
    other: str
    base: dict[str, float]
    goal: dict[str, float]
    plan: str | None
    progressions: bool
    x: dict[str, Any] = field(default_factory=dict)  # the episode's fixed choices
    states: list[_State] = field(default_factory=list)
    runs: list[_Run] = field(default_factory=list)
    rtr_from: int | None = None
    revised: tuple[int, int, bool] | None = None  # visit, item stepped up, moved to return to run
    rtr_phase_at: int | None = None  # the visit whose plan revision moves to return to run (C7)


class CareBuilder:
    """Per episode: ``begin`` after the intake builder's, ``advance`` at each later visit (from the
    note's progress step), ``seen`` per visit row, then ``write``."""

    def __init__(self, user_id: int, seed: int, today: date) -> None:
        self._rng = rng = random.Random(f"stride-clinic-demo-care-{seed}")
        self._user, self._today, t = user_id, today, _table()
        self._t = t
        self._library = {e.id: e for e in parse_library(builtin_data())}
        self._templates = {t.name: t.plan for t in builtin_templates(self._library)}
        self._steps = {name: [i for i, item in enumerate(plan.items)
                              if (up := self._library[item.exercise_id].progression) in self._library
                              and all(other.exercise_id != up for other in plan.items)]
                       for name, plan in self._templates.items()}
        self._prescribed = {name: max(i.dose.days_per_week for i in plan.items)
                            for name, plan in self._templates.items()}
        self._fits = {key: [[a for a in t[pool] if a[3] == "*" or key in a[3]]
                            for pool in ("psfs_running", "psfs_daily")] for key in t["presentations"]}
        self._rmdq = [sorted(range(1, 25), key=lambda i: t["rmdq_order"].index(i) + _num(rng, -4, 4))
                      for _ in range(16)]  # RMDQ items in the order they clear, common ones last
        self._odi_fill = {key: [self._fill(p["odi"]) for _ in range(8)]  # 8 variants per presentation
                          for key, p in t["presentations"].items()}
        self._memo: dict[tuple[Any, ...], str] = {}
        self._j = {name: _ENCODE(part) for name, part in [*t["exam_parts"].items(),  # shared exam parts
                                                          ("neuro", {"left": _NORMAL, "right": _NORMAL})]}
        self._plans: dict[tuple[str, int, bool], str] = {}
        self._cum: dict[int, tuple[list[str], list[float]]] = {}
        self._co: _Course  # the episode begun last

    def _pick(self, weights: dict[str, float]) -> str:
        keys, cum = self._cum.get(id(weights)) or self._cum.setdefault(
            id(weights), (list(weights), list(accumulate(weights.values()))))
        return keys[bisect(cum, self._rng.random() * cum[-1])]

    def _fill(self, weights: list[float]) -> list[int]:
        """The order in which ODI sections 2-10 gain points (five each), by jittered weights."""
        w = [x * _num(self._rng, 0.6, 1.4) for x in weights]
        return [i for _, i in sorted(((j + 0.5) / w[i], i) for i in range(9) for j in range(5))]

    def _json(self, key: tuple[Any, ...], make: Callable[[], Any]) -> str:
        """The JSON of ``make()``, made and encoded once per ``key``."""
        text = self._memo.get(key)
        if text is None:
            text = self._memo[key] = _ENCODE(make())
        return text

    # -- the course ----------------------------------------------------------------------------

    def begin(self, key: str, v: dict[str, Any], days: list[date], reason: DischargeReason | None,
              case: str, age: int = 40) -> None:
        """Plan the episode's course (``case``: its red-flag case, if any; ``age`` at its start, so the
        PSFS activities fit the patient); set the first visit's values."""
        rng, t = self._rng, self._t
        key = key if key in t["presentations"] else "mechanical"
        pres, met = t["presentations"][key], reason is DischargeReason.GOALS_MET
        kind = self._pick(t["courses"][reason.value if reason else "open"])
        base = {"back": v["nprs"], "leg": v["leg"], "odi": v["odi"], "slr": v["slr"], "ftf": v["ftf"],
                "schober": v["schober"], "laslett": v["laslett"],
                "rmdq": min(24, max(1, round(v["odi"] * 0.36 + _num(rng, -2, 2)))),
                "level": _one(rng, (1, 2, 2, 3)) if key == "radicular" else 0}
        goal = {"back": _int(rng, 0, 1 if met else 2), "leg": 0 if met or v["leg"] <= 2 else _int(rng, 0, 2),
                "odi": _int(rng, 0, 8) if met else _int(rng, 4, 14), "rmdq": _int(rng, 0, 3),
                "schober": max(v["schober"], _num(rng, 5.4, 6.5))}
        side, other = v["side"], v["other"]
        co = self._co = _Course(key, kind, pres, days, self._curve(kind, days, met), reason, side, other,
                                base, goal, None if case == "CE" else pres["template"],
                                case not in ("CE", "I1"))
        skip, uses = rng.random() < 0.08, (rng.random() < 0.8, rng.random() < 0.45)  # ODI, RMDQ
        co.x = {
            "root": "S1" if rng.random() < 0.45 else "L5", "uses": uses if any(uses) else (True, True),
            "sij": (*_one(rng, _SIJ), f"gaenslen_{side}", "sacral_thrust", f"gaenslen_{other}"),
            "pain": self._json(("pain", key, side), lambda: dict.fromkeys(_MOVES, "none") | {
                m.replace("_S", f"_{side}").replace("_O", f"_{other}"): p for m, p in pres["pain"].items()}),
            "settled": self._json(("pain",), lambda: dict.fromkeys(_MOVES, "none")),
            "odi": [i for i in _one(rng, self._odi_fill[key]) if not (skip and i == 6)], "skip": skip,
            "rmdq": _one(rng, self._rmdq), "psfs": self._activities(key, v["nprs"], age),
            "repeated": self._pick(pres["repeated"]), "shift": rng.random() < 0.3,
            "component": _one(rng, ("knee_extension", "ankle_dorsiflexion")),
            "revise": rng.random() < _REVISE,
            "runner": rng.random() < _RUNNERS, "keeping": _KEEPING[kind] + _num(rng, -0.15, 0.1)}
        state = self._state(0)
        state.best, state.worst = v["best"], v["worst"]
        self._note_values(v, state)

    def advance(self, v: dict[str, Any]) -> str:
        """Move on to the next visit: pain, function, signs, plan and walk/run stage; return the trend."""
        co = self._co
        k = len(co.states)
        if co.reason is DischargeReason.DID_NOT_ATTEND and k == len(co.days) - 1:
            co.states.append(replace(co.states[-1], trend="same", examined=False, measured=False))
            return "same"
        state = self._state(k)
        if co.rtr_from is not None:
            self._sessions(k)
        elif (co.plan and co.progressions and co.x["runner"] and co.pres["rtr"] and state.back <= _RTR_PAIN
              and co.f[k] >= _RTR_COURSE and state.trend != "worse" and k < len(co.days) - 1):
            co.rtr_from = k
        running, due = co.rtr_from is not None, co.x["revise"] and co.f[k] >= 0.3
        if (co.plan and co.progressions and co.revised is None and (running or due) and self._steps[co.plan]
                and (co.days[k] - co.days[0]).days >= 14):  # a few weeks in: one exercise progressed
            co.revised = (k, _one(self._rng, self._steps[co.plan]), running)
        if co.rtr_from == k and not (co.revised is not None and co.revised[0] == k):
            co.rtr_phase_at = k  # walk/run starts: the plan moves to return to run at this visit
        if state.trend != "worse":
            v["stiff"] = max(0, v["stiff"] - _int(self._rng, 0, 10))
        self._note_values(v, state)
        return state.trend

    def seen(self, visit_index: int, visit: _Row) -> None:
        """Note the visit row (its chunk index) that the latest state belongs to."""
        self._co.states[-1].vidx, self._co.states[-1].at = visit_index, visit["starts_at"]

    def _curve(self, kind: str, days: list[date], met: bool) -> list[float]:
        """Progress per visit: improving, a plateau, or a flare-up mid-episode that settles again."""
        rng, n = self._rng, len(days)
        tau = _num(rng, 8, 25)
        curve = [1 - math.exp(-(d - days[0]).days / tau) for d in days]
        reach = _num(rng, 0.05, 0.2) if kind == "plateau" else (
            1 / curve[-1] if met and curve[-1] > 0 else _num(rng, 0.75, 1.0))
        f = [0.0] + [min(1.0, c * reach + _num(rng, -0.05, 0.05)) for c in curve[1:]]
        if kind == "flare" and n >= 3:
            m = _int(rng, min(2, n - 2), n - 2)  # after some improvement, with a visit to recover by
            depth, settle = f[m] - f[m - 1] + _num(rng, 0.3, 0.55), _num(rng, 5, 12)
            for k in range(m, n):
                f[k] -= depth * math.exp(-(days[k] - days[m]).days / settle)
        if met:
            f[-1] = 1.0
        return f

    def _state(self, k: int) -> _State:
        co, rng, r = self._co, self._rng, self._rng.random
        f, b, g = co.f[k], co.base, co.goal
        up, ahead = max(f, 0.0), max(co.f[: k + 1])  # nerve signs do not worsen again in a flare-up
        back = min(10, max(0, round(b["back"] - f * (b["back"] - g["back"]))))
        leg = min(10, max(0, round(b["leg"] - up * (b["leg"] - g["leg"])))) if b["leg"] else 0
        trend = "same"
        if co.states:
            last = co.states[-1]
            trend = ("better" if back < last.back or (back == last.back and f > last.f + 0.08)
                     else "worse" if back > last.back else "same")
        odi, odi_pct = self._odi(max(0.0, b["odi"] - f * (b["odi"] - g["odi"])), back)
        slr = b["slr"] + ahead * (88 - b["slr"]) + _num(rng, -2, 2) if co.key == "radicular" else b["slr"]
        worst = min(10, back + 1 + (r() < 0.5) + (trend == "worse"))
        state = _State(f, back, max(0, back - 1 - (r() < 0.5)), worst, leg, max(0, leg - 1 - (r() < 0.5)),
                       min(10, leg + 1 + (r() < 0.5)) if leg else 0, odi, odi_pct, min(90, round(slr)),
                       round(b["level"] * (1 - ahead)), round(b["laslett"] * (1 - 0.8 * up)),
                       round(b["schober"] + up * (g["schober"] - b["schober"]), 1),
                       round(b["ftf"] * (1 - 0.8 * up)), trend)
        if k:
            last_visit = k == len(co.days) - 1 and co.reason is not None
            state.phone = last_visit and co.reason is DischargeReason.SELF_DISCHARGED
            chance = _RADICULAR_EXAMINED if co.key == "radicular" else _EXAMINED
            state.examined = not state.phone and (last_visit or r() < chance)
            state.measured = state.phone or last_visit or r() < _MEASURED
        co.states.append(state)
        return state

    def _odi(self, percent: float, back: int) -> tuple[list[int | None], float]:
        """ODI sections near ``percent``: pain intensity from the NPRS, the rest filled in the episode's
        order (sex life sometimes unanswered); returns them with the percent they score."""
        x = self._co.x
        answered = 9 if x["skip"] else 10
        first = min(5, (back + 1) // 2)
        rest = min(len(x["odi"]), max(0, round(percent / 20 * answered) - first))
        sections: list[int | None] = [first, *map(x["odi"][:rest].count, range(9))]
        if x["skip"]:
            sections[7] = None
        return sections, 20 * (first + rest) / answered

    def _activities(self, key: str, back: int, age: int) -> list[tuple[str, int, int]]:
        """3-5 PSFS activities (1-2 of them running, the rest fitting the patient's age) with baseline
        and hoped-for ratings."""
        rng, (runs, daily) = self._rng, self._fits[key]
        daily = [a for a in daily if len(a) < 5 or a[4][0] <= age <= a[4][1]]
        running = _int(rng, 1, 2)
        chosen = rng.sample(runs, running) + rng.sample(daily, min(len(daily), _int(rng, 3, 5) - running))
        worse = 1 if back >= 7 else 0
        return [(name, max(0, _int(rng, low, high) - worse), _int(rng, 7 if i < running else 8, 10))
                for i, (name, low, high, *_) in enumerate(chosen)]

    def _note_values(self, v: dict[str, Any], s: _State) -> None:
        """Put the state into the note's template values, so note, intake and records agree."""
        co = self._co
        v.update(nprs=s.back, best=s.best, worst=s.worst, leg=s.leg, leg_best=s.leg_best, slr=s.slr,
                 leg_worst=s.leg_worst, schober=s.schober, ftf=s.ftf, laslett=s.laslett, odi=round(s.odi_pct))
        if co.key == "radicular":  # the phrases of radicular notes that tell of SLR, slump and neurology
            root, positive = co.x["root"], s.slr_positive
            v.update(root=root, slump_text=f"slump {'positive' if positive else 'negative'}",
                     slr_text=(f"SLR {co.side} {s.slr}° reproducing familiar pain below the knee" if positive
                               else "SLR negative bilaterally (hamstring stretch only)"),
                     neuro_text=self._t["neuro_text"][root][0 if s.level else 1].format(
                         side=co.side, other=co.other, power=_POWER[s.level], heel=25 - 5 * s.level,
                         sense="reduced" if s.level else "normal",
                         reflex="reduced (1+)" if s.level >= 2 else "2+"))
        if co.rtr_from is not None:
            stage = co.runs[-1][3].stage if co.runs else 1
            v.update(stage=stage, stage_text=stage_info(stage).format, sessions=len(co.runs))

    # -- walk/run ----------------------------------------------------------------------------

    def _sessions(self, k: int) -> None:
        """Sessions since visit ``k - 1``, logged at visit ``k``; each decided as
        ``PlanService.log_run_session`` decides: the 24-hour rule over the sessions at the current stage."""
        co, rng = self._co, self._rng
        day, end = co.days[k - 1] + timedelta(days=_int(rng, 1, 2)), co.days[k]
        apart = max(2, (end - day).days // _LOGGED)
        spike = co.states[k].trend == "worse"  # the load spike behind this visit's flare-up
        usual = co.states[k - 1].best
        while day < end and not (co.runs and co.runs[-1][3].programme_complete):
            bad = rng.random() < _BAD_SESSION or (spike and (end - day).days <= 2 * apart)
            during = _int(rng, 4, 6) if bad and rng.random() < 0.6 else _one(rng, (0, 1, 1, 2, 2, 3))
            morning = min(10, usual + _int(rng, 1, 2)) if bad else max(0, usual - _int(rng, 0, 1))
            report = SessionReport(pain_during=during, next_morning_pain=morning, baseline_morning_pain=usual,
                                   symptoms_over_48h=bad and spike and rng.random() < 0.3)
            stage = co.runs[-1][3].stage if co.runs else 1
            done = next((i for i, run in enumerate(reversed(co.runs)) if run[1] != stage), len(co.runs))
            since = [run[2] for run in co.runs[len(co.runs) - done:]]  # at this stage, as PlanService finds
            co.runs.append((day, stage, report, next_stage(stage, [*since, report]), k))
            day += timedelta(days=apart + (rng.random() < 0.3))

    # -- rows ----------------------------------------------------------------------------------

    def write(self, c: dict[type[Any], list[_Row]], eidx: int) -> None:
        """Append the episode's exams, PSFS series, measures (``data``: a dict naming the series by its
        chunk index), plan revisions, walk/run sessions and adherence weeks."""
        co, rng, user = self._co, self._rng, self._user
        ats = [s.at for s in co.states if s.at is not None]
        assert len(ats) == len(co.states) == len(co.days), "one seen visit per state"
        series = len(c[orm.PsfsSeries])
        c[orm.PsfsSeries].append({"id": 0, "episode_id": eidx, "started_at": ats[0] + timedelta(minutes=3),
                                  "created_by_id": user, "activities": _ENCODE([a[0] for a in co.x["psfs"]])})
        for k, (s, at) in enumerate(zip(co.states, ats, strict=True)):
            if s.examined:
                c[orm.Exam].append({"visit_id": s.vidx, "data": self._exam(s, k == 0), "copied": "[]",
                                    **self._stamps(at + timedelta(minutes=15))})
            if s.measured and at.date() <= self._today:
                c[orm.VisitMeasuresRecord].append({"visit_id": s.vidx, "episode_id": eidx,
                                                "data": self._measures(s, k, series),
                                                **self._stamps(at + timedelta(minutes=5))})
        if co.plan is not None:
            saved = [(1, ats[0] + timedelta(minutes=_int(rng, 25, 40)), self._plan(co.plan, -1, False))]
            changes = [co.revised] if co.revised is not None else []
            if co.rtr_phase_at is not None:  # the phase moves on, keeping any exercise stepped up before
                before = co.revised is not None and co.revised[0] < co.rtr_phase_at
                changes.append((co.rtr_phase_at, co.revised[1] if co.revised and before else -1, True))
            for k, index, running in sorted(changes):  # a step-up after walk/run starts keeps phase 3
                saved.append((len(saved) + 1, ats[k] + timedelta(minutes=30),
                              self._plan(co.plan, index, running)))
            c[orm.PlanRevision].extend({"episode_id": eidx, "revision": n, "saved_at": at, "data": data,
                                        "saved_by_id": user} for n, at, data in saved)
            c[orm.RunSession].extend({
                "episode_id": eidx, "session_date": day, "stage": stage, "report": _report_data(report),
                "action": decision.action.value, "next_stage": decision.stage, "reason": decision.reason,
                "logged_at": ats[k] + timedelta(minutes=10), "logged_by_id": user}
                for day, stage, report, decision, k in co.runs)
            if rng.random() < _ADHERENCE:
                self._adherence(c, eidx, self._prescribed[co.plan])

    def _stamps(self, at: datetime) -> _Row:
        return {"version": 1, "created_at": at, "updated_at": at, "updated_by_id": self._user}

    def _plan(self, name: str, index: int, running: bool) -> str:
        """A template's plan as ``PlanService.save`` stores it; item ``index`` (if any) stepped up and the
        phase moved on to return to run if ``running`` (built once per combination)."""
        if (key := (name, index, running)) not in self._plans:
            plan = self._templates[name]
            plan = step(plan, index, self._library, True) if index >= 0 else plan
            if running:
                goals, exit_criteria = phase_defaults(RehabPhase.RETURN_TO_RUN)
                plan = plan.with_changes(phase=RehabPhase.RETURN_TO_RUN, goals=goals,
                                         exit_criteria=exit_criteria)
            self._plans[key] = json.dumps(plan_to_data(plan), ensure_ascii=False)
        return self._plans[key]

    def _adherence(self, c: dict[type[Any], list[_Row]], eidx: int, prescribed: int) -> None:
        """Exercise sessions done per week, reported at each visit for the last weeks before it."""
        co, rng = self._co, self._rng
        for k in range(1, len(co.states)):
            s, stop = co.states[k], week_start(co.days[k])
            if not (s.measured or s.examined) or s.at is None:
                continue  # not seen, so not asked
            week = max(week_start(co.days[k - 1]), stop - timedelta(weeks=_WEEKS))
            stamps = self._stamps(s.at + timedelta(minutes=20))
            keeping = co.x["keeping"] - 0.15 * (s.trend == "same")
            while week < stop:
                done = min(prescribed, max(1, round(prescribed * keeping + _num(rng, -1.5, 1.5))))
                c[orm.AdherenceWeekRecord].append({"episode_id": eidx, "week_start": week, "done": done,
                                                "prescribed": prescribed, **stamps})
                week += timedelta(days=7)

    def _measures(self, s: _State, k: int, series: int) -> _Row:
        co, rng, x = self._co, self._rng, self._co.x
        full = not s.phone and (k == 0 or k == len(co.days) - 1 or rng.random() < _QUESTIONNAIRE)
        rmdq = None
        if full and x["uses"][1]:
            count = round(co.base["rmdq"] - s.f * (co.base["rmdq"] - co.goal["rmdq"]))
            rmdq = sorted(x["rmdq"][: min(24, max(0, count))])
        psfs = None
        if k == 0 or rng.random() < (0.5 if s.phone else _PSFS_AGAIN):
            psfs = {"series_id": series, "ratings": [
                float(min(10, max(0, round(low + s.f * (high - low) + _num(rng, -0.6, 0.6)))))
                for _, low, high in x["psfs"]]}
        return {"nprs": {"back_now": s.back, "back_best": s.best, "back_worst": s.worst, "leg_now": s.leg,
                         "leg_best": s.leg_best, "leg_worst": s.leg_worst},
                "odi": s.odi if full and x["uses"][0] else None, "rmdq": rmdq, "psfs": psfs,
                "startback": self._startback(s.leg) if k == 0 else None}

    def _startback(self, leg: int) -> _Row:
        """Answers for a risk group drawn for the course (item 1: leg pain), scored as Keele does."""
        rng, t = self._rng, self._t
        risk = self._pick(t["startback"][self._co.kind])
        for _ in range(12):  # until the answers score in that group (or near it)
            agree = [leg > 0, *(rng.random() < p for p in t["startback_agree"][risk])]
            bother = self._pick(t["bothersomeness"][risk])
            total = sum(agree) + (both := bother in ("very_much", "extremely"))
            if risk == ("low" if total <= 3 else "high" if sum(agree[4:]) + both >= 4 else "medium"):
                break
        return {"agree": agree, "bothersomeness": bother}

    def _exam(self, s: _State, first: bool) -> str:
        """The visit's exam as ``exam_to_data`` gives it, in JSON: the presentation's signs by now."""
        co, rng, j = self._co, self._rng, self._j
        p, x, side, other = co.pres, co.x, co.side, co.other
        slr, crossed, slump, sij, faber, femoral = {"left": j["slr"], "right": j["slr"]}, j["crossed?"], \
            j["slump?"], j["empty"], j["faber?"], j["femoral" if first and p.get("femoral") else "femoral?"]
        neuro, repeated = j["neuro" if first or co.key == "radicular" else "neuro?"], j["none"]
        if first or (co.key in ("radicular", "discogenic") and s.f < 0.6):
            repeated = f'"{x["repeated"]}"'
        if co.key == "radicular":
            positive = s.slr_positive
            if positive:
                slr[side] = (f'{{"result":"positive","angle_deg":{s.slr},"below_knee":true,'
                             '"dorsiflexion_sensitised":true}')
            crossed = self._json(("crossed", other), lambda: {"result": "negative", "side_raised": other})
            slump = self._json(("slump", side, x["component"]), lambda: {
                "result": "positive", "side": side, "component": x["component"],
                "changes_with_neck_release": True}) if positive else j["slump"]
            if s.level:
                neuro = self._json(("neuro", x["root"], s.level, side), lambda: {side: {
                    "power": _NORMAL["power"] | {x["root"]: _POWER[s.level]},
                    "sensation": _NORMAL["sensation"] | {x["root"]: "reduced"},
                    "reflexes": {"patellar": "2+", "achilles": "1+" if x["root"] == "S1" and s.level >= 2
                                 else "2+"}}, other: _NORMAL})
        elif not first and rng.random() < 0.5:
            slr = {"left": j["slr?"], "right": j["slr?"]}
        elif first and rng.random() < p["slump"]:
            slump = j["slump"]
        if co.key == "sij" or (first and rng.random() < p["sij"]):
            sij = self._json(("sij", x["sij"], s.laslett), lambda: {
                t: "positive" if i < s.laslett else "negative" for i, t in enumerate(x["sij"])})
        if co.key == "sij" or (first and rng.random() < p["faber"]):
            positive = co.key == "sij" and s.laslett >= 2
            faber = self._json(("faber", side, positive), lambda: {
                "result": "positive" if positive else "negative", "side": side,
                "pain_site": "posterior_SIJ" if positive else "none", "rom_limited": False})
        shift = f"Lateral shift to the {other}" if first and co.key == "radicular" and x["shift"] else ""
        lumbar = (f'{{"schober_baseline_cm":15.0,"schober_flexion_cm":{round(15.0 + s.schober, 1)!r},'
                  '"flexion_deg":null,"extension_deg":null,"lateral_flexion_left_deg":null,'
                  f'"lateral_flexion_right_deg":null,"fingertip_floor_cm":{float(s.ftf)!r},'
                  f'"pain":{x["settled"] if s.f >= 0.7 else x["pain"]},"deviation":"{shift}"}}')
        palpation = _ENCODE(_one(rng, p["palpation"]).format(side=side, other=other)) if first else j[""]
        parts = (slr["left"], slr["right"], crossed, slump, femoral, sij, faber, repeated, neuro, lumbar,
                 palpation, j[""])
        return "{" + ",".join(map(str.__add__, _KEYS, parts)) + "}"
