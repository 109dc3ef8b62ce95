"""The clinic database's error codes in plain, translated words (merged into error_text)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def clinic_sentences() -> dict[str, str]:
    # Built on each call so a language switch takes effect immediately.
    return {
        "clinic-bad-url": QCoreApplication.translate(
            "ClinicErrorText",
            "This is not a clinic database address; it looks like "
            "postgresql://name@server:5432/database.",
        ),
        "clinic-unreachable": QCoreApplication.translate(
            "ClinicErrorText",
            "The clinic server {server} cannot be reached. Check that it is running and that this "
            "computer is on the clinic's network. Nothing was changed.",
        ),
        "clinic-login-failed": QCoreApplication.translate(
            "ClinicErrorText",
            "The clinic server refused the password of {user}. Check it, or ask the clinic's "
            "administrator to reset it.",
        ),
        "clinic-password-needed": QCoreApplication.translate(
            "ClinicErrorText",
            "The clinic server needs the password of {user}. Enter it in Settings → Shared clinic "
            "database.",
        ),
        "clinic-login-refused": QCoreApplication.translate(
            "ClinicErrorText",
            "The clinic server does not let {user} log in. Ask the clinic's administrator.",
        ),
        "clinic-no-database": QCoreApplication.translate(
            "ClinicErrorText", "The clinic server {server} has no such database."
        ),
        "clinic-server-busy": QCoreApplication.translate(
            "ClinicErrorText",
            "The clinic server is busy. Nothing was changed; try again in a minute.",
        ),
        "clinic-server-full": QCoreApplication.translate(
            "ClinicErrorText",
            "The clinic server's disk is full, so nothing was saved. Ask the clinic's IT helper to "
            "free space, then add the item again.",
        ),
        "clinic-tls-failed": QCoreApplication.translate(
            "ClinicErrorText",
            "The secure connection to {server} failed: {detail}. Check the certificate file and "
            "the server name in the address.",
        ),
        "clinic-not-initialised": QCoreApplication.translate(
            "ClinicErrorText",
            "The database at {server} is not set up for PicProof yet. The clinic's administrator "
            "sets it up with: picproof clinic init",
        ),
        "clinic-schema-old": QCoreApplication.translate(
            "ClinicErrorText",
            "The clinic database is older than this PicProof. Ask the administrator to upgrade it "
            "with: picproof clinic init",
        ),
        "clinic-not-a-member": QCoreApplication.translate(
            "ClinicErrorText",
            "{user} is not one of this clinic's PicProof users. Ask the administrator to add you.",
        ),
        "clinic-not-allowed": QCoreApplication.translate(
            "ClinicErrorText", "You are not allowed to do that in the clinic database."
        ),
        "clinic-connection-lost": QCoreApplication.translate(
            "ClinicErrorText",
            "The connection to the clinic server was lost. What is shown as saved is saved; what "
            "you were adding was not: add it again when the server is back.",
        ),
        "clinic-case-exists": QCoreApplication.translate(
            "ClinicErrorText", "The case {title} is already in the clinic database."
        ),
    }
