"""Add a time-stamping service: URL, trusted root certificates, optional user name and password."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from picproof.core.errors import SecretStoreError
from picproof.gui.error_text import show_error
from picproof.services.settings import TsaSettings


class TsaDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Add a time-stamping service"))
        self.setMinimumWidth(520)
        self.roots: list[str] = []
        layout = QVBoxLayout(self)
        explain = QLabel(
            self.tr(
                "A time-stamping service (TSA) signs the fingerprint of your evidence with the "
                "current time, proving it existed then. Only the fingerprint (SHA-256) is sent, "
                "never the picture."
            )
        )
        explain.setWordWrap(True)
        layout.addWidget(explain)
        form = QFormLayout()
        self.url = QLineEdit()
        self.url.setPlaceholderText("https://freetsa.org/tsr")
        form.addRow(self.tr("Address (URL)"), self.url)
        roots_row = QHBoxLayout()
        self.roots_label = QLabel(self.tr("none chosen"))
        choose = QPushButton(self.tr("Choose certificate files…"))
        choose.clicked.connect(self._choose_roots)
        roots_row.addWidget(self.roots_label, 1)
        roots_row.addWidget(choose)
        form.addRow(self.tr("Trusted root certificates"), roots_row)
        self.username = QLineEdit()
        form.addRow(self.tr("User name (optional)"), self.username)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("Password (optional)"), self.password)
        layout.addLayout(form)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.result_tsa: TsaSettings | None = None

    def _choose_roots(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self,
            self.tr("Trusted root certificates"),
            "",
            self.tr("Certificates (*.pem *.crt *.cer)"),
        )
        if files:
            self.roots = files
            self.roots_label.setText("; ".join(files))

    def _accept(self) -> None:
        url = self.url.text().strip()
        if not url.lower().startswith(("http://", "https://")):
            QMessageBox.warning(
                self,
                self.windowTitle(),
                self.tr("Enter the service address, starting with http:// or https://."),
            )
            return
        if not self.roots:
            QMessageBox.warning(
                self,
                self.windowTitle(),
                self.tr(
                    "Choose the service's root certificate file. Without it PicProof cannot check "
                    "that the time stamps really come from this service."
                ),
            )
            return
        username = self.username.text().strip() or None
        if username and self.password.text():
            from picproof.services.secrets import set_secret, tsa_secret_name

            try:
                set_secret("tsa", tsa_secret_name(username, url), self.password.text())
            except SecretStoreError as exc:
                show_error(self, exc)
                return
        self.result_tsa = TsaSettings(url=url, trust_roots=list(self.roots), username=username)
        self.accept()
