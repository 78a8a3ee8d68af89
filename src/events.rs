//! Event assembly: frames plus arguments become event records.
//!
//! In: the frames of each sentence, the sentence's resolved places, composed actors, date
//! mentions and fatality mentions (all in normalised offsets). Out: one [`Draft`] per
//! frame with status, date, location, actors with roles, fatalities and sources chosen —
//! first within the sentence, then from the paragraph's context (a date or a toll stated
//! in the neighbouring sentence). Drafts still carry normalised offsets and gazetteer
//! indices; the extractor turns them into public [`Event`](crate::Event)s after merging.

use crate::actors::Composed;
use crate::dates::{CivilDate, DateMention};
use crate::model::{ActorType, Kind, PlacePrecision, Role, Status, Subkind};
use crate::numbers::{FatalityMention, Qualifier};
use crate::places::Resolved;
use crate::triggers::Frame;

/// What the assembler knows about one sentence.
pub(crate) struct SentenceInfo<'a> {
    /// Span in the normalised text.
    pub start: usize,
    pub end: usize,
    /// Paragraph number (sentences split by a blank line belong to different paragraphs).
    pub paragraph: usize,
    pub frames: Vec<Frame>,
    /// Resolved places whose span lies in the sentence (including anaphora like "the city").
    pub places: Vec<Resolved>,
    pub actors: Vec<Composed>,
    pub dates: Vec<DateMention>,
    pub fatalities: Vec<FatalityMention>,
    pub text: &'a str,
}

/// A place as the assembler sees it: the resolution plus what it needs to rank.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct PlaceInfo {
    pub resolved: Resolved,
    pub precision: PlacePrecision,
    pub country: Option<u16>,
}

/// An actor in an event (normalised offsets).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct DraftActor {
    pub actor: Composed,
    pub role: Role,
}

/// An event before merging.
#[derive(Clone, Debug)]
pub(crate) struct Draft {
    pub kind: Kind,
    pub subkind: Option<Subkind>,
    pub status: Status,
    pub trigger: (usize, usize),
    pub evidence: Vec<(usize, usize)>,
    pub date: Option<DateMention>,
    pub date_value: Option<(CivilDate, crate::dates::DatePrecision)>,
    pub location: Option<PlaceInfo>,
    pub actors: Vec<DraftActor>,
    pub fatalities: Option<FatalityMention>,
    pub sources: Vec<Composed>,
    pub weak: bool,
    pub paragraph: usize,
}

/// Locative words that put the next place name at the scene.
fn locative_before(before: &str) -> bool {
    let w = before.trim_end();
    let last = w.rsplit(|c: char| !c.is_alphanumeric()).next().unwrap_or("");
    matches!(
        last.to_ascii_lowercase().as_str(),
        "in" | "on" | "at" | "near" | "around" | "over" | "hit" | "struck" | "shelled" | "targeted" | "targeting" | "bombed" | "pounded" | "of" | "outside" | "across" | "into" | "toward" | "towards" | "against" | "to" | "village" | "town" | "city" | "inside"
    )
}

fn excluded_before(before: &str) -> bool {
    let w = before.trim_end().to_ascii_lowercase();
    w.ends_with("excludes") || w.ends_with("excluding") || w.ends_with("except") || w.ends_with("exclude") || w.ends_with("outside of")
}

/// Chooses the location of a frame among the sentence's places.
fn choose_location(text: &str, s: &SentenceInfo, f: &Frame, places: &[PlaceInfo]) -> Option<PlaceInfo> {
    let mut best: Option<(f32, PlaceInfo)> = None;
    for p in places {
        let r = p.resolved;
        if r.demonym {
            continue;
        }
        // A place inside an actor phrase ("Syria's government") is not the scene.
        if s.actors.iter().any(|a| !a.bare_country && !a.held && a.start <= r.start && r.end <= a.end && a.end > r.end) {
            continue;
        }
        let before = &text[s.start.min(r.start)..r.start];
        if f.kind == Kind::Ceasefire && excluded_before(before) {
            continue;
        }
        let after_trigger = r.start >= f.end;
        let dist = if after_trigger { r.start - f.end } else { f.start.saturating_sub(r.end) } as f32;
        let mut score = match p.precision {
            PlacePrecision::Neighbourhood | PlacePrecision::Town => 3.0,
            PlacePrecision::City => 3.0,
            PlacePrecision::Region => 2.0,
            PlacePrecision::Country => 1.0,
        };
        if locative_before(before) {
            score += 2.0;
        }
        if after_trigger {
            score += 1.0;
        }
        score -= dist / 80.0;
        match f.kind {
            Kind::Ceasefire | Kind::Meeting => {
                // The place must be attached to the trigger: near it, or a locative phrase.
                let near = if after_trigger { dist <= 90.0 } else { dist <= 30.0 };
                if !near {
                    continue;
                }
                if f.kind == Kind::Meeting && p.precision == PlacePrecision::Country && !locative_before(before) {
                    continue;
                }
            }
            _ => {}
        }
        if best.as_ref().is_none_or(|(b, _)| score > *b) {
            best = Some((score, *p));
        }
    }
    best.map(|(_, p)| p)
}

