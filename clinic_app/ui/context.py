"""What every view needs from the composition root, passed in explicitly (no global hub)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QSettings

from clinic_app.domain.clock import SYSTEM_CLOCK, Clock
from clinic_app.domain.measures.instrument_text import DEFAULT_TEXT, InstrumentText
from clinic_app.services.context import Actor
from clinic_app.services.registry import Services
from clinic_app.settings import AppSettings
from clinic_app.ui.change_bus import ChangeBus
from clinic_app.ui.tasks import TaskRunner


@dataclass
class UiContext:
    """Services, the two runners, the change bus, settings and the signed-in user."""

    services: Services
    reads: TaskRunner
    writes: TaskRunner
    bus: ChangeBus
    settings: AppSettings
    qsettings: QSettings
    actor: Actor | None = None
    instrument_text: InstrumentText = DEFAULT_TEXT
    clock: Clock = SYSTEM_CLOCK

    def today(self) -> date:
        """Today's date by the app's one clock."""
        return self.clock.today()

    def require_actor(self) -> Actor:
        """The signed-in user (every write needs one)."""
        if self.actor is None:
            raise RuntimeError("no user is signed in")
        return self.actor
