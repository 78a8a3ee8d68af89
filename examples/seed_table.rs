//! Prints the events of the bundled AFP article (Aleppo, 2 May 2016) as a table.
//!
//! ```text
//! cargo run --release --example seed_table
//! ```

use conflict_events::{CivilDate, Document, Extractor};

const ARTICLE: &str = include_str!("data/aleppo-2016-05-02.txt");

fn main() {
    let published = CivilDate::new(2016, 5, 2).expect("valid date");
    let out = Extractor::default_ref().extract(&Document::new(ARTICLE).published(published));
    println!(
        "{:<10} {:<11} {:<10} {:<10} {:<14} {:<4} {:<40} trigger",
        "kind", "subkind", "status", "date", "place", "dead", "actors"
    );
    for e in &out.events {
        let sub = e.subkind.map(|s| format!("{s:?}")).unwrap_or_default();
        let date = e.date.as_ref().map_or("-", |d| d.value.as_str());
        let place = e.location.as_ref().map_or("-", |l| &*l.name);
        let dead = e.fatalities.as_ref().and_then(|f| f.count).map_or("-".to_string(), |n| n.to_string());
        let actors: Vec<String> =
            e.actors.iter().map(|a| format!("{}:{}", a.name, format!("{:?}", a.role).to_lowercase())).collect();
        println!(
            "{:<10} {:<11} {:<10} {:<10} {:<14} {:<4} {:<40} {:?}",
            e.kind.as_str(),
            sub,
            format!("{:?}", e.status).to_lowercase(),
            date,
            place,
            dead,
            actors.join(", "),
            e.trigger.text
        );
    }
    println!("\n{} place mentions, {} actor mentions", out.places.len(), out.actors.len());
}
