#!/usr/bin/env bash
# Build the Linux one-folder bundle and run its self-test.
#   installer/build.sh            (from anywhere; uses the repository's .venv)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PY="${PYTHON:-$ROOT/.venv/bin/python}"
cd "$ROOT"
"$PY" -m pip show pyinstaller >/dev/null 2>&1 || "$PY" -m pip install --quiet "pyinstaller>=6.10"
"$PY" tools/build_translations.py --quiet
"$PY" -m PyInstaller --noconfirm --clean --distpath dist --workpath build/pyinstaller installer/picproof.spec
QT_QPA_PLATFORM=offscreen dist/PicProof/PicProof self-test
du -sh dist/PicProof
