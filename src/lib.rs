//! Typed conflict events from English news text.
//!
//! `conflict-events` finds air and drone **strikes**, **shelling** (artillery, rockets,
//! missiles), **ceasefires** and diplomatic **meetings** in news text, and codes each one
//! the way ACLED, CAMEO and PLOVER coders do: its status (occurred, planned, proposed,
//! negated), the place (resolved against an embedded GeoNames gazetteer), the date
//! (resolved against the publication date), the actors and their roles, fatalities by
//! ACLED's conservative rules, the sources, and the exact byte spans of the evidence.
//!
//! There are two doors to one engine: [`extract_events`] uses a default [`Extractor`]
//! built once on first use; [`Extractor::builder`] adds your own places, actors and
//! trigger terms. Extraction never fails and never panics; building from your data
//! returns an [`Error`] that names the file, line and problem.
//! [`Extractor::extract_batch`] runs many documents over every core (feature `parallel`,
//! on by default).
//!
//! ```
//! use conflict_events::{extract_events, Kind, Status};
//!
//! let text = "Russian forces shelled Kramatorsk, Donetsk region, on 9 May 2022, \
//!             killing three civilians.";
//! let events = extract_events(text);
//! assert_eq!(events.len(), 1);
//! let e = &events[0];
//! assert_eq!(e.kind, Kind::Shelling);
//! assert_eq!(e.status, Status::Occurred);
//! assert_eq!(e.location.as_ref().unwrap().name, "Kramatorsk");
//! assert_eq!(e.date.as_ref().unwrap().value, "2022-05-09");
//! assert_eq!(e.fatalities.as_ref().unwrap().count, Some(3));
//! // Offsets index the input.
//! assert_eq!(&text[e.trigger.start..e.trigger.end], "shelled");
//! ```
//!
//! Relative dates need the publication date:
//!
//! ```
//! use conflict_events::{CivilDate, Document, Extractor, Status};
//!
//! let extractor = Extractor::default_ref();
//! let doc = Document::new("Kerry was scheduled to meet Lavrov in Geneva on Monday.")
//!     .published(CivilDate::new(2016, 4, 29).unwrap());
//! let out = extractor.extract(&doc);
//! let meeting = &out.events[0];
//! assert_eq!(meeting.status, Status::Planned);
//! assert_eq!(meeting.date.as_ref().unwrap().value, "2016-05-02");
//! assert_eq!(meeting.location.as_ref().unwrap().country_code.as_deref(), Some("CH"));
//! ```
//!
//! The pipeline, one module a stage: `text` (normalisation, sentences) → `dict`
//! (one trie walk at word starts) → `places` and `actors` (resolution, composition) →
//! `triggers` (frames) → `dates`, `numbers`, `modality` → `events` (assembly) → `merge`.

#![deny(missing_docs)]
#![forbid(unsafe_code)]

// The README's examples run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;

mod actors;
mod batch;
mod dates;
mod dict;
mod error;
mod events;
mod gazetteer;
mod import;
mod merge;
mod modality;
mod model;
mod numbers;
mod places;
mod scratch;
#[cfg(test)]
mod testing;
mod text;
mod triggers;

pub use actors::ActorSpec;
pub use dates::CivilDate;
pub use error::Error;
pub use gazetteer::PlaceSpec;
pub use model::*;

use actors::{ActorDict, Composed, Piece};
use dict::{Case, DictBuilder, Entry, Hit, Matcher};
use events::{Draft, PlaceInfo, SentenceInfo};
use gazetteer::{Gazetteer, NO_COUNTRY};
use once_cell::sync::Lazy;
use places::{Candidate, Resolved, Target};
use std::borrow::Cow;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use triggers::{TriggerClass, TriggerHit, TriggerRec};

/// A document to extract from: its text and, if known, its publication date.
#[derive(Clone, Copy, Debug)]
pub struct Document<'a> {
    text: &'a str,
    published: Option<CivilDate>,
}

impl<'a> Document<'a> {
    /// A document with no publication date.
    pub fn new(text: &'a str) -> Document<'a> {
        Document { text, published: None }
    }

    /// Sets the publication date, against which "Monday" or "last week" are resolved.
    pub fn published(mut self, date: CivilDate) -> Document<'a> {
        self.published = Some(date);
        self
    }

    /// The text.
    pub fn text(&self) -> &'a str {
        self.text
    }
}

/// The first full calendar date written in `text` ("December 9th 2016", "9 May 2020",
/// "2016-05-02"), if any: a helper for reading publication dates in free form. Failing
/// those, the forms of metadata are read too: "APRIL 26, 2016", "2016 Oct 10",
/// "11/28/2016" (day and month only where one of them is over 12).
///
/// ```
/// use conflict_events::{find_absolute_date, CivilDate};
///
/// assert_eq!(find_absolute_date("Wed Nov 23, 2016 | 3:01pm EST"), CivilDate::new(2016, 11, 23));
/// assert_eq!(find_absolute_date("DEC. 14, 2016, 2:54 AM EST"), CivilDate::new(2016, 12, 14));
/// assert_eq!(find_absolute_date("11/28/2016"), CivilDate::new(2016, 11, 28));
/// assert_eq!(find_absolute_date("03/04/2016"), None);
/// ```
pub fn find_absolute_date(text: &str) -> Option<CivilDate> {
    let norm = text::normalize(text);
    dates::find_dates(&norm.text, None)
        .into_iter()
        .find(|d| d.precision == dates::DatePrecision::Day)
        .map(|d| d.date)
        .or_else(|| dates::metadata_date(&norm.text))
}

/// Extracts events from `text` with the default extractor (built on first use).
pub fn extract_events(text: &str) -> Vec<Event> {
    Extractor::default_ref().events(&Document::new(text))
}

static DEFAULT: Lazy<Extractor> =
    Lazy::new(|| Extractor::builder().build().expect("the embedded dictionaries are valid"));

// The nouns of "the country", "the city" (`Extractor::anaphora`). They are rare and "the "
// is everywhere, so the search is for the nouns, and "the " is read before each.
const PLACE_NOUNS: [&str; 8] = ["country", "city", "province", "region", "town", "village", "oblast", "governorate"];
static PLACE_NOUN: Lazy<aho_corasick::AhoCorasick> = Lazy::new(|| {
    // Leftmost semantics let the search use a vectorised literal scan.
    aho_corasick::AhoCorasick::builder()
        .match_kind(aho_corasick::MatchKind::LeftmostFirst)
        .build(PLACE_NOUNS)
        .expect("eight short literals")
});

/// "the country", "the towns": each such phrase in `t` with its noun, in text order,
/// standing as words of their own (ASCII word boundaries at both ends).
fn the_place_words(t: &str) -> impl Iterator<Item = (usize, usize, &'static str)> + '_ {
    let b = t.as_bytes();
    let word = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    PLACE_NOUN.find_iter(t).filter_map(move |m| {
        // No noun holds "the " or begins with another noun: a phrase's noun is never inside
        // an earlier match, so none is skipped.
        let start = m.start().checked_sub(4)?;
        if &b[start..m.start()] != b"the " || start.checked_sub(1).is_some_and(|k| word(b[k])) {
            return None;
        }
        let end = m.end() + usize::from(b.get(m.end()) == Some(&b's'));
        (!b.get(end).is_some_and(|&c| word(c))).then_some((start, end, PLACE_NOUNS[m.pattern().as_usize()]))
    })
}

/// The layout of an actor dictionary file.
#[derive(Clone, Copy)]
enum ActorFormat {
    /// The crate's own `actors.tsv` form.
    Crate,
    /// A PETRARCH/TABARI CAMEO actors file.
    CameoActors,
    /// A PETRARCH/TABARI CAMEO agents file.
    CameoAgents,
    /// The UCDP actor list (CSV).
    Ucdp,
}

enum DataSource {
    File(PathBuf),
    Text(String, String),
}

impl DataSource {
    fn read(&self) -> Result<(String, String), Error> {
        match self {
            DataSource::File(p) => {
                let name = p.display().to_string();
                let bytes = std::fs::read(p).map_err(|e| Error::Io { path: name.clone(), message: e.to_string() })?;
                match String::from_utf8(bytes) {
                    Ok(s) => Ok((name, s)),
                    Err(e) => {
                        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
                        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
                        let col = valid.len() - valid.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1) + 1;
                        Err(Error::Parse { file: name, line, column: Some(col), message: "invalid UTF-8".into() })
                    }
                }
            }
            DataSource::Text(name, text) => Ok((name.clone(), text.clone())),
        }
    }

    /// Streams the lines of the source (a gazetteer can be gigabytes): constant memory
    /// beyond the longest line.
    fn for_each_line(&self, mut f: impl FnMut(&str, usize, &str) -> Result<(), Error>) -> Result<(), Error> {
        use std::io::BufRead;
        match self {
            DataSource::File(p) => {
                let name = p.display().to_string();
                let io = |e: std::io::Error| Error::Io { path: name.clone(), message: e.to_string() };
                let file = std::fs::File::open(p).map_err(io)?;
                let mut r = std::io::BufReader::with_capacity(1 << 17, file);
                let mut buf = Vec::new();
                let mut line_no = 0;
                loop {
                    buf.clear();
                    if r.read_until(b'\n', &mut buf).map_err(io)? == 0 {
                        return Ok(());
                    }
                    line_no += 1;
                    let bytes = buf.strip_suffix(b"\n").unwrap_or(&buf);
                    let line = std::str::from_utf8(bytes).map_err(|e| Error::Parse {
                        file: name.clone(),
                        line: line_no,
                        column: Some(e.valid_up_to() + 1),
                        message: "invalid UTF-8".into(),
                    })?;
                    f(&name, line_no, line)?;
                }
            }
            DataSource::Text(name, text) => {
                for (n, line) in text.lines().enumerate() {
                    f(name, n + 1, line)?;
                }
                Ok(())
            }
        }
    }
}

