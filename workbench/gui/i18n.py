"""The window's language. Strings go through Qt's translation system (``self.tr`` in
widgets, ``translate(context, text)`` elsewhere); the catalogues are compiled from the
``.ts`` sources under resources/i18n (``scripts/i18n.py``). The language follows the
system locale unless the user chose one (View > Language, or ``--language``).

Placeholders are Python's named ``{fields}``, filled with ``str.format`` after
translation, so a translator can reorder them; a test checks every translation keeps
its source's fields."""

from __future__ import annotations

import os

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QLibraryInfo,
    QLocale,
    QSettings,
    QTranslator,
)

from workbench.core.project import config_dir
from workbench.resource_files import resource_path

# code -> name shown in the language menu; each name is written in its own language.
LANGUAGES: dict[str, str] = {"en": "English", "zh": "中文"}
SYSTEM = "auto"
SYSTEM_LABEL = QT_TRANSLATE_NOOP("Language", "System language")
_CATALOGUE = {"zh": "workbench_zh_CN.qm"}
_QT_CATALOGUE = {"zh": "qtbase_zh_CN.qm"}  # Qt's own dialogs: Cancel, Yes, Open...
_installed: list[QTranslator] = []  # kept alive: Qt holds them by pointer only


def translate(context: str, text: str) -> str:
    """The translation of ``text`` in ``context``; lupdate finds these calls by name."""
    return QCoreApplication.translate(context, text)


def _settings() -> QSettings:
    return QSettings(str(config_dir() / "window.ini"), QSettings.Format.IniFormat)


def system_language() -> str:
    return "zh" if QLocale.system().name().lower().startswith("zh") else "en"


def language_choice() -> str:
    """What the user chose: a code of LANGUAGES, or SYSTEM."""
    choice = str(_settings().value("language", SYSTEM))
    return choice if choice in LANGUAGES else SYSTEM


def set_language_choice(choice: str) -> None:
    _settings().setValue("language", choice if choice in LANGUAGES else SYSTEM)


def current_language() -> str:
    """The language the window speaks: WORKBENCH_LANGUAGE, then the user's choice,
    then the system's."""
    forced = os.environ.get("WORKBENCH_LANGUAGE", "")
    if forced in LANGUAGES:
        return forced
    choice = language_choice()
    return system_language() if choice == SYSTEM else choice


def install_translations(app: QCoreApplication, language: str) -> bool:
    """Load the catalogues for ``language`` into ``app``; False when one is missing
    (the window then speaks English, which is its source language)."""
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    if language not in _CATALOGUE:
        return language == "en"
    ours = QTranslator()
    if not ours.load(str(resource_path("i18n", _CATALOGUE[language]))):
        return False
    qt = QTranslator()
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if qt.load(_QT_CATALOGUE[language], qt_dir):
        _installed.append(qt)
    _installed.append(ours)
    for translator in _installed:
        app.installTranslator(translator)
    return True
