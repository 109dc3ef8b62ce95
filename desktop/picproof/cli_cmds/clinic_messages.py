"""Sentences for the clinic database's error codes (merged into the CLI's table)."""

from __future__ import annotations

CLINIC_SENTENCES: dict[str, str] = {
    "clinic-no-url": "No clinic database given: use --db postgresql://USER@HOST/DATABASE "
    "or set PICPROOF_DB.",
    "clinic-bad-url": "{url} is not a clinic database address; it looks like "
    "postgresql://USER@HOST:5432/DATABASE.",
    "clinic-unreachable": "The clinic server {server} cannot be reached ({detail}). Check that it "
    "is running and that this computer is on the clinic's network. Nothing was changed.",
    "clinic-login-failed": "The clinic server {server} refused the password of {user}. "
    "Check it, or ask the clinic's administrator to reset it.",
    "clinic-password-needed": "The clinic server {server} needs a password for {user}: run "
    "'picproof clinic login --db URL' once (it is kept in this computer's keyring).",
    "clinic-login-refused": "The clinic server {server} does not let {user} log in ({detail}). "
    "Ask the clinic's administrator.",
    "clinic-no-database": "The clinic server {server} has no such database. Check the address.",
    "clinic-server-busy": "The clinic server is busy (too many connections or too little "
    "memory). Nothing was changed; try again in a minute.",
    "clinic-server-full": "The clinic server's disk is full, so nothing was saved ({detail}). "
    "Ask the clinic's IT helper to free space; then add the item again.",
    "clinic-tls-failed": "The secure connection to {server} failed: {detail}. Check the "
    "certificate file given as sslrootcert and the server name.",
    "clinic-not-initialised": "The database at {server} is not set up for PicProof yet: run "
    "'picproof clinic init --db URL' as its owner.",
    "clinic-schema-old": "The clinic database at {server} is at version {found}; this PicProof "
    "needs {needed}. Ask the administrator to run 'picproof clinic init --db URL' to upgrade it.",
    "clinic-not-a-member": "{user} is not one of this clinic's PicProof users. Ask the "
    "administrator to add you with 'picproof clinic user add'.",
    "clinic-not-allowed": "You are not allowed to do that in the clinic database ({detail}).",
    "clinic-read-only": "The clinic database is read-only right now ({detail}).",
    "clinic-connection-lost": "The connection to the clinic server {server} was lost. What is "
    "shown as saved is saved; what you were adding was not: add it again when the server is back.",
    "clinic-init-not-allowed": "Only the database's owner (a role allowed to create roles) can "
    "set it up: {detail}.",
    "clinic-role-unknown": "Unknown role {role}; use one of: {allowed}.",
    "clinic-password-empty": "A password is needed (it may not be empty).",
    "clinic-user-exists": "There is already a user called {name}.",
    "clinic-user-name-bad": "{name} cannot be a user name: use lower-case letters, digits and _ "
    "(starting with a letter), not starting with picproof_ or pg_.",
    "clinic-user-unknown": "There is no clinic user called {name}.",
    "clinic-case-exists": "The case {title} is already in the clinic database; nothing was moved.",
    "evidence-file-damaged": "The stored evidence file {sha256} does not match its hash any more; "
    "nothing was moved.",
    "write-failed": "The database refused the change ({detail}); nothing was saved.",
}
