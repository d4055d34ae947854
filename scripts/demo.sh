#!/usr/bin/env bash
# The README's demo: a real run of mam on the bundled sample apps (built from source in fixtures/).
# Needs only Node; builds dist/ first if it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f dist/cli/main.js ] || npm run --silent build
mam() { node bin/mam "$@"; }
out=$(mktemp -d "${TMPDIR:-/tmp}/mam-demo.XXXXXX")
trap 'rm -rf "$out"' EXIT

step() { printf '\n\033[1m$ mam %s\033[0m\n' "$*"; }

step policy validate fixtures/policy/sample-policy.json
mam policy validate fixtures/policy/sample-policy.json

step inspect fixtures/android/sample.apk
mam inspect fixtures/android/sample.apk

step inspect fixtures/ios/Sample.ipa
mam inspect fixtures/ios/Sample.ipa

step "inspect fixtures/ios/Sample.ipa --json   (first lines)"
mam inspect fixtures/ios/Sample.ipa --json | head -20

export MAM_DEMO_KS_PASS=android
step wrap fixtures/android/sample.apk -o \$out/sample-wrapped.apk --policy fixtures/policy/sample-policy.json --ks fixtures/keys/rsa2048.jks --ks-pass env:MAM_DEMO_KS_PASS
mam wrap fixtures/android/sample.apk -o "$out/sample-wrapped.apk" --policy fixtures/policy/sample-policy.json \
  --ks fixtures/keys/rsa2048.jks --ks-pass env:MAM_DEMO_KS_PASS

step inspect \$out/sample-wrapped.apk
mam inspect "$out/sample-wrapped.apk"

step verify \$out/sample-wrapped.apk
mam verify "$out/sample-wrapped.apk"

export MAM_DEMO_P12_PASS=fixture
step wrap fixtures/ios/Sample.ipa -o \$out/Sample-wrapped.ipa --policy fixtures/policy/default.json --p12 fixtures/keys/ios-dev.p12 --p12-pass env:MAM_DEMO_P12_PASS --profile fixtures/keys/sample.mobileprovision --profile fixtures/keys/sample-share.mobileprovision
mam wrap fixtures/ios/Sample.ipa -o "$out/Sample-wrapped.ipa" --policy fixtures/policy/default.json \
  --p12 fixtures/keys/ios-dev.p12 --p12-pass env:MAM_DEMO_P12_PASS \
  --profile fixtures/keys/sample.mobileprovision --profile fixtures/keys/sample-share.mobileprovision

step inspect \$out/Sample-wrapped.ipa
mam inspect "$out/Sample-wrapped.ipa"

step verify \$out/Sample-wrapped.ipa
mam verify "$out/Sample-wrapped.ipa"

printf '\ndemo finished: every step above ran for real on the bundled samples.\n'
