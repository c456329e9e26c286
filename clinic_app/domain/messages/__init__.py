"""User-facing messages as codes with parameters, and the one catalogue of their templates.

``msg(code, **params)`` makes a ``Message``; errors carry it (``ClinicError.code``/``params``,
``ValidationError.entries``). ``english`` renders it for the CLI, logs and tests; the UI renders
it translated in ``clinic_app.ui.errors``. A test checks every code used exists here and every
template's placeholders match the parameters given.
"""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal
from typing import Any

from clinic_app.domain.messages.catalogue_domain import ENTRIES as _DOMAIN
from clinic_app.domain.messages.catalogue_services import ENTRIES as _SERVICES
from clinic_app.domain.messages.core import (
    CONTEXT,
    QT_TRANSLATE_NOOP,
    Message,
    fill,
    install_translator,
    placeholders,
    translate,
)

TEXT = "text"
"""The code of an uncoded text (an English sentence from outside the catalogue, shown as is)."""

CATALOGUE: dict[str, str] = {TEXT: "{text}", **_SERVICES, **_DOMAIN}
"""Every message template by code, in English (the translation source)."""

_PLAIN = (str, int, float, bool, Decimal, _dt.date, _dt.time, type(None))


def msg(code: str, **params: Any) -> Message:
    """The message ``code`` filled with ``params``; other values than text, numbers and dates
    are kept as their text (an exception as its message, a path as the path)."""
    return Message(code, {k: v if isinstance(v, _PLAIN) else format(v) for k, v in params.items()})


def template(code: str) -> str:
    """The English template of ``code`` (the code itself for an unknown one, never an error)."""
    return CATALOGUE.get(code, code)


def english(message: Message) -> str:
    """``message`` in English."""
    return fill(template(message.code), message.params)


class CodedText(str):
    """English text that keeps its ``Message``, for rules that return plain text per field."""

    message: Message


def coded(message: Message) -> CodedText:
    """``message`` in English, still carrying its code and parameters (see ``as_message``)."""
    text = CodedText(english(message))
    text.message = message
    return text


def as_message(value: str | Message | BaseException) -> Message:
    """``value`` as a ``Message``: a coded error's or coded text's message, or a text as it is."""
    if isinstance(value, Message):
        return value
    if isinstance(value, CodedText):
        return value.message
    coded = getattr(value, "message_code", None)
    if isinstance(coded, Message):
        return coded
    return Message(TEXT, {"text": str(value)})


__all__ = ["CATALOGUE", "CONTEXT", "QT_TRANSLATE_NOOP", "TEXT", "CodedText", "Message", "as_message", "coded",
           "english", "fill", "install_translator",
           "msg", "placeholders", "template", "translate"]
