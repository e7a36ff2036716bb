//! The browser layer: the only code that touches `web_sys`. Each file is
//! one kind of I/O; [`client::Client`] carries out the commands of the pure
//! [`crate::delivery::Delivery`] and reports back what happened.

pub mod client;
pub mod console;
pub mod fetch_later;
pub mod listener;
pub mod page_facts;
pub mod read;
pub mod read_config;
pub mod storage;
pub mod transport;
pub mod window;
