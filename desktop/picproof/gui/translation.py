"""Installing the UI language (app .qm + Qt's own qtbase .qm) and the bundled CJK font."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase, QIcon

from picproof.core.resources import resource_dir

#: Languages the UI offers, in menu order: code -> native name (never translated).
LANGUAGES: dict[str, str] = {"en": "English", "zh_CN": "简体中文"}

_installed: list[QTranslator] = []


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - the name lupdate reads
    """``text`` marked for translation in ``context`` but left as it is: pyside6-lupdate finds
    it by this name, ``QCoreApplication.translate(context, text)`` translates it when shown.
    (PySide6's own is typed ``-> object``.)"""
    return text


def system_language() -> str:
    """``zh_CN`` for any Chinese system locale, else English."""
    name = QLocale.system().name()
    return "zh_CN" if name.startswith("zh") else "en"


def effective_language(setting: str | None) -> str:
    return setting if setting in LANGUAGES else system_language()


def ui_locale(language: str) -> QLocale:
    """Dates and numbers follow the UI language: the system's own variant when it speaks that
    language (en_GB stays en_GB), else the language's main one (never the bare C locale)."""
    system = QLocale.system()
    if language == "zh_CN":
        return system if system.name().startswith("zh") else QLocale("zh_CN")
    if system.language() == QLocale.Language.English:
        return system
    return QLocale("en_US")


def install_language(language: str) -> bool:
    """Replace the active translators; widgets receive QEvent.LanguageChange and retranslate.

    Returns False when the .qm file for ``language`` is missing (the UI then stays English).
    """
    app = QCoreApplication.instance()
    assert app is not None
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    QLocale.setDefault(ui_locale(language))
    if language == "en":
        return True
    ok = True
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    own = QTranslator(app)
    if own.load(f"picproof_{language}", str(resource_dir() / "i18n")):
        app.installTranslator(own)
        _installed.append(own)
    else:
        ok = False
    qt = QTranslator(app)
    if qt.load(f"qtbase_{language}", qt_dir):
        app.installTranslator(qt)
        _installed.append(qt)
    return ok


def load_bundled_font() -> str | None:
    """Register WenQuanYi Micro Hei so Chinese never renders as boxes; returns its family."""
    path = resource_dir() / "fonts" / "wqy-microhei.ttc"
    if not path.exists():
        return None
    font_id = QFontDatabase.addApplicationFont(str(path))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    return families[0] if families else None


def apply_font_fallback(family: str | None) -> None:
    """Keep the platform UI font, but add the CJK face as a fallback for missing glyphs."""
    if not family:
        return
    app = QCoreApplication.instance()
    font = QFont(app.font())  # type: ignore[union-attr]
    families = [f for f in font.families() if f != family] or [font.family()]
    font.setFamilies([*families, family])
    app.setFont(font)  # type: ignore[union-attr]


def icon(name: str) -> QIcon:
    """An SVG icon from resources/icons (crisp at any DPI)."""
    return QIcon(str(resource_dir() / "icons" / f"{name}.svg"))
