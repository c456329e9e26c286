"""The progress letter to the referring doctor: findings, outcome measures with graphs, the plan."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer, Table, TableStyle

from clinic_app.reports.blocks import data_table, heading
from clinic_app.reports.document import StoryContext, build_pdf
from clinic_app.reports.documents.charts import bar_chart, line_chart
from clinic_app.reports.documents.common import bullets, fixed, signature, style
from clinic_app.reports.documents.data import LetterData, long_date
from clinic_app.reports.paragraph import user_paragraph
from clinic_app.reports.styles import Branding
from clinic_app.reports.text import para_text

TITLE = "Physiotherapy progress report"


def _mcid(meets: bool | None) -> str:
    return {True: "Met", False: "Not met", None: "—"}[meets]


def build_progress_letter(data: LetterData, branding: Branding, out: Path | str | BinaryIO) -> int:
    """Render the letter to ``out``; returns the number of pages."""

    def story(ctx: StoryContext) -> Iterable[Flowable]:
        styles = ctx.styles
        s = styles.base_size
        yield fixed(long_date(data.issued_on), styles.body)
        if data.referrer.strip():
            yield user_paragraph(data.referrer, style(styles, "Addressee", styles.body, spaceBefore=s * 0.4))
        yield Spacer(1, s * 0.4)
        yield fixed("Dear colleague,", styles.body)
        born = f", born {long_date(data.patient.birth_date)}" if data.patient.birth_date else ""
        yield fixed(f"<b>Re: {para_text(data.patient.name)}{born}, {para_text(data.patient.chart_label)}</b>",
                    styles.body)
        visits = f"{data.visits} visit{'s' if data.visits != 1 else ''}"
        complaint = para_text(data.complaint.strip() or "low back pain")
        referred = bool(data.referrer.strip()) and "self" not in data.referrer.casefold()
        opening = "Thank you for referring" if referred else "I am writing to update you on"
        yield fixed(f"{opening} {para_text(data.patient.name)}, whom we have seen for {visits} since "
                    f"{long_date(data.episode_start)} with {complaint}. This report summarises our "
                    "findings, the change in outcome measures and the current plan.", styles.body)

        yield from heading("Findings", styles)
        if data.intake_summary.strip():
            yield user_paragraph(data.intake_summary, styles.body)
        if data.exam_lines:
            yield fixed("<b>Examination</b>", style(styles, "ExamLabel", styles.body, spaceAfter=s * 0.2))
            yield bullets(data.exam_lines, style(styles, "ExamLine", styles.body, spaceAfter=s * 0.2))

        yield from heading("Outcome measures since the first visit", styles)
        if data.outcomes:
            rows = [[o.label, o.baseline, o.latest, o.change, o.percent, _mcid(o.meets_mcid)]
                    for o in data.outcomes]
            yield data_table(["Measure", "Baseline", "Latest", "Change", "Improvement", "MCID"], rows,
                             styles, ctx.width, [1.5, 1.1, 1.1, 1.0, 1.2, 1.0])
            yield Spacer(1, s * 0.4)
        else:
            yield fixed("Outcome measures have not been repeated yet, so no change can be reported.",
                        styles.body)
        lines = [*(o.verdict for o in data.outcomes if o.verdict.strip()), *data.interpretation]
        if lines:
            label = style(styles, "InterpLabel", styles.body, spaceAfter=s * 0.2)
            yield fixed("<b>Interpretation</b>", label)
            yield bullets(lines, style(styles, "InterpLine", styles.body, spaceAfter=s * 0.2))
        yield from _graphs(data, ctx)

        yield from heading("Current plan", styles)
        if data.plan_phase.strip():
            yield fixed(f"Rehabilitation phase: <b>{para_text(data.plan_phase)}</b>", styles.body)
        if data.plan:
            yield data_table(["Exercise", "Dose"], [[p.name, p.dose] for p in data.plan], styles,
                             ctx.width, [2.2, 3.8])
        else:
            yield fixed("No home exercise plan has been set yet.", styles.body)
        if data.run_stage.strip():
            yield Spacer(1, s * 0.4)
            yield user_paragraph(data.run_stage, styles.body)
        yield Spacer(1, s * 0.6)
        yield fixed("Please contact me if you would like to discuss this patient's care. We will write "
                    "again at discharge or if anything changes that needs your attention.", styles.body)
        yield KeepTogether(signature(styles, data.clinician, data.practice))

    return build_pdf(out, TITLE, story, branding, data.patient.line())


def _graphs(data: LetterData, ctx: StoryContext) -> Iterable[Flowable]:
    if not (data.pain_back or data.pain_leg or data.odi or data.weekly_km):
        return
    s = ctx.styles.base_size
    half = (ctx.width - s) / 2
    height = max(130.0, s * 13)
    accent = ctx.styles.accent
    pain = line_chart("Pain now (NPRS, 0–10)", [("Back", data.pain_back), ("Leg", data.pain_leg)],
                      half, height, low=0, high=10, accent=accent)
    odi = line_chart("Oswestry Disability Index", [("ODI", data.odi)], half, height, low=0, high=100,
                     unit="%", accent=accent)
    pair = Table([[pain, odi]], colWidths=[half + s, half],
                 style=TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0),
                                   ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                   ("VALIGN", (0, 0), (-1, -1), "TOP")]), hAlign="LEFT")
    yield CondPageBreak(height * 2 + s * 6)
    yield Spacer(1, s * 0.6)
    yield pair
    if data.weekly_km:
        yield Spacer(1, s * 0.6)
        yield bar_chart("Running distance per week (km)", data.weekly_km, ctx.width, height * 0.9,
                        accent=accent)
