"""A mixin for widgets whose words are set in ``retranslate()``: it runs again on a language change.

Put it before the Qt class (``class Box(Retranslating, QGroupBox)``) so its ``changeEvent`` is the
one Qt calls; the widget still calls ``self.retranslate()`` once at the end of its ``__init__``.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent


class Retranslating:
    def retranslate(self) -> None:
        raise NotImplementedError

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)  # type: ignore[misc]  # the Qt class after this mixin
