//! Extraction over arbitrary text: never panics, and every span in the output is inside
//! the input, on char boundaries, and quotes the text it claims; the events door gives the
//! same events as the full extraction.

#![no_main]

use conflict_events::{CivilDate, Document, Extractor};
use libfuzzer_sys::fuzz_target;

#[path = "../../tests/common/mod.rs"]
mod common;

/// A publication date picked by the input's bytes (FNV-1a), years 1..=9999, so relative
/// dates ("last Monday", "next week") are resolved against many calendars.
fn date_of(data: &[u8]) -> CivilDate {
    let h = data.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3));
    let year = 1 + (h % 9999) as i32;
    let month = 1 + ((h >> 16) % 12) as u8;
    let day = 1 + ((h >> 24) % 28) as u8;
    CivilDate::new(year, month, day).expect("days 1..=28 exist in every month")
}

fn run(text: &str, date: CivilDate) {
    let ex = Extractor::default_ref();
    common::extract_checked(ex, &Document::new(text));
    common::extract_checked(ex, &Document::new(text).published(CivilDate::new(2016, 5, 2).unwrap()));
    common::extract_checked(ex, &Document::new(text).published(date));
}

fuzz_target!(|data: &[u8]| {
    let date = date_of(data);
    match std::str::from_utf8(data) {
        Ok(text) => run(text, date),
        // Invalid UTF-8: the same bytes with U+FFFD in place of the bad sequences.
        Err(_) => run(&String::from_utf8_lossy(data), date),
    }
});
