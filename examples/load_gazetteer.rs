//! Times building an extractor with extra gazetteer files and reports the memory held.
//!
//! ```text
//! cargo run --release --example load_gazetteer -- cities500.txt admin1CodesASCII.txt
//! ```
//!
//! Prints the load-and-build time, the number of distinct patterns and the peak resident
//! memory of the process (Linux `VmHWM`; elsewhere only the time).

use conflict_events::Extractor;
use std::process::ExitCode;
use std::time::Instant;

fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn main() -> ExitCode {
    let paths: Vec<String> = std::env::args().skip(1).collect();
    let t0 = Instant::now();
    let mut b = Extractor::builder();
    for p in &paths {
        b.load_places(p);
    }
    match b.build() {
        Ok(ex) => {
            let secs = t0.elapsed().as_secs_f64();
            println!("built in {secs:.2} s: {ex:?}");
            if let Some(mb) = peak_rss_mb() {
                println!("peak resident memory {mb:.0} MB");
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}
