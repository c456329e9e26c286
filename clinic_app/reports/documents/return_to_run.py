"""The walk/run return-to-run schedule: stages with planned dates, the 24-hour rule and a log."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from pathlib import Path
from typing import BinaryIO

from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer

from clinic_app.domain.rehab.return_to_run import FINAL_STAGE, WALK_RUN_STAGES
from clinic_app.reports.blocks import data_table, heading
from clinic_app.reports.document import StoryContext, build_pdf
from clinic_app.reports.documents.common import (
    SAFE,
    SAFE_TINT,
    bullets,
    fixed,
    log_table,
    pain_rule_box,
    panel,
    safety_net,
    style,
    tint,
)
from clinic_app.reports.documents.data import RunScheduleData, StageRow, long_date, short_date
from clinic_app.reports.styles import Branding
from clinic_app.reports.text import para_text

TITLE = "Your return-to-run programme"


def schedule_stages(current_stage: int, first_day: date, *, sessions_per_stage: int = 2,
                    final_sessions: int = 3, gap_days: int = 2) -> tuple[StageRow, ...]:
    """Every stage with planned dates from ``current_stage`` on, sessions ``gap_days`` apart.

    Earlier stages are marked done. The plan assumes every session goes well; a repeated stage
    moves the later dates back, which the handout says.
    """
    if not 1 <= current_stage <= FINAL_STAGE:
        raise ValueError(f"The walk/run stage must be 1-{FINAL_STAGE}, not {current_stage}")
    rows, day = [], first_day
    for stage in WALK_RUN_STAGES:
        if stage.number < current_stage:
            rows.append(StageRow(stage.number, stage.format, stage.total_min, (), done=True))
            continue
        count = final_sessions if stage.number == FINAL_STAGE else sessions_per_stage
        planned = tuple(day + timedelta(days=gap_days * i) for i in range(count))
        day = planned[-1] + timedelta(days=gap_days)
        rows.append(StageRow(stage.number, stage.format, stage.total_min, planned))
    return tuple(rows)


def build_run_schedule(data: RunScheduleData, branding: Branding, out: Path | str | BinaryIO) -> int:
    """Render the schedule to ``out``; returns the number of pages."""

    def story(ctx: StoryContext) -> Iterable[Flowable]:
        styles = ctx.styles
        s = styles.base_size
        current = next((r for r in data.stages if r.number == data.current_stage), None)
        who = f"For <b>{para_text(data.patient.name)}</b>"
        if data.clinician.strip():
            who += f", from {para_text(data.clinician)}"
        yield fixed(f"{who}, {long_date(data.issued_on)}", styles.muted)
        start = (f"You start at <b>stage {data.current_stage}</b>"
                 + (f" on <b>{long_date(current.planned[0])}</b>." if current and current.planned else "."))
        yield panel([fixed(start, styles.body), fixed(
            "Run every other day, on flat, even ground with no hills. Go at an easy pace: you should "
            "be able to talk in full sentences. Before you start you should be able to walk briskly "
            "for 30 minutes without pain.", style(styles, "RtrLead", styles.body, spaceAfter=0))],
            ctx.width, styles, background=tint(styles.accent, 0.9), border=styles.accent)
        yield from heading("The stages", styles)
        rows = []
        for row in data.stages:
            when = "Done" if row.done else "  ·  ".join(short_date(d) for d in row.planned)
            marker = " (start here)" if row.number == data.current_stage else ""
            rows.append([f"{row.number}{marker}", row.format, f"{row.total_min} min", when])
        yield data_table(["Stage", "What to do", "Total", "Planned dates"], rows, styles, ctx.width,
                         [1.1, 2.8, 0.9, 2.6])
        yield fixed("The dates assume every session goes well. If you repeat a stage, simply move the "
                    "later dates back: that is normal and part of the plan.", styles.muted)
        yield from _rule(data, ctx)
        yield CondPageBreak(s * 18)
        yield from heading("Your running log", styles)
        yield fixed("Fill in a line after each session, and the next-morning score the following day. "
                    "Bring this sheet to your next visit.", styles.body)
        yield log_table(["Date", "Stage", "Pain during (0–10)", "Next morning (0–10)", "Notes"], [],
                        styles, ctx.width, [1.3, 0.8, 1.3, 1.4, 3.2], blank_rows=data.log_rows,
                        row_padding=0.45)
        yield from pain_rule_box(styles, ctx.width, data.pain_rule)
        yield from safety_net(styles, ctx.width, data.emergency_number)

    return build_pdf(out, TITLE, story, branding, data.patient.line())


def _rule(data: RunScheduleData, ctx: StoryContext) -> Iterable[Flowable]:
    styles = ctx.styles
    s = styles.base_size
    morning = ("no worse than your usual morning level" if data.morning_allowance == 0
               else f"no more than {data.morning_allowance} point above your usual morning level")
    run = data.pain_rule.walk_run
    yield from heading("The 24-hour rule: when to move on", styles)
    yield fixed("Your back tells you how a session went, during it and over the next 24 hours.",
                styles.body)
    yield panel([fixed(f"<b>{para_text(run.activity)}:</b> {para_text(run.limit)}.",
                       style(styles, "RunRule", styles.body, spaceAfter=0))],
                ctx.width, styles, background=SAFE_TINT, border=SAFE)
    yield fixed("A session was <b>good</b> when, as well as that, all of these are true:",
                style(styles, "RuleIntro", styles.body, spaceBefore=s * 0.5))
    item = style(styles, "RuleItem", styles.body, spaceAfter=s * 0.2)
    yield bullets([
        "you had <b>no new or worse leg symptoms</b> (numbness, pins and needles, weakness, or pain "
        "spreading down the leg);",
        f"the <b>next morning</b> your pain was {morning};",
        "you have <b>no new swelling, stiffness or limp</b>.",
    ], item, typed=False)
    yield Spacer(1, s * 0.3)
    then = bullets([
        f"<b>{data.sessions_to_advance} good sessions in a row</b> at a stage: move on to the next "
        "stage.",
        "One session that was not good: <b>repeat</b> the same stage next time.",
        "A session where you had to stop (see the pain rule box), two in a row that were not good, or "
        "symptoms that last more than 48 hours: <b>go back one stage</b> and tell us.",
        "<b>New numbness or weakness</b>, or any of the warning signs below: <b>stop running</b> and "
        "contact us.",
        f"The programme is complete after <b>{data.final_stage_sessions} good 30-minute runs</b> "
        "(stage 8) on days that are not back to back.",
    ], item, typed=False)
    yield KeepTogether([fixed("<b>Then:</b>", styles.body), then])
