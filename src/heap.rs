//! The binary's memory allocator: power-of-two size classes from 16 to
//! 4096 octets, each with a free list, carved from 64 KiB chunks of
//! mmap'd memory; larger blocks are mmap'd on their own.
//!
//! Why not musl's malloc: it is ~11 KiB of code on mipsel (a 256 KiB
//! budget), and ra6c's heap is small and steady (buffers, a few Strings
//! and Vecs per script call; fixed capacities elsewhere), so classes that
//! keep their freed blocks for the next allocation of that size are
//! enough. Memory of a class is never returned to the kernel: the heap
//! stays at its high-water mark, which ra6c's fixed capacities bound.
//! Rust passes the layout to `dealloc`, so blocks need no header.

use core::alloc::{GlobalAlloc, Layout};
use core::cell::UnsafeCell;
use core::ptr::{self, null_mut};
use core::sync::atomic::{AtomicBool, Ordering};

use nix::libc;

/// Smallest class: room for the free-list link, and malloc's alignment.
const MIN_SHIFT: u32 = 4;
/// Largest class: 4096 octets (a page); above, a mapping per block.
const CLASSES: usize = 9;
const MAX_CLASS: usize = 1 << (MIN_SHIFT as usize + CLASSES - 1);
/// Chunks the classes are carved from.
const CHUNK: usize = 64 * 1024;
const PAGE: usize = 4096;

/// A free block: the next one of its class.
struct Free {
    next: *mut Free,
}

struct State {
    free: [*mut Free; CLASSES],
    /// The part of the current chunk not carved yet.
    next: usize,
    end: usize,
}

pub struct Heap {
    /// ra6c has one thread; the lock only keeps `GlobalAlloc`'s contract.
    busy: AtomicBool,
    state: UnsafeCell<State>,
}

// SAFETY: `state` is only touched with `busy` held.
unsafe impl Sync for Heap {}

impl Default for Heap {
    fn default() -> Self {
        Self::new()
    }
}

/// The class of a layout: its size (at least its alignment) rounded up to
/// a power of two. `None` above the largest.
fn class(l: Layout) -> Option<usize> {
    let size = l.size().max(l.align()).max(1 << MIN_SHIFT);
    (size <= MAX_CLASS).then(|| (size.next_power_of_two().trailing_zeros() - MIN_SHIFT) as usize)
}

/// `size` rounded up to whole pages.
fn pages(size: usize) -> usize {
    size.div_ceil(PAGE) * PAGE
}

fn map(len: usize) -> *mut u8 {
    // SAFETY: a fresh anonymous private mapping; no existing memory is touched.
    let p = unsafe {
        libc::mmap(
            null_mut(),
            len,
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
            -1,
            0,
        )
    };
    if p == libc::MAP_FAILED {
        null_mut()
    } else {
        p.cast()
    }
}

impl Heap {
    pub const fn new() -> Self {
        Heap {
            busy: AtomicBool::new(false),
            state: UnsafeCell::new(State {
                free: [null_mut(); CLASSES],
                next: 0,
                end: 0,
            }),
        }
    }

    fn with<R>(&self, f: impl FnOnce(&mut State) -> R) -> R {
        while self.busy.swap(true, Ordering::Acquire) {
            core::hint::spin_loop();
        }
        // SAFETY: `busy` is held, so this is the only reference.
        let r = f(unsafe { &mut *self.state.get() });
        self.busy.store(false, Ordering::Release);
        r
    }
}

impl State {
    fn alloc(&mut self, c: usize) -> *mut u8 {
        let head = self.free[c];
        if !head.is_null() {
            // SAFETY: blocks on a free list are ours and hold their link.
            self.free[c] = unsafe { (*head).next };
            return head.cast();
        }
        let size = 1usize << (c as u32 + MIN_SHIFT);
        // Blocks are aligned to their size: every class is its own alignment.
        let mut at = self.next.next_multiple_of(size);
        if self.end == 0 || at + size > self.end {
            // The rest of the current chunk is left unused (less than one
            // block of this class).
            let chunk = map(CHUNK);
            if chunk.is_null() {
                return null_mut();
            }
            at = chunk as usize;
            self.end = at + CHUNK;
        }
        self.next = at + size;
        at as *mut u8
    }

    fn free(&mut self, p: *mut u8, c: usize) {
        let f = p.cast::<Free>();
        // SAFETY: `p` is a block of class `c` the caller no longer uses, at
        // least 16 octets and aligned: room for the link.
        unsafe { f.write(Free { next: self.free[c] }) };
        self.free[c] = f;
    }
}

