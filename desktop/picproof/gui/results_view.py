"""Results: one row per checked picture; the selected one's matches are reviewed on the right."""

from __future__ import annotations

import os
from typing import Any

from PySide6.QtCore import QItemSelection, Qt, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from picproof.gui.app_context import AppContext
from picproof.gui.error_text import show_error
from picproof.gui.match_saver import MatchSaver
from picproof.gui.match_words import short_level
from picproof.gui.results_model import ResultsModel
from picproof.gui.retranslating import Retranslating
from picproof.gui.review_view import ReviewView
from picproof.gui.widgets import heading, hint, palette_tone, show_status


class NoTypeAheadList(QListWidget):
    """Letters never jump to another item: A, N and P are review keys on this page."""

    def keyboardSearch(self, search: str) -> None:  # noqa: N802 - Qt override
        return


class NoTypeAheadTable(QTableView):
    def keyboardSearch(self, search: str) -> None:  # noqa: N802 - Qt override
        return


class ResultsView(Retranslating, QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model = ResultsModel(ctx, self)
        self.title = heading()
        self.summary = hint()
        self.table = NoTypeAheadTable()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().selectionChanged.connect(self._on_result_selected)
        self.matches_label = QLabel()
        self.matches = NoTypeAheadList()
        self.matches.setWordWrap(True)
        self.matches.currentRowChanged.connect(self._on_match_selected)
        self.clear_button = QPushButton()
        self.clear_button.clicked.connect(self._clear)
        self.add_all_button = QPushButton()
        self.saver = MatchSaver(ctx, self)
        self.add_all_button.clicked.connect(self.saver.add_all_accepted)

        left = QWidget()
        left.setMinimumWidth(440)
        left_box = QVBoxLayout(left)
        left_box.setContentsMargins(0, 0, 0, 0)
        left_box.addWidget(self.table, 3)
        left_box.addWidget(self.matches_label)
        left_box.addWidget(self.matches, 2)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_all_button)
        buttons.addStretch(1)
        buttons.addWidget(self.clear_button)
        left_box.addLayout(buttons)
        self.review = ReviewView(ctx)
        self.review.decided.connect(self._decide)
        self.review.add_to_case_requested.connect(self._add_to_case)
        self.review.install_shortcuts(self)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(self.review)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        self.empty = QLabel()
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.summary)
        layout.addWidget(self.empty, 1)
        layout.addWidget(split, 8)
        self._split = split
        ctx.results_changed.connect(self._on_results_changed)
        ctx.decision_changed.connect(lambda r, m: self._fill_matches(keep=True))
        self.retranslate()
        self._on_results_changed()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Results"))
        self.matches_label.setText(self.tr("Your photos found in this picture:"))
        self.clear_button.setText(self.tr("Clear results…"))
        self.add_all_button.setText(self.tr("Add all accepted to a case…"))
        self.empty.setText(self.tr("No results yet. Go to Check and bring in some screenshots."))
        self._update_summary()
        self._fill_matches(keep=True)

    def _update_summary(self) -> None:
        results = self.ctx.results
        found = sum(1 for r in results if r.confirmed)
        self.summary.setText(
            self.tr(
                "Pictures checked: {count}. Pictures containing your photos: {found}. Select a "
                "row, then review each match: accept it (A) or mark it as not a match (N)."
            ).format(count=len(results), found=found)
        )

    @Slot()
    def _on_results_changed(self) -> None:
        has = bool(self.ctx.results)
        self.empty.setVisible(not has)
        self._split.setVisible(has)
        self._update_summary()
        if has and not self.table.selectionModel().hasSelection():
            first = next((i for i, r in enumerate(self.ctx.results) if r.matches), 0)
            self.table.selectRow(first)
        elif not has:
            self.matches.clear()
            self.review.show_match(None)

    def selected_result(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    @Slot(QItemSelection, QItemSelection)
    def _on_result_selected(self, *_: Any) -> None:
        self._fill_matches(keep=False)

    def _fill_matches(self, keep: bool) -> None:
        r = self.selected_result()
        current = self.matches.currentRow()
        self.matches.blockSignals(True)
        self.matches.clear()
        if r is not None and r < len(self.ctx.results):
            result = self.ctx.results[r]
            if result.error:
                from picproof.core.errors import ImageError
                from picproof.gui.error_text import describe

                item = QListWidgetItem(
                    describe(ImageError(result.error, path=os.path.basename(result.path)))
                )
                # Enabled (not greyed out): the reason is what the user must read here.
                item.setFlags(Qt.ItemFlag.ItemIsEnabled)
                item.setForeground(palette_tone(self.matches.palette(), "bad"))
                item.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning))
                self.matches.addItem(item)
            for m, match in enumerate(result.matches):
                decision = self.ctx.decisions.get((r, m))
                mark = {"accepted": "✔ ", "rejected": "✘ "}.get(decision or "", "")
                saved = self.tr(" · in a case") if (r, m) in self.ctx.case_links else ""
                self.matches.addItem(
                    f"{mark}{os.path.basename(match.photo_path)} — "
                    f"{short_level(match.level)} ({round(match.score * 100)}){saved}"
                )
        self.matches.blockSignals(False)
        if r is None or r >= len(self.ctx.results) or not self.ctx.results[r].matches:
            self.review.show_match(None)
            return
        row = current if keep and 0 <= current < self.matches.count() else 0
        self.matches.setCurrentRow(row)
        if not keep:
            self.review.show_match((r, row))

    @Slot(int)
    def _on_match_selected(self, m: int) -> None:
        r = self.selected_result()
        if r is None or m < 0:
            self.review.show_match(None)
            return
        if self.review.key != (r, m):
            self.review.show_match((r, m))

    # ---- decisions and cases -------------------------------------------------------------------

    @Slot(str)
    def _decide(self, decision: str) -> None:
        if decision == "undo":
            key = self.ctx.undo_decision()
            link = self.ctx.case_links.get(key) if key else None
            if link is not None:
                match_id = link[1]
                self.ctx.jobs.run(
                    lambda p: self.ctx.services.cases.undo_decision(match_id),
                    lane="write",
                    visible=False,
                    on_error=lambda e: show_error(self, e),
                    on_done=lambda _: self.ctx.cases_changed.emit(),
                )
            return
        key = self.review.key
        if key is None:
            return
        self.ctx.decide(*key, decision)
        link = self.ctx.case_links.get(key)
        if link is not None:
            self.ctx.jobs.run(
                lambda p: self.ctx.services.cases.record_decision(link[1], decision),
                lane="write",
                visible=False,
                on_error=lambda e: show_error(self, e),
                on_done=lambda _: self.ctx.cases_changed.emit(),
            )
        if decision == "rejected":
            show_status(self, self.tr("Marked as not a match. Press Ctrl+Z to undo."), 8000)
        self._next_open_match()

    def _next_open_match(self) -> None:
        r = self.selected_result()
        if r is None:
            return
        n = len(self.ctx.results[r].matches)
        for m in range(n):
            if (r, m) not in self.ctx.decisions:
                self.matches.setCurrentRow(m)
                return

    @Slot()
    def _add_to_case(self) -> None:
        key = self.review.key
        if key is None:
            return
        self.saver.add_one(key)

    def save_match_to_case(self, key: tuple[int, int], case_id: int) -> Any:
        """Save one reviewed match into ``case_id`` (without the dialogs; tools and tests)."""
        return self.saver.save([key], case_id)

    def _clear(self) -> None:
        if not self.ctx.results:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Clear results"),
            self.tr("Remove these results from the list? Evidence already saved in cases is kept."),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.ctx.set_results([])
