"""Help: a short guide (what each page does, how to read a match, what a time stamp proves) and
the list of keyboard shortcuts, in the UI's language."""

from __future__ import annotations

from html import escape

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget


def _section(title: str, paragraphs: list[str]) -> str:
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return f"<h3>{escape(title)}</h3>{body}"


def _keys(sequence: str | QKeySequence.StandardKey) -> str:
    keys = QKeySequence(sequence).toString(QKeySequence.SequenceFormat.NativeText)
    return escape(keys)


class HelpDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, *, shortcuts_only: bool = False) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Keyboard shortcuts") if shortcuts_only else self.tr("Guide"))
        self.resize(640, 600)
        layout = QVBoxLayout(self)
        self.text = QTextBrowser()
        self.text.setOpenExternalLinks(False)
        self.text.setHtml(self.shortcuts_html() if shortcuts_only else self.guide_html())
        layout.addWidget(self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def guide_html(self) -> str:
        pages = _section(
            self.tr("What each page does"),
            [
                self.tr(
                    "My photos: the folders that hold your own photos. PicProof reads them on this "
                    "computer and remembers what they look like; nothing is uploaded."
                ),
                self.tr(
                    "Check: bring in screenshots or saved pictures of the profile, listing or post "
                    "you suspect (drop them, open them, paste them, or save a web page)."
                ),
                self.tr(
                    "Results: which of your photos appear inside each picture. Review each match "
                    "and accept it only if it is your photo; accepted matches go into a case."
                ),
                self.tr(
                    "Cases: the evidence for one fake profile or copied listing, with a log of "
                    "everything done to it. Time-stamp it, export it as a bundle anyone can check, "
                    "add deadlines."
                ),
                self.tr("Letters: the letter or notice that asks for the copies to be removed."),
                self.tr("Settings: language, your name, text size, colours, time-stamping."),
            ],
        )
        match = _section(
            self.tr("How to read a match"),
            [
                self.tr(
                    "Identical file: the very same file as your photo (the same SHA-256 "
                    "fingerprint). Same photo: your photo, perhaps cropped, mirrored, resized or "
                    "recompressed. Possible match: look carefully before accepting."
                ),
                self.tr(
                    "The outline on the left shows where your photo was found in the picture; the "
                    "outline on the right shows which part of your photo is visible. The score "
                    "(of 100) and the matching points say how much of the picture agrees."
                ),
                self.tr(
                    "Accept only if it is this very photo: another shot of the same scene, taken a "
                    "moment or a step apart, is a different photo. If unsure, mark it as not a "
                    "match: a wrong accusation is worse than a missed copy."
                ),
            ],
        )
        stamp = _section(
            self.tr("What a trusted time stamp proves"),
            [
                self.tr(
                    "A time-stamping service signs the SHA-256 fingerprint of an evidence file "
                    "together with the time. It proves the file existed, unchanged, at that time. "
                    "Only the fingerprint is sent, never the picture."
                ),
                self.tr(
                    "It does not prove who made the file or where it came from: that is what "
                    "the acquisition facts, your originals and the custody log are for."
                ),
            ],
        )
        return pages + match + stamp + self.shortcuts_html()

    def shortcuts_html(self) -> str:
        rows = [
            (self.tr("Accept the match shown (Results)"), _keys("A")),
            (self.tr("Mark the match shown as not a match (Results)"), _keys("N")),
            (self.tr("Show or hide the matching points (Results)"), _keys("P")),
            (self.tr("Undo the last decision (Results)"), _keys(QKeySequence.StandardKey.Undo)),
            (self.tr("Check screenshots…"), _keys(QKeySequence.StandardKey.Open)),
            (self.tr("Paste a picture to check"), _keys("Ctrl+Shift+V")),
            (
                self.tr("Go to a page (My photos … Settings)"),
                _keys("Ctrl+1") + " … " + _keys("Ctrl+6"),
            ),
            (self.tr("Stop the task shown in the status bar"), _keys("Esc")),
            (self.tr("Guide"), _keys(QKeySequence.StandardKey.HelpContents)),
            (self.tr("Quit"), _keys(QKeySequence.StandardKey.Quit)),
        ]
        table = "".join(
            f"<tr><td style='padding-right:16px'>{escape(what)}</td><td><b>{keys}</b></td></tr>"
            for what, keys in rows
        )
        return f"<h3>{escape(self.tr('Keyboard shortcuts'))}</h3><table>{table}</table>"
