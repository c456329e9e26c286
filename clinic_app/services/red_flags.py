"""Red-flag screening per visit: time-stamped answers, raised flags, acknowledgement, outcome."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from clinic_app.domain.access import Action
from clinic_app.domain.errors import NotFoundError, RecordLocked, ValidationError
from clinic_app.domain.intake.record import NightPain, intake_from_data
from clinic_app.domain.messages import Message, as_message, msg
from clinic_app.domain.patients import NOTE_MAX, age_on
from clinic_app.domain.safety.red_flags import (
    RED_FLAG_INFO,
    RedFlagItem,
    RedFlagTier,
    ScreenSuggestion,
    exercise_confirmable,
    screen,
    screen_suggestions,
)
from clinic_app.persistence.db import Database
from clinic_app.persistence.models import (
    Episode,
    IntakeRevision,
    Patient,
    RedFlagEvent,
    RedFlagScreen,
    Visit,
)
from clinic_app.services.access import authorize
from clinic_app.services.context import Actor, Changes, audit, check_version, display_name, load_episode
from clinic_app.services.red_flag_rows import RedFlagEventRow, RedFlagStatus, ScreenResult, ScreenRow
from clinic_app.services.screening import ScreeningService
from clinic_app.services.text_checks import refuse_unstorable

__all__ = ["RedFlagEventRow", "RedFlagService", "RedFlagStatus", "ScreenResult", "ScreenRow"]

logger = logging.getLogger(__name__)

_TIER_ORDER = {RedFlagTier.EMERGENCY: 0, RedFlagTier.URGENT: 1, RedFlagTier.PROMPT: 2}


def _answers_data(answers: Mapping[Any, bool | None]) -> dict[str, bool | None]:
    return {RedFlagItem(k).value: v for k, v in answers.items()}


class RedFlagService:
    """Record screens, raise and track flags; emergency and urgent flags lock loading."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def record_screen(self, actor: Actor, episode_id: int,
                      answers: Mapping[Any, bool | None], *,
                      severe_pain: bool = False, visit_id: int | None = None,
                      bulk_no: Iterable[RedFlagItem | str] = ()) -> ScreenResult:
        """Store every answer (``None`` = not asked) and raise an event per new flag.

        ``bulk_no`` names the items the clinician marked No in one step after confirming that each
        was asked (C4); the audit trail records them as such.
        """
        authorize(self._db, actor, Action.RECORD_RED_FLAGS)
        complete = {item: answers.get(item, answers.get(item.value)) for item in RedFlagItem}
        try:
            flags = screen(complete, severe_pain=severe_pain)
            in_bulk = sorted({RedFlagItem(i) for i in bulk_no}, key=list(RedFlagItem).index)
        except ValueError as exc:
            raise ValidationError({"answers": as_message(exc)}) from exc
        if any(complete[i] is not False for i in in_bulk):
            raise ValidationError({"answers": msg("red_flags.only_items_answered_no_can")})
        with self._db.writing() as s:
            episode = load_episode(s, episode_id)
            if visit_id is not None:
                visit = s.get(Visit, visit_id)
                if visit is None or visit.episode_id != episode_id:
                    raise ValidationError({"visit": msg("red_flags.visit_does_not_belong_episode")})
            row = RedFlagScreen(episode_id=episode_id, visit_id=visit_id, screened_at=self._db.clock.now(),
                                screened_by_id=actor.user_id, severe_pain=severe_pain,
                                answers=json.dumps(_answers_data(complete)))
            s.add(row)
            s.flush()
            audit(s, actor, "create", "red_flag_screen", row.id,
                  [i.value for i, v in complete.items() if v is not None])
            if in_bulk:
                audit(s, actor, "bulk_no", "red_flag_screen", row.id, [i.value for i in in_bulk])
            already_open = set(self._open(s, episode_id))
            new_events = []
            for flag in flags:
                if flag.item.value in already_open:
                    continue
                event = RedFlagEvent(episode_id=episode_id, screen_id=row.id,
                                     item=flag.item.value, tier=flag.tier.value,
                                     raised_at=row.screened_at, updated_by_id=actor.user_id)
                s.add(event)
                s.flush()
                audit(s, actor, "raise", "red_flag_event", event.id, ["item", "tier"])
                new_events.append(self._event_row(s, event))
            changes = Changes(patients=frozenset({episode.patient_id}), red_flags=True,
                              entity="red_flag_screen", created_id=row.id)
            return ScreenResult(changes, row.id, tuple(flags), tuple(new_events))

    def acknowledge(self, actor: Actor, event_id: int, action_taken: str,
                    expected_version: int) -> Changes:
        """Record the action taken for a flag (required for emergencies)."""
        authorize(self._db, actor, Action.RECORD_RED_FLAGS)
        refuse_unstorable(action_taken, "action_taken")
        text = _required_text("action_taken", action_taken,
                              msg("red_flags.describe_action_taken"))
        with self._db.writing() as s:
            event = self._versioned_event(s, event_id, expected_version)
            if exercise_confirmable(event.item, event.tier):
                raise ValidationError({"action_taken": msg("red_flags.prompt_flag_confirm_whether_exercise")})
            if event.acknowledged_at is not None:
                raise RecordLocked(msg("red_flags.flag_was_already_acknowledged"))
            return self._record_action(s, actor, event, text, "acknowledge")

    def confirm_exercise(self, actor: Actor, event_id: int, reason: str,
                         expected_version: int) -> Changes:
        """Record the clinician's confirmation, with the reason, that exercise may continue despite
        an open prompt flag (C5). The referral task stays open until its outcome is recorded."""
        authorize(self._db, actor, Action.RECORD_RED_FLAGS)
        refuse_unstorable(reason, "reason")
        text = _required_text("reason", reason, msg("red_flags.say_why_exercise_may_continue"))
        with self._db.writing() as s:
            event = self._versioned_event(s, event_id, expected_version)
            if not exercise_confirmable(event.item, event.tier):
                raise ValidationError({"reason": msg("red_flags.only_prompt_flag_other_than")})
            if event.resolved_at is not None:
                raise RecordLocked(msg("red_flags.flag_already_closed"))
            if event.acknowledged_at is not None:
                raise RecordLocked(msg("red_flags.continuing_exercise_was_already_confirmed"))
            return self._record_action(s, actor, event, text, "confirm_exercise")

    def _versioned_event(self, s: Session, event_id: int, expected_version: int) -> RedFlagEvent:
        event = self._event(s, event_id)
        check_version(s, "Red flag", event.version, expected_version, event.updated_by_id,
                      event.updated_at)
        return event

    def _record_action(self, s: Session, actor: Actor, event: RedFlagEvent, text: str,
                       action: str) -> Changes:
        event.acknowledged_at = self._db.clock.now()
        event.acknowledged_by_id = actor.user_id
        event.action_taken = text
        event.updated_by_id = actor.user_id
        s.flush()
        audit(s, actor, action, "red_flag_event", event.id, ["action_taken"])
        return self._changes(s, event)

    def suggestions(self, episode_id: int, today: date) -> list[ScreenSuggestion]:
        """Items to ask because of age, age at onset or the intake's night pain (never answers)."""
        with self._db.reading() as s:
            episode = load_episode(s, episode_id)
            patient = s.get(Patient, episode.patient_id)
            row = s.scalars(select(IntakeRevision).where(IntakeRevision.episode_id == episode_id)
                            .order_by(IntakeRevision.revision.desc()).limit(1)).first()
            intake = intake_from_data(json.loads(row.data)) if row is not None else None
        if patient is None:
            return []
        age = age_on(patient.birth_date, today)
        onset = intake.onset_date if intake is not None else None
        night = intake.pattern.night_pain if intake is not None else None
        try:
            return ScreeningService(self._db).with_f3_suggestion(episode_id, today, screen_suggestions(
                age if 12 <= age <= 100 else None,
                onset_age_years=age_on(patient.birth_date, onset) if onset else None,
                constant_night_pain=night is NightPain.CONSTANT_UNRELIEVED_BY_POSITION))  # C10: F3
        except ValueError:
            logger.warning("No red-flag suggestions for episode %s: age out of range", episode_id)
            return []

    def resolve(self, actor: Actor, event_id: int, outcome: str, expected_version: int) -> Changes:
        """Record the outcome of the medical review; this lifts the lock for that flag."""
        authorize(self._db, actor, Action.RECORD_RED_FLAGS)
        refuse_unstorable(outcome, "outcome")
        text = _required_text("outcome", outcome, msg("red_flags.describe_review_outcome"))
        with self._db.writing() as s:
            event = self._versioned_event(s, event_id, expected_version)
            if event.resolved_at is not None:
                raise RecordLocked(msg("red_flags.flag_was_already_resolved"))
            if event.tier == RedFlagTier.EMERGENCY.value and event.acknowledged_at is None:
                raise ValidationError({"outcome": msg("red_flags.record_action_taken_emergency_flag")})
            event.resolved_at = self._db.clock.now()
            event.resolved_by_id = actor.user_id
            event.outcome = text
            event.updated_by_id = actor.user_id
            s.flush()
            audit(s, actor, "resolve", "red_flag_event", event.id, ["outcome"])
            return self._changes(s, event)

    def status(self, episode_id: int) -> RedFlagStatus:
        """Open flags (most severe first) and the latest screen of an episode."""
        with self._db.reading() as s:
            events = sorted(self._open(s, episode_id).values(),
                            key=lambda e: (_TIER_ORDER[RedFlagTier(e.tier)], e.raised_at))
            last = s.scalars(select(RedFlagScreen).where(RedFlagScreen.episode_id == episode_id)
                             .order_by(RedFlagScreen.screened_at.desc(), RedFlagScreen.id.desc())
                             .limit(1)).first()
            return RedFlagStatus(episode_id, tuple(self._event_row(s, e) for e in events),
                                 self._screen_row(s, last) if last else None)

    def events(self, episode_id: int) -> list[RedFlagEventRow]:
        """Every flag ever raised in the episode, newest first."""
        with self._db.reading() as s:
            rows = s.scalars(select(RedFlagEvent).where(RedFlagEvent.episode_id == episode_id)
                             .order_by(RedFlagEvent.raised_at.desc(), RedFlagEvent.id.desc()))
            return [self._event_row(s, e) for e in rows]

    def screens(self, episode_id: int) -> list[ScreenRow]:
        """Every screen of the episode, newest first."""
        with self._db.reading() as s:
            rows = s.scalars(select(RedFlagScreen).where(RedFlagScreen.episode_id == episode_id)
                             .order_by(RedFlagScreen.screened_at.desc(), RedFlagScreen.id.desc()))
            return [self._screen_row(s, r) for r in rows]

    # -- helpers -------------------------------------------------------------------------

    @staticmethod
    def _open(s: Session, episode_id: int) -> dict[str, RedFlagEvent]:
        rows = s.scalars(select(RedFlagEvent).where(RedFlagEvent.episode_id == episode_id,
                                                    RedFlagEvent.resolved_at.is_(None)))
        return {r.item: r for r in rows}

    @staticmethod
    def _name(s: Session, user_id: int | None) -> str:
        return display_name(s, user_id)

    def _event_row(self, s: Session, e: RedFlagEvent) -> RedFlagEventRow:
        item = RedFlagItem(e.item)
        tier = RedFlagTier(e.tier)
        advice = next((f.advice for f in screen({item: True}) if f.item == item), "")
        return RedFlagEventRow(
            id=e.id, item=item, tier=tier, description=RED_FLAG_INFO[item].description,
            advice=advice, raised_at=e.raised_at, acknowledged_at=e.acknowledged_at,
            acknowledged_by=self._name(s, e.acknowledged_by_id), action_taken=e.action_taken,
            resolved_at=e.resolved_at, resolved_by=self._name(s, e.resolved_by_id),
            outcome=e.outcome, version=e.version)

    def _screen_row(self, s: Session, r: RedFlagScreen) -> ScreenRow:
        answers = {RedFlagItem(k): v for k, v in json.loads(r.answers).items()}
        return ScreenRow(r.id, r.screened_at, self._name(s, r.screened_by_id), answers,
                         r.severe_pain)


    @staticmethod
    def _event(s: Session, event_id: int) -> RedFlagEvent:
        event = s.get(RedFlagEvent, event_id)
        if event is None:
            raise NotFoundError(msg("red_flags.red_flag_does_not_exist", event_id=event_id))
        return event

    @staticmethod
    def _changes(s: Session, event: RedFlagEvent) -> Changes:
        episode = s.get(Episode, event.episode_id)
        patient = frozenset({episode.patient_id}) if episode else frozenset()
        return Changes(patients=patient, red_flags=True, entity="red_flag_event")


def _required_text(field: str, value: str, hint: Message) -> str:
    """The trimmed text, or a field error saying what to write (or that it is too long)."""
    text = value.strip()
    if not text:
        raise ValidationError({field: hint})
    if len(text) > NOTE_MAX:
        raise ValidationError({field: msg("common.too_long", limit=NOTE_MAX)})
    return text
