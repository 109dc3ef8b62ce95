"""The words for what the case store keeps as codes: custody events, statuses, kinds, deadlines.

The codes stay in the log and the bundle (they are what a verifier reads); people read these.
An unknown code (written by a newer version) is shown made readable, never as a bare code.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def _t(text: str) -> str:
    return QCoreApplication.translate("CaseWords", text)


def _readable(code: str) -> str:
    return code.replace("-", " ").replace("_", " ").capitalize()


def event_name(event: str) -> str:
    return {
        "case-created": _t("Case opened"),
        "case-updated": _t("Case details changed"),
        "case-moved": _t("Case moved to the clinic database"),
        "evidence-added": _t("Evidence added"),
        "evidence-corrected": _t("Evidence corrected"),
        "evidence-removed": _t("Evidence set aside"),
        "page-captured": _t("Web page saved"),
        "match-accepted": _t("Match accepted as your photo"),
        "match-rejected": _t("Match marked as not your photo"),
        "match-undecided": _t("Match decision withdrawn"),
        "match-decision-undone": _t("Match decision undone"),
        "letter-generated": _t("Letter written"),
        "letter-sent": _t("Letter marked as sent"),
        "timestamp-obtained": _t("Trusted time stamp obtained"),
        "bundle-exported": _t("Evidence bundle exported"),
        "bundle-imported": _t("Evidence bundle imported"),
        "deadline-added": _t("Deadline added"),
        "deadline-done": _t("Deadline done"),
        "deadline-reopened": _t("Deadline reopened"),
    }.get(event) or _readable(event)


def status_name(status: str) -> str:
    return {
        "open": _t("open"),
        "notice-sent": _t("notice sent"),
        "counter-notice": _t("counter-notice received"),
        "resolved": _t("resolved"),
        "closed": _t("closed"),
        "archived": _t("archived"),
    }.get(status) or _readable(status)


def kind_name(kind: str) -> str:
    """What happened, for a case."""
    return {
        "impersonation": _t("Fake profile / impersonation"),
        "product": _t("Copied product photos / shop"),
        "other": _t("Other use of my photos"),
    }.get(kind) or _readable(kind)


def evidence_kind_name(kind: str) -> str:
    return {
        "suspect": _t("suspect picture"),
        "original": _t("your original"),
        "page": _t("web page"),
        "page-image": _t("page image"),
        "explanation": _t("match picture"),
        "letter": _t("letter"),
        "chat": _t("chat"),
        "identity-document": _t("identity document"),
        "ownership-proof": _t("proof of ownership"),
        "authorisation": _t("authorisation"),
        "other": _t("other"),
    }.get(kind) or _readable(kind)


def deadline_name(kind: str) -> str:
    return {
        "ecommerce-43-counter-notice": _t(
            "Reply to seller's counter-notice (China E-commerce Law art. 43: 15 days)"
        ),
        "dmca-counter-notice": _t("DMCA counter-notice: file suit before the photo is restored"),
        "platform-reply": _t("Platform's answer to your report"),
    }.get(kind) or _readable(kind)


def deadlines_for(case_kind: str) -> tuple[str, ...]:
    """The deadline kinds that can apply to a case of this kind.

    Art. 43 of the E-commerce Law is about sellers on e-commerce platforms: it applies to copied
    listings, not to a fake dating profile. A DMCA counter-notice can follow any copyright notice.
    """
    if case_kind == "impersonation":
        return ("dmca-counter-notice",)
    return ("ecommerce-43-counter-notice", "dmca-counter-notice")