/// Builds an [`Extractor`] with your own dictionaries on top of (or instead of) the
/// embedded ones.
///
/// ```
/// use conflict_events::{ActorSpec, ActorType, Extractor, Kind, PlaceSpec};
///
/// let mut b = Extractor::builder();
/// b.add_place(PlaceSpec::new("Camp Alpha", 34.5, 40.1, "SY"))
///     .add_actor(ActorSpec::new("Northern Brigade", ActorType::Rebel, Some("SY")))
///     .add_trigger("lobbed grenades at", Kind::Shelling, None);
/// let ex = b.build().unwrap();
/// let out = ex.extract(&conflict_events::Document::new("The Northern Brigade shelled Camp Alpha."));
/// assert_eq!(out.events[0].location.as_ref().unwrap().name, "Camp Alpha");
/// assert_eq!(out.events[0].actors[0].name, "Northern Brigade");
/// ```
#[derive(Default)]
pub struct ExtractorBuilder {
    no_default_places: bool,
    no_default_actors: bool,
    skip_malformed: bool,
    place_sources: Vec<DataSource>,
    places: Vec<PlaceSpec>,
    actor_sources: Vec<(DataSource, ActorFormat)>,
    actors: Vec<ActorSpec>,
    trigger_sources: Vec<DataSource>,
    triggers: Vec<(String, Kind, Option<Subkind>)>,
}

impl ExtractorBuilder {
    /// Leaves out the embedded places (countries stay: they anchor every place).
    pub fn default_places(&mut self, yes: bool) -> &mut Self {
        self.no_default_places = !yes;
        self
    }

    /// Leaves out the embedded named actors (agent words and modifiers stay).
    pub fn default_actors(&mut self, yes: bool) -> &mut Self {
        self.no_default_actors = !yes;
        self
    }

    /// For imported CAMEO and UCDP dictionaries: skip a malformed entry (the whole entry,
    /// never part of it) instead of failing the build, and list it in
    /// [`Extractor::skipped_entries`]. Off by default: the first malformed entry is an
    /// error naming its file, line and column. The Phoenix files have a dozen typos among
    /// 65,000 lines ("[USAGOV 19820101]", "9008223-911221"), so loading them needs this.
    pub fn skip_malformed_entries(&mut self, yes: bool) -> &mut Self {
        self.skip_malformed = yes;
        self
    }

    /// Adds one place.
    pub fn add_place(&mut self, place: PlaceSpec) -> &mut Self {
        self.places.push(place);
        self
    }

    /// Loads places from a file when the extractor is built, streaming it line by line:
    /// a GeoNames dump (`allCountries.txt`, `SY.txt`, `cities500.txt`; 19 columns), the
    /// GeoNames admin code files (`admin1CodesASCII.txt`, `admin2Codes.txt`; they turn a
    /// dump's codes into region and district names and supply the units missing as
    /// records), a list of your own with a header line (`name lat lon country_code`, and
    /// optionally `alternates admin1 admin2 population feature id`), or the crate's own
    /// 10-column form (`id name lat lon cc admin1 admin2 fcode population alternates`).
    /// Records with the id of a loaded place replace it.
    ///
    /// ```
    /// use conflict_events::{Document, Extractor, PlacePrecision};
    ///
    /// let mut b = Extractor::builder();
    /// b.places_from_str(
    ///     "camps.tsv",
    ///     "name\talternates\tlat\tlon\tcountry_code\tadmin1\n\
    ///      Camp Zeta\tZeta Base\t34.5\t40.1\tSY\tDeir ez-Zor\n",
    /// );
    /// let ex = b.build().unwrap();
    /// let out = ex.extract(&Document::new("Jets struck Zeta Base on Monday."));
    /// assert_eq!(out.places[0].name, "Camp Zeta");
    /// assert_eq!(out.places[0].admin1.as_deref(), Some("Deir ez-Zor"));
    /// assert_eq!(out.places[0].precision, Some(PlacePrecision::Town));
    /// ```
    pub fn load_places(&mut self, path: impl AsRef<Path>) -> &mut Self {
        self.place_sources.push(DataSource::File(path.as_ref().to_path_buf()));
        self
    }

    /// Like [`load_places`](Self::load_places), from text in memory; `name` is used in errors.
    pub fn places_from_str(&mut self, name: &str, text: &str) -> &mut Self {
        self.place_sources.push(DataSource::Text(name.into(), text.into()));
        self
    }

    /// Adds one named actor.
    pub fn add_actor(&mut self, actor: ActorSpec) -> &mut Self {
        self.actors.push(actor);
        self
    }

    /// Loads named actors from a file (`name type cc code aliases from to affiliation`,
    /// tab-separated, aliases separated by `|`, dates `YYYY[-MM[-DD]]`).
    pub fn load_actors(&mut self, path: impl AsRef<Path>) -> &mut Self {
        self.actor_sources.push((DataSource::File(path.as_ref().to_path_buf()), ActorFormat::Crate));
        self
    }

    /// Like [`load_actors`](Self::load_actors), from text in memory.
    pub fn actors_from_str(&mut self, name: &str, text: &str) -> &mut Self {
        self.actor_sources.push((DataSource::Text(name.into(), text.into()), ActorFormat::Crate));
        self
    }

    /// Loads a PETRARCH/TABARI CAMEO actors file (the Phoenix `*.actors.txt` files):
    /// `NAME_` entries with `+SYNONYM_` lines and codes `[SYRGOV]`, date-restricted as
    /// `[USAGOV >130201]` or `[RUSGOV 19940922-20040712]`. Each code becomes one record
    /// in office over its dates, so a person's code follows the event's date. Entries
    /// whose codes are all bare country codes are skipped: the gazetteer has countries.
    /// Records loaded later are preferred over earlier ones with the same name.
    ///
    /// ```no_run
    /// let mut b = conflict_events::Extractor::builder();
    /// b.load_cameo_actors("Phoenix.Countries.actors.txt").load_cameo_agents("Phoenix.agents.txt");
    /// let extractor = b.build()?;
    /// # Ok::<(), conflict_events::Error>(())
    /// ```
    pub fn load_cameo_actors(&mut self, path: impl AsRef<Path>) -> &mut Self {
        self.actor_sources.push((DataSource::File(path.as_ref().to_path_buf()), ActorFormat::CameoActors));
        self
    }

    /// Like [`load_cameo_actors`](Self::load_cameo_actors), from text in memory.
    pub fn cameo_actors_from_str(&mut self, name: &str, text: &str) -> &mut Self {
        self.actor_sources.push((DataSource::Text(name.into(), text.into()), ActorFormat::CameoActors));
        self
    }

    /// Loads a CAMEO agents file (`Phoenix.agents.txt`): `WORD {PLURAL} [~MIL]` lines and
    /// `!PERSON! = MAN, MEN, …` substitution sets. Agents combine with countries and
    /// demonyms as the embedded ones do ("Syrian soldiers").
    pub fn load_cameo_agents(&mut self, path: impl AsRef<Path>) -> &mut Self {
        self.actor_sources.push((DataSource::File(path.as_ref().to_path_buf()), ActorFormat::CameoAgents));
        self
    }

    /// Like [`load_cameo_agents`](Self::load_cameo_agents), from text in memory.
    pub fn cameo_agents_from_str(&mut self, name: &str, text: &str) -> &mut Self {
        self.actor_sources.push((DataSource::Text(name.into(), text.into()), ActorFormat::CameoAgents));
        self
    }

