#!/bin/bash
# Builds the iOS policy runtime, libmamruntime.dylib (arm64, iOS 14.0+), without an Apple SDK: Debian's
# clang-14 and ld64.lld link against the hand-written TAPI stubs in tbd/. Deterministic: the same sources
# and tools give the same bytes (no debug info, no paths, the linker's UUID is a hash of the content).
# Usage: runtime-shims/ios/build.sh [output-dir]   (default: this folder; also rewrites shim-manifest.json)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=${1:-$HERE}
CLANG=${CLANG:-clang-14}
command -v "$CLANG" >/dev/null || CLANG=clang
LLD=${LLD:-/usr/lib/llvm-14/bin/ld64.lld}
INSTALL_NAME=@rpath/libmamruntime.dylib
MIN_OS=14.0
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

cd "$HERE"
CFLAGS=(-target arm64-apple-ios$MIN_OS -std=c11 -O2 -Wall -Wextra -Werror -fno-stack-protector -fno-common
        -ffreestanding -fvisibility=hidden -fno-ident -isystem src/ios/sdk-min -Isrc/core -Isrc/ios)
objects=()
for src in src/core/*.c src/ios/*.c; do
  obj="$WORK/$(basename "${src%.c}").o"
  "$CLANG" "${CFLAGS[@]}" -c "$src" -o "$obj"
  objects+=("$obj")
done

"$CLANG" -target arm64-apple-ios$MIN_OS -fuse-ld="$LLD" -nostdlib -dynamiclib \
  -mlinker-version=711 -install_name "$INSTALL_NAME" -Wl,-current_version,1.0.0 -Wl,-compatibility_version,1.0.0 \
  -Wl,-no_adhoc_codesign -Ltbd -Ftbd/Frameworks \
  -lSystem -lobjc -framework CoreFoundation -framework Foundation -framework CFNetwork -framework SystemConfiguration \
  -o "$WORK/libmamruntime.dylib" "${objects[@]}"

cp "$WORK/libmamruntime.dylib" "$OUT/libmamruntime.dylib"
if [ "$OUT" = "$HERE" ]; then
  sha=$(sha256sum libmamruntime.dylib | cut -d' ' -f1)
  size=$(stat -c %s libmamruntime.dylib)
  clang_version=$("$CLANG" --version | head -1)
  lld_version=$("$LLD" --version | head -1)
  cat > shim-manifest.json <<JSON
{
  "schemaVersion": 1,
  "platform": "ios",
  "dylib": {
    "file": "libmamruntime.dylib",
    "installName": "$INSTALL_NAME",
    "sha256": "$sha",
    "size": $size,
    "minimumOS": "$MIN_OS",
    "architectures": ["arm64"],
    "codeSignature": "none (the wrap signs it)",
    "tools": { "clang": "$clang_version", "ld64.lld": "$lld_version" }
  },
  "bundlePath": "Frameworks/libmamruntime.dylib",
  "rpath": "@executable_path/Frameworks",
  "policyFile": "mam/policy.json",
  "infoPlistMarker": { "key": "MAMWrapper", "digestKey": "PolicySHA256", "versionKey": "Version" }
}
JSON
fi
echo "built $OUT/libmamruntime.dylib"
