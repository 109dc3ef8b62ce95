#!/usr/bin/env bash
# Wrap dist/PicProof.app (from `python3 dev.py build` on macOS) in a compressed disk image.
#   installer/macos/make_dmg.sh [VERSION]          -> dist/PicProof-VERSION.dmg
#
# Signing and notarisation are optional, driven by environment variables, and said to be skipped
# when unset (Gatekeeper then asks the user to confirm the first start):
#   PICPROOF_CODESIGN_ID     "Developer ID Application: NAME (TEAMID)" in the login keychain
#   PICPROOF_NOTARY_PROFILE  a `xcrun notarytool store-credentials` profile name
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
VERSION="${1:-$(cd "$ROOT/desktop" && python3 -c 'import picproof; print(picproof.__version__)')}"
APP="$ROOT/dist/PicProof.app"
DMG="$ROOT/dist/PicProof-$VERSION.dmg"
ENTITLEMENTS="$ROOT/installer/macos/entitlements.plist"
[[ -d "$APP" ]] || { echo "$APP is missing: run python3 dev.py build first" >&2; exit 2; }

if [[ -n "${PICPROOF_CODESIGN_ID:-}" ]]; then
  # Hardened runtime (needed for notarisation); the entitlements let Python's libraries load.
  codesign --force --deep --options runtime --timestamp --entitlements "$ENTITLEMENTS" \
    --sign "$PICPROOF_CODESIGN_ID" "$APP"
  codesign --verify --strict --verbose=2 "$APP"
else
  echo "Signing skipped: PICPROOF_CODESIGN_ID is not set (the app keeps PyInstaller's ad-hoc signature)."
fi

STAGE="$(mktemp -d)"
trap 'rm -rf "$STAGE"' EXIT
cp -R "$APP" "$STAGE/"
ln -s /Applications "$STAGE/Applications"   # drag-to-install
rm -f "$DMG"
hdiutil create -volname "PicProof $VERSION" -srcfolder "$STAGE" -ov -format UDZO "$DMG"

if [[ -n "${PICPROOF_CODESIGN_ID:-}" ]]; then
  codesign --sign "$PICPROOF_CODESIGN_ID" --timestamp "$DMG"
fi
if [[ -n "${PICPROOF_CODESIGN_ID:-}" && -n "${PICPROOF_NOTARY_PROFILE:-}" ]]; then
  xcrun notarytool submit "$DMG" --keychain-profile "$PICPROOF_NOTARY_PROFILE" --wait
  xcrun stapler staple "$DMG"
else
  echo "Notarisation skipped: needs PICPROOF_CODESIGN_ID and PICPROOF_NOTARY_PROFILE."
fi
echo "$DMG ($(du -h "$DMG" | cut -f1))"
