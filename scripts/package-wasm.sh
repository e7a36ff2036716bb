#!/usr/bin/env bash
# The built wasm -> a package directory: wasm-bindgen --target web -> wasm-opt -Oz
# -> short import/export names. Shared by scripts/build.sh (into pkg/) and the
# bench's private builds (bench/lib/build.mjs).
#   scripts/package-wasm.sh OUT_DIR [--names]   (--names keeps function names, for CPU profiles)
# `--target web` loads the wasm with `new URL(..., import.meta.url)`, which webpack 5,
# rspack and Vite all bundle with no configuration (see README, "Bundlers").
# `--encode-into always`: every browser Backstage supports has `TextEncoder.encodeInto`; no fallback in the glue.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

out=${1:?usage: scripts/package-wasm.sh OUT_DIR [--names]}
names=${2:-}
rm -rf "$out"
wasm-bindgen --target web --encode-into always --out-dir "$out" --out-name insights \
  target/wasm32-unknown-unknown/release/backstage_insights_wasm.wasm
# The target_features section is for wasm-bindgen, which has run: a release drops it.
if [ "$names" = --names ]; then strip=(-g); else strip=(--strip-debug --strip-producers --strip-target-features); fi
# binaryen from npm: Debian's wasm-opt corrupts wasm-bindgen output.
node_modules/.bin/wasm-opt -Oz "${strip[@]}" --enable-bulk-memory --enable-nontrapping-float-to-int \
  --enable-sign-ext --enable-reference-types --enable-multivalue \
  "$out/insights_bg.wasm" -o "$out/insights_bg.wasm"
# Short names between wasm and glue (the hashed wasm-bindgen names do not compress); checked by loading.
# A profiling build keeps the long ones: they name the exports in a profile.
if [ "$names" != --names ]; then node scripts/minify-bindings.mjs "$out"; fi
