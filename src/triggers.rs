//! Triggers: the trigger lexicon, and event frames from the triggers of a sentence.
//!
//! In: the lexicon (`data/triggers.tsv` plus user terms) and, per sentence, the trigger
//! hits of the matcher in text order. Out: [`Frame`]s — a kind, a subkind and the trigger
//! span — one per kind and sentence. False friends ("hunger strike", "struck a deal",
//! "shell company") are lexicon entries of class `none`: leftmost-longest matching lets them
//! swallow the trigger inside them, so they never reach this stage as triggers.

use crate::error::Error;
use crate::model::{Kind, Subkind};

/// How a lexicon entry signals an event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TriggerClass {
    /// Signals an event by itself ("air strikes", "shelled", "truce", "met").
    Event,
    /// An attack word that signals a strike or shelling only when the sentence names a
    /// weapon ("warplanes bombed"), or for nouns, a military actor.
    Weak,
    /// A weapon word: decides what a weak trigger means.
    Weapon,
    /// An attack word whose kind the sentence's weapon decides, with its own kind when the
    /// sentence names none ("bombarded": from the air with jets, else by artillery).
    Attack,
    /// A false friend: blocks the triggers inside it.
    None,
}

/// A lexicon entry.
#[derive(Clone, Debug)]
pub(crate) struct TriggerRec {
    pub phrase: Box<str>,
    pub class: TriggerClass,
    pub kind: Option<Kind>,
    pub subkind: Option<Subkind>,
}

pub(crate) const DEFAULT_TRIGGERS: &str = include_str!("../data/triggers.tsv");

/// Parses a kind name.
pub(crate) fn parse_kind(s: &str) -> Option<Kind> {
    Some(match s {
        "strike" => Kind::Strike,
        "shelling" => Kind::Shelling,
        "ceasefire" => Kind::Ceasefire,
        "meeting" => Kind::Meeting,
        _ => return None,
    })
}

/// Parses a subkind name.
pub(crate) fn parse_subkind(s: &str) -> Option<Subkind> {
    use Subkind::*;
    Some(match s {
        "airstrike" => Airstrike,
        "drone_strike" => DroneStrike,
        "helicopter" => Helicopter,
        "missile" => Missile,
        "artillery" => Artillery,
        "mortar" => Mortar,
        "rocket" => Rocket,
        "tank" => Tank,
        "called_for" => CalledFor,
        "agreed" => Agreed,
        "declared" => Declared,
        "in_force" => InForce,
        "extended" => Extended,
        "violated" => Violated,
        "collapsed" => Collapsed,
        "rejected" => Rejected,
        "talks" => Talks,
        "visit" => Visit,
        "summit" => Summit,
        "negotiation" => Negotiation,
        _ => return None,
    })
}

/// Loads `phrase class kind subkind` lines.
pub(crate) fn load(file: &str, text: &str, out: &mut Vec<TriggerRec>) -> Result<(), Error> {
    for (n, line) in text.lines().enumerate() {
        let line_no = n + 1;
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').map(str::trim).collect();
        let get = |i: usize| cols.get(i).copied().unwrap_or("");
        if get(0).is_empty() {
            return Err(Error::parse(file, line_no, Some(1), "empty phrase"));
        }
        let class = match get(1) {
            "event" => TriggerClass::Event,
            "weak" => TriggerClass::Weak,
            "weapon" => TriggerClass::Weapon,
            "attack" => TriggerClass::Attack,
            "none" => TriggerClass::None,
            other => {
                return Err(Error::parse(
                    file,
                    line_no,
                    Some(2),
                    format!("unknown class {other:?} (want event, weak, attack, weapon or none)"),
                ))
            }
        };
        let kind = match get(2) {
            "" if class == TriggerClass::None => None,
            k => {
                Some(parse_kind(k).ok_or_else(|| Error::parse(file, line_no, Some(3), format!("unknown kind {k:?}")))?)
            }
        };
        let subkind = match get(3) {
            "" => None,
            s => Some(
                parse_subkind(s)
                    .ok_or_else(|| Error::parse(file, line_no, Some(4), format!("unknown subkind {s:?}")))?,
            ),
        };
        out.push(TriggerRec { phrase: get(0).into(), class, kind, subkind });
    }
    Ok(())
}

