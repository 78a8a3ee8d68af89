//! Merging: mentions of one event become one record.
//!
//! In: drafts in text order. Out: drafts where every group that is one event — same kind
//! and status, compatible place, day and actors (ACLED's rule) — has become one, keeping
//! the evidence of every mention, the first trigger, and the most specific place, date,
//! toll and actor set among them.

use crate::events::{Draft, PlaceInfo};
use crate::model::{ActorType, Role, Status};

fn places_fit(a: &Option<PlaceInfo>, b: &Option<PlaceInfo>) -> bool {
    match (a, b) {
        (Some(x), Some(y)) => {
            (x.resolved.target == y.resolved.target && x.key == y.key) || x.contains(y) || y.contains(x)
        }
        _ => true,
    }
}

fn dates_fit(a: &Draft, b: &Draft) -> bool {
    match (a.date_value, b.date_value) {
        (Some((x, px)), Some((y, py))) => {
            if px == py {
                x == y
            } else {
                // A month and a day in it fit.
                x.year == y.year && x.month == y.month
            }
        }
        _ => true,
    }
}

/// Named parties (persons, organisations) must overlap when both sides name some.
fn actors_fit(a: &Draft, b: &Draft) -> bool {
    // The names read in place (this runs for every pair of drafts compared), not copied.
    fn named(d: &Draft) -> impl Iterator<Item = &str> {
        d.actors
            .iter()
            .filter(|x| {
                x.actor.actor.is_some() && matches!(x.actor.actor_type, ActorType::Person | ActorType::International)
            })
            .map(|x| x.actor.name.as_str())
    }
    if named(a).next().is_none() || named(b).next().is_none() {
        return true;
    }
    // Same set, or one within the other.
    let within = |x: &Draft, y: &Draft| named(x).all(|n| named(y).any(|m| m == n));
    within(a, b) || within(b, a)
}

fn status_fit(a: Status, b: Status) -> bool {
    a == b
}

/// Whether two drafts are mentions of one event.
pub(crate) fn same_event(a: &Draft, b: &Draft) -> bool {
    a.kind == b.kind
        && status_fit(a.status, b.status)
        && places_fit(&a.location, &b.location)
        && dates_fit(a, b)
        && actors_fit(a, b)
}

fn absorb(into: &mut Draft, from: Draft) {
    // Repeats are dropped once, at the end of `merge`: checking each here costs the square
    // of the mentions of a much-repeated event.
    into.evidence.extend(from.evidence);
    match (&into.location, &from.location) {
        (None, Some(_)) => into.location = from.location,
        (Some(a), Some(b)) if b.precision.specificity() > a.precision.specificity() => into.location = from.location,
        _ => {}
    }
    match (into.date_value, from.date_value) {
        (None, Some(_)) => {
            into.date = from.date;
            into.date_value = from.date_value;
        }
        (Some((_, pa)), Some((_, pb))) if (pb as u8) < (pa as u8) => {
            into.date = from.date;
            into.date_value = from.date_value;
        }
        _ => {}
    }
    // A toll with a count beats "no reports" or "unknown" from an earlier mention.
    let count = |f: &Option<crate::numbers::FatalityMention>| f.and_then(|m| m.count).unwrap_or(0);
    let better = into.fatalities.is_none() || (count(&from.fatalities) > 0 && count(&into.fatalities) == 0);
    if better && from.fatalities.is_some() {
        into.fatalities = from.fatalities;
    }
    if into.subkind.is_none() {
        into.subkind = from.subkind;
    }
    for a in from.actors {
        let dup =
            into.actors.iter().any(|x| x.role == a.role && x.actor.name == a.actor.name && x.actor.cc == a.actor.cc);
        // One initiator a side: keep an uncertain pair over a second guess.
        if !dup {
            into.actors.push(a);
        }
    }
    for s in from.sources {
        if !into.sources.iter().any(|x| x.name == s.name) {
            into.sources.push(s);
        }
    }
    into.weak &= from.weak;
}

