#!/bin/sh
# Builds the Android policy runtime: smali/ -> mam-runtime.dex with Debian's smali 2.5.2 (libsmali-java),
# and records the DEX's SHA-256 in shim-manifest.json. Deterministic: the same sources give the same
# bytes (single assembler job; the DEX format sorts its sections; no timestamps).
# Usage: build.sh [output-dir]   (default: this directory, i.e. the committed artifact)
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=${1:-$HERE}
SMALI_VERSION=2.5.2
API=21
# minSdk: the lowest level the runtime starts on (below 14 and for encryption below 19 it fails closed);
# secondaryDexMinSdk: the lowest that loads it as its own classesN.dex (below, mam wrap --keep-min-sdk merges
# it into classes.dex, otherwise the wrap raises minSdkVersion to this).
MIN_SDK=1
SECONDARY_DEX_MIN_SDK=21

command -v smali >/dev/null 2>&1 || { echo "build.sh: smali is not installed (Debian package: smali)" >&2; exit 1; }
found=$(smali --version | head -n 1 | awk '{print $2}')
case "$found" in
  "$SMALI_VERSION"*) ;;
  *) echo "build.sh: expected smali $SMALI_VERSION, found $found" >&2; exit 1 ;;
esac

mkdir -p "$OUT"
smali assemble --api "$API" --jobs 1 -o "$OUT/mam-runtime.dex" "$HERE/smali"
SHA=$(sha256sum "$OUT/mam-runtime.dex" | cut -d ' ' -f 1)
SIZE=$(wc -c < "$OUT/mam-runtime.dex" | tr -d ' ')

cat > "$OUT/shim-manifest.json" <<JSON
{
  "schemaVersion": 1,
  "platform": "android",
  "dex": {
    "file": "mam-runtime.dex",
    "sha256": "$SHA",
    "size": $SIZE,
    "smali": "$SMALI_VERSION",
    "api": $API
  },
  "minSdk": $MIN_SDK,
  "secondaryDexMinSdk": $SECONDARY_DEX_MIN_SDK,
  "providerClass": "com.mam.runtime.Bootstrap",
  "providerAuthoritySuffix": ".mam.bootstrap",
  "policyAsset": "assets/mam/policy.json",
  "markerMetaData": "mam.wrapper",
  "hooks": "hooks.json"
}
JSON
echo "built $OUT/mam-runtime.dex ($SIZE bytes, sha256 $SHA)"
