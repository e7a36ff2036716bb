#!/usr/bin/env bash
# Release build: Rust -> wasm (opt-level z, LTO) -> wasm-bindgen --target web -> wasm-opt -Oz
# -> short import/export names (scripts/minify-bindings.mjs) -> tsc.
# `--target web` loads the wasm with `new URL(..., import.meta.url)`, which webpack 5,
# rspack and Vite all bundle with no configuration (see README, "Bundlers").
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

bash scripts/cargo-release.sh
rm -rf pkg
wasm-bindgen --target web --out-dir pkg --out-name insights \
  target/wasm32-unknown-unknown/release/backstage_insights_wasm.wasm
# binaryen from npm: Debian's wasm-opt corrupts wasm-bindgen output.
node_modules/.bin/wasm-opt -Oz --strip-debug --strip-producers --enable-bulk-memory --enable-nontrapping-float-to-int \
  --enable-sign-ext --enable-reference-types --enable-multivalue \
  pkg/insights_bg.wasm -o pkg/insights_bg.wasm
# Short names between wasm and glue (the hashed wasm-bindgen names do not compress); checked by loading.
node scripts/minify-bindings.mjs pkg
rm -rf dist
node_modules/.bin/tsc -p shim/tsconfig.json
