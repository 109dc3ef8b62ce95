"""The main window: a sidebar of areas (the flow, top to bottom), a stack of views, a status bar."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QByteArray, QSettings, QSize, Qt, Slot
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from picproof.gui.app_context import AppContext
from picproof.gui.cases_view import CasesView
from picproof.gui.check_view import CheckView
from picproof.gui.job_status_view import JobStatusView
from picproof.gui.letters_view import LettersView
from picproof.gui.library_view import LibraryView
from picproof.gui.results_view import ResultsView
from picproof.gui.retranslating import Retranslating
from picproof.gui.settings_view import SettingsView
from picproof.gui.translation import icon
from picproof.services.context import Services

#: The areas of the sidebar, the flow from top to bottom: (key, view class). The key names the
#: area's icon and is what ``show_area`` and ``AppContext.navigate`` take.
AREAS: tuple[tuple[str, Callable[[AppContext], QWidget]], ...] = (
    ("photos", LibraryView),
    ("check", CheckView),
    ("results", ResultsView),
    ("cases", CasesView),
    ("letters", LettersView),
    ("settings", SettingsView),
)
AREA_KEYS = tuple(key for key, _view in AREAS)


class MainWindow(Retranslating, QMainWindow):
    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = AppContext(services, self)
        self.ask_before_quit = True
        """False in tests and tools that close the window without a person to answer."""
        self.services = services
        self.setMinimumSize(QSize(880, 560))
        self._fit_to_screen()

        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setIconSize(QSize(22, 22))
        self.nav.setFixedWidth(190)
        self.nav.setSpacing(2)
        self.stack = QStackedWidget()
        self.views: dict[str, QWidget] = {}
        for key, view_class in AREAS:
            view = view_class(self.ctx)
            self.views[key] = view
            self.stack.addWidget(view)
            item = QListWidgetItem(icon(key), "")
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.nav.addItem(item)
        self.nav.currentRowChanged.connect(self._on_area_changed)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.job_status = JobStatusView(self.ctx.jobs)
        self.statusBar().addPermanentWidget(self.job_status)
        self._build_menus()
        self.ctx.navigate.connect(self.show_area)
        self.retranslate()
        self.nav.setCurrentRow(0)
        self._restore_layout()

    # ---- construction -------------------------------------------------------------------------

    def _build_menus(self) -> None:
        self.menu_file = self.menuBar().addMenu("")
        self.act_add_folder = QAction(self)
        self.act_add_folder.triggered.connect(lambda: self._call("photos", "add_folder"))
        self.act_open = QAction(self)
        self.act_open.setShortcut(QKeySequence.StandardKey.Open)
        self.act_open.triggered.connect(lambda: self._call("check", "open_files"))
        self.act_paste = QAction(self)
        self.act_paste.setShortcut(QKeySequence("Ctrl+Shift+V"))
        self.act_paste.triggered.connect(lambda: self._call("check", "paste_image"))
        self.act_quit = QAction(self)
        self.act_quit.setShortcut(QKeySequence.StandardKey.Quit)
        self.act_quit.triggered.connect(self.close)
        for act in (self.act_add_folder, self.act_open, self.act_paste):
            self.menu_file.addAction(act)
        self.menu_file.addSeparator()
        self.menu_file.addAction(self.act_quit)

        self.menu_go = self.menuBar().addMenu("")
        self.area_actions: list[QAction] = []
        for i, key in enumerate(AREA_KEYS):
            act = QAction(self)
            act.setShortcut(QKeySequence(f"Ctrl+{i + 1}"))
            act.triggered.connect(lambda _=False, k=key: self.show_area(k))
            self.menu_go.addAction(act)
            self.area_actions.append(act)

        cancel = QAction(self)
        cancel.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        cancel.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        cancel.triggered.connect(self.job_status_cancel)
        self.addAction(cancel)

        self.menu_help = self.menuBar().addMenu("")
        self.act_welcome = QAction(self)
        self.act_welcome.triggered.connect(lambda: self.offer_welcome(force=True))
        self.act_about = QAction(self)
        self.act_about.triggered.connect(self.show_about)
        self.act_guide = QAction(self)
        self.act_guide.setShortcut(QKeySequence.StandardKey.HelpContents)
        self.act_guide.triggered.connect(lambda: self.show_help(shortcuts_only=False))
        self.act_shortcuts = QAction(self)
        self.act_shortcuts.triggered.connect(lambda: self.show_help(shortcuts_only=True))
        for act in (self.act_guide, self.act_shortcuts, self.act_welcome):
            self.menu_help.addAction(act)
        self.menu_help.addSeparator()
        self.menu_help.addAction(self.act_about)

    def job_status_cancel(self) -> None:
        """Esc stops the task shown in the status bar."""
        self.job_status._cancel()

    def area_title(self, key: str) -> str:
        return {
            "photos": self.tr("My photos"),
            "check": self.tr("Check"),
            "results": self.tr("Results"),
            "cases": self.tr("Cases"),
            "letters": self.tr("Letters"),
            "settings": self.tr("Settings"),
        }[key]

    def retranslate(self) -> None:
        for row, key in enumerate(AREA_KEYS):
            item = self.nav.item(row)
            item.setText(self.area_title(key))
            self.area_actions[row].setText(self.area_title(key))
        self.menu_file.setTitle(self.tr("&File"))
        self.menu_go.setTitle(self.tr("&Go"))
        self.menu_help.setTitle(self.tr("&Help"))
        self.act_add_folder.setText(self.tr("Add photo folder…"))
        self.act_open.setText(self.tr("Check screenshots…"))
        self.act_paste.setText(self.tr("Paste image to check"))
        self.act_quit.setText(self.tr("Quit"))
        self.act_welcome.setText(self.tr("Welcome and sample photos…"))
        self.act_about.setText(self.tr("About PicProof"))
        self.act_guide.setText(self.tr("Guide"))
        self.act_shortcuts.setText(self.tr("Keyboard shortcuts"))
        self._update_title()

    # ---- navigation ---------------------------------------------------------------------------

    @Slot(str)
    def show_area(self, key: str) -> None:
        self.nav.setCurrentRow(AREA_KEYS.index(key))

    @property
    def current_area(self) -> str:
        return AREA_KEYS[max(0, self.stack.currentIndex())]

    @Slot(int)
    def _on_area_changed(self, row: int) -> None:
        if row < 0:
            return
        self.stack.setCurrentIndex(row)
        self._update_title()

    def _update_title(self) -> None:
        # "PicProof" first in every language: task switchers and window lists sort by it.
        self.setWindowTitle(f"PicProof — {self.area_title(self.current_area)}")

    def _call(self, area: str, method: str) -> None:
        self.show_area(area)
        getattr(self.views[area], method)()

    # ---- welcome, about, shutdown ------------------------------------------------------------

    def offer_welcome(self, force: bool = False) -> None:
        if self.services.settings.first_run_done and not force:
            return
        from picproof.gui.welcome_dialog import WelcomeDialog

        dialog = WelcomeDialog(self)
        choice = dialog.exec()
        self.services.settings.first_run_done = True
        self.services.save_settings()
        if choice == WelcomeDialog.TRY_SAMPLE:
            self.views["photos"].load_sample()  # type: ignore[attr-defined]

    def show_help(self, shortcuts_only: bool = False) -> None:
        from picproof.gui.help_dialog import HelpDialog

        HelpDialog(self, shortcuts_only=shortcuts_only).exec()

    def show_about(self) -> None:
        from picproof.gui.about_dialog import AboutDialog

        AboutDialog(self).exec()

    def _settings_store(self) -> QSettings:
        path = self.services.paths.config_dir / "window.ini"
        return QSettings(str(path), QSettings.Format.IniFormat)

    def _fit_to_screen(self) -> None:
        """First start: 1200×800 where it fits, else most of the screen, never beyond it
        (on 1366×768 the review buttons and the status bar with Cancel must stay visible)."""
        screen = QGuiApplication.primaryScreen()
        if screen is None:
            self.resize(1200, 800)
            return
        area = screen.availableGeometry()
        size = first_size(area.size())
        self.resize(size)
        self.move(
            area.x() + (area.width() - size.width()) // 2,
            area.y() + (area.height() - size.height()) // 2,
        )

    def _restore_layout(self) -> None:
        store = self._settings_store()
        geometry = store.value("geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        state = store.value("state")
        if isinstance(state, QByteArray):
            self.restoreState(state)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        if any(job.property("visible") for job in self.ctx.jobs.active):
            answer = QMessageBox.question(
                self,
                self.tr("PicProof"),
                self.tr("A task is still running. Stop it and quit?"),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                event.ignore()
                return
        if not self._confirm_unsaved_accepted():
            event.ignore()
            return
        store = self._settings_store()
        store.setValue("geometry", self.saveGeometry())
        store.setValue("state", self.saveState())
        store.sync()
        event.accept()

    def _confirm_unsaved_accepted(self) -> bool:
        """Accepted matches not yet in a case are kept for next time, but the user should know."""
        waiting = len(self.ctx.session.unsaved_accepted())
        if not waiting or not self.ask_before_quit:
            return True
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("PicProof"),
            (
                self.tr("You accepted a match that is not saved in a case yet.")
                if waiting == 1
                else self.tr(
                    "You accepted {count} matches that are not saved in a case yet."
                ).format(count=waiting)
            )
            + " "
            + self.tr(
                "They stay in Results for next time, but they are not evidence until you add "
                "them to a case."
            ),
            QMessageBox.StandardButton.NoButton,
            self,
        )
        add = box.addButton(self.tr("Add them to a case…"), QMessageBox.ButtonRole.AcceptRole)
        quit_button = box.addButton(self.tr("Quit"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(add)
        box.exec()
        if box.clickedButton() is add:
            self.show_area("results")
            self.views["results"].saver.add_all_accepted()  # type: ignore[attr-defined]
            return False
        return box.clickedButton() is quit_button

    def shutdown(self) -> None:
        """Stop background work, then close the services on the thread that opened them."""
        self.ctx.jobs.cancel_all()
        # Queued behind any running write job; wait() would retire the lane's thread first.
        self.ctx.jobs.run(lambda p: self.services.close(), lane="write", visible=False)
        self.ctx.jobs.wait(10000)
        for _ in range(50):  # deliver the queued "ended" signals so no job stays listed
            QApplication.processEvents()
            if not self.ctx.jobs.active:
                break


def first_size(available: QSize) -> QSize:
    """The window's size at first start on a screen with ``available`` free space."""
    return QSize(min(1200, int(available.width() * 0.94)), min(800, int(available.height() * 0.92)))
