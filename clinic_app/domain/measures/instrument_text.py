"""Licensed instrument wording (ODI, STarT Back) loaded from a practice's text pack.

The app ships only section/item numbers and short topic labels. A practice holding a licence
can load the official wording from a JSON text pack; this module checks the pack's shape.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from clinic_app.domain.errors import InvalidValue
from clinic_app.domain.messages import msg
from clinic_app.domain.messages.core import QT_TRANSLATE_NOOP, translate

PACK_FORMAT = "stride-clinic-instrument-text/1"
TEXT_MAX = 600


_ODI_SECTIONS: tuple[str, ...] = (
    QT_TRANSLATE_NOOP("Measures", "Pain intensity"),
    QT_TRANSLATE_NOOP("Measures", "Personal care"),
    QT_TRANSLATE_NOOP("Measures", "Lifting"),
    QT_TRANSLATE_NOOP("Measures", "Walking"),
    QT_TRANSLATE_NOOP("Measures", "Sitting"),
    QT_TRANSLATE_NOOP("Measures", "Standing"),
    QT_TRANSLATE_NOOP("Measures", "Sleeping"),
    QT_TRANSLATE_NOOP("Measures", "Sex life"),
    QT_TRANSLATE_NOOP("Measures", "Social life"),
    QT_TRANSLATE_NOOP("Measures", "Travelling"),
)
"""``ODI_SECTION_LABELS`` marked for translators (a test keeps the two the same)."""
_STARTBACK_ITEMS: tuple[str, ...] = (
    QT_TRANSLATE_NOOP("Measures", "Leg pain"),
    QT_TRANSLATE_NOOP("Measures", "Shoulder or neck pain"),
    QT_TRANSLATE_NOOP("Measures", "Walking"),
    QT_TRANSLATE_NOOP("Measures", "Dressing"),
    QT_TRANSLATE_NOOP("Measures", "Fear"),
    QT_TRANSLATE_NOOP("Measures", "Anxiety"),
    QT_TRANSLATE_NOOP("Measures", "Catastrophising"),
    QT_TRANSLATE_NOOP("Measures", "Low mood"),
    QT_TRANSLATE_NOOP("Measures", "Bothersomeness"),
)
"""``STARTBACK_ITEM_LABELS`` capitalised, marked for translators."""
_ITEM9_OPTIONS: tuple[str, ...] = (
    QT_TRANSLATE_NOOP("Measures", "Not at all"),
    QT_TRANSLATE_NOOP("Measures", "Slightly"),
    QT_TRANSLATE_NOOP("Measures", "Moderately"),
    QT_TRANSLATE_NOOP("Measures", "Very much"),
    QT_TRANSLATE_NOOP("Measures", "Extremely"),
)


@dataclass(frozen=True, slots=True)
class InstrumentText:
    """Wording shown on screen: short labels by default, official text from a pack.

    The app's own short labels (``translated``) are given in the user's language; a pack's licensed
    wording is shown exactly as the practice loaded it.
    """

    pack_source: str
    pack_odi_sections: tuple[str, ...]
    odi_options: tuple[tuple[str, ...], ...]
    pack_startback_items: tuple[str, ...]
    pack_startback_item9_options: tuple[str, ...]
    translated: bool = False

    def _shown(self, texts: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(translate("Measures", t) for t in texts) if self.translated else texts

    @property
    def source(self) -> str:
        """Where the wording comes from, in words."""
        return translate("Measures", self.pack_source) if self.translated else self.pack_source

    @property
    def odi_sections(self) -> tuple[str, ...]:
        """ODI section titles 1-10."""
        return self._shown(self.pack_odi_sections)

    @property
    def startback_items(self) -> tuple[str, ...]:
        """STarT Back items 1-9."""
        return self._shown(self.pack_startback_items)

    @property
    def startback_item9_options(self) -> tuple[str, ...]:
        """The five answers to STarT Back item 9."""
        return self._shown(self.pack_startback_item9_options)


DEFAULT_TEXT = InstrumentText(
    QT_TRANSLATE_NOOP("Measures", "short labels (no licensed wording loaded)"),
    _ODI_SECTIONS,
    tuple(tuple(str(score) for score in range(6)) for _ in range(10)),
    _STARTBACK_ITEMS,
    _ITEM9_OPTIONS,
    translated=True,
)


def _strings(value: Any, count: int, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or len(value) != count:
        raise InvalidValue(msg("measures.instrument_text.must_list_texts", where=where, count=count))
    out = []
    for i, text in enumerate(value, start=1):
        if not isinstance(text, str) or not text.strip():
            raise InvalidValue(msg("measures.instrument_text.entry_must_non_empty_text", where=where, i=i))
        if len(text) > TEXT_MAX:
            raise InvalidValue(msg("measures.instrument_text.entry_longer_than_characters",
                                   where=where, i=i, text_max=TEXT_MAX))
        out.append(text.strip())
    return tuple(out)


def parse_text_pack(data: Mapping[str, Any]) -> InstrumentText:
    """Check and read a text pack; ValueError says what is wrong and where."""
    if data.get("format") != PACK_FORMAT:
        raise InvalidValue(msg("measures.instrument_text.not_instrument_text_pack_format",
                               pack_format=PACK_FORMAT))
    licence = data.get("licence")
    if not isinstance(licence, str) or not licence.strip():
        raise InvalidValue(msg("measures.instrument_text.licence_must_name_practice_s"))
    odi = data.get("odi")
    if not isinstance(odi, Mapping) or not isinstance(odi.get("sections"), list) \
            or len(odi["sections"]) != 10:
        raise InvalidValue(msg("measures.instrument_text.odi_sections_must_list_10"))
    titles, options = [], []
    for i, section in enumerate(odi["sections"], start=1):
        if not isinstance(section, Mapping):
            raise InvalidValue(msg("measures.instrument_text.odi_section_must_have_title", i=i))
        titles.append(_strings([section.get("title")], 1, f"ODI section {i} title")[0])
        options.append(_strings(section.get("options"), 6, f"ODI section {i} options"))
    startback = data.get("startback")
    if not isinstance(startback, Mapping):
        raise InvalidValue(msg("measures.instrument_text.startback_must_have_items_item9"))
    items = _strings(startback.get("items"), 9, "STarT Back items")
    item9 = _strings(startback.get("item9_options"), 5, "STarT Back item 9 options")
    return InstrumentText(f"text pack: {licence.strip()}", tuple(titles), tuple(options), items,
                          item9)
