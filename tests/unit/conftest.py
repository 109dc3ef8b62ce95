"""Fixtures for unit tests: a real local RFC 3161 TSA (OpenSSL behind HTTP on 127.0.0.1).

The PKI (RSA-2048 keys, certificates) and the two servers are built once per session; every test
gets the servers back in their well-behaved mode.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from tests.tsa_server import LocalPki, TsaServer, build_pki


@pytest.fixture(scope="session")
def tsa_pki(tmp_path_factory: pytest.TempPathFactory) -> LocalPki:
    return build_pki(tmp_path_factory.mktemp("tsa-pki"))


@pytest.fixture(scope="session")
def _tsa_servers(tsa_pki: LocalPki) -> Iterator[dict[str, TsaServer]]:
    with TsaServer(tsa_pki.single, tsa_pki) as single, TsaServer(tsa_pki.chain, tsa_pki) as chain:
        yield {"single": single, "chain": chain}


@pytest.fixture
def tsa(_tsa_servers: dict[str, TsaServer]) -> Iterator[TsaServer]:
    """The one-certificate TSA (root CA -> TSA leaf), in "ok" mode."""
    server = _tsa_servers["single"]
    server.mode = "ok"
    yield server
    server.mode = "ok"


@pytest.fixture
def tsa_chain(_tsa_servers: dict[str, TsaServer]) -> Iterator[TsaServer]:
    """The chain TSA (root -> intermediate -> leaf; responses carry the intermediate)."""
    server = _tsa_servers["chain"]
    server.mode = "ok"
    yield server
    server.mode = "ok"
