//! Merging: mentions of one event become one record.
//!
//! In: drafts in text order. Out: drafts where every group that is one event — same kind
//! and status, compatible place, day and actors (ACLED's rule) — has become one, keeping
//! the evidence of every mention, the first trigger, and the most specific place, date,
//! toll and actor set among them.

use crate::events::{Draft, PlaceInfo};
use crate::model::{ActorType, PlacePrecision, Role, Status};

fn rank(p: PlacePrecision) -> u8 {
    match p {
        PlacePrecision::Neighbourhood => 5,
        PlacePrecision::Town | PlacePrecision::City => 4,
        PlacePrecision::Region => 2,
        PlacePrecision::Country => 1,
        PlacePrecision::Continent => 0,
    }
}

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
    let named = |d: &Draft| -> Vec<String> {
        d.actors
            .iter()
            .filter(|x| {
                x.actor.actor.is_some() && matches!(x.actor.actor_type, ActorType::Person | ActorType::International)
            })
            .map(|x| x.actor.name.clone())
            .collect()
    };
    let (na, nb) = (named(a), named(b));
    if na.is_empty() || nb.is_empty() {
        return true;
    }
    // Same set, or one within the other.
    na.iter().all(|x| nb.contains(x)) || nb.iter().all(|x| na.contains(x))
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
    for e in from.evidence {
        if !into.evidence.contains(&e) {
            into.evidence.push(e);
        }
    }
    match (&into.location, &from.location) {
        (None, Some(_)) => into.location = from.location,
        (Some(a), Some(b)) if rank(b.precision) > rank(a.precision) => into.location = from.location,
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

/// Merges drafts that are mentions of one event.
pub(crate) fn merge(drafts: Vec<Draft>) -> Vec<Draft> {
    let mut out: Vec<Draft> = Vec::with_capacity(drafts.len());
    for d in drafts {
        // The most recent compatible event wins: stories return to the latest one.
        match out.iter().rposition(|o| same_event(o, &d)) {
            Some(i) => absorb(&mut out[i], d),
            None => out.push(d),
        }
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
