"""Saving reviewed matches into a case: one, or every accepted one at once.

The custody log records only what the user did: a match nobody reviewed is not written as
accepted; the user is asked for the decision first. The operator's name is asked once, before the
first evidence is recorded, and kept in Settings.
"""

from __future__ import annotations

import os
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, QLocale, QObject
from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox, QWidget

from picproof.core.cases import MatchRecord
from picproof.core.errors import PicProofError
from picproof.core.models import Match, SuspectResult
from picproof.gui.add_to_case_dialog import AddToCaseDialog
from picproof.gui.app_context import AppContext
from picproof.gui.error_text import show_error
from picproof.services.review import Key, ensure_unchanged, save_checked_match

Target = int | tuple[str, str]
"""Where matches go: an existing case's id, or (title, kind) of a case to make."""
Saved = tuple[Key, MatchRecord]


def ensure_operator(parent: QWidget, ctx: AppContext) -> None:
    """Ask once for the name recorded with collected evidence (it can be changed in Settings)."""
    settings = ctx.services.settings
    if settings.operator_name or settings.operator_asked:
        return
    name, ok = QInputDialog.getText(
        parent,
        QCoreApplication.translate("MatchSaver", "Your name"),
        QCoreApplication.translate(
            "MatchSaver",
            "Your name is recorded with the evidence you collect (in the custody log and in "
            "reports), so others can see who collected it. You can change it in Settings.",
        ),
        QLineEdit.EchoMode.Normal,
        "",
    )
    settings.operator_asked = True
    if ok:
        settings.operator_name = name.strip()
    ctx.services.save_settings()


class MatchSaver(QObject):
    """Puts accepted matches of the review session into cases, on the write lane."""

    def __init__(self, ctx: AppContext, parent: QWidget) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.widget = parent

    def suggested_title(self, key: Key) -> str:
        match = self.ctx.results[key[0]].matches[key[1]]
        photo = os.path.splitext(os.path.basename(match.photo_path))[0]
        today = QLocale().toString(QDate.currentDate(), QLocale.FormatType.ShortFormat)
        return self.tr("Copies of my photo {photo} ({date})").format(photo=photo, date=today)

    def add_one(self, key: Key) -> None:
        """ "Add to case" for the match shown: asks for the decision first when there is none."""
        if key in self.ctx.case_links:
            QMessageBox.information(
                self.widget,
                self.tr("Add to case"),
                self.tr("This match is already saved in a case."),
            )
            return
        decision = self.ctx.decisions.get(key)
        if decision == "rejected":
            QMessageBox.information(
                self.widget,
                self.tr("Add to case"),
                self.tr(
                    "You marked this match as not a match. If it is your photo after all, press "
                    "Accept first, then add it to a case."
                ),
            )
            return
        if decision is None and not self._confirm_accept():
            return
        target = self._choose_case(self.suggested_title(key))
        if target is None:
            return
        if decision is None:
            self.ctx.decide(*key, "accepted")
        self.save([key], target)

    def add_all_accepted(self) -> None:
        keys = sorted(self.ctx.session.unsaved_accepted())
        if not keys:
            QMessageBox.information(
                self.widget,
                self.tr("Add all accepted"),
                self.tr("There are no accepted matches waiting to be saved in a case."),
            )
            return
        target = self._choose_case(self.suggested_title(keys[0]))
        if target is not None:
            self.save(keys, target)

    def _confirm_accept(self) -> bool:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Add to case"),
            self.tr(
                "You have not reviewed this match yet. Only matches you accept are saved as "
                "evidence. Is this your photo?"
            ),
            QMessageBox.StandardButton.NoButton,
            self.widget,
        )
        accept = box.addButton(self.tr("Yes, accept and add"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is accept

    def _choose_case(self, title: str) -> Target | None:
        """An existing case's id, or (title, kind) of a new one, made only once a file passed."""
        ensure_operator(self.widget, self.ctx)
        dialog = AddToCaseDialog(self.ctx.services.cases, self.widget, title, create_later=True)
        if not dialog.exec():
            return None
        return dialog.case_id if dialog.case_id is not None else dialog.new_case

    def save(self, keys: list[Key], target: Target) -> Any:
        """Copy each suspect (once) and original into the case and record the acceptance."""
        services = self.ctx.services
        store = self.ctx.review_store
        items: list[tuple[Key, SuspectResult, Match]] = [
            (k, self.ctx.results[k[0]], self.ctx.results[k[0]].matches[k[1]]) for k in keys
        ]

        def explain(result: SuspectResult, match: Match) -> bytes | None:
            try:
                return services.matching.render_explanation(result, match)
            except PicProofError:
                return None  # the side-by-side picture is a help, not evidence

        def work(progress: Any) -> tuple[int | None, list[Saved], list[PicProofError]]:
            saved: list[Saved] = []
            errors: list[PicProofError] = []
            if isinstance(target, int):
                case_id = target
            else:  # a new case: only when at least one picture is still the one checked
                kept = []
                for item in items:
                    try:
                        ensure_unchanged(item[1])
                    except PicProofError as exc:
                        errors.append(exc)
                        continue
                    kept.append(item)
                if not kept:
                    return None, saved, errors
                items[:] = kept
                case_id = services.cases.create_case(*target).id
            for done, (key, result, match) in enumerate(items):
                progress.update(done, len(items), os.path.basename(result.path))
                name = os.path.basename(result.path)
                source = "file"
                if store.is_inbox_picture(result.path):
                    source = "screen-capture" if name.startswith("screen-capture") else "clipboard"
                try:
                    record = save_checked_match(
                        services.cases, case_id, result, match, source=source, explain=explain
                    )
                except PicProofError as exc:
                    errors.append(exc)
                    continue
                saved.append((key, record))
            progress.update(len(items), len(items), "")
            return case_id, saved, errors

        return self.ctx.jobs.run(
            work,
            lane="write",
            label=self.tr("Saving evidence"),
            on_done=lambda outcome: self._saved(*outcome),
            on_error=lambda e: show_error(self.widget, e),
        )

    def _saved(self, case_id: int | None, saved: list[Saved], errors: list[PicProofError]) -> None:
        for key, record in saved:
            assert case_id is not None
            self.ctx.link_to_case(key, case_id, record.id)
        self.ctx.cases_changed.emit()
        if saved:
            self.ctx.decision_changed.emit(*saved[-1][0])
            window = self.widget.window()
            status = getattr(window, "statusBar", None)
            if status is not None:
                text = (
                    self.tr("Saved in the case as evidence.")
                    if len(saved) == 1
                    else self.tr("{count} matches saved in the case as evidence.").format(
                        count=len(saved)
                    )
                )
                status().showMessage(text, 8000)
        if errors:
            show_error(self.widget, errors[0])
