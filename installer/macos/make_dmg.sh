#!/usr/bin/env bash
# Build PicProof.app with PyInstaller and wrap it in a DMG (run on macOS).
#   installer/macos/make_dmg.sh [VERSION]
# Signing and notarisation (needs an Apple Developer ID; skipped when the variables are unset):
#   CODESIGN_ID="Developer ID Application: …"  NOTARY_PROFILE=<notarytool keychain profile>
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
VERSION="${1:-0.1.0}"
PY="${PYTHON:-$ROOT/.venv/bin/python}"
cd "$ROOT"
"$PY" tools/build_translations.py --quiet
"$PY" -m PyInstaller --noconfirm --clean --distpath dist --workpath build/pyinstaller installer/picproof.spec
APP="dist/PicProof.app"
if [[ -n "${CODESIGN_ID:-}" ]]; then
  codesign --force --deep --options runtime --timestamp --sign "$CODESIGN_ID" "$APP"
fi
STAGE="$(mktemp -d)"
cp -R "$APP" "$STAGE/"
ln -s /Applications "$STAGE/Applications"
DMG="dist/PicProof-$VERSION.dmg"
rm -f "$DMG"
hdiutil create -volname "PicProof" -srcfolder "$STAGE" -ov -format UDZO "$DMG"
rm -rf "$STAGE"
if [[ -n "${CODESIGN_ID:-}" && -n "${NOTARY_PROFILE:-}" ]]; then
  codesign --sign "$CODESIGN_ID" --timestamp "$DMG"
  xcrun notarytool submit "$DMG" --keychain-profile "$NOTARY_PROFILE" --wait
  xcrun stapler staple "$DMG"
fi
echo "$DMG"
