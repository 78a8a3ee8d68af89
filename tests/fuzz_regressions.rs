//! Replays every input the fuzzer ever broke the crate with (`fuzz/regressions/`), the
//! way the `dictionaries` fuzz target reads it: one selector byte, then dictionary text.
//! Building may fail; it must not panic, hang or run out of memory, and an extractor that
//! builds must extract from the same text with spans that hold.

use std::time::{Duration, Instant};

mod common;

#[test]
fn every_saved_fuzz_input_is_handled() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).expect("fuzz/regressions is in the repository") {
        let path = entry.expect("readable directory").path();
        let data = std::fs::read(&path).expect("readable file");
        let t = Instant::now();
        common::replay_dictionaries(&data);
        assert!(t.elapsed() < Duration::from_secs(10), "{}: took {:?}", path.display(), t.elapsed());
        n += 1;
    }
    assert!(n >= 7, "only {n} saved inputs");
}