/// A trigger occurrence in a sentence (spans in the normalised text).
#[derive(Clone, Copy, Debug)]
pub(crate) struct TriggerHit {
    pub start: usize,
    pub end: usize,
    pub rec: u16,
}

/// A candidate event in one sentence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Frame {
    pub kind: Kind,
    pub subkind: Option<Subkind>,
    pub start: usize,
    pub end: usize,
    /// Signalled by a weak trigger plus a weapon, not by a trigger of its own.
    pub weak: bool,
}

/// Weak words that are nouns for an attack from the air: with a military actor in the
/// sentence they stand alone ("Russian strikes on Idlib"). ASCII case aside, compared in
/// place.
fn weak_noun(phrase: &str) -> bool {
    ["strikes", "strike", "raids", "raid"].iter().any(|w| phrase.eq_ignore_ascii_case(w))
}

/// Attack nouns that, right after a strike or shelling, refer back to it.
fn anaphoric_noun(phrase: &str) -> bool {
    ["attacks", "raids", "strikes", "bombings"].iter().any(|w| phrase.eq_ignore_ascii_case(w))
}

/// Whether the word before a trigger makes it refer back ("similar attacks", "the raids").
fn refers_back(before: &str) -> bool {
    let w = before.trim_end().rsplit(' ').next().unwrap_or("").to_ascii_lowercase();
    matches!(w.as_str(), "similar" | "the" | "these" | "those" | "both")
}

