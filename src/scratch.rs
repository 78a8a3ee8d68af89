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

/// Empties `v` for the next document, keeping its memory if [`may_keep`] allows and
/// letting it go otherwise.
pub(crate) fn reuse<T>(v: &mut Vec<T>) {
    if may_keep(v) {
        v.clear();
    } else {
        *v = Vec::new();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_buffers_are_kept_large_ones_let_go() {
        let mut v: Vec<u64> = Vec::with_capacity(KEPT_BYTES / 8);
        assert!(may_keep(&v));
        v.push(7);
        reuse(&mut v);
        assert!(v.is_empty());
        assert_eq!(v.capacity(), KEPT_BYTES / 8);
        let mut big: Vec<u64> = Vec::with_capacity(KEPT_BYTES / 8 + 1);
        assert!(!may_keep(&big));
        big.push(7);
        reuse(&mut big);
        assert!(big.is_empty());
        assert_eq!(big.capacity(), 0);
        // Zero-sized elements take no memory, however many.
        assert!(may_keep(&vec![(); 1 << 20]));
    }
}
