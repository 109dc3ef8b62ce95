"""Placeholder while this area is built."""

from __future__ import annotations

from picproof.gui.widgets import Unavailable


class SettingsView(Unavailable):
    def __init__(self, ctx, parent=None):  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.set_text(self.tr("This part is not available in this build yet."))
