//! The release wasm's memory allocator: power-of-two size classes with one
//! free list each, carved from memory the page grows on demand.
//!
//! Why not dlmalloc (std's default on wasm32): it is about 7 KB of the
//! download, and this crate's allocations are few and repetitive (event
//! strings, batch bodies, one queue), so exact-fit reuse by class is enough.
//! The cost is up to 2x internal waste per block and no coalescing: memory
//! settles at the peak each class has needed, which for a bounded queue is
//! bounded (`cargo test heap` checks that a long run stops growing).
//!
//! Single-threaded: wasm32-unknown-unknown without atomics has one thread.

use core::cell::UnsafeCell;
use core::ptr;

/// Smallest block: 16 bytes, so every block is 16-aligned.
const MIN_SHIFT: u32 = 4;
const CLASSES: usize = (usize::BITS - MIN_SHIFT) as usize;
const ALIGN: usize = 1 << MIN_SHIFT;

/// Where new memory comes from: `grow(bytes)` returns the start of at least
/// `bytes` new bytes (aligned to 16), or null when there is no more.
pub trait Grow {
    fn grow(&mut self, bytes: usize) -> (*mut u8, usize);
}

struct Inner<G> {
    /// Head of each class's free list; a free block's first word links the next.
    free: [*mut u8; CLASSES],
    bump: usize,
    end: usize,
    source: G,
}

/// The allocator state. Not thread-safe: see the module note.
pub struct Heap<G> {
    inner: UnsafeCell<Inner<G>>,
}

impl<G> core::fmt::Debug for Heap<G> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("Heap")
    }
}

/// The class of a request: blocks of class `c` are `16 << c` bytes.
pub fn class_of(size: usize, align: usize) -> Option<usize> {
    let need = size.max(align).max(ALIGN);
    let bits = usize::BITS - (need - 1).leading_zeros();
    let class = bits.checked_sub(MIN_SHIFT)? as usize;
    (class < CLASSES && bits < usize::BITS).then_some(class)
}

fn block_size(class: usize) -> usize {
    ALIGN << class
}

impl<G: Grow> Heap<G> {
    pub const fn new(source: G) -> Self {
        Heap { inner: UnsafeCell::new(Inner { free: [ptr::null_mut(); CLASSES], bump: 0, end: 0, source }) }
    }

    /// # Safety
    /// Not re-entrant and not thread-safe; `align` must be a power of two.
    pub unsafe fn alloc(&self, size: usize, align: usize) -> *mut u8 {
        let Some(class) = class_of(size, align) else { return ptr::null_mut() };
        let inner = &mut *self.inner.get();
        // A freed block is 16-aligned; larger alignments always take fresh memory.
        let head = inner.free[class];
        if align <= ALIGN && !head.is_null() {
            inner.free[class] = *(head as *mut *mut u8);
            return head;
        }
        inner.carve(block_size(class), align.max(ALIGN))
    }

    /// # Safety
    /// `p` must come from `alloc` of this heap with the same `size` and `align`.
    pub unsafe fn dealloc(&self, p: *mut u8, size: usize, align: usize) {
        let Some(class) = class_of(size, align) else { return };
        let inner = &mut *self.inner.get();
        *(p as *mut *mut u8) = inner.free[class];
        inner.free[class] = p;
    }

    /// Same block when the class does not change, else move.
    ///
    /// # Safety
    /// As `dealloc`, for the old block.
    pub unsafe fn realloc(&self, p: *mut u8, size: usize, align: usize, new_size: usize) -> *mut u8 {
        if class_of(size, align) == class_of(new_size, align) {
            return p;
        }
        let q = self.alloc(new_size, align);
        if !q.is_null() {
            ptr::copy_nonoverlapping(p, q, size.min(new_size));
            self.dealloc(p, size, align);
        }
        q
    }
}

impl<G: Grow> Inner<G> {
    unsafe fn carve(&mut self, bytes: usize, align: usize) -> *mut u8 {
        let mut start = (self.bump + align - 1) & !(align - 1);
        if start < self.bump || self.end < start || self.end - start < bytes {
            let Some(want) = bytes.checked_add(align) else { return ptr::null_mut() };
            let (p, got) = self.source.grow(want);
            if p.is_null() {
                return ptr::null_mut();
            }
            // Contiguous with the old tail (the usual case in wasm): keep the tail.
            if p as usize != self.end {
                self.bump = p as usize;
            }
            self.end = p as usize + got;
            start = (self.bump + align - 1) & !(align - 1);
            if self.end - start < bytes {
                return ptr::null_mut();
            }
        }
        self.bump = start + bytes;
        start as *mut u8
    }
}

/// Pages from `memory.grow`, in 64 KiB steps.
#[cfg(target_arch = "wasm32")]
#[derive(Debug)]
pub struct WasmPages;

#[cfg(target_arch = "wasm32")]
impl Grow for WasmPages {
    fn grow(&mut self, bytes: usize) -> (*mut u8, usize) {
        const PAGE: usize = 65_536;
        let pages = bytes.div_ceil(PAGE).max(1);
        let old = core::arch::wasm32::memory_grow(0, pages);
        if old == usize::MAX {
            return (ptr::null_mut(), 0);
        }
        ((old * PAGE) as *mut u8, pages * PAGE)
    }
}

