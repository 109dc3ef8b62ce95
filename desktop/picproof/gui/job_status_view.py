"""Status-bar widget: what runs in the background, how far it is, and a Cancel button."""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from picproof.gui.jobs import Job, JobRunner
from picproof.gui.retranslating import Retranslating


class JobStatusView(Retranslating, QWidget):
    def __init__(self, runner: JobRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._current: Job | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel()
        self.bar = QProgressBar()
        self.bar.setFixedWidth(180)
        self.bar.setTextVisible(False)
        self.cancel_button = QPushButton()
        self.cancel_button.clicked.connect(self._cancel)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button)
        runner.job_started.connect(self._on_started)
        runner.job_ended.connect(self._on_ended)
        self.retranslate()
        self._show_idle()

    def retranslate(self) -> None:
        self.cancel_button.setText(self.tr("Cancel"))
        self.cancel_button.setToolTip(self.tr("Stop the running task (Esc)"))

    def _show_idle(self) -> None:
        self.label.clear()
        self.bar.hide()
        self.cancel_button.hide()

    @Slot(object)
    def _on_started(self, job: Job) -> None:
        self._current = job
        self.label.setText(job.label)
        self.bar.setRange(0, 0)
        self.bar.show()
        self.cancel_button.show()
        self.cancel_button.setEnabled(True)
        job.progress.connect(self._on_progress)

    @Slot(int, object, str)
    def _on_progress(self, done: int, total: object, message: str) -> None:
        if isinstance(total, int) and total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))
            text = self.tr("{label}: {done} of {total}").format(
                label=self._current.label if self._current else "", done=done, total=total
            )
        else:
            text = self._current.label if self._current else ""
        self.label.setText(text)

    @Slot(object)
    def _on_ended(self, job: Job) -> None:
        others = [j for j in self._runner.active if j.property("visible")]
        if others:
            self._on_started(others[-1])
        else:
            self._current = None
            self._show_idle()

    @Slot()
    def _cancel(self) -> None:
        if self._current is not None:
            self._current.cancel()
            self.cancel_button.setEnabled(False)
            self.label.setText(self.tr("Stopping…"))

    def keyPressEvent(self, event) -> None:  # noqa: N802, ANN001 - Qt override
        if event.key() == Qt.Key.Key_Escape:
            self._cancel()
        else:
            super().keyPressEvent(event)
