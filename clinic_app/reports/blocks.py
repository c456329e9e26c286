"""Building blocks for document bodies: section headings and tables that flow over pages."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeAlias

from reportlab.platypus import CondPageBreak, Flowable, Table, TableStyle

from clinic_app.reports.paragraph import user_paragraph
from clinic_app.reports.styles import RULE, ZEBRA, ReportStyles

Cell: TypeAlias = "str | Flowable"


def heading(text: str, styles: ReportStyles, *, sub: bool = False) -> list[Flowable]:
    """Return a section heading that never sits alone at the foot of a page.

    A conditional page break (room for the heading and a few lines) is used rather than
    ``keepWithNext``, which would push a heading and a long table after it to a new page whole.
    """
    style = styles.subheading if sub else styles.heading
    return [CondPageBreak(style.leading * 2 + styles.body.leading * 4), user_paragraph(text, style)]


def data_table(
    header: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    styles: ReportStyles,
    width: float,
    col_fractions: Sequence[float] | None = None,
) -> Table:
    """Return a table ``width`` points wide whose header row repeats on every page it spans.

    ``col_fractions`` share the width between columns (equal shares by default). Text cells are
    typed text (printed literally, any script) and wrap within their column; a row taller than a
    page is split between pages rather than cut off.
    """
    columns = len(header)
    if any(len(row) != columns for row in rows):
        raise ValueError(f"Every table row needs {columns} cells")
    fractions = list(col_fractions) if col_fractions is not None else [1.0] * columns
    if len(fractions) != columns or any(f <= 0 for f in fractions):
        raise ValueError(f"col_fractions needs {columns} positive numbers")
    col_widths = [width * f / sum(fractions) for f in fractions]

    def cell(value: Cell, header_row: bool) -> Flowable:
        if isinstance(value, str):
            return user_paragraph(value, styles.table_header if header_row else styles.table_cell)
        return value

    data = [[cell(value, True) for value in header]]
    data.extend([cell(value, False) for value in row] for row in rows)
    pad = styles.base_size * 0.4
    commands: list[tuple[object, ...]] = [
        ("BACKGROUND", (0, 0), (-1, 0), styles.accent),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 1), (-1, -1), 0.4, RULE),
        ("LEFTPADDING", (0, 0), (-1, -1), pad),
        ("RIGHTPADDING", (0, 0), (-1, -1), pad),
        ("TOPPADDING", (0, 0), (-1, -1), pad * 0.8),
        ("BOTTOMPADDING", (0, 0), (-1, -1), pad * 0.9),
    ]
    commands.extend(("BACKGROUND", (0, r), (-1, r), ZEBRA) for r in range(2, len(data), 2))
    return Table(
        data,
        colWidths=col_widths,
        repeatRows=1,
        splitByRow=1,
        splitInRow=1,
        style=TableStyle(commands),
        hAlign="LEFT",
    )
