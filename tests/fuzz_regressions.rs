//! Replays every input the fuzzer ever broke the crate with (`fuzz/regressions/`), the
//! way the `dictionaries` fuzz target reads it: one selector byte, then dictionary text.
//! Building may fail; it must not panic, hang or run out of memory, and an extractor that
//! builds must extract from the same text without panicking.

use conflict_events::{Document, Extractor};
use std::time::{Duration, Instant};

fn replay(data: &[u8]) {
    let Some((&sel, rest)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    let mut b = Extractor::builder();
    b.default_places(false).default_actors(false).skip_malformed_entries(sel & 8 != 0);
    match sel & 7 {
        0 | 5 => b.places_from_str("fuzz.places", text),
        1 | 6 => b.actors_from_str("fuzz.actors", text),
        2 | 7 => b.cameo_actors_from_str("fuzz.cameo.actors", text),
        3 => b.cameo_agents_from_str("fuzz.cameo.agents", text),
        _ => b.ucdp_actors_from_str("fuzz.ucdp.csv", text),
    };
    if let Ok(ex) = b.build() {
        let out = ex.extract(&Document::new(text));
        for e in &out.events {
            assert!(e.trigger.start <= e.trigger.end && e.trigger.end <= text.len());
        }
    }
}

#[test]
fn every_saved_fuzz_input_is_handled() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).expect("fuzz/regressions is in the repository") {
        let path = entry.expect("readable directory").path();
        let data = std::fs::read(&path).expect("readable file");
        let t = Instant::now();
        replay(&data);
        assert!(t.elapsed() < Duration::from_secs(10), "{}: took {:?}", path.display(), t.elapsed());
        n += 1;
    }
    assert!(n >= 7, "only {n} saved inputs");
}
