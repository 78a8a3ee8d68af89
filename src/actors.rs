//! Actors: the actor dictionaries and the composition of actor mentions.
//!
//! In: the embedded (or user-supplied) dictionaries — named actors with office dates
//! (`data/actors.tsv`), agent words (`data/agents.tsv`), modifiers (`data/modifiers.tsv`) —
//! and, per sentence, the dictionary hits already interpreted as countries, demonyms, named
//! actors, agent words and modifiers. Out: [`Composed`] actor mentions: "Syrian army",
//! "Syria's government", "Syrian or Russian jets" (uncertain), "unidentified helicopters",
//! "Russian Foreign Minister Sergei Lavrov" (the named person), and "held" markers from
//! "rebel-held" / "government-controlled" that name the side a place belongs to.

use crate::dates::CivilDate;
use crate::error::Error;
use crate::model::ActorType;

/// A named actor (one office of a person is one record).
#[derive(Clone, Debug, PartialEq)]
pub struct ActorSpec {
    /// Canonical name.
    pub name: String,
    /// Actor type.
    pub actor_type: ActorType,
    /// ISO country code, if the actor belongs to one.
    pub country_code: Option<String>,
    /// CAMEO-style code ("USAGOV").
    pub code: Option<String>,
    /// Other surface forms ("Kerry").
    pub aliases: Vec<String>,
    /// First day in office (persons), if limited.
    pub from: Option<String>,
    /// Last day in office, if limited.
    pub to: Option<String>,
    /// The state or organisation a person acts for.
    pub affiliation: Option<String>,
}

impl ActorSpec {
    /// A named actor with no aliases, code or dates.
    pub fn new(name: &str, actor_type: ActorType, country_code: Option<&str>) -> ActorSpec {
        ActorSpec {
            name: name.to_string(),
            actor_type,
            country_code: country_code.map(str::to_string),
            code: None,
            aliases: Vec::new(),
            from: None,
            to: None,
            affiliation: None,
        }
    }
}

/// A CAMEO sector code ("MIL", "GOV"), stored inline: actors are composed in every
/// sentence and a heap string each time would cost more than the rest of the composition.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Sector([u8; 4]);

impl Sector {
    /// A sector from one to four ASCII letters or digits.
    pub fn new(s: &str) -> Option<Sector> {
        let b = s.as_bytes();
        if b.is_empty() || b.len() > 4 || !b.iter().all(u8::is_ascii_alphanumeric) {
            return None;
        }
        let mut a = [0u8; 4];
        a[..b.len()].copy_from_slice(b);
        Some(Sector(a))
    }

    /// The code.
    pub fn as_str(&self) -> &str {
        let n = self.0.iter().position(|&c| c == 0).unwrap_or(4);
        std::str::from_utf8(&self.0[..n]).unwrap_or("")
    }
}

/// A compiled named-actor record.
#[derive(Clone, Debug)]
pub(crate) struct ActorRec {
    pub name: Box<str>,
    pub actor_type: ActorType,
    pub cc: Option<Box<str>>,
    pub code: Option<Box<str>>,
    pub aliases: Vec<Box<str>>,
    pub from: Option<CivilDate>,
    pub to: Option<CivilDate>,
}

impl ActorRec {
    /// Whether the record holds on `date` (records without dates always do).
    pub fn holds_on(&self, date: Option<CivilDate>) -> bool {
        let Some(d) = date else { return true };
        self.from.is_none_or(|f| f <= d) && self.to.is_none_or(|t| d <= t)
    }
}

/// A generic agent word.
#[derive(Clone, Debug)]
pub(crate) struct AgentRec {
    pub word: Box<str>,
    pub actor_type: ActorType,
    pub sector: Option<Sector>,
    /// The display name: the plural form where the dictionary has one ("rebel" → "rebels").
    pub label: Box<str>,
}

/// What a modifier does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ModKind {
    /// "unidentified", "unknown".
    Unidentified,
    /// "pro-government", "Iranian-backed": the agent acts for a side.
    Affiliation,
    /// "rebel-held", "government-controlled": the area belongs to a side.
    Held,
    /// "Kurdish": an ethnic or sectarian group adjective.
    Ethnic,
    /// "suspected", "alleged": an uncertain attribution.
    Suspected,
}

