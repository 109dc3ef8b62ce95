"""The hardening harnesses use the unit tests' real local OpenSSL TSAs."""

from tests.unit.conftest import _tsa_servers, tsa, tsa_chain, tsa_pki  # noqa: F401
