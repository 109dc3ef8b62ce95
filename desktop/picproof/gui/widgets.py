"""Small shared widget helpers (headings, hints, placeholders)."""

from __future__ import annotations

from PySide6.QtCore import QDate, QDateTime, QLocale, Qt
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QLabel, QMainWindow, QWidget


def show_status(widget: QWidget, text: str, timeout_ms: int = 0) -> None:
    """Show ``text`` in the status bar of the main window ``widget`` sits in (if any)."""
    window = widget.window()
    if isinstance(window, QMainWindow):
        window.statusBar().showMessage(text, timeout_ms)


def heading() -> QLabel:
    label = QLabel()
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * 1.5)
    font.setBold(True)
    label.setFont(font)
    return label


def hint() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    return label


def format_date(iso: str | None) -> str:
    """An ISO date (YYYY-MM-DD) in the UI locale's short format (input kept if unparsable)."""
    if not iso:
        return ""
    day = QDate.fromString(iso[:10], Qt.DateFormat.ISODate)
    if not day.isValid():
        return iso
    return QLocale().toString(day, QLocale.FormatType.ShortFormat)


def format_when(iso: str | None) -> str:
    """An ISO-8601 timestamp as local date and time in the UI locale (input kept if unparsable)."""
    if not iso:
        return ""
    when = QDateTime.fromString(iso, Qt.DateFormat.ISODateWithMs)
    if not when.isValid():
        when = QDateTime.fromString(iso, Qt.DateFormat.ISODate)
    if not when.isValid():
        return iso
    return QLocale().toString(when.toLocalTime(), QLocale.FormatType.ShortFormat)


def tone_color(widget: QWidget, tone: str) -> QColor:
    """A warning / success colour readable on the widget's own background."""
    return palette_tone(widget.palette(), tone)


def palette_tone(palette: QPalette, tone: str) -> QColor:
    """``bad`` / ``good`` colour with enough contrast on ``palette``'s window colour."""
    dark = palette.color(QPalette.ColorRole.Window).lightness() < 128
    return QColor(
        {
            ("bad", False): "#b71c1c",
            ("bad", True): "#ff8a80",
            ("good", False): "#2e7d32",
            ("good", True): "#a5d6a7",
        }[(tone, dark)]
    )


def set_tone(label: QLabel, tone: str) -> None:
    """Colour a label's text for ``tone`` (``bad`` or ``good``) from its palette, not a constant."""
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, tone_color(label, tone))
    label.setPalette(palette)