/// A modifier word.
#[derive(Clone, Debug)]
pub(crate) struct ModRec {
    pub word: Box<str>,
    pub kind: ModKind,
    /// For Held/Affiliation: the side ("rebel", "government", or a country code); for
    /// Ethnic: the group name.
    pub value: Box<str>,
}

/// The actor dictionaries.
#[derive(Clone, Debug, Default)]
pub(crate) struct ActorDict {
    pub actors: Vec<ActorRec>,
    pub agents: Vec<AgentRec>,
    pub modifiers: Vec<ModRec>,
}

pub(crate) const DEFAULT_ACTORS: &str = include_str!("../data/actors.tsv");
pub(crate) const DEFAULT_AGENTS: &str = include_str!("../data/agents.tsv");
pub(crate) const DEFAULT_MODIFIERS: &str = include_str!("../data/modifiers.tsv");

/// Parses an actor type name as used in the data files.
pub(crate) fn parse_type(s: &str) -> Option<ActorType> {
    Some(match s {
        "military" => ActorType::Military,
        "government" => ActorType::Government,
        "police" => ActorType::Police,
        "rebel" => ActorType::Rebel,
        "armed_group" => ActorType::ArmedGroup,
        "international" => ActorType::International,
        "person" => ActorType::Person,
        "media" => ActorType::Media,
        "monitor" => ActorType::Monitor,
        "civilian" => ActorType::Civilian,
        "unidentified" => ActorType::Unidentified,
        _ => return None,
    })
}

/// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; `end` picks the last day of a year or month.
fn parse_partial_date(s: &str, end: bool) -> Option<CivilDate> {
    let mut it = s.split('-');
    let y: i32 = it.next()?.parse().ok()?;
    let m: Option<u8> = it.next().map(|x| x.parse().ok()).unwrap_or(Some(0)).filter(|&m| m <= 12);
    let m = m?;
    let d: u8 = it.next().map(|x| x.parse().ok()).unwrap_or(Some(0))?;
    if it.next().is_some() {
        return None;
    }
    match (m, d, end) {
        (0, _, false) => CivilDate::new(y, 1, 1),
        (0, _, true) => CivilDate::new(y, 12, 31),
        (m, 0, false) => CivilDate::new(y, m, 1),
        (m, 0, true) => CivilDate::new(y, m, 1).map(|first| {
            let next = if m == 12 { CivilDate::new(y + 1, 1, 1) } else { CivilDate::new(y, m + 1, 1) };
            next.map_or(first, |n| n.add_days(-1))
        }),
        (m, d, _) => CivilDate::new(y, m, d),
    }
}

fn data_lines(text: &str) -> impl Iterator<Item = (usize, Vec<&str>)> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.starts_with('#') && !l.trim().is_empty())
        .map(|(n, l)| (n + 1, l.split('\t').map(str::trim).collect()))
}

impl ActorDict {
    /// Adds one named actor.
    pub fn add_spec(&mut self, a: &ActorSpec) -> Result<(), Error> {
        let bad = |m: String| Error::Invalid { what: "actor", message: m };
        if a.name.trim().is_empty() {
            return Err(bad("empty name".into()));
        }
        let date = |s: &Option<String>, end: bool| -> Result<Option<CivilDate>, Error> {
            match s.as_deref().map(str::trim) {
                None | Some("") => Ok(None),
                Some(v) => parse_partial_date(v, end)
                    .map(Some)
                    .ok_or_else(|| bad(format!("{}: bad date {v:?} (want YYYY, YYYY-MM or YYYY-MM-DD)", a.name))),
            }
        };
        let rec = ActorRec {
            name: a.name.trim().into(),
            actor_type: a.actor_type,
            cc: a.country_code.as_deref().filter(|c| !c.is_empty()).map(Into::into),
            code: a.code.as_deref().filter(|c| !c.is_empty()).map(Into::into),
            aliases: a.aliases.iter().map(|s| s.trim()).filter(|s| !s.is_empty()).map(Into::into).collect(),
            from: date(&a.from, false)?,
            to: date(&a.to, true)?,
        };
        self.actors.push(rec);
        Ok(())
    }

