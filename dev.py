#!/usr/bin/env python3
"""One-command setup for PicProof: ``python3 dev.py run`` starts the app, ``python3 dev.py test``
runs the whole test suite, ``python3 dev.py build`` builds the app folder for the installers and
runs its frozen checks. Each creates ``.venv`` on first use and reinstalls when pyproject changes.

Standard library only, so it runs on a fresh machine with nothing but Python 3.11+.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
IS_WINDOWS = os.name == "nt"

#: Debian packages the tests use: a local TSA (openssl), PDF checks (poppler), the real-window smoke
#: test (Xvfb and Qt's xcb libraries), screenshots (imagemagick) and a CJK font for the UI;
#: PostgreSQL for the clinic store (the tests start a throwaway cluster: tests/pg_cluster.py).
APT_PACKAGES = [
    "openssl",
    "postgresql",
    "poppler-utils",
    "poppler-data",
    "xvfb",
    "x11-utils",
    "xauth",
    "imagemagick",
    "fonts-wqy-microhei",
    "libxcb-icccm4",
    "libxcb-keysyms1",
    "libxcb-cursor0",
    "libxcb-image0",
    "libxcb-render-util0",
    "libxcb-shape0",
    "libxcb-randr0",
    "libxcb-xkb1",
    "libxkbcommon-x11-0",
    "libx11-xcb1",
    "libegl1",
    "libgl1",
    "libfontconfig1",
    "libdbus-1-3",
    "libglib2.0-0",
]


def _python() -> Path:
    return VENV / ("Scripts/python.exe" if IS_WINDOWS else "bin/python")


def _run(cmd: list[str], **kw: object) -> None:
    print("+", " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True, **kw)  # type: ignore[call-overload]


def ensure_venv(extras: str) -> Path:
    if sys.version_info < (3, 11):  # noqa: UP036 - this script must explain, not crash, on old Pythons
        sys.exit(f"PicProof needs Python 3.11 or newer (this is {sys.version.split()[0]}).")
    if not _python().exists():
        print(f"Creating a virtual environment in {VENV} …", flush=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    stamp = VENV / f".installed-{extras or 'app'}"
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if not stamp.exists() or stamp.read_text() != digest:
        py = str(_python())
        _run([py, "-m", "pip", "install", "--quiet", "--upgrade", "pip"])
        target = f".[{extras}]" if extras else "."
        _run([py, "-m", "pip", "install", "--quiet", "-e", target], cwd=ROOT)
        stamp.write_text(digest)
    build_translations()
    return _python()


def build_translations() -> None:
    script = ROOT / "tools" / "build_translations.py"
    if script.exists():
        subprocess.run([str(_python()), str(script), "--quiet"], check=True, cwd=ROOT)


def ensure_system_packages() -> None:
    """Install missing Debian packages the tests need (CI runs as root on Debian)."""
    if (
        not sys.platform.startswith("linux")
        or not shutil.which("apt-get")
        or not shutil.which("dpkg-query")
    ):
        return
    missing = []
    for name in APT_PACKAGES:
        probe = subprocess.run(
            ["dpkg-query", "-W", "-f=${Status}", name], capture_output=True, text=True
        )
        if "install ok installed" not in probe.stdout:
            missing.append(name)
    if not missing:
        return
    prefix = [] if os.geteuid() == 0 else (["sudo"] if shutil.which("sudo") else None)
    if prefix is None:
        print("Missing system packages (install them to run every test): " + " ".join(missing))
        return
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    _run([*prefix, "apt-get", "update", "-q"], env=env, stdout=subprocess.DEVNULL)
    _run(
        [*prefix, "apt-get", "install", "-y", "-q", "--no-install-recommends", *missing],
        env=env,
        stdout=subprocess.DEVNULL,
    )


#: Static checks run by ``dev.py test`` before pytest (and so in CI); a finding fails the run.
#: The same commands run in .pre-commit-config.yaml.
CHECKS = (
    ("ruff check", ["-m", "ruff", "check", "desktop", "tests", "tools", "dev.py"]),
    ("ruff format", ["-m", "ruff", "format", "--check", "desktop", "tests", "tools", "dev.py"]),
    ("mypy", ["-m", "mypy"]),  # files and strictness: [tool.mypy] in pyproject.toml
    ("import contracts", ["-c", "from importlinter.cli import lint_imports_command as c; c()"]),
)


def run_checks(py: Path) -> int:
    """Run every static check (all of them, so one run shows every finding); 1 if any failed."""
    failed = []
    for name, args in CHECKS:
        print(f"+ {name}", flush=True)
        if subprocess.call([str(py), *args], cwd=ROOT) != 0:
            failed.append(name)
    if failed:
        print("Static checks failed: " + ", ".join(failed) + ". Tests not run.", flush=True)
        return 1
    return 0


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "run"
    rest = argv[1:]
    if command == "run":
        py = ensure_venv("")
        return subprocess.call([str(py), "-m", "picproof", *rest], cwd=ROOT)
    if command == "test":
        ensure_system_packages()
        py = ensure_venv("test")
        env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
        # The whole run (no arguments, as in CI) starts with the static checks; a run of chosen
        # tests skips them unless --checks is given.
        if not rest or "--checks" in rest:
            rest = [a for a in rest if a != "--checks"]
            if run_checks(py) != 0:
                return 1
        return subprocess.call([str(py), "-m", "pytest", "-q", *rest], cwd=ROOT, env=env)
    if command == "build":
        # The one-folder app (PyInstaller) in dist/PicProof, then the frozen app's own checks.
        ensure_system_packages()
        py = ensure_venv("test,dev")
        return subprocess.call([str(py), str(ROOT / "installer" / "build.py"), *rest], cwd=ROOT)
    if command == "cli":
        py = ensure_venv("")
        return subprocess.call([str(py), "-m", "picproof", *rest], cwd=ROOT)
    print(
        "usage: python3 dev.py run [APP OPTIONS] | test [--checks] [PYTEST OPTIONS] | build"
        " | cli COMMAND …"
    )
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
