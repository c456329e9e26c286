"""Licensed instrument wording (ODI, STarT Back) loaded from a practice's text pack.

The app ships only section/item numbers and short topic labels. A practice holding a licence
can load the official wording from a JSON text pack; this module checks the pack's shape.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from clinic_app.domain.measures.scoring import ODI_SECTION_LABELS
from clinic_app.domain.measures.startback import STARTBACK_ITEM_LABELS

PACK_FORMAT = "stride-clinic-instrument-text/1"
TEXT_MAX = 600


@dataclass(frozen=True, slots=True)
class InstrumentText:
    """Wording shown on screen: short labels by default, official text from a pack."""

    source: str
    odi_sections: tuple[str, ...]
    odi_options: tuple[tuple[str, ...], ...]
    startback_items: tuple[str, ...]
    startback_item9_options: tuple[str, ...]


DEFAULT_TEXT = InstrumentText(
    source="short labels (no licensed wording loaded)",
    odi_sections=ODI_SECTION_LABELS,
    odi_options=tuple(tuple(str(score) for score in range(6)) for _ in range(10)),
    startback_items=tuple(label.capitalize() for label in STARTBACK_ITEM_LABELS),
    startback_item9_options=("Not at all", "Slightly", "Moderately", "Very much", "Extremely"),
)


def _strings(value: Any, count: int, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or len(value) != count:
        raise ValueError(f"{where} must be a list of {count} texts")
    out = []
    for i, text in enumerate(value, start=1):
        if not isinstance(text, str) or not text.strip():
            raise ValueError(f"{where} entry {i} must be non-empty text")
        if len(text) > TEXT_MAX:
            raise ValueError(f"{where} entry {i} is longer than {TEXT_MAX} characters")
        out.append(text.strip())
    return tuple(out)


def parse_text_pack(data: Mapping[str, Any]) -> InstrumentText:
    """Check and read a text pack; ValueError says what is wrong and where."""
    if data.get("format") != PACK_FORMAT:
        raise ValueError(f"not an instrument text pack: 'format' must be '{PACK_FORMAT}'")
    licence = data.get("licence")
    if not isinstance(licence, str) or not licence.strip():
        raise ValueError("'licence' must name the practice's licence for this wording")
    odi = data.get("odi")
    if not isinstance(odi, Mapping) or not isinstance(odi.get("sections"), list) \
            or len(odi["sections"]) != 10:
        raise ValueError("'odi.sections' must list the 10 ODI sections")
    titles, options = [], []
    for i, section in enumerate(odi["sections"], start=1):
        if not isinstance(section, Mapping):
            raise ValueError(f"ODI section {i} must have 'title' and 'options'")
        titles.append(_strings([section.get("title")], 1, f"ODI section {i} title")[0])
        options.append(_strings(section.get("options"), 6, f"ODI section {i} options"))
    startback = data.get("startback")
    if not isinstance(startback, Mapping):
        raise ValueError("'startback' must have 'items' and 'item9_options'")
    items = _strings(startback.get("items"), 9, "STarT Back items")
    item9 = _strings(startback.get("item9_options"), 5, "STarT Back item 9 options")
    return InstrumentText(f"text pack: {licence.strip()}", tuple(titles), tuple(options), items,
                          item9)