    /// Loads `name type cc code aliases from to affiliation` lines.
    pub fn load_actors(&mut self, file: &str, text: &str) -> Result<(), Error> {
        for (line, cols) in data_lines(text) {
            if cols.len() < 2 {
                return Err(Error::parse(file, line, None, "expected at least name and type, tab-separated"));
            }
            let get = |i: usize| cols.get(i).copied().unwrap_or("");
            let actor_type = parse_type(get(1))
                .ok_or_else(|| Error::parse(file, line, Some(2), format!("unknown actor type {:?}", get(1))))?;
            let opt = |i: usize| Some(get(i).to_string()).filter(|s| !s.is_empty());
            let spec = ActorSpec {
                name: get(0).to_string(),
                actor_type,
                country_code: opt(2),
                code: opt(3),
                aliases: get(4).split('|').map(str::to_string).collect(),
                from: opt(5),
                to: opt(6),
                affiliation: opt(7),
            };
            self.add_spec(&spec).map_err(|e| match e {
                Error::Invalid { message, .. } => Error::parse(file, line, None, message),
                other => other,
            })?;
        }
        Ok(())
    }

    /// Loads `word type sector plural_of` lines.
    pub fn load_agents(&mut self, file: &str, text: &str) -> Result<(), Error> {
        let base = self.agents.len();
        let mut plural_of: Vec<String> = vec![String::new(); base];
        for (line, cols) in data_lines(text) {
            let get = |i: usize| cols.get(i).copied().unwrap_or("");
            if get(0).is_empty() {
                return Err(Error::parse(file, line, Some(1), "empty word"));
            }
            let actor_type = parse_type(get(1))
                .ok_or_else(|| Error::parse(file, line, Some(2), format!("unknown actor type {:?}", get(1))))?;
            let sector = match get(2) {
                "" => None,
                s => Some(Sector::new(s).ok_or_else(|| {
                    Error::parse(file, line, Some(3), format!("bad sector {s:?} (want up to 4 letters, e.g. MIL)"))
                })?),
            };
            self.agents.push(AgentRec { word: get(0).into(), actor_type, sector, label: get(0).into() });
            plural_of.push(get(3).to_string());
        }
        // Singulars take the name of their plural ("rebel shelling" is by "rebels").
        for (i, sing) in plural_of.iter().enumerate() {
            if sing.is_empty() {
                continue;
            }
            let plural = self.agents[i].word.clone();
            let adjectival =
                |a: &AgentRec| matches!(a.actor_type, ActorType::Rebel | ActorType::ArmedGroup | ActorType::Civilian);
            for a in self.agents.iter_mut().filter(|a| &*a.word == sing.as_str() && adjectival(a)) {
                a.label = plural.clone();
            }
        }
        Ok(())
    }

    /// Loads `word meaning value` lines.
    pub fn load_modifiers(&mut self, file: &str, text: &str) -> Result<(), Error> {
        for (line, cols) in data_lines(text) {
            let get = |i: usize| cols.get(i).copied().unwrap_or("");
            if get(0).is_empty() {
                return Err(Error::parse(file, line, Some(1), "empty word"));
            }
            let kind = match get(1) {
                "unidentified" => ModKind::Unidentified,
                "affiliation" => ModKind::Affiliation,
                "held" => ModKind::Held,
                "ethnic" => ModKind::Ethnic,
                "suspected" | "uncertain" => ModKind::Suspected,
                other => return Err(Error::parse(file, line, Some(2), format!("unknown modifier meaning {other:?}"))),
            };
            self.modifiers.push(ModRec { word: get(0).into(), kind, value: get(2).into() });
        }
        Ok(())
    }
}

/// One interpreted dictionary hit, as the composer sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Piece {
    Country(u16),
    Demonym(u16),
    Actor(u32),
    Agent(u16),
    Modifier(u16),
    /// Anything else (a place, a trigger): breaks composition.
    Other,
}

