//! Whole-document extraction throughput in MB/s, beside its floor, and on four kinds of text.
//!
//! - `floor/bare_automaton`, `floor/extraction` and `floor/events`: one plain
//!   aho-corasick pass (leftmost-longest) over every pattern of the default extractor;
//!   full extraction (`Extractor::extract`: events, and every place and actor mention);
//!   and the events alone (`Extractor::events`, what `extract_events` runs), over the same
//!   news documents. The ratios to the bare pass, from paired rounds, follow. The bare pass is
//!   what scanning the text for dictionary words costs at the least; everything else
//!   extraction does should add little to it.
//!
//! - `news`: news articles — the bundled seed article and, when `../shared/eval/dev`
//!   exists, its article sets (`trnews`, `articles`); without them, the generated stories;
//! - `generated_wire`: generated wire-style stories (one sentence in eight reports an event,
//!   with a date, a place, a toll and a source);
//! - `event_snippets`: short passages picked because they report an event (`rams`, when
//!   present; otherwise the generated event sentences alone);
//! - `event_notes`: short notes that are all events (ACLED's style), generated, plus the
//!   `acled-ukraine` set when present. Every sentence here runs the whole pipeline, so
//!   this is the slow end.

use aho_corasick::{AhoCorasick, MatchKind};
use conflict_events::{CivilDate, Document, Extractor};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::time::Instant;

mod common;

use common::{dev_docs, generated, notes, SEED};

fn bench(c: &mut Criterion) {
    let ex = Extractor::default_ref();
    let published = CivilDate::new(2016, 5, 2).expect("valid date");
    // Real articles when the evaluation sets are there; generated stories otherwise (and
    // always as their own group, for comparison across machines without the sets).
    let wire: Vec<String> = generated(4000).split("\n\n").map(str::to_string).collect();
    let mut news: Vec<String> = vec![SEED.to_string()];
    news.extend(dev_docs(&["trnews", "articles"]));
    if news.len() == 1 {
        news.extend(wire.iter().cloned());
    }
    let mut snippets = dev_docs(&["rams"]);
    if snippets.is_empty() {
        snippets = generated(4000).split(". ").filter(|s| s.contains(" on ")).map(str::to_string).collect();
    }
    let mut event_notes = notes(2000);
    event_notes.extend(dev_docs(&["acled-ukraine"]));
    floor(c, ex, &news, published);
    let mut g = c.benchmark_group("extract");
    g.sample_size(10);
    let groups =
        [("news", &news), ("generated_wire", &wire), ("event_snippets", &snippets), ("event_notes", &event_notes)];
    for (name, docs) in groups {
        let bytes: usize = docs.iter().map(String::len).sum();
        g.throughput(Throughput::Bytes(bytes as u64));
        g.bench_function(name, |b| {
            b.iter(|| {
                let mut n = 0;
                for d in docs.iter() {
                    n += ex.extract(&Document::new(d).published(published)).events.len();
                }
                n
            })
        });
    }
    g.finish();
}

/// The bare automaton pass, full extraction and the events alone over the same documents,
/// then the ratios from paired rounds of the three (criterion's own figures are printed
/// above them).
fn floor(c: &mut Criterion, ex: &Extractor, docs: &[String], published: CivilDate) {
    let t = Instant::now();
    let ac = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .build(ex.patterns())
        .expect("the extractor's patterns build an automaton");
    eprintln!("bare automaton: {} patterns, built in {:.2} s", ac.patterns_len(), t.elapsed().as_secs_f64());
    let bytes: usize = docs.iter().map(String::len).sum();
    let bare = || docs.iter().map(|d| ac.find_iter(d.as_str()).count()).sum::<usize>();
    let full = || docs.iter().map(|d| ex.extract(&Document::new(d).published(published)).events.len()).sum::<usize>();
    let events = || docs.iter().map(|d| ex.events(&Document::new(d).published(published)).len()).sum::<usize>();
    let mut g = c.benchmark_group("floor");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("bare_automaton", |b| b.iter(bare));
    g.bench_function("extraction", |b| b.iter(full));
    g.bench_function("events", |b| b.iter(events));
    g.finish();
    // Criterion times the three one after another, minutes apart; on a shared machine the
    // ratios of its figures swing with whatever else runs. Paired rounds (each pass once,
    // back to back) share the conditions: the median of their ratios is the steady figure.
    // Each pass is run once untimed first, so that it is timed with its own tables in the
    // caches, as in criterion's loop, not the previous pass's.
    let time = |f: &dyn Fn() -> usize| {
        std::hint::black_box(f());
        let t = Instant::now();
        std::hint::black_box(f());
        t.elapsed().as_secs_f64()
    };
    let rounds = 15;
    let mb = |secs: f64| bytes as f64 / secs / 1e6;
    let (mut rates, mut full_ratio, mut events_ratio) = ([vec![], vec![], vec![]], vec![], vec![]);
    for _ in 0..rounds {
        let (b, e, v) = (time(&bare), time(&full), time(&events));
        for (r, secs) in rates.iter_mut().zip([b, e, v]) {
            r.push(mb(secs));
        }
        full_ratio.push(b / e);
        events_ratio.push(b / v);
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        (v[v.len() / 2], v[0], v[v.len() - 1])
    };
    let [b, e, v] = rates.map(|mut r| median(&mut r).0);
    let (er, er_lo, er_hi) = median(&mut full_ratio);
    let (vr, vr_lo, vr_hi) = median(&mut events_ratio);
    eprintln!(
        "floor, {rounds} paired rounds, medians: bare automaton {b:.1} MB/s; extraction {e:.1} MB/s, \
         ratio {er:.2} (range {er_lo:.2}-{er_hi:.2}); events {v:.1} MB/s, ratio {vr:.2} (range {vr_lo:.2}-{vr_hi:.2})"
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
