//! Copies what a plugin passed out of JavaScript into plain Rust data,
//! tolerating anything: getters that throw, proxies, symbols, BigInt, NaN,
//! circular or deep objects. Only the top level of `attributes` and
//! `context` is read (Backstage types them as flat maps of primitives), so
//! depth and cycles cost nothing.
//!
//! An event crosses as one record that a small reader in the glue writes
//! straight into a buffer in wasm memory (format and parser:
//! [`crate::flat_event`]).

use wasm_bindgen::prelude::*;

use crate::event::RawEvent;

// The reader, in typed JavaScript: shim/glue/read.js.
#[wasm_bindgen(module = "/shim/glue/read.js")]
extern "C" {
    /// Writes the event ([`crate::flat_event`]'s format) into `cap` bytes at
    /// `ptr`: the bytes written; `-n` when it needs `n` bytes (call again
    /// with as many); `-1` when it is not an object.
    #[wasm_bindgen(js_name = readEvent)]
    fn read_event(event: &JsValue, memory: &JsValue, ptr: u32, cap: u32) -> i32;
}

/// Reads events through one buffer in wasm memory, reused from event to event.
#[derive(Debug)]
pub struct EventReader {
    memory: JsValue,
    buf: Vec<u8>,
}

/// Most events fit in this; a buffer grown for a larger one is let go after it.
const BUF_BYTES: usize = 16 * 1024;

impl Default for EventReader {
    fn default() -> Self {
        EventReader { memory: wasm_bindgen::memory(), buf: Vec::with_capacity(BUF_BYTES) }
    }
}

impl EventReader {
    /// The event, or `None` when it is not an object with a non-empty action.
    /// Also returns the number of attribute/context entries dropped. The
    /// event's texts borrow from the reader's buffer, which the next call reuses.
    pub fn event(&mut self, v: &JsValue, keys: &crate::config::ScrubOptions) -> (Option<RawEvent<'_>>, u32) {
        self.buf.clear();
        if self.buf.capacity() > BUF_BYTES {
            self.buf = Vec::with_capacity(BUF_BYTES);
        }
        let mut n = read_event(v, &self.memory, self.buf.as_mut_ptr() as u32, self.buf.capacity() as u32);
        if n < -1 {
            self.buf.reserve(n.unsigned_abs() as usize);
            n = read_event(v, &self.memory, self.buf.as_mut_ptr() as u32, self.buf.capacity() as u32);
        }
        if n < 0 {
            return (None, 0);
        }
        // SAFETY: the reader wrote `n` bytes into the buffer's spare capacity,
        // never past it (`min` holds even if it did not keep to that); the
        // bytes are plain `u8`s, and the parser checks every length it reads.
        unsafe { self.buf.set_len((n as usize).min(self.buf.capacity())) };
        crate::flat_event::parse(&self.buf, keys)
    }
}
