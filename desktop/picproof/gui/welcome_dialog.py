"""First run: the three steps in plain words, and a one-click tour with the sample photos."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from picproof.gui.translation import icon
from picproof.gui.widgets import heading


class WelcomeDialog(QDialog):
    TRY_SAMPLE = 2

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("PicProof — Welcome"))
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        title = heading()
        title.setText(self.tr("Welcome to PicProof"))
        layout.addWidget(title)
        intro = QLabel(
            self.tr(
                "PicProof finds your own photos inside screenshots of fake profiles or copied shop "
                "listings, keeps them as evidence, and helps you write the letter to have them "
                "removed."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        steps = (
            (
                "photos",
                self.tr("1. My photos"),
                self.tr("Tell PicProof where your photos are. They never leave this computer."),
            ),
            (
                "check",
                self.tr("2. Check"),
                self.tr(
                    "Drop screenshots of the suspicious profile or shop. PicProof shows which of "
                    "your photos it contains."
                ),
            ),
            (
                "cases",
                self.tr("3. Evidence and letters"),
                self.tr(
                    "Save what you found in a case, then produce a takedown letter or complaint."
                ),
            ),
        )
        for name, head, text in steps:
            row = QHBoxLayout()
            pic = QLabel()
            pic.setPixmap(icon(name).pixmap(32, 32))
            pic.setAlignment(Qt.AlignmentFlag.AlignTop)
            row.addWidget(pic)
            label = QLabel(f"<b>{head}</b><br>{text}")
            label.setWordWrap(True)
            row.addWidget(label, 1)
            layout.addLayout(row)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.start_button = QPushButton(self.tr("Start with my own photos"))
        self.start_button.clicked.connect(self.accept)
        self.sample_button = QPushButton(self.tr("Try with sample photos"))
        self.sample_button.setDefault(True)
        self.sample_button.clicked.connect(lambda: self.done(self.TRY_SAMPLE))
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.sample_button)
        layout.addLayout(buttons)