// SAFETY: blocks are disjoint (carved once, handed out once until freed),
// at least `size` long and aligned to the class size, which is at least
// the layout's alignment; large blocks are page-aligned mappings, and a
// larger alignment than a page is refused (null).
unsafe impl GlobalAlloc for Heap {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        match class(l) {
            Some(c) => self.with(|s| s.alloc(c)),
            None if l.align() <= PAGE => map(pages(l.size())),
            None => null_mut(),
        }
    }

    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        match class(l) {
            Some(c) => self.with(|s| s.free(p, c)),
            // SAFETY: a mapping `alloc` made for this layout.
            None => unsafe {
                libc::munmap(p.cast(), pages(l.size()));
            },
        }
    }

    unsafe fn realloc(&self, p: *mut u8, l: Layout, new_size: usize) -> *mut u8 {
        // SAFETY (from_size_align_unchecked): `l.align()` is a valid
        // alignment, and the caller guarantees `new_size` fits with it.
        let new = unsafe { Layout::from_size_align_unchecked(new_size, l.align()) };
        match (class(l), class(new)) {
            // Same class: the block already has room.
            (Some(a), Some(b)) if a == b => return p,
            // Both whole pages of the same count: the mapping has room too.
            (None, None) if pages(l.size()) == pages(new_size) => return p,
            _ => {}
        }
        // SAFETY: `new` is a valid, non-zero layout (realloc's contract).
        let q = unsafe { self.alloc(new) };
        if !q.is_null() {
            // SAFETY: both blocks hold at least the smaller size and are
            // disjoint; `p` is freed with the layout it was made with.
            unsafe {
                ptr::copy_nonoverlapping(p, q, l.size().min(new_size));
                self.dealloc(p, l);
            }
        }
        q
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes() {
        let l = |size, align| Layout::from_size_align(size, align).unwrap();
        assert_eq!(class(l(1, 1)), Some(0));
        assert_eq!(class(l(16, 8)), Some(0));
        assert_eq!(class(l(17, 1)), Some(1));
        assert_eq!(class(l(8, 64)), Some(2));
        assert_eq!(class(l(4096, 8)), Some(8));
        assert_eq!(class(l(4097, 8)), None);
        assert_eq!(class(l(1, 8192)), None);
    }

    /// Random allocations, frees and reallocations of every size class and
    /// beyond, each block filled with its own pattern: no block overlaps
    /// another (a pattern would be overwritten), alignment holds, contents
    /// survive realloc, freed blocks come back.
    #[test]
    fn blocks_are_disjoint_aligned_and_kept() {
        let heap = Heap::new();
        let mut rng = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            rng
        };
        let mut live: Vec<(*mut u8, Layout, u8)> = Vec::new();
        let fill = |p: *mut u8, n: usize, b: u8| unsafe { ptr::write_bytes(p, b, n) };
        let check = |p: *mut u8, n: usize, b: u8| (0..n).all(|i| unsafe { *p.add(i) } == b);
        for round in 0..20_000u32 {
            let r = next();
            if live.len() < 300 && r % 3 != 0 {
                let size = match r % 10 {
                    0 => 1 + (next() % 20_000) as usize,
                    _ => 1 + (next() % 3000) as usize,
                };
                let align = 1 << (next() % 7);
                let l = Layout::from_size_align(size, align).unwrap();
                let p = unsafe { heap.alloc(l) };
                assert!(!p.is_null());
                assert_eq!(p as usize % align, 0, "alignment");
                let b = round as u8;
                fill(p, size, b);
                live.push((p, l, b));
            } else if !live.is_empty() {
                let i = (next() as usize) % live.len();
                let (p, l, b) = live.swap_remove(i);
                assert!(check(p, l.size(), b), "block overwritten");
                if r % 2 == 0 {
                    unsafe { heap.dealloc(p, l) };
                } else {
                    let size = 1 + (next() % 6000) as usize;
                    let q = unsafe { heap.realloc(p, l, size) };
                    assert!(!q.is_null());
                    assert!(check(q, l.size().min(size), b), "realloc lost contents");
                    let l = Layout::from_size_align(size, l.align()).unwrap();
                    fill(q, size, b);
                    live.push((q, l, b));
                }
            }
        }
        for (p, l, b) in live {
            assert!(check(p, l.size(), b), "block overwritten");
            unsafe { heap.dealloc(p, l) };
        }
        // Freed small blocks are reused before new memory is carved.
        let l = Layout::from_size_align(100, 8).unwrap();
        let p = unsafe { heap.alloc(l) };
        unsafe { heap.dealloc(p, l) };
        assert_eq!(unsafe { heap.alloc(l) }, p);
    }
}
