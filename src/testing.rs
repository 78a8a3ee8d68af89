//! Helpers shared by the stages' unit tests.

/// One step of xorshift64: repeatable pseudo-random test inputs without a dependency.
pub(crate) fn xorshift(x: u64) -> u64 {
    let x = x ^ x << 13;
    let x = x ^ x >> 7;
    x ^ x << 17
}

/// Up to `max - 1` of `pieces` end to end, how many and which drawn from `seed`.
pub(crate) fn pieces(seed: &mut u64, pieces: &[&str], max: u64) -> String {
    let mut out = String::new();
    for _ in 0..*seed % max {
        *seed = xorshift(*seed);
        out.push_str(pieces[(*seed % pieces.len() as u64) as usize]);
    }
    out
}
