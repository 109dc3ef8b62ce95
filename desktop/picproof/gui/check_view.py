"""Check: bring in suspect screenshots (drop, open, paste, screen capture, web address)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QBuffer, QIODevice, QTimer, Slot
from PySide6.QtGui import QGuiApplication, QImage, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from picproof.core.errors import PicProofError
from picproof.gui.app_context import AppContext
from picproof.gui.drop_zone_view import DropZoneView, expand_paths
from picproof.gui.error_text import show_error
from picproof.gui.jobs import Job
from picproof.gui.match_saver import ensure_operator
from picproof.gui.retranslating import Retranslating
from picproof.gui.translation import icon
from picproof.gui.widgets import heading, hint

IMAGE_FILTER = "*.jpg *.jpeg *.png *.webp *.heic *.heif *.avif *.bmp *.gif *.tif *.tiff"


class CheckView(Retranslating, QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.services = ctx.services
        self.title = heading()
        self.intro = hint()
        self.drop = DropZoneView()
        self.drop.paths_dropped.connect(self.check_paths)
        self.drop.image_dropped.connect(self.check_image)

        self.open_button = QPushButton(icon("check"), "")
        self.open_button.clicked.connect(self.open_files)
        self.folder_button = QPushButton(icon("folder"), "")
        self.folder_button.clicked.connect(self.open_folder)
        self.paste_button = QPushButton()
        self.paste_button.clicked.connect(self.paste_image)
        self.capture_button = QPushButton()
        self.capture_button.clicked.connect(self.capture_screen)
        buttons = QHBoxLayout()
        for b in (self.open_button, self.folder_button, self.paste_button, self.capture_button):
            buttons.addWidget(b)
        buttons.addStretch(1)

        self.url_label = QLabel()
        self.url = QLineEdit()
        self.url.setPlaceholderText("https://")
        self.url.returnPressed.connect(self.check_url)
        self.url_button = QPushButton()
        self.url_button.clicked.connect(self.check_url)
        url_row = QHBoxLayout()
        url_row.addWidget(self.url_label)
        url_row.addWidget(self.url, 1)
        url_row.addWidget(self.url_button)

        self.status = hint()

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.intro)
        layout.addWidget(self.drop, 1)
        layout.addLayout(buttons)
        layout.addLayout(url_row)
        layout.addWidget(self.status)
        layout.addStretch(0)

        paste = QShortcut(QKeySequence.StandardKey.Paste, self)
        paste.activated.connect(self.paste_image)
        ctx.check_files.connect(self._check_from_tour)
        self._job: Job | None = None
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Check screenshots"))
        self.intro.setText(
            self.tr(
                "Bring in screenshots or saved pictures of the profile, listing or post you "
                "suspect. PicProof looks for your own photos inside them, on this computer."
            )
        )
        self.drop.set_text(
            self.tr("Drop screenshots or folders here\n\nor paste a picture with Ctrl+V")
        )
        self.open_button.setText(self.tr("Open pictures…"))
        self.folder_button.setText(self.tr("Open a folder…"))
        self.paste_button.setText(self.tr("Paste picture"))
        self.capture_button.setText(self.tr("Capture part of the screen…"))
        self.url_label.setText(self.tr("Web address:"))
        self.url_button.setText(self.tr("Save page and check"))

    # ---- inputs --------------------------------------------------------------------------------

    def open_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self,
            self.tr("Choose screenshots to check"),
            "",
            self.tr("Pictures ({patterns})").format(patterns=IMAGE_FILTER),
        )
        if files:
            self.check_paths(files)

    def open_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Choose a folder of screenshots"))
        if folder:
            self.check_paths([folder])

    def paste_image(self) -> None:
        image = QGuiApplication.clipboard().image()
        if image.isNull():
            mime = QGuiApplication.clipboard().mimeData()
            paths = [u.toLocalFile() for u in mime.urls() if u.isLocalFile()] if mime else []
            if paths:
                self.check_paths(paths)
                return
            QMessageBox.information(
                self,
                self.tr("Paste picture"),
                self.tr(
                    "The clipboard holds no picture. Copy a picture (or take a screenshot) first."
                ),
            )
            return
        self.check_image(image, "clipboard")

    def capture_screen(self) -> None:
        window = self.window()
        window.hide()
        # Let the window manager remove our window before the screen is grabbed.
        QTimer.singleShot(400, self._grab_screen)

    def _grab_screen(self) -> None:
        from picproof.gui.capture_dialog import CaptureDialog

        window = self.window()
        screen = QGuiApplication.primaryScreen()
        shot = screen.grabWindow(0) if screen else None
        window.show()
        if shot is None or shot.isNull():
            QMessageBox.warning(
                self,
                self.tr("Capture"),
                self.tr(
                    "This system did not allow PicProof to capture the screen. Take a screenshot "
                    "with your system's tool and paste it here instead."
                ),
            )
            return
        dialog = CaptureDialog(shot, self)
        dialog.showMaximized()
        if dialog.exec() and dialog.region is not None:
            self.check_image(dialog.region.toImage(), "screen-capture")

    def check_url(self) -> None:
        """Save the page and its pictures into a case (evidence first), then check the pictures."""
        url = self.url.text().strip()
        if not url:
            return
        if not url.lower().startswith(("http://", "https://")):
            url = "https://" + url
        from picproof.gui.add_to_case_dialog import AddToCaseDialog

        cases = self.services.cases
        ensure_operator(self, self.ctx)
        dialog = AddToCaseDialog(
            cases,
            self,
            url.split("//", 1)[-1][:60],
            explanation=self.tr(
                "PicProof will download this page and its pictures from the site and keep them in "
                "the case as evidence, with their SHA-256 fingerprints and the time. The site sees "
                "your internet address, as with any visit; nothing else is sent."
            ),
            create_later=True,
        )
        dialog.setWindowTitle(self.tr("Save web page into a case"))
        if not dialog.exec() or (dialog.case_id is None and dialog.new_case is None):
            return
        case_id, new_case = dialog.case_id, dialog.new_case

        def make_case() -> int:
            assert new_case is not None
            return cases.create_case(new_case[0], new_case[1]).id

        def work(progress: Any) -> list[str]:
            from picproof.services.capture import capture_url

            captured = capture_url(cases, case_id, url, make_case=make_case, progress=progress)
            ids = list(captured.image_evidence_ids)
            items = [cases.get_evidence(i) for i in ids]
            if not items:
                page = cases.get_evidence(captured.page_evidence_id)
                items = [page] if page.media_type.startswith("image/") else []
            return [str(cases.evidence_path(i)) for i in items]

        self.status.setText(self.tr("Saving {url}…").format(url=url))
        self.ctx.jobs.run(
            work,
            lane="write",
            label=self.tr("Saving web page"),
            on_done=self._on_captured,
            on_error=self._on_error,
        )

    @Slot(object)
    def _on_captured(self, paths: list[str]) -> None:
        self.ctx.cases_changed.emit()
        if not paths:
            self.status.setText(
                self.tr(
                    "The page was saved in the case, but it contains no pictures PicProof could "
                    "keep. Take a screenshot of the page and paste it here."
                )
            )
            return
        self.check_paths(paths)

    # ---- running the check ---------------------------------------------------------------------

    def check_image(self, image: QImage, source: str = "clipboard") -> None:
        """Keep a pasted or captured picture (PNG, lossless) in the data folder, then check it.

        Encoding and writing run on a worker (a 4K screenshot takes a noticeable moment); QImage
        is safe to read from another thread. Every paste gets a name of its own.
        """
        if image.isNull():
            return
        image = image.copy()  # the clipboard may change it meanwhile
        store = self.ctx.review_store

        def work(_progress: Any) -> str:
            buffer = QBuffer()
            buffer.open(QIODevice.OpenModeFlag.WriteOnly)
            image.save(buffer, b"PNG")
            return str(store.save_picture(bytes(buffer.data().data()), source))

        self.ctx.jobs.run(
            work,
            label=self.tr("Saving the picture"),
            on_done=lambda path: self.check_paths([path]),
            on_error=self._on_error,
        )

    @Slot(list)
    def _check_from_tour(self, paths: list[str]) -> None:
        self.ctx.navigate.emit("check")
        self.check_paths(paths)

    @Slot(list)
    def check_paths(self, paths: list[str]) -> None:
        files = expand_paths(paths)
        if not files:
            QMessageBox.information(
                self,
                self.tr("Check"),
                self.tr(
                    "No pictures were found there. PicProof reads JPEG, PNG, WebP, HEIC, AVIF, "
                    "BMP, GIF and TIFF files."
                ),
            )
            return
        if self.services.library.photo_count() == 0:
            QMessageBox.information(
                self,
                self.tr("Check"),
                self.tr(
                    "Add your own photos first (My photos), so PicProof knows what to look for."
                ),
            )
            self.ctx.navigate.emit("photos")
            return
        self.status.setText(self.tr("Checking {count} picture(s)…").format(count=len(files)))
        services = self.services
        self._job = self.ctx.jobs.run(
            lambda p: services.matching.match_files(files, progress=p),
            lane="write",
            label=self.tr("Checking screenshots"),
            on_done=self._on_checked,
            on_error=self._on_error,
            on_cancelled=lambda: self.status.setText(self.tr("Check stopped.")),
        )

    @Slot(object)
    def _on_checked(self, results: Any) -> None:
        results = list(results)
        found = sum(1 for r in results if r.matches)
        self.status.setText(
            self.tr("Checked {count} picture(s); your photos were found in {found}.").format(
                count=len(results), found=found
            )
        )
        self.ctx.add_results(results)
        self.ctx.navigate.emit("results")

    def _on_error(self, exc: PicProofError) -> None:
        self.status.setText("")
        show_error(self, exc)
