#!/usr/bin/env bash
# The backend's scrubber: the wasm built with `--features server` (scripts/build.sh)
# -> wasm-bindgen --target nodejs (CommonJS, loads the wasm with fs at require) -> wasm-opt -Oz.
#   scripts/package-wasm-node.sh OUT_DIR
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

out=${1:?usage: scripts/package-wasm-node.sh OUT_DIR}
rm -rf "$out"
wasm-bindgen --target nodejs --out-dir "$out" --out-name insights \
  target/wasm32-unknown-unknown/release/backstage_insights_wasm.wasm
node_modules/.bin/wasm-opt -Oz --strip-debug --strip-producers --enable-bulk-memory \
  --enable-nontrapping-float-to-int --enable-sign-ext --enable-reference-types --enable-multivalue \
  "$out/insights_bg.wasm" -o "$out/insights_bg.wasm"
