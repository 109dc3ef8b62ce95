"""Every page and dialog in Chinese: no English sentence and no raw code on screen.

The window is filled the way a user fills it (a check with matches, a case with evidence, a
custody log, a deadline), each area is shown, and every text a widget displays is collected:
labels, buttons, group titles, tabs, combo items, placeholders, table headers and cells, list
items, menus. What may stay Latin is a short list of names (PicProof, SHA-256, DMCA, file
formats, key names) and the user's own data (file names, addresses, hashes).
"""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QTabWidget,
    QTextBrowser,
    QWidget,
)
from tests.gui.conftest import wait_jobs
from tests.gui.test_review_session_gui import _results

#: Names that stay as they are in Chinese text.
ALLOWED = {
    "PicProof",
    "SHA",
    "DMCA",
    "PDF",
    "Word",
    "JPEG",
    "PNG",
    "WebP",
    "HEIC",
    "AVIF",
    "BMP",
    "GIF",
    "TIFF",
    "ZIP",
    "zip",
    "TSA",
    "RFC",
    "HTTP",
    "HTTPS",
    "https",
    "http",
    "English",
    "Ctrl",
    "Shift",
    "Esc",
    "F1",
    "Qt",
    "PySide6",
    "Python",
    "OK",
    "PostgreSQL",
    "PDF/A",
    "DigiCert",
    "Sectigo",
    "GlobalSign",
    "SSL",
    "com",
    "UniTrust",
    "cn",
    "tsa",
    "Mozilla",
    "PAdES",
    "OpenSSL",
    "URL",
    "ID",
    "CA",
    "PEM",
    "Windows",
    "macOS",
    "Linux",
    "MIT",
    "BSD",
    "LGPL",
    "GPL",
    "Apache",
    "Pillow",
    "OpenCV",
    "NumPy",
    "ReportLab",
    "WenQuanYi",
    "Micro",
    "Hei",
    "pfx",
    "p12",
    "pyHanko",
    "httpx",
    "psycopg",
    "keyring",
    "imagehash",
    "Jinja2",
    "docx",
    "python",
}
NAME = re.compile(
    r"\S+\.(jpe?g|png|zip|pdf|docx|html?|json|pem|p12|txt|log|ttc|ttf)\b"  # file names
    r"|\w+://\S+|/[\w./-]+|[\w.+-]+@[\w.-]+"  # addresses and paths
    r"|\b[0-9a-f]{12,}\b|…"  # hashes
    r"|\b(?:L?GPL|MIT|BSD|Apache|CC)[\w.-]*",  # licence identifiers (SPDX)
    re.IGNORECASE,
)
CODE = re.compile(r"\b[a-z]+(?:-[a-z0-9]+)+\b")


def _problems(texts: list[tuple[str, str]]) -> list[str]:
    found = []
    for where, text in texts:
        plain = NAME.sub(" ", re.sub(r"<[^>]+>", " ", text))
        if CODE.search(plain):
            found.append(f"{where}: raw code in {text!r}")
            continue
        words = [w for w in re.findall(r"[A-Za-z][A-Za-z0-9/]+", plain) if w not in ALLOWED]
        if words:
            found.append(f"{where}: English {words} in {text!r}")
    return found


