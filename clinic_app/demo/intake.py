"""Demo intakes and red-flag screens that fit each synthetic episode's presentation (see generator.py)."""

from __future__ import annotations

import json
import random
from bisect import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cache
from itertools import accumulate, combinations
from typing import Any, TypeVar

from clinic_app.demo.fit import FitCache
from clinic_app.domain.intake.body_chart import PainLocation
from clinic_app.domain.intake.record import RACE_KM, Factor, Intake, RaceDistance, intake_to_data
from clinic_app.domain.safety.red_flags import RedFlagItem, screen
from clinic_app.paths import resource
from clinic_app.persistence import models as orm

_Row = dict[str, Any]
_T = TypeVar("_T")
_Answers = dict[RedFlagItem, bool | None]
_FOLLOW_UP_ASKED = frozenset(map(RedFlagItem, ("CE1", "CE2", "CE3", "CE4", "CE5", "N1", "I1", "M2")))
"""Items asked at a short follow-up screen; the others are stored as not asked (None)."""
_RATES = {"CE": 0.003, "I1": 0.0035, "prompt": 0.0035}
"""Share of patients given each screening case, besides A1 and F3 raised by some presentations."""
_FLAGGED, _FLAG_SHARE = {"inflammatory": "A1", "spondylolysis": "F3"}, 0.3
"""Presentations whose first screen sometimes raises a matching PROMPT item."""
_RUNWAY = 30  # quota cases start this many patients before the end, so a fitting episode turns up
_REVISE = 0.25  # chance of a second intake revision when a follow-up falls 7-21 days after the first
_CLIMB = {"flat": (2, 6), "rolling": (8, 15), "hilly": (15, 30), "mountainous": (30, 60)}  # m per km
_LBP = (0,) * 10 + (1,) * 6 + (2,) * 2 + (3,) * 2  # earlier episodes of low back pain
_INJURIES = (0,) * 11 + (1,) * 7 + (2,) * 2
_SHARES = {1: ((100,), (100,), (90,)), 2: ((70, 30), (60, 40), (80, 20), (60, 30))}
_FACTORS = tuple(f.value for f in Factor)
_ORDER = {loc.value: i for i, loc in enumerate(PainLocation)}
_LEG = frozenset(loc.value for loc in PainLocation if loc.is_leg)


@cache
def _table() -> dict[str, Any]:
    """The choice tables of resources/demo/intake.json, read once per process."""
    return dict(json.loads(resource("demo", "intake.json").read_text(encoding="utf-8")))


def _answers(full: bool, overrides: _Answers) -> _Answers:
    """Every item: No when asked (all items at a full screen), None when not asked."""
    answers: _Answers = {i: False if full or i in _FOLLOW_UP_ASKED else None for i in RedFlagItem}
    answers.update(overrides)
    return answers


_PLAIN = {full: json.dumps({i.value: v for i, v in _answers(full, {}).items()}) for full in (True, False)}
_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False).encode
_BLANK = intake_to_data(Intake())  # every field, in the order the intake service saves them


def _int(rng: random.Random, low: int, high: int) -> int:  # rng.randint, several times faster
    return low + int(rng.random() * (high - low + 1))


def _one(rng: random.Random, options: Sequence[_T]) -> _T:  # rng.choice, faster
    return options[int(rng.random() * len(options))]


def _num(rng: random.Random, low: float, high: float) -> float:  # rng.uniform, faster
    return low + (high - low) * rng.random()


class FastRandom(random.Random):
    """``random.Random`` with ``choice`` and ``randint`` as fast as ``_one`` and ``_int``."""

    def choice(self, seq: Any) -> Any:
        return seq[int(self.random() * len(seq))]

    def randint(self, a: int, b: int) -> int:
        return a + int(self.random() * (b - a + 1))


_WEEKDAYS = [list(combinations(range(7), n)) for n in range(8)]  # the days run, by runs in the week


@cache
def _iso(ordinal: int) -> str:
    return date.fromordinal(ordinal).isoformat()


@dataclass(slots=True)
class _Case:
    """A raised screening item: at which visit, and at which later visit the outcome is noted."""

    key: str
    items: tuple[RedFlagItem, ...]
    at: int
    resolve_at: int | None
    action: str
    outcome: str


