//! Backstage Insights analytics module, core in WebAssembly.
//!
//! Pure modules (no `web_sys`, tested natively with `cargo test`):
//! [`config`], [`scrub`], [`identity`], [`event`], [`flat_event`], [`batch`], [`retry`],
//! [`outbox`], [`pipeline`] and their helpers. The browser layer
//! ([`browser`]) moves bytes and time in and out; [`api`] is the one class
//! the TypeScript shim drives.
#![no_std]
#![deny(missing_debug_implementations)]

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

/// What std's prelude would bring: the crate is `no_std` (see `Cargo.toml`).
#[allow(unused_imports)] // `format!` and `vec!` are used by the tests
pub(crate) mod prelude {
    pub use alloc::borrow::ToOwned;
    pub use alloc::boxed::Box;
    pub use alloc::string::{String, ToString};
    pub use alloc::vec::Vec;
    pub use alloc::{format, vec};
}

/// Without std a panic traps: the shim counts what the dead core was given.
/// std's handler did the same after formatting a message nobody saw.
#[cfg(all(target_arch = "wasm32", not(feature = "std")))]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}

pub mod batch;
pub mod clock;
pub mod config;
pub mod event;
pub mod flat_event;
pub mod heap;
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