/// Whether an actor type can fire or strike.
fn armed(t: ActorType) -> bool {
    matches!(t, ActorType::Military | ActorType::Rebel | ActorType::ArmedGroup | ActorType::Unidentified | ActorType::Government | ActorType::Police)
}

/// Chooses actors and roles for a frame.
fn choose_actors(text: &str, s: &SentenceInfo, f: &Frame) -> (Vec<DraftActor>, Vec<Composed>) {
    let mut actors = Vec::new();
    let mut sources = Vec::new();
    for a in &s.actors {
        if matches!(a.actor_type, ActorType::Media | ActorType::Monitor) {
            sources.push(a.clone());
        }
    }
    let clause_start = |pos: usize| -> usize {
        let seg = &text[s.start..pos];
        seg.rfind([';', ':']).map_or(s.start, |i| s.start + i + 1)
    };
    match f.kind {
        Kind::Strike | Kind::Shelling => {
            let cs = clause_start(f.start);
            for a in &s.actors {
                if matches!(a.actor_type, ActorType::Media | ActorType::Monitor) {
                    continue;
                }
                let role = if a.held || a.actor_type == ActorType::Civilian {
                    Some(Role::Target)
                } else if a.end <= f.start {
                    // Before the trigger: the subject, if armed and in the trigger's clause.
                    let gap = &text[a.end..f.start];
                    if a.start >= cs && (armed(a.actor_type) || (a.bare_country && gap.len() <= 40)) && !gap.contains(" of ") {
                        Some(Role::Initiator)
                    } else {
                        None
                    }
                } else {
                    let gap = text[f.end..a.start].to_ascii_lowercase();
                    let by = gap.trim_end().ends_with(" by") || gap.trim() == "by";
                    if by && !a.bare_country {
                        Some(Role::Initiator)
                    } else if a.bare_country {
                        None
                    } else if gap.len() <= 80 {
                        Some(Role::Target)
                    } else {
                        None
                    }
                };
                if let Some(role) = role {
                    actors.push(DraftActor { actor: a.clone(), role });
                }
            }
        }
        Kind::Meeting => {
            // Parties: persons, governments, organisations and countries in the sentence;
            // the nearest before the trigger (its subject) and those after it.
            for a in &s.actors {
                if matches!(a.actor_type, ActorType::Media | ActorType::Monitor | ActorType::Civilian) || a.held {
                    continue;
                }
                if !matches!(a.actor_type, ActorType::Person | ActorType::Government | ActorType::International | ActorType::Rebel | ActorType::ArmedGroup | ActorType::Military) {
                    continue;
                }
                let before = a.end <= f.start;
                let gap = if before { f.start - a.end } else { a.start.saturating_sub(f.end) };
                if gap <= 120 {
                    let role = if text[s.start..a.start].to_ascii_lowercase().ends_with("mediator ") {
                        Role::Mediator
                    } else {
                        Role::Participant
                    };
                    actors.push(DraftActor { actor: a.clone(), role });
                }
            }
        }
        Kind::Ceasefire => {
            for a in &s.actors {
                if matches!(a.actor_type, ActorType::Media | ActorType::Monitor | ActorType::Civilian) || a.held {
                    continue;
                }
                let before = a.end <= f.start;
                let gap = if before { f.start - a.end } else { a.start.saturating_sub(f.end) };
                if before && a.bare_country && gap <= 3 {
                    actors.push(DraftActor { actor: a.clone(), role: Role::Participant });
                } else if before && !a.bare_country && gap <= 80 {
                    actors.push(DraftActor { actor: a.clone(), role: Role::Initiator });
                } else if !before && !a.bare_country && gap <= 60 {
                    let g = text[f.end..a.start].to_ascii_lowercase();
                    let role = if g.contains("between") || g.contains(" with ") || g.contains(" by ") { Role::Participant } else { continue };
                    actors.push(DraftActor { actor: a.clone(), role });
                }
            }
        }
    }
    (actors, sources)
}

