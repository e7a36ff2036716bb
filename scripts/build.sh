#!/usr/bin/env bash
# Release build: Rust -> wasm (opt-level z, LTO; scripts/cargo-release.sh) -> pkg/
# (wasm-bindgen, wasm-opt -Oz, short binding names; scripts/package-wasm.sh) -> tsc.
# Then the backend's scrubber (the same crate with `--features server`, for Node.js)
# and the workspaces under plugins/.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/cargo-release.sh
bash scripts/package-wasm.sh pkg
rm -rf dist
node_modules/.bin/tsc -p shim/tsconfig.json

bash scripts/cargo-release.sh --features server
bash scripts/package-wasm-node.sh plugins/insights-backend/wasm
for p in insights-common insights-backend insights; do
  rm -rf "plugins/$p/dist"
  node_modules/.bin/tsc -p "plugins/$p/tsconfig.json"
done
