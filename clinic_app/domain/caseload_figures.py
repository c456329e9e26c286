"""The caseload read model: the figures and their denominators, and the words they are said in.

One wording for every screen and document (the Outcomes view, its CSV and its PDF): small
numbers are never turned into percentages, a change is judged only where a baseline and a later
measurement exist, and a red-flag screen with items not asked is never called clear (C3).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from clinic_app.domain.caseload import TOO_FEW, TOO_FEW_TEXT, Presentation

__all__ = ["TABLE_HEADER", "CaseloadFilter", "CaseloadReport", "MeasureOutcome"]


@dataclass(frozen=True, slots=True)
class CaseloadFilter:
    """The episodes to look at: started from ``start`` to ``end`` (both included)."""

    start: date
    end: date
    clinician_id: int | None = None
    presentation: Presentation | None = None
    startback: str | None = None
    """``low``/``medium``/``high``, ``not_recorded``, or None for any."""


@dataclass(frozen=True, slots=True)
class MeasureOutcome:
    """One measure's completion and change over the selected episodes, with denominators."""

    key: str
    label: str
    rule: str
    """The meaningful-change rule in words (empty for STarT Back, which is not a change measure)."""
    baseline_recorded: int
    """Episodes with the measure at their first visit (of all selected episodes)."""
    discharge_recorded: int
    """Discharged episodes with the measure at their last visit (of the discharged)."""
    with_both: int = 0
    """Episodes with a baseline and at least one later measurement."""
    judged: int = 0
    """Of those, the ones whose baseline was high enough to judge a change (C9)."""
    reached: int = 0
    median_improvement: float | None = None
    histogram: tuple[tuple[str, int], ...] = ()

    @property
    def too_low(self) -> int:
        """Episodes with both measurements whose baseline was too low to judge."""
        return self.with_both - self.judged

    @property
    def reached_pct(self) -> float | None:
        """Share reaching the rule, in %; None with fewer than ``TOO_FEW`` episodes to judge."""
        return None if self.judged < TOO_FEW else 100 * self.reached / self.judged

    @property
    def median_shown(self) -> float | None:
        """The median improvement, or None with fewer than ``TOO_FEW`` episodes."""
        return None if self.with_both < TOO_FEW else self.median_improvement

    @property
    def is_change_measure(self) -> bool:
        """STarT Back stratifies; it has no meaningful-change rule."""
        return bool(self.rule)


@dataclass(frozen=True, slots=True)
class CaseloadReport:
    """Every caseload indicator for one filter."""

    filter: CaseloadFilter
    episodes: int
    discharged: int
    visits: int
    median_visits: float | None
    unscreened_episodes: int
    screens: int
    screens_not_asked: int
    items_not_asked: int
    walk_run_started: int
    walk_run_completed: int
    median_days_to_complete: float | None
    measures: tuple[MeasureOutcome, ...] = field(default=())

    @property
    def too_few(self) -> bool:
        """Fewer than ``TOO_FEW`` episodes: nothing is compared."""
        return self.episodes < TOO_FEW

    @property
    def mean_visits(self) -> float | None:
        """Visits per episode, on average."""
        return self.visits / self.episodes if self.episodes else None

    def measure(self, key: str) -> MeasureOutcome:
        """A measure's row by key (``nprs_back``, ``odi``, ``startback``…)."""
        return next(m for m in self.measures if m.key == key)


def share(part: int, whole: int) -> str:
    """``12 of 40 (30%)``; the percentage only from ``TOO_FEW`` episodes up."""
    if whole == 0:
        return "none"
    if whole < TOO_FEW:
        return f"{part} of {whole}"
    return f"{part} of {whole} ({100 * part / whole:.0f}%)"


def number(value: float | None, places: int = 1) -> str:
    """A figure for a table cell, ``—`` when there is none."""
    return "—" if value is None else f"{value:.{places}f}"


def reached_text(m: MeasureOutcome) -> str:
    """How many reached the meaningful change, said only as strongly as the numbers allow."""
    if not m.is_change_measure:
        return "not a change measure (used to stratify care)"
    if m.with_both == 0:
        return "no episode had a baseline and a later measurement"
    if m.judged == 0:
        return "every baseline was too low to judge"
    if m.judged < TOO_FEW:
        return f"{m.reached} of {m.judged}: {TOO_FEW_TEXT}"
    return f"{m.reached} of {m.judged} ({100 * m.reached / m.judged:.0f}%)"


