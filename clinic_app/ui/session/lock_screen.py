"""The lock screen: covers the whole window, shows no patient data, asks for a password."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from clinic_app import APP_NAME
from clinic_app.ui.context import UiContext
from clinic_app.ui.session.sign_in_form import SignInForm


class LockScreen(QWidget):
    """An opaque panel over the main window; unlocking emits the user who signed in."""

    unlocked = Signal(object)  # SignedIn

    def __init__(self, ctx: UiContext, workstation: str, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("lockScreen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet("#lockScreen { background: #eef2f5; }")
        self.setAccessibleName(self.tr("Locked"))
        self.label_title = QLabel(self.tr("{0} is locked").format(APP_NAME))
        self.label_title.setStyleSheet("font-size: 16pt; font-weight: 600;")
        self.label_who = QLabel()
        self.label_who.setWordWrap(True)
        self.form = SignInForm(ctx, workstation, self.tr("Unlock"))
        card = QFrame()
        card.setObjectName("lockCard")
        card.setStyleSheet("#lockCard { background: white; border: 1px solid #c9d3dc; "
                           "border-radius: 6px; }")
        card.setFixedWidth(460)
        self._text_width = 460 - 48
        inner = QVBoxLayout(card)
        inner.setContentsMargins(24, 20, 24, 20)
        inner.addWidget(self.label_title)
        inner.addWidget(self.label_who)
        inner.addWidget(self.form)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(card, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        self.form.signed_in.connect(self.unlocked)
        window.installEventFilter(self)
        self.hide()

    def show_for(self, display_name: str, username: str) -> None:
        """Cover the window for ``display_name``; another user may sign in instead."""
        self.label_who.setText(self.tr(
            "{0} was working here. Their unsaved work is kept exactly as it was. Type the "
            "password to carry on, or sign in as yourself (their drafts are saved first, "
            "under their name).").format(display_name))
        self.label_who.setMinimumHeight(self.label_who.heightForWidth(self._text_width))
        self._cover()
        self.show()
        self.raise_()
        self.form.start(username)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Follow the window's size."""
        if event.type() == QEvent.Type.Resize and self.isVisible():
            self._cover()
        return False

    def _cover(self) -> None:
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
