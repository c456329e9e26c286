"""Bone stress and hip tests for runners (CLINICAL.md C10), bound to ``bone_stress.*`` exam paths."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from clinic_app.domain.exam.record import BoneTest
from clinic_app.domain.messages.core import QT_TRANSLATE_NOOP
from clinic_app.ui.views.exam.bindings import Bindings

BONE_OUTCOMES = [("positive", QT_TRANSLATE_NOOP("BoneStressGroup", "Painful (positive)")),
                 ("negative", QT_TRANSLATE_NOOP("BoneStressGroup", "Not painful (negative)")),
                 ("unable", QT_TRANSLATE_NOOP("BoneStressGroup", "Unable to perform"))]
SIDED_TESTS: tuple[tuple[str, BoneTest, BoneTest, str], ...] = (
    (QT_TRANSLATE_NOOP("BoneStressGroup", "Single-leg hop (pain)"), BoneTest.HOP_LEFT, BoneTest.HOP_RIGHT,
     QT_TRANSLATE_NOOP("BoneStressGroup",
                       "Hopping on one leg reproduces deep pain (sacrum, pars, hip or leg)")),
    (QT_TRANSLATE_NOOP("BoneStressGroup", "One-leg hyperextension (stork)"), BoneTest.STORK_LEFT,
     BoneTest.STORK_RIGHT,
     QT_TRANSLATE_NOOP("BoneStressGroup", "Standing on the side shown, extending the back reproduces pain")),
    (QT_TRANSLATE_NOOP("BoneStressGroup", "Fulcrum test (femoral shaft)"), BoneTest.FULCRUM_LEFT,
     BoneTest.FULCRUM_RIGHT,
     QT_TRANSLATE_NOOP("BoneStressGroup", "A bending force over the thigh reproduces pain")),
    (QT_TRANSLATE_NOOP("BoneStressGroup", "Hip internal rotation / FADIR (femoral neck)"),
     BoneTest.HIP_IR_LEFT, BoneTest.HIP_IR_RIGHT,
     QT_TRANSLATE_NOOP("BoneStressGroup",
                       "Flexion, adduction and internal rotation of the hip reproduce groin or hip pain")),
)


class BoneStressGroup(QWidget):
    """Hop, stork, fulcrum and hip IR/FADIR per side; sacral squeeze; bony tenderness."""

    def __init__(self, bind: Bindings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        tr = self.tr
        self.combos: dict[BoneTest, QComboBox] = {}
        outcomes = [(value, QCoreApplication.translate("BoneStressGroup", label))
                    for value, label in BONE_OUTCOMES]
        sided = QGroupBox(tr("Bone stress and hip tests (runners)"))
        grid = QGridLayout(sided)
        grid.addWidget(QLabel(f"<b>{tr('Left')}</b>"), 0, 1)
        grid.addWidget(QLabel(f"<b>{tr('Right')}</b>"), 0, 2)
        for row, (label, left, right, tip) in enumerate(SIDED_TESTS, start=1):
            label_text = QCoreApplication.translate("BoneStressGroup", label)
            tip_text = QCoreApplication.translate("BoneStressGroup", tip)
            name = QLabel(label_text)
            name.setWordWrap(True)  # narrow screens: the label wraps, the choices stay whole
            name.setToolTip(tip_text)
            grid.addWidget(name, row, 0)
            for column, (test, side) in enumerate(((left, tr("left")), (right, tr("right"))), start=1):
                combo = bind.combo(f"bone_stress.tests.{test.value}", outcomes, tr("Not tested"))
                combo.setAccessibleName(f"{label_text}, {side}")
                combo.setToolTip(tip_text)
                grid.addWidget(combo, row, column)
                self.combos[test] = combo
        grid.setColumnStretch(0, 1)
        sacral = QGroupBox(tr("Sacrum and lumbar spine"))
        form = QFormLayout(sacral)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        squeeze_label = tr("Sacral squeeze")
        squeeze = bind.combo(f"bone_stress.tests.{BoneTest.SACRAL_SQUEEZE.value}", outcomes,
                             tr("Not tested"))
        squeeze.setAccessibleName(squeeze_label)
        self.combos[BoneTest.SACRAL_SQUEEZE] = squeeze
        form.addRow(squeeze_label + ":", squeeze)
        tender_label = tr("Bony tenderness (sacrum or lumbar spine)")
        self.combo_tenderness = bind.tri("bone_stress.bony_tenderness")
        self.combo_tenderness.setItemText(0, tr("Not recorded"))
        self.combo_tenderness.setAccessibleName(tender_label)
        form.addRow(tender_label + ":", self.combo_tenderness)
        note = QLabel(tr("A painful hop or stork test, or low energy availability (intake) with "
                         "sacral or lumbar bony pain, suggests red flag F3 for you to confirm on the "
                         "red-flag screen. Nothing is answered for you."))
        note.setWordWrap(True)
        note.setStyleSheet("color:#556;")
        layout = QVBoxLayout(self)
        layout.addWidget(sided)
        layout.addWidget(sacral)
        layout.addWidget(note)
        layout.addStretch(1)
