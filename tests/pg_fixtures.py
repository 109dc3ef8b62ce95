"""Fixtures for tests against a real PostgreSQL server (imported by tests/conftest.py).

One throwaway cluster per test session (see tests/pg_cluster.py), stopped and removed at the end.
Each test that asks for ``clinic`` gets its own freshly initialised database and people whose
names are unique in the cluster (roles are cluster-wide in PostgreSQL).
"""

from __future__ import annotations

import atexit
import itertools
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from tests.pg_cluster import PgCluster, pg_bin_dir

_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PgCluster]:
    if pg_bin_dir() is None:
        if sys.platform.startswith("linux") and not os.environ.get("PICPROOF_NO_POSTGRES"):
            pytest.fail("PostgreSQL is not installed: `python3 dev.py test` installs it")
        pytest.skip("PostgreSQL is not installed")
    cluster = PgCluster()
    atexit.register(cluster.remove)  # even if the session is interrupted
    cluster.start()
    try:
        yield cluster
    finally:
        cluster.remove()


@dataclass
class ClinicDb:
    """A freshly initialised clinic database and helpers to add its people."""

    cluster: PgCluster
    name: str
    owner_url: str
    admin: str
    admin_password: str
    passwords: dict[str, str] = field(default_factory=dict)

    def url(self, user: str, **params: str) -> str:
        password = self.admin_password if user == self.admin else self.passwords[user]
        return self.cluster.url(user, password, self.name, **params)

    @property
    def admin_url(self) -> str:
        return self.url(self.admin)

    def add(self, short: str, role: str) -> str:
        """A new person (``<db>_<short>``) with ``role``; returns their login name."""
        import psycopg

        from picproof.store.postgres.admin import add_person

        name = f"{self.name}_{short}"
        password = f"pw-{short}-{os.urandom(4).hex()}"
        with psycopg.connect(self.admin_url) as conn:
            add_person(conn, name, role, password)
        self.passwords[name] = password
        return name


@pytest.fixture
def clinic(pg_cluster: PgCluster) -> ClinicDb:
    from picproof.store.postgres.admin import init_clinic

    name = f"c{next(_numbers)}_{os.getpid()}"
    owner_url = pg_cluster.create_database(name)
    admin = f"{name}_admin"
    password = "admin-" + os.urandom(6).hex()
    init_clinic(owner_url, admin=admin, admin_password=password)
    return ClinicDb(pg_cluster, name, owner_url, admin, password)