/// The date mention for a frame: the nearest in the sentence; planned and proposed events
/// only take dates after the trigger (a date before is usually the statement's).
fn choose_date(s: &SentenceInfo, f: &Frame, status: Status) -> Option<DateMention> {
    let future = matches!(status, Status::Planned | Status::Proposed);
    s.dates
        .iter()
        .filter(|d| !future || d.start >= f.end)
        .min_by_key(|d| if d.start >= f.end { d.start - f.end } else { f.start.saturating_sub(d.end) + 1 })
        .copied()
}

fn choose_fatalities(s: &SentenceInfo, f: &Frame) -> Option<FatalityMention> {
    s.fatalities
        .iter()
        .filter(|m| !m.cumulative)
        .min_by_key(|m| if m.start >= f.end { m.start - f.end } else { f.start.saturating_sub(m.end) })
        .copied()
}

/// Builds drafts for every frame of a document. `place_info` maps resolved places to their
/// precision and country.
pub(crate) fn assemble(
    text: &str,
    sentences: &[SentenceInfo],
    place_info: &dyn Fn(&Resolved) -> PlaceInfo,
    classify: &dyn Fn(&str, usize, usize, Kind) -> (Status, Option<Subkind>),
) -> Vec<Draft> {
    let mut out = Vec::new();
    let mut last_date: Option<(usize, DateMention)> = None;
    for (si, s) in sentences.iter().enumerate() {
        let places: Vec<PlaceInfo> = s.places.iter().map(place_info).collect();
        // Count sentence frames per kind so one fatality statement goes to one event.
        for f in &s.frames {
            let (status, phase) = classify(s.text, f.start - s.start, f.end - s.start, f.kind);
            // A planned meeting on a weekday means the coming one.
            let mut date = choose_date(s, f, status);
            let mut date_value = date.map(|d| match (status, d.future) {
                (Status::Planned | Status::Proposed, Some(fut)) => (fut, d.precision),
                _ => (d.date, d.precision),
            });
            if date.is_none() && status == Status::Occurred {
                // Inherit the paragraph's running date (ACLED notes, wire stories that give
                // the day once).
                if let Some((p, d)) = last_date {
                    if p == s.paragraph {
                        date = Some(d);
                        date_value = Some((d.date, d.precision));
                    }
                }
            }
            let location = choose_location(text, s, f, &places);
            let (actors, sources) = choose_actors(text, s, f);
            let mut fatalities = if matches!(f.kind, Kind::Strike | Kind::Shelling) { choose_fatalities(s, f) } else { None };
            if fatalities.is_none() && matches!(f.kind, Kind::Strike | Kind::Shelling) {
                // A toll stated in the next sentence of the paragraph, which has no event of
                // its own ("... shelled X. Two civilians were killed.").
                if let Some(n) = sentences.get(si + 1) {
                    if n.paragraph == s.paragraph && n.frames.is_empty() {
                        fatalities = n.fatalities.iter().find(|m| !m.cumulative).copied();
                    }
                }
            }
            let subkind = if f.kind == Kind::Ceasefire { phase.or(f.subkind) } else { f.subkind };
            out.push(Draft {
                kind: f.kind,
                subkind,
                status,
                trigger: (f.start, f.end),
                evidence: vec![(s.start, s.end)],
                date,
                date_value,
                location,
                actors,
                fatalities,
                sources,
                weak: f.weak,
                paragraph: s.paragraph,
            });
        }
        if let Some(d) = s.dates.iter().filter(|d| d.precision == crate::dates::DatePrecision::Day).last() {
            last_date = Some((s.paragraph, *d));
        }
    }
    out
}

/// The qualifier's JSON name.
pub(crate) fn qualifier_name(q: Qualifier) -> &'static str {
    match q {
        Qualifier::Exact => "exact",
        Qualifier::AtLeast => "at_least",
        Qualifier::Approximate => "approximate",
        Qualifier::NoneReported => "none_reported",
        Qualifier::Unknown => "unknown",
    }
}
