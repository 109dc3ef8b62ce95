"""The clinic database's error codes in plain, translated words (merged into error_text)."""

from __future__ import annotations

from picproof.gui.translation import QT_TRANSLATE_NOOP

# Error code -> sentence, in context "ClinicErrorText": translated when shown (error_text.py).
CLINIC_SENTENCES: dict[str, str] = {
    "clinic-bad-url": QT_TRANSLATE_NOOP(
        "ClinicErrorText",
        "This is not a clinic database address; it looks like "
        "postgresql://name@server:5432/database.",
    ),
    "clinic-unreachable": QT_TRANSLATE_NOOP(
        "ClinicErrorText",
        "The clinic server {server} cannot be reached. Check that it is running and that this "
        "computer is on the clinic's network. Nothing was changed.",
    ),
    "clinic-login-failed": QT_TRANSLATE_NOOP(
        "ClinicErrorText",
        "The clinic server refused the password of {user}. Check it, or ask the clinic's "
        "administrator to reset it.",
    ),
    "clinic-password-needed": QT_TRANSLATE_NOOP(
        "ClinicErrorText",
        "The clinic server needs the password of {user}. Enter it in Settings → Shared clinic "
        "database.",
    ),
    "clinic-login-refused": QT_TRANSLATE_NOOP(
        "ClinicErrorText",
        "The clinic server does not let {user} log in. Ask the clinic's administrator.",
    ),
    "clinic-no-database": QT_TRANSLATE_NOOP(
        "ClinicErrorText", "The clinic server {server} has no such database."
    ),
    "clinic-server-busy": QT_TRANSLATE_NOOP(
        "ClinicErrorText",
        "The clinic server is busy. Nothing was changed; try again in a minute.",
    ),
    "clinic-server-full": QT_TRANSLATE_NOOP(
        "ClinicErrorText",
        "The clinic server's disk is full, so nothing was saved. Ask the clinic's IT helper to "
        "free space, then add the item again.",
    ),
    "clinic-tls-failed": QT_TRANSLATE_NOOP(
        "ClinicErrorText",
        "The secure connection to {server} failed: {detail}. Check the certificate file and "
        "the server name in the address.",
    ),
    "clinic-not-initialised": QT_TRANSLATE_NOOP(
        "ClinicErrorText",
        "The database at {server} is not set up for PicProof yet. The clinic's administrator "
        "sets it up with: picproof clinic init",
    ),
    "clinic-schema-old": QT_TRANSLATE_NOOP(
        "ClinicErrorText",
        "The clinic database is older than this PicProof. Ask the administrator to upgrade it "
        "with: picproof clinic init",
    ),
    "clinic-not-a-member": QT_TRANSLATE_NOOP(
        "ClinicErrorText",
        "{user} is not one of this clinic's PicProof users. Ask the administrator to add you.",
    ),
    "clinic-not-allowed": QT_TRANSLATE_NOOP(
        "ClinicErrorText", "You are not allowed to do that in the clinic database."
    ),
    "clinic-connection-lost": QT_TRANSLATE_NOOP(
        "ClinicErrorText",
        "The connection to the clinic server was lost. What is shown as saved is saved; what "
        "you were adding was not: add it again when the server is back.",
    ),
    "clinic-case-exists": QT_TRANSLATE_NOOP(
        "ClinicErrorText", "The case {title} is already in the clinic database."
    ),
}
