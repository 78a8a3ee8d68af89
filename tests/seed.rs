//! The seed article (AFP, Aleppo, 2 May 2016) against its reference events, matched the
//! way the evaluation matches them: same kind, place within 40 km, then date and status.

use conflict_events::{CivilDate, Document, Event, Extractor, Status};
use serde_json::Value;

const ARTICLE: &str = include_str!("../examples/data/aleppo-2016-05-02.txt");
const GOLD: &str = include_str!("data/aleppo-2016-05-02.gold.json");

fn km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, lo1, la2, lo2) = (a.0.to_radians(), a.1.to_radians(), b.0.to_radians(), b.1.to_radians());
    let h = ((la2 - la1) / 2.0).sin().powi(2) + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().min(1.0).asin()
}

fn status_name(s: Status) -> &'static str {
    match s {
        Status::Occurred => "occurred",
        Status::Planned => "planned",
        Status::Proposed => "proposed",
        Status::Negated => "negated",
        _ => "other",
    }
}

fn place_fits(gold: &Value, e: &Event, radius: f64) -> bool {
    let Some(g) = gold.get("location").filter(|l| !l.is_null()) else { return true };
    let Some(l) = &e.location else { return false };
    let (Some(lat), Some(lon)) = (l.lat, l.lon) else { return false };
    km((g["lat"].as_f64().unwrap(), g["lon"].as_f64().unwrap()), (lat, lon)) <= radius
}

fn events() -> Vec<Event> {
    let doc = Document::new(ARTICLE).published(CivilDate::new(2016, 5, 2).unwrap());
    Extractor::default_ref().extract(&doc).events
}

#[test]
fn every_required_event_is_found_with_its_fields() {
    let gold: Value = serde_json::from_str(GOLD).unwrap();
    let got = events();
    let mut used = vec![false; got.len()];
    for g in gold["events"].as_array().unwrap() {
        if g["optional"].as_bool().unwrap_or(false) {
            continue;
        }
        let kind = g["kind"].as_str().unwrap();
        let found = got.iter().enumerate().find(|(i, e)| {
            !used[*i]
                && e.kind.as_str() == kind
                && place_fits(g, e, 25.0)
                && status_name(e.status) == g["status"].as_str().unwrap()
                && g["date"].as_str().is_none_or(|d| e.date.as_ref().is_some_and(|x| x.value.starts_with(d)))
        });
        let (i, e) = found.unwrap_or_else(|| panic!("missing {kind} {:?}\ngot {got:#?}", g["evidence"]));
        used[i] = true;
        if let Some(n) = g["fatalities"].as_u64() {
            assert_eq!(e.fatalities.as_ref().and_then(|f| f.count), Some(n as u32), "{:?}", g["evidence"]);
        }
        // Every reference actor's country (or name) is among the event's actors.
        for a in g["actors"].as_array().unwrap() {
            let ok = match a["country_code"].as_str() {
                Some(cc) => e.actors.iter().any(|x| x.country_code.as_deref() == Some(cc)),
                None => e.actors.iter().any(|x| x.name.eq_ignore_ascii_case(a["name"].as_str().unwrap())),
            };
            assert!(ok, "actor {a} missing from {:?} in {:?}", e.actors, g["evidence"]);
        }
    }
}

#[test]
fn nothing_that_did_not_happen_is_reported_as_having_happened() {
    let got = events();
    // The Kerry-Lavrov meeting has "no plan"; the ministers' meeting is only proposed.
    for e in got.iter().filter(|e| e.kind.as_str() == "meeting") {
        let names: Vec<&str> = e.actors.iter().map(|a| &*a.name).collect();
        if names.contains(&"Sergei Lavrov") {
            assert_eq!(e.status, Status::Negated, "{e:#?}");
        }
    }
    assert!(got.iter().any(|e| e.kind.as_str() == "meeting" && e.status == Status::Proposed));
}

#[test]
fn sunday_shelling_killed_three() {
    let got = events();
    let shelling: Vec<&Event> = got.iter().filter(|e| e.kind.as_str() == "shelling").collect();
    assert_eq!(shelling.len(), 1, "{shelling:#?}");
    let e = shelling[0];
    assert_eq!(e.fatalities.as_ref().unwrap().count, Some(3));
    assert_eq!(e.date.as_ref().unwrap().value, "2016-05-01");
    assert_eq!(e.evidence.len(), 2, "both mentions are kept as evidence");
    assert!(e.sources.iter().any(|s| s.name == "Syrian Observatory for Human Rights"), "{:?}", e.sources);
}

#[test]
fn monday_strikes_are_one_event_with_all_mentions() {
    let got = events();
    let monday: Vec<&Event> = got
        .iter()
        .filter(|e| e.kind.as_str() == "strike" && e.date.as_ref().is_some_and(|d| d.value == "2016-05-02"))
        .collect();
    assert_eq!(monday.len(), 1, "{monday:#?}");
    let e = monday[0];
    assert!(e.evidence.len() >= 2);
    assert_eq!(e.location.as_ref().unwrap().name, "Aleppo");
    assert!(e.actors.iter().any(|a| a.name == "Syrian or Russian jets" && a.uncertain));
    assert_eq!(e.fatalities.as_ref().unwrap().count, Some(0));
    assert_eq!(e.fatalities.as_ref().unwrap().qualifier, "none_reported");
}

/// `Extractor::events` skips work `extract` does for places and actors; the events must
/// not change. The evaluation sets are read too when `../shared` is there.
#[test]
fn the_events_door_gives_the_events_of_the_full_extraction() {
    let ex = Extractor::default_ref();
    let mut texts: Vec<String> = vec![ARTICLE.to_string()];
    let dev = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/eval/dev");
    for set in ["articles", "rams", "trnews", "acled-ukraine"] {
        if let Ok(lines) = std::fs::read_to_string(dev.join(format!("{set}.docs.jsonl"))) {
            let docs = lines.lines().filter_map(|l| serde_json::from_str::<Value>(l).ok());
            texts.extend(docs.filter_map(|v| v["text"].as_str().map(str::to_string)));
        }
    }
    let published = CivilDate::new(2016, 5, 2).unwrap();
    let mut events = 0;
    for text in &texts {
        let doc = Document::new(text).published(published);
        let full = ex.extract(&doc).events;
        assert_eq!(ex.events(&doc), full, "{text}");
        events += full.len();
    }
    assert!(events >= 7, "the seed article alone has seven events");
}
