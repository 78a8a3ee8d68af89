//! Dictionary loaders over arbitrary text: `build()` returns `Ok` or `Err`, never panics;
//! an extractor that builds extracts from the same text with spans that hold.
//!
//! Input: one selector byte, then the dictionary text (UTF-8; other input is skipped).
//! Selector bits 0-2: 0|5 places, 1|6 actors, 2|7 CAMEO actors, 3 CAMEO agents,
//! 4 UCDP actors; bit 3: `skip_malformed_entries(true)`.

#![no_main]

use conflict_events::{Document, Extractor};
use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    let Some((&sel, rest)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    let mut b = Extractor::builder();
    // The embedded places and named actors take ~0.35 s to build: leave them out.
    // (Countries, agent words, modifiers and triggers are always loaded.)
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
        common::check(text, &out);
    }
});