    /// Loads the UCDP actor list (`ucdp-actor-221.csv`): governments, rebel groups and
    /// informal groups with their country where the list names one.
    pub fn load_ucdp_actors(&mut self, path: impl AsRef<Path>) -> &mut Self {
        self.actor_sources.push((DataSource::File(path.as_ref().to_path_buf()), ActorFormat::Ucdp));
        self
    }

    /// Like [`load_ucdp_actors`](Self::load_ucdp_actors), from text in memory.
    pub fn ucdp_actors_from_str(&mut self, name: &str, text: &str) -> &mut Self {
        self.actor_sources.push((DataSource::Text(name.into(), text.into()), ActorFormat::Ucdp));
        self
    }

    /// Adds a trigger phrase that signals an event of `kind` by itself.
    pub fn add_trigger(&mut self, phrase: &str, kind: Kind, subkind: Option<Subkind>) -> &mut Self {
        self.triggers.push((phrase.to_string(), kind, subkind));
        self
    }

    /// Loads trigger terms from a file in the form of `data/triggers.tsv`
    /// (`phrase class kind subkind`; class `event`, `weak`, `weapon` or `none`).
    pub fn load_triggers(&mut self, path: impl AsRef<Path>) -> &mut Self {
        self.trigger_sources.push(DataSource::File(path.as_ref().to_path_buf()));
        self
    }

    /// Builds the extractor: parses every dictionary and compiles the matcher.
    pub fn build(&self) -> Result<Extractor, Error> {
        // The rule patterns are compiled meanwhile, for the first extraction.
        both(warm_up, || self.build_here()).1
    }

    fn build_here(&self) -> Result<Extractor, Error> {
        let mut gaz = Gazetteer::default();
        gaz.load_countries("data/countries.tsv", gazetteer::DEFAULT_COUNTRIES)?;
        if !self.no_default_places {
            gaz.load_places("data/places.tsv", gazetteer::DEFAULT_PLACES)?;
        }
        for src in &self.place_sources {
            let mut state = gazetteer::PlaceFile::default();
            src.for_each_line(|name, n, line| gaz.load_place_line(&mut state, name, n, line))?;
        }
        for p in &self.places {
            gaz.add_spec(p)?;
        }
        gaz.finish();
        let mut ad = ActorDict::default();
        if !self.no_default_actors {
            ad.load_actors("data/actors.tsv", actors::DEFAULT_ACTORS)?;
        }
        ad.load_agents("data/agents.tsv", actors::DEFAULT_AGENTS)?;
        ad.load_modifiers("data/modifiers.tsv", actors::DEFAULT_MODIFIERS)?;
        let by_iso3 = |c: &str| gaz.countries.iter().find(|k| &*k.iso3 == c).map(|k| k.code().to_string());
        let iso3_of = |c: &str| gaz.iso3(c).map(str::to_string);
        let by_name = |n: &str| {
            gaz.countries
                .iter()
                .find(|k| k.name.eq_ignore_ascii_case(n) || k.aliases.iter().any(|a| a.eq_ignore_ascii_case(n)))
                .map(|k| k.code().to_string())
        };
        let lookups = import::Countries { by_iso3: &by_iso3, by_name: &by_name, iso3_of: &iso3_of };
        let mut skipped: Vec<String> = Vec::new();
        for (src, format) in &self.actor_sources {
            let (name, text) = src.read()?;
            match format {
                ActorFormat::Crate => ad.load_actors(&name, &text)?,
                ActorFormat::CameoActors => {
                    for spec in
                        import::cameo_actors(&name, &text, &lookups, self.skip_malformed.then_some(&mut skipped))?
                    {
                        ad.add_spec(&spec)?;
                    }
                }
                ActorFormat::Ucdp => {
                    for spec in
                        import::ucdp_actors(&name, &text, &lookups, self.skip_malformed.then_some(&mut skipped))?
                    {
                        ad.add_spec(&spec)?;
                    }
                }
                ActorFormat::CameoAgents => {
                    // The first record of a word stands: the embedded agents, then earlier lines.
                    let mut known: HashSet<Box<str>> = ad.agents.iter().map(|a| a.word.clone()).collect();
                    ad.agents.extend(
                        import::cameo_agents(&name, &text, self.skip_malformed.then_some(&mut skipped))?
                            .into_iter()
                            .filter(|a| known.insert(a.word.clone())),
                    );
                }
            }
        }
        for a in &self.actors {
            ad.add_spec(a)?;
        }
        let mut lex: Vec<TriggerRec> = Vec::new();
        triggers::load("data/triggers.tsv", triggers::DEFAULT_TRIGGERS, &mut lex)?;
        for src in &self.trigger_sources {
            let (name, text) = src.read()?;
            triggers::load(&name, &text, &mut lex)?;
        }
        for (phrase, kind, subkind) in &self.triggers {
            if phrase.trim().is_empty() {
                return Err(Error::Invalid { what: "trigger", message: "empty phrase".into() });
            }
            lex.push(TriggerRec {
                phrase: phrase.trim().into(),
                class: TriggerClass::Event,
                kind: Some(*kind),
                subkind: *subkind,
            });
        }
        let mut ex = Extractor::compile(gaz, ad, lex)?;
        ex.skipped = skipped;
        Ok(ex)
    }
}

/// Runs `a` on a second thread while `b` runs on this one; on one core, or where no
/// thread can be started, one after the other.
pub(crate) fn both<A: Send, B>(a: impl FnOnce() -> A + Send, b: impl FnOnce() -> B) -> (A, B) {
    if std::thread::available_parallelism().map_or(true, |n| n.get() < 2) {
        return (a(), b());
    }
    // Held where both sides reach it, so that `a` is still here if the spawn fails.
    let a = std::sync::Mutex::new(Some(a));
    let take = || a.lock().unwrap_or_else(std::sync::PoisonError::into_inner).take();
    std::thread::scope(|s| {
        let handle = std::thread::Builder::new().spawn_scoped(s, || take().map(|f| f()));
        let rb = b();
        let ra = match handle {
            Ok(h) => h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)),
            Err(_) => None,
        };
        (ra.or_else(|| take().map(|f| f())).expect("run once"), rb)
    })
}

/// Compiles the patterns of every rule.
fn warm_up() {
    dates::warm_up();
    modality::warm_up();
    numbers::warm_up();
    places::warm_up();
    Lazy::force(&PLACE_NOUN);
}

/// A first byte that splits the place names, most of the patterns, in two: those below
/// it, for the lane that starts first, at least half.
fn split_byte(gaz: &Gazetteer) -> u8 {
    let mut count = [0usize; 256];
    for p in gaz.places.iter().step_by(4) {
        count[p.name.as_bytes().first().map_or(0, |&b| b as usize)] += 1;
    }
    let half = count.iter().sum::<usize>() / 2;
    let mut below = 0;
    (0..=255u8)
        .find(|&b| {
            let enough = below >= half;
            below += count[b as usize];
            enough
        })
        .unwrap_or(u8::MAX)
}

/// Bits saying what sorts of entries a dictionary pattern has.
struct PatternKind;

impl PatternKind {
    /// An agent word, modifier or trigger.
    const VOCAB: u8 = 1;
    /// A proper noun: a place, country, demonym or named actor.
    const PROPER: u8 = 2;
    const ACTOR: u8 = 4;
    const COUNTRY: u8 = 8;
    const DEMONYM: u8 = 16;
    /// Some record of the name is a capital that may stand for its government
    /// ([`Extractor::metonym_country`]): only these names need their records read when met.
    const METONYM: u8 = 32;

    fn of(e: &Entry) -> u8 {
        match e {
            Entry::Agent(_) | Entry::Modifier(_) | Entry::Trigger(_) => Self::VOCAB,
            Entry::Place(_) => Self::PROPER,
            Entry::Actor(_) => Self::PROPER | Self::ACTOR,
            Entry::Country(_) => Self::PROPER | Self::COUNTRY,
            Entry::Demonym(_) => Self::PROPER | Self::DEMONYM,
        }
    }
}

/// The buffers that [`Extractor::run`] fills afresh for each document, kept by each thread
/// from one document to the next: allocating and freeing a document's vectors cost more
/// than filling them. Their memory is the largest document's so far, up to
/// [`scratch::KEPT_BYTES`] a buffer (a news story's fit many times over); a longer document's are
/// let go, so a thread that met one huge document does not hold its memory.
#[derive(Default)]
struct RunScratch {
    norm: text::NormBuffers,
    sents: Vec<(usize, usize)>,
    hits: Vec<Hit>,
    cands: Vec<Candidate<'static>>,
    pieces: Vec<(usize, usize, Piece)>,
    trig: Vec<TriggerHit>,
    infos: Vec<SentenceInfo<'static>>,
    spans: Vec<(usize, usize, bool)>,
    want_dates: Vec<bool>,
    want_tolls: Vec<bool>,
}