/// A composed actor mention (spans in the normalised text).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Composed {
    pub start: usize,
    pub end: usize,
    pub name: String,
    pub actor_type: ActorType,
    pub cc: Option<u16>,
    /// A named actor's record, if any.
    pub actor: Option<u32>,
    /// The CAMEO sector of a composed actor ("MIL").
    pub sector: Option<Sector>,
    pub uncertain: bool,
    /// For "rebel-held" markers: the mention names the side an area belongs to, not an
    /// acting party.
    pub held: bool,
    /// True when the mention is only a country name or demonym (no agent word).
    pub bare_country: bool,
}

/// "Erdogan's army", "Putin's warplanes": a leader or government named as the owner of
/// armed forces stands for the country they serve, so the forces compose as "Turkish
/// army". Rewrites such owners in `pieces` to their country.
pub(crate) fn possessors(
    dict: &ActorDict,
    text: &str,
    pieces: &mut [(usize, usize, Piece)],
    country_index: &dyn Fn(&str) -> Option<u16>,
) {
    for k in 1..pieces.len() {
        let (s, e, Piece::Actor(a)) = pieces[k - 1] else { continue };
        let (ns, _, Piece::Agent(g)) = pieces[k] else { continue };
        let rec = &dict.actors[a as usize];
        let armed = matches!(
            dict.agents[g as usize].actor_type,
            ActorType::Military | ActorType::Police | ActorType::Rebel | ActorType::ArmedGroup
        );
        if !armed || !matches!(rec.actor_type, ActorType::Person | ActorType::Government) {
            continue;
        }
        if !matches!(text.get(e..ns), Some("'s " | "’s ")) {
            continue;
        }
        if let Some(c) = rec.cc.as_deref().and_then(country_index) {
            pieces[k - 1] = (s, e, Piece::Country(c));
        }
    }
}

