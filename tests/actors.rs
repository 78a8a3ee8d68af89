//! Actors through the public API: composition, roles per kind and the country a side takes
//! from the event's place. Whole sentences against the embedded dictionaries.

use conflict_events::{extract_events, Kind, Role};

/// (name, role, country) of each actor of the first event of `kind` in `text`.
fn actors(text: &str, kind: Kind) -> Vec<(String, Role, Option<String>)> {
    let events = extract_events(text);
    let e = events.iter().find(|e| e.kind == kind).unwrap_or_else(|| panic!("no {kind:?} in {events:#?}"));
    e.actors.iter().map(|a| (a.name.clone(), a.role, a.country_code.clone())).collect()
}

/// An expected actor: name, role, country.
type Want = (&'static str, Role, Option<&'static str>);

#[test]
fn ceasefire_parties_authors_and_mediators() {
    let cases: &[(&str, &[Want])] = &[
        // A country glued to a participle before the trigger.
        ("Aleppo was calm during a Russian-proposed humanitarian pause.", &[("Russia", Role::Initiator, Some("RU"))]),
        ("Aleppo was calm during a Turkish-brokered ceasefire.", &[("Turkey", Role::Mediator, Some("TR"))]),
        // The plan a truce comes under names its mediators; later clauses do not.
        (
            "A truce came into effect in Syria under a U.S.-Russian plan although it does not apply to Islamic State.",
            &[("United States", Role::Mediator, Some("US")), ("Russia", Role::Mediator, Some("RU"))],
        ),
        // Two sides joined by "and" stay two actors; sides named without a country take
        // the country of the event's place.
        (
            "Kurdish fighters and pro-government fighters who agreed a truce last week clashed in Qamishli.",
            &[
                ("Kurdish forces", Role::Participant, Some("SY")),
                ("pro-government fighters", Role::Participant, Some("SY")),
            ],
        ),
    ];
    for &(text, want) in cases {
        let got = actors(text, Kind::Ceasefire);
        for &(name, role, cc) in want {
            assert!(
                got.iter().any(|(n, r, c)| n == name && *r == role && c.as_deref() == cc),
                "{text:?}: want {name} {role:?} {cc:?} in {got:?}"
            );
        }
        assert_eq!(got.len(), want.len(), "{text:?}: {got:?}");
    }
}