/// The release build's global allocator (see `Cargo.toml`, feature `std`).
#[cfg(all(target_arch = "wasm32", not(feature = "std")))]
mod global {
    use super::{Heap, WasmPages};
    use core::alloc::{GlobalAlloc, Layout};

    struct Global(Heap<WasmPages>);
    // One thread on wasm32-unknown-unknown.
    unsafe impl Sync for Global {}

    unsafe impl GlobalAlloc for Global {
        unsafe fn alloc(&self, l: Layout) -> *mut u8 {
            self.0.alloc(l.size(), l.align())
        }
        unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
            self.0.dealloc(p, l.size(), l.align())
        }
        unsafe fn realloc(&self, p: *mut u8, l: Layout, new_size: usize) -> *mut u8 {
            self.0.realloc(p, l.size(), l.align(), new_size)
        }
    }

    #[global_allocator]
    static GLOBAL: Global = Global(Heap::new(WasmPages));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prelude::*;

    /// Hands out pieces of a few big boxes, counting what it gave.
    struct Arena {
        chunks: Vec<Vec<u128>>,
        given: usize,
        limit: usize,
    }
    impl Grow for Arena {
        fn grow(&mut self, bytes: usize) -> (*mut u8, usize) {
            let bytes = bytes.max(4096);
            if self.given + bytes > self.limit {
                return (ptr::null_mut(), 0);
            }
            self.given += bytes;
            let mut v = vec![0u128; bytes / 16 + 1];
            let p = v.as_mut_ptr() as *mut u8;
            self.chunks.push(v);
            (p, bytes)
        }
    }
    fn heap(limit: usize) -> Heap<Arena> {
        Heap::new(Arena { chunks: Vec::new(), given: 0, limit })
    }
    fn given(h: &Heap<Arena>) -> usize {
        unsafe { (*h.inner.get()).source.given }
    }

    #[test]
    fn classes_are_powers_of_two_from_16() {
        assert_eq!(class_of(0, 1), Some(0));
        assert_eq!(class_of(16, 8), Some(0));
        assert_eq!(class_of(17, 1), Some(1));
        assert_eq!(class_of(1, 64), Some(2));
        assert_eq!(class_of(65_536, 8), Some(12));
        assert_eq!(class_of(usize::MAX, 1), None);
    }

    #[test]
    fn blocks_are_aligned_distinct_and_reused() {
        let h = heap(1 << 20);
        unsafe {
            let a = h.alloc(24, 8);
            let b = h.alloc(24, 8);
            assert!(!a.is_null() && !b.is_null() && a != b);
            assert_eq!(a as usize % 16, 0);
            let c = h.alloc(10, 64);
            assert_eq!(c as usize % 64, 0);
            // Writing a whole block must not touch its neighbour.
            ptr::write_bytes(a, 0xAA, 32);
            ptr::write_bytes(b, 0xBB, 32);
            assert_eq!(*a.add(31), 0xAA);
            h.dealloc(a, 24, 8);
            assert_eq!(h.alloc(30, 4), a, "a freed block of the same class is reused");
        }
    }

    #[test]
    fn realloc_keeps_contents_and_stays_in_place_within_a_class() {
        let h = heap(1 << 20);
        unsafe {
            let p = h.alloc(20, 1);
            for i in 0..20 {
                *p.add(i) = i as u8;
            }
            assert_eq!(h.realloc(p, 20, 1, 32), p);
            let q = h.realloc(p, 32, 1, 1000);
            assert_ne!(q, p);
            assert!((0..20).all(|i| *q.add(i) == i as u8));
        }
    }

    #[test]
    fn out_of_memory_is_null_not_a_crash() {
        let h = heap(8192);
        unsafe {
            assert!(h.alloc(100_000, 8).is_null());
            assert!(!h.alloc(100, 8).is_null());
        }
    }

    #[test]
    fn a_repeating_workload_stops_growing() {
        // A queue of up to 200 strings of varying size plus a growing body, as the pipeline does.
        let h = heap(64 << 20);
        let mut live: Vec<(*mut u8, usize)> = Vec::new();
        let mut after_warmup = 0;
        for round in 0..20_000usize {
            unsafe {
                let size = 40 + (round * 7919) % 1500;
                live.push((h.alloc(size, 1), size));
                if live.len() > 200 {
                    let (p, s) = live.remove(round % 150);
                    h.dealloc(p, s, 1);
                }
                let mut body = h.alloc(64, 1);
                let mut cap = 64;
                while cap < 49_152 {
                    body = h.realloc(body, cap, 1, cap * 2);
                    cap *= 2;
                }
                h.dealloc(body, cap, 1);
            }
            if round == 10_000 {
                after_warmup = given(&h);
            }
        }
        assert!(after_warmup > 0);
        assert_eq!(given(&h), after_warmup, "memory grew after the workload reached its peak");
        // 200 live strings of at most 1.5 KB and one 48 KiB body: a few hundred KB, not megabytes.
        assert!(after_warmup < 1 << 20, "{after_warmup} bytes for a workload that peaks near 350 KB");
    }
}
