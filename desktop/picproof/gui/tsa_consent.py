"""The one question before the first time stamp, and the time-stamping services in Settings.

The built-in public services (DigiCert, Sectigo, …) are used only after the user agreed once that a
fingerprint of each file may be sent to them; the answer is kept in the settings and can be changed
in Settings at any time.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QCheckBox, QMessageBox, QTableWidget, QTableWidgetItem, QWidget

from picproof.services import tsa_config
from picproof.services.context import Services


def _join(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return QCoreApplication.translate("TsaConsent", "{first} and {last}").format(
        first=", ".join(names[:-1]), last=names[-1]
    )


def consent_question(operators: list[str]) -> str:
    """The question in plain words, naming who receives the fingerprints."""
    first, rest = operators[:2], operators[2:]
    text = QCoreApplication.translate(
        "TsaConsent",
        "To prove when you collected this evidence, PicProof asks public time-stamping services to "
        "sign it. Only a fingerprint of each file is sent to {first}, never the picture.",
    ).format(first=_join(first))
    if rest:
        text += " " + QCoreApplication.translate(
            "TsaConsent", "When one of them does not answer, {rest} is asked instead."
        ).format(rest=_join(rest))
    return text + "\n\n" + QCoreApplication.translate("TsaConsent", "Allow?")


def ask_tsa_consent(parent: QWidget, services: Any) -> bool:
    """Ask once (when ``tsa_config.consent_question_due``); True when some service can be used
    now."""
    settings = services.settings
    if tsa_config.consent_question_due(settings):
        operators = tsa_config.consent_operators(settings)
        box = QMessageBox(parent)
        box.setObjectName("tsa-consent")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(QCoreApplication.translate("TsaConsent", "Trusted time stamps"))
        box.setText(consent_question(operators))
        box.setInformativeText(
            QCoreApplication.translate(
                "TsaConsent", "You can change this later in Settings, under Time-stamping services."
            )
        )
        allow = box.addButton(
            QCoreApplication.translate("TsaConsent", "Allow"), QMessageBox.ButtonRole.AcceptRole
        )
        box.addButton(
            QCoreApplication.translate("TsaConsent", "Do not allow"),
            QMessageBox.ButtonRole.RejectRole,
        )
        box.setDefaultButton(allow)
        box.exec()
        settings.tsa_consent = box.clickedButton() is allow
        box.deleteLater()
        services.save_settings()
    return bool(services.timestamps.targets())


def why_not_stamped(errors: Any) -> str:
    """A sentence for a bundle whose manifest got no time stamp (never a silent skip)."""
    codes = [code for _, code in errors]
    if "tsa-consent-needed" in codes or "tsa-consent-refused" in codes:
        return QCoreApplication.translate(
            "TsaConsent",
            "You have not allowed the public time-stamping services. Allow them in Settings, "
            "then time-stamp the case and export it again.",
        )
    if "tsa-none-configured" in codes:
        return QCoreApplication.translate(
            "TsaConsent", "No time-stamping service is set up. Add one in Settings."
        )
    return QCoreApplication.translate(
        "TsaConsent",
        "No time-stamping service answered (are you offline?). The evidence is kept; when you are "
        "online, press Time-stamp in the case and export again.",
    )


def show_export_result(parent: QWidget, result: Any) -> None:
    """After an export: say plainly when the bundle is not time-stamped, and why."""
    if result.manifest_timestamped:
        return
    QMessageBox.warning(
        parent,
        QCoreApplication.translate("TsaConsent", "Bundle saved without a time stamp"),
        QCoreApplication.translate(
            "TsaConsent",
            "The bundle was saved and can be checked by its fingerprints, but it has no trusted "
            "time stamp.",
        )
        + "\n\n"
        + why_not_stamped(result.tsa_errors),
    )


class ConsentCheckBox(QCheckBox):
    """Settings: may the built-in public services be used (the same answer as the dialog)."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.setObjectName("tsa-consent-check")
        self.retranslate()
        self.toggled.connect(self._toggled)

    def retranslate(self) -> None:
        """New words, and the answer as it is now (the first-use question may have changed it)."""
        self.blockSignals(True)
        self.setChecked(bool(self.services.settings.tsa_consent))
        self.blockSignals(False)
        self.setText(
            QCoreApplication.translate(
                "TsaConsent",
                "Use the built-in public time-stamping services (only a fingerprint of each file "
                "is sent, never the picture)",
            )
        )

    def _toggled(self, on: bool) -> None:
        self.services.settings.tsa_consent = on
        self.services.save_settings()


def fill_tsa_table(table: QTableWidget, settings: Any) -> list[tsa_config.TsaEntry]:
    """Every service (yours first, then the built-in ones), with what it is doing now."""
    status = {
        None: QCoreApplication.translate("TsaConsent", "in use"),
        tsa_config.CONSENT_NEEDED: QCoreApplication.translate(
            "TsaConsent", "asks your permission first"
        ),
        tsa_config.CONSENT_REFUSED: QCoreApplication.translate("TsaConsent", "not allowed"),
        tsa_config.ACCOUNT_NEEDED: QCoreApplication.translate(
            "TsaConsent", "needs an account (paid)"
        ),
        tsa_config.DISABLED: QCoreApplication.translate("TsaConsent", "off"),
        tsa_config.ROOTS_BROKEN: QCoreApplication.translate(
            "TsaConsent", "root certificate damaged"
        ),
    }
    entries = tsa_config.entries(settings)
    table.setColumnCount(4)
    table.setHorizontalHeaderLabels(
        [
            QCoreApplication.translate("TsaConsent", "Service"),
            QCoreApplication.translate("TsaConsent", "Address"),
            QCoreApplication.translate("TsaConsent", "Status"),
            QCoreApplication.translate("TsaConsent", "Root certificate (SHA-256)"),
        ]
    )
    table.setRowCount(len(entries))
    for row, e in enumerate(entries):
        values = [
            e.operator if e.preset else e.name,
            e.url or QCoreApplication.translate("TsaConsent", "comes with your account"),
            status.get(e.blocked, e.blocked or ""),
            ", ".join(fp[:16] + "…" for fp in e.root_fingerprints),
        ]
        paid = e.preset and e.needs_account and e.blocked is not None
        if paid:
            values[2] = status[tsa_config.ACCOUNT_NEEDED]
        for col, value in enumerate(values):
            item = QTableWidgetItem(value)
            if col == 3:
                item.setToolTip("\n".join(e.root_fingerprints))
            elif paid:
                item.setToolTip(
                    QCoreApplication.translate(
                        "TsaConsent",
                        "A paid service: you need a contract with UniTrust (www.tsa.cn), priced "
                        "per time stamp or as a yearly package. With the address, user name and "
                        "root certificate from the contract, add it with “Add service…”.",
                    )
                )
            table.setItem(row, col, item)
    table.resizeColumnsToContents()
    return entries
