//! Times building an extractor with the field's actor dictionaries and shows how the seed
//! article's diplomats come out under them.
//!
//! ```text
//! cargo run --release --example load_actors -- \
//!     --cameo Phoenix.Countries.actors.txt --cameo Phoenix.International.actors.txt \
//!     --cameo Phoenix.MilNonState.actors.txt --agents Phoenix.agents.txt \
//!     [--ucdp ucdp-actor-221.csv] [--no-default-actors]
//! ```
//!
//! Malformed entries are skipped and listed. Prints the load-and-build time, the peak resident memory (Linux `VmHWM`) and the
//! actors of one sentence of the seed article (published 2 May 2016).

use conflict_events::{find_absolute_date, Document, Extractor};
use std::process::ExitCode;
use std::time::Instant;

#[path = "support/memory.rs"]
mod memory;

use memory::peak_rss_mb;

const SENTENCE: &str = "Saudi Foreign Minister Adel al-Jubeir met his US counterpart John Kerry in Geneva, \
while UN envoy Staffan de Mistura flew to Moscow to see Russian Foreign Minister Sergei Lavrov.";

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let t0 = Instant::now();
    let mut b = Extractor::builder();
    b.skip_malformed_entries(true);
    while let Some(a) = args.next() {
        match (a.as_str(), args.next()) {
            ("--cameo", Some(p)) => b.load_cameo_actors(p),
            ("--agents", Some(p)) => b.load_cameo_agents(p),
            ("--ucdp", Some(p)) => b.load_ucdp_actors(p),
            ("--no-default-actors", next) => {
                if let Some(n) = next {
                    eprintln!("put --no-default-actors last (saw {n:?} after it)");
                    return ExitCode::FAILURE;
                }
                b.default_actors(false)
            }
            (other, _) => {
                eprintln!("unknown or incomplete argument {other:?}");
                return ExitCode::FAILURE;
            }
        };
    }
    let ex = match b.build() {
        Ok(ex) => ex,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    println!("built in {:.2} s: {ex:?}", t0.elapsed().as_secs_f64());
    println!("{} malformed entries skipped", ex.skipped_entries().len());
    for s in ex.skipped_entries() {
        println!("  {s}");
    }
    if let Some(mb) = peak_rss_mb() {
        println!("peak resident memory {mb:.0} MB");
    }
    let mut doc = Document::new(SENTENCE);
    if let Some(d) = find_absolute_date("2 May 2016") {
        doc = doc.published(d);
    }
    for a in ex.extract(&doc).actors {
        println!(
            "{:<28} {:<14} {:<4} {}",
            a.text,
            a.code.as_deref().unwrap_or("-"),
            a.country_code.as_deref().unwrap_or("-"),
            a.name
        );
    }
    ExitCode::SUCCESS
}
