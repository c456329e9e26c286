"""Return to performance: after walk/run, distance first, then speed, then hills (CLINICAL.md §5.1
phase 4), with the runner's stride and shoes, the pain rule, bone stress warning signs and a log."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import BinaryIO

from reportlab.platypus import Flowable, KeepTogether, Spacer

from clinic_app.domain.rehab.pain_rule import PainRule, patient_pain_rule
from clinic_app.reports.blocks import heading
from clinic_app.reports.document import StoryContext, build_pdf
from clinic_app.reports.documents.common import (
    bullets,
    fixed,
    log_table,
    pain_rule_box,
    panel,
    safety_net,
    style,
    tint,
)
from clinic_app.reports.documents.data import PatientHeader, long_date
from clinic_app.reports.styles import Branding
from clinic_app.reports.text import para_text

TITLE = "Your return to full running"
KM_PER_MILE = 1.609344


@dataclass(frozen=True, slots=True)
class ShoeLine:
    """A pair of shoes the runner uses and how far it has been run in."""

    name: str
    """Typed text (brand and model)."""
    km: float


@dataclass(frozen=True, slots=True)
class StrideAdvice:
    """A step-rate suggestion the clinician's assessment supports (overstriding seen)."""

    current: int
    low: int
    high: int


@dataclass(frozen=True, slots=True)
class ReturnToPerformanceData:
    """One runner's return-to-performance sheet."""

    patient: PatientHeader
    issued_on: date
    clinician: str = ""
    emergency_number: str = ""
    race: str = ""
    """Typed text: the next race and its date, e.g. ``Leeds Half Marathon, 3 May 2027``."""
    stride: StrideAdvice | None = None
    shoes: tuple[ShoeLine, ...] = ()
    log_rows: int = 16
    pain_rule: PainRule = field(default_factory=patient_pain_rule)


STEPS = (
    "<b>Distance first.</b> Keep every run easy: you should be able to talk in full sentences. "
    "Run on flat ground. Add distance a little at a time, and keep any single run within about "
    "10% of your longest run of the past month.",
    "<b>Then speed.</b> When your usual week of easy running feels comfortable and your back is no "
    "worse on the mornings after, add faster running to one run a week, for example a few short, "
    "faster stretches in the middle of an easy run. Do not add distance in the same week.",
    "<b>Then hills.</b> Add uphill running first, then downhill, a little at a time. Downhill "
    "running is usually the last thing to add.",
    "<b>Then race training</b>, if you are training for a race: longer runs and sessions at race "
    "pace, building towards the day.",
)
BONE_STRESS_SIGNS = (
    "deep pain in your lower back, buttock, hip or groin that gets <b>worse with each run</b>;",
    "pain when you <b>hop</b> on one leg;",
    "pain over a bone that is sore to press.",
)


def _distance(km: float) -> str:
    return f"{km:.0f} km ({km / KM_PER_MILE:.0f} miles)"


def _stride(data: ReturnToPerformanceData, ctx: StoryContext) -> Iterable[Flowable]:
    styles = ctx.styles
    yield from heading("Your stride", styles)
    if data.stride is not None:
        s = data.stride
        yield fixed(
            "When we watched you run, your foot tended to land well in front of your body "
            "(overstriding). Try slightly shorter, quicker steps: about "
            f"<b>{s.low} to {s.high} steps a minute</b>, instead of your current {s.current}. "
            "Count your steps for one minute, or use a watch, and make the change on easy runs "
            "first.", styles.body)
        yield fixed("In studies of healthy runners, slightly quicker steps reduced the load taken "
                    "at the hips and knees. It is a suggestion to try, not a rule.", styles.muted)
    else:
        yield fixed("You do not need to change the way you run unless we suggested it. If we did, "
                    "take slightly shorter, quicker steps and let your foot land closer to under "
                    "your body.", styles.body)


def _shoes(data: ReturnToPerformanceData, ctx: StoryContext) -> Iterable[Flowable]:
    styles = ctx.styles
    item = style(styles, "RtpShoe", styles.body, spaceAfter=styles.base_size * 0.15)
    yield from heading("Your shoes", styles)
    lines = [f"Your {para_text(shoe.name)}: about {_distance(shoe.km)} so far." for shoe in data.shoes]
    lines += [
        "Keep to shoes you are used to while you build up.",
        "If you want to change to a very different shoe (much lower, lighter or firmer), wait until "
        "you are back to your usual running, then bring it in gradually, starting with short runs.",
        "Running shoes wear out: check yours when the midsole looks creased or the shoe feels flat.",
    ]
    yield bullets(lines, item, typed=False)


def build_return_to_performance(data: ReturnToPerformanceData, branding: Branding,
                                out: Path | str | BinaryIO) -> int:
    """Render the sheet to ``out``; returns the number of pages."""

    def story(ctx: StoryContext) -> Iterable[Flowable]:
        styles = ctx.styles
        s = styles.base_size
        who = f"For <b>{para_text(data.patient.name)}</b>"
        if data.clinician.strip():
            who += f", from {para_text(data.clinician)}"
        yield fixed(f"{who}, {long_date(data.issued_on)}", styles.muted)
        lead = style(styles, "RtpLead", styles.body, spaceAfter=0)
        intro = [fixed("You have finished the walk/run programme. This sheet takes you on to your "
                       "usual running, then to faster running and hills, in that order and one "
                       "step at a time.", lead)]
        if data.race.strip():
            intro.append(fixed(f"Your goal: <b>{para_text(data.race)}</b>.",
                               style(styles, "RtpRace", lead, spaceBefore=s * 0.4)))
        yield panel(intro, ctx.width, styles, background=tint(styles.accent, 0.9), border=styles.accent)
        yield from heading("The order: distance first, then speed, then hills", styles)
        step = style(styles, "RtpStep", styles.body, spaceAfter=s * 0.3)
        yield bullets(list(STEPS), step, typed=False, numbered=True)
        yield fixed("Change one thing at a time. After illness, travel or poor sleep, or if your "
                    "back is worse the next morning, take an easier day and go back one step.",
                    styles.body)
        yield from _stride(data, ctx)
        yield from _shoes(data, ctx)
        yield from heading("Signs of a stress injury in a bone", styles)
        yield fixed("Stop running and contact us if you notice:", styles.body)
        yield bullets(list(BONE_STRESS_SIGNS), style(styles, "RtpSign", styles.body,
                                                     spaceAfter=s * 0.15), typed=False)
        yield from pain_rule_box(styles, ctx.width, data.pain_rule)
        yield from safety_net(styles, ctx.width, data.emergency_number)
        yield Spacer(1, s * 0.3)
        yield KeepTogether([  # a page to fill in: never split over two sheets
            *heading("Your running log", styles),
            fixed("Fill in a line each week and bring this sheet to your next visit.", styles.body),
            log_table(["Week starting", "Runs", "Longest run", "Total distance", "Faster or hills?",
                       "Back the next morning (0–10)"], [], styles, ctx.width,
                      [1.4, 0.8, 1.2, 1.3, 1.5, 1.6], blank_rows=data.log_rows, row_padding=0.45)])

    return build_pdf(out, TITLE, story, branding, data.patient.line())
