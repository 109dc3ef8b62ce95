"""Signed, timestamped PDFs in the app: the "Sign and timestamp the PDF" box where PDFs are made,
and the signing key in Settings (whose name it shows, its fingerprint, import a clinic certificate).

Everything that touches the keyring or the network (making a key, importing a PKCS#12, signing)
runs as a job; the widgets only collect the choice.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from picproof.gui.app_context import AppContext
from picproof.gui.error_text import show_error
from picproof.gui.retranslating import Retranslating
from picproof.gui.settings_box import SettingsBox
from picproof.services.context import Services

# The settings key that remembers the check box between uses.
SIGN_SETTING = "sign_pdfs"


class SignCheckBox(Retranslating, QCheckBox):
    """ "Sign and timestamp the PDF", remembered between uses."""

    def __init__(self, services: Services, parent: QWidget | None = None, *, report: bool = False):
        super().__init__(parent)
        self.services = services
        self.report = report
        """Beside the bundle export: the box signs the bundle's report.pdf."""
        self.setObjectName("sign-pdf-check")
        self.setChecked(bool(services.settings.extra.get(SIGN_SETTING, False)))
        self.toggled.connect(self._remember)
        self.retranslate()

    def retranslate(self) -> None:
        self.setText(
            self.tr("Sign and timestamp the bundle's report (PDF)")
            if self.report
            else self.tr("Sign and timestamp the PDF")
        )
        self.setToolTip(
            self.tr(
                "Makes the PDF an archival PDF/A signed with your key and timestamped by your "
                "time-stamping service, so a court or platform can check that it is unchanged."
            )
        )

    def _remember(self, on: bool) -> None:
        self.services.settings.extra[SIGN_SETTING] = on
        self.services.save_settings()


def signer_in_job(services: Services, wanted: bool, case_id: int, reason: str) -> Any:
    """Inside a job: the signing step (``bytes -> bytes``) when ``wanted``, else None. A first
    own key is made in the settings' name, else the case's rights holder's."""
    if not wanted:
        return None
    case = services.cases.get_case(case_id)
    hint = case.rights_holder.name or case.operator or ""
    return services.signing.signer_for(name_hint=hint, reason=reason)


class SigningKeyBox(SettingsBox):
    """Settings -> "Signing key": the key signed PDFs carry."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = self.column
        self.status = QLabel()
        self.status.setObjectName("signing-key-status")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.status)
        row = QHBoxLayout()
        self.create_button = QPushButton()
        self.create_button.clicked.connect(self.create_key)
        self.import_button = QPushButton()
        self.import_button.clicked.connect(self.import_key)
        row.addWidget(self.create_button)
        row.addWidget(self.import_button)
        row.addStretch(1)
        layout.addLayout(row)
        self._info: Any = None
        self.retranslate()
        self.refresh()

    def retranslate(self) -> None:
        self.setTitle(self.tr("Signing key"))
        self.hint.setText(
            self.tr(
                "PDFs you sign carry this key. Your own key is made the first time you sign, in "
                "your name; its private part stays in this computer's password store. A clinic "
                "can give you its certificate instead (a .p12 or .pfx file)."
            )
        )
        self.create_button.setText(self.tr("Make my own key…"))
        self.import_button.setText(self.tr("Use a clinic certificate…"))
        self._show()

    def refresh(self) -> None:
        self.ctx.jobs.run(
            lambda _p: self.services.signing.key_info(),
            label=self.tr("Reading the signing key"),
            on_done=self._shown,
            on_error=lambda e: self.status.setText(str(e.code)),
            visible=False,
        )

    def _shown(self, info: Any) -> None:
        self._info = info
        self._show()

    def _show(self) -> None:
        info = self._info
        if info is None:
            self.status.setText(self.tr("No key yet: the first signed PDF makes one in your name."))
            return
        kind = (
            self.tr("your own key (self-signed)")
            if info.kind == "own"
            else self.tr("issued by {issuer}").format(issuer=info.issuer)
        )
        self.status.setText(
            self.tr(
                "{name}, {kind}, valid until {date}.\nFingerprint (SHA-256), for recipients to "
                "compare: {sha256}"
            ).format(name=info.name, kind=kind, date=info.not_after, sha256=info.sha256)
        )

    def _run(self, work: Any) -> None:
        self.ctx.jobs.run(
            work,
            lane="write",
            label=self.tr("Saving the signing key"),
            on_done=self._shown,
            on_error=lambda e: show_error(self, e),
        )

    def create_key(self) -> None:
        name, ok = QInputDialog.getText(
            self,
            self.tr("Make my own key"),
            self.tr("Your name, as signed PDFs should show it:"),
            QLineEdit.EchoMode.Normal,
            self.services.settings.operator_name,
        )
        if ok and name.strip():
            self._run(lambda _p: self.services.signing.create_own_key(name))

    def import_key(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Clinic certificate"),
            "",
            self.tr("Certificate with key (*.p12 *.pfx)"),
        )
        if not path:
            return
        password, ok = QInputDialog.getText(
            self,
            self.tr("Clinic certificate"),
            self.tr("Password of the certificate file:"),
            QLineEdit.EchoMode.Password,
        )
        if ok:
            self._run(lambda _p: self.services.signing.import_pkcs12(path, password))
