"""Caseload outcomes as a PDF report (on the practice letterhead) and as CSV.

Both say the same figures in the same words as the Outcomes view (``domain.caseload_figures``),
each with its denominator; below ``TOO_FEW`` episodes no percentage or median is printed.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.platypus import Flowable, Spacer

from clinic_app.domain.caseload import TOO_FEW, TOO_FEW_TEXT
from clinic_app.domain.caseload_figures import (
    TABLE_HEADER,
    CaseloadReport,
    denominator_text,
    filter_text,
    measure_cells,
    summary_lines,
)
from clinic_app.reports import fonts
from clinic_app.reports.blocks import data_table, heading
from clinic_app.reports.document import StoryContext, build_pdf
from clinic_app.reports.documents.common import fixed
from clinic_app.reports.paragraph import user_paragraph
from clinic_app.reports.styles import INK, Branding
from clinic_app.reports.text import para_text

TITLE = "Caseload outcomes"
def caseload_csv(report: CaseloadReport, clinician: str = "") -> str:
    """The figures as CSV: the selection, the summary, then one row per measure."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["Selection", filter_text(report.filter, clinician)])
    for label, value in summary_lines(report):
        writer.writerow([label, value])
    writer.writerow([])
    writer.writerow(TABLE_HEADER)
    for m in report.measures:
        writer.writerow(measure_cells(m, report))
    return out.getvalue()


def _bars(report: CaseloadReport, width: float) -> Drawing:
    """% of judged episodes reaching the meaningful change, one bar per measure."""
    rows = [m for m in report.measures if m.is_change_measure]
    line, label_width = 16.0, 90.0
    drawing = Drawing(width, line * (len(rows) + 1) + 4)
    size = 8.0
    top = drawing.height - size - 2
    drawing.add(String(0, top, "Share reaching a meaningful change (of episodes that could be judged)",
                       fontName=fonts.BOLD, fontSize=size + 1, fillColor=INK))
    room = width - label_width - 70
    for i, m in enumerate(rows, start=1):
        y = top - i * line
        drawing.add(String(0, y, m.label, fontName=fonts.REGULAR, fontSize=size, fillColor=INK))
        pct = m.reached_pct
        if pct is None:
            drawing.add(String(label_width, y, TOO_FEW_TEXT if m.judged else "no episode to judge",
                               fontName=fonts.REGULAR, fontSize=size, fillColor=INK))
            continue
        drawing.add(Rect(label_width, y - 2, room * pct / 100, line - 6, fillColor=INK,
                         strokeColor=None))
        drawing.add(String(label_width + room * pct / 100 + 4, y, f"{pct:.0f}% ({m.reached} of {m.judged})",
                           fontName=fonts.REGULAR, fontSize=size, fillColor=INK))
    return drawing


def build_caseload_report(report: CaseloadReport, branding: Branding, out: Path | str | BinaryIO,
                          clinician: str = "", issued: str = "") -> int:
    """Render the report to ``out``; returns the number of pages."""

    def story(ctx: StoryContext) -> Iterable[Flowable]:
        styles = ctx.styles
        if issued:
            yield fixed(para_text(f"Prepared {issued}."), styles.body_small)
        yield user_paragraph(filter_text(report.filter, clinician), styles.body)
        if report.too_few:
            yield user_paragraph(f"Only {report.episodes} episodes match: {TOO_FEW_TEXT} (at least "
                                 f"{TOO_FEW} are needed for a share or a median).", styles.body)
        yield from heading("The caseload", styles)
        yield data_table(["", "Figure"], [list(line) for line in summary_lines(report)], styles,
                         ctx.width, (1, 3))
        yield from heading("Outcome measures", styles)
        yield user_paragraph(
            "Baseline is the first value recorded in the episode and the follow-up the last, as on "
            "each patient's Progress tab; a change is judged only where both exist, and never from "
            "a baseline below the meaningful change (\"baseline too low to judge\"). Improvement is "
            "positive.", styles.body_small)
        yield data_table(list(TABLE_HEADER), [measure_cells(m, report) for m in report.measures],
                         styles, ctx.width, (1.2, 1.5, 1.0, 0.9, 0.9, 0.8, 1.45, 0.45, 1.3))
        for m in report.measures:
            words = denominator_text(m, report.episodes)
            if words:
                yield user_paragraph(f"{m.label}: {words}.", styles.body_small)
        yield Spacer(1, styles.base_size)
        yield _bars(report, ctx.width)

    return build_pdf(out, TITLE, story, branding, "Practice report: no patient is named")
