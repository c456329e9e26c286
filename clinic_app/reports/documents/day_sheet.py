"""The day sheet: each clinician's appointments for one day, to print at the front desk."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO

from reportlab.platypus import Flowable, PageBreak, Spacer

from clinic_app.domain.appointments import STATUS_LABELS, TYPE_LABELS, AppointmentStatus
from clinic_app.reports.blocks import data_table, heading
from clinic_app.reports.document import StoryContext, build_pdf
from clinic_app.reports.documents.common import fixed
from clinic_app.reports.documents.data import long_date
from clinic_app.reports.styles import Branding
from clinic_app.reports.text import para_text

TITLE = "Day sheet"


@dataclass(frozen=True, slots=True)
class DaySheetLine:
    """One appointment on the sheet (plain data: the report never reads the database)."""

    clinician: str
    starts_at: datetime
    ends_at: datetime
    patient: str
    chart_label: str
    phone: str
    kind: str
    status: str
    notes: str
    cancel_reason: str = ""


def _label(labels: Mapping[Any, str], value: str) -> str:
    return labels.get(value, value)


def _time(moment: datetime) -> str:
    return moment.astimezone().strftime("%H:%M")


def build_day_sheet(day: date, scope: str, lines: Sequence[DaySheetLine], branding: Branding,
                    out: Path | str | BinaryIO, *, printed_at: datetime | None = None) -> int:
    """Render the sheet for ``day`` (``scope``: a clinician's name or "Whole practice")."""
    by_clinician: dict[str, list[DaySheetLine]] = {}
    for line in sorted(lines, key=lambda x: (x.clinician, x.starts_at)):
        by_clinician.setdefault(line.clinician, []).append(line)

    def story(ctx: StoryContext) -> Iterable[Flowable]:
        styles = ctx.styles
        count = sum(1 for line in lines if line.status != AppointmentStatus.CANCELLED.value)
        when = f" Printed {printed_at.astimezone().strftime('%d %b %Y %H:%M')}." if printed_at \
            else ""
        yield fixed(f"<b>{long_date(day)}</b> · {para_text(scope)} · {count} "
                    f"appointment{'s' if count != 1 else ''}.{when}", styles.body)
        if not by_clinician:
            yield fixed("Nothing is booked on this day.", styles.body)
            return
        for index, (clinician, rows) in enumerate(by_clinician.items()):
            if index and scope != clinician:
                yield PageBreak()
            yield from heading(clinician, styles)
            table_rows = []
            for line in rows:
                status = _label(STATUS_LABELS, line.status)
                if line.cancel_reason:
                    status = f"{status}: {line.cancel_reason}"
                phone = f" · Tel. {line.phone}" if line.phone else ""
                table_rows.append([f"{_time(line.starts_at)}–{_time(line.ends_at)}",
                                   f"{line.patient}\n{line.chart_label}{phone}",
                                   _label(TYPE_LABELS, line.kind), status, line.notes])
            yield data_table(["Time", "Patient", "Type", "Status", "Notes"], table_rows, styles,
                             ctx.width, [1.35, 2.6, 1.45, 1.4, 2.2])
            yield Spacer(1, styles.base_size)

    return build_pdf(out, TITLE, story, branding, f"{scope} · {long_date(day)}")

