"""Settings: language, your name, data location, time-stamping services, privacy."""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from picproof.gui.app_context import AppContext
from picproof.gui.retranslating import Retranslating
from picproof.gui.translation import LANGUAGES, effective_language, install_language
from picproof.gui.widgets import heading


class SettingsView(Retranslating, QScrollArea):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.services = ctx.services
        self.setWidgetResizable(True)
        body = QWidget()
        self.setWidget(body)
        layout = QVBoxLayout(body)
        self.title = heading()
        layout.addWidget(self.title)
        layout.addWidget(self._general_box())
        layout.addWidget(self._data_box())
        layout.addWidget(self._tsa_box())
        from picproof.gui.clinic_settings_view import ClinicSettingsBox

        self.clinic_box = ClinicSettingsBox(ctx)
        layout.addWidget(self.clinic_box)

        from picproof.gui.signing_view import SigningKeyBox

        self.signing_box = SigningKeyBox(ctx)
        layout.addWidget(self.signing_box)
        layout.addWidget(self._privacy_box())
        layout.addStretch(1)
        self.retranslate()

    def _general_box(self) -> QGroupBox:
        """Language, your name, text size and colours."""
        self.general = QGroupBox()
        form = QFormLayout(self.general)
        self.language = QComboBox()
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(
            list(LANGUAGES).index(effective_language(self.services.settings.ui_language))
        )
        self.language.currentIndexChanged.connect(self._language_changed)
        self.language_label = QLabel()
        form.addRow(self.language_label, self.language)
        self.operator = QLineEdit(self.services.settings.operator_name)
        self.operator.editingFinished.connect(self._operator_changed)
        self.operator_label = QLabel()
        form.addRow(self.operator_label, self.operator)
        self.text_size = QComboBox()
        self.text_size_label = QLabel()
        form.addRow(self.text_size_label, self.text_size)
        self.theme = QComboBox()
        self.theme_label = QLabel()
        form.addRow(self.theme_label, self.theme)
        self.text_size.currentIndexChanged.connect(self._appearance_changed)
        self.theme.currentIndexChanged.connect(self._appearance_changed)
        return self.general

    def _data_box(self) -> QGroupBox:
        """Where the data folder is, and a button that opens it."""
        self.data_box = QGroupBox()
        data = QVBoxLayout(self.data_box)
        self.data_path = QLabel(str(self.services.paths.data_dir))
        self.data_path.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.data_hint = QLabel()
        self.data_hint.setWordWrap(True)
        self.open_data = QPushButton()
        self.open_data.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.services.paths.data_dir)))
        )
        data.addWidget(self.data_path)
        data.addWidget(self.data_hint)
        data.addWidget(self.open_data, 0, Qt.AlignmentFlag.AlignLeft)
        return self.data_box

    def _tsa_box(self) -> QGroupBox:
        """The time-stamping services in the order they are tried, the consent to the public
        ones, add and remove, and whether passwords can be kept."""
        self.tsa_box = QGroupBox()
        tsa = QVBoxLayout(self.tsa_box)
        self.tsa_hint = QLabel()
        self.tsa_hint.setWordWrap(True)
        tsa.addWidget(self.tsa_hint)
        self.tsa_table = QTableWidget(0, 4)
        self.tsa_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tsa_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tsa_table.horizontalHeader().setStretchLastSection(True)
        self.tsa_table.setMinimumHeight(120)
        tsa.addWidget(self.tsa_table)
        from picproof.gui.tsa_consent import ConsentCheckBox

        self.tsa_consent = ConsentCheckBox(self.services)
        self.tsa_consent.toggled.connect(lambda _: self._fill_tsas())
        tsa.addWidget(self.tsa_consent)
        row = QHBoxLayout()
        self.tsa_add = QPushButton()
        self.tsa_add.clicked.connect(self._add_tsa)
        self.tsa_remove = QPushButton()
        self.tsa_remove.clicked.connect(self._remove_tsa)
        row.addWidget(self.tsa_add)
        row.addWidget(self.tsa_remove)
        row.addStretch(1)
        tsa.addLayout(row)
        self.secret_status = QLabel()
        self.secret_status.setWordWrap(True)
        tsa.addWidget(self.secret_status)
        return self.tsa_box

    def _privacy_box(self) -> QGroupBox:
        """What leaves the computer, and when."""
        self.privacy_box = QGroupBox()
        privacy = QVBoxLayout(self.privacy_box)
        self.privacy_text = QLabel()
        self.privacy_text.setWordWrap(True)
        self.privacy_text.setTextFormat(Qt.TextFormat.RichText)
        privacy.addWidget(self.privacy_text)
        return self.privacy_box

    def retranslate(self) -> None:
        self.title.setText(self.tr("Settings"))
        self.general.setTitle(self.tr("General"))
        self.language_label.setText(self.tr("Language"))
        self.text_size_label.setText(self.tr("Text size"))
        self.theme_label.setText(self.tr("Colours"))
        self._fill_appearance()
        self.operator_label.setText(self.tr("Your name (recorded with evidence you collect)"))
        self.data_box.setTitle(self.tr("Where your data is kept"))
        self.data_hint.setText(
            self.tr(
                "Your photo index, cases and evidence are stored in this folder. Include it in "
                "your backups, and keep it on a drive only you can open."
            )
        )
        self.open_data.setText(self.tr("Open folder"))
        self.tsa_box.setTitle(self.tr("Time-stamping services"))
        self.tsa_hint.setText(
            self.tr(
                "Trusted time stamps prove when you collected evidence. They are tried in this "
                "order."
            )
        )
        self.tsa_consent.retranslate()
        self.tsa_add.setText(self.tr("Add service…"))
        self.tsa_remove.setText(self.tr("Remove service…"))
        self._fill_tsas()
        from picproof.services.secrets import secure_store_available

        self.secret_status.setText(
            self.tr("Passwords are kept in this computer's secure password store.")
            if secure_store_available()
            else self.tr(
                "This computer has no secure password store available, so services that need a "
                "password cannot be used here. PicProof never writes passwords to plain files."
            )
        )
        self.privacy_box.setTitle(self.tr("Privacy"))
        self.privacy_text.setText(
            self.tr(
                "<p><b>Never leaves this computer:</b> your photos, their fingerprints, the "
                "screenshots you check, the matches, your cases and letters. Matching runs "
                "entirely on this computer.</p><p><b>Sent only when you ask:</b> when you "
                "time-stamp evidence, only its SHA-256 fingerprint (not the picture) goes to the "
                "time-stamping service you chose. When you capture a web page, PicProof downloads "
                "that page from its site, which sees your internet address as with any "
                "visit.</p><p>PicProof has no account, no analytics and no automatic updates.</p>"
            )
        )

    def _language_changed(self, index: int) -> None:
        code = self.language.itemData(index)
        self.services.settings.ui_language = code
        self.services.save_settings()
        install_language(code)

    def _fill_appearance(self) -> None:
        settings = self.services.settings
        for combo, items, current in (
            (
                self.text_size,
                [
                    (self.tr("Normal"), 1.0),
                    (self.tr("Large"), 1.15),
                    (self.tr("Larger"), 1.3),
                    (self.tr("Largest"), 1.5),
                ],
                settings.text_size,
            ),
            (
                self.theme,
                [
                    (self.tr("Like the system (light or dark)"), "system"),
                    (self.tr("Light"), "light"),
                    (self.tr("Dark"), "dark"),
                ],
                settings.theme,
            ),
        ):
            combo.blockSignals(True)
            combo.clear()
            for text, value in items:
                combo.addItem(text, value)
            combo.setCurrentIndex(max(0, combo.findData(current)))
            combo.blockSignals(False)

    def _appearance_changed(self) -> None:
        from picproof.gui.appearance import apply_appearance

        settings = self.services.settings
        settings.text_size = float(self.text_size.currentData())
        settings.theme = str(self.theme.currentData())
        self.services.save_settings()
        apply_appearance(settings.theme, settings.text_size)

    def _operator_changed(self) -> None:
        self.services.settings.operator_name = self.operator.text().strip()
        self.services.save_settings()

    def _fill_tsas(self) -> None:
        from picproof.gui.tsa_consent import fill_tsa_table

        fill_tsa_table(self.tsa_table, self.services.settings)

    def _add_tsa(self) -> None:
        from picproof.gui.tsa_dialog import TsaDialog

        dialog = TsaDialog(self)
        if dialog.exec() and dialog.result_tsa is not None:
            from picproof.services.tsa_config import keep_roots

            tsa = dialog.result_tsa
            tsa.trust_roots = keep_roots(
                tsa.trust_roots, self.services.paths.config_dir / "tsa-roots"
            )
            self.services.settings.tsas.append(tsa)
            self.services.save_settings()
            self._fill_tsas()

    def _remove_tsa(self) -> None:
        row = self.tsa_table.currentRow()
        if row < 0 or row >= len(self.services.settings.tsas):
            return  # the built-in services come after yours; they are turned off, not removed
        tsa = self.services.settings.tsas[row]
        answer = QMessageBox.question(
            self,
            self.tr("Remove service"),
            self.tr("Remove {url} from the list? Time stamps already obtained stay valid.").format(
                url=tsa.url
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            del self.services.settings.tsas[row]
            self.services.save_settings()
            self._fill_tsas()