@dataclass(slots=True)
class _Episode:
    """What one episode's intake and screens are built from."""

    pres: dict[str, Any]
    v: dict[str, Any]
    age: int
    days: list[date]
    case: _Case | None
    visits: list[tuple[int, datetime, int, int, int, int, int, int]] = field(default_factory=list)
    marks: list[_Row] = field(default_factory=list)
    weeks: list[tuple[int, float, int]] = field(default_factory=list)
    pace: float = 6.0


class ClinicalBuilder:
    """Adds intake revisions, red-flag screens and events to the demo's chunks, one episode at a time:
    ``next_patient``, then per episode ``begin`` (before its notes), ``amend`` and ``seen`` per visit
    and ``write``."""

    def __init__(self, user_id: int, seed: int, patients: int) -> None:
        self._rng = random.Random(f"stride-clinic-demo-clinical-{seed}")
        self._user, self._t = user_id, _table()
        self._fit = FitCache()
        self._pending = dict.fromkeys(_RATES, 0)
        self._quota: dict[int, list[str]] = {}
        room = range(max(1, patients - _RUNWAY))
        for kind, rate in _RATES.items():
            count = max(1 if patients >= 50 else 0, round(rate * patients))
            for p in self._rng.sample(room, min(count, len(room))):
                self._quota.setdefault(p, []).append(kind)
        self._patient, self._last_day = -1, date.min
        self._ep: _Episode | None = None
        self._cum: dict[int, tuple[list[str], list[int]]] = {}
        self._base: dict[int, dict[str, str]] = {}  # factor grid per presentation before chance

    def next_patient(self) -> None:
        """Start a new patient (quota cases due for this one become pending)."""
        self._patient += 1
        self._last_day = date.min
        for kind in self._quota.get(self._patient, ()):
            self._pending[kind] += 1

    def begin(self, key: str, v: dict[str, Any], age: int, days: list[date], discharged: bool,
              sex: str = "not_stated") -> None:
        """Plan an episode; may adjust the note values ``v`` so notes and intake agree. Mechanisms
        that fit only some patients (postpartum) are left out for the others."""
        pres = self._t["presentations"].get(key) or self._t["presentations"]["mechanical"]
        pres = self._fit.get(key, pres, sex, age)
        if pres["leg"] == "dominant" and v["leg"] <= v["nprs"]:
            v["leg"] = min(10, v["nprs"] + _int(self._rng, 1, 2))
        elif pres["leg"] == "none":
            v["leg"] = 0
        self._ep = _Episode(pres, dict(v), age, days, self._case(key, age, len(days), discharged))

    def amend(self, i: int, soap: list[str]) -> None:
        """Make visit ``i``'s note tell of the red flag raised or resolved there."""
        case = self._episode().case
        if case is None:
            return
        text = self._t["cases"][case.key]
        if i == case.at and case.key in ("CE", "I1"):
            soap[0] = self._rng.choice(text["subjective"])
            soap[2] = text["assessment"].format(items=", ".join(case.items))
            soap[3] = text["plan"]
        elif i == case.at:
            prefixes = tuple(self._t["screen_prefixes"])
            kept = [line for line in soap[0].split("\n") if not line.startswith(prefixes)]
            soap[0] = "\n".join([*kept, self._rng.choice(text["subjective"])])
            soap[2] = f"{soap[2]}\n{text['assessment']}".strip()
        elif i == case.resolve_at:
            soap[0] = f"{soap[0]}\n{case.outcome}"

    @property
    def case_key(self) -> str:
        """The current episode's red-flag case ("CE", "I1", "M3", "F3", "A1"), or "" for none."""
        case = self._episode().case
        return case.key if case else ""

    def seen(self, visit_index: int, visit: _Row, v: dict[str, Any]) -> None:
        """Note a visit row (its chunk index) and the pain values after it."""
        self._episode().visits.append((visit_index, visit["starts_at"], v["nprs"], v["best"],
                                       v["worst"], v["leg"], v["leg_best"], v["leg_worst"]))

    def write(self, c: dict[type[Any], list[_Row]], eidx: int) -> None:
        """Append the episode's intake revisions, screens and events (foreign keys are indexes)."""
        ep, rng = self._episode(), self._rng
        intake = self._intake(ep)
        revisions = [(ep.visits[0][1], intake)]
        later = [k for k in range(1, len(ep.days)) if 7 <= (ep.days[k] - ep.days[0]).days <= 21]
        if later and rng.random() < _REVISE:
            revisions.append((ep.visits[later[0]][1] + timedelta(minutes=_int(rng, 5, 30)),
                              self._revise(ep, intake, later[0])))
        for number, (at, data) in enumerate(revisions, 1):
            c[orm.IntakeRevision].append({
                "episode_id": eidx, "revision": number, "saved_at": at, "saved_by_id": self._user,
                "data": _ENCODE(data)})
        case = ep.case
        for k, (vidx, at, nprs, *_) in enumerate(ep.visits):
            full = k == 0 or rng.random() < 0.5
            answers = _PLAIN[full]
            if case is not None and k >= case.at:
                overrides: _Answers = {i: k == case.at or (False if i is RedFlagItem.I1 else None)
                                       for i in case.items}
                answers = json.dumps({i.value: a for i, a in
                                      _answers(full or k == case.at, overrides).items()})
            sidx = len(c[orm.RedFlagScreen])
            c[orm.RedFlagScreen].append({
                "id": 0, "episode_id": eidx, "visit_id": vidx, "screened_at": at,
                "screened_by_id": self._user, "answers": answers, "severe_pain": nprs >= 8})
            if case is not None and k == case.at:
                self._events(c, eidx, sidx, at, case, ep)
        self._last_day, self._ep = ep.days[-1], None

    # -- red flags ----------------------------------------------------------------------------

    def _episode(self) -> _Episode:
        assert self._ep is not None, "ClinicalBuilder.begin() comes first"
        return self._ep

    def _case(self, key: str, age: int, visits: int, discharged: bool) -> _Case | None:
        pending, rng = self._pending, self._rng
        if key in _FLAGGED and rng.random() < _FLAG_SHARE and (key != "inflammatory" or 20 <= age <= 40):
            return self._make(_FLAGGED[key], 0, visits, discharged)
        for kind, fits, case, at in (
                ("CE", not discharged and visits >= 2, "CE", visits - 1),  # the open episode's last
                ("I1", visits >= 3, "I1", _int(rng, 1, max(1, visits - 2))),
                ("prompt", age > 50 or key in ("sij", "mechanical", "discogenic"),
                 "M3" if age > 50 else "F3", 0)):
            if pending[kind] and fits:
                pending[kind] -= 1
                return self._make(case, at, visits, discharged)
        return None

    def _make(self, key: str, at: int, visits: int, discharged: bool) -> _Case:
        rng, text = self._rng, self._t["cases"][key]
        resolve = None
        if key == "I1" or (key != "CE" and at + 1 < visits and (discharged or rng.random() < 0.7)):
            resolve = at + 1
        items = tuple(RedFlagItem(i) for i in rng.choice(text["items"]))
        return _Case(key, items, at, resolve, rng.choice(text["action"]),
                     rng.choice(text.get("outcome", [""])))

    def _events(self, c: dict[type[Any], list[_Row]], eidx: int, sidx: int, at: datetime,
                case: _Case, ep: _Episode) -> None:
        rng = self._rng
        acknowledged = at + timedelta(minutes=_int(rng, 10, 40))
        resolved = None
        if case.resolve_at is not None:
            follow = ep.visits[case.resolve_at][1]
            resolved = follow + timedelta(minutes=10)
            if case.key == "I1":  # the same-day review's result comes back a few days later
                resolved = min(at.replace(hour=_int(rng, 9, 17)) + timedelta(days=_int(rng, 2, 4)),
                               follow - timedelta(minutes=30))
        for flag in screen(dict.fromkeys(case.items, True)):
            c[orm.RedFlagEvent].append({
                "episode_id": eidx, "screen_id": sidx, "item": flag.item.value,
                "tier": flag.tier.value, "raised_at": at, "acknowledged_at": acknowledged,
                "acknowledged_by_id": self._user, "action_taken": case.action,
                "resolved_at": resolved, "resolved_by_id": self._user if resolved else None,
                "outcome": case.outcome if resolved else "", "version": 1, "created_at": at,
                "updated_at": resolved or acknowledged, "updated_by_id": self._user})

    # -- intake (built in its saved JSON form: typed dataclasses cost seconds at 10,000 patients) --

    def _pick(self, weights: dict[str, int]) -> str:
        """A key of ``weights`` drawn by weight (the tables are read once, so ids stay valid)."""
        keys, cum = self._cum.get(id(weights)) or self._cum.setdefault(
            id(weights), (list(weights), list(accumulate(weights.values()))))
        return keys[bisect(cum, self._rng.random() * cum[-1])]

    def _intake(self, ep: _Episode) -> dict[str, Any]:
        rng, p, v, first = self._rng, ep.pres, ep.v, ep.days[0]
        weeks = v["weeks"] if p["onset_weeks"] == "notes" else _int(rng, *p["onset_weeks"])
        onset_days = max(7, min(140, weeks * 7 + _int(rng, -3, 3)))
        onset = first - timedelta(days=min(onset_days, (first - self._last_day).days - 1))
        ep.pace = _num(rng, 4.3, 6.9)
        terrain = self._pick(p["terrain"])
        primary = p["surface"] if "surface" in p and rng.random() < 0.7 else self._pick(self._t["surfaces"])
        chosen = {primary, *(self._pick(self._t["surfaces"]) for _ in range(_one(rng, (0, 1, 1, 2))))}
        log = self._load(ep, onset, primary, terrain)
        recent = [km for _, km, _ in ep.weeks[-4:]]
        ep.marks = self._marks(ep)
        case_key, leg = ep.case.key if ep.case else "", v["leg"]
        injuries, bone = self._injuries(ep, onset, case_key == "M3", case_key == "F3")
        recurrent = ep.age > 50 or ep.age < 20 or any(i["region"] == "lumbar_spine" for i in injuries)
        lbp = 0 if case_key == "M3" else max(int(recurrent), _one(rng, _LBP))
        return _BLANK | {
            "runs_per_week": v["runs"], "weekly_distance_km": round(sum(recent) / len(recent), 1),
            "surfaces": [s for s in self._t["surfaces"] if s in chosen], "primary_surface": primary,
            "terrain": terrain, "weekly_elevation_gain_m": round(sum(recent) / len(recent)
                                                                 * _num(rng, *_CLIMB[terrain])),
            "downhill_emphasis": rng.random() < p.get("downhill", 0.1),
            "cadence_spm": _int(rng, 160, 185), "cadence_source": self._pick(self._t["cadence_sources"]),
            "weekly_history": self._history(ep), "session_log": log,
            "footwear": self._shoes(v["km"], first, primary), "race_goals": self._races(ep, first),
            "prior_injuries": injuries, "prior_lbp_episodes": lbp,
            "spinal_surgery": lbp > 0 and rng.random() < 0.02, "prior_bone_stress_injury": bone,
            "onset_type": "sudden" if rng.random() < p["sudden"] else "gradual",
            "onset_date": onset.isoformat(), "onset_during_run": rng.random() < p["during_run"],
            "mechanism": _one(rng, p["mechanisms"]),
            "nprs_back_now": v["nprs"], "nprs_back_best24h": v["best"], "nprs_back_worst24h": v["worst"],
            "nprs_leg_now": leg, "nprs_leg_best24h": ep.visits[0][6], "nprs_leg_worst24h": ep.visits[0][7],
            "symptom_quality": list(_one(rng, p["quality"])), "factors": self._factors(p),
            "pattern": {"morning_stiffness_min": v["stiff"], "worse_on_waking": rng.random() < p["waking"],
                        "worse_end_of_day": rng.random() < p["end_of_day"],
                        "night_pain": self._pick(p["night"]),
                        "post_run_next_morning": self._pick(p["post_run"])},
            "body_marks": ep.marks}

    @staticmethod
    def _history(ep: _Episode) -> list[_Row]:
        return [{"week_start": _iso(start), "distance_km": km, "duration_min": round(km * ep.pace),
                 "sessions": runs} for start, km, runs in ep.weeks]

    def _load(self, ep: _Episode, onset: date, surface: str, terrain: str) -> list[_Row]:
        """6-10 weeks ending the week before the first visit; for half the runners a 4-week run log."""
        rng, v, pace, onset_day = self._rng, ep.v, ep.pace, onset.toordinal()
        monday = ep.days[0].toordinal() - ep.days[0].weekday()
        spike, reduce = rng.random() < 0.45, _num(rng, *ep.pres["reduce"])
        ep.weeks = []
        for k in range(_int(rng, 6, 10), 0, -1):  # weeks are day ordinals of their Monday
            start = monday - 7 * k
            if (ahead := onset_day - start - 6) > 0:  # a load spike in the fortnight before onset
                factor = _num(rng, 1.3, 1.6) if spike and ahead <= 14 else _num(rng, 0.85, 1.1)
            else:
                factor = _num(rng, 0.7, 1.1) if start <= onset_day else reduce * _num(rng, 0.85, 1.15)
            km = round(v["km"] * factor, 1) if v["km"] * factor >= 2 else 0.0
            ep.weeks.append((start, km, max(1, round(v["runs"] * min(factor, 1.2))) if km else 0))
        if rng.random() >= 0.5:
            return []
        runs: list[tuple[int, float, int]] = []
        for start, total, sessions in ep.weeks[-4:]:
            days = _WEEKDAYS[min(sessions, 7)][int(rng.random() * len(_WEEKDAYS[min(sessions, 7)]))]
            if not days:
                continue
            long = total * (_num(rng, 0.3, 0.42) if len(days) > 2 else 0.55)
            parts = [(total - long) / (len(days) - 1) * _num(rng, 0.8, 1.2)
                     for _ in days[1:]] + [long] if len(days) > 1 else [total]
            scale = total / sum(parts)
            runs += [(start + day, round(max(1.0, km * scale), 1), _int(rng, 3, 6))
                     for day, km in zip(days, parts, strict=True)]
        if runs and rng.random() < 0.4:  # the last long run: a moderate (sometimes small) spike
            last = runs[-1][0]
            before = [km for day, km, _ in runs if 0 < last - day <= 30]
            if before:
                grow = _num(rng, 1.32, 1.6) if rng.random() < 0.7 else _num(rng, 1.13, 1.28)
                runs[-1] = (last, round(max(before) * grow, 1), _int(rng, 6, 8))
        per_week: dict[int, list[float]] = {}
        for day, km, _ in runs:
            per_week.setdefault(day - (day - 1) % 7, []).append(km)  # ordinal 1 was a Monday
        ep.weeks = [(w[0], round(sum(per_week[w[0]]), 1), len(per_week[w[0]])) if w[0] in per_week
                    else w for w in ep.weeks]
        climb = _num(rng, *_CLIMB[terrain])
        return [{"date": _iso(day), "distance_km": km, "duration_min": round(km * pace),
                 "surface": surface, "elevation_gain_m": round(km * climb), "rpe": rpe}
                for day, km, rpe in runs]

    def _marks(self, ep: _Episode) -> list[_Row]:
        """Body-chart marks in their saved form (``marks_to_data``), in chart order."""
        rng, p, v = self._rng, ep.pres, ep.v
        sides = {"S": "L", "O": "R"} if v["side"] == "left" else {"S": "R", "O": "L"}
        symptom, leg = self._pick(p["back_symptom"]), v["leg"]
        marks = [(code, symptom, min(10, max(1, v["nprs"] - (i > 0) * (rng.random() < 0.5))))
                 for i, code in enumerate(_one(rng, p["back"]))]
        codes = _one(rng, p["leg_marks"]) if leg and p["leg_marks"] else []
        for n, code in enumerate(codes, 1):  # the furthest marks hurt most
            foot, distal = code.startswith("foot"), code.startswith(("foot", "below_knee"))
            kind = self._pick(p["foot_symptom"] if foot and "foot_symptom" in p else p["leg_symptom"])
            marks.append((code, kind, leg if distal or n == len(codes) else max(1, leg - 1)))
        marks = [(code[:-1] + sides[code[-1]] if code[-2:] in ("_S", "_O") else code, s, n)
                 for code, s, n in marks]
        return [{"location": code, "symptom": s, "intensity": n}
                for code, s, n in sorted(marks, key=lambda m: _ORDER[m[0]])]

    def _factors(self, p: dict[str, Any]) -> dict[str, str]:
        rng, key = self._rng, id(p)
        effects = dict(self._base.get(key) or self._base.setdefault(key, {
            f: "worse" if f in p["worse"] else "better" if f in p["better"] else "no_effect"
            for f in _FACTORS}))
        for names, effect, chance in (("maybe_worse", "worse", 0.5), ("maybe_better", "better", 0.4)):
            effects.update((name, effect) for name in p[names] if rng.random() < chance)
        untried = [f for f in self._t["rarely_tried"] if effects[f] == "no_effect"]
        effects.update((f, "not_tried") for f in rng.sample(untried, min(len(untried), _int(rng, 1, 3))))
        plain = [f for f, e in effects.items() if e == "no_effect"]
        for name in rng.sample(plain, min(len(plain), _one(rng, (0, 0, 1, 2)))):
            del effects[name]  # left unanswered
        return effects

    def _shoes(self, km: int, first: date, primary: str) -> list[_Row]:
        rng, models = self._rng, self._t["shoes"]
        pool = [m for m in models if (m[1] == "trail") == (primary == "trail")] or models
        picked = [first_pair := _one(rng, pool)]
        picked += [_one(rng, [m for m in models if m != first_pair])] if rng.random() < 0.45 else []
        shares = _one(rng, _SHARES[len(picked)])  # of running, in %: at most 100 together
        shoes = []
        for (model, category, drop), share in zip(picked, shares, strict=True):
            used = _num(rng, *_one(rng, ((40, 300), (40, 300), (300, 600), (600, 950))))  # some to replace
            weeks = min(150.0, used / max(5.0, km * share / 100))
            bought = (first - timedelta(days=max(7, round(weeks * 7)))).isoformat()
            recent = used < 150 and rng.random() < 0.6
            shoes.append({"brand_model": model, "category": category, "drop_mm": float(drop),
                          "distance_on_shoe_km": float(round(used)), "purchase_date": bought,
                          "share_of_running_pct": share, "changed_recently": recent,
                          "change_date": bought if recent else None})
        return shoes

    def _races(self, ep: _Episode, first: date) -> list[_Row]:
        rng, races = self._rng, self._t["races"]
        count = _one(rng, (0, 1, 1, 2))
        names = [ep.v["race"] if ep.v["race"] in races else _one(rng, list(races))]
        names.append(_one(rng, [r for r in races if r != names[0]]))
        goals = []
        for i, name in enumerate(names[:count]):
            event, distance, km = races[name]
            day = first + timedelta(weeks=_int(rng, 3, 30) + 8 * i)
            day += timedelta(days=6 - day.weekday())  # races are on Sundays
            km = RACE_KM.get(RaceDistance(distance), km)
            secs = round(km * ep.pace * _num(rng, 50, 57) * (1.25 if distance in ("ultra", "other") else 1))
            goals.append({"event": event, "race_date": day.isoformat(), "distance": distance,
                          "distance_km": km, "goal_time": f"{secs // 3600}:{secs // 60 % 60:02d}:"
                          f"{secs % 60:02d}", "priority": "A" if i == 0 else _one(rng, "BC")})
        return sorted(goals, key=lambda g: str(g["race_date"]))

    def _injuries(self, ep: _Episode, onset: date, new_onset: bool,
                  bone_case: bool) -> tuple[list[_Row], bool]:
        rng = self._rng
        span = max(121, min(3000, (ep.age - 14) * 365))
        pool = [i for i in self._t["injuries"] if not (new_onset and i[0] == "lumbar_spine")]
        found = [_one(rng, pool) for _ in range(_one(rng, _INJURIES))]
        bone = bone_case or rng.random() < 0.03
        found += [_one(rng, self._t["bone_stress"])] if bone else []
        dated = sorted((onset - timedelta(days=_int(rng, 120, span)), region, diagnosis)
                       for region, diagnosis in found)
        return [{"region": region, "diagnosis": diagnosis, "date": day.isoformat(),
                 "days_lost": _int(rng, 0, 90), "recurred": rng.random() < 0.25}
                for day, region, diagnosis in dated], bone

    def _revise(self, ep: _Episode, data: dict[str, Any], k: int) -> dict[str, Any]:
        """The intake updated at a follow-up: load since the first visit, pain now, body chart."""
        rng, day = self._rng, ep.days[k]
        _, _, nprs, best, worst, leg, leg_best, leg_worst = ep.visits[k]
        start, monday = ep.weeks[-1][0] + 7, day.toordinal() - day.weekday()
        while start < monday:  # walking and short easy runs since the first visit
            km = round(ep.v["km"] * _num(rng, 0.0, 0.35), 1) if rng.random() < 0.7 else 0.0
            ep.weeks.append((start, km if km >= 2 else 0.0, _int(rng, 1, 3) if km >= 2 else 0))
            start += 7
        recent = [km for _, km, _ in ep.weeks[-4:]]
        marks = [m | {"intensity": leg if m["location"] in _LEG else max(1, nprs)}
                 for m in ep.marks if leg or m["location"] not in _LEG]
        return data | {
            "weekly_history": self._history(ep), "weekly_distance_km": round(sum(recent) / len(recent), 1),
            "nprs_back_now": nprs, "nprs_back_best24h": min(best, nprs),
            "nprs_back_worst24h": max(worst, nprs), "nprs_leg_now": leg, "nprs_leg_best24h": leg_best,
            "nprs_leg_worst24h": leg_worst,
            "body_marks": marks}
