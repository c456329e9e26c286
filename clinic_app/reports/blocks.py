"""Building blocks for document bodies: section headings and tables that flow over pages."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeAlias

from reportlab.platypus import CondPageBreak, Flowable, Table, TableStyle

from clinic_app.reports.paragraph import user_paragraph
from clinic_app.reports.styles import RULE, ZEBRA, ReportStyles

Cell: TypeAlias = "str | Flowable"
_BIG = 10_000.0


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
    *,
    show_header: bool = True,
    first_row: int = 0,
) -> Table:
    """Return a table ``width`` points wide whose header row repeats on every page it spans.

    ``col_fractions`` share the width between columns (equal shares by default). Text cells are
    typed text (printed literally, any script) and wrap within their column; a row taller than a
    page is split between pages rather than cut off. A table continued from another one passes
    ``show_header=False`` and ``first_row`` (the index of its first row in the whole table), so
    the stripes carry on.
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

    data = [[cell(value, True) for value in header]] if show_header else []
    data.extend([cell(value, False) for value in row] for row in rows)
    pad = styles.base_size * 0.4
    top = 1 if show_header else 0
    commands: list[tuple[object, ...]] = [
        *([("BACKGROUND", (0, 0), (-1, 0), styles.accent)] if show_header else []),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, top), (-1, -1), 0.4, RULE),
        ("LEFTPADDING", (0, 0), (-1, -1), pad),
        ("RIGHTPADDING", (0, 0), (-1, -1), pad),
        ("TOPPADDING", (0, 0), (-1, -1), pad * 0.8),
        ("BOTTOMPADDING", (0, 0), (-1, -1), pad * 0.9),
    ]
    commands.extend(("BACKGROUND", (0, r), (-1, r), ZEBRA) for r in range(top, len(data))
                    if (r - top + first_row) % 2 == 1)
    return Table(
        data,
        colWidths=col_widths,
        repeatRows=top,
        splitByRow=1,
        splitInRow=1,
        style=TableStyle(commands),
        hAlign="LEFT",
    )


class _TailAndEnding(Flowable):  # type: ignore[misc]
    """The last rows of a table and what follows it, kept on one page.

    At the top of a page the rows come with the table's header; further down a page they
    continue the table above them without one.
    """

    def __init__(self, at_top: list[Flowable], continued: list[Flowable]) -> None:
        super().__init__()
        self._variants = (at_top, continued)
        self._parts = at_top

    def _choose(self) -> list[Flowable]:
        frame = getattr(self, "_frame", None)
        return self._variants[0] if frame is None or frame._atTop else self._variants[1]

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        """Measure the variant that suits where the frame has got to."""
        self._parts = self._choose()
        self.width = avail_width
        self.height = sum(part.wrap(avail_width, _BIG)[1] for part in self._parts) + sum(
            self._parts[i].getSpaceAfter() + self._parts[i + 1].getSpaceBefore()
            for i in range(len(self._parts) - 1))
        return avail_width, self.height

    def getSpaceBefore(self) -> float:  # noqa: N802 - reportlab's name
        """The first part's space before."""
        return float(self._variants[0][0].getSpaceBefore())

    def getSpaceAfter(self) -> float:  # noqa: N802 - reportlab's name
        """The last part's space after."""
        return float(self._variants[0][-1].getSpaceAfter())

    def draw(self) -> None:
        """Stack the parts top-down."""
        y = self.height
        for index, part in enumerate(self._parts):
            if index:
                y -= self._parts[index - 1].getSpaceAfter() + part.getSpaceBefore()
            _, height = part.wrap(self.width, _BIG)
            y -= height
            part.drawOn(self.canv, 0, y)


def table_then(
    header: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    styles: ReportStyles,
    width: float,
    col_fractions: Sequence[float] | None,
    ending: Sequence[Flowable],
    keep_rows: int = 2,
) -> list[Flowable]:
    """A table whose last ``keep_rows`` rows stay on the page of ``ending`` (a letter's sign-off).

    The ending never stands alone at the top of the last page: it takes the table's last rows
    (under a repeated header) with it.
    """
    split = max(0, len(rows) - keep_rows)
    head = [data_table(header, rows[:split], styles, width, col_fractions)] if split else []
    at_top = [data_table(header, rows[split:], styles, width, col_fractions), *ending]
    continued = ([data_table(header, rows[split:], styles, width, col_fractions, show_header=False,
                             first_row=split), *ending] if split else at_top)
    return [*head, _TailAndEnding(at_top, continued)]
