"""Outcome measures recorded at a visit (NPRS, ODI, RMDQ, PSFS, STarT Back): data and checks."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from clinic_app.domain.errors import InvalidValue
from clinic_app.domain.measures.scoring import (
    OdiScore,
    score_odi,
    score_psfs,
    score_rmdq,
)
from clinic_app.domain.measures.startback import Bothersomeness, StartBackScore, score_startback
from clinic_app.domain.messages import msg
from clinic_app.domain.settings import ClinicalSettings, resolve

PSFS_MIN_ACTIVITIES = 3
PSFS_MAX_ACTIVITIES = 5
PSFS_NAME_MAX = 80
NPRS_FIELDS = ("back_now", "back_best", "back_worst", "leg_now", "leg_best", "leg_worst")


@dataclass(frozen=True, slots=True)
class NprsValues:
    """Back and leg pain 0-10: now, best and worst in the last 24 hours."""

    back_now: int | None = None
    back_best: int | None = None
    back_worst: int | None = None
    leg_now: int | None = None
    leg_best: int | None = None
    leg_worst: int | None = None

    def any(self) -> bool:
        """True when at least one score was entered."""
        return any(getattr(self, name) is not None for name in NPRS_FIELDS)


@dataclass(frozen=True, slots=True)
class StartBackAnswers:
    """Items 1-8 agree/disagree and item 9 (bothersomeness)."""

    agree: tuple[bool, ...]
    bothersomeness: Bothersomeness


@dataclass(frozen=True, slots=True)
class PsfsRatings:
    """Ratings 0-10 of one PSFS series' activities, in the series' order."""

    series_id: int
    ratings: tuple[float, ...]


@dataclass(frozen=True, slots=True)
class VisitMeasures:
    """Everything measured at one visit; each instrument is optional."""

    nprs: NprsValues = field(default_factory=NprsValues)
    odi: tuple[int | None, ...] | None = None
    rmdq: frozenset[int] | None = None
    psfs: PsfsRatings | None = None
    startback: StartBackAnswers | None = None

    def is_empty(self) -> bool:
        """True when nothing was recorded."""
        return (not self.nprs.any() and self.odi is None and self.rmdq is None
                and self.psfs is None and self.startback is None)


@dataclass(frozen=True, slots=True)
class VisitScores:
    """The domain core's scores for one visit's measures."""

    odi: OdiScore | None
    rmdq: int | None
    psfs: float | None
    startback: StartBackScore | None


def _message(exc: ValueError) -> str:
    text = str(exc)
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


def validate_measures(m: VisitMeasures, psfs_activity_count: int | None) -> dict[str, str]:
    """Field → message for out-of-range or inconsistent scores; empty when valid."""
    e: dict[str, str] = {}
    for name in NPRS_FIELDS:
        value = getattr(m.nprs, name)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)
                                  or not 0 <= value <= 10):
            e[f"nprs.{name}"] = f"Pain scores are whole numbers 0–10 (got {value})."
    for side in ("back", "leg"):
        best, worst = getattr(m.nprs, f"{side}_best"), getattr(m.nprs, f"{side}_worst")
        if (f"nprs.{side}_best" not in e and f"nprs.{side}_worst" not in e and best is not None
                and worst is not None and best > worst):
            e[f"nprs.{side}_best"] = "Best in 24 h cannot be higher than worst in 24 h."
    if m.odi is not None:
        try:
            if score_odi(m.odi, max_missing=10) is None:
                e["odi"] = "Answer at least one ODI section, or leave the ODI out."
        except ValueError as exc:
            e["odi"] = _message(exc)
    if m.rmdq is not None:
        try:
            score_rmdq(sorted(m.rmdq))
        except ValueError as exc:
            e["rmdq"] = _message(exc)
    if m.psfs is not None:
        if psfs_activity_count is None:
            e["psfs"] = "Name the patient's 3 to 5 activities before rating them."
        elif len(m.psfs.ratings) != psfs_activity_count:
            e["psfs"] = (f"Rate each of the {psfs_activity_count} activities "
                         f"(got {len(m.psfs.ratings)} ratings).")
        else:
            try:
                score_psfs(m.psfs.ratings)
            except ValueError as exc:
                e["psfs"] = _message(exc)
    if m.startback is not None:
        try:
            score_startback(m.startback.agree, m.startback.bothersomeness)
        except ValueError as exc:
            e["startback"] = _message(exc)
    return e


def validate_psfs_activities(names: Sequence[str]) -> dict[str, str]:
    """The patient names 3 to 5 activities, each short and distinct."""
    cleaned = [n.strip() for n in names]
    if not PSFS_MIN_ACTIVITIES <= len(cleaned) <= PSFS_MAX_ACTIVITIES:
        return {"activities": f"Name {PSFS_MIN_ACTIVITIES} to {PSFS_MAX_ACTIVITIES} activities "
                              f"(got {len(cleaned)})."}
    for i, name in enumerate(cleaned, start=1):
        if not name:
            return {"activities": f"Activity {i} has no name."}
        if len(name) > PSFS_NAME_MAX:
            return {"activities": f"Activity {i} is too long: at most {PSFS_NAME_MAX} characters."}
    if len({n.casefold() for n in cleaned}) != len(cleaned):
        return {"activities": "Each activity may appear only once."}
    return {}


def score_visit(m: VisitMeasures, settings: ClinicalSettings | None = None) -> VisitScores:
    """Score every recorded instrument (call only on validated measures); the ODI honours the
    practice's ``odi_max_missing``."""
    cfg = resolve(settings)
    return VisitScores(
        odi=score_odi(m.odi, cfg.odi_max_missing) if m.odi is not None else None,
        rmdq=score_rmdq(sorted(m.rmdq)) if m.rmdq is not None else None,
        psfs=score_psfs(m.psfs.ratings) if m.psfs is not None else None,
        startback=score_startback(m.startback.agree, m.startback.bothersomeness)
        if m.startback is not None else None,
    )


def measures_to_data(m: VisitMeasures) -> dict[str, Any]:
    """JSON-safe form."""
    return {
        "nprs": {name: getattr(m.nprs, name) for name in NPRS_FIELDS},
        "odi": list(m.odi) if m.odi is not None else None,
        "rmdq": sorted(m.rmdq) if m.rmdq is not None else None,
        "psfs": ({"series_id": m.psfs.series_id, "ratings": list(m.psfs.ratings)}
                 if m.psfs is not None else None),
        "startback": ({"agree": list(m.startback.agree),
                       "bothersomeness": m.startback.bothersomeness.value}
                      if m.startback is not None else None),
    }


def measures_from_data(data: Mapping[str, Any]) -> VisitMeasures:
    """Rebuild from ``measures_to_data`` output."""
    unknown = set(data) - {"nprs", "odi", "rmdq", "psfs", "startback"}
    if unknown:
        raise InvalidValue(msg("measures.outcomes.measures_unknown_field_s",
                               value=', '.join(sorted(unknown))))
    nprs = NprsValues(**(data.get("nprs") or {}))
    odi = tuple(data["odi"]) if data.get("odi") is not None else None
    rmdq = frozenset(data["rmdq"]) if data.get("rmdq") is not None else None
    psfs_raw = data.get("psfs")
    psfs = (PsfsRatings(int(psfs_raw["series_id"]), tuple(float(r) for r in psfs_raw["ratings"]))
            if psfs_raw else None)
    sb = data.get("startback")
    startback = (StartBackAnswers(tuple(bool(a) for a in sb["agree"]),
                                  Bothersomeness(sb["bothersomeness"])) if sb else None)
    return VisitMeasures(nprs, odi, rmdq, psfs, startback)


