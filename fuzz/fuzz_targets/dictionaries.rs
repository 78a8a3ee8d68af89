//! Dictionary loaders over arbitrary text: `build()` returns `Ok` or `Err`, never panics;
//! an extractor that builds extracts from the same text with spans that hold. The input
//! layout is `replay_dictionaries`'s, in `tests/common/mod.rs`.

#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/common/mod.rs"]
mod common;

fuzz_target!(|data: &[u8]| common::replay_dictionaries(data));