thread_local! {
    static RUN_SCRATCH: std::cell::RefCell<RunScratch> = std::cell::RefCell::new(RunScratch::default());
}

impl RunScratch {
    /// Takes back the buffers that borrowed a document's text, emptied by [`recycle`].
    fn put_back(&mut self, cands: Vec<Candidate<'static>>, infos: Vec<SentenceInfo<'static>>, norm: text::Normalized) {
        self.cands = cands;
        self.infos = infos;
        self.norm = norm.into_buffers();
    }

    /// Empties the buffers, letting go of those a long document made too large to keep.
    fn trim(&mut self) {
        self.norm.trim(scratch::KEPT_BYTES);
        scratch::reuse(&mut self.sents);
        scratch::reuse(&mut self.hits);
        scratch::reuse(&mut self.cands);
        scratch::reuse(&mut self.pieces);
        scratch::reuse(&mut self.trig);
        scratch::reuse(&mut self.infos);
        scratch::reuse(&mut self.spans);
        scratch::reuse(&mut self.want_dates);
        scratch::reuse(&mut self.want_tolls);
    }
}

/// An emptied vector's memory, for elements of the same layout that borrow for another
/// lifetime: a collect from an empty `vec::IntoIter` into a vector of the same element size
/// reuses the allocation (the standard library collects in place).
fn recycle<T, U>(mut v: Vec<T>) -> Vec<U> {
    v.clear();
    v.into_iter().map(|_| unreachable!("the vector is empty")).collect()
}

/// The compiled dictionaries and rules. Cheap to share: `Send + Sync`, immutable.
pub struct Extractor {
    gaz: Gazetteer,
    actors: ActorDict,
    lexicon: Vec<TriggerRec>,
    matcher: Matcher,
    /// Per pattern, the sorts of its entries (`PatternKind` bits), so a hit is classified
    /// without walking the entries (a common place name has hundreds) or reading them.
    pattern_kinds: Vec<u8>,
    /// Common words that are also place names; read from text, but only looked up in
    /// this fixed set, so a fast hash will do.
    common: HashSet<&'static str, gazetteer::FastHash>,
    demonyms: Vec<String>,
    skipped: Vec<String>,
}

impl std::fmt::Debug for Extractor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Extractor")
            .field("countries", &self.gaz.countries.len())
            .field("places", &self.gaz.places.len())
            .field("actors", &self.actors.actors.len())
            .field("triggers", &self.lexicon.len())
            .field("patterns", &self.matcher.pattern_count())
            .finish()
    }
}

impl Extractor {
    /// A builder starting from the embedded dictionaries.
    pub fn builder() -> ExtractorBuilder {
        ExtractorBuilder::default()
    }

    /// Every surface form the dictionary matcher looks for (place names, actors, trigger
    /// words … in each case variant), as bytes. One plain Aho-Corasick pass over these is
    /// the floor of what extraction can cost; the `extract` benchmark measures both.
    pub fn patterns(&self) -> Vec<Vec<u8>> {
        self.matcher.patterns()
    }

