"""The frozen app (PyInstaller's dist/PicProof) does its own work, and its window opens fast.

Run by installer/build.py (``python3 dev.py build``) with PICPROOF_FROZEN_APP set to the built
folder; skipped otherwise, so the ordinary test run (.ci/run) never needs a build.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

APP = os.environ.get("PICPROOF_FROZEN_APP")
pytestmark = pytest.mark.skipif(not APP, reason="no frozen app (run: python3 dev.py build)")


def _program(gui: bool = False) -> Path:
    folder = Path(APP or "")
    if sys.platform == "win32":
        return folder / ("PicProof.exe" if gui else "picproof-cli.exe")
    return folder / "PicProof"


def test_frozen_self_test_runs_the_whole_flow(tmp_path: Path) -> None:
    # the bundle's own resources, never the checkout's
    env = {k: v for k, v in os.environ.items() if k != "PICPROOF_RESOURCES"}
    env["QT_QPA_PLATFORM"] = "offscreen"
    started = time.perf_counter()
    out = subprocess.run(
        [str(_program()), "--json", "self-test", "--gui"],
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
        cwd=tmp_path,  # nothing may be found through the current folder
    )
    seconds = time.perf_counter() - started
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-3000:]
    report = json.loads(out.stdout)
    steps = {c["component"]: c for c in report["components"]}
    for name in ("gui-window", "gui-areas", "gui-sample-check", "gui-letter", "gui-bundle"):
        assert steps[name]["ok"], steps[name]
    for name in ("images", "opencv", "heif", "pdf", "fonts", "timestamps", "translations", "qt"):
        assert steps[name]["ok"], steps[name]
    print(f"\nfrozen self-test --gui: {seconds:.1f} s")
    for c in report["components"]:
        print(f"  {c['component']:<16} {'ok' if c['ok'] else '--'}  {c['detail']}")


def _windows(display: str) -> str:
    out = subprocess.run(
        ["xwininfo", "-root", "-tree"],
        capture_output=True,
        text=True,
        env={**os.environ, "DISPLAY": display},
    )
    return out.stdout


HAVE_X = sys.platform.startswith("linux") and all(map(shutil.which, ("Xvfb", "xwininfo")))


@pytest.mark.skipif(not HAVE_X, reason="needs Linux with Xvfb and xwininfo (x11-utils)")
def test_frozen_window_opens_within_4_seconds(tmp_path: Path) -> None:
    number = next(
        n
        for n in range(120, 160)
        if not Path(f"/tmp/.X11-unix/X{n}").exists() and not Path(f"/tmp/.X{n}-lock").exists()
    )
    display = f":{number}"
    xvfb = subprocess.Popen(
        ["Xvfb", display, "-screen", "0", "1366x768x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    app = None
    try:
        for _ in range(100):
            if Path(f"/tmp/.X11-unix/X{number}").exists():
                break
            time.sleep(0.05)
        env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb", "LANG": "en_US.UTF-8"}
        started = time.perf_counter()
        app = subprocess.Popen(
            [str(_program(gui=True)), "--data-dir", str(tmp_path / "data")],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        opened = None
        while time.perf_counter() - started < 30 and app.poll() is None:
            if "PicProof \u2014 " in _windows(display):
                opened = time.perf_counter() - started
                break
            time.sleep(0.05)
        assert opened is not None, (app.poll(), app.stderr.read() if app.poll() is not None else "")
        time.sleep(1.5)  # let it paint, then look at it
        shots = Path(os.environ.get("PICPROOF_FROZEN_SHOTS") or tmp_path)
        shots.mkdir(parents=True, exist_ok=True)
        png = shots / "frozen-start.png"
        subprocess.run(
            ["import", "-window", "root", str(png)],
            env={**os.environ, "DISPLAY": display},
            check=True,
            timeout=30,
        )
        from PIL import Image, ImageStat

        with Image.open(png) as img:
            assert max(ImageStat.Stat(img.convert("L")).stddev) > 10  # not a blank screen
        print(f"\nfrozen window opened in {opened:.2f} s (screenshot {png})")
        assert opened < 4.0
        assert app.poll() is None  # still running: it did not die after opening
    finally:
        if app is not None:
            app.terminate()
            try:
                app.wait(10)
            except subprocess.TimeoutExpired:
                app.kill()
        xvfb.terminate()
        xvfb.wait(10)
