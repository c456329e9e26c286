"""The progress letter to the referring doctor: findings, outcome measures with graphs, the plan."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from reportlab.graphics.shapes import Drawing
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer

from clinic_app.domain.measures.scoring import BASELINE_TOO_LOW
from clinic_app.reports.blocks import data_table, heading, table_then
from clinic_app.reports.document import StoryContext, build_pdf
from clinic_app.reports.documents.charts import FittedCharts, bar_chart, line_chart
from clinic_app.reports.documents.common import bullets, fixed, signature, style
from clinic_app.reports.documents.data import LetterData, long_date
from clinic_app.reports.documents.letter_text import addressing, in_sentence
from clinic_app.reports.paragraph import user_paragraph
from clinic_app.reports.styles import Branding
from clinic_app.reports.text import para_text

TITLE = "Physiotherapy progress report"
_ROWS_WITH_SIGN_OFF = 2


def _mcid(meets: bool | None) -> str:
    """The MCID column; None is a change from a baseline below the MCID (C9)."""
    return {True: "Met", False: "Not met", None: BASELINE_TOO_LOW.capitalize()}[meets]


def build_progress_letter(data: LetterData, branding: Branding, out: Path | str | BinaryIO) -> int:
    """Render the letter to ``out``; returns the number of pages."""

    def story(ctx: StoryContext) -> Iterable[Flowable]:
        styles = ctx.styles
        s = styles.base_size
        address = addressing(data.referrer)
        yield fixed(long_date(data.issued_on), styles.body)
        if address.addressee:
            yield user_paragraph(address.addressee, style(styles, "Addressee", styles.body,
                                                          spaceBefore=s * 0.4))
        yield Spacer(1, s * 0.4)
        yield fixed(para_text(address.salutation), styles.body)
        born = f", born {long_date(data.patient.birth_date)}" if data.patient.birth_date else ""
        yield fixed(f"<b>Re: {para_text(data.patient.name)}{born}, {para_text(data.patient.chart_label)}</b>",
                    styles.body)
        visits = f"{data.visits} visit{'s' if data.visits != 1 else ''}"
        complaint = para_text(in_sentence(data.complaint) or "low back pain")
        name, since = para_text(data.patient.name), long_date(data.episode_start)
        if address.referred:
            yield fixed(f"Thank you for referring {name}, whom we have seen for {visits} since {since} "
                        f"with {complaint}. This report summarises our findings, the change in outcome "
                        "measures and the current plan.", styles.body)
        else:
            yield fixed(f"{name} self-referred to our practice and has attended {visits} since {since} "
                        f"with {complaint}. This report summarises our findings, the change in outcome "
                        f"measures and the current plan; {name} has a copy to share with their GP or "
                        "other health professionals.", styles.body)

        yield from heading("Findings", styles)
        if data.intake_summary.strip():
            yield user_paragraph(data.intake_summary, styles.body)
        if data.red_flag_statement.strip():
            flag_style = style(styles, "FlagLine", styles.body, spaceAfter=s * 0.2)
            yield fixed("<b>Red-flag screen</b>", flag_style)
            yield user_paragraph(data.red_flag_statement, flag_style)
            if data.red_flag_referrals:
                yield bullets(data.red_flag_referrals, flag_style)
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

        lead = heading("Current plan", styles)
        if data.plan_phase.strip():
            lead.append(fixed(f"Rehabilitation phase: <b>{para_text(data.plan_phase)}</b>", styles.body))
        ending: list[Flowable] = []
        if data.run_stage.strip():
            ending += [Spacer(1, s * 0.7), user_paragraph(data.run_stage, styles.body)]
        ending.append(Spacer(1, s * 0.6))
        if address.referred:
            ending.append(fixed("Please contact me if you would like to discuss this patient's care. We "
                                "will write again at discharge or if anything changes that needs your "
                                "attention.", styles.body))
        else:
            ending.append(fixed("Please contact me, with the patient's consent, if you would like to "
                                "discuss their care.", styles.body))
        ending += signature(styles, data.clinician, data.practice, address.closing)
        # The sign-off never stands alone on the last page: the plan's last rows and the closing
        # words go with it (a short plan and its heading go with it whole).
        rows = [[p.name, p.dose] for p in data.plan]
        if len(rows) > _ROWS_WITH_SIGN_OFF:
            yield from lead
            yield from table_then(["Exercise", "Dose"], rows, styles, ctx.width, [2.2, 3.8], ending,
                                  keep_rows=_ROWS_WITH_SIGN_OFF)
        else:
            plan = (data_table(["Exercise", "Dose"], rows, styles, ctx.width, [2.2, 3.8]) if rows
                    else fixed("No home exercise plan has been set yet.", styles.body))
            yield KeepTogether([*(f for f in lead if not isinstance(f, CondPageBreak)), plan, *ending])

    return build_pdf(out, TITLE, story, branding, data.patient.line())


def _graphs(data: LetterData, ctx: StoryContext) -> Iterable[Flowable]:
    if not (data.pain_back or data.pain_leg or data.odi or data.weekly_km):
        return
    s = ctx.styles.base_size
    half = (ctx.width - s) / 2
    height = max(130.0, s * 13)
    accent = ctx.styles.accent

    def pair(h: float) -> list[tuple[float, Drawing]]:
        pain = line_chart("Pain now (NPRS, 0–10)", [("Back", data.pain_back), ("Leg", data.pain_leg)],
                          half, h, low=0, high=10, accent=accent)
        odi = line_chart("Oswestry Disability Index", [("ODI", data.odi)], half, h, low=0, high=100,
                         unit="%", accent=accent)
        return [(0.0, pain), (half + s, odi)]

    # Each row of graphs takes the room left on the page (down to three quarters of its height)
    # rather than leaving that room blank: the letter's first page used to be 40% empty.
    yield FittedCharts(pair, ctx.width, height, height * 0.75, space_before=s * 0.6)
    if data.weekly_km:
        yield FittedCharts(lambda h: [(0.0, bar_chart("Running distance per week (km)", data.weekly_km,
                                                      ctx.width, h, accent=accent))],
                           ctx.width, height * 0.9, height * 0.7, space_before=s * 0.6)
