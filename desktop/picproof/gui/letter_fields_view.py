"""The form of a letter's fields, built from the template (labels in the letter's language)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QWidget,
)


class LetterFieldsView(QScrollArea):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self._widgets: dict[str, tuple[Any, Any, str]] = {}
        """name -> (template field, widget, initial text)."""
        self._body = QWidget()
        self._form = QFormLayout(self._body)
        self.setWidget(self._body)

    def load(
        self,
        template: Any,
        values: dict[str, Any],
        labels: dict[str, str] | None = None,
        hide: tuple[str, ...] = (),
    ) -> None:
        """``labels``: field names in the UI language (the letter itself may be in another one);
        ``hide``: fields the wizard asks for elsewhere."""
        labels = labels or {}
        body = QWidget()
        form = QFormLayout(body)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        # Labels above their fields: legal field names are long, and must never be clipped.
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self._widgets = {}
        # Required fields first: they are what stands between the user and a sendable letter.
        fields = sorted(template.fields, key=lambda f: (not f.required, template.fields.index(f)))
        for spec in fields:
            if spec.name in hide:
                continue
            value = values.get(spec.name, "")
            text = "\n".join(value) if isinstance(value, list) else str(value or "")
            # Examples are marked as examples: grey text alone looked like a filled-in value.
            example = spec.example.replace(" | ", "\n") if spec.example else ""
            if spec.kind in ("multiline", "list"):
                widget: Any = QPlainTextEdit(text)
                widget.setFixedHeight(72)
                lead = self.tr("One per line. ") if spec.kind == "list" else ""
                if example:
                    widget.setPlaceholderText(lead + self.tr("Example:") + "\n" + example)
                else:
                    widget.setPlaceholderText(lead.strip())
            elif spec.kind == "confirm":
                widget = QCheckBox(
                    labels.get(spec.name, spec.label) + (" *" if spec.required else "")
                )
                widget.setChecked(text == "yes")
                text = "yes" if text == "yes" else ""
            else:
                widget = QLineEdit(text)
                if spec.kind == "date":
                    widget.setPlaceholderText(self.tr("Date as YYYY-MM-DD, e.g. 2026-11-02"))
                elif example:
                    widget.setPlaceholderText(self.tr("Example: {example}").format(example=example))
            if spec.help:
                widget.setToolTip(spec.help)
            if spec.kind == "confirm":
                form.addRow(widget)
            else:
                # Full width above the field (WrapAllRows): no wrapping needed, none clipped.
                label = QLabel(labels.get(spec.name, spec.label) + (" *" if spec.required else ""))
                form.addRow(label, widget)
            self._widgets[spec.name] = (spec, widget, text)
        self.setWidget(body)
        self._body, self._form = body, form

    def value_of(self, name: str) -> str:
        spec, widget, _ = self._widgets[name]
        if isinstance(widget, QCheckBox):
            return "yes" if widget.isChecked() else ""
        if isinstance(widget, QPlainTextEdit):
            return widget.toPlainText().strip()
        return widget.text().strip()

    def set_value(self, name: str, text: str) -> None:
        _, widget, _ = self._widgets[name]
        if isinstance(widget, QCheckBox):
            widget.setChecked(text == "yes")
        elif isinstance(widget, QPlainTextEdit):
            widget.setPlainText(text)
        else:
            widget.setText(text)

    @property
    def names(self) -> list[str]:
        return list(self._widgets)

    def assignments(self) -> list[tuple[str, str]]:
        """``(name, value)`` for every field the user changed (case-derived values otherwise)."""
        out: list[tuple[str, str]] = []
        for name, (spec, _, initial) in self._widgets.items():
            value = self.value_of(name)
            if value == initial.strip():
                continue
            if spec.kind == "list":
                lines = [line for line in value.splitlines() if line.strip()] or [""]
                out.extend((name, line) for line in lines)
            elif spec.kind == "confirm":
                out.append((name, "yes" if value else "no"))
            else:
                out.append((name, value))
        return out
