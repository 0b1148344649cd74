//! Large columns in memory mappings of their own rather than on the heap.
//!
//! Allocators keep freed memory for reuse (mimalloc, the plugin's, in each thread's heap), so with heap columns a
//! large answer's memory stayed resident after its reply had gone, and the next answer, read on another thread,
//! took as much again. A mapping is returned to the system when the last frame sharing it is dropped, and its
//! fresh pages are zeros, touched only where a value is written.

use arrow_buffer::Buffer;
use memmap2::MmapMut;

/// The smallest column that gets a mapping of its own: 64 KiB (8,192 rows of 8 bytes). Below it the heap's reuse
/// is cheaper than a mapping's system calls, and its memory small.
pub const MAPPED_BYTES: usize = 64 * 1024;

/// `bytes` zero bytes in a mapping of their own, from [`MAPPED_BYTES`] up; `None` below it, or should the system
/// refuse (the caller then uses the heap).
pub(crate) fn zeroed(bytes: usize) -> Option<MmapMut> {
    (bytes >= MAPPED_BYTES).then(|| MmapMut::map_anon(bytes).ok()).flatten()
}

/// The mapping as an Arrow buffer that owns it: unmapped when the last buffer sharing it is dropped.
pub(crate) fn into_buffer(map: MmapMut) -> Buffer {
    Buffer::from(bytes::Bytes::from_owner(map))
}
