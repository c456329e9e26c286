"""The diary writes days in the user's language (Qt's locale), not in the C library's English."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication

from clinic_app.ui.views.diary.labels import day_text


def test_days_are_written_in_the_locales_words(qapp: QApplication) -> None:
    wednesday = date(2026, 11, 25)
    before = QLocale()
    try:
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
        assert day_text(wednesday) == "Wed 25 Nov"  # no leading zero on the 7th either
        assert day_text(date(2026, 12, 7), "dddd d MMMM yyyy") == "Monday 7 December 2026"
        assert day_text(datetime(2026, 11, 25, 14, 30)) == "Wed 25 Nov"
        QLocale.setDefault(QLocale(QLocale.Language.German, QLocale.Country.Germany))
        assert day_text(wednesday, "dddd d MMMM yyyy") == "Mittwoch 25 November 2026"
        QLocale.setDefault(QLocale(QLocale.Language.French, QLocale.Country.France))
        assert day_text(wednesday, "dddd d MMMM yyyy") == "mercredi 25 novembre 2026"
    finally:
        QLocale.setDefault(before)
