"""The Agreement window's options: which coders (at first the two with the
most codings), the unit (and the overlap threshold for segments, or joining
touching codings for uα), which codes and sources, a case attribute to filter
on, moderator turns, sources nobody coded, the bootstrap seed — and Compute."""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDoubleSpinBox, QHBoxLayout, QLabel, QPushButton, QSpinBox, QWidget,
)

from app import settings
from app.agreement.check_list_button import CheckListButton
from app.agreement.check_list_model import CheckItem
from app.agreement.choices import Choices
from app.common.flow_layout import FlowLayout
from coding.agreement.corpus import UNIT_DESCRIPTIONS, UNITS, AgreementRequest
from coding.errors import InvalidRequest

UNIT_LABELS = {
    "char": "Characters",
    "sentence": "Sentences",
    "paragraph": "Paragraphs",
    "section": "Sections (turns, responses)",
    "document": "Documents (present or absent)",
    "frequency": "Documents (number of codings)",
    "segment": "Coded segments (overlap)",
    "unitized": "Unitized α (continuum)",
}
ANY_CASE = "Any case"


def _label(text: str, buddy: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(buddy)
    return label


def _group(*widgets: QWidget) -> QWidget:
    """Widgets kept on one line (a label and its field) when the options wrap."""
    group = QWidget()
    row = QHBoxLayout(group)
    row.setContentsMargins(0, 0, 4, 0)
    for widget in widgets:
        row.addWidget(widget)
    return group


class OptionsBar(QWidget):
    sig_options_changed = Signal()
    sig_compute_requested = Signal()

    def __init__(self, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self._loading = False
        self._attributes: dict[str, list[str]] = {}

        self.coders_button = CheckListButton("Choose two coders", "coders", clearable=False)
        self.coders_button.setToolTip("The coders to compare (at least two)")
        self.unit_box = QComboBox()
        for i, unit in enumerate(UNITS):
            self.unit_box.addItem(UNIT_LABELS[unit], unit)
            self.unit_box.setItemData(i, UNIT_DESCRIPTIONS[unit][:1].upper() + UNIT_DESCRIPTIONS[unit][1:],
                                      Qt.ItemDataRole.ToolTipRole)
        self.threshold_label = QLabel("O&verlap ≥")
        self.threshold_box = QDoubleSpinBox(decimals=2, minimum=0.05, maximum=1.0, singleStep=0.05)
        self.threshold_box.setToolTip("Segments agree when |s∩t| / |s∪t| reaches this share")
        self.threshold_label.setBuddy(self.threshold_box)
        self.codes_button = CheckListButton("All codes", "codes")
        self.codes_button.setToolTip("Only these codes (a parent stands for the codes under it)")
        self.sources_button = CheckListButton("All sources", "sources")
        self.attribute_box = QComboBox(minimumContentsLength=22)
        self.attribute_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.attribute_box.view().setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.attribute_box.setToolTip("Only turns and responses of cases with this attribute value")
        self.value_box = QComboBox(editable=True, minimumContentsLength=16)
        self.value_box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.moderators_box = QCheckBox("Leave out &moderator turns")
        self.skip_uncoded_box = QCheckBox("Leave out sources &nobody coded")
        self.skip_uncoded_box.setToolTip("Sources in scope that none of the chosen coders has coded "
                                         "(likely not coded yet) count as agreement that no code "
                                         "applies, unless left out; the report says which")
        self.join_box = QCheckBox("&Join touching codings")
        self.join_box.setToolTip("Unitized α: join a coder's codings of a code that touch (10–20 and "
                                 "20–30) into one unit. Krippendorff (2004) keeps them apart; the "
                                 "report states the choice")
        self.seed_box = QSpinBox(minimum=0, maximum=2_147_483_647)
        self.seed_box.setValue(AgreementRequest.seed)
        self.seed_box.setMinimumWidth(90)
        self.seed_box.setToolTip("Seed of the bootstrap resampling for the 95 % intervals")
        self.compute_button = QPushButton("&Compute")
        self.compute_button.setToolTip("Compute agreement (F5)")
        self.compute_button.setShortcut(QKeySequence("F5"))
        self.compute_button.setDefault(True)

        self.unit_box.setCurrentIndex(max(0, self.unit_box.findData(settings.get("agreement/unit"))))
        self.threshold_box.setValue(settings.get("agreement/threshold"))

        layout = FlowLayout(self)  # wraps onto more lines on a narrow window
        layout.setContentsMargins(6, 6, 6, 2)
        self.threshold_group = _group(self.threshold_label, self.threshold_box)
        for widget in (_group(_label("Code&rs", self.coders_button), self.coders_button),
                       _group(_label("&Unit", self.unit_box), self.unit_box),
                       self.threshold_group, self.join_box,
                       _group(_label("C&odes", self.codes_button), self.codes_button),
                       _group(_label("&Sources", self.sources_button), self.sources_button),
                       _group(_label("Cases &where", self.attribute_box), self.attribute_box,
                              _label("=", self.value_box), self.value_box),
                       self.moderators_box, self.skip_uncoded_box,
                       _group(_label("S&eed", self.seed_box), self.seed_box), self.compute_button):
            layout.addWidget(widget)
        self._show_threshold()

        for signal in (self.coders_button.sig_checks_changed, self.codes_button.sig_checks_changed,
                       self.sources_button.sig_checks_changed, self.moderators_box.toggled,
                       self.skip_uncoded_box.toggled, self.join_box.toggled,
                       self.seed_box.valueChanged, self.threshold_box.valueChanged,
                       self.value_box.currentTextChanged):
            signal.connect(self._on_option_changed)
        self.unit_box.currentIndexChanged.connect(self._on_unit_box_current_index_changed)
        self.attribute_box.currentIndexChanged.connect(self._on_attribute_box_current_index_changed)
        self.compute_button.clicked.connect(self.sig_compute_requested)

    # --- public ---
    def set_choices(self, choices: Choices) -> None:
        """Offer the project's coders, codes, sources and attributes, keeping
        what was chosen where it still exists."""
        self._loading = True
        try:
            kept = set(self.coders_button.model.checked_keys())
            names = [c.name for c in choices.coders]
            if not kept & set(names) or len(kept & set(names)) < 2:
                # the two coders with the most codings, never a pair where one coded nothing
                usable = [c.name for c in choices.coders if c.role != "consensus"] or names
                kept = set(choices.default_coders) if len(choices.default_coders) == 2 else set(usable[:2])
            counts = choices.coding_counts
            self.coders_button.model.set_items(
                [CheckItem(c.name, c.name, f"{c.name} ({c.role}, {counts.get(c.name, 0):,} codings)"
                           if c.role != "consensus" else f"{c.name} ({c.role})", c.name in kept)
                 for c in choices.coders])
            kept = set(self.codes_button.model.checked_keys())
            self.codes_button.model.set_items(
                [CheckItem(n.path, "    " * n.depth + n.name,
                           n.path + (" (exclusive values)" if n.exclusive else ""), n.path in kept)
                 for n in choices.codes])
            kept = set(self.sources_button.model.checked_keys())
            self.sources_button.model.set_items(
                [CheckItem(s.name, s.name, f"{s.name} ({s.kind})", s.name in kept) for s in choices.sources])
            current = self.attribute_box.currentData()
            self._attributes = dict(choices.attributes)
            self.attribute_box.clear()
            self.attribute_box.addItem(ANY_CASE, None)
            for name in self._attributes:
                self.attribute_box.addItem(name, name)
            self.attribute_box.setCurrentIndex(max(0, self.attribute_box.findData(current)))
            for i in range(self.attribute_box.count()):
                self.attribute_box.setItemData(i, self.attribute_box.itemText(i), Qt.ItemDataRole.ToolTipRole)
            widest = max((self.fontMetrics().horizontalAdvance(n) for n in self._attributes), default=0)
            self.attribute_box.view().setMinimumWidth(min(widest + 40, 720))
            self._fill_values()
        finally:
            self._loading = False

    def unit(self) -> str:
        return self.unit_box.currentData()

    def set_unit(self, unit: str) -> None:
        self.unit_box.setCurrentIndex(self.unit_box.findData(unit))

    def request(self) -> AgreementRequest:
        """The request the options describe; InvalidRequest when they are incomplete."""
        coders = tuple(self.coders_button.model.checked_keys())
        if len(coders) < 2:
            raise InvalidRequest("Tick at least two coders to compare.")
        where = ()
        attribute, value = self.attribute_box.currentData(), self.value_box.currentText().strip()
        if attribute is not None and value:
            where = ((attribute, value),)
        return AgreementRequest(
            coders=coders, unit=self.unit(), threshold=round(self.threshold_box.value(), 4),
            codes=tuple(self.codes_button.model.checked_keys()),
            sources=tuple(self.sources_button.model.checked_keys()), where=where,
            without_moderators=self.moderators_box.isChecked(), seed=self.seed_box.value(),
            skip_uncoded=self.skip_uncoded_box.isChecked(),
            join_touching=self.unit() == "unitized" and self.join_box.isChecked(),
        )

    def remember(self) -> None:
        """Keep the unit and threshold for next time (machine settings, not project data)."""
        settings.put("agreement/unit", self.unit())
        settings.put("agreement/threshold", float(self.threshold_box.value()))

    # --- handlers ---
    def _fill_values(self) -> None:
        attribute = self.attribute_box.currentData()
        text = self.value_box.currentText()
        blocked = self.value_box.blockSignals(True)
        self.value_box.clear()
        self.value_box.addItems(self._attributes.get(attribute, []) if attribute else [])
        self.value_box.setEnabled(attribute is not None)
        self.value_box.setEditText(text if attribute is not None and text in self._attributes.get(attribute, [])
                                   else (self.value_box.itemText(0) if attribute else ""))
        self.value_box.blockSignals(blocked)

    def _show_threshold(self) -> None:
        segment = self.unit() == "segment"
        self.threshold_group.setVisible(segment)
        self.join_box.setVisible(self.unit() == "unitized")

    def _on_unit_box_current_index_changed(self, _index: int) -> None:
        self._show_threshold()
        self._on_option_changed()

    def _on_attribute_box_current_index_changed(self, _index: int) -> None:
        if not self._loading:
            self._fill_values()
        self._on_option_changed()

    def _on_option_changed(self, *_args) -> None:
        if not self._loading:
            self.sig_options_changed.emit()