/// Composes actor mentions from the interpreted hits of one sentence. `pieces` are in text
/// order as `(start, end, piece)`; `text` is the normalised document text.
pub(crate) fn compose<'d>(
    dict: &ActorDict,
    demonym_of: &dyn Fn(u16) -> &'d str,
    text: &str,
    pieces: &[(usize, usize, Piece)],
) -> Vec<Composed> {
    let mut out: Vec<Composed> = Vec::new();
    let mut i = 0;
    while i < pieces.len() {
        let (s, e, p) = pieces[i];
        match p {
            Piece::Actor(a) => {
                let rec = &dict.actors[a as usize];
                out.push(Composed {
                    start: s,
                    end: e,
                    // From the `str`, not the box: `Box<str>::to_string` goes through `Display`.
                    name: String::from(&*rec.name),
                    actor_type: rec.actor_type,
                    cc: None,
                    actor: Some(a),
                    sector: None,
                    uncertain: false,
                    held: false,
                    bare_country: false,
                });
                i += 1;
            }
            Piece::Country(_) | Piece::Demonym(_) | Piece::Modifier(_) | Piece::Agent(_) => {
                // Gather a chain: [modifiers/countries joined by "or"/"and"/"-"] agents*
                let mut j = i;
                let mut uncertain = false;
                let mut unidentified = false;
                let mut held: Option<&ModRec> = None;
                let mut ethnic: Option<&ModRec> = None;
                let mut affiliation: Option<&ModRec> = None;
                let mut agent: Option<&AgentRec> = None;
                let mut end = e;
                while j < pieces.len() {
                    let (ps, pe, pp) = pieces[j];
                    if j > i {
                        let gap = &text[end..ps];
                        let joins = gap_joins(gap);
                        if joins == Gap::Break {
                            break;
                        }
                        if joins == Gap::Or {
                            uncertain = true;
                        }
                        // After an agent, only another agent continues, and only glued to it
                        // ("regime warplanes"); "Kurdish fighters and pro-government
                        // fighters" are two actors.
                        let glued = || matches!(gap.trim(), "" | "-");
                        if agent.is_some() && !(matches!(pp, Piece::Agent(_)) && glued()) {
                            break;
                        }
                    }
                    match pp {
                        Piece::Country(_) | Piece::Demonym(_) => {}
                        Piece::Modifier(m) => {
                            let m = &dict.modifiers[m as usize];
                            match m.kind {
                                ModKind::Unidentified => unidentified = true,
                                ModKind::Suspected => uncertain = true,
                                ModKind::Held => held = Some(m),
                                ModKind::Ethnic => ethnic = Some(m),
                                ModKind::Affiliation => affiliation = Some(m),
                            }
                        }
                        Piece::Agent(g) => agent = Some(&dict.agents[g as usize]),
                        Piece::Actor(_) | Piece::Other => break,
                    }
                    end = pe;
                    j += 1;
                    if held.is_some() {
                        break;
                    }
                }
                let span_text = &text[s..end];
                // The chain's countries and demonyms, read from its pieces rather than listed.
                let countries = || {
                    pieces[i..j].iter().filter_map(|&(ps, pe, pp)| match pp {
                        Piece::Country(k) | Piece::Demonym(k) => Some((k, ps, pe)),
                        _ => None,
                    })
                };
                if let Some(h) = held {
                    // "rebel-held", "regime-held": the side named by the value.
                    let (ty, name, sector) = side(&h.value);
                    out.push(Composed {
                        start: s,
                        end,
                        name: name.to_string(),
                        actor_type: ty,
                        cc: countries().next().map(|c| c.0),
                        actor: None,
                        sector: Sector::new(sector),
                        uncertain: false,
                        held: true,
                        bare_country: false,
                    });
                } else if let Some(g) = agent {
                    // A title before a name ("Russian Foreign Minister Sergei Lavrov") belongs
                    // to the named person, who is composed on their own.
                    let titles_person = matches!(pieces.get(j), Some(&(ns, _, Piece::Actor(a)))
                        if text[end..ns].trim().is_empty() && dict.actors[a as usize].actor_type == ActorType::Person);
                    if titles_person
                        && !matches!(g.actor_type, ActorType::Military | ActorType::Rebel | ActorType::ArmedGroup)
                    {
                        i = j;
                        continue;
                    }
                    let ty = if unidentified { ActorType::Unidentified } else { g.actor_type };
                    // Each name straight into the output, not into a list first.
                    let mut push = |name: String, cc: Option<u16>| {
                        out.push(Composed {
                            start: s,
                            end,
                            name,
                            actor_type: ty,
                            cc,
                            actor: None,
                            sector: g.sector,
                            uncertain,
                            held: false,
                            bare_country: false,
                        })
                    };
                    if unidentified {
                        push(span_text.to_lowercase(), None);
                    } else if uncertain && countries().nth(1).is_some() {
                        push(span_text.to_string(), None);
                    } else if countries().next().is_some() {
                        // "US and Saudi diplomats": one actor a country.
                        for (k, _, _) in countries() {
                            // "{demonym} {label}", in a string of its final size.
                            let demonym = demonym_of(k);
                            let mut name = String::with_capacity(demonym.len() + 1 + g.label.len());
                            name.push_str(demonym);
                            name.push(' ');
                            name.push_str(&g.label);
                            push(name, Some(k));
                        }
                    } else if let Some(m) = ethnic {
                        push(String::from(&*m.value), None);
                    } else if affiliation.is_some() {
                        push(span_text.to_lowercase(), None);
                    } else {
                        push(String::from(&*g.label), None);
                    }
                } else if countries().next().is_some() && !unidentified {
                    // A bare country name or demonym: an actor only in some roles (meeting
                    // parties, "US-Russian ceasefire").
                    // Each at its own span: a modifier may stand between them ("suspected").
                    for (k2, ks, ke) in countries() {
                        out.push(Composed {
                            start: ks,
                            end: ke,
                            name: String::new(),
                            actor_type: ActorType::Government,
                            cc: Some(k2),
                            actor: None,
                            sector: Sector::new("GOV"),
                            uncertain: false,
                            held: false,
                            bare_country: true,
                        });
                    }
                }
                i = j.max(i + 1);
            }
            Piece::Other => i += 1,
        }
    }
    out
}

