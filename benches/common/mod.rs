//! The documents both benchmarks run on: the seed article, the evaluation sets in
//! `../shared/eval/dev` when they are there, and generated text that stands in for them
//! on machines without them.

#![allow(dead_code)] // each bench uses its own part

/// The bundled seed article.
pub const SEED: &str = include_str!("../../examples/data/aleppo-2016-05-02.txt");

/// Deterministic news-like text: event sentences interleaved with ordinary reporting.
pub fn generated(n: usize) -> String {
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
        if i % 8 == 0 {
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

/// Generated event notes: every note is an event with a date, place, actor and toll.
pub fn notes(n: usize) -> Vec<String> {
    let places = ["Kharkiv", "Donetsk", "Avdiivka", "Kramatorsk", "Kherson", "Sumy", "Zaporizhzhia", "Bakhmut"];
    let months = ["January", "March", "May", "July", "September", "November"];
    let verbs = ["shelled", "fired artillery at", "carried out drone strikes on", "hit with a missile"];
    (0..n)
        .map(|i| {
            format!(
                "On {} {} 2023, Russian forces {} {}, {} region. {}",
                i % 28 + 1,
                months[i % months.len()],
                verbs[i % verbs.len()],
                places[i % places.len()],
                places[(i / 3) % places.len()],
                if i % 2 == 0 { "Casualties unknown." } else { "Two civilians were killed." }
            )
        })
        .collect()
}

pub fn dev_docs(sets: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    for set in sets {
        let path = format!("../shared/eval/dev/{set}.docs.jsonl");
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

/// The names of every `../shared/eval/dev/*.docs.jsonl` set, in order (none without them).
pub fn dev_sets() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir("../shared/eval/dev")
        .map(|d| {
            d.filter_map(|e| e.ok())
                .filter_map(|e| e.file_name().to_str()?.strip_suffix(".docs.jsonl").map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}
