"""The exam summary for the chart: recorded values by section, interpretation lines and decisions."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from reportlab.platypus import Flowable, KeepTogether, Spacer

from clinic_app.reports.blocks import data_table, heading
from clinic_app.reports.document import StoryContext, build_pdf
from clinic_app.reports.documents.common import ACCEPTABLE, PANEL, STOP, fixed, panel, style, tint
from clinic_app.reports.documents.data import ExamSummaryData, FindingLine, long_date
from clinic_app.reports.paragraph import user_paragraph
from clinic_app.reports.styles import MUTED, Branding
from clinic_app.reports.text import para_text

TITLE = "Examination summary"
_LEVEL_COLOURS = {"caution": ACCEPTABLE, "warning": ACCEPTABLE, "urgent": STOP, "emergency": STOP}


def build_exam_summary(data: ExamSummaryData, branding: Branding, out: Path | str | BinaryIO) -> int:
    """Render the summary to ``out``; returns the number of pages."""

    def story(ctx: StoryContext) -> Iterable[Flowable]:
        styles = ctx.styles
        s = styles.base_size
        state = "signed" if data.signed else "not signed yet"
        yield fixed(f"Visit of <b>{long_date(data.visit_on)}</b> · examined by "
                    f"{para_text(data.clinician or 'unknown')} · exam version {data.exam_version} · "
                    f"note {state} · printed {long_date(data.issued_on)}", styles.muted)
        yield from heading("Recorded values", styles)
        if not data.sections:
            yield fixed("Nothing was recorded in this exam.", styles.body)
        for section in data.sections:
            yield from heading(section.title, styles, sub=True)
            yield data_table(["Test", "Result"], [list(row) for row in section.rows], styles, ctx.width,
                             [2.0, 4.0])
        yield from heading("Interpretation", styles)
        if not data.findings:
            yield fixed("The recorded tests support no interpretation line.", styles.body)
        for finding in data.findings:
            yield KeepTogether([_finding(finding, ctx), Spacer(1, s * 0.5)])
        yield fixed("Interpretation lines are decision support from the recorded values; the "
                    "clinician's decision and reasons are shown with each.", styles.muted)

    return build_pdf(out, TITLE, story, branding, data.patient.line())


def _finding(finding: FindingLine, ctx: StoryContext) -> Flowable:
    styles = ctx.styles
    s = styles.base_size
    small = style(styles, "FindingSmall", styles.body_small, spaceAfter=s * 0.15)
    content: list[Flowable] = [user_paragraph(finding.explanation, style(
        styles, "FindingText", styles.body, spaceAfter=s * 0.2))]
    if finding.inputs:
        used = "; ".join(f"{label}: {value}" for label, value in finding.inputs)
        content.append(fixed(f"<b>Inputs:</b> {para_text(used)}", small))
    for note in finding.notes:
        content.append(fixed(f"<b>Note:</b> {para_text(note)}", small))
    if finding.source.strip():
        content.append(fixed(f"Source: {para_text(finding.source)}",
                             style(styles, "FindingSource", small, textColor=MUTED)))
    if finding.decision:
        who = para_text(finding.decided_by) if finding.decided_by else "a clinician"
        when = f" on {long_date(finding.decided_on)}" if finding.decided_on else ""
        word = "Accepted" if finding.decision == "accepted" else "Overridden"
        line = f"<b>{word}</b> by {who}{when}"
        if finding.reason.strip():
            line += f". Reason: {para_text(finding.reason)}"
        content.append(fixed(line, small))
    else:
        content.append(fixed("<b>Not yet accepted or overridden.</b>", small))
    colour = _LEVEL_COLOURS.get(finding.level, styles.accent)
    background = PANEL if finding.level == "info" else tint(colour, 0.9)
    return panel(content, ctx.width, styles, background=background, border=colour)
