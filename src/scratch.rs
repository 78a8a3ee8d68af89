//! Buffers kept from one document to the next.
//!
//! In: a stage's vectors, emptied, after a document. Out: whether each may be kept by the
//! thread for the next document. The stages fill the same vectors for every document, and
//! allocating and freeing them cost more than filling them; but a thread that met one huge
//! document must not hold its memory for good, so a buffer is kept only up to
//! [`KEPT_BYTES`].

/// The most memory a buffer kept from one document to the next may hold: many times a
/// news story's needs.
pub(crate) const KEPT_BYTES: usize = 256 << 10;

/// Whether a buffer is small enough to keep for the next document ([`KEPT_BYTES`]).
pub(crate) fn may_keep<T>(v: &Vec<T>) -> bool {
    v.capacity().saturating_mul(std::mem::size_of::<T>()) <= KEPT_BYTES
}

/// `v` emptied, with its memory if [`may_keep`] allows, else a new vector.
pub(crate) fn emptied<T>(mut v: Vec<T>) -> Vec<T> {
    if !may_keep(&v) {
        return Vec::new();
    }
    v.clear();
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_buffers_are_kept_large_ones_let_go() {
        let v: Vec<u64> = Vec::with_capacity(KEPT_BYTES / 8);
        assert!(may_keep(&v));
        assert_eq!(emptied(v).capacity(), KEPT_BYTES / 8);
        let big: Vec<u64> = Vec::with_capacity(KEPT_BYTES / 8 + 1);
        assert!(!may_keep(&big));
        assert_eq!(emptied(big).capacity(), 0);
        let mut full = vec![1u8, 2, 3];
        full = emptied(full);
        assert!(full.is_empty() && full.capacity() >= 3);
        // Zero-sized elements take no memory, however many.
        assert!(may_keep(&vec![(); 1 << 20]));
    }
}
