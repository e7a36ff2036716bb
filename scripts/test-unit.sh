#!/usr/bin/env bash
# The fast loop (`npm run test:unit`): every test that needs no browser, no
# database server, no bundler and no setup. Rust native tests, the shim's unit
# tests (node:test against fakes; TypeScript beside the sources, run through
# tsx), the backend's and the dashboard's Jest
# tests (SQLite in memory), and the type checks of the shim and the plugins.
# (Rust: the same two `cargo test` runs as step 1 of scripts/test.sh.)
# The Rust tests run beside the JavaScript ones, with 250 cases per scrub
# property instead of 2,000 (the same fixed-seed sequence, cut short); type
# checks are incremental (their state in node_modules/.cache/tsc). Not here:
# the wasm in Chromium, the release build and its size, the bundlers, PostgreSQL,
# the end-to-end tests and the API reports: `npm test` (scripts/test.sh).
#
# Needs a checkout that was built once (`npm run build`): the shim's types
# read pkg/insights.d.ts, the backend's scrubber tests load its wasm.
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
# No PostgreSQL here, whatever the environment says: SQLite only.
unset BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING

for f in pkg/insights.d.ts plugins/insights-backend/wasm/insights.js; do
  if [ ! -e "$f" ]; then
    echo "test:unit: $f is missing; run \`npm run build\` once first." >&2
    exit 1
  fi
done

LOGS=node_modules/.cache/test-unit
mkdir -p "$LOGS" node_modules/.cache/tsc
rm -f "$LOGS"/*.log "$LOGS/failed"
start=$(date +%s)

# step NAME COMMAND...: runs COMMAND with its output in $LOGS/NAME.log, prints one line.
step() {
  local name=$1
  shift
  local t0=$(date +%s)
  if "$@" >"$LOGS/$name.log" 2>&1; then
    echo "ok   $name ($(($(date +%s) - t0)) s)"
  else
    echo "FAIL $name ($(($(date +%s) - t0)) s): $LOGS/$name.log"
    echo "$name" >>"$LOGS/failed"
    return 1
  fi
}

tsc_check() {
  node_modules/.bin/tsc -p "$1" --noEmit --incremental --tsBuildInfoFile "node_modules/.cache/tsc/${1//\//_}.tsbuildinfo"
}

javascript() {
  # The shim compiled to dist/ as it ships: its type check (without Node's types), and
  # the dist/ the demo apps load. The shim's tests import the sources (through tsx),
  # not dist/. (Incremental tsc does not notice a deleted output: without dist/, start afresh.)
  [ -e dist/index.js ] || rm -f node_modules/.cache/tsc/shim.tsbuildinfo
  step shim-tsc node_modules/.bin/tsc -p shim/tsconfig.json --incremental --tsBuildInfoFile node_modules/.cache/tsc/shim.tsbuildinfo
  step shim-tests node --import tsx --test shim/*.test.ts shim/glue/*.test.ts
  step backend-jest bash -c 'cd plugins/insights-backend && ../../node_modules/.bin/jest --ci'
  step dashboard-jest bash -c 'cd plugins/insights && ../../node_modules/.bin/jest --ci'
  step types bash -c "$(declare -f tsc_check); set -e
    tsc_check shim/glue/tsconfig.json
    tsc_check shim/tsconfig.test.json
    tsc_check plugins/insights-common/tsconfig.json
    tsc_check plugins/insights-backend/tsconfig.json
    tsc_check plugins/insights/tsconfig.test.json"
}

rust() {
  PROPTEST_CASES=250 cargo test --quiet --lib --tests &&
    # The backend's build of the crate (its scrubber entry point, src/server.rs).
    cargo test --quiet --lib --features server server::
}
step rust rust &
rust=$!
javascript
wait $rust

echo "test:unit: $(($(date +%s) - start)) s"
if [ -e "$LOGS/failed" ]; then
  while read -r name; do
    log="$LOGS/$name.log"
    # From the first failure it reports (node:test, Jest, cargo test, tsc), else its end.
    first=$(grep -nE '^not ok|●|panicked at|^error|error TS' "$log" | head -1 | cut -d: -f1)
    echo "---- $name ($log, from line ${first:-the end})"
    if [ -n "$first" ]; then tail -n "+$first" "$log" | head -n 60; else tail -n 40 "$log"; fi
  done <"$LOGS/failed"
  exit 1
fi
