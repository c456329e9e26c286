"""Read models of the red-flag screen: raised flags, past screens, and what locks loading."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from clinic_app.domain.safety.red_flags import RedFlag, RedFlagItem, RedFlagTier, exercise_confirmable, screen
from clinic_app.domain.safety.statement import FlagState, RedFlagStatement, concern, red_flag_statement
from clinic_app.services.context import Changes


@dataclass(frozen=True, slots=True)
class RedFlagEventRow:
    """A raised flag and where it stands."""

    id: int
    item: RedFlagItem
    tier: RedFlagTier
    description: str
    advice: str
    raised_at: datetime
    acknowledged_at: datetime | None
    acknowledged_by: str
    action_taken: str
    resolved_at: datetime | None
    resolved_by: str
    outcome: str
    version: int

    @property
    def open(self) -> bool:
        """True until a clinician records the outcome."""
        return self.resolved_at is None

    @property
    def needs_acknowledgement(self) -> bool:
        """An emergency flag must be acknowledged with the action taken."""
        return self.tier is RedFlagTier.EMERGENCY and self.acknowledged_at is None

    @property
    def confirmable(self) -> bool:
        """A prompt flag (not F3): the clinician confirms, with a reason, that exercise may continue."""
        return exercise_confirmable(self.item, self.tier)

    @property
    def needs_confirmation(self) -> bool:
        """A prompt flag still waiting for the clinician's confirmation that exercise may continue."""
        return self.confirmable and self.acknowledged_at is None and self.open

    @property
    def state(self) -> FlagState:
        """The flag as the domain's red-flag statement sees it."""
        return FlagState(self.item, self.tier, open=self.open,
                         confirmed=self.confirmable and self.acknowledged_at is not None)


@dataclass(frozen=True, slots=True)
class ScreenRow:
    """A past screen: when, by whom, and the answers given."""

    id: int
    screened_at: datetime
    screened_by: str
    answers: Mapping[RedFlagItem, bool | None]
    severe_pain: bool

    @property
    def raised(self) -> list[RedFlag]:
        """The flags these answers raise."""
        return screen(self.answers, severe_pain=self.severe_pain)


@dataclass(frozen=True, slots=True)
class RedFlagStatus:
    """What the chart header and the plan need: open flags and whether loading is locked."""

    episode_id: int
    open_events: tuple[RedFlagEventRow, ...]
    last_screen: ScreenRow | None

    @property
    def locking_events(self) -> tuple[RedFlagEventRow, ...]:
        """Open emergency and urgent flags, F3 (stop running), and prompt flags whose continuation
        of exercise the clinician has not confirmed: they hold loading and loading handouts."""
        return tuple(e for e in self.open_events if e.state.holds_loading)

    @property
    def loading_locked(self) -> bool:
        """True while exercise loading and return-to-run must not progress."""
        return bool(self.locking_events)

    @property
    def lock_reason(self) -> str:
        """Why loading is locked, in words (empty when it is not)."""
        locking = self.locking_events
        if not locking:
            return ""
        parts = [f"{e.tier.value} red flag {concern(e.item)} — "
                 + ("confirm on the red-flag page, with the reason, that exercise may continue"
                    if e.confirmable else e.state.state_words) for e in locking]
        tail = (" A clinician must record the outcome of the medical review first."
                if any(not e.confirmable for e in locking) else "")
        return f"Loading is locked: {'; '.join(parts)}.{tail}"

    @property
    def referral_tasks(self) -> tuple[RedFlagEventRow, ...]:
        """Open prompt flags: each is a referral for medical review that stays until it is closed."""
        return tuple(e for e in self.open_events if e.tier is RedFlagTier.PROMPT)

    @property
    def statement(self) -> RedFlagStatement:
        """The one red-flag statement (C3) for every screen and document."""
        last = self.last_screen
        return red_flag_statement(last.answers if last else None,
                                  last.screened_at.astimezone().date() if last else None,
                                  [e.state for e in self.open_events],
                                  severe_pain=last.severe_pain if last else False)


@dataclass(frozen=True, slots=True)
class ScreenResult:
    """What a new screen raised."""

    changes: Changes
    screen_id: int
    flags: tuple[RedFlag, ...]
    new_events: tuple[RedFlagEventRow, ...]
