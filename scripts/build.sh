#!/usr/bin/env bash
# Release build: Rust -> wasm (opt-level z, LTO; scripts/cargo-release.sh) -> pkg/
# (wasm-bindgen, wasm-opt -Oz, short binding names; scripts/package-wasm.sh) -> tsc.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/cargo-release.sh
bash scripts/package-wasm.sh pkg
rm -rf dist
node_modules/.bin/tsc -p shim/tsconfig.json