    /// The default extractor, built on first use and shared.
    pub fn default_ref() -> &'static Extractor {
        &DEFAULT
    }

    fn compile(gaz: Gazetteer, actors: ActorDict, lexicon: Vec<TriggerRec>) -> Result<Extractor, Error> {
        if lexicon.len() > u16::MAX as usize
            || actors.agents.len() > u16::MAX as usize
            || actors.modifiers.len() > u16::MAX as usize
        {
            return Err(Error::Build("more than 65,535 triggers, agent words or modifiers".into()));
        }
        let add = |b: &mut DictBuilder| Extractor::add_patterns(b, &gaz, &actors, &lexicon);
        let matcher = DictBuilder::build_split(split_byte(&gaz), add).map_err(|e| Error::Build(e.to_string()))?;
        let mut gaz = gaz;
        gaz.drop_names();
        let common =
            places::COMMON_WORDS.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).collect();
        let demonyms = gaz
            .countries
            .iter()
            .map(|c| c.demonyms.first().map_or_else(|| c.name.to_string(), |d| d.to_string()))
            .collect();
        let pattern_kinds = (0..matcher.pattern_count() as u32)
            .map(|id| matcher.entries(id).iter().fold(0, |k, e| k | PatternKind::of(e)))
            .collect();
        let mut ex = Extractor { gaz, actors, lexicon, matcher, pattern_kinds, common, demonyms, skipped: Vec::new() };
        for id in 0..ex.pattern_kinds.len() {
            if ex.metonym_country(ex.matcher.places(id as u32)).is_some() {
                ex.pattern_kinds[id] |= PatternKind::METONYM;
            }
        }
        Ok(ex)
    }

    /// Adds the patterns of every dictionary.
    fn add_patterns(b: &mut DictBuilder, gaz: &Gazetteer, actors: &ActorDict, lexicon: &[TriggerRec]) {
        for (name, i) in gaz.place_names() {
            // English text writes place names capitalised; an all-lower-case alternate
            // ("the", "at" in some GeoNames rows) would match every sentence.
            if !name.chars().any(char::is_uppercase) {
                continue;
            }
            // Names in capitals (datelines, headlines) are found by reading capitalised
            // ASCII words with only their initial in capitals, so only the other names of
            // places big enough for a headline need an upper-case copy in the trie.
            let p = &gaz.places[i as usize];
            // Short names in capitals are acronyms ("BA" is not Ba).
            let big = p.population >= 100_000 || p.feature != gazetteer::Feature::Populated;
            let case = if big && !name.is_ascii() && name.chars().count() > 3 { Case::Proper } else { Case::Exact };
            b.add(name, Entry::Place(i), case);
        }
        for (i, c) in gaz.countries.iter().enumerate() {
            let e = Entry::Country(i as u16);
            b.add(c.name, e, Case::Proper);
            for a in &c.aliases {
                b.add(a, e, Case::Proper);
            }
            // Sources that strip apostrophes write "Syrias civil war".
            for n in std::iter::once(c.name).chain(c.aliases.iter().map(|a| &**a)) {
                if n.len() >= 4 && n.chars().all(|ch| ch.is_alphabetic()) && !n.ends_with('s') && n != "America" {
                    b.add(&format!("{n}s"), e, Case::Exact);
                }
            }
            for d in &c.demonyms {
                b.add(d, Entry::Demonym(i as u16), Case::Proper);
            }
        }
        for (i, a) in actors.actors.iter().enumerate() {
            let e = Entry::Actor(i as u32);
            for n in std::iter::once(&*a.name).chain(a.aliases.iter().map(|al| &**al)) {
                b.add(n, e, Case::Proper);
                for v in actors::article_variants(n) {
                    b.add(&v, e, Case::Proper);
                }
            }
        }
        for (i, g) in actors.agents.iter().enumerate() {
            b.add(&g.word, Entry::Agent(i as u16), Case::Lower);
            // "regime warplanes" swallows the weapon word "warplanes" under leftmost-longest:
            // the agent phrase carries the weapon entry too.
            for (ti, t) in lexicon.iter().enumerate() {
                let w = &*g.word;
                if t.class == TriggerClass::Weapon
                    && w.len() > t.phrase.len()
                    && w.ends_with(&*t.phrase)
                    && w[..w.len() - t.phrase.len()].ends_with(' ')
                {
                    b.add(w, Entry::Trigger(ti as u16), Case::Lower);
                }
            }
        }
        for (i, m) in actors.modifiers.iter().enumerate() {
            let case = if m.word.chars().next().is_some_and(char::is_uppercase) { Case::Proper } else { Case::Lower };
            b.add(&m.word, Entry::Modifier(i as u16), case);
        }
        for (i, t) in lexicon.iter().enumerate() {
            b.add(&t.phrase, Entry::Trigger(i as u16), Case::Lower);
        }
    }

    /// The dictionary entries left out under
    /// [`ExtractorBuilder::skip_malformed_entries`], each as `file:line:column: problem`.
    pub fn skipped_entries(&self) -> &[String] {
        &self.skipped
    }

    /// Extracts events, place mentions and actor mentions from one document.
    pub fn extract(&self, doc: &Document) -> Extraction {
        self.run(doc, true)
    }

    /// Extracts the events of one document: the `events` of [`Extractor::extract`], for
    /// less work. Every place in the document is still resolved when it has an event
    /// (each name is read in the light of the others), but no place or actor mention is
    /// written out; a document without a trigger of an event costs little more than the
    /// dictionary scan.
    ///
    /// ```
    /// use conflict_events::{Document, Extractor};
    ///
    /// let ex = Extractor::default_ref();
    /// let doc = Document::new("Rebels shelled Aleppo on Sunday. Prices rose in Paris.");
    /// assert_eq!(ex.events(&doc), ex.extract(&doc).events);
    /// assert!(ex.events(&Document::new("Prices rose in Paris.")).is_empty());
    /// ```
    pub fn events(&self, doc: &Document) -> Vec<Event> {
        self.run(doc, false).events
    }

    /// The engine behind both doors: with `full` unset, places are resolved only for a
    /// document with events, and no place or actor mention is written out.
    fn run(&self, doc: &Document, full: bool) -> Extraction {
        let mut scratch = RUN_SCRATCH.with(|s| std::mem::take(&mut *s.borrow_mut()));
        let out = self.run_with(doc, full, &mut scratch);
        scratch.trim();
        RUN_SCRATCH.with(|s| *s.borrow_mut() = scratch);
        out
    }

    /// [`Extractor::run`] with the thread's buffers, which it leaves emptied.
    fn run_with(&self, doc: &Document, full: bool, scratch: &mut RunScratch) -> Extraction {
        let norm = text::normalize_with(doc.text, std::mem::take(&mut scratch.norm));
        let t = &*norm.text;
        let sents = &mut scratch.sents;
        text::sentences_into(t, sents);
        let sents = &*sents;
        let hits = &mut scratch.hits;
        self.matcher.scan(t, hits);

        // Interpret every hit once.
        let mut cands: Vec<Candidate> = recycle(std::mem::take(&mut scratch.cands));
        cands.reserve(hits.len());
        let pieces = &mut scratch.pieces;
        pieces.clear();
        pieces.reserve(hits.len());
        let trig = &mut scratch.trig;
        trig.clear();
        let mut si = 0;
        for h in hits.iter() {
            while si < sents.len() && sents[si].1 <= h.start {
                si += 1;
            }
            let at_sentence_start = sents.get(si).is_some_and(|s| s.0 == h.start);
            self.interpret(t, h, at_sentence_start, doc.published, &mut cands, pieces, trig);
        }
        // Sentences with their actors and event frames. Places come after: every place
        // when all are wanted, otherwise only for a document with an event.
        let mut infos: Vec<SentenceInfo> = recycle(std::mem::take(&mut scratch.infos));
        infos.reserve(sents.len());
        // Per sentence: its pieces, and whether its actors are still to be composed.
        let spans = &mut scratch.spans;
        spans.clear();
        spans.reserve(sents.len());
        let (mut pi, mut ti) = (0, 0);
        let mut paragraph = 0;
        let mut prev_end = 0;
        let mut last_attack: Option<(usize, Kind)> = None;
        for &(ss, se) in sents {
            if t[prev_end..ss].contains('\n') {
                paragraph += 1;
            }
            prev_end = se;
            let p0 = pi;
            while pi < pieces.len() && pieces[pi].0 < se {
                pi += 1;
            }
            let t0 = ti;
            while ti < trig.len() && trig[ti].start < se {
                ti += 1;
            }
            // Without a trigger the actors only matter to events elsewhere in the story.
            let now = full || t0 < ti;
            // A sentence without pieces composes no actor, and one without trigger hits
            // has no frame: neither is called for.
            let composed = if now && p0 < pi { self.sentence_actors(t, &mut pieces[p0..pi]) } else { Vec::new() };
            let military = composed.iter().any(|c| {
                matches!(
                    c.actor_type,
                    ActorType::Military | ActorType::Rebel | ActorType::ArmedGroup | ActorType::Unidentified
                ) || c.sector.is_some_and(|s| s.as_str() == "MIL")
            });
            let context = last_attack.filter(|&(i, _)| infos.len() - i <= 2).map(|(_, k)| k);
            let frames =
                if t0 < ti { triggers::frames(t, &self.lexicon, &trig[t0..ti], military, context) } else { Vec::new() };
            if let Some(f) = frames.iter().rev().find(|f| matches!(f.kind, Kind::Strike | Kind::Shelling)) {
                last_attack = Some((infos.len(), f.kind));
            }
            spans.push((p0, pi, !now));
            infos.push(SentenceInfo {
                start: ss,
                end: se,
                paragraph,
                frames,
                places: std::borrow::Cow::Borrowed(&[]),
                actors: composed,
                dates: Vec::new(),
                fatalities: Vec::new(),
                text: &t[ss..se],
            });
        }
        let any_event = infos.iter().any(|s| !s.frames.is_empty());
        if !full && !any_event {
            scratch.put_back(recycle(cands), recycle(infos), norm);
            return Extraction::default();
        }
        for (s, &(p0, p1, later)) in infos.iter_mut().zip(spans.iter()) {
            if later && p0 < p1 {
                s.actors = self.sentence_actors(t, &mut pieces[p0..p1]);
            }
        }
        let resolved = self.resolve_places(t, &cands, pieces);
        let mut ri = 0;
        for s in &mut infos {
            let r0 = ri;
            while ri < resolved.len() && resolved[ri].start < s.end {
                ri += 1;
            }
            s.places = std::borrow::Cow::Borrowed(&resolved[r0..ri]);
        }
        // "the city", "the country": only event locations need them.
        if any_event {
            for a in self.anaphora(t, &resolved) {
                // Sentences are in text order: the one holding the mention, by bisection.
                let k = infos.partition_point(|s| s.end <= a.start);
                if let Some(s) = infos.get_mut(k).filter(|s| s.start <= a.start) {
                    s.places.to_mut().push(a);
                }
            }
        }
        // Dates and tolls only where they can matter: the sentences with events, the one
        // after each (a toll stated next), and those before it in its paragraph back to the
        // nearest one with a day (the running date of the story).
        let want_dates = &mut scratch.want_dates;
        want_dates.clear();
        want_dates.resize(infos.len(), false);
        let want_tolls = &mut scratch.want_tolls;
        want_tolls.clear();
        want_tolls.resize(infos.len(), false);
        for i in (0..infos.len()).filter(|&i| !infos[i].frames.is_empty()) {
            want_dates[i] = true;
            want_tolls[i] = true;
            if i + 1 < infos.len() {
                want_tolls[i + 1] = true;
            }
        }
        for i in 0..infos.len() {
            if !infos[i].frames.is_empty() {
                let mut j = i;
                while j > 0 && infos[j - 1].paragraph == infos[i].paragraph && !want_dates[j - 1] {
                    j -= 1;
                    want_dates[j] = true;
                    let s = &mut infos[j];
                    s.dates = shifted(dates::find_dates(s.text, doc.published), s.start);
                    if s.dates.iter().any(|d| d.precision == dates::DatePrecision::Day) {
                        break;
                    }
                }
            }
        }
        for (i, s) in infos.iter_mut().enumerate() {
            if want_dates[i] && !s.frames.is_empty() {
                s.dates = shifted(dates::find_dates(s.text, doc.published), s.start);
            }
            if want_tolls[i] {
                s.fatalities = numbers::find_fatalities(s.text)
                    .into_iter()
                    .map(|mut f| {
                        f.start += s.start;
                        f.end += s.start;
                        f
                    })
                    .collect();
            }
        }
        let place_info = |r: &Resolved| self.place_info(t, r);
        let drafts = events::assemble(t, &infos, &place_info);
        let drafts = merge::merge(drafts);
        let focus = self.focus_country(&resolved);
        let events = drafts.into_iter().map(|d| self.finish(doc, &norm, d, focus)).collect();
        if !full {
            scratch.put_back(recycle(cands), recycle(infos), norm);
            return Extraction { events, ..Extraction::default() };
        }

        let places = resolved.iter().map(|r| self.place_out(doc.text, &norm, r)).collect();
        // The sentences are done with: their actors' names move into the output, which is
        // sized once.
        let mentions = infos.iter().map(|s| s.actors.iter().filter(|a| !a.bare_country).count()).sum();
        let mut actors = Vec::with_capacity(mentions);
        for a in infos.iter_mut().flat_map(|s| std::mem::take(&mut s.actors)).filter(|a| !a.bare_country) {
            let (start, end) = norm.span_to_original(a.start, a.end);
            let cc = self.actor_cc(&a);
            actors.push(ActorMention {
                code: self.actor_code(&a, cc.as_deref(), doc.published),
                country_code: cc,
                name: Cow::Owned(a.name),
                actor_type: a.actor_type,
                text: doc.text[start..end].to_string(),
                start,
                end,
            });
        }
        scratch.put_back(recycle(cands), recycle(infos), norm);
        Extraction { events, places, actors }
    }

    /// The actor mentions of one sentence's pieces, possessives read first ("Putin's
    /// forces" are Russia's).
    fn sentence_actors(&self, t: &str, pieces: &mut [(usize, usize, Piece)]) -> Vec<Composed> {
        actors::possessors(&self.actors, t, pieces, &|cc| self.gaz.country_index(cc));
        let demonym_of = |k: u16| &*self.demonyms[k as usize];
        actors::compose(&self.actors, &demonym_of, t, pieces)
    }

    /// Every place named in the document, in text order: the candidates resolved against
    /// the gazetteer, and the names it lacks that the text marks as places.
    fn resolve_places(&self, t: &str, cands: &[Candidate], pieces: &[(usize, usize, Piece)]) -> Vec<Resolved> {
        let mut resolved = places::resolve(&self.gaz, &self.common, t, cands);
        // Names the gazetteer lacks may cover unresolved candidates, never other words.
        let blocked = |s: usize, e: usize| {
            let from = pieces.partition_point(|p| p.1 <= s);
            pieces[from..].iter().take_while(|p| p.0 < e).any(|p| {
                let at = cands.partition_point(|c| c.start < p.0);
                !cands[at..].iter().take_while(|c| c.start == p.0).any(|c| c.end == p.1)
            })
        };
        let mut extra = places::unresolved(t, &resolved, &blocked);
        if !extra.is_empty() {
            // A longer unknown name swallows the shorter known one inside it.
            extra.sort_by_key(|x| x.start);
            let reach: Vec<usize> = extra
                .iter()
                .scan(0, |m, x| {
                    *m = x.end.max(*m);
                    Some(*m)
                })
                .collect();
            resolved.retain(|r| {
                let k = extra.partition_point(|x| x.start < r.end);
                !(k > 0 && reach[k - 1] > r.start)
            });
            resolved.extend(extra);
            resolved.sort_by_key(|r| r.start);
        }
        resolved
    }

    /// Decides what one hit is and files it.
    #[allow(clippy::too_many_arguments)]
    fn interpret<'m>(
        &'m self,
        t: &str,
        h: &Hit,
        at_sentence_start: bool,
        published: Option<CivilDate>,
        cands: &mut Vec<Candidate<'m>>,
        pieces: &mut Vec<(usize, usize, Piece)>,
        trig: &mut Vec<TriggerHit>,
    ) {
        let kind = self.pattern_kinds[h.pattern as usize];
        let entries = || self.matcher.entries(h.pattern);
        let lower_initial = || t[h.start..h.end].chars().next().is_some_and(|c| c.is_lowercase());
        // Lower-case vocabulary entries can only have matched lower-case text or its
        // Capitalised/UPPER variants; a proper noun mid-sentence wins over them.
        let vocab =
            kind & PatternKind::VOCAB != 0 && (kind & PatternKind::PROPER == 0 || at_sentence_start || lower_initial());
        if vocab {
            let mut piece = Piece::Other;
            for e in entries() {
                match *e {
                    Entry::Trigger(i) => trig.push(TriggerHit { start: h.start, end: h.end, rec: i }),
                    Entry::Agent(i) => piece = Piece::Agent(i),
                    Entry::Modifier(i) if piece == Piece::Other => piece = Piece::Modifier(i),
                    _ => {}
                }
            }
            pieces.push((h.start, h.end, piece));
            return;
        }
        // The first country among the entries, and failing one the first demonym; the
        // entries are read only when the pattern has one.
        let first = |bit: u8, pick: fn(Entry) -> Option<u16>| {
            if kind & bit == 0 {
                return None;
            }
            entries().iter().find_map(|&e| pick(e))
        };
        let country = first(PatternKind::COUNTRY, |e| if let Entry::Country(c) = e { Some(c) } else { None });
        let demonym = if country.is_some() {
            None
        } else {
            first(PatternKind::DEMONYM, |e| if let Entry::Demonym(c) = e { Some(c) } else { None })
        };
        let places = self.matcher.places(h.pattern);
        let actor = if kind & PatternKind::ACTOR != 0 { self.pick_actor(entries(), published) } else { None };
        // Read only for an actor that is also a place name.
        let locative = || {
            let prev = t[..h.start].trim_end();
            ["in", "at", "near", "from", "to", "In", "At", "Near", "outside", "of"]
                .iter()
                .any(|w| prev.ends_with(w) && prev[..prev.len() - w.len()].ends_with([' ', '\n', '(']))
        };
        if let Some(c) = country {
            cands.push(Candidate { start: h.start, end: h.end, places, country: Some(c), demonym: None });
            pieces.push((h.start, h.end, Piece::Country(c)));
        } else if let Some(a) = actor.filter(|_| places.is_empty() || !locative()) {
            pieces.push((h.start, h.end, Piece::Actor(a)));
        } else if !places.is_empty() || demonym.is_some() {
            cands.push(Candidate { start: h.start, end: h.end, places, country: None, demonym });
            // A capital acting ("Moscow and Washington agreed") stands for its government as
            // well; the mention stays a place candidate all the same.
            let piece = match demonym {
                Some(d) => Piece::Demonym(d),
                None if kind & PatternKind::METONYM != 0 => self
                    .metonym_country(places)
                    .filter(|_| actors::acts_as_government(t, h.start, h.end))
                    .map_or(Piece::Other, Piece::Country),
                None => Piece::Other,
            };
            pieces.push((h.start, h.end, piece));
        } else {
            pieces.push((h.start, h.end, Piece::Other));
        }
    }

    /// The country whose government a name may stand for: a big national capital that is
    /// the name's most populous settlement ("Moscow", "Washington" beside the state).
    fn metonym_country(&self, places: &[u32]) -> Option<u16> {
        let top = places
            .iter()
            .map(|&p| &self.gaz.places[p as usize])
            .filter(|p| p.feature != gazetteer::Feature::Region)
            .max_by_key(|p| p.population)?;
        (top.feature == gazetteer::Feature::Capital && top.population >= 500_000).then_some(top.country)
    }

    /// Among actor records sharing a surface form, the one in office on the date.
    fn pick_actor(&self, entries: &[Entry], date: Option<CivilDate>) -> Option<u32> {
        // Later sources first (an imported dictionary overrides the embedded one); an
        // office whose dates hold beats an undated record.
        let ids = entries.iter().rev().filter_map(|e| if let Entry::Actor(a) = e { Some(*a) } else { None });
        let (mut undated, mut any) = (None, None);
        for a in ids {
            let rec = &self.actors.actors[a as usize];
            if rec.from.is_none() && rec.to.is_none() {
                undated.get_or_insert(a);
            } else if rec.holds_on(date) {
                return Some(a);
            }
            any.get_or_insert(a);
        }
        undated.or(any)
    }

    /// "the country", "the city", "the province": the last place of that sort named before.
    /// One sweep over the names in the order they end, so a long document costs no more
    /// per mention than a short one.
    fn anaphora(&self, t: &str, resolved: &[Resolved]) -> Vec<Resolved> {
        let mut by_end: Vec<usize> = (0..resolved.len()).collect();
        by_end.sort_by_key(|&i| resolved[i].end);
        let mut swept = 0;
        // Per country: mentions so far and the index of the latest.
        let mut counts: Vec<(u16, usize, usize)> = Vec::new();
        // The latest name (in text order) that has ended, demonyms aside.
        let mut last: Option<usize> = None;
        let mut out = Vec::new();
        for (start, end, noun) in the_place_words(t) {
            while swept < by_end.len() && resolved[by_end[swept]].end <= start {
                let i = by_end[swept];
                let r = &resolved[i];
                if let Target::Country(c) = r.target {
                    match counts.iter_mut().find(|x| x.0 == c) {
                        Some(x) => {
                            x.1 += 1;
                            x.2 = x.2.max(i);
                        }
                        None => counts.push((c, 1, i)),
                    }
                }
                if !r.demonym && last.is_none_or(|l| i > l) {
                    last = Some(i);
                }
                swept += 1;
            }
            let want = match noun {
                "country" => PlacePrecision::Country,
                "city" | "town" | "village" => PlacePrecision::City,
                _ => PlacePrecision::Region,
            };
            let prior = if want == PlacePrecision::Country {
                // "the country": the most-named country so far, demonyms included.
                counts.iter().max_by_key(|x| (x.1, x.2)).map(|x| Target::Country(x.0))
            } else {
                last.map(|i| &resolved[i])
                    .filter(|r| {
                        let p = self.place_precision(r);
                        match want {
                            PlacePrecision::City => matches!(p, PlacePrecision::City | PlacePrecision::Town),
                            other => p == other,
                        }
                    })
                    .map(|r| r.target)
            };
            if let Some(target) = prior {
                out.push(Resolved { start, end, target, demonym: false, unresolved: false });
            }
        }
        out
    }

    fn place_precision(&self, r: &Resolved) -> PlacePrecision {
        match r.target {
            Target::Country(_) => PlacePrecision::Country,
            Target::Place(p) => self.gaz.places[p as usize].precision(),
        }
    }

    /// The country a resolved place lies in, if known.
    fn place_country(&self, r: &Resolved) -> Option<u16> {
        match r.target {
            Target::Country(c) => Some(c),
            Target::Place(p) => Some(self.gaz.places[p as usize].country).filter(|&c| c != NO_COUNTRY),
        }
    }

    fn place_info(&self, t: &str, r: &Resolved) -> PlaceInfo {
        let country = self.place_country(r);
        let admin1 = match r.target {
            Target::Place(p) => Some(self.gaz.places[p as usize].admin1).filter(|&a| a != u32::MAX),
            Target::Country(_) => None,
        };
        if r.unresolved {
            // A named settlement inside its holder: as specific as a town, and only the
            // same name is the same place.
            let key = t.get(r.start..r.end).unwrap_or("").bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
                (h ^ u64::from(b.to_ascii_lowercase())).wrapping_mul(0x0100_0000_01b3)
            });
            return PlaceInfo { resolved: *r, precision: PlacePrecision::Town, country, admin1: None, key: Some(key) };
        }
        PlaceInfo { resolved: *r, precision: self.place_precision(r), country, admin1, key: None }
    }

    /// The most-named country of the document.
    fn focus_country(&self, resolved: &[Resolved]) -> Option<u16> {
        // A story names few countries: a list beats a map.
        let mut counts: Vec<(u16, usize)> = Vec::new();
        for r in resolved {
            if let Some(c) = self.place_country(r) {
                match counts.iter_mut().find(|x| x.0 == c) {
                    Some(x) => x.1 += 1,
                    None => counts.push((c, 1)),
                }
            }
        }
        counts.into_iter().max_by_key(|&(c, n)| (n, std::cmp::Reverse(c))).map(|(c, _)| c)
    }

    fn place_out(&self, original: &str, norm: &text::Normalized, r: &Resolved) -> Place {
        let (start, end) = norm.span_to_original(r.start, r.end);
        let text = original[start..end].to_string();
        let mut place = self.place_record(r, text, start, end);
        if r.unresolved {
            // Not in the gazetteer: named as written, placed at what holds it.
            place.name = Cow::Owned(place.text.clone());
            place.geonames_id = None;
            place.resolved = false;
        }
        place
    }

    fn place_record(&self, r: &Resolved, text: String, start: usize, end: usize) -> Place {
        match r.target {
            // The embedded tables' names are borrowed: a place costs one copy, its text.
            Target::Country(c) => {
                let c = &self.gaz.countries[c as usize];
                Place {
                    name: Cow::Borrowed(c.name),
                    geonames_id: Some(c.id).filter(|&i| i != 0),
                    country_code: Some(Cow::Borrowed(c.code())),
                    admin1: None,
                    admin2: None,
                    lat: Some(round5(c.lat)),
                    lon: Some(round5(c.lon)),
                    precision: Some(PlacePrecision::Country),
                    geo_precision: Some(PlacePrecision::Country.acled_geo_precision()),
                    resolved: true,
                    text,
                    start,
                    end,
                }
            }
            Target::Place(p) => {
                let rec = &self.gaz.places[p as usize];
                Place {
                    name: rec.name.clone(),
                    geonames_id: Some(rec.id).filter(|&i| i != 0),
                    country_code: self.gaz.countries.get(rec.country as usize).map(|c| Cow::Borrowed(c.code())),
                    admin1: self.gaz.admin(rec.admin1).cloned(),
                    admin2: self.gaz.admin(rec.admin2).cloned(),
                    lat: Some(round5(rec.lat)),
                    lon: Some(round5(rec.lon)),
                    precision: Some(rec.precision()),
                    geo_precision: Some(rec.precision().acled_geo_precision()),
                    resolved: true,
                    text,
                    start,
                    end,
                }
            }
        }
    }

    /// The country code of an actor: a known country's is borrowed from the country table.
    fn actor_cc(&self, a: &Composed) -> Option<Cow<'static, str>> {
        if let Some(i) = a.actor {
            let cc = self.actors.actors[i as usize].cc.as_deref()?;
            return Some(match self.gaz.country_index(cc) {
                Some(k) if self.gaz.countries[k as usize].code() == cc => {
                    Cow::Borrowed(self.gaz.countries[k as usize].code())
                }
                _ => Cow::Owned(cc.to_string()),
            });
        }
        a.cc.and_then(|c| self.gaz.countries.get(c as usize)).map(|c| Cow::Borrowed(c.code()))
    }

    fn actor_code(&self, a: &Composed, cc: Option<&str>, when: Option<CivilDate>) -> Option<Cow<'static, str>> {
        if let Some(i) = a.actor {
            // A person out of office on the day holds none of its codes: Kerry is USAGOV
            // in 2016, not in 2019.
            let rec = &self.actors.actors[i as usize];
            return rec.code.as_deref().filter(|_| rec.holds_on(when)).map(|c| Cow::Owned(c.to_string()));
        }
        let sector = a.sector?;
        let sector = sector.as_str();
        let iso3 = cc.and_then(|cc| self.gaz.iso3(cc))?;
        // Two pushes, not `format!`, whose machinery costs several times the copying.
        let mut code = String::with_capacity(iso3.len() + sector.len());
        code.push_str(iso3);
        code.push_str(sector);
        Some(Cow::Owned(code))
    }

    /// Turns a merged draft into a public event with original offsets.
    fn finish(&self, doc: &Document, norm: &text::Normalized, d: Draft, focus: Option<u16>) -> Event {
        let quote = |s: usize, e: usize| {
            let (a, b) = norm.span_to_original(s, e);
            (doc.text[a..b].to_string(), a, b)
        };
        let (ttext, ts, te) = quote(d.trigger.0, d.trigger.1);
        let location = d.location.map(|p| self.place_out(doc.text, norm, &p.resolved));
        let loc_cc = d.location.and_then(|p| p.country).or(focus);
        let mut actors: Vec<EventActor> = Vec::new();
        // The draft is done with: its names move into the event.
        for da in d.actors {
            let mut a = da.actor;
            let mut cc = self.actor_cc(&a);
            let mut name = Cow::Owned(std::mem::take(&mut a.name));
            if a.bare_country {
                if let Some(c) = a.cc {
                    name = Cow::Borrowed(self.gaz.countries[c as usize].name);
                }
            }
            // Sides named without a country ("rebels", "regime forces") belong to the
            // country where the event happens.
            if cc.is_none()
                && a.actor.is_none()
                && !a.uncertain
                && matches!(
                    a.actor_type,
                    ActorType::Rebel
                        | ActorType::ArmedGroup
                        | ActorType::Government
                        | ActorType::Military
                        | ActorType::Police
                        | ActorType::Civilian
                )
            {
                if let Some(c) = loc_cc {
                    cc = Some(Cow::Borrowed(self.gaz.countries[c as usize].code()));
                    if matches!(a.actor_type, ActorType::Government | ActorType::Military) && !name.contains(' ') {
                        let demonym = &self.demonyms[c as usize];
                        let noun = if a.actor_type == ActorType::Government { "government" } else { "military" };
                        let mut full = String::with_capacity(demonym.len() + 1 + noun.len());
                        full.push_str(demonym);
                        full.push(' ');
                        full.push_str(noun);
                        name = Cow::Owned(full);
                    }
                }
            }
            let (text, start, end) = quote(a.start, a.end);
            let code = self.actor_code(&a, cc.as_deref(), d.date_value.map(|(v, _)| v).or(doc.published));
            let ea = EventActor {
                name,
                role: da.role,
                country_code: cc,
                actor_type: a.actor_type,
                code,
                uncertain: a.uncertain,
                text,
                start,
                end,
            };
            if !actors.iter().any(|x| x.name == ea.name && x.role == ea.role) {
                actors.push(ea);
            }
        }
        let date = d.date.zip(d.date_value).map(|(m, (value, precision))| {
            let (text, start, end) = quote(m.start, m.end);
            // The mention as resolved for this event (a planned "Monday" is the coming one).
            let resolved = dates::DateMention { date: value, precision, ..m };
            let precision = match precision {
                dates::DatePrecision::Day => DatePrecision::Day,
                dates::DatePrecision::Week => DatePrecision::Week,
                dates::DatePrecision::Month => DatePrecision::Month,
                dates::DatePrecision::Year => DatePrecision::Year,
            };
            EventDate { value: resolved.value(), precision, text, start, end }
        });
        let fatalities = d.fatalities.map(|f| {
            let (text, start, end) = quote(f.start, f.end);
            Fatalities { count: f.count, qualifier: events::qualifier_name(f.qualifier), text, start, end }
        });
        let sources = d
            .sources
            .into_iter()
            .map(|s| {
                let (_, start, end) = quote(s.start, s.end);
                Source { name: Cow::Owned(s.name), start, end }
            })
            .collect();
        let evidence = d.evidence.iter().map(|&(s, e)| {
            let (a, b) = norm.span_to_original(s, e);
            Span::new(a, b)
        });
        let inter = |role: Role| actors.iter().find(|a| a.role == role).and_then(|a| a.actor_type.acled_inter());
        let labels = labels(d.kind, d.subkind, d.status, inter(Role::Initiator), inter(Role::Target));
        let mut confidence: f64 = if d.weak { 0.7 } else { 0.9 };
        if location.is_none() {
            confidence -= 0.1;
        }
        if d.evidence.len() > 1 {
            confidence += 0.05;
        }
        Event {
            kind: d.kind,
            subkind: d.subkind,
            status: d.status,
            trigger: Quote { text: ttext, start: ts, end: te },
            evidence: evidence.collect(),
            date,
            location,
            actors,
            fatalities,
            sources,
            labels,
            confidence: (confidence.clamp(0.0, 1.0) * 100.0).round() / 100.0,
        }
    }
}

