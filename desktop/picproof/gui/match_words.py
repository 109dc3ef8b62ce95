"""Scores and levels in plain words ("same photo, mirrored and cropped")."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from picproof.core.models import Match, SuspectResult


def join_words(parts: list[str]) -> str:
    if not parts:
        return ""
    if len(parts) == 1:
        return parts[0]
    return QCoreApplication.translate("MatchWords", "{first} and {last}").format(
        first=QCoreApplication.translate("MatchWords", ", ").join(parts[:-1]), last=parts[-1]
    )


def alterations(match: Match) -> list[str]:
    t = match.transform
    if t is None:
        return []
    parts = []
    if t.mirrored:
        parts.append(QCoreApplication.translate("MatchWords", "mirrored"))
    if t.cropped:
        parts.append(QCoreApplication.translate("MatchWords", "cropped"))
    if abs(t.rotation_deg) >= 2:
        parts.append(
            QCoreApplication.translate("MatchWords", "rotated {deg}°").format(
                deg=round(t.rotation_deg)
            )
        )
    if t.scale and abs(t.scale - 1.0) > 0.1:
        parts.append(QCoreApplication.translate("MatchWords", "resized"))
    return parts


def level_words(match: Match) -> str:
    if match.level == "identical":
        return QCoreApplication.translate(
            "MatchWords", "Identical file: exactly your photo (same SHA-256)"
        )
    changes = alterations(match)
    if match.level == "same-photo":
        if changes:
            return QCoreApplication.translate("MatchWords", "Same photo, {changes}").format(
                changes=join_words(changes)
            )
        return QCoreApplication.translate("MatchWords", "Same photo")
    if match.another_shot:
        # the photo's own pixels disagree (core/matching/same_shot.py): say what was seen
        return QCoreApplication.translate(
            "MatchWords",
            "Probably another shot of the same scene, not this photo: parts of it have moved. "
            "Compare them closely before accepting",
        )
    if changes:
        return QCoreApplication.translate(
            "MatchWords", "Possibly your photo ({changes}): look carefully before accepting"
        ).format(changes=join_words(changes))
    return QCoreApplication.translate(
        "MatchWords", "Possibly your photo: look carefully before accepting"
    )


def short_level(level: str) -> str:
    return {
        "identical": QCoreApplication.translate("MatchWords", "Identical file"),
        "same-photo": QCoreApplication.translate("MatchWords", "Same photo"),
        "possible": QCoreApplication.translate("MatchWords", "Possible match"),
        # 'picproof case link': the user said which original a screenshot shows.
        "user-linked": QCoreApplication.translate("MatchWords", "Linked by you"),
    }.get(level, level)


def score_words(match: Match) -> str:
    score = round(match.score * 100)
    if match.level == "identical":
        return QCoreApplication.translate(
            "MatchWords", "Score {score} of 100 · the very same file, byte for byte"
        ).format(score=score)
    if match.inliers <= 0:
        # A small avatar settled by its pixels alone (core/matching/small_look.py): no points.
        return QCoreApplication.translate(
            "MatchWords",
            "Score {score} of 100 · found by its pixels (too small for matching points)",
        ).format(score=score)
    return QCoreApplication.translate(
        "MatchWords", "Score {score} of 100 · {points} matching points"
    ).format(score=score, points=match.inliers)


def result_summary(result: SuspectResult) -> str:
    if result.error:
        return QCoreApplication.translate("MatchWords", "Could not be read: {reason}").format(
            reason=short_reason(result.error)
        )
    if not result.matches:
        return QCoreApplication.translate("MatchWords", "None of your photos found")
    confirmed = len(result.confirmed)
    possible = len(result.possible)
    if confirmed and possible:
        return QCoreApplication.translate(
            "MatchWords", "{n} of your photos found, {p} possible"
        ).format(n=confirmed, p=possible)
    if confirmed:
        return QCoreApplication.translate("MatchWords", "{n} of your photos found").format(
            n=confirmed
        )
    return QCoreApplication.translate("MatchWords", "{p} possible match(es) to review").format(
        p=possible
    )


def short_reason(code: str) -> str:
    """Why a picture could not be read, in a few words (the full sentence is in error_text)."""
    return {
        "empty": QCoreApplication.translate("MatchWords", "the file is empty"),
        "not-an-image": QCoreApplication.translate("MatchWords", "not a picture"),
        "unsupported-format": QCoreApplication.translate("MatchWords", "format not supported"),
        "truncated": QCoreApplication.translate("MatchWords", "the file is cut short"),
        "too-large": QCoreApplication.translate("MatchWords", "too large to open safely"),
        "corrupt": QCoreApplication.translate("MatchWords", "the file is damaged"),
        "unreadable": QCoreApplication.translate("MatchWords", "the file cannot be opened"),
        "not-a-file": QCoreApplication.translate("MatchWords", "the file is missing"),
    }.get(code) or QCoreApplication.translate("MatchWords", "the file cannot be opened")
