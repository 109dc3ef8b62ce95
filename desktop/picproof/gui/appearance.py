"""Text size and colours: the system's palette (dark when the system is dark) or a chosen one.

Colours in views come from the palette (see widgets.tone_color), so a dark palette needs no
other change. The text size scales the application font the platform gave us.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

#: Text size choices (factor of the system font size).
TEXT_SIZES: tuple[float, ...] = (1.0, 1.15, 1.3, 1.5)
THEMES: tuple[str, ...] = ("system", "light", "dark")

_base_point_size: list[float] = []
_original: list[tuple[QPalette, str]] = []


def dark_palette() -> QPalette:
    """A dark Fusion palette with enough contrast for long reading (WCAG AA for body text)."""
    p = QPalette()
    window, base, text = QColor(37, 37, 38), QColor(30, 30, 30), QColor(230, 230, 230)
    for role, color in (
        (QPalette.ColorRole.Window, window),
        (QPalette.ColorRole.WindowText, text),
        (QPalette.ColorRole.Base, base),
        (QPalette.ColorRole.AlternateBase, QColor(45, 45, 48)),
        (QPalette.ColorRole.ToolTipBase, QColor(50, 50, 52)),
        (QPalette.ColorRole.ToolTipText, text),
        (QPalette.ColorRole.PlaceholderText, QColor(150, 150, 150)),
        (QPalette.ColorRole.Text, text),
        (QPalette.ColorRole.Button, QColor(52, 52, 55)),
        (QPalette.ColorRole.ButtonText, text),
        (QPalette.ColorRole.BrightText, QColor(255, 120, 120)),
        (QPalette.ColorRole.Link, QColor(120, 180, 255)),
        (QPalette.ColorRole.Highlight, QColor(38, 110, 190)),
        (QPalette.ColorRole.HighlightedText, QColor(255, 255, 255)),
    ):
        p.setColor(role, color)
    for role in (
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
        QPalette.ColorRole.WindowText,
    ):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor(125, 125, 125))
    return p


def system_is_dark() -> bool:
    hints = QGuiApplication.styleHints()
    return hints.colorScheme() == Qt.ColorScheme.Dark


def apply_appearance(theme: str, text_size: float) -> None:
    """Apply the colour scheme and text size to the running application."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    if not _original:
        _original.append((QPalette(app.palette()), app.style().name()))
    palette, style = _original[0]
    dark = theme == "dark" or (theme == "system" and system_is_dark())
    if dark:
        app.setStyle("Fusion")  # native styles ignore a custom palette on some platforms
        app.setPalette(dark_palette())
    elif theme == "light":
        app.setStyle("Fusion")
        app.setPalette(app.style().standardPalette())
    else:
        app.setStyle(style)
        app.setPalette(palette)
    font = app.font()
    if not _base_point_size:
        _base_point_size.append(font.pointSizeF() if font.pointSizeF() > 0 else 10.0)
    size = text_size if text_size in TEXT_SIZES else 1.0
    font.setPointSizeF(_base_point_size[0] * size)
    app.setFont(font)
