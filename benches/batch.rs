//! Batch throughput in MB/s: `Extractor::extract_batch` over the same documents in a
//! rayon pool of 1 thread and of 2 threads, and the ratio between the two.
//!
//! The documents are the bundled seed article and, when `../shared/eval/dev` exists, every
//! `*.docs.jsonl` set there (long articles and short notes mixed, as a real batch is);
//! without them, generated wire stories and event notes. After criterion's own report,
//! `cargo bench --bench batch` times the two pools once more, alternating, and prints
//! the 2-thread / 1-thread speed-up (median and range of paired runs, and best run
//! against best run, the figure least hurt by other work on a shared machine), since
//! criterion does not.
//!
//! Without the `parallel` feature there is nothing to compare; the bench then only says so.

#[cfg(feature = "parallel")]
mod imp {
    use conflict_events::{CivilDate, Document, Extractor};
    use criterion::{Criterion, Throughput};
    use std::time::Instant;

    const SEED: &str = include_str!("../examples/data/aleppo-2016-05-02.txt");

    /// Deterministic news-like text: event sentences interleaved with ordinary reporting
    /// (copied from `benches/extract.rs`).
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

    /// Generated event notes: every note is an event with a date, place, actor and toll
    /// (copied from `benches/extract.rs`).
    fn notes(n: usize) -> Vec<String> {
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

    /// The texts of every `../shared/eval/dev/*.docs.jsonl` set, in file-name order.
    fn dev_docs() -> Vec<String> {
        let mut paths: Vec<_> = std::fs::read_dir("../shared/eval/dev")
            .map(|d| {
                d.filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| p.to_string_lossy().ends_with(".docs.jsonl"))
                    .collect()
            })
            .unwrap_or_default();
        paths.sort();
        let mut out = Vec::new();
        for path in paths {
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

    fn corpus() -> Vec<String> {
        let mut docs = vec![SEED.to_string()];
        let dev = dev_docs();
        if dev.is_empty() {
            docs.extend(generated(4000).split("\n\n").map(str::to_string));
            docs.extend(notes(2000));
        } else {
            docs.extend(dev);
        }
        docs
    }

    fn pool(n: usize) -> rayon::ThreadPool {
        rayon::ThreadPoolBuilder::new().num_threads(n).build().expect("a rayon pool")
    }

    fn run(ex: &Extractor, docs: &[Document<'_>]) -> usize {
        ex.extract_batch(docs).iter().map(|x| x.events.len()).sum()
    }

    fn bench(c: &mut Criterion, ex: &Extractor, docs: &[Document<'_>], bytes: usize) {
        let mut g = c.benchmark_group("batch");
        g.sample_size(10);
        g.throughput(Throughput::Bytes(bytes as u64));
        for n in [1, 2] {
            let pool = pool(n);
            g.bench_function(format!("threads_{n}"), |b| b.iter(|| pool.install(|| run(ex, docs))));
        }
        g.finish();
    }

    /// Alternating timed runs of both pools (each run is `REPEAT` batches, long enough
    /// for a stable clock reading); prints MB/s of each and the speed-up.
    fn ratio(ex: &Extractor, docs: &[Document<'_>], bytes: usize) {
        const PAIRS: usize = 11;
        const REPEAT: usize = 4;
        let (p1, p2) = (pool(1), pool(2));
        let reference = p1.install(|| run(ex, docs));
        let timed = |p: &rayon::ThreadPool| {
            let t = Instant::now();
            for _ in 0..REPEAT {
                assert_eq!(p.install(|| run(ex, docs)), reference);
            }
            t.elapsed().as_secs_f64() / REPEAT as f64
        };
        let mut t1 = Vec::new();
        let mut t2 = Vec::new();
        for _ in 0..PAIRS {
            t1.push(timed(&p1));
            t2.push(timed(&p2));
        }
        let mut ratios: Vec<f64> = t1.iter().zip(&t2).map(|(a, b)| a / b).collect();
        for v in [&mut t1, &mut t2, &mut ratios] {
            v.sort_by(f64::total_cmp);
        }
        let mb = bytes as f64 / 1e6;
        let mid = |v: &[f64]| v[v.len() / 2];
        println!(
            "batch: {} docs, {:.2} MB; 1 thread {:.2} MB/s (range {:.2}-{:.2}); 2 threads {:.2} MB/s (range {:.2}-{:.2})",
            docs.len(),
            mb,
            mb / mid(&t1),
            mb / t1[t1.len() - 1],
            mb / t1[0],
            mb / mid(&t2),
            mb / t2[t2.len() - 1],
            mb / t2[0],
        );
        println!(
            "batch speed-up, 2 threads / 1 thread: {:.2}x median (range {:.2}-{:.2}x over {} paired runs); \
             best run against best run: {:.2}x",
            mid(&ratios),
            ratios[0],
            ratios[ratios.len() - 1],
            ratios.len(),
            t1[0] / t2[0],
        );
    }

    pub fn main() {
        let ex = Extractor::default_ref();
        let published = CivilDate::new(2016, 5, 2).expect("valid date");
        let texts = corpus();
        let docs: Vec<Document> = texts.iter().map(|t| Document::new(t).published(published)).collect();
        let bytes: usize = texts.iter().map(String::len).sum();
        let mut c = Criterion::default().configure_from_args();
        bench(&mut c, ex, &docs, bytes);
        c.final_summary();
        // `cargo bench` passes --bench; `cargo test --benches` does not: skip the extra runs.
        if std::env::args().any(|a| a == "--bench") {
            ratio(ex, &docs, bytes);
        }
    }
}

#[cfg(feature = "parallel")]
fn main() {
    imp::main();
}

#[cfg(not(feature = "parallel"))]
fn main() {
    println!("benches/batch.rs compares rayon pools; built without the `parallel` feature, it has nothing to run");
}
