//! Runs extraction over a JSON-lines corpus many times, for profiling.
//!
//! ```text
//! cargo run --release --example profile_corpus -- FILE.jsonl [ROUNDS] [events]
//! ```
//!
//! With `events`, through `Extractor::events` (no place or actor mentions written out).
//! Each line's "published" date is used when `find_absolute_date` reads one.

use conflict_events::{find_absolute_date, CivilDate, Document, Extractor};
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(path) = args.get(1) else {
        eprintln!("usage: profile_corpus FILE.jsonl [ROUNDS] [events]");
        std::process::exit(2);
    };
    let rounds: usize = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(5);
    let events_only = args.get(3).is_some_and(|a| a == "events");
    let text = std::fs::read_to_string(path).expect("readable corpus");
    // Each document with its "published" date when one is readable, as `extract` reads it.
    let docs: Vec<(String, Option<CivilDate>)> = text
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| {
            let published = v.get("published").and_then(|p| p.as_str()).and_then(find_absolute_date);
            v.get("text").and_then(|t| t.as_str()).map(|t| (t.to_string(), published))
        })
        .collect();
    let bytes: usize = docs.iter().map(|d| d.0.len()).sum();
    let ex = Extractor::default_ref();
    let t = Instant::now();
    let mut n = 0;
    for _ in 0..rounds {
        for (d, published) in &docs {
            let doc = published.map_or(Document::new(d), |p| Document::new(d).published(p));
            n += if events_only { ex.events(&doc).len() } else { ex.extract(&doc).events.len() };
        }
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "{} docs, {} bytes x {rounds}: {:.1} MB/s ({n} events)",
        docs.len(),
        bytes,
        (bytes * rounds) as f64 / secs / 1e6
    );
}
