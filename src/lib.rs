//! Backstage Insights analytics module, core in WebAssembly.
//!
//! Pure modules (no `web_sys`, tested natively with `cargo test`):
//! [`config`], [`scrub`], [`identity`], [`event`], [`flat_event`], [`batch`], [`retry`],
//! [`outbox`], [`gate`], [`pipeline`], [`delivery`] and their helpers. The browser layer
//! ([`browser`]) moves bytes and time in and out; [`api`] is the one class
//! the TypeScript shim drives.
#![deny(missing_docs, missing_debug_implementations)]

pub mod batch;
pub mod clock;
pub mod config;
pub mod delivery;
pub mod event;
pub mod flat_event;
pub mod gate;
pub mod identity;
pub mod ids;
pub mod json;
pub mod outbox;
pub mod pipeline;
pub mod retry;
pub mod scrub;
pub mod stats;
pub mod text;
pub mod value;

// The backend's build is the pure core and its scrubber entry point: no browser glue for Node.
#[cfg(not(feature = "server"))]
pub mod api;
#[cfg(not(feature = "server"))]
pub mod browser;
#[cfg(feature = "server")]
pub mod server;

// The browser build's allocator: rlsf's TLSF instead of std's dlmalloc
// (docs/size-and-speed.md). Pools taken from `memory.grow` one after another
// merge, so a long-lived page's large blocks stay reusable; no in-place
// `realloc`. The backend's build (Node.js) keeps std's.
#[cfg(all(target_arch = "wasm32", not(feature = "server")))]
#[derive(Debug)]
struct AllocOptions;

#[cfg(all(target_arch = "wasm32", not(feature = "server")))]
impl rlsf::GlobalTlsfOptions for AllocOptions {
    const ENABLE_REALLOCATION: bool = false;
    const COALESCE_POOLS: bool = true;
}

#[cfg(all(target_arch = "wasm32", not(feature = "server")))]
#[global_allocator]
static ALLOC: rlsf::GlobalTlsf<AllocOptions> = rlsf::GlobalTlsf::new();
