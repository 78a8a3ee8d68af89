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
    pub places: std::borrow::Cow<'a, [Resolved]>,
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
    /// The first-level region the place lies in (a region: itself), as a gazetteer name id.
    pub admin1: Option<u32>,
    /// For a name the gazetteer lacks: what tells it from other unknown names in the same
    /// holder.
    pub key: Option<u64>,
}

impl PlaceInfo {
    /// Whether `self` is a country or region that contains `other`.
    pub fn contains(&self, other: &PlaceInfo) -> bool {
        if self.key.is_some() || other.key.is_some() {
            return false;
        }
        match self.precision {
            PlacePrecision::Country => other.precision != PlacePrecision::Country && self.country == other.country,
            PlacePrecision::Region => {
                other.precision != PlacePrecision::Region
                    && other.precision != PlacePrecision::Country
                    && self.country == other.country
                    && self.admin1.is_some()
                    && self.admin1 == other.admin1
            }
            _ => false,
        }
    }
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
}

/// Locative words that put the next place name at the scene.
fn locative_before(before: &str) -> bool {
    let w = before.trim_end();
    // The last word: its ASCII letters and digits by byte; a letter or digit beyond ASCII
    // before them belongs to it, and no word in the list has one.
    let b = w.as_bytes();
    let from = b.iter().rposition(|c| !c.is_ascii_alphanumeric()).map_or(0, |p| p + 1);
    if from > 0 && b[from - 1] >= 0x80 && w[..from].chars().next_back().is_some_and(char::is_alphanumeric) {
        return false;
    }
    let last = &w[from..];
    // No word in the list is longer than nine bytes: a longer one is no locative, and the
    // rest are lower-cased on the stack, not in a new string.
    let mut buf = [0u8; 9];
    let Some(lower) = buf.get_mut(..last.len()) else {
        return false;
    };
    lower.copy_from_slice(last.as_bytes());
    lower.make_ascii_lowercase();
    matches!(
        &*lower,
        b"in"
            | b"on"
            | b"at"
            | b"near"
            | b"around"
            | b"over"
            | b"hit"
            | b"struck"
            | b"shelled"
            | b"targeted"
            | b"targeting"
            | b"bombed"
            | b"pounded"
            | b"of"
            | b"outside"
            | b"across"
            | b"into"
            | b"toward"
            | b"towards"
            | b"against"
            | b"to"
            | b"village"
            | b"town"
            | b"city"
            | b"inside"
    )
}

/// `hay.ends_with(suffix)` with ASCII case ignored (`suffix` in lower case), without a
/// lower-cased copy of `hay`.
fn ends_with_lower(hay: &str, suffix: &str) -> bool {
    hay.len() >= suffix.len() && hay.as_bytes()[hay.len() - suffix.len()..].eq_ignore_ascii_case(suffix.as_bytes())
}

/// Where the last `needle` in `hay` starts, if at most `slack` bytes follow it: only the end
/// of `hay` is searched, where such an occurrence lies (an earlier one would not be the
/// last), and without the set-up of `str::rfind`'s two-way searcher.
fn last_near_end(hay: &str, needle: &str, slack: usize) -> Option<usize> {
    let from = hay.len().saturating_sub(slack + needle.len());
    hay.as_bytes()[from..].windows(needle.len()).rposition(|w| w == needle.as_bytes()).map(|p| from + p)
}

fn excluded_before(before: &str) -> bool {
    let w = before.trim_end();
    ["excludes", "excluding", "except", "exclude", "outside of"].iter().any(|s| ends_with_lower(w, s))
}

/// How specific a place is: the more specific, the likelier the scene (a neighbourhood
/// is no likelier than its city).
fn rank(p: PlacePrecision) -> u8 {
    p.specificity().min(4)
}

