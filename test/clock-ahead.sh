#!/usr/bin/env bash
# `npm run test:future`: the whole test suite with the clock moved a year ahead (libfaketime), so a
# fixture date or a "today" that a test forgot to inject fails here before the calendar gets there.
#
#   npm run test:future                     # +365 days
#   LOCKCARE_CLOCK_AHEAD=+730d npm run test:future -- test/unit/warranty-engine.test.ts
#
# How (see test/README.md): `faketime -f +365d` preloads libfaketime into Node, vitest's workers,
# the `lockcare` processes the CLI tests start and Chromium, which all then see the later date.
# redis-server is the exception: under libfaketime its jemalloc start-up recurses into
# clock_gettime and it hangs (even `redis-server --version`), so redis-server and redis-cli are
# started through small wrappers that drop LD_PRELOAD. Redis keeps the real clock; that is
# harmless because LockCare only hands it relative TTLs. Monotonic clocks stay faked (the
# default): with FAKETIME_DONT_FAKE_MONOTONIC=1 Chromium hangs at start-up.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v faketime >/dev/null 2>&1; then
  echo "test:future needs faketime (apt-get install -y faketime, or brew install libfaketime)" >&2
  exit 2
fi

wrappers=$(mktemp -d "${TMPDIR:-/tmp}/lockcare-realclock-XXXXXX")
trap 'rm -rf "$wrappers"' EXIT
for tool in redis-server redis-cli; do
  real=$(command -v "$tool" || true)
  [ -n "$real" ] || continue
  printf '#!/bin/sh\nexec env -u LD_PRELOAD -u FAKETIME %q "$@"\n' "$real" >"$wrappers/$tool"
  chmod +x "$wrappers/$tool"
done

ahead="${LOCKCARE_CLOCK_AHEAD:-+365d}"
echo "test:future: running the tests with the clock at $(faketime -f "$ahead" date -u +%Y-%m-%dT%H:%M:%SZ) (${ahead})"
status=0
PATH="$wrappers:$PATH" faketime -f "$ahead" npx vitest run "$@" || status=$?
exit $status
