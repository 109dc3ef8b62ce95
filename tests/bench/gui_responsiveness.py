"""How long does the GUI event loop stall during a big scan and a 20-screenshot check?

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/bench/gui_responsiveness.py [--photos 1000]

Builds a library of N generated photos (Pillow noise + shapes, 800x600 JPEG), starts the real main
window, scans through the GUI (jobs module) while a 5 ms QTimer measures the gap between ticks,
then checks 20 screenshots made from library photos. Prints the longest stall and the 99th
percentile for each phase. The target is a longest stall under 100 ms.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def make_library(folder: Path, n: int) -> list[Path]:
    import numpy as np
    from PIL import Image, ImageDraw

    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(7)
    paths = []
    for i in range(n):
        base = (rng.random((60, 80, 3)) * 255).astype("uint8")
        img = Image.fromarray(base).resize((800, 600), Image.Resampling.BICUBIC)
        draw = ImageDraw.Draw(img)
        for _ in range(12):
            x, y = int(rng.integers(0, 760)), int(rng.integers(0, 560))
            draw.rectangle(
                (x, y, x + int(rng.integers(10, 200)), y + int(rng.integers(10, 200))),
                fill=tuple(int(v) for v in rng.integers(0, 255, 3)),
            )
        path = folder / f"photo_{i:05d}.jpg"
        img.save(path, quality=85)
        paths.append(path)
    return paths


def make_screenshots(folder: Path, photos: list[Path], n: int) -> list[Path]:
    from PIL import Image, ImageOps

    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i, src in enumerate(random.Random(3).sample(photos, n)):
        canvas = Image.new("RGB", (720, 1440), (245, 245, 245))
        img = (
            ImageOps.mirror(Image.open(src).convert("RGB"))
            .crop((60, 40, 760, 560))
            .resize((640, 475))
        )
        canvas.paste(img, (40, 200))
        path = folder / f"shot_{i:02d}.jpg"
        canvas.save(path, quality=80)
        out.append(path)
    return out


class StallMeter:
    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.gaps: list[float] = []
        self.last = time.perf_counter()
        self.timer = QTimer()
        self.timer.setInterval(5)
        self.timer.timeout.connect(self.tick)

    def tick(self) -> None:
        now = time.perf_counter()
        self.gaps.append(now - self.last)
        self.last = now

    def start(self) -> None:
        self.gaps.clear()
        self.last = time.perf_counter()
        self.timer.start()

    def stop(self) -> tuple[float, float]:
        self.timer.stop()
        gaps = sorted(self.gaps) or [0.0]
        return gaps[-1] * 1000, gaps[int(len(gaps) * 0.99) - 1 if len(gaps) > 1 else 0] * 1000


def run_until_idle(app, window, timeout: float) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        app.processEvents()
        if not window.ctx.jobs.active:
            return time.perf_counter() - start
        time.sleep(0.002)
    raise SystemExit("timed out")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--photos", type=int, default=1000)
    parser.add_argument("--shots", type=int, default=20)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "desktop"))
    from picproof.app import build_main_window, create_application
    from picproof.services.context import open_services

    tmp = Path(tempfile.mkdtemp(prefix="picproof-bench-"))
    t0 = time.perf_counter()
    photos = make_library(tmp / "photos", args.photos)
    shots = make_screenshots(tmp / "shots", photos, args.shots)
    print(
        f"generated {len(photos)} photos and {len(shots)} screenshots "
        f"in {time.perf_counter() - t0:.1f} s"
    )

    services = open_services(tmp / "data")
    services.settings.first_run_done = True
    services.settings.ui_language = "en"
    app = create_application()
    window = build_main_window(services)
    window.show()
    meter = StallMeter()

    meter.start()
    window.views["photos"].add_folder(str(tmp / "photos"))
    seconds = run_until_idle(app, window, 3600)
    worst, p99 = meter.stop()
    print(
        f"scan of {len(photos)} photos: {seconds:.1f} s; event-loop stall max {worst:.0f} ms, p99 "
        f"{p99:.0f} ms"
    )

    meter.start()
    grid = window.views["photos"].grid
    for step in range(40):  # scroll through the grid while thumbnails load
        grid.verticalScrollBar().setValue(step * grid.verticalScrollBar().maximum() // 40)
        for _ in range(5):
            app.processEvents()
            time.sleep(0.005)
    run_until_idle(app, window, 600)
    worst, p99 = meter.stop()
    print(f"scrolling the grid with thumbnails loading: stall max {worst:.0f} ms, p99 {p99:.0f} ms")

    meter.start()
    window.views["check"].check_paths([str(p) for p in shots])
    seconds = run_until_idle(app, window, 3600)
    worst, p99 = meter.stop()
    found = sum(1 for r in window.ctx.results if r.confirmed)
    print(
        f"check of {len(shots)} screenshots: {seconds:.1f} s ({found} with a match); "
        f"event-loop stall max {worst:.0f} ms, p99 {p99:.0f} ms"
    )
    window.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
