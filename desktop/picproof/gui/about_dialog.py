"""About: version, licence, and the third-party components we ship with their licences."""

from __future__ import annotations

import platform

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTextBrowser, QVBoxLayout, QWidget

from picproof import __version__

THIRD_PARTY = (
    ("Qt / PySide6", "LGPL-3.0"),
    ("Pillow", "MIT-CMU (HPND)"),
    ("pillow-heif / libheif", "BSD-3-Clause / LGPL-3.0"),
    ("OpenCV (headless)", "Apache-2.0"),
    ("NumPy", "BSD-3-Clause"),
    ("SciPy, PyWavelets (via ImageHash)", "BSD-3-Clause / MIT"),
    ("ImageHash", "BSD-2-Clause"),
    ("reportlab", "BSD-3-Clause"),
    ("python-docx", "MIT"),
    ("Jinja2", "BSD-3-Clause"),
    ("httpx", "BSD-3-Clause"),
    ("rfc3161-client", "Apache-2.0"),
    ("asn1crypto", "MIT"),
    ("cryptography", "Apache-2.0 / BSD-3-Clause"),
    ("keyring", "MIT"),
    ("platformdirs", "MIT"),
    ("WenQuanYi Micro Hei font", "Apache-2.0"),
    ("Sample photos", "Public domain, CC-BY, CC-BY-SA (see resources/sample/LICENSES.md)"),
)


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("About PicProof"))
        self.resize(520, 480)
        layout = QVBoxLayout(self)
        head = QLabel(
            self.tr(
                "<h2>PicProof {version}</h2><p>Find your photos in screenshots, keep "
                "the evidence, write the letters.</p><p>Licence: GPL-3.0-or-later.</p>"
            ).format(version=__version__)
        )
        head.setWordWrap(True)
        layout.addWidget(head)
        text = QTextBrowser()
        rows = "".join(f"<tr><td>{name}</td><td>{lic}</td></tr>" for name, lic in THIRD_PARTY)
        text.setHtml(
            "<p><b>" + self.tr("Third-party components") + "</b></p>"
            f"<table cellpadding='3'>{rows}</table>"
            f"<p>Python {platform.python_version()} · Qt {qVersion()} · PySide6 "
            f"{pyside_version}</p>"
        )
        layout.addWidget(text, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
