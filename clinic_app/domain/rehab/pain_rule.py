"""The one pain rule patients are given (CLINICAL.md C6), worded once for every screen and document.

Patients were told three different limits on different sheets. Every patient document now
prints these three lines, built from the same settings the walk/run engine decides with, so
what a runner reads and what the app decides cannot drift apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from clinic_app.domain.settings import ClinicalSettings, resolve


@dataclass(frozen=True, slots=True)
class PainRuleLine:
    """One activity and its limit: ``Walk/run sessions`` + ``a good session stays at 3/10 or less``."""

    activity: str
    limit: str

    def sentence(self) -> str:
        """The line as printed: ``Walk/run sessions: a good session stays at 3/10 or less.``"""
        return f"{self.activity}: {self.limit}."


@dataclass(frozen=True, slots=True)
class PainRule:
    """The pain rule: strength and mobility work, walk/run sessions, and when to stop."""

    exercise: PainRuleLine
    walk_run: PainRuleLine
    stop: PainRuleLine

    @property
    def lines(self) -> tuple[PainRuleLine, PainRuleLine, PainRuleLine]:
        """The three lines in the order they are printed."""
        return (self.exercise, self.walk_run, self.stop)

    def text(self) -> str:
        """The whole rule as one paragraph (for a screen or a tooltip)."""
        return " ".join(line.sentence() for line in self.lines)


PAIN_SCALE = "Score your pain from 0 (no pain) to 10 (the worst pain you can imagine)."
"""How the 0-10 scale is explained to patients next to the rule."""

NERVE_WARNING = ("New numbness, pins and needles or weakness, or pain spreading further down your "
                 "leg: stop and tell us, whatever the pain score.")
"""The stop rule that does not depend on the pain score."""

_LIMIT = re.compile(r"\b(\d{1,2})\s*(?:/|out of)\s*10\b")


def patient_pain_rule(settings: ClinicalSettings | None = None) -> PainRule:
    """The rule with the practice's limits (defaults: 5/10 for exercises, 3/10 for walk/run)."""
    cfg = resolve(settings)
    acceptable, good_run = cfg.pain_acceptable_max, cfg.rtr_session_pain_limit
    return PainRule(
        PainRuleLine("Strength and mobility exercises",
                     f"up to {acceptable}/10 is acceptable if it settles by the next morning"),
        PainRuleLine("Walk/run sessions", f"a good session stays at {good_run}/10 or less"),
        PainRuleLine("Any activity", f"above {acceptable}/10, stop and tell us"),
    )


def pain_limits_in(text: str) -> list[str]:
    """Every pain limit written in ``text`` (``5/10``, ``3 out of 10``), as ``n/10``.

    Used to check that a patient text states no limit of its own beside the rule.
    """
    return [f"{m.group(1)}/10" for m in _LIMIT.finditer(text)]
