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
//! The speed-up is timed for two ways of using the batch API:
//! - `held`: `extract_batch`, every extraction kept until the batch returns. The caller
//!   then frees them all on one thread, work that does not shrink with more threads.
//! - `reduced`: `extract_batch_with`, each extraction turned into what the caller keeps (here
//!   its event count) and freed on the worker thread that made it, as `extract --jsonl` does
//!   with each output line.
//!
//! Without the `parallel` feature there is nothing to compare; the bench then only says so.

mod common;

#[cfg(feature = "parallel")]
mod imp {
    use super::common::{dev_docs, dev_sets, generated, notes, SEED};
    use conflict_events::{CivilDate, Document, Extractor};
    use criterion::{Criterion, Throughput};
    use std::time::Instant;

    fn corpus() -> Vec<String> {
        let mut docs = vec![SEED.to_string()];
        let sets = dev_sets();
        let dev = dev_docs(&sets.iter().map(String::as_str).collect::<Vec<_>>());
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

    /// Every extraction held, then counted and freed by the caller.
    fn held(ex: &Extractor, docs: &[Document<'_>]) -> usize {
        ex.extract_batch(docs).iter().map(|x| x.events.len()).sum()
    }

    /// Each extraction counted and freed on its worker.
    fn reduced(ex: &Extractor, docs: &[Document<'_>]) -> usize {
        ex.extract_batch_with(docs, |ex, d| ex.extract(d).events.len()).iter().sum()
    }

    fn bench(c: &mut Criterion, ex: &Extractor, docs: &[Document<'_>], bytes: usize) {
        let mut g = c.benchmark_group("batch");
        g.sample_size(10);
        g.throughput(Throughput::Bytes(bytes as u64));
        for n in [1, 2] {
            let pool = pool(n);
            g.bench_function(format!("threads_{n}"), |b| b.iter(|| pool.install(|| held(ex, docs))));
        }
        g.finish();
    }

    /// Alternating timed runs of both pools; prints MB/s of each and the speed-up. Each run
    /// is `REPEAT` batches, a quarter of a second on one thread: a pool that has sat idle
    /// while the other ran starts with its threads asleep and its core's caches cold, a
    /// cost that runs of a few batches (4 in earlier sessions) counted against whichever
    /// pool they started, though a long batch pays it once.
    fn ratio(
        ex: &Extractor,
        docs: &[Document<'_>],
        bytes: usize,
        name: &str,
        run: fn(&Extractor, &[Document<'_>]) -> usize,
    ) {
        const PAIRS: usize = 11;
        const REPEAT: usize = 16;
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
            "batch ({name}): {} docs, {:.2} MB; 1 thread {:.2} MB/s (range {:.2}-{:.2}); 2 threads {:.2} MB/s (range {:.2}-{:.2})",
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
            "batch speed-up ({name}), 2 threads / 1 thread: {:.2}x median (range {:.2}-{:.2}x over {} paired runs); \
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
            ratio(ex, &docs, bytes, "held", held);
            ratio(ex, &docs, bytes, "reduced", reduced);
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