/// Other spellings of an Arabic article in a name: news writes "Jaish al-Fatah" also as
/// "Jaish al Fatah", "Jaish Al-Fatah" and "Jaish Al Fatah". Empty when the name has none.
pub(crate) fn article_variants(name: &str) -> Vec<String> {
    let has = |a: &str| name.starts_with(a) || name.contains(&format!(" {a}"));
    let Some(article) = ["al-", "Al-", "el-", "El-"].into_iter().find(|a| has(a)) else {
        return Vec::new();
    };
    let (lower, upper) = if article.eq_ignore_ascii_case("al-") { ("al", "Al") } else { ("el", "El") };
    let mut out = Vec::new();
    for form in [format!("{lower}-"), format!("{lower} "), format!("{upper}-"), format!("{upper} ")] {
        let mut v = name.replace(&format!(" {article}"), &format!(" {form}"));
        if let Some(rest) = v.strip_prefix(article) {
            v = format!("{form}{rest}");
        }
        if v != name && !out.contains(&v) {
            out.push(v);
        }
    }
    out
}

/// Words after a capital's name that keep it a place.
const PLACE_NOUNS: &[&str] = &[
    "city",
    "town",
    "region",
    "oblast",
    "province",
    "governorate",
    "countryside",
    "suburbs",
    "suburb",
    "outskirts",
    "district",
    "districts",
    "area",
    "areas",
    "airport",
    "residents",
    "streets",
    "centre",
    "center",
    "time",
    "metro",
    "skies",
    "port",
    "harbour",
    "harbor",
];

/// Whether a capital's name at `start..end` stands for its government ("Moscow and
/// Washington agreed", "talks between Kyiv and Moscow", "Moscow's envoy") rather than for the
/// city ("in Moscow", "shelled Kyiv", "Damascus was hit", "Moscow State University"). The
/// first name of a coordination decides for the others ("in Moscow and Washington").
pub(crate) fn acts_as_government(text: &str, start: usize, end: usize) -> bool {
    let after = text.get(end..).unwrap_or("");
    // Glued to more of a name, a hyphen or a holder: "Moscow State University",
    // "Moscow-based", "Washington, D.C.".
    let mut next = after.split_whitespace();
    let first_after = next.next().unwrap_or("");
    if after.starts_with(['-', '.']) || after.starts_with(", ") && after[2..].starts_with(char::is_uppercase) {
        return false;
    }
    if after.starts_with(' ') && first_after.starts_with(char::is_uppercase) {
        return false;
    }
    // A noun that makes it a place: "Kyiv city was hit", "Damascus countryside", "Kabul
    // airport", "Moscow time".
    let noun = first_after.trim_end_matches(|c: char| !c.is_alphanumeric());
    if PLACE_NOUNS.contains(&noun) {
        return false;
    }
    // A passive: "Damascus was hit", "Kyiv has been shelled".
    let be = |w: &str| matches!(w, "was" | "were" | "is" | "are" | "being" | "been");
    let mut w1 = first_after;
    let mut w2 = next.next().unwrap_or("");
    if matches!(w1, "has" | "have" | "had") && w2 == "been" {
        w1 = w2;
        w2 = next.next().unwrap_or("");
    }
    let w2 = w2.trim_end_matches(|c: char| !c.is_alphanumeric());
    if be(w1) && (w2.ends_with("ed") || matches!(w2, "hit" | "struck" | "shot" | "under" | "home" | "located")) {
        return false;
    }
    // Walk back over the other names of a coordination to the word that governs them all.
    let mut before = text.get(..start).unwrap_or("").trim_end();
    for _ in 0..4 {
        let Some(rest) =
            before.strip_suffix(" and").or_else(|| before.strip_suffix(" or")).or_else(|| before.strip_suffix(','))
        else {
            break;
        };
        let rest = rest.trim_end();
        let word_start = rest.rfind(' ').map_or(0, |i| i + 1);
        if !rest[word_start..].starts_with(char::is_uppercase) {
            break;
        }
        before = rest[..word_start].trim_end();
    }
    let prev = before.rsplit(|c: char| c.is_whitespace() || c == '(').next().unwrap_or("");
    !matches!(
        prev.to_ascii_lowercase().as_str(),
        "in" | "at"
            | "near"
            | "from"
            | "to"
            | "of"
            | "outside"
            | "into"
            | "on"
            | "around"
            | "across"
            | "via"
            | "toward"
            | "towards"
            | "the"
            | "a"
            | "hit"
            | "struck"
            | "shelled"
            | "bombed"
            | "targeted"
            | "attacked"
            | "captured"
            | "visit"
            | "visited"
            | "visiting"
            | "reached"
            | "left"
            | "arrived"
            | "returned"
            | "over"
            | "under"
            | "within"
            | "inside"
            | "downtown"
            | "central"
            | "northern"
            | "southern"
            | "eastern"
            | "western"
    )
}

