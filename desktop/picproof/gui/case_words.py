"""The words for what the case store keeps as codes: custody events, statuses, kinds, deadlines.

The codes stay in the log and the bundle (they are what a verifier reads); people read these.
An unknown code (written by a newer version) is shown made readable, never as a bare code.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def _readable(code: str) -> str:
    return code.replace("-", " ").replace("_", " ").capitalize()


def event_name(event: str) -> str:
    return {
        "case-created": QCoreApplication.translate("CaseWords", "Case opened"),
        "case-updated": QCoreApplication.translate("CaseWords", "Case details changed"),
        "case-moved": QCoreApplication.translate("CaseWords", "Case moved to the clinic database"),
        "evidence-added": QCoreApplication.translate("CaseWords", "Evidence added"),
        "evidence-corrected": QCoreApplication.translate("CaseWords", "Evidence corrected"),
        "evidence-removed": QCoreApplication.translate("CaseWords", "Evidence set aside"),
        "page-captured": QCoreApplication.translate("CaseWords", "Web page saved"),
        "match-accepted": QCoreApplication.translate("CaseWords", "Match accepted as your photo"),
        "match-rejected": QCoreApplication.translate("CaseWords", "Match marked as not your photo"),
        "match-undecided": QCoreApplication.translate("CaseWords", "Match decision withdrawn"),
        "match-decision-undone": QCoreApplication.translate("CaseWords", "Match decision undone"),
        "letter-generated": QCoreApplication.translate("CaseWords", "Letter written"),
        "letter-sent": QCoreApplication.translate("CaseWords", "Letter marked as sent"),
        "timestamp-obtained": QCoreApplication.translate(
            "CaseWords", "Trusted time stamp obtained"
        ),
        "bundle-exported": QCoreApplication.translate("CaseWords", "Evidence bundle exported"),
        "bundle-imported": QCoreApplication.translate("CaseWords", "Evidence bundle imported"),
        "deadline-added": QCoreApplication.translate("CaseWords", "Deadline added"),
        "deadline-done": QCoreApplication.translate("CaseWords", "Deadline done"),
        "deadline-reopened": QCoreApplication.translate("CaseWords", "Deadline reopened"),
    }.get(event) or _readable(event)


def status_name(status: str) -> str:
    return {
        "open": QCoreApplication.translate("CaseWords", "open"),
        "notice-sent": QCoreApplication.translate("CaseWords", "notice sent"),
        "counter-notice": QCoreApplication.translate("CaseWords", "counter-notice received"),
        "resolved": QCoreApplication.translate("CaseWords", "resolved"),
        "closed": QCoreApplication.translate("CaseWords", "closed"),
        "archived": QCoreApplication.translate("CaseWords", "archived"),
    }.get(status) or _readable(status)


def kind_name(kind: str) -> str:
    """What happened, for a case."""
    return {
        "impersonation": QCoreApplication.translate("CaseWords", "Fake profile / impersonation"),
        "product": QCoreApplication.translate("CaseWords", "Copied product photos / shop"),
        "other": QCoreApplication.translate("CaseWords", "Other use of my photos"),
    }.get(kind) or _readable(kind)


def evidence_kind_name(kind: str) -> str:
    return {
        "suspect": QCoreApplication.translate("CaseWords", "suspect picture"),
        "original": QCoreApplication.translate("CaseWords", "your original"),
        "page": QCoreApplication.translate("CaseWords", "web page"),
        "page-image": QCoreApplication.translate("CaseWords", "page image"),
        "explanation": QCoreApplication.translate("CaseWords", "match picture"),
        "letter": QCoreApplication.translate("CaseWords", "letter"),
        "chat": QCoreApplication.translate("CaseWords", "chat"),
        "identity-document": QCoreApplication.translate("CaseWords", "identity document"),
        "ownership-proof": QCoreApplication.translate("CaseWords", "proof of ownership"),
        "authorisation": QCoreApplication.translate("CaseWords", "authorisation"),
        "other": QCoreApplication.translate("CaseWords", "other"),
    }.get(kind) or _readable(kind)


def deadline_name(kind: str) -> str:
    return {
        "ecommerce-43-counter-notice": QCoreApplication.translate(
            "CaseWords", "Reply to seller's counter-notice (China E-commerce Law art. 43: 15 days)"
        ),
        "dmca-counter-notice": QCoreApplication.translate(
            "CaseWords", "DMCA counter-notice: file suit before the photo is restored"
        ),
        "platform-reply": QCoreApplication.translate(
            "CaseWords", "Platform's answer to your report"
        ),
    }.get(kind) or _readable(kind)


def deadlines_for(case_kind: str) -> tuple[str, ...]:
    """The deadline kinds that can apply to a case of this kind.

    Art. 43 of the E-commerce Law is about sellers on e-commerce platforms: it applies to copied
    listings, not to a fake dating profile. A DMCA counter-notice can follow any copyright notice.
    """
    if case_kind == "impersonation":
        return ("dmca-counter-notice",)
    return ("ecommerce-43-counter-notice", "dmca-counter-notice")
