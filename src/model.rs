//! The output types: events, their fields, and mention-level records.
//!
//! Everything here is plain data that serialises with serde to the JSON form documented in
//! the README. Offsets are UTF-8 byte offsets into the text the user passed in.
//!
//! Text quoted from the input is a `String`. Names and codes that come from the
//! dictionaries (a place's name, its region, a country code, an actor's CAMEO code) are
//! `Cow<'static, str>`: borrowed from the embedded dictionaries, so that writing out a
//! place or an actor costs no allocation for them, and owned where a dictionary loaded at
//! run time or the extractor's own composition ("Syrian army") supplied them. Both compare
//! with `&str` (`place.name == "Aleppo"`) and read as `&str` (`country_code.as_deref()`).

use serde::Serialize;
use std::borrow::Cow;

/// A byte range `start..end` of the input text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`.
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    /// The text this span covers in `text` (empty if it does not fit).
    pub fn slice<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.start..self.end).unwrap_or("")
    }
}

/// What kind of event.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// An attack from the air: warplanes, helicopters, drones, air-launched missiles.
    Strike,
    /// Long-range fire from the ground or sea: artillery, mortars, rockets, missiles.
    Shelling,
    /// A cessation of hostilities in any phase.
    Ceasefire,
    /// An in-person meeting, visit, summit or round of talks.
    Meeting,
}

impl Kind {
    /// The name used in JSON ("strike", …).
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Strike => "strike",
            Kind::Shelling => "shelling",
            Kind::Ceasefire => "ceasefire",
            Kind::Meeting => "meeting",
        }
    }
}

/// A finer type of event, where the text says it.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Subkind {
    /// Strike by warplanes or jets.
    Airstrike,
    /// Strike by a drone or loitering munition.
    DroneStrike,
    /// Strike by helicopters, barrel bombs included.
    Helicopter,
    /// A missile (air-launched for strikes; ground- or sea-launched for shelling).
    Missile,
    /// Artillery fire.
    Artillery,
    /// Mortar fire.
    Mortar,
    /// Rockets and rocket launchers.
    Rocket,
    /// Tank fire at a distance.
    Tank,
    /// A ceasefire called for.
    CalledFor,
    /// A ceasefire agreed.
    Agreed,
    /// A ceasefire declared.
    Declared,
    /// A ceasefire in force.
    InForce,
    /// A ceasefire extended.
    Extended,
    /// A ceasefire violated.
    Violated,
    /// A ceasefire collapsed.
    Collapsed,
    /// A ceasefire rejected.
    Rejected,
    /// Talks.
    Talks,
    /// A visit.
    Visit,
    /// A summit.
    Summit,
    /// Negotiations.
    Negotiation,
}

/// Whether the event happened.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Reported as having happened or happening now.
    Occurred,
    /// Scheduled or announced for the future.
    Planned,
    /// Called for, suggested, demanded, hoped for or conditional.
    Proposed,
    /// Said explicitly not to happen or not to have happened.
    Negated,
}

/// How precise a date is.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DatePrecision {
    /// A day (`YYYY-MM-DD`).
    Day,
    /// A week (`YYYY-MM-DD` of its Monday).
    Week,
    /// A month (`YYYY-MM`).
    Month,
    /// A year (`YYYY`).
    Year,
}

/// How precise a place is.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PlacePrecision {
    /// A continent.
    Continent,
    /// A country.
    Country,
    /// A first-level administrative region (province, oblast, governorate).
    Region,
    /// A second-level unit (county, district, raion).
    District,
    /// A city (a capital, an administrative seat, or 100,000 people or more).
    City,
    /// A town or village.
    Town,
    /// A neighbourhood or district of a city.
    Neighbourhood,
}

impl PlacePrecision {
    /// How specific: neighbourhood 5, town or city 4, district 3, region 2, country 1.
    pub(crate) fn specificity(self) -> u8 {
        match self {
            PlacePrecision::Neighbourhood => 5,
            PlacePrecision::Town | PlacePrecision::City => 4,
            PlacePrecision::District => 3,
            PlacePrecision::Region => 2,
            PlacePrecision::Country => 1,
            PlacePrecision::Continent => 0,
        }
    }

    /// ACLED's `geo_precision` code: 1 for the exact town, 2 for a part of a region, 3 for a
    /// region or country.
    pub fn acled_geo_precision(self) -> u8 {
        match self {
            PlacePrecision::City | PlacePrecision::Town | PlacePrecision::Neighbourhood => 1,
            PlacePrecision::District => 2,
            PlacePrecision::Region => 3,
            PlacePrecision::Country | PlacePrecision::Continent => 3,
        }
    }
}

/// An event's participant role.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Who fired or struck, or who declared a ceasefire.
    Initiator,
    /// Who was hit.
    Target,
    /// A meeting attendee or ceasefire party.
    Participant,
    /// A mediator.
    Mediator,
    /// The party that hosts a meeting ("Moscow hosted talks", "hosted by Turkey"); it
    /// attends as well.
    Host,
}

/// What sort of actor.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ActorType {
    /// State military.
    Military,
    /// Government.
    Government,
    /// Police and security services.
    Police,
    /// Armed opposition.
    Rebel,
    /// Another non-state armed group.
    ArmedGroup,
    /// An international organisation.
    International,
    /// A named person.
    Person,
    /// A news agency or broadcaster.
    Media,
    /// A war monitor or NGO that reports casualties.
    Monitor,
    /// Civilians.
    Civilian,
    /// An unidentified attacker ("unidentified helicopters").
    Unidentified,
}

