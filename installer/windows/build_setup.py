"""Make the Windows installer from dist\\PicProof (run after ``py dev.py build``, on Windows).

    py installer\\windows\\build_setup.py

Signing is optional and driven by environment variables; without them the programs and the setup
are left unsigned and this script says so (Windows SmartScreen then shows "unknown publisher"):
    PICPROOF_SIGN_PFX        path of the code-signing certificate (.pfx)
    PICPROOF_SIGN_PASSWORD   its password
    PICPROOF_SIGN_TIMESTAMP  RFC 3161 time-stamp URL (default http://timestamp.digicert.com)
signtool.exe (Windows SDK) signs PicProof.exe and picproof-cli.exe before they are packed, and
Inno Setup signs the setup and its uninstaller through the same command (its SignTool directive).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "dist" / "PicProof"
ISS = ROOT / "installer" / "windows" / "picproof.iss"


def find_iscc() -> str:
    found = shutil.which("iscc")
    if found:
        return found
    for base in (os.environ.get("PROGRAMFILES(X86)"), os.environ.get("PROGRAMFILES")):
        candidate = Path(base or "") / "Inno Setup 6" / "ISCC.exe"
        if base and candidate.exists():
            return str(candidate)
    raise SystemExit("Inno Setup 6 (ISCC.exe) is not installed: choco install innosetup")


def sign_command() -> list[str] | None:
    pfx = os.environ.get("PICPROOF_SIGN_PFX")
    if not pfx:
        return None
    tsa = os.environ.get("PICPROOF_SIGN_TIMESTAMP", "http://timestamp.digicert.com")
    cmd = ["signtool", "sign", "/fd", "sha256", "/tr", tsa, "/td", "sha256", "/f", pfx]
    if os.environ.get("PICPROOF_SIGN_PASSWORD"):
        cmd += ["/p", os.environ["PICPROOF_SIGN_PASSWORD"]]
    return cmd


def main() -> int:
    sys.path.insert(0, str(ROOT / "desktop"))
    from picproof import __version__

    if not (APP / "PicProof.exe").exists():
        raise SystemExit(f"{APP} has no PicProof.exe: run `py dev.py build` first")
    iscc = [find_iscc(), f"/DAppVersion={__version__}"]
    sign = sign_command()
    if sign is None:
        print("Signing skipped: PICPROOF_SIGN_PFX is not set (the setup will be unsigned).")
    else:
        for exe in ("PicProof.exe", "picproof-cli.exe"):
            subprocess.run([*sign, str(APP / exe)], check=True)
        quoted = " ".join(f"$q{part}$q" if " " in part else part for part in sign)
        iscc += ["/DSIGN", f"/Spicproofsign={quoted} $f"]
    subprocess.run([*iscc, str(ISS)], check=True, cwd=ISS.parent)
    setup = ROOT / "dist" / f"PicProof-{__version__}-setup.exe"
    print(f"{setup} ({setup.stat().st_size / 1e6:.0f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
