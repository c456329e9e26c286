"""The diary's words for types, statuses and weekdays, each a literal for the translators."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication, QDate, QLocale

from clinic_app.domain.appointments import AppointmentStatus, AppointmentType


def type_labels() -> dict[AppointmentType, str]:
    """Appointment types as shown."""
    return {
        AppointmentType.INITIAL: QCoreApplication.translate("Diary", "Initial assessment"),
        AppointmentType.FOLLOW_UP: QCoreApplication.translate("Diary", "Follow-up"),
        AppointmentType.RTR_REVIEW: QCoreApplication.translate("Diary", "Return-to-run review"),
    }


def status_labels() -> dict[AppointmentStatus, str]:
    """Statuses as shown."""
    return {
        AppointmentStatus.BOOKED: QCoreApplication.translate("Diary", "Booked"),
        AppointmentStatus.ARRIVED: QCoreApplication.translate("Diary", "Arrived"),
        AppointmentStatus.IN_SESSION: QCoreApplication.translate("Diary", "In session"),
        AppointmentStatus.DONE: QCoreApplication.translate("Diary", "Done"),
        AppointmentStatus.CANCELLED: QCoreApplication.translate("Diary", "Cancelled"),
        AppointmentStatus.DID_NOT_ATTEND: QCoreApplication.translate("Diary", "Did not attend"),
    }


def day_text(day: date, form: str = "ddd d MMM") -> str:
    """A day in the user's language and its words, as Qt's locale writes them: "Wed 25 Nov"
    ("dddd d MMMM yyyy": "Wednesday 25 November 2026"). A ``datetime`` gives its own date."""
    return QLocale().toString(QDate(day.year, day.month, day.day), form)


def weekday_names() -> tuple[str, ...]:
    """Monday to Sunday."""
    return (QCoreApplication.translate("Diary", "Monday"),
            QCoreApplication.translate("Diary", "Tuesday"),
            QCoreApplication.translate("Diary", "Wednesday"),
            QCoreApplication.translate("Diary", "Thursday"),
            QCoreApplication.translate("Diary", "Friday"),
            QCoreApplication.translate("Diary", "Saturday"),
            QCoreApplication.translate("Diary", "Sunday"))


def cancel_reasons() -> tuple[str, ...]:
    """The usual reasons offered when cancelling (any other may be typed)."""
    return (QCoreApplication.translate("Diary", "Patient cancelled (unwell)"),
            QCoreApplication.translate("Diary", "Patient cancelled (work or travel)"),
            QCoreApplication.translate("Diary", "Clinician unavailable"),
            QCoreApplication.translate("Diary", "Moved to another time"),
            QCoreApplication.translate("Diary", "No longer needed"))