/// The frames of one sentence. `military_actor` says whether the sentence names a
/// military or armed actor; `context` is the kind of an attack in the previous sentences.
pub(crate) fn frames(
    text: &str,
    lex: &[TriggerRec],
    hits: &[TriggerHit],
    military_actor: bool,
    context: Option<Kind>,
) -> Vec<Frame> {
    let mut out: Vec<Frame> = Vec::new();
    // Most sentences have no trigger: nothing to set up for them.
    if hits.is_empty() {
        return out;
    }
    let weapons: Vec<&TriggerHit> = hits.iter().filter(|h| lex[h.rec as usize].class == TriggerClass::Weapon).collect();
    let push = |out: &mut Vec<Frame>, f: Frame| {
        match out.iter_mut().find(|o| o.kind == f.kind) {
            // A strong trigger replaces a weak frame of the same kind.
            Some(o) if o.weak && !f.weak => *o = f,
            Some(o) => {
                if o.subkind.is_none() {
                    o.subkind = f.subkind;
                }
            }
            None => out.push(f),
        }
    };
    let nearest = |h: &TriggerHit| -> Option<&TriggerRec> {
        weapons
            .iter()
            .min_by_key(|w| if w.start >= h.end { w.start - h.end } else { h.start.saturating_sub(w.end) })
            .map(|w| &lex[w.rec as usize])
    };
    for h in hits {
        let rec = &lex[h.rec as usize];
        let Some(kind) = rec.kind else { continue };
        match rec.class {
            TriggerClass::Event => {
                push(&mut out, Frame { kind, subkind: rec.subkind, start: h.start, end: h.end, weak: false })
            }
            TriggerClass::Attack => {
                let (k, sub) = nearest(h).map_or((kind, rec.subkind), |w| (w.kind.unwrap_or(kind), w.subkind));
                push(&mut out, Frame { kind: k, subkind: sub, start: h.start, end: h.end, weak: false });
            }
            TriggerClass::Weak if matches!(kind, Kind::Strike | Kind::Shelling) => {
                // The nearest weapon decides the kind.
                let nearest = weapons.iter().min_by_key(|w| {
                    if w.start >= h.end {
                        w.start - h.end
                    } else {
                        h.start.saturating_sub(w.end)
                    }
                });
                if let Some(w) = nearest {
                    let wr = &lex[w.rec as usize];
                    if let Some(k) = wr.kind {
                        push(&mut out, Frame { kind: k, subkind: wr.subkind, start: h.start, end: h.end, weak: true });
                    }
                } else if military_actor && weak_noun(&rec.phrase) {
                    push(&mut out, Frame { kind, subkind: rec.subkind, start: h.start, end: h.end, weak: true });
                } else if let (Some(k), true) = (context, anaphoric_noun(&rec.phrase) && refers_back(&text[..h.start]))
                {
                    // "similar attacks", "the raids": an attack the story has just described.
                    push(&mut out, Frame { kind: k, subkind: None, start: h.start, end: h.end, weak: true });
                }
            }
            _ => {}
        }
    }
    // A strong strike trigger with a drone or helicopter weapon nearby takes its subkind.
    for f in out.iter_mut().filter(|f| f.kind == Kind::Strike && !f.weak && f.subkind == Some(Subkind::Airstrike)) {
        if let Some(w) = weapons.iter().find(|w| {
            let r = &lex[w.rec as usize];
            r.kind == Some(Kind::Strike) && matches!(r.subkind, Some(Subkind::DroneStrike) | Some(Subkind::Helicopter))
        }) {
            f.subkind = lex[w.rec as usize].subkind;
        }
    }
    out.sort_by_key(|f| f.start);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lex() -> Vec<TriggerRec> {
        let mut v = Vec::new();
        load(
            "t",
            "air strikes\tevent\tstrike\tairstrike\nbombed\tweak\tstrike\tairstrike\nwarplanes\tweapon\tstrike\tairstrike\nrockets\tweapon\tshelling\trocket\nfired\tweak\tshelling\tartillery\nstrikes\tweak\tstrike\tairstrike\ndrones\tweapon\tstrike\tdrone_strike\n",
            &mut v,
        )
        .unwrap();
        v
    }

    fn h(start: usize, rec: u16) -> TriggerHit {
        TriggerHit { start, end: start + 5, rec }
    }

    #[test]
    fn frame_table() {
        let l = lex();
        // (hits, military actor, expected (kind, subkind, weak))
        type Case = (Vec<TriggerHit>, bool, Vec<(Kind, Option<Subkind>, bool)>);
        let cases: Vec<Case> = vec![
            (vec![h(0, 0)], false, vec![(Kind::Strike, Some(Subkind::Airstrike), false)]),
            (vec![h(0, 2), h(10, 1)], false, vec![(Kind::Strike, Some(Subkind::Airstrike), true)]),
            (vec![h(10, 1)], false, vec![]),
            (vec![h(0, 3), h(10, 4)], false, vec![(Kind::Shelling, Some(Subkind::Rocket), true)]),
            (vec![h(0, 5)], true, vec![(Kind::Strike, Some(Subkind::Airstrike), true)]),
            (vec![h(0, 5)], false, vec![]),
            (vec![h(0, 1), h(8, 2), h(20, 0)], false, vec![(Kind::Strike, Some(Subkind::Airstrike), false)]),
            (vec![h(0, 0), h(20, 6)], false, vec![(Kind::Strike, Some(Subkind::DroneStrike), false)]),
        ];
        for (hits, mil, want) in cases {
            let got: Vec<_> = frames("", &l, &hits, mil, None).iter().map(|f| (f.kind, f.subkind, f.weak)).collect();
            assert_eq!(got, want);
        }
    }

    #[test]
    fn lexicon_errors() {
        let mut v = Vec::new();
        let e = load("t.tsv", "# c\nboom\tloud\tstrike\t\n", &mut v).unwrap_err();
        assert_eq!(e.to_string(), "t.tsv:2:2: unknown class \"loud\" (want event, weak, attack, weapon or none)");
        let e = load("t.tsv", "boom\tevent\tparty\t\n", &mut v).unwrap_err();
        assert_eq!(e.to_string(), "t.tsv:1:3: unknown kind \"party\"");
        let e = load("t.tsv", "boom\tevent\tstrike\tbig\n", &mut v).unwrap_err();
        assert_eq!(e.to_string(), "t.tsv:1:4: unknown subkind \"big\"");
    }
}
