//! Adding your own places, actors and trigger terms.
//!
//! ```text
//! cargo run --release --example custom_dictionaries
//! ```

use conflict_events::{ActorSpec, ActorType, Document, Extractor, Kind, PlaceSpec, Subkind};

fn main() -> Result<(), conflict_events::Error> {
    let mut builder = Extractor::builder();
    // A place the gazetteer lacks: a named camp with its coordinates and region.
    let mut camp = PlaceSpec::new("Camp Zeta", 35.93, 39.01, "SY");
    camp.alternates.push("Zeta camp".into());
    camp.admin1 = Some("Ar-Raqqah".into());
    builder.add_place(camp);
    // A local militia with an alias.
    let mut militia = ActorSpec::new("Euphrates Falcons", ActorType::ArmedGroup, Some("SY"));
    militia.aliases.push("the Falcons".into());
    builder.add_actor(militia);
    // A trigger phrase from a local reporting style.
    builder.add_trigger("lobbed mortar bombs at", Kind::Shelling, Some(Subkind::Mortar));
    // Files work too: builder.load_places("SY.txt"), builder.load_actors("actors.tsv").
    let extractor = builder.build()?;

    let text = "The Euphrates Falcons lobbed mortar bombs at Camp Zeta on Tuesday, killing two guards.";
    let out = extractor.extract(&Document::new(text));
    for e in &out.events {
        println!("{}", serde_json::to_string_pretty(e).expect("events serialise"));
    }
    // Errors name the file, line and problem.
    let err = Extractor::builder().places_from_str("my-places.tsv", "1\tX\t95\t0\tSY\t\t\tPPL\t0\t\n").build();
    if let Err(e) = err {
        println!("as expected: {e}");
    }
    Ok(())
}