/// Chooses the location of a frame among the sentence's places.
fn choose_location(
    text: &str,
    s: &SentenceInfo,
    fi: usize,
    window: (usize, usize),
    places: &[PlaceInfo],
) -> Option<PlaceInfo> {
    let f = &s.frames[fi];
    let (lo, hi) = window;
    let mut best: Option<(f32, PlaceInfo)> = None;
    for p in places {
        let r = p.resolved;
        if r.demonym {
            continue;
        }
        // A place inside an actor phrase ("Syria's government") is not the scene.
        if s.actors.iter().any(|a| !a.bare_country && !a.held && a.start <= r.start && r.end <= a.end && a.end > r.end)
        {
            continue;
        }
        let before = &text[s.start.min(r.start)..r.start];
        if f.kind == Kind::Ceasefire && excluded_before(before) {
            continue;
        }
        // A qualifier of another place ("Syria's Aleppo", "Aleppo, Syria") or of a party
        // ("US-Russian ceasefire") is not the scene.
        let after = &text[r.end..];
        // (The ranks first: they rule out most pairs before the text between them is read.)
        let qualifies_next = places.iter().any(|q| {
            q.resolved.start > r.end && rank(q.precision) > rank(p.precision) && {
                let gap = &text[r.end..q.resolved.start];
                gap == "'s " || gap == " "
            }
        });
        let qualifies_prev = places.iter().any(|q| {
            q.resolved.end < r.start
                && rank(q.precision) > rank(p.precision)
                && text[q.resolved.end..r.start].trim() == ","
        });
        if qualifies_next || qualifies_prev || (p.precision == PlacePrecision::Country && after.starts_with('-')) {
            continue;
        }
        let after_trigger = r.start >= f.end;
        let dist = if after_trigger { r.start - f.end } else { f.start.saturating_sub(r.end) } as f32;
        let mut score = rank(p.precision) as f32;
        if locative_before(before) {
            score += 2.0;
        }
        if after_trigger {
            score += 1.0;
        }
        score -= dist / 80.0;
        if r.start < lo || r.end > hi {
            score -= 2.5;
        }
        match f.kind {
            Kind::Ceasefire | Kind::Meeting => {
                // The place must be attached to the trigger: after it, or right before it
                // as a modifier ("Syria's crumbling truce", "the Aleppo ceasefire").
                let near = if after_trigger { dist <= 90.0 } else { dist <= 15.0 };
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
    matches!(
        t,
        ActorType::Military
            | ActorType::Rebel
            | ActorType::ArmedGroup
            | ActorType::Unidentified
            | ActorType::Government
            | ActorType::Police
    )
}

/// The byte range of the sentence that belongs to frame `i`: sentences with two events
/// ("rebels fired shells on X and helicopters dropped barrel bombs on Y") are cut at the
/// last " and ", comma or semicolon between the two triggers.
pub(crate) fn frame_window(text: &str, s: &SentenceInfo, i: usize) -> (usize, usize) {
    let cut = |a: &Frame, b: &Frame| -> usize {
        last_separator(&text.as_bytes()[a.end..b.start.max(a.end)]).map_or(b.start, |p| a.end + p + 1)
    };
    let lo = if i == 0 { s.start } else { cut(&s.frames[i - 1], &s.frames[i]) };
    let hi = if i + 1 >= s.frames.len() { s.end } else { cut(&s.frames[i], &s.frames[i + 1]) };
    let f = &s.frames[i];
    (lo.min(f.start), hi.max(f.end))
}

/// Where the last " and ", ", " or "; " in `between` starts: one backward pass that tries
/// a separator only at its first byte, instead of a search for each (the
/// `last_separator_equals_rfind` test).
fn last_separator(between: &[u8]) -> Option<usize> {
    (0..between.len()).rev().find(|&p| match between[p] {
        b' ' => between[p..].starts_with(b" and "),
        b',' | b';' => between.get(p + 1) == Some(&b' '),
        _ => false,
    })
}

/// Where the trigger's clause starts: after the last clause break before it.
fn clause_start(text: &str, lo: usize, pos: usize) -> usize {
    const SEPS: [&[u8]; 10] =
        [b";", b":", b" as ", b" but ", b" while ", b", which", b", who", b" that ", b" when ", b"\""];
    // The latest end of any separator: one backward pass instead of a search a separator,
    // and at each byte only the separators that end in it are tried.
    let seg = &text.as_bytes()[lo..pos];
    let ends = |e: usize, seps: &[&[u8]]| seps.iter().any(|sep| seg[..e].ends_with(sep));
    // A plain loop, whose `match` inlines (a `find` closure a byte did not); a space ends a
    // separator only after the last letter of "as", "but", "while", "that" or "when".
    let mut e = seg.len();
    while e > 0 {
        let hit = match seg[e - 1] {
            b';' | b':' | b'"' => true,
            b' ' => {
                e >= 2
                    && matches!(seg[e - 2], b's' | b't' | b'e' | b'n')
                    && (ends(e, &SEPS[2..5]) || ends(e, &SEPS[7..9]))
            }
            b'h' => ends(e, &SEPS[5..6]),
            b'o' => ends(e, &SEPS[6..7]),
            _ => false,
        };
        if hit {
            break;
        }
        e -= 1;
    }
    lo + e
}

/// Where the trigger's clause ends: the first clause break in `pos..hi`, or `hi`. Only
/// breaks that start before `limit` are looked for (`hi` is given for the others): a
/// caller that asks whether the clause ends before an actor need not scan past it.
fn clause_end(text: &str, pos: usize, hi: usize, limit: usize) -> usize {
    const SEPS: [&[u8]; 13] = [
        b";",
        b" but ",
        b" while ",
        b", which",
        b", where",
        b", who",
        b", according",
        b", said",
        b", a ",
        b", the ",
        b", an ",
        b" said",
        b"\"",
    ];
    // The earliest start of any separator: one forward pass, and at each byte only the
    // separators that begin with it are tried (a space only before "but", "while" or
    // "said"), in a plain loop as in `clause_start`.
    let seg = &text.as_bytes()[pos..hi];
    let starts = |p: usize, seps: &[&[u8]]| seps.iter().any(|sep| seg[p..].starts_with(sep));
    let mut p = 0;
    while p < seg.len().min(limit.saturating_sub(pos)) {
        let hit = match seg[p] {
            b';' | b'"' => true,
            b' ' => {
                matches!(seg.get(p + 1), Some(b'b' | b'w' | b's'))
                    && (starts(p, &SEPS[1..3]) || starts(p, &SEPS[11..12]))
            }
            b',' => starts(p, &SEPS[3..11]),
            _ => false,
        };
        if hit {
            return pos + p;
        }
        p += 1;
    }
    hi
}

fn is_party(a: &Composed) -> bool {
    !a.held
        && !matches!(a.actor_type, ActorType::Media | ActorType::Monitor | ActorType::Civilian | ActorType::Unidentified)
        // A bare agent word with no country ("minister", "officials") names nobody.
        && (a.actor.is_some() || a.cc.is_some() || a.uncertain)
}

/// Chooses actors and roles for frame `fi` of a sentence.
fn choose_actors(
    text: &str,
    s: &SentenceInfo,
    fi: usize,
    window: (usize, usize),
    prev_person: Option<&Composed>,
) -> (Vec<DraftActor>, Vec<Composed>) {
    let f = &s.frames[fi];
    let (lo, hi) = window;
    let mut actors = Vec::new();
    let sources: Vec<Composed> =
        s.actors.iter().filter(|a| matches!(a.actor_type, ActorType::Media | ActorType::Monitor)).cloned().collect();
    // An actor whose span overlaps the trigger's (user dictionaries can make one word
    // both) is neither before nor after it: it plays no role.
    // (An iterator made anew for each pass, not a list collected for each frame.)
    let in_window = || {
        s.actors
            .iter()
            .filter(move |a| {
                a.start >= lo && a.end <= hi && !matches!(a.actor_type, ActorType::Media | ActorType::Monitor)
            })
            .filter(move |a| a.end <= f.start || a.start >= f.end)
    };
    // Without an actor in the window only a meeting's pronoun subject can still play a role.
    if in_window().next().is_none() && f.kind != Kind::Meeting {
        return (actors, sources);
    }
    // The clause bounds scan the sentence byte by byte: only those a kind reads are found.
    let clause = || (clause_start(text, lo, f.start), clause_end(text, f.end, hi, hi));
    match f.kind {
        Kind::Strike | Kind::Shelling => {
            for a in in_window() {
                let role = if a.held || a.actor_type == ActorType::Civilian {
                    Some(Role::Target)
                } else if a.end <= f.start {
                    // Before the trigger: the subject, if armed and in the trigger's clause.
                    // (Every actor here lies in the window, hence in the trigger's clause
                    // or in the window's part of it: its start need not be found.)
                    let gap = &text[a.end..f.start];
                    // "Kyiv accused Moscow of shelling": the accused is the initiator.
                    let accused = gap.trim() == "of"
                        && ["accused", "accuses", "accusing", "blamed", "blames", "blaming"]
                            .iter()
                            .any(|w| text[..a.start].trim_end().ends_with(w));
                    if accused {
                        Some(Role::Initiator)
                    } else if passive_gap(gap) {
                        // "Russian positions were hit by drones": the subject was struck.
                        (armed(a.actor_type) && !a.bare_country).then_some(Role::Target)
                    } else if (armed(a.actor_type) || (a.bare_country && gap.len() <= 40)) && !gap.contains(" of ") {
                        Some(Role::Initiator)
                    } else {
                        None
                    }
                } else {
                    let gap = &text[f.end..a.start];
                    let only_by = gap.trim().eq_ignore_ascii_case("by");
                    let by = ends_with_lower(gap.trim_end(), " by") || only_by;
                    // "shelled by Russia": a country right after "by" is the one firing.
                    if by && (!a.bare_country || only_by) {
                        Some(Role::Initiator)
                    } else if a.bare_country || a.start > clause_end(text, f.end, hi, a.start) {
                        // Past the clause's end, looked for no further than the actor.
                        None
                    } else {
                        Some(Role::Target)
                    }
                };
                if let Some(role) = role {
                    actors.push(DraftActor { actor: a.clone(), role });
                }
            }
            // The subject is the initiator nearest the trigger before it; a passive "by X"
            // initiator beats it.
            let by = actors.iter().rposition(|d| d.role == Role::Initiator && d.actor.start > f.end);
            let nearest = actors.iter().rposition(|d| d.role == Role::Initiator && d.actor.end <= f.start);
            let keep = by.or(nearest);
            let mut i = 0;
            actors.retain(|d| {
                let k = d.role != Role::Initiator || Some(i) == keep;
                i += 1;
                k
            });
        }
        Kind::Meeting => {
            let (cs, ce) = clause();
            // The subject side: parties between the clause start and the trigger; a pronoun
            // subject ("as he met") stands for the last person named.
            let subj: Vec<&Composed> =
                in_window().filter(|a| a.start >= cs && a.end <= f.start && is_party(a)).collect();
            // (Read only when no party is named; " he ", "she ", "he was " …: "he " and
            // "he was " stand in each of the forms.)
            let pronoun = || {
                let before = text[cs..f.start].to_ascii_lowercase();
                before.ends_with("he ")
                    || before.contains("he was ")
                    || before.trim().ends_with("his")
                    || before.trim().ends_with("her")
            };
            if subj.is_empty() && pronoun() {
                let last = s.actors.iter().rfind(|a| a.end <= cs && a.actor_type == ActorType::Person).or(prev_person);
                if let Some(p) = last {
                    actors.push(DraftActor { actor: p.clone(), role: Role::Participant });
                }
            }
            let named_subj = subj.iter().any(|a| !a.bare_country);
            for a in subj {
                if a.bare_country && named_subj {
                    continue;
                }
                // "Moscow hosted talks", "Erdogan, who hosts Putin": the subject receives.
                let hosts = text[a.end..f.end].to_ascii_lowercase().contains("host");
                actors.push(DraftActor { actor: a.clone(), role: if hosts { Role::Host } else { Role::Participant } });
            }
            // The object side, to the end of the clause.
            let objs: Vec<&Composed> = in_window().filter(|a| a.start >= f.end && a.end <= ce && is_party(a)).collect();
            let named_obj = objs.iter().any(|a| !a.bare_country);
            for a in objs {
                // "his US counterpart John Kerry": the country only qualifies the person.
                if a.bare_country && named_obj && !text[f.end..a.start].contains(" and ") {
                    continue;
                }
                let lead = text[f.end..a.start].to_ascii_lowercase();
                // The phrase must govern this actor, not one before it ("hosted by Turkey
                // between Russia and Ukraine").
                let governs = |w: &str| last_near_end(&lead, w, 16).is_some_and(|p| !lead[p..].contains("between"));
                let role = if governs("hosted by") {
                    Role::Host
                } else if ["mediated by", "brokered by", "auspices of", "facilitated by"].iter().any(|w| governs(w)) {
                    Role::Mediator
                } else {
                    Role::Participant
                };
                actors.push(DraftActor { actor: a.clone(), role });
            }
        }
        Kind::Ceasefire => {
            let (cs, ce) = clause();
            for a in in_window() {
                // Sides named without a country ("between regime and Kurdish militias") are
                // parties too: the event's country is theirs.
                let side = armed(a.actor_type) && !a.held && !a.bare_country;
                if !is_party(a) && !side {
                    continue;
                }
                if a.end <= f.start {
                    let gap = &text[a.end..f.start];
                    if let Some(role) = a.bare_country.then(|| hyphen_role(gap)).flatten() {
                        // "a Russian-proposed humanitarian pause", "the Turkish-brokered truce".
                        actors.push(DraftActor { actor: a.clone(), role });
                    } else if a.bare_country && !gap.trim_end().contains(' ') && gap.len() <= 24 {
                        // "a US-Russian ceasefire": the parties.
                        actors.push(DraftActor { actor: a.clone(), role: Role::Participant });
                    } else if let Some(role) = (a.start >= cs.min(f.start.saturating_sub(100))
                        && (!a.bare_country || !reports(gap)))
                    .then(|| declares(gap))
                    .flatten()
                    {
                        actors.push(DraftActor { actor: a.clone(), role });
                    }
                } else if a.start <= ce {
                    let g = text[f.end..a.start].to_ascii_lowercase();
                    // The actor must stand in the phrase the keyword opens, not a later clause.
                    let mediated = ["mediated by", "brokered by", "sponsored by", "under ", "auspices of"]
                        .iter()
                        .any(|w| last_near_end(&g, w, 16).is_some());
                    if mediated {
                        // "came into effect under a U.S.-Russian plan".
                        actors.push(DraftActor { actor: a.clone(), role: Role::Mediator });
                    } else if g.contains("between") || g.contains(" with ") || g.contains(" by ") || g.trim() == "and" {
                        actors.push(DraftActor { actor: a.clone(), role: Role::Participant });
                    }
                }
            }
        }
    }
    (actors, sources)
}

/// The role a country glued to a participle before a ceasefire gives itself: "Russian-
/// proposed" (its author), "Turkish-brokered" (its mediator). At most two words may
/// stand between the participle and the trigger ("humanitarian").
fn hyphen_role(gap: &str) -> Option<Role> {
    let rest = gap.strip_prefix('-')?;
    let (participle, tail) = rest.split_once(' ')?;
    if tail.split_whitespace().count() > 2 {
        return None;
    }
    match participle.to_ascii_lowercase().as_str() {
        "proposed" | "declared" | "announced" | "imposed" | "initiated" => Some(Role::Initiator),
        "brokered" | "mediated" | "sponsored" | "backed" | "negotiated" | "led" => Some(Role::Mediator),
        _ => None,
    }
}

/// The role the words between an actor and a ceasefire trigger give the actor: two sides
/// that agree or sign a truce are its parties; one that declares, proposes or breaks it is
/// its initiator.
fn declares(gap: &str) -> Option<Role> {
    let g = gap.to_ascii_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| g.contains(w));
    if has(&["agree", "sign", "reached", "accept"]) {
        Some(Role::Participant)
    } else if has(&[
        "declar", "announc", "extend", "call", "propos", "reject", "violat", "breach", "broke", "offer", "order",
        "impos", "observ", "respect", "brokered", "urge", "demand",
    ]) {
        Some(Role::Initiator)
    } else {
        None
    }
}

/// Whether the words between a subject and its trigger make the trigger passive: "was",
/// "has been", "were reportedly" before a verb trigger, or "was hit by" before a noun one
/// ("Syria was hit by airstrikes"). Such a subject names what was hit, not who fired.
fn passive_gap(gap: &str) -> bool {
    let mut be = false;
    let mut participle = false;
    // The words compared with ASCII case ignored, not lower-cased into a string each.
    let is = |w: &str, list: &[&str]| list.iter().any(|l| w.eq_ignore_ascii_case(l));
    // Up to two words of the subject may come first: "Rebel positions were hit".
    let lead = gap.split_whitespace().position(|w| is(w, BE)).unwrap_or(0).min(2);
    for w in gap.split_whitespace().skip(lead) {
        if participle {
            // Only the agent's preposition may follow: "hit by", "struck with".
            if !is(w, &["by", "with", "in", "from"]) {
                return false;
            }
        } else if is(w, BE) {
            be = true;
        } else if is(w, &["has", "have", "had", "reportedly", "again", "also", "repeatedly", "heavily", "allegedly"]) {
            // Auxiliaries and adverbs: read on.
        } else if be && (ends_with_lower(w, "ed") || is(w, &["hit", "struck", "shot", "targeted"])) {
            participle = true;
        } else {
            return false;
        }
    }
    be
}

/// Forms of "be" that make a passive.
const BE: &[&str] = &["was", "were", "is", "are", "been", "being", "be"];

/// Whether words between a country and a ceasefire report someone else's act ("Russia
/// said the regime agreed to a truce"): then the country is no party.
fn reports(gap: &str) -> bool {
    let g = gap.to_ascii_lowercase();
    ["said", "says", "told", "accus", "claim", "report", "stat", "urged", "called on", "welcom"]
        .iter()
        .any(|w| g.contains(w))
}

/// The date mention for a frame: the nearest in the sentence; planned and proposed events
/// only take dates after the trigger (a date before is usually the statement's).
fn choose_date(text: &str, s: &SentenceInfo, fi: usize, window: (usize, usize), status: Status) -> Option<DateMention> {
    let f = &s.frames[fi];
    let (lo, hi) = window;
    // A date before a "that" clause dates the statement, not the event.
    let stmt = last_that(&text.as_bytes()[s.start..f.start]).map_or(s.start, |p| s.start + p + 6);
    let future = matches!(status, Status::Planned | Status::Proposed);
    let usable = |d: &&DateMention| d.start >= stmt && (!future || d.start >= f.end);
    // A date after the trigger ("struck X on Monday") is likelier the event's than one before.
    let dist =
        |d: &&DateMention| if d.start >= f.end { d.start - f.end } else { 3 * f.start.saturating_sub(d.end) + 1 };
    // In the frame's own part of the sentence first, then anywhere in the sentence.
    s.dates
        .iter()
        .filter(usable)
        .filter(|d| d.start >= lo && d.end <= hi)
        .min_by_key(dist)
        .or_else(|| s.dates.iter().filter(usable).min_by_key(dist))
        .copied()
}

/// Where the last " that " in `seg` starts. A backward Horspool search: the window's first
/// byte says how far the next window that could match lies (most bytes are none of the
/// pattern's, and the window moves by six). `str::rfind` sets up a two-way searcher, dearer
/// on a short text than the search, and a window compared at every byte is slower.
fn last_that(seg: &[u8]) -> Option<usize> {
    let mut at = seg.len().checked_sub(6)?;
    loop {
        let shift = match seg[at] {
            b' ' if &seg[at..at + 6] == b" that " => return Some(at),
            b' ' => 5,
            b't' => 1,
            b'h' => 2,
            b'a' => 3,
            _ => 6,
        };
        at = at.checked_sub(shift)?;
    }
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
) -> Vec<Draft> {
    let mut out = Vec::new();
    let mut last_date: Option<(usize, DateMention)> = None;
    let mut prev_person: Option<&Composed> = None;
    for (si, s) in sentences.iter().enumerate() {
        // Only sentences with events need their places ranked.
        let places: Vec<PlaceInfo> =
            if s.frames.is_empty() { Vec::new() } else { s.places.iter().map(place_info).collect() };
        for (fi, f) in s.frames.iter().enumerate() {
            let (status, phase) = crate::modality::classify(s.text, f.start - s.start, f.end - s.start, f.kind);
            // The part of the sentence that belongs to this frame, shared by every argument.
            let window = frame_window(text, s, fi);
            let mut date = choose_date(text, s, fi, window, status);
            // A planned meeting on a weekday means the coming one.
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
            let mut location = choose_location(text, s, fi, window, &places);
            if location.is_none() && matches!(f.kind, Kind::Strike | Kind::Shelling) {
                // The story's current place: the last place named in the two sentences before.
                location = sentences[si.saturating_sub(2)..si]
                    .iter()
                    .rev()
                    .flat_map(|p| p.places.iter().rev())
                    .find(|r| !r.demonym)
                    .map(place_info)
                    .filter(|p| p.precision != PlacePrecision::Country);
            }
            let (actors, sources) = choose_actors(text, s, fi, window, prev_person);
            let mut fatalities =
                if matches!(f.kind, Kind::Strike | Kind::Shelling) { choose_fatalities(s, f) } else { None };
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
            });
        }
        if let Some(p) = s.actors.iter().rfind(|a| a.actor_type == ActorType::Person) {
            prev_person = Some(p);
        }
        if let Some(d) = s.dates.iter().rfind(|d| d.precision == crate::dates::DatePrecision::Day) {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// `last_separator` finds where the latest of an `rfind` a separator finds, on
    /// generated text.
    #[test]
    fn last_separator_equals_rfind() {
        let pieces = [" ", "and", " and ", ",", ", ", ";", "; ", "a", "n", "d", "x", "é", ",,", " an"];
        let mut seed: u64 = 0x1B87_3593_CC9E_2D51;
        let mut found = 0;
        for _ in 0..50_000 {
            seed = crate::testing::xorshift(seed);
            let text = crate::testing::pieces(&mut seed, &pieces, 12);
            let want = [" and ", ", ", "; "].iter().filter_map(|sep| text.rfind(sep)).max();
            assert_eq!(last_separator(text.as_bytes()), want, "{text:?}");
            found += usize::from(want.is_some());
        }
        assert!(found > 10_000, "{found}");
    }

    /// `last_that` finds where a search of every window of six bytes finds, and
    /// `locative_before` reads the word a split at characters that are not letters or
    /// digits gives, on generated text.
    #[test]
    fn byte_scans_equal_plain_searches() {
        let pieces = [
            " ", "that", "t", "h", "a", "at", "th", " that ", "in", "In", "near", "é", "\u{430}", "\u{a0}", "2", "-",
            "’",
        ];
        let mut seed: u64 = 0x7F4A_7C15_9E37_79B9;
        let locative_oracle = |before: &str| {
            let last = before.trim_end().rsplit(|c: char| !c.is_alphanumeric()).next().unwrap_or("");
            let lower = last.to_lowercase();
            [
                "in",
                "on",
                "at",
                "near",
                "around",
                "over",
                "hit",
                "struck",
                "shelled",
                "targeted",
                "targeting",
                "bombed",
                "pounded",
                "of",
                "outside",
                "across",
                "into",
                "toward",
                "towards",
                "against",
                "to",
                "village",
                "town",
                "city",
                "inside",
            ]
            .contains(&lower.as_str())
                && last.is_ascii()
        };
        for _ in 0..50_000 {
            seed = crate::testing::xorshift(seed);
            let text = crate::testing::pieces(&mut seed, &pieces, 16);
            let want = text.as_bytes().windows(6).rposition(|w| w == b" that ");
            assert_eq!(last_that(text.as_bytes()), want, "{text:?}");
            assert_eq!(locative_before(&text), locative_oracle(&text), "{text:?}");
        }
    }

    /// `last_near_end` finds what `str::rfind` finds when that is near the end.
    #[test]
    fn last_near_end_equals_rfind() {
        let pieces = ["by", " ", "b", "y", "host", "hosted by ", "between", "under ", "é", "x"];
        let mut seed: u64 = 0xC0FF_EE00_1234_5678;
        for _ in 0..30_000 {
            seed = crate::testing::xorshift(seed);
            let hay = crate::testing::pieces(&mut seed, &pieces, 14);
            for n in ["by", "hosted by", "between", "under "] {
                let want = hay.rfind(n).filter(|p| hay.len() - p - n.len() <= 16);
                assert_eq!(last_near_end(&hay, n, 16), want, "{hay:?} {n:?}");
            }
        }
    }

    /// `passive_gap` as it was written first, a lower-cased string a word.
    fn passive_gap_oracle(gap: &str) -> bool {
        let mut be = false;
        let mut participle = false;
        let words: Vec<&str> = gap.split_whitespace().collect();
        let lead = words.iter().position(|w| BE.contains(&w.to_ascii_lowercase().as_str())).unwrap_or(0).min(2);
        for w in &words[lead..] {
            match w.to_ascii_lowercase().as_str() {
                w if BE.contains(&w) && !participle => be = true,
                "has" | "have" | "had" | "reportedly" | "again" | "also" | "repeatedly" | "heavily" | "allegedly"
                    if !participle => {}
                "by" | "with" | "in" | "from" if participle => {}
                w if be
                    && !participle
                    && (w.ends_with("ed") || matches!(w, "hit" | "struck" | "shot" | "targeted")) =>
                {
                    participle = true
                }
                _ => return false,
            }
        }
        be
    }

    /// `passive_gap` reads what the lower-casing form read, on generated gaps.
    #[test]
    fn passive_gap_equals_lowercasing_form() {
        let pieces = [
            " ",
            "  ",
            "\u{a0}",
            "was",
            "WERE",
            "Is",
            "are",
            "been",
            "being",
            "be",
            "has",
            "Have",
            "had",
            "reportedly",
            "again",
            "also",
            "heavily",
            "by",
            "With",
            "in",
            "from",
            "hit",
            "Struck",
            "shot",
            "targeted",
            "shelled",
            "bombED",
            "ed",
            "positions",
            "rebel",
            "é",
            "x",
        ];
        let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
        for _ in 0..20_000 {
            seed = crate::testing::xorshift(seed);
            let gap = crate::testing::pieces(&mut seed, &pieces, 9);
            assert_eq!(passive_gap(&gap), passive_gap_oracle(&gap), "{gap:?}");
        }
    }

    /// `clause_start` and `clause_end` find what a search for the latest end and the
    /// earliest start of any separator finds, on generated text.
    #[test]
    fn clause_bounds_equal_separator_searches() {
        let starts: [&str; 10] = [";", ":", " as ", " but ", " while ", ", which", ", who", " that ", " when ", "\""];
        let ends: [&str; 13] = [
            ";",
            " but ",
            " while ",
            ", which",
            ", where",
            ", who",
            ", according",
            ", said",
            ", a ",
            ", the ",
            ", an ",
            " said",
            "\"",
        ];
        let pieces = [
            " ",
            ",",
            "as",
            "but",
            "while",
            "which",
            "who",
            "that",
            "when",
            "where",
            "said",
            "a",
            "the",
            "an",
            "according",
            ";",
            ":",
            "\"",
            "x",
            "h",
            "o",
            "s",
            "e",
            "n",
            "b",
            "w",
            "é",
        ];
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..20_000 {
            let text = crate::testing::pieces(&mut seed, &pieces, 20);
            seed = seed.wrapping_add(1);
            let n = text.len();
            let cut = (0..=n).filter(|&i| text.is_char_boundary(i)).nth((seed % 7) as usize).unwrap_or(0);
            let (lo, hi) = (cut.min(n), n);
            let want_start = starts.iter().filter_map(|sep| text[lo..hi].rfind(sep).map(|p| lo + p + sep.len())).max();
            assert_eq!(clause_start(&text, lo, hi), want_start.unwrap_or(lo), "{text:?} {lo}");
            let want_end = ends.iter().filter_map(|sep| text[lo..hi].find(sep).map(|p| lo + p)).min();
            assert_eq!(clause_end(&text, lo, hi, hi), want_end.unwrap_or(hi), "{text:?} {lo}");
            let limit = lo + (seed % 11) as usize;
            let before_limit = want_end.filter(|&e| e < limit).unwrap_or(hi);
            assert_eq!(clause_end(&text, lo, hi, limit), before_limit, "{text:?} {lo} {limit}");
        }
    }
}
