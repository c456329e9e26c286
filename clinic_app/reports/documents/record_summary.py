"""The patient's own copy, readable: everything the practice holds about them, in one PDF.

Built from the same :class:`ExportRecord` as the FHIR Bundle, so the two never disagree.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from reportlab.platypus import CondPageBreak, Flowable, Spacer

from clinic_app.domain.measures.outcomes import NPRS_FIELDS
from clinic_app.domain.measures.scoring import ODI_SECTION_LABELS
from clinic_app.domain.patients import format_chart_number
from clinic_app.reports.blocks import data_table, heading
from clinic_app.reports.document import StoryContext, build_pdf
from clinic_app.reports.documents.common import fixed
from clinic_app.reports.documents.data import long_date
from clinic_app.reports.fhir_bundle import ExportMeasures, ExportRecord, ExportVisit
from clinic_app.reports.paragraph import user_paragraph
from clinic_app.reports.styles import Branding
from clinic_app.reports.text import para_text

TITLE = "Your record at the practice"
_SEX = {"female": "Female", "male": "Male", "intersex": "Intersex", "not_stated": "Not stated"}
_KIND = {"initial": "Initial assessment", "follow_up": "Follow-up", "discharge": "Discharge"}
_NPRS = {"back_now": "back now", "back_best": "back at best", "back_worst": "back at worst",
         "leg_now": "leg now", "leg_best": "leg at best", "leg_worst": "leg at worst"}


def _measure_lines(m: ExportMeasures) -> list[list[str]]:
    rows: list[list[str]] = []
    nprs = [f"{_NPRS[name]} {getattr(m.measures.nprs, name)}/10" for name in NPRS_FIELDS
            if getattr(m.measures.nprs, name) is not None]
    if nprs:
        rows.append(["Pain (0-10)", ", ".join(nprs)])
    s = m.scores
    if s.odi is not None and m.measures.odi is not None:
        skipped = [ODI_SECTION_LABELS[i] for i, v in enumerate(m.measures.odi) if v is None]
        note = f"; not answered: {', '.join(skipped)}" if skipped else ""
        rows.append(["Oswestry Disability Index", f"{s.odi.percent:.0f}%{note}"])
    if s.rmdq is not None:
        rows.append(["Roland-Morris questionnaire", f"{s.rmdq} of 24"])
    if s.psfs is not None:
        rows.append(["Activities you chose (PSFS)", f"average {s.psfs:.1f} of 10"])
    if s.startback is not None:
        sb = s.startback
        rows.append(["STarT Back", f"{sb.total} of 9 (psychosocial {sb.psychosocial} of 5), "
                                   f"{sb.risk.value} risk"])
    return rows


def build_record_summary(record: ExportRecord, branding: Branding,
                         out: Path | str | BinaryIO) -> int:
    """Render the summary to ``out``; returns the number of pages."""
    p = record.patient

    def visit_block(v: ExportVisit, ctx: StoryContext) -> list[Flowable]:
        styles = ctx.styles
        state = (f"signed by {v.signed_by} on {long_date(v.signed_at.date())}"
                 if v.signed_at else "draft, not signed yet")
        parts: list[Flowable] = [fixed(
            f"<b>{long_date(v.starts_at.date())}</b> · {_KIND.get(v.kind, v.kind)} · "
            f"{para_text(v.clinician)} · {para_text(state)}", styles.body)]
        parts.append(user_paragraph(v.text(), styles.body_small))
        measured = [m for m in record.measures if m.visit_id == v.id]
        for m in measured:
            rows = _measure_lines(m)
            if rows:
                parts.append(data_table(["Questionnaire", "Result"], rows, styles, ctx.width,
                                        [2.0, 4.0]))
        parts.append(Spacer(1, styles.base_size * 0.6))
        return parts

    def story(ctx: StoryContext) -> Iterable[Flowable]:
        styles = ctx.styles
        yield fixed(f"Prepared on {long_date(record.generated_at.date())} at your request. It lists "
                    "everything the practice holds about you in its records system: your details, "
                    "each course of care, every visit note (with later amendments), your "
                    "questionnaire results and the documents given to you. The enclosed "
                    "record.fhir.json holds the same information in the FHIR format other "
                    "health services can read.", styles.body)
        yield from heading("Your details", styles)
        details = [["Name", f"{p.given_name} {p.family_name}"],
                   ["Preferred name", p.preferred_name or "—"],
                   ["Date of birth", long_date(p.birth_date)],
                   ["Sex", _SEX.get(p.sex, p.sex)], ["Chart number", format_chart_number(p.chart_number)],
                   ["Phone", p.phone or "—"], ["Email", p.email or "—"],
                   ["Address", p.address or "—"]]
        yield data_table(["Item", "Held"], details, styles, ctx.width, [2.0, 4.0])
        if not record.episodes:
            yield fixed("No course of care has been recorded.", styles.body)
        for episode in record.episodes:
            ended = (f" — discharged {long_date(episode.discharge_date)}"
                     if episode.discharge_date else " — ongoing")
            yield from heading(f"Course of care from {long_date(episode.start_date)}{ended}",
                               styles)
            yield user_paragraph(f"Reason: {episode.complaint}", styles.body)
            visits = [v for v in record.visits if v.episode_id == episode.id]
            if not visits:
                yield fixed("No visits recorded.", styles.body)
            for v in visits:
                yield CondPageBreak(styles.base_size * 8)  # a visit's heading never sits alone
                yield from visit_block(v, ctx)
        yield from heading("Documents given to you", styles)
        if record.documents:
            yield data_table(["Date", "Document", "File in this copy"],
                             [[long_date(d.created_at.date()), d.title, f"documents/{d.file_name}"]
                              for d in record.documents], styles, ctx.width, [1.4, 2.6, 2.6])
        else:
            yield fixed("No documents have been kept in your chart.", styles.body)
        for note in record.notes:
            yield user_paragraph(note, styles.body_small)

    return build_pdf(out, TITLE, story, branding,
                     f"{p.given_name} {p.family_name} · born {long_date(p.birth_date)}")
