#!/usr/bin/env bash
# Every layer, fastest first. Each step fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

echo "== 1/7 Rust formatting, lints (native, browser tests, release wasm, the backend's wasm) and unit tests (native)"
cargo fmt --check
cargo clippy --quiet --all-targets -- -D warnings
cargo clippy --quiet --all-targets --features server -- -D warnings
cargo clippy --quiet --target wasm32-unknown-unknown --all-targets -- -D warnings
cargo clippy --quiet --target wasm32-unknown-unknown --lib -- -D warnings
cargo clippy --quiet --target wasm32-unknown-unknown --lib --features server -- -D warnings
cargo test --quiet --lib --tests
cargo test --quiet --lib --features server server::

echo "== 2/7 Rust browser tests (wasm-bindgen-test, headless Chromium)"
# Not --quiet: cargo passes it on to wasm-bindgen-test-runner, which refuses it.
# The runner's default limit is 20 s for the whole file; the suite takes about that on an idle machine.
WASM_BINDGEN_TEST_TIMEOUT=300 CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test web

echo "== 3/7 release build (wasm + shim) and its size budget"
bash scripts/build.sh
# Guards against growth: the download was 51,692 B when set (std, the seven
# crates, the delivery state machine, the shim's synchronous start at page
# hide, the consent and privacy controls; rlsf as the allocator, stats() as
# maps); the build is reproducible, so the margin is for real growth only.
# The 45 KB target is not met: bench/README.md, "Issue 17"; each decision in
# docs/size-and-speed.md.
node bench/size-budget.mjs 52000

echo "== 4/7 type checks against the real Backstage types, and the API reports"
# The shim and the three plugins are type-checked by emitting their declarations
# (each with its own tsconfig), from which API Extractor checks every package's
# report*.api.md: a change to a public API fails here until `npm run api-reports`
# has regenerated the reports and they are committed with the change.
node scripts/api-reports.mjs --ci
# The wasm boundary's JavaScript half (shim/glue/*.js, typed with JSDoc).
node_modules/.bin/tsc -p shim/glue/tsconfig.json --noEmit
# The shim's tests (shim/**/*.test.ts, shim/testing/) with the sources they import.
node_modules/.bin/tsc -p shim/tsconfig.test.json --noEmit
node_modules/.bin/tsc -p www/tsconfig.json --noEmit
node_modules/.bin/tsc -p www-nfs/tsconfig.json --noEmit
node_modules/.bin/tsc -p plugins/insights/tsconfig.test.json --noEmit

echo "== 5/7 the package in real Backstage apps (npm pack; @backstage/cli rspack and webpack 5, Vite; Jest; dev server)"
# Heavy (a ~1 GB scratch repo, cached under the system temp directory): about 5 minutes cold, 3.5 warm.
node --test --test-concurrency=1 tests/bundlers/

echo "== 6/7 backend and dashboard tests (Jest; the backend on SQLite and on a real PostgreSQL)"
export BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING
BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING=$(bash scripts/postgres.sh start | tail -1)
trap 'bash scripts/postgres.sh stop' EXIT
(cd plugins/insights-backend && ../../node_modules/.bin/jest --runInBand --ci)
(cd plugins/insights && ../../node_modules/.bin/jest --runInBand --ci)

echo "== 7/7 shim and end-to-end tests (node:test, headless Chromium, the test collector and the demo's real backend)"
# The shim's tests are TypeScript beside its sources, run through tsx; the end-to-end tests are plain .mjs.
node --import tsx --test --test-concurrency=1 shim/*.test.ts shim/glue/*.test.ts
node --test --test-concurrency=1 tests/e2e/
