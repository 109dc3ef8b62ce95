"""``picproof self-test``: which optional components load on this machine."""

from __future__ import annotations

import argparse
import io
import platform
import sys
from collections.abc import Callable

from picproof.cli_cmds.common import emit_json


class Unavailable(Exception):
    """A component is missing or cannot work here; the message is a plain sentence for the user."""


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser("self-test", help="check which components work on this machine")
    parser.add_argument("--json", action="store_true", help="print machine-readable JSON")
    parser.add_argument(
        "--gui",
        action="store_true",
        help="also open the main window offscreen and run the sample check, a letter and a "
        "bundle export end to end in a throw-away folder (the installer's frozen checks)",
    )
    parser.set_defaults(handler=_run)


def _opencv() -> str:
    import cv2
    import numpy as np

    img = (np.random.default_rng(1).random((64, 64)) * 255).astype("uint8")
    sift = cv2.SIFT_create()  # type: ignore[attr-defined]
    sift.detectAndCompute(img, None)
    return f"OpenCV {cv2.__version__}"


def _jpeg_png() -> str:
    from PIL import Image

    from picproof.core.imaging import load_image

    buf = io.BytesIO()
    Image.new("RGB", (32, 16), (200, 10, 10)).save(buf, "JPEG")
    loaded = load_image(buf.getvalue())
    assert loaded.image.size == (32, 16)
    import PIL

    return f"Pillow {PIL.__version__}"


def _heif() -> str:
    from PIL import Image

    from picproof.core.imaging import heif_available, load_image

    if not heif_available():
        raise Unavailable("HEIC photos (iPhone) cannot be read: pillow-heif is missing")
    buf = io.BytesIO()
    Image.new("RGB", (32, 16), (10, 200, 10)).save(buf, "HEIF")
    load_image(buf.getvalue())
    import pillow_heif

    return f"pillow-heif {pillow_heif.__version__}"


def _avif() -> str:
    from PIL import Image, features

    from picproof.core.imaging import load_image

    if not features.check("avif"):
        raise Unavailable("AVIF pictures cannot be read: this Pillow was built without AVIF")
    buf = io.BytesIO()
    Image.new("RGB", (32, 16), (10, 10, 200)).save(buf, "AVIF")
    load_image(buf.getvalue())
    return "AVIF"


def _sqlite() -> str:
    import sqlite3

    return f"SQLite {sqlite3.sqlite_version}"


def _fonts() -> str:
    from picproof.pdf.fonts import font_path, register_fonts

    register_fonts()
    return f"PDF font {font_path().name}"


def _pdf() -> str:
    from reportlab.pdfgen import canvas

    from picproof.pdf.fonts import register_fonts

    name = register_fonts()
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.setFont(name, 12)
    c.drawString(72, 720, "PicProof 证据 0123456789")
    c.save()
    import reportlab

    return f"reportlab {reportlab.Version}"


def _keyring() -> str:
    from picproof.core.errors import SecretStoreError
    from picproof.services.secrets import password_store_name

    try:
        return password_store_name()
    except SecretStoreError as exc:
        raise Unavailable(
            "No secure password store on this computer, so passwords for time-stamping services "
            "with an account cannot be saved. The free services need none and still work."
        ) from exc


def _timestamps() -> str:
    import rfc3161_client  # noqa: F401

    return "rfc3161-client"


def _translations() -> str:
    from picproof.core.resources import resource_dir

    qm = resource_dir() / "i18n" / "picproof_zh_CN.qm"
    if not qm.is_file():
        raise Unavailable(f"Chinese translation file missing ({qm}); the app stays in English")
    return "zh_CN"


def _qt() -> str:
    from picproof.app import qt_version  # the GUI layer owns every Qt import

    return qt_version()


#: (name, check, required)
CHECKS: list[tuple[str, Callable[[], str], bool]] = [
    ("images", _jpeg_png, True),
    ("opencv", _opencv, True),
    ("sqlite", _sqlite, True),
    ("pdf", _pdf, True),
    ("fonts", _fonts, True),
    ("timestamps", _timestamps, True),
    ("heif", _heif, False),
    ("avif", _avif, False),
    ("keyring", _keyring, False),
    ("translations", _translations, False),
    ("qt", _qt, False),
]


def _gui_results(args: argparse.Namespace) -> list[dict[str, object]]:
    """The GUI end-to-end steps, each a required component (printed as it ends)."""
    from picproof.gui.self_check import run_gui_check  # the GUI layer owns every Qt import

    steps: list[dict[str, object]] = []

    def report(name: str, ok: bool, detail: str) -> None:
        steps.append({"component": name, "ok": ok, "required": True, "detail": detail})
        if not args.json:
            _print(steps[-1])

    if not run_gui_check(report) and (not steps or steps[-1]["ok"]):
        report("gui", False, "the GUI check stopped early")
    return steps


def _print(r: dict[str, object]) -> None:
    mark = "ok  " if r["ok"] else ("FAIL" if r["required"] else "--  ")
    print(f"[{mark}] {r['component']:<16} {r['detail']}", flush=True)


def _run(args: argparse.Namespace) -> int:
    results: list[dict[str, object]] = []
    for name, check, required in CHECKS:
        try:
            detail, ok = check(), True
        except Unavailable as exc:
            detail, ok = str(exc), False
        except Exception as exc:  # every failure is reported, none is fatal to the self-test itself
            detail, ok = f"did not work ({type(exc).__name__}: {exc})", False
        results.append({"component": name, "ok": ok, "required": required, "detail": detail})
        if not args.json:
            _print(results[-1])
    if getattr(args, "gui", False):
        results.extend(_gui_results(args))  # printed as each step ends: they take seconds
    healthy = all(r["ok"] for r in results if r["required"])
    if args.json:
        emit_json(
            {
                "ok": healthy,
                "python": platform.python_version(),
                "platform": sys.platform,
                "components": results,
            }
        )
    else:
        print(
            "All required components work." if healthy else "Some required components do not work."
        )
    return 0 if healthy else 1
