//! Whole-document extraction throughput in MB/s.
//!
//! The corpus is the bundled seed article plus generated wire-style paragraphs (a mix of
//! event and non-event sentences), and, when `../shared/eval/dev` exists, its documents.

use conflict_events::{CivilDate, Document, Extractor};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

const SEED: &str = include_str!("../examples/data/aleppo-2016-05-02.txt");

/// Deterministic news-like text: event sentences interleaved with ordinary reporting.
fn generated(n: usize) -> String {
    let places =
        ["Aleppo", "Idlib", "Kharkiv", "Donetsk", "Mosul", "Sanaa", "Hodeidah", "Kramatorsk", "Gaza", "Tripoli"];
    let actors =
        ["Russian jets", "Syrian army", "rebels", "Houthi fighters", "Ukrainian forces", "the US-led coalition"];
    let events = [
        "{a} carried out air strikes on {p} on Monday, killing at least {n} civilians, a monitor said.",
        "{a} shelled the outskirts of {p} with artillery and mortars late Sunday.",
        "Officials said a ceasefire in {p} was holding despite sporadic violations.",
        "The foreign minister met his counterpart in {p} on Tuesday to discuss aid deliveries.",
        "Rockets fired by {a} hit residential areas of {p}, wounding {n} people.",
    ];
    let filler = [
        "The economy has been hit by rising prices and a shortage of fuel, residents said.",
        "Schools reopened in several districts after weeks of closure, according to local media.",
        "The government announced new measures to support farmers ahead of the harvest season.",
        "Analysts said the talks on trade were unlikely to produce results before the end of the year.",
        "Hospitals in the region reported shortages of medicine and staff.",
        "The central bank kept interest rates unchanged for the third month in a row.",
    ];
    let mut s = String::new();
    let mut x: u64 = 0x9E3779B97F4A7C15;
    for i in 0..n {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let pick = |k: usize| (x as usize / (k + 1)) % 97;
        if i % 3 == 0 {
            let t = events[pick(1) % events.len()];
            s.push_str(
                &t.replace("{a}", actors[pick(2) % actors.len()])
                    .replace("{p}", places[pick(3) % places.len()])
                    .replace("{n}", &(pick(4) % 20 + 1).to_string()),
            );
        } else {
            s.push_str(filler[pick(5) % filler.len()]);
        }
        s.push(if i % 5 == 4 { '\n' } else { ' ' });
        if i % 25 == 24 {
            s.push('\n');
        }
    }
    s
}

fn dev_docs() -> Vec<String> {
    let mut out = Vec::new();
    let Ok(dir) = std::fs::read_dir("../shared/eval/dev") else { return out };
    for entry in dir.flatten() {
        let path = entry.path();
        if !path.to_string_lossy().ends_with(".docs.jsonl") {
            continue;
        }
        if let Ok(text) = std::fs::read_to_string(&path) {
            for line in text.lines() {
                if let Ok(v) = serde_json::from_str::<serde_json::Value>(line) {
                    if let Some(t) = v.get("text").and_then(|t| t.as_str()) {
                        out.push(t.to_string());
                    }
                }
            }
        }
    }
    out
}

fn bench(c: &mut Criterion) {
    let ex = Extractor::default_ref();
    let published = CivilDate::new(2016, 5, 2).expect("valid date");
    let mut docs: Vec<String> = vec![SEED.to_string()];
    let gen = generated(4000);
    docs.extend(gen.split("\n\n").map(str::to_string));
    docs.extend(dev_docs());
    let bytes: usize = docs.iter().map(String::len).sum();
    let mut g = c.benchmark_group("extract");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.sample_size(10);
    g.bench_function("news_documents", |b| {
        b.iter(|| {
            let mut n = 0;
            for d in &docs {
                n += ex.extract(&Document::new(d).published(published)).events.len();
            }
            n
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
