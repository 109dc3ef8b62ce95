"""Settings -> "Shared clinic database": keep cases on the clinic's PostgreSQL server.

The address is saved in the settings without its password; the password goes to the system
keyring. Connecting (a round trip to the server, up to its time-out) runs as a job, never in the
GUI thread. Switching reopens the case store: the case list then shows the clinic's cases.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from picproof.core.errors import PicProofError
from picproof.gui.app_context import AppContext
from picproof.gui.error_text import describe
from picproof.gui.settings_box import SettingsBox


class ClinicSettingsBox(SettingsBox):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = self.column
        form = QFormLayout()
        self.url = QLineEdit(self.services.settings.clinic_db)
        self.url.setPlaceholderText("postgresql://name@server:5432/picproof?sslmode=verify-full")
        self.url_label = QLabel()
        form.addRow(self.url_label, self.url)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_label = QLabel()
        form.addRow(self.password_label, self.password)
        layout.addLayout(form)
        row = QHBoxLayout()
        self.connect_button = QPushButton()
        self.connect_button.clicked.connect(self.connect_clinic)
        self.local_button = QPushButton()
        self.local_button.clicked.connect(self.use_local)
        row.addWidget(self.connect_button)
        row.addWidget(self.local_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.status)
        self._state: tuple[str, dict[str, str]] = ("", {})
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(self.tr("Shared clinic database"))
        self.hint.setText(
            self.tr(
                "A legal-aid clinic can keep its cases, evidence and custody logs on its own "
                "PostgreSQL server, shared by its staff. Your photo library and the matching "
                "index stay on this computer. Leave it empty to keep cases on this computer."
            )
        )
        self.url_label.setText(self.tr("Database address"))
        self.password_label.setText(self.tr("Password"))
        self.password.setPlaceholderText(self.tr("kept in this computer's password store"))
        self.connect_button.setText(self.tr("Connect"))
        self.local_button.setText(self.tr("Keep cases on this computer"))
        self._show_state()

    # -- state line ------------------------------------------------------------------------------
    def _show_state(self) -> None:
        kind, fields = self._state
        if kind == "connecting":
            text = self.tr("Connecting to {server}…")
        elif kind == "connected":
            text = self.tr(
                "Cases are kept in the clinic database {server}; you are {user} ({role})."
            )
        elif kind == "error":
            text = "{message}"
        elif self.services.settings.clinic_db:
            text = self.tr("Cases are kept in the clinic database {server}.")
            fields = {"server": self.services.settings.clinic_db}
        else:
            text = self.tr("Cases are kept on this computer.")
        self.status.setText(text.format(**fields) if fields else text)

    def _set_state(self, kind: str, **fields: str) -> None:
        self._state = (kind, fields)
        self._show_state()

    # -- actions ---------------------------------------------------------------------------------
    def connect_clinic(self) -> None:
        from picproof.services.clinic import ClinicService
        from picproof.store.postgres.connection import is_clinic_url, redact

        url = self.url.text().strip()
        if not is_clinic_url(url):
            self._set_state(
                "error",
                message=self.tr(
                    "Enter the address your clinic gave you; it starts with postgresql://"
                ),
            )
            return
        from urllib.parse import unquote, urlsplit

        pasted = urlsplit(url).password  # an address with its password: keep that in the keyring
        password = self.password.text() or (unquote(pasted) if pasted else None)
        url = redact(url)
        service = ClinicService(self.services.paths, self.services.settings)
        self.connect_button.setEnabled(False)
        self._set_state("connecting", server=redact(url))
        self.ctx.jobs.run(
            lambda progress: service.login(url, password, remember=bool(password)),
            label=self.tr("Connecting to the clinic database"),
            on_done=lambda info: self._connected(redact(url), info),
            on_error=self._failed,
        )

    def _connected(self, saved_url: str, info: object) -> None:
        from picproof.services.clinic import reopen_case_store

        self.connect_button.setEnabled(True)
        self.password.clear()
        self.url.setText(saved_url)
        self.services.settings.clinic_db = saved_url
        self.services.save_settings()
        reopen_case_store(self.services)
        self._set_state(
            "connected",
            server=str(getattr(info, "server", "")),
            user=str(getattr(info, "user", "")),
            role=self._role_name(str(getattr(info, "role", ""))),
        )
        self.ctx.cases_changed.emit()

    def _failed(self, error: PicProofError) -> None:
        self.connect_button.setEnabled(True)
        self._set_state("error", message=describe(error))

    def use_local(self) -> None:
        from picproof.services.clinic import reopen_case_store

        self.services.settings.clinic_db = ""
        self.services.save_settings()
        reopen_case_store(self.services)
        self.url.clear()
        self._set_state("")
        self.ctx.cases_changed.emit()

    def _role_name(self, role: str) -> str:
        names = {
            "admin": self.tr("administrator"),
            "lawyer": self.tr("lawyer"),
            "staff": self.tr("staff"),
            "owner": self.tr("database owner"),
        }
        return names.get(role, role)