impl ActorType {
    /// ACLED's interaction code for this type (state forces 1, rebels 2, … civilians 7).
    pub fn acled_inter(self) -> Option<u8> {
        Some(match self {
            ActorType::Military | ActorType::Government | ActorType::Police => 1,
            ActorType::Rebel => 2,
            ActorType::ArmedGroup => 3,
            ActorType::Civilian => 7,
            ActorType::International => 8,
            _ => return None,
        })
    }
}

/// A quoted piece of the input.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Quote {
    /// The text as it stands in the input.
    pub text: String,
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

/// When an event happened.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EventDate {
    /// `YYYY-MM-DD`, `YYYY-MM` or `YYYY`, by precision.
    pub value: String,
    /// How precise the value is.
    pub precision: DatePrecision,
    /// The expression in the text ("early Monday").
    pub text: String,
    /// First byte of the expression.
    pub start: usize,
    /// One past its last byte.
    pub end: usize,
}

/// A place resolved against the gazetteer (or left unresolved).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Place {
    /// Canonical name (for a place the gazetteer lacks, the name as written).
    pub name: Cow<'static, str>,
    /// GeoNames id where known.
    pub geonames_id: Option<u32>,
    /// ISO 3166-1 alpha-2 country code.
    pub country_code: Option<Cow<'static, str>>,
    /// First-level region name.
    pub admin1: Option<Cow<'static, str>>,
    /// Second-level unit name (county, district, raion) where known.
    pub admin2: Option<Cow<'static, str>>,
    /// Latitude.
    pub lat: Option<f64>,
    /// Longitude.
    pub lon: Option<f64>,
    /// Country, region, district, city, town or neighbourhood (of the coordinates).
    pub precision: Option<PlacePrecision>,
    /// The same in ACLED's `geo_precision` terms (1 town, 2 district or near, 3 region or
    /// country).
    pub geo_precision: Option<u8>,
    /// False for a name the gazetteer lacks: the coordinates are those of the place the
    /// text puts it in ("the village of Tal Toughan in rural Idlib").
    pub resolved: bool,
    /// The mention in the text.
    pub text: String,
    /// First byte of the mention.
    pub start: usize,
    /// One past its last byte.
    pub end: usize,
}

/// An actor taking part in an event.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EventActor {
    /// Canonical name ("Syrian military", "John Kerry", "rebels").
    pub name: Cow<'static, str>,
    /// Its role in this event.
    pub role: Role,
    /// ISO country code where known.
    pub country_code: Option<Cow<'static, str>>,
    /// Actor type.
    #[serde(rename = "type")]
    pub actor_type: ActorType,
    /// CAMEO-style code ("SYRMIL", "USAGOV") where known.
    pub code: Option<Cow<'static, str>>,
    /// True for an uncertain attribution ("Syrian or Russian jets", "suspected").
    pub uncertain: bool,
    /// The mention in the text.
    pub text: String,
    /// First byte of the mention.
    pub start: usize,
    /// One past its last byte.
    pub end: usize,
}

/// How many people an event killed.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Fatalities {
    /// The count (ACLED's conservative figure); `None` when reported as unknown.
    pub count: Option<u32>,
    /// `exact`, `at_least`, `approximate`, `none_reported` or `unknown`.
    pub qualifier: &'static str,
    /// The supporting text.
    pub text: String,
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

/// Who reports an event.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Source {
    /// Canonical name ("AFP", "Syrian Observatory for Human Rights").
    pub name: Cow<'static, str>,
    /// First byte of the mention.
    pub start: usize,
    /// One past its last byte.
    pub end: usize,
}

/// Codes in other schemes.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Labels {
    /// ACLED event type.
    pub acled_event_type: Option<&'static str>,
    /// ACLED sub-event type.
    pub acled_sub_event_type: Option<&'static str>,
    /// CAMEO event code.
    pub cameo: &'static str,
    /// ACLED interaction code of the initiator (`inter1`).
    pub inter1: Option<u8>,
    /// ACLED interaction code of the target (`inter2`).
    pub inter2: Option<u8>,
}

/// One conflict event.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Event {
    /// Strike, shelling, ceasefire or meeting.
    pub kind: Kind,
    /// A finer type, where the text says it.
    pub subkind: Option<Subkind>,
    /// Occurred, planned, proposed or negated.
    pub status: Status,
    /// The word or phrase that signals the event (of its first mention).
    pub trigger: Quote,
    /// The sentences of every mention of the event.
    pub evidence: Vec<Span>,
    /// When it happened, if the text says.
    pub date: Option<EventDate>,
    /// Where it happened, if the text says.
    pub location: Option<Place>,
    /// Who took part, with roles.
    pub actors: Vec<EventActor>,
    /// Deaths, if reported.
    pub fatalities: Option<Fatalities>,
    /// Who reports it.
    pub sources: Vec<Source>,
    /// ACLED and CAMEO codes.
    pub labels: Labels,
    /// A rough confidence in 0..=1.
    pub confidence: f64,
}

/// A named actor found in the text, whether or not it takes part in an event.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ActorMention {
    /// Canonical name.
    pub name: Cow<'static, str>,
    /// Actor type.
    #[serde(rename = "type")]
    pub actor_type: ActorType,
    /// ISO country code where known.
    pub country_code: Option<Cow<'static, str>>,
    /// CAMEO-style code where known.
    pub code: Option<Cow<'static, str>>,
    /// The mention.
    pub text: String,
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

/// Everything extracted from one document.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Extraction {
    /// The events, in order of first mention.
    pub events: Vec<Event>,
    /// Every place mention resolved (or not) against the gazetteer, in text order.
    pub places: Vec<Place>,
    /// Every actor mention, in text order.
    pub actors: Vec<ActorMention>,
}