def _texts(root: QWidget, where: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    widgets = [root, *root.findChildren(QWidget)]
    for w in widgets:
        if not w.isVisibleTo(root) and w is not root:
            continue
        name = f"{where}/{type(w).__name__}"
        if isinstance(w, (QLabel, QAbstractButton)):
            out.append((name, w.text()))
        elif isinstance(w, QGroupBox):
            out.append((name, w.title()))
        elif isinstance(w, QLineEdit):
            out.append((name, w.placeholderText()))
        elif isinstance(w, QTextBrowser):
            out.append((name, w.toPlainText()))
        if isinstance(w, QTabWidget):
            out += [(name, w.tabText(i)) for i in range(w.count())]
        if isinstance(w, QComboBox):
            out += [(name, w.itemText(i)) for i in range(w.count())]
        if isinstance(w, QAbstractItemView) and w.model() is not None:
            model = w.model()
            columns = 1 if isinstance(w, QListView) else model.columnCount(QModelIndex())
            for c in range(columns):
                header = model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
                out.append((name, str(header or "")))
            for r in range(min(model.rowCount(), 30)):
                for c in range(columns):
                    value = model.data(model.index(r, c), Qt.ItemDataRole.DisplayRole)
                    if isinstance(value, str):
                        out.append((name, value))
    return [(w, t) for w, t in out if t and t.strip()]


@pytest.fixture
def zh_window(window, qtbot, tmp_path):  # type: ignore[no-untyped-def]
    from picproof.gui.translation import install_language

    window.services.settings.operator_name = "李雷"
    window.services.settings.ui_language = "zh_CN"  # as the language box in Settings does
    window.ctx.set_results(_results(tmp_path))
    window.ctx.decide(0, 0, "accepted")
    cases = window.services.cases
    case = cases.create_case("冒充账号“小美”", "impersonation", language="zh-CN")
    window.views["results"].save_match_to_case((0, 0), case.id)
    wait_jobs(qtbot, window)
    cases.add_deadline(case.id, "dmca-counter-notice", start="2026-12-01")
    install_language("zh_CN")
    qtbot.wait(50)
    yield window
    install_language("en")


def test_every_page_in_chinese_has_no_english_or_codes(zh_window, qtbot) -> None:
    window = zh_window
    texts: list[tuple[str, str]] = [("title", window.windowTitle())]
    for menu in window.menuBar().findChildren(QMenu):
        texts.append(("menu", menu.title()))
        texts += [("menu", a.text()) for a in menu.actions() if a.text()]
    for key in ("photos", "check", "results", "cases", "letters", "settings"):
        window.show_area(key)
        qtbot.wait(30)
        texts += _texts(window.views[key], key)
        texts.append((key, window.windowTitle()))
    texts += [("nav", window.nav.item(i).text()) for i in range(window.nav.count())]
    cases_detail = window.views["cases"].detail
    for i in range(cases_detail.tabs.count()):
        cases_detail.tabs.setCurrentIndex(i)
        texts += _texts(cases_detail.tabs.currentWidget(), f"case tab {i}")
    assert len(texts) > 150  # the walk did see the pages
    problems = _problems(texts)
    assert problems == [], "\n".join(problems)


def test_every_dialog_in_chinese_has_no_english_or_codes(zh_window) -> None:
    from picproof.gui.about_dialog import AboutDialog
    from picproof.gui.add_to_case_dialog import AddToCaseDialog
    from picproof.gui.case_dialogs import DeadlineDialog, ExportDialog
    from picproof.gui.help_dialog import HelpDialog
    from picproof.gui.tsa_dialog import TsaDialog
    from picproof.gui.welcome_dialog import WelcomeDialog

    window = zh_window
    dialogs = {
        "add to case": AddToCaseDialog(window.services.cases, window, "截图"),
        "deadline": DeadlineDialog("product", window),
        "export": ExportDialog(window),
        "guide": HelpDialog(window),
        "shortcuts": HelpDialog(window, shortcuts_only=True),
        "tsa": TsaDialog(window),
        "welcome": WelcomeDialog(window),
        "about": AboutDialog(window),
    }
    texts: list[tuple[str, str]] = []
    for name, dialog in dialogs.items():
        dialog.show()
        texts.append((name, dialog.windowTitle()))
        if name == "about":  # the licence list names components as their authors do
            texts += [(name, label.text()) for label in dialog.findChildren(QLabel)]
        else:
            texts += _texts(dialog, name)
        dialog.close()
    problems = _problems(texts)
    assert problems == [], "\n".join(problems)


def test_the_walk_finds_english(window, qtbot) -> None:
    """The check itself can fail: in English the same walk finds plenty."""
    found = _problems(_texts(window.views["settings"], "settings"))
    assert len(found) > 5
    assert _problems([("x", "状态：same-photo")]) and _problems([("x", "打开 Open")])
    assert not _problems([("x", "portrait.jpg — 同一张照片（SHA-256 ab12cd34ef56ab78）")])