/// Date mentions of a sentence, moved to document offsets.
fn shifted(mut ds: Vec<dates::DateMention>, by: usize) -> Vec<dates::DateMention> {
    for d in &mut ds {
        d.start += by;
        d.end += by;
    }
    ds
}

fn round5(x: f32) -> f64 {
    ((x as f64) * 1e5).round() / 1e5
}

/// ACLED and CAMEO codes for an event.
fn labels(kind: Kind, sub: Option<Subkind>, status: Status, inter1: Option<u8>, inter2: Option<u8>) -> Labels {
    let (t, st, cameo) = match kind {
        Kind::Strike => (Some("Explosions/Remote violence"), Some("Air/drone strike"), "195"),
        Kind::Shelling => (Some("Explosions/Remote violence"), Some("Shelling/artillery/missile attack"), "194"),
        Kind::Ceasefire => {
            let cameo = match (sub, status) {
                (Some(Subkind::Violated) | Some(Subkind::Collapsed), _) => "196",
                (Some(Subkind::Rejected), _) | (_, Status::Negated) => "1246",
                (Some(Subkind::CalledFor), _) | (_, Status::Proposed) => "0256",
                _ => "0871",
            };
            (Some("Strategic developments"), Some("Agreement"), cameo)
        }
        Kind::Meeting => {
            let cameo = match (status, sub) {
                (Status::Planned | Status::Proposed, _) => "036",
                (Status::Negated, _) => "036",
                (_, Some(Subkind::Visit)) => "042",
                (_, Some(Subkind::Talks) | Some(Subkind::Negotiation)) => "046",
                _ => "044",
            };
            (None, None, cameo)
        }
    };
    Labels { acled_event_type: t, acled_sub_event_type: st, cameo, inter1, inter2 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extractor_is_send_and_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Extractor>();
        assert_send_sync::<Error>();
    }

    /// What `run` skips a call for: a sentence without pieces composes no actor, and one
    /// without trigger hits has no frame.
    #[test]
    fn skipped_calls_would_give_nothing() {
        let ex = Extractor::default_ref();
        for t in ["", "Rebels shelled Aleppo.", "Russian jets struck."] {
            assert!(ex.sentence_actors(t, &mut []).is_empty());
            for military in [false, true] {
                for context in [None, Some(Kind::Strike)] {
                    assert!(triggers::frames(t, &ex.lexicon, &[], military, context).is_empty());
                }
            }
        }
    }

    /// The buffers kept between documents keep their memory across lifetimes.
    #[test]
    fn recycled_vectors_keep_their_memory() {
        let text = String::from("Aleppo");
        let places = [1u32, 2];
        let mut cands: Vec<Candidate> = Vec::with_capacity(40);
        cands.push(Candidate { start: 0, end: text.len(), places: &places, country: None, demonym: None });
        let at = cands.as_ptr() as usize;
        let kept: Vec<Candidate<'static>> = recycle(cands);
        assert!(kept.is_empty());
        assert_eq!((kept.as_ptr() as usize, kept.capacity()), (at, 40));
        let again: Vec<Candidate> = recycle(kept);
        assert_eq!((again.as_ptr() as usize, again.capacity()), (at, 40));
        let infos: Vec<SentenceInfo<'static>> = recycle(Vec::<SentenceInfo>::with_capacity(9));
        assert_eq!(infos.capacity(), 9);
    }

    /// Extraction with the thread's kept buffers gives what fresh ones give, document after
    /// document, long and short, in both modes.
    #[test]
    fn kept_buffers_change_nothing() {
        let ex = Extractor::default_ref();
        let docs = [
            "Russian jets struck Idlib on Monday, killing 12 civilians, the Observatory said.",
            "Prices rose in Paris.",
            "\u{201C}Rebels shelled Aleppo,\u{201D} said the UNenvoy. Talks in Geneva were called off.\r\n",
            "",
            "Turkish artillery shelled Kurdish positions near Afrin. The army said 3 fighters died.",
        ];
        let fresh: Vec<_> = docs
            .iter()
            .map(|d| {
                RUN_SCRATCH.with(|s| *s.borrow_mut() = RunScratch::default());
                (ex.extract(&Document::new(d)), ex.events(&Document::new(d)))
            })
            .collect();
        for _ in 0..3 {
            for (d, want) in docs.iter().zip(&fresh) {
                assert_eq!(ex.extract(&Document::new(d)), want.0, "{d:?}");
                assert_eq!(ex.events(&Document::new(d)), want.1, "{d:?}");
            }
        }
        let long = docs.join(" ").repeat(2_000);
        let out = ex.extract(&Document::new(&long));
        RUN_SCRATCH.with(|s| {
            let s = s.borrow();
            assert!(
                scratch::may_keep(&s.hits) && scratch::may_keep(&s.infos) && scratch::may_keep(&s.sents),
                "a huge document's buffers are let go"
            );
        });
        assert_eq!(ex.extract(&Document::new(docs[0])), fresh[0].0);
        assert!(!out.events.is_empty());
    }

    #[test]
    fn place_words_stand_alone_after_the() {
        let cases: &[(&str, &[&str])] = &[
            ("fighting in the city and the province", &["the city", "the province"]),
            ("the towns and the villages", &["the towns", "the villages"]),
            // Inside longer words, on either side.
            ("bathe country, the countryside, the townsfolk, the city_hall", &[]),
            ("the metropolitan, the cityscape, the regions", &["the regions"]),
            // Case as written; a non-ASCII byte is no word byte (as `(?-u:\b)` has it).
            ("The city. \u{e9}the oblast", &["the oblast"]),
            ("to the country", &["the country"]),
            ("the  city, thecity, the governorates.", &["the governorates"]),
        ];
        for (text, want) in cases {
            let got: Vec<&str> = the_place_words(text).map(|(s, e, _)| &text[s..e]).collect();
            assert_eq!(&got, want, "{text:?}");
        }
        // The same phrases as the plain pattern that says what they are.
        let re =
            regex::Regex::new(r"(?-u:\b)the (country|city|province|region|town|village|oblast|governorate)s?(?-u:\b)")
                .unwrap();
        let (mut state, mut found) = (7, 0);
        let words =
            ["the ", "the city", " ", "the towns", "s", "country", "x", ",", "é", "_", "governorate", "ba", "he "];
        for _ in 0..2000 {
            state = crate::testing::xorshift(state);
            let text: String = crate::testing::pieces(&mut state, &words, 12);
            let got: Vec<(usize, usize)> = the_place_words(&text).map(|(s, e, _)| (s, e)).collect();
            let want: Vec<(usize, usize)> = re.find_iter(&text).map(|m| (m.start(), m.end())).collect();
            assert_eq!(got, want, "{text:?}");
            found += want.len();
        }
        assert!(found > 100, "the random texts hold {found} phrases");
    }
}