def denominator_text(m: MeasureOutcome, episodes: int) -> str:
    """Whose change was judged: ``12 of 40 episodes had both; 2 with a baseline too low to judge``."""
    if not m.is_change_measure:
        return ""
    text = f"{m.with_both} of {episodes} episodes had a baseline and a later measurement"
    if m.too_low:
        text += f"; {m.too_low} with a baseline too low to judge"
    return text


def median_text(m: MeasureOutcome) -> str:
    """The median improvement (positive is better), or why it is not shown."""
    if not m.is_change_measure or m.with_both == 0:
        return "—"
    if m.with_both < TOO_FEW:
        return TOO_FEW_TEXT
    places = 2 if m.key == "psfs" else 1
    return f"{m.median_improvement:+.{places}f}" if m.median_improvement is not None else "—"


def screens_text(report: CaseloadReport) -> str:
    """Red-flag screening in plain words (C3: items not asked are never called "no")."""
    if report.screens == 0:
        return "No red-flag screen was recorded in these episodes."
    text = (f"{report.screens} red-flag screens were recorded; {report.screens_not_asked} of them "
            f"had items not asked ({report.items_not_asked} items in all), which are not counted "
            "as answered no.")
    if report.unscreened_episodes:
        text += f" {report.unscreened_episodes} of {report.episodes} episodes have no screen."
    return text


def running_text(report: CaseloadReport) -> str:
    """The walk/run programme: started, completed and the median days to complete it."""
    if report.walk_run_started == 0:
        return "No episode logged a walk/run session."
    text = (f"{share(report.walk_run_started, report.episodes)} episodes started the walk/run "
            f"programme; {share(report.walk_run_completed, report.walk_run_started)} of those "
            "completed it (back to 30-minute runs).")
    if report.walk_run_completed >= TOO_FEW and report.median_days_to_complete is not None:
        text += (f" Median time from the start of the episode: "
                 f"{report.median_days_to_complete:.0f} days.")
    elif report.walk_run_completed:
        text += f" Time to complete: {TOO_FEW_TEXT}."
    return text


def filter_text(wanted: CaseloadFilter, clinician: str = "") -> str:
    """The selection in words, for report headers and exports."""
    parts = [f"Episodes started {wanted.start.isoformat()} to {wanted.end.isoformat()}",
             clinician or "all clinicians",
             Presentation(wanted.presentation).label if wanted.presentation else "all presentations",
             _STARTBACK_WORDS.get(wanted.startback or "", "any STarT Back group")]
    return " · ".join(parts)


_STARTBACK_WORDS = {"low": "STarT Back low risk", "medium": "STarT Back medium risk",
                    "high": "STarT Back high risk", "not_recorded": "no STarT Back recorded"}


TABLE_HEADER = ("Measure", "Meaningful change", "At first visit", "At discharge", "Both measured",
                "Too low to judge", "Reached meaningful change", "%", "Median improvement")


def summary_lines(report: CaseloadReport) -> list[tuple[str, str]]:
    """The caseload as label, value pairs (screen, CSV and PDF)."""
    visits = (f"{number(report.mean_visits)} on average, median {number(report.median_visits)}"
              if report.episodes else "—")
    return [("Episodes", str(report.episodes)),
            ("Discharged", share(report.discharged, report.episodes)),
            ("Visits per episode", visits),
            ("Walk/run programme", running_text(report)),
            ("Red-flag screens", screens_text(report))]


def measure_cells(m: MeasureOutcome, report: CaseloadReport) -> list[str]:
    """One measure's row: rule, completion, denominators, reached and median."""
    pct = m.reached_pct
    return [m.label, m.rule or "—", share(m.baseline_recorded, report.episodes),
            share(m.discharge_recorded, report.discharged),
            str(m.with_both) if m.is_change_measure else "—",
            str(m.too_low) if m.is_change_measure else "—", reached_text(m),
            f"{pct:.0f}" if pct is not None else "", median_text(m)]
