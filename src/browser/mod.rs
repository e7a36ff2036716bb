//! The browser layer: the only code that touches `web_sys`. Each file is
//! one kind of I/O; [`client::Client`] wires them to the pure
//! [`crate::pipeline::Pipeline`].

pub mod client;
pub mod console;
pub mod deferred;
pub mod listener;
pub mod read;
pub mod storage;
pub mod timer;
pub mod transport;
pub mod window;
