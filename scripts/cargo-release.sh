#!/usr/bin/env bash
# The release wasm build (called by scripts/build.sh and the bench's private builds).
# Extra arguments go to cargo: `--features server` is the backend's build.
#
# Panic locations keep source paths in the wasm. Without remapping they hold
# this machine's $CARGO_HOME, and the toolchain's own sources when `rust-src`
# is installed (then std's paths are no longer `/rustc/<commit>/...`): the same
# commit built ~70 B gzip bigger there. Remapped, the wasm no longer depends on
# who built it where (and drops the registry prefix: 56 B gzip).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

# Sources unpacked first, so their directory exists to be remapped on a fresh machine too.
cargo fetch --quiet --target wasm32-unknown-unknown
flags=()
for reg in "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/; do
  [ -d "$reg" ] && flags+=("--remap-path-prefix=${reg%/}=crates")
done
commit=$(rustc -vV | awk '/^commit-hash:/ { print $2 }')
flags+=("--remap-path-prefix=$(rustc --print sysroot)/lib/rustlib/src/rust=/rustc/$commit")
# Encoded (0x1f-separated), so a path with spaces stays one flag; any RUSTFLAGS set come first.
all=()
read -r -a all <<< "${RUSTFLAGS:-}"
all+=("${flags[@]}")
encoded=$(IFS=$'\x1f'; printf '%s' "${all[*]}")
env -u RUSTFLAGS CARGO_ENCODED_RUSTFLAGS="$encoded" \
  cargo build --quiet --release --target wasm32-unknown-unknown --lib "$@"
