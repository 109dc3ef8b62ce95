"""A throwaway PostgreSQL cluster for tests and benchmarks (never a mock database).

``initdb`` in a temporary folder, listening on 127.0.0.1 only, on a free port, with TLS from a
local certificate authority made on the spot (so ``sslmode=verify-full`` is tested for real).
PostgreSQL refuses to run as root; CI runs as root, so the server then runs as the ``postgres``
user that Debian's package creates (``runuser``), and the folder is handed to that user.

Used by ``tests/conftest.py`` (one cluster per test session) and ``tests/bench/clinic_load.py``.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

SUPERUSER = "picproof_test_super"


def pg_bin_dir() -> Path | None:
    """The newest installed PostgreSQL server binaries (Debian keeps them off PATH)."""
    candidates = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
    )
    if candidates:
        return candidates[-1].parent
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _make_tls(folder: Path) -> tuple[Path, Path, Path]:
    """A local CA and a server certificate for localhost / 127.0.0.1: (ca.pem, cert, key)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "PicProof test clinic CA")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=2))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=2))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    pem = serialization.Encoding.PEM
    ca_path, cert_path, key_path = folder / "ca.pem", folder / "server.crt", folder / "server.key"
    ca_path.write_bytes(ca.public_bytes(pem))
    cert_path.write_bytes(cert.public_bytes(pem))
    key_path.write_bytes(
        key.private_bytes(
            pem, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption()
        )
    )
    key_path.chmod(0o600)
    return ca_path, cert_path, key_path


class PgCluster:
    """Start with :meth:`start`, stop with :meth:`stop` (also a context manager)."""

    def __init__(self, root: Path | None = None) -> None:
        bindir = pg_bin_dir()
        if bindir is None:
            raise RuntimeError("PostgreSQL is not installed (apt-get install postgresql)")
        self.bin = bindir
        self.root = Path(root or tempfile.mkdtemp(prefix="picproof-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()
        self.password = os.urandom(12).hex()
        self.run_as: str | None = None
        if os.geteuid() == 0:
            self.run_as = "postgres"
            pwd.getpwnam(self.run_as)  # KeyError: the package's user is missing
        self.ca_file = self.root / "ca.pem"

    # -- process control -----------------------------------------------------------------------
    def _cmd(self, *args: str) -> list[str]:
        prefix = ["runuser", "-u", self.run_as, "--"] if self.run_as else []
        return [*prefix, *args]

    def _chown(self, path: Path) -> None:
        if self.run_as:
            info = pwd.getpwnam(self.run_as)
            for folder, dirs, files in os.walk(path):
                os.chown(folder, info.pw_uid, info.pw_gid)
                for name in dirs + files:
                    os.chown(os.path.join(folder, name), info.pw_uid, info.pw_gid)

    def start(self) -> PgCluster:
        self.root.mkdir(parents=True, exist_ok=True)
        self.root.chmod(0o755)
        pwfile = self.root / "pw"
        pwfile.write_text(self.password)
        tls = self.root / "tls"
        tls.mkdir(exist_ok=True)
        _make_tls(tls)
        shutil.copy(tls / "ca.pem", self.ca_file)
        self.ca_file.chmod(0o644)
        self._chown(self.root)
        subprocess.run(
            self._cmd(
                str(self.bin / "initdb"),
                "-D",
                str(self.data),
                "-U",
                SUPERUSER,
                "--pwfile",
                str(pwfile),
                "--auth=scram-sha-256",
                "--encoding=UTF8",
                "--locale=C",
                "--no-sync",
            ),
            check=True,
            capture_output=True,
        )
        pwfile.unlink()
        conf = self.data / "postgresql.conf"
        with open(conf, "a", encoding="utf-8") as fh:
            fh.write(
                f"\nlisten_addresses = '127.0.0.1'\nport = {self.port}\n"
                f"unix_socket_directories = '{self.root}'\n"
                "ssl = on\n"
                f"ssl_cert_file = '{tls / 'server.crt'}'\nssl_key_file = '{tls / 'server.key'}'\n"
                "fsync = on\nshared_buffers = 32MB\nmax_connections = 60\n"
            )
        self._pg_ctl("start", "-w", "-l", str(self.root / "server.log"))
        self._watch()
        return self

    def _watch(self) -> None:
        """Stop the server and remove its folder if this process dies without doing it (a test
        run killed by a time-out, kill -9): no server is ever left behind."""
        stop = " ".join(
            self._cmd(str(self.bin / "pg_ctl"), "-D", str(self.data), "stop", "-m", "immediate")
        )
        script = (
            f"while kill -0 {os.getpid()} 2>/dev/null; do sleep 1; done; "
            f"{stop} >/dev/null 2>&1; rm -rf '{self.root}'"
        )
        self._watchdog = subprocess.Popen(
            ["sh", "-c", script],
            start_new_session=True,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def _pg_ctl(self, *args: str) -> None:
        subprocess.run(
            self._cmd(str(self.bin / "pg_ctl"), "-D", str(self.data), *args),
            check=True,
            capture_output=True,
            timeout=120,
        )

    def stop(self, mode: str = "fast") -> None:
        if (self.data / "postmaster.pid").exists():
            try:
                self._pg_ctl("stop", "-m", mode, "-w")
            except subprocess.CalledProcessError:
                pass

    def restart(self, *, down_seconds: float = 0.0) -> None:
        """Stop (``immediate``: as a crash or power loss would) and start again."""
        self._pg_ctl("stop", "-m", "immediate", "-w")
        time.sleep(down_seconds)
        self._pg_ctl("start", "-w", "-l", str(self.root / "server.log"))

    def remove(self) -> None:
        self.stop("immediate")  # a throwaway cluster: no shutdown checkpoint to wait for
        shutil.rmtree(self.root, ignore_errors=True)
        watchdog = getattr(self, "_watchdog", None)
        if watchdog is not None and watchdog.poll() is None:
            watchdog.kill()
            watchdog.wait()

    def __enter__(self) -> PgCluster:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.remove()

    # -- URLs ----------------------------------------------------------------------------------
    def url(
        self,
        user: str = SUPERUSER,
        password: str | None = None,
        dbname: str = "postgres",
        **params: str,
    ) -> str:
        secret = self.password if password is None and user == SUPERUSER else password
        auth = quote(user, safe="") + (f":{quote(secret, safe='')}" if secret else "")
        query = "&".join(f"{k}={quote(v, safe='/')}" for k, v in params.items())
        return f"postgresql://{auth}@127.0.0.1:{self.port}/{dbname}" + (
            f"?{query}" if query else ""
        )

    def create_database(self, name: str) -> str:
        """A fresh database; returns the superuser's URL for it."""
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(dbname=name)