/// How the text between two pieces joins them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Gap {
    Join,
    Or,
    Break,
}

fn gap_joins(gap: &str) -> Gap {
    let g = gap.trim();
    match g {
        "" | "-" | "'s" | "-led" | "-backed" | "and" | "," => Gap::Join,
        "or" | "and/or" | "/" => Gap::Or,
        _ if gap.len() <= 2 && gap.chars().all(|c| c == ' ' || c == '-') => Gap::Join,
        _ => Gap::Break,
    }
}

/// The actor type and display name a "held" side value names.
fn side(value: &str) -> (ActorType, &'static str, &'static str) {
    match value {
        "government" | "regime" | "military" => (ActorType::Government, "government", "GOV"),
        "rebel" | "opposition" => (ActorType::Rebel, "rebels", "REB"),
        _ => (ActorType::ArmedGroup, "armed group", "UAF"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dict() -> ActorDict {
        let mut d = ActorDict::default();
        d.load_actors("a", "John Kerry\tperson\tUS\tUSAGOV\tKerry\t2013-02-01\t2017-01-20\tUnited States\n").unwrap();
        d.load_agents(
            "g",
            "army\tmilitary\tMIL\t\njets\tmilitary\tMIL\tjet\nrebels\trebel\tREB\trebel\nregime\tgovernment\tGOV\t\n",
        )
        .unwrap();
        d.load_modifiers("m", "unidentified\tunidentified\t\nrebel-held\theld\trebel\nsuspected\tsuspected\t\n")
            .unwrap();
        d
    }

    #[test]
    fn bare_countries_keep_their_own_spans() {
        // Regression: the span was taken by position in the chain, so a modifier before
        // the country gave the modifier's span.
        let d = dict();
        let dem = |_: u16| "Syrian";
        let text = "suspected Syrian";
        let got = compose(&d, &dem, text, &[(0, 9, Piece::Modifier(2)), (10, 16, Piece::Country(0))]);
        let spans: Vec<(usize, usize, bool)> = got.iter().map(|c| (c.start, c.end, c.bare_country)).collect();
        assert_eq!(spans, vec![(10, 16, true)]);
    }

    #[test]
    fn arabic_article_spellings() {
        let cases: &[(&str, &[&str])] = &[
            ("Jeish al-Fatah", &["Jeish al Fatah", "Jeish Al-Fatah", "Jeish Al Fatah"]),
            ("al-Nusra Front", &["al Nusra Front", "Al-Nusra Front", "Al Nusra Front"]),
            ("Bashar al-Assad", &["Bashar al Assad", "Bashar Al-Assad", "Bashar Al Assad"]),
            ("Abdel Fattah el-Sisi", &["Abdel Fattah el Sisi", "Abdel Fattah El-Sisi", "Abdel Fattah El Sisi"]),
            ("Hezbollah", &[]),
            // "Khalil" holds "al" inside a word: no article.
            ("Khalil Ahmed", &[]),
        ];
        for &(name, want) in cases {
            assert_eq!(article_variants(name), want, "{name}");
        }
    }

    #[test]
    fn capitals_acting_as_governments() {
        // (text, the capital's mention, stands for the government?)
        let cases: &[(&str, &str, bool)] = &[
            ("Moscow and Washington agreed a ceasefire.", "Moscow", true),
            ("Moscow and Washington agreed a ceasefire.", "Washington", true),
            ("talks between Kyiv and Moscow resumed", "Moscow", true),
            ("Moscow's envoy said", "Moscow", true),
            ("Kyiv accused Moscow of shelling", "Kyiv", true),
            ("the talks in Moscow ended", "Moscow", false),
            ("talks in Moscow and Washington ended", "Washington", false),
            ("Russian forces shelled Kyiv on Monday", "Kyiv", false),
            ("Damascus was hit by rockets", "Damascus", false),
            ("Kyiv has been shelled again", "Kyiv", false),
            ("at Moscow State University", "Moscow", false),
            ("a Moscow-based analyst", "Moscow", false),
            ("He flew to Washington, D.C. on Monday", "Washington", false),
            ("Lavrov visited Washington last week", "Washington", false),
            ("Washington, Moscow and Ankara signed the deal", "Ankara", true),
            ("On 3 March, Kyiv city was hit by missiles", "Kyiv", false),
            ("Damascus countryside was hit by airstrikes", "Damascus", false),
            ("Kabul airport was struck by a drone", "Kabul", false),
        ];
        for &(text, name, want) in cases {
            let start = text.find(name).unwrap();
            assert_eq!(acts_as_government(text, start, start + name.len()), want, "{name} in {text:?}");
        }
    }

    #[test]
    fn office_dates() {
        let d = dict();
        let kerry = &d.actors[0];
        let on = |s: &str| kerry.holds_on(CivilDate::parse_iso(s));
        assert!(on("2016-05-02"));
        assert!(!on("2019-01-01"));
        assert!(!on("2013-01-31"));
        assert!(kerry.holds_on(None));
        assert_eq!(parse_partial_date("2017-02", true), CivilDate::new(2017, 2, 28));
        assert_eq!(parse_partial_date("2016", true), CivilDate::new(2016, 12, 31));
        assert_eq!(parse_partial_date("2016-13", false), None);
    }

    #[test]
    fn composition_table() {
        let d = dict();
        let dem = |k: u16| ["Syrian", "Russian"][k as usize];
        // (text, pieces as (start, end, piece), expected (name, type, uncertain, held))
        type Case<'a> = (&'a str, Vec<(usize, usize, Piece)>, Vec<(&'a str, ActorType, bool, bool)>);
        let cases: Vec<Case> = vec![
            (
                "Syrian army",
                vec![(0, 6, Piece::Demonym(0)), (7, 11, Piece::Agent(0))],
                vec![("Syrian army", ActorType::Military, false, false)],
            ),
            (
                "Syrian or Russian jets",
                vec![(0, 6, Piece::Demonym(0)), (10, 17, Piece::Demonym(1)), (18, 22, Piece::Agent(1))],
                vec![("Syrian or Russian jets", ActorType::Military, true, false)],
            ),
            (
                "unidentified jets",
                vec![(0, 12, Piece::Modifier(0)), (13, 17, Piece::Agent(1))],
                vec![("unidentified jets", ActorType::Unidentified, false, false)],
            ),
            ("rebel-held", vec![(0, 10, Piece::Modifier(1))], vec![("rebels", ActorType::Rebel, false, true)]),
            ("rebels", vec![(0, 6, Piece::Agent(2))], vec![("rebels", ActorType::Rebel, false, false)]),
            ("Kerry", vec![(0, 5, Piece::Actor(0))], vec![("John Kerry", ActorType::Person, false, false)]),
            (
                "Syrian regime jets",
                vec![(0, 6, Piece::Demonym(0)), (7, 13, Piece::Agent(3)), (14, 18, Piece::Agent(1))],
                vec![("Syrian jets", ActorType::Military, false, false)],
            ),
            (
                "army said the rebels",
                vec![(0, 4, Piece::Agent(0)), (14, 20, Piece::Agent(2))],
                vec![("army", ActorType::Military, false, false), ("rebels", ActorType::Rebel, false, false)],
            ),
        ];
        for (text, pieces, want) in cases {
            let got = compose(&d, &dem, text, &pieces);
            let got: Vec<(&str, ActorType, bool, bool)> =
                got.iter().map(|c| (c.name.as_str(), c.actor_type, c.uncertain, c.held)).collect();
            assert_eq!(got, want, "text {text:?}");
        }
    }
}
