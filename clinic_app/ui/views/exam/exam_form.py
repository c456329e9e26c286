"""The exam form: neural tension, SI joint, neuro screen, lumbar movement, palpation and notes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from clinic_app.domain.exam.record import (
    ExamRecord,
    Movement,
    MovementPain,
    SlumpComponent,
    exam_from_data,
    exam_to_data,
)
from clinic_app.domain.exam.rules import FaberSite, RepeatedResponse, SijTest
from clinic_app.domain.messages.core import QT_TRANSLATE_NOOP
from clinic_app.ui.views.exam.bindings import Bindings
from clinic_app.ui.views.exam.bone_stress_group import BoneStressGroup
from clinic_app.ui.widgets.announce import set_field_message
from clinic_app.ui.widgets.forms import ERROR_STYLE
from clinic_app.ui.widgets.inputs import labels_for
from clinic_app.ui.widgets.neuro_grid import NeuroGridWidget

OUTCOMES = [("positive", "Positive"), ("negative", "Negative"), ("unable", "Unable to perform")]
SIDES = [("left", "Left"), ("right", "Right"), ("bilateral", "Both")]
SIJ_LABELS = {
    SijTest.DISTRACTION: QT_TRANSLATE_NOOP("ExamForm", "Distraction"),
    SijTest.THIGH_THRUST: QT_TRANSLATE_NOOP("ExamForm", "Thigh thrust"),
    SijTest.COMPRESSION: QT_TRANSLATE_NOOP("ExamForm", "Compression"),
    SijTest.SACRAL_THRUST: QT_TRANSLATE_NOOP("ExamForm", "Sacral thrust"),
    SijTest.GAENSLEN_LEFT: QT_TRANSLATE_NOOP("ExamForm", "Gaenslen left"),
    SijTest.GAENSLEN_RIGHT: QT_TRANSLATE_NOOP("ExamForm", "Gaenslen right"),
}
MOVEMENT_LABELS = {
    Movement.FLEXION: QT_TRANSLATE_NOOP("ExamForm", "Flexion"),
    Movement.EXTENSION: QT_TRANSLATE_NOOP("ExamForm", "Extension"),
    Movement.LATERAL_FLEXION_LEFT: QT_TRANSLATE_NOOP("ExamForm", "Lateral flexion left"),
    Movement.LATERAL_FLEXION_RIGHT: QT_TRANSLATE_NOOP("ExamForm", "Lateral flexion right"),
    Movement.ROTATION_LEFT: QT_TRANSLATE_NOOP("ExamForm", "Rotation left"),
    Movement.ROTATION_RIGHT: QT_TRANSLATE_NOOP("ExamForm", "Rotation right"),
}


def _flatten(data: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in data.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict) and key != "neuro":
            flat.update(_flatten(value, path + "."))
        else:
            flat[path] = value
    return flat


def _nest(values: dict[str, Any]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for path, value in values.items():
        if value is None and (path.startswith("sij.") or path.startswith("lumbar.pain.")):
            continue
        parts = path.split(".")
        node = data
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    return data


class ExamForm(QTabWidget):
    """Every exam input, bound to its path; reads back an ``ExamRecord``."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setUsesScrollButtons(True)
        self.bind = Bindings(self)
        self.error_labels: dict[str, QLabel] = {}
        self.neuro = NeuroGridWidget()
        self.bone_stress = BoneStressGroup(self.bind)
        for page, title in ((self._neural(), self.tr("Neural tension")),
                            (self._sij(), self.tr("SI joint")),
                            (self._wrap(self.neuro), self.tr("Neuro screen")),
                            (self._lumbar(), self.tr("Lumbar movement")),
                            (self.bone_stress, self.tr("Bone stress and hip")),
                            (self._notes(), self.tr("Palpation and notes"))):
            self.addTab(self.scrolled(page), title)
        self.bind.edited.connect(lambda _p: self.changed.emit())
        self.neuro.changed.connect(self.changed)

    # -- layout helpers ------------------------------------------------------------------

    @staticmethod
    def scrolled(page: QWidget) -> QScrollArea:
        """A page that scrolls on small screens instead of widening the chart."""
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(page)
        return scroll

    @staticmethod
    def _wrap(widget: QWidget) -> QWidget:
        holder = QWidget()
        layout = QVBoxLayout(holder)
        layout.addWidget(widget)
        return holder

    def _error(self, path: str) -> QLabel:
        label = QLabel()
        label.setStyleSheet(ERROR_STYLE)
        label.setWordWrap(True)
        label.hide()
        self.error_labels[path] = label
        return label

    def _row(self, grid: QGridLayout, row: int, label: str, widgets: Sequence[QWidget],
             paths: Sequence[str]) -> None:
        grid.addWidget(QLabel(label), row * 2, 0)
        for column, widget in enumerate(widgets, start=1):
            grid.addWidget(widget, row * 2, column)
        errors = QVBoxLayout()
        for path in paths:
            errors.addWidget(self._error(path))
        grid.addLayout(errors, row * 2 + 1, 1, 1, len(widgets))

    def _named(self, widget: QWidget, name: str) -> QWidget:
        widget.setAccessibleName(name)
        return widget

    # -- sections ------------------------------------------------------------------------

    def _neural(self) -> QWidget:
        b, tr = self.bind, self.tr
        page = QWidget()
        layout = QVBoxLayout(page)
        box = QGroupBox(tr("Straight leg raise"))
        grid = QGridLayout(box)
        for column, title in enumerate((tr("Result"), tr("Onset angle (°)"), "", ""), start=1):
            grid.addWidget(QLabel(f"<b>{title}</b>"), 0, column)
        for row, (side, label) in enumerate((("left", tr("Left")), ("right", tr("Right"))),
                                            start=1):
            p = f"slr_{side}"
            widgets = [self._named(b.combo(f"{p}.result", OUTCOMES, tr("Not tested")),
                                   tr("SLR {0} result").format(label.lower())),
                       self._named(b.number(f"{p}.angle_deg"),
                                   tr("SLR {0} angle").format(label.lower())),
                       b.check(f"{p}.below_knee", tr("Below knee")),
                       b.check(f"{p}.dorsiflexion_sensitised", tr("DF sensitised"))]
            widgets[2].setToolTip(tr("The radiating pain reaches below the knee"))
            widgets[3].setToolTip(tr("Adding ankle dorsiflexion (Bragard) increased the symptoms"))
            widgets[2].setAccessibleName(tr("SLR {0} pain below the knee").format(label.lower()))
            widgets[3].setAccessibleName(tr("SLR {0} sensitised by dorsiflexion").format(
                label.lower()))
            self._row(grid, row, label, widgets, [f"{p}.angle_deg", f"{p}.below_knee"])
        grid.setColumnStretch(5, 1)
        layout.addWidget(box)
        form_box = QGroupBox(tr("Crossed SLR, slump and femoral nerve stretch"))
        form = QFormLayout(form_box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form.addRow(tr("Crossed SLR:"), self._named(
            b.combo("crossed_slr.result", OUTCOMES, tr("Not tested")), tr("Crossed SLR result")))
        form.addRow(tr("Leg raised:"), self._named(b.combo("crossed_slr.side_raised", SIDES[:2]),
                                                   tr("Crossed SLR leg raised")))
        form.addRow("", self._error("crossed_slr.side_raised"))
        form.addRow(tr("Slump:"), self._named(b.combo("slump.result", OUTCOMES, tr("Not tested")),
                                              tr("Slump result")))
        form.addRow(tr("Slump side:"), self._named(b.combo("slump.side", SIDES), tr("Slump side")))
        form.addRow(tr("Reproduced by:"), self._named(
            b.combo("slump.component", labels_for(SlumpComponent)), tr("Slump component")))
        form.addRow("", self._error("slump.component"))
        form.addRow(tr("Changed on neck release:"), self._named(
            b.tri("slump.changes_with_neck_release"), tr("Slump changed on neck release")))
        form.addRow("", self._error("slump.changes_with_neck_release"))
        form.addRow(tr("Femoral nerve stretch:"), self._named(
            b.combo("femoral.result", OUTCOMES, tr("Not tested")), tr("Femoral nerve stretch result")))
        form.addRow(tr("Femoral side:"), self._named(b.combo("femoral.side", SIDES),
                                                     tr("Femoral side")))
        form.addRow(tr("Knee angle at onset (°):"), self._named(
            b.number("femoral.knee_angle_deg"), tr("Femoral knee angle")))
        form.addRow("", self._error("femoral.knee_angle_deg"))
        form.addRow(tr("Where felt:"), self._named(b.line("femoral.pain_site"),
                                                   tr("Femoral pain site")))
        layout.addWidget(form_box)
        layout.addStretch(1)
        return page

    def _sij(self) -> QWidget:
        b, tr = self.bind, self.tr
        page = QWidget()
        layout = QVBoxLayout(page)
        first = QGroupBox(tr("1. Repeated movements (record before reading the cluster)"))
        first_form = QFormLayout(first)
        first_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        first_form.addRow(tr("Response:"), self._named(
            b.combo("repeated_movement", labels_for(RepeatedResponse)), tr("Repeated movements")))
        layout.addWidget(first)
        cluster = QGroupBox(tr("2. Provocation tests (Laslett cluster)"))
        form = QFormLayout(cluster)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        for test, label in SIJ_LABELS.items():
            label_text = QCoreApplication.translate("ExamForm", label)
            form.addRow(label_text + ":", self._named(
                b.combo(f"sij.{test.value}", OUTCOMES, tr("Not tested")), label_text))
        layout.addWidget(cluster)
        faber = QGroupBox(tr("FABER (Patrick)"))
        faber_form = QFormLayout(faber)
        faber_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        faber_form.addRow(tr("Result:"), self._named(
            b.combo("faber.result", OUTCOMES, tr("Not tested")), tr("FABER result")))
        faber_form.addRow(tr("Side:"), self._named(b.combo("faber.side", SIDES), tr("FABER side")))
        faber_form.addRow(tr("Pain site:"), self._named(
            b.combo("faber.pain_site", labels_for(FaberSite, {"posterior_SIJ": "Posterior SIJ"})),
            tr("FABER pain site")))
        faber_form.addRow("", self._error("faber.pain_site"))
        faber_form.addRow("", b.check("faber.rom_limited", tr("Range limited")))
        layout.addWidget(faber)
        layout.addStretch(1)
        return page

    def _lumbar(self) -> QWidget:
        b, tr = self.bind, self.tr
        page = QWidget()
        layout = QVBoxLayout(page)
        measures = QGroupBox(tr("Measurements"))
        form = QFormLayout(measures)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        for path, label, integer in (
            ("lumbar.schober_baseline_cm", tr("Schober baseline span (cm)"), False),
            ("lumbar.schober_flexion_cm", tr("Schober span in flexion (cm)"), False),
            ("lumbar.flexion_deg", tr("Flexion (°, inclinometer)"), True),
            ("lumbar.extension_deg", tr("Extension (°)"), True),
            ("lumbar.lateral_flexion_left_deg", tr("Lateral flexion left (°)"), True),
            ("lumbar.lateral_flexion_right_deg", tr("Lateral flexion right (°)"), True),
            ("lumbar.fingertip_floor_cm", tr("Fingertip to floor (cm)"), False),
        ):
            form.addRow(label + ":", self._named(b.number(path, integer), label))
            form.addRow("", self._error(path))
        layout.addWidget(measures)
        pain = QGroupBox(tr("Pain with movement"))
        pain_form = QFormLayout(pain)
        pain_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        for movement, label in MOVEMENT_LABELS.items():
            label_text = QCoreApplication.translate("ExamForm", label)
            pain_form.addRow(label_text + ":", self._named(
                b.combo(f"lumbar.pain.{movement.value}", labels_for(
                    MovementPain, {"end_range": "End of range", "painful_arc": "Painful arc"})),
                tr("Pain on {0}").format(label_text.lower())))
        pain_form.addRow(tr("Deviation:"), self._named(b.line("lumbar.deviation"), tr("Deviation")))
        layout.addWidget(pain)
        layout.addStretch(1)
        return page

    def _notes(self) -> QWidget:
        b, tr = self.bind, self.tr
        page = QWidget()
        form = QFormLayout(page)
        palpation = self._named(b.text("palpation"), tr("Palpation"))
        findings = self._named(b.text("findings"), tr("Other findings"))
        form.addRow(tr("Palpation:"), palpation)
        form.addRow(tr("Other findings:"), findings)
        return page

    # -- data ----------------------------------------------------------------------------

    def record(self) -> tuple[ExamRecord, dict[str, str]]:
        """The exam the inputs describe, and messages for values that cannot be read."""
        local = {path: self.tr("Not a number.") for path in self.bind.unreadable()}
        data = _nest(self.bind.values())
        try:
            exam = exam_from_data(data)
        except ValueError as exc:
            return ExamRecord(), {"exam": str(exc)}
        exam = exam.with_changes(neuro=self.neuro.screen())
        for cell in self.neuro.invalid_cells():
            local[cell] = self.tr("Not a valid value.")
        return exam, local

    def set_record(self, exam: ExamRecord, copied: frozenset[str] | set[str] = frozenset()) -> None:
        """Show an exam; ``copied`` paths are marked until confirmed or changed."""
        self.bind.load(_flatten(exam_to_data(exam)))
        self.neuro.set_screen(exam.neuro)
        self.bind.set_copied(set(copied))
        self.neuro.set_copied({p for p in copied if p.split(".")[0] in ("power", "sensation",
                                                                         "reflex")})
        self.show_errors({})

    def copied(self) -> set[str]:
        """Paths still marked as copied (neither confirmed nor changed)."""
        return self.bind.copied() | set(self.neuro.copied_cells())

    def confirm_copied(self) -> None:
        """The clinician confirmed every copied value."""
        self.bind.set_copied(set())
        self.neuro.set_copied(set())
        self.changed.emit()

    def set_read_only(self, read_only: bool) -> None:
        """Lock every input (a signed visit)."""
        self.bind.set_read_only(read_only)
        self.neuro.set_read_only(read_only)

    def show_errors(self, errors: dict[str, str]) -> list[str]:
        """Show messages beside their inputs; return the paths that have no place here."""
        for shown in self.error_labels.values():
            shown.hide()
        for binding in self.bind.items.values():
            set_field_message(binding.widget, "")
        rest = []
        for path, message in errors.items():
            bound = self.bind.items.get(path)
            if bound is not None:  # read with the field, and announced (screen readers)
                set_field_message(bound.widget, message)
            label = self.error_labels.get(path)
            if label is None:  # named as the user reads the field, never by its data path
                rest.append(f"{bound.widget.accessibleName()}: {message}" if bound is not None
                            and bound.widget.accessibleName() else message)
                continue
            label.setText(message)
            label.show()
        return rest
