"""A section of the Settings page as its own widget: a titled box whose hint, under the title,
says what the section is for; the section adds its own widgets to ``column`` below it."""

from __future__ import annotations

from PySide6.QtWidgets import QGroupBox, QVBoxLayout, QWidget

from picproof.gui import widgets
from picproof.gui.app_context import AppContext
from picproof.gui.retranslating import Retranslating


class SettingsBox(Retranslating, QGroupBox):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.services = ctx.services
        self.column = QVBoxLayout(self)
        self.hint = widgets.hint()
        self.column.addWidget(self.hint)