/// Drops repeated spans, keeping each first one where it stands. Most events have a mention
/// or a few: those are compared with the spans kept so far, and only a long list is hashed
/// (a set for every event cost more than the comparisons).
fn dedup_evidence(evidence: &mut Vec<(usize, usize)>) {
    if evidence.len() > 32 {
        let mut seen = std::collections::HashSet::with_capacity(evidence.len());
        evidence.retain(|e| seen.insert(*e));
        return;
    }
    let mut kept = 0;
    for i in 0..evidence.len() {
        let e = evidence[i];
        if !evidence[..kept].contains(&e) {
            evidence[kept] = e;
            kept += 1;
        }
    }
    evidence.truncate(kept);
}

/// How many of the latest events a new mention is compared with.
const WINDOW: usize = 256;

/// Merges drafts that are mentions of one event.
pub(crate) fn merge(drafts: Vec<Draft>) -> Vec<Draft> {
    let mut out: Vec<Draft> = Vec::with_capacity(drafts.len());
    for d in drafts {
        // The most recent compatible event wins: stories return to the latest one. Only the
        // last WINDOW events are looked at, so a book-length document stays linear; no
        // story holds that many distinct events.
        let from = out.len().saturating_sub(WINDOW);
        match out[from..].iter().rposition(|o| same_event(o, &d)) {
            Some(i) => absorb(&mut out[from + i], d),
            None => out.push(d),
        }
    }
    for d in &mut out {
        dedup_evidence(&mut d.evidence);
    }
    // Drop actors whose role a better mention filled: an unnamed "jets" initiator when a
    // named one exists.
    for d in &mut out {
        let has_named_init =
            d.actors.iter().any(|a| a.role == Role::Initiator && (a.actor.cc.is_some() || a.actor.uncertain));
        if has_named_init {
            d.actors.retain(|a| {
                !(a.role == Role::Initiator
                    && a.actor.cc.is_none()
                    && !a.actor.uncertain
                    && a.actor.actor.is_none()
                    && a.actor.actor_type != ActorType::Unidentified)
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::actors::Composed;
    use crate::dates::{CivilDate, DatePrecision};
    use crate::events::DraftActor;
    use crate::model::PlacePrecision;
    use crate::model::{Kind, Role};
    use crate::places::{Resolved, Target};

    fn place(target: Target, precision: PlacePrecision, country: u16, admin1: Option<u32>) -> PlaceInfo {
        let resolved = Resolved { start: 0, end: 1, target, demonym: false, unresolved: false };
        PlaceInfo { resolved, precision, country: Some(country), admin1, key: None }
    }

    fn person(name: &str, id: u32) -> DraftActor {
        let actor = Composed {
            start: 0,
            end: 1,
            name: name.to_string(),
            actor_type: ActorType::Person,
            cc: None,
            actor: Some(id),
            sector: None,
            uncertain: false,
            held: false,
            bare_country: false,
        };
        DraftActor { actor, role: Role::Participant }
    }

    fn draft(kind: Kind, status: Status, day: Option<u8>, location: Option<PlaceInfo>, at: usize) -> Draft {
        Draft {
            kind,
            subkind: None,
            status,
            trigger: (at, at + 1),
            evidence: vec![(at, at + 10)],
            date: None,
            date_value: day.map(|d| (CivilDate::new(2016, 5, d).unwrap(), DatePrecision::Day)),
            location,
            actors: Vec::new(),
            fatalities: None,
            sources: Vec::new(),
            weak: false,
        }
    }

    /// `dedup_evidence` keeps what a retain with a set of the spans seen keeps.
    #[test]
    fn dedup_evidence_equals_set_retain() {
        let mut seed: u64 = 0xA076_1D64_78BD_642F;
        for _ in 0..5_000 {
            seed = crate::testing::xorshift(seed);
            let n = (seed % 70) as usize;
            let spans: Vec<(usize, usize)> = (0..n)
                .map(|_| {
                    seed = crate::testing::xorshift(seed);
                    ((seed % 5) as usize, (seed / 5 % 3) as usize)
                })
                .collect();
            let mut want = spans.clone();
            let mut seen = std::collections::HashSet::new();
            want.retain(|e| seen.insert(*e));
            let mut got = spans;
            dedup_evidence(&mut got);
            assert_eq!(got, want);
        }
    }

    #[test]
    fn merge_table() {
        let aleppo = place(Target::Place(1), PlacePrecision::City, 7, Some(3));
        let idlib = place(Target::Place(2), PlacePrecision::City, 7, Some(4));
        let syria = place(Target::Country(7), PlacePrecision::Country, 7, None);
        let aleppo_region = place(Target::Place(9), PlacePrecision::Region, 7, Some(3));
        use Kind::*;
        use Status::*;
        // (drafts, expected number of events after merging)
        let cases: Vec<(Vec<Draft>, usize)> = vec![
            (
                vec![
                    draft(Strike, Occurred, Some(2), Some(aleppo), 0),
                    draft(Strike, Occurred, Some(2), Some(aleppo), 50),
                ],
                1,
            ),
            (
                vec![
                    draft(Strike, Occurred, Some(1), Some(aleppo), 0),
                    draft(Strike, Occurred, Some(2), Some(aleppo), 50),
                ],
                2,
            ),
            (
                vec![
                    draft(Strike, Occurred, Some(2), Some(aleppo), 0),
                    draft(Strike, Occurred, Some(2), Some(idlib), 50),
                ],
                2,
            ),
            (vec![draft(Strike, Occurred, Some(2), Some(aleppo), 0), draft(Strike, Occurred, Some(2), None, 50)], 1),
            (
                vec![
                    draft(Strike, Occurred, Some(2), Some(syria), 0),
                    draft(Strike, Occurred, Some(2), Some(aleppo), 50),
                ],
                1,
            ),
            (
                vec![
                    draft(Strike, Occurred, None, Some(aleppo_region), 0),
                    draft(Strike, Occurred, None, Some(aleppo), 9),
                ],
                1,
            ),
            (
                vec![
                    draft(Strike, Occurred, Some(2), Some(aleppo), 0),
                    draft(Shelling, Occurred, Some(2), Some(aleppo), 50),
                ],
                2,
            ),
            (vec![draft(Meeting, Occurred, Some(2), None, 0), draft(Meeting, Planned, Some(2), None, 50)], 2),
        ];
        for (i, (drafts, want)) in cases.into_iter().enumerate() {
            assert_eq!(merge(drafts).len(), want, "case {i}");
        }
    }

    #[test]
    fn merged_event_keeps_all_evidence_and_the_most_specific_place() {
        let syria = place(Target::Country(7), PlacePrecision::Country, 7, None);
        let aleppo = place(Target::Place(1), PlacePrecision::City, 7, Some(3));
        let out = merge(vec![
            draft(Kind::Strike, Status::Occurred, Some(2), Some(syria), 0),
            draft(Kind::Strike, Status::Occurred, None, Some(aleppo), 50),
        ]);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].evidence, vec![(0, 10), (50, 60)]);
        assert_eq!(out[0].location.unwrap().resolved.target, Target::Place(1));
        assert!(out[0].date_value.is_some());
    }

    #[test]
    fn meetings_with_other_named_people_stay_apart() {
        let mut a = draft(Kind::Meeting, Status::Occurred, Some(2), None, 0);
        a.actors = vec![person("Adel al-Jubeir", 1), person("John Kerry", 2)];
        let mut b = draft(Kind::Meeting, Status::Occurred, Some(2), None, 50);
        b.actors = vec![person("Staffan de Mistura", 3), person("John Kerry", 2)];
        let mut c = draft(Kind::Meeting, Status::Occurred, None, None, 90);
        c.actors = vec![person("John Kerry", 2)];
        let out = merge(vec![a, b, c]);
        // The third (Kerry alone) is a mention of the latest compatible one.
        assert_eq!(out.len(), 2);
        assert_eq!(out[1].evidence.len(), 2);
    }
}
