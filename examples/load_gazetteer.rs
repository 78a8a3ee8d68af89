//! Times building an extractor with extra gazetteer files and reports the memory held.
//!
//! ```text
//! cargo run --release --example load_gazetteer -- cities500.txt admin1CodesASCII.txt
//! ```
//!
//! Prints the load-and-build time, the time until a first extraction has returned (it
//! compiles the rule patterns), the number of distinct patterns and the peak resident
//! memory of the process (Linux `VmHWM`; elsewhere only the times).

use conflict_events::{Document, Extractor};
use std::process::ExitCode;
use std::time::Instant;

#[path = "support/memory.rs"]
mod memory;

use memory::peak_rss_mb;

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
            // The first extraction also compiles the rule patterns: "ready" is after it.
            let out = ex.extract(&Document::new("Russian jets struck Aleppo on Monday, killing three civilians."));
            println!(
                "first extraction returned {:.2} s after the start ({} event)",
                t0.elapsed().as_secs_f64(),
                out.events.len()
            );
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
