//! Number words and fatality counts in one sentence, following ACLED's coding rules.
//!
//! In: one sentence of English news text (`&str`, any content; nothing here panics).
//! Out: the [`FatalityMention`]s it states, left to right, each with the byte span of the
//! supporting text ("killed three civilians including a child", "no immediate reports of
//! casualties", "Casualties unknown"), the count, how exact the count is, and whether it is a
//! cumulative toll for a period of fighting rather than one event.
//!
//! ACLED's rules shape the choices: the most conservative figure is kept ("at least 12" is
//! 12, "dozens" is 12, "hundreds" is 100, "between 5 and 10" is 5), the injured are never
//! deaths, sub-groups after "including" are already inside the total, and a coder note
//! "Coded as N fatalities" overrides every other figure in the sentence.
//!
//! The work is token based: the sentence is split into words and punctuation, number phrases
//! (with their qualifiers) are found first, and each is then tested against the contexts
//! that make it a death count — a killing verb before it ("killed 12 civilians"), a death
//! word after it ("12 civilians were killed", "12 dead"), or a toll ("death toll rose to
//! 12"). Fixed statements (none reported, unknown, coder notes) are matched by regex first.
#![deny(missing_docs)]

use once_cell::sync::Lazy;
use regex::Regex;

/// How precise a fatality figure is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Qualifier {
    /// A plain figure: "killed 12 people".
    Exact,
    /// A lower bound: "at least 12", "more than 20", "over 30".
    AtLeast,
    /// A vague or estimated figure: "about 30", "up to 30", "dozens", "5 to 10".
    Approximate,
    /// An explicit statement that nobody died: "no casualties", "no one was killed".
    NoneReported,
    /// An explicit statement that the toll is not known: "Casualties unknown".
    Unknown,
}

/// A statement of how many people an event killed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FatalityMention {
    /// Byte offset where the supporting text starts in the sentence.
    pub start: usize,
    /// Byte offset just past the end of the supporting text.
    pub end: usize,
    /// The number of deaths; `Some(0)` for none reported, `None` when unknown.
    pub count: Option<u32>,
    /// How precise `count` is.
    pub qualifier: Qualifier,
    /// True when the figure is a toll for a period or a whole war, not for one event.
    pub cumulative: bool,
}

// ---------------------------------------------------------------------------------------
// parse_number
// ---------------------------------------------------------------------------------------

/// Parses a number written in digits or words and returns its value.
///
/// Accepts digits with optional thousands commas ("3", "1,200"), cardinal words
/// ("three", "twenty-five", "twenty five", "two hundred", "a hundred", "one hundred and
/// fifty", "a dozen", "two dozen"), the article "a"/"an" and "single" (1), and ACLED's
/// conventional values for vague plurals: "dozens" 12, "scores" 20, "hundreds" 100,
/// "thousands" 1000, "tens of thousands" 10,000, "hundreds of thousands" 100,000 (a trailing
/// "of" is allowed). Case-insensitive. Returns `None` for anything else or on overflow.
pub fn parse_number(words: &str) -> Option<u32> {
    let lower = words.trim().to_ascii_lowercase();
    if lower.is_empty() {
        return None;
    }
    if lower.as_bytes()[0].is_ascii_digit() {
        return parse_digits(&lower);
    }
    let parts: Vec<&str> = lower.split(|c: char| c.is_whitespace() || c == '-').filter(|p| !p.is_empty()).collect();
    // "dozens of" names the same number as "dozens".
    let parts: &[&str] = match parts.split_last() {
        Some((&"of", rest)) if !rest.is_empty() => rest,
        _ => &parts,
    };
    match parts {
        ["a"] | ["an"] | ["single"] | ["a", "single"] => return Some(1),
        ["dozens"] => return Some(12),
        ["scores"] => return Some(20),
        ["hundreds"] => return Some(100),
        ["thousands"] => return Some(1000),
        ["tens", "of", "thousands"] => return Some(10_000),
        ["hundreds", "of", "thousands"] => return Some(100_000),
        _ => {}
    }
    parse_cardinal_words(parts)
}

/// Digits, optionally grouped by commas in threes ("300,000"). Decimals are rejected:
/// "1.5 million" is not a head count this module can be sure of.
fn parse_digits(s: &str) -> Option<u32> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit() || b == b',') {
        return None;
    }
    if s.contains(',') {
        let mut groups = s.split(',');
        let first = groups.next()?;
        if first.is_empty() || first.len() > 3 || groups.clone().any(|g| g.len() != 3) {
            return None;
        }
    }
    let digits: String = s.chars().filter(|c| *c != ',').collect();
    digits.parse::<u32>().ok()
}

/// Value of a single cardinal word below a hundred.
fn small_value(w: &str) -> Option<u64> {
    // A `match` (dispatch on length, then a compare or two), not a scan of a word list: it
    // runs for every word of every sentence with a death word.
    let v = match w {
        "zero" => 0,
        "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "thirteen" => 13,
        "fourteen" => 14,
        "fifteen" => 15,
        "sixteen" => 16,
        "seventeen" => 17,
        "eighteen" => 18,
        "nineteen" => 19,
        "twenty" => 20,
        "thirty" => 30,
        "forty" => 40,
        "fifty" => 50,
        "sixty" => 60,
        "seventy" => 70,
        "eighty" => 80,
        "ninety" => 90,
        _ => return None,
    };
    Some(v)
}

fn multiplier(w: &str) -> Option<u64> {
    match w {
        "dozen" => Some(12),
        "hundred" => Some(100),
        "thousand" => Some(1000),
        "million" => Some(1_000_000),
        _ => None,
    }
}

/// "two hundred and fifty", "a thousand", "twenty five": a small left-to-right
/// accumulator. Ill-formed sequences ("five twenty", "twenty twenty") are rejected so
/// that two adjacent numbers are never glued into one.
fn parse_cardinal_words(parts: &[&str]) -> Option<u32> {
    let mut total: u64 = 0;
    let mut current: u64 = 0;
    // "a"/"an" only counts as 1 when a multiplier follows ("a hundred").
    let mut article_pending = false;
    let mut seen = false;
    for (i, w) in parts.iter().enumerate() {
        let w = *w;
        if (w == "a" || w == "an") && i == 0 {
            current = 1;
            article_pending = true;
            continue;
        }
        if w == "and" && seen && i + 1 < parts.len() {
            continue;
        }
        if let Some(v) = small_value(w) {
            if article_pending {
                return None;
            }
            let rem = current % 100;
            let fits =
                if v >= 20 { rem == 0 } else { rem == 0 || (rem >= 20 && rem.is_multiple_of(10) && v < 10 && v > 0) };
            if !fits || (seen && v == 0) {
                return None;
            }
            current += v;
        } else if let Some(m) = multiplier(w) {
            match m {
                12 | 100 => {
                    if current >= 100 && m == 100 {
                        return None;
                    }
                    current = current.max(1) * m;
                }
                _ => {
                    total = total.saturating_add(current.max(1).saturating_mul(m));
                    current = 0;
                }
            }
        } else {
            return None;
        }
        article_pending = false;
        seen = true;
    }
    if !seen || article_pending {
        return None;
    }
    u32::try_from(total.saturating_add(current)).ok()
}

// ---------------------------------------------------------------------------------------
// Regexes for fixed statements
// ---------------------------------------------------------------------------------------

fn compile(pattern: &str) -> Regex {
    // The patterns are constants covered by the tests, so failure is a programming error.
    Regex::new(pattern).expect("constant regex must compile")
}

/// Word splitting: numbers with thousands commas stay whole, hyphenated and apostrophised
/// words stay whole ("twenty-five", "two-day", "12-year-old", "Qa'ida"), and every other
/// non-space character is a token of its own. This is the regex
/// `[0-9]{1,3}(?:,[0-9]{3})+|[A-Za-z0-9]+(?:['’\-][A-Za-z0-9]+)*|\S` (leftmost-first) written
/// out by hand: a regex search a token cost more than the rest of the token work together.
/// The `tokens_equal_regex` test holds the two together.
fn tokenize(s: &str) -> Vec<Tok> {
    let b = s.as_bytes();
    let alnum_run = |from: usize| b[from..].iter().take_while(|c| c.is_ascii_alphanumeric()).count();
    let mut toks = Vec::with_capacity(b.len() / 4);
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let end = if c.is_ascii_alphanumeric() {
            // "1,200": one to three digits, then comma groups of exactly three.
            let digits = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
            let mut end = i + digits;
            if (1..=3).contains(&digits) {
                while b.get(end) == Some(&b',')
                    && b.get(end + 1..end + 4).is_some_and(|g| g.iter().all(u8::is_ascii_digit))
                {
                    end += 4;
                }
            }
            if end > i + digits {
                end
            } else {
                // A word, with hyphenated or apostrophised parts glued on.
                let mut end = i + alnum_run(i);
                loop {
                    let sep = match b.get(end) {
                        Some(b'\'' | b'-') => 1,
                        Some(0xE2) if b[end..].starts_with("’".as_bytes()) => 3,
                        _ => break,
                    };
                    let n = alnum_run(end + sep);
                    if n == 0 {
                        break;
                    }
                    end += sep + n;
                }
                end
            }
        } else if c < 0x80 {
            // Any other character: skipped if white space (`\s` is Unicode White_Space, as
            // `char::is_whitespace`, in ASCII these five and the space), else a token of its
            // own; ASCII read by byte.
            if matches!(c, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r') {
                i += 1;
                continue;
            }
            i + 1
        } else {
            let ch = s[i..].chars().next().unwrap_or(' ');
            if ch.is_whitespace() {
                i += ch.len_utf8();
                continue;
            }
            i + ch.len_utf8()
        };
        toks.push(Tok { start: i, end, word: c.is_ascii_alphanumeric() });
        i = end;
    }
    toks
}

/// ACLED coder note that fixes the figure for this event.
static CODED_AS: Lazy<Regex> =
    Lazy::new(|| compile(r"(?i)(?-u:\b)coded\s+as\s+([0-9][0-9,]*|[a-z]+(?:[\s-][a-z]+)?)\s+fatalit(?:y|ies)(?-u:\b)"));

/// ACLED coder note spreading one reported toll over several events.
static SPLIT_NOTE: Lazy<Regex> = Lazy::new(|| {
    compile(
        r"(?i)(?-u:\b)([0-9][0-9,]*|[a-z]+)\s+fatalit(?:y|ies)\s+(?:(?:were|are|was)\s+)?split\s+(?:across|between|among|over|into)\s+(?:[0-9][0-9,]*|[a-z]+)\s+events?(?-u:\b)",
    )
});

/// The toll is explicitly not known. Checked before NONE_REPORTED so that "no information
/// on casualties" is not read as "no casualties".
static UNKNOWN: Lazy<Regex> = Lazy::new(|| {
    compile(
        r"(?ix)(?-u:\b)(?:
            (?:number|toll|extent|figure)\s+of\s+(?:the\s+)?(?:casualties|fatalities|dead|deaths|victims)
                \s+(?:(?:is|was|remains|remained|are|were)\s+)?(?:still\s+|as\s+yet\s+|yet\s+)?
                (?:unknown|unclear|not\s+(?:yet\s+)?(?:known|clear)|undetermined|unconfirmed)
          | (?:casualties|fatalities|deaths|death\s+toll)\s+(?:(?:are|were|was|is|remain|remained|remains)\s+)?
                (?:still\s+|as\s+yet\s+|yet\s+)?
                (?:unknown|unclear|not\s+(?:yet\s+)?(?:known|clear)|undetermined|unconfirmed)
          | no\s+(?:information|details|word|news|data|figures)\s+(?:(?:was|were|is|are)\s+(?:yet\s+)?available\s+)?
                (?:on|about|regarding|of|concerning)\s+(?:the\s+)?(?:number\s+of\s+)?(?:any\s+|possible\s+)?
                (?:casualties|fatalities|deaths|victims|dead)
          | unknown\s+(?:number\s+of\s+)?(?:casualties|fatalities)
          | (?:unclear|not\s+(?:immediately\s+)?(?:clear|known)|unknown)\s+(?:whether|if|how\s+many)\s+(?:there\s+were\s+)?(?:any\s+)?
                (?:casualties|fatalities|deaths)
        )(?-u:\b)",
    )
});

/// Explicit statements that nobody died. "no injuries" is deliberately absent: a sentence
/// can report deaths among one group and no injuries among another.
static NONE_REPORTED: Lazy<Regex> = Lazy::new(|| {
    compile(
        r"(?ix)(?-u:\b)(?:
            (?:no|zero)\s+(?:(?:immediate|immediately|initial|known|reported|confirmed|official|further|other)\s+){0,2}
                (?:reports?\s+of\s+|indications?\s+of\s+|signs?\s+of\s+)?
                (?:(?:immediate|known|reported|confirmed|human|civilian|military|serious)\s+){0,2}
                (?:casualties|fatalities|deaths|loss\s+of\s+(?:human\s+)?life)
                (?:\s+(?:were|was|have\s+been|had\s+been)\s+(?:immediately\s+)?reported)?
          | (?:no\s+one|nobody|no-one|none)\s+(?:(?:was|were|has\s+been|had\s+been|is|got)\s+)?
                (?:(?:reportedly|immediately|reported|seriously)\s+)?(?:killed|hurt|injured|harmed|died|wounded)
          | (?:killed|killing|kills)\s+(?:no\s+one|nobody|no-one)
          | none\s+of\s+(?:the\s+|them\s+)?(?:[a-z-]+\s+){0,2}?(?:were|was)\s+(?:killed|hurt|injured|harmed)
          | no\s+(?:[a-z-]+\s+){0,3}?(?:were|was|have\s+been|had\s+been)\s+(?:reportedly\s+)?(?:killed|hurt|injured|harmed)
          | without\s+(?:causing\s+)?(?:any\s+)?(?:casualties|fatalities|loss\s+of\s+life)
          | (?:did\s+not|didn't|failed\s+to)\s+(?:cause|result\s+in|leave|claim)\s+(?:any\s+)?(?:casualties|fatalities|deaths|lives)
          | (?:casualties|fatalities|deaths)\s+(?:were|have\s+been|had\s+been)\s+not\s+reported
        )(?-u:\b)",
    )
});

/// Period and war-toll cues that make a figure cumulative.
static CUMULATIVE: Lazy<Regex> = Lazy::new(|| {
    compile(
        r"(?ix)(?-u:\b)(?:
            since
          | so\s+far
          | to\s+date
          | (?:total|overall|cumulative)\s+(?:death\s+)?(?:toll|number)
          | in\s+total
          | (?:over|during|in)\s+the\s+(?:past|last)\s+(?:[a-z0-9-]+\s+){0,2}(?:days|weeks?|months?|years?|decades?)
          | in\s+(?:past|last|recent)\s+(?:[a-z0-9]+\s+)?(?:days|weeks|months|years)
          | (?:weeks?|months?|years?|days)\s+of\s+(?:fighting|violence|clashes|war|conflict|bombardments?|shelling|air\s*strikes|strikes|unrest)
          | (?:fighting|violence|war|conflict|clashes|offensive|campaign|bombardments?|insurgency|hostilities|uprising|unrest|siege|battle)
                (?-u:\b)[^.;\[\]]{0,80}?(?-u:\b)(?:has|have|had)\s+(?:(?:so\s+far|now|already|reportedly|also)\s+)*
                (?:killed|claimed|left|cost)
        )(?-u:\b)",
    )
});

/// "the deadliest attack since 2015": a superlative's "since" is not a period of fighting.
static SUPERLATIVE_SINCE: Lazy<Regex> = Lazy::new(|| {
    compile(
        r"(?i)(?-u:\b)(?:deadliest|bloodiest|worst|biggest|largest|heaviest|first)(?-u:\b)[^.;]{0,60}?(?-u:\b)since(?-u:\b)",
    )
});

// ---------------------------------------------------------------------------------------
// Word lists
// ---------------------------------------------------------------------------------------

/// Words that end a victim noun phrase ("12 civilians | in Idlib were killed").
#[rustfmt::skip]
const STOP: &[&str] = &[
    "and", "or", "but", "nor", "were", "was", "are", "is", "be", "been", "being", "have", "has",
    "had", "who", "whom", "whose", "which", "that", "where", "when", "while", "as", "in", "on",
    "at", "near", "during", "after", "before", "by", "from", "into", "with", "without", "to",
    "for", "since", "until", "across", "over", "under", "through", "per", "if", "than", "then",
    "so", "also", "reportedly", "allegedly", "reported", "said", "says", "including", "among",
    "according", "killed", "killing", "kills", "kill", "died", "die", "dies", "dead", "death",
    "deaths", "perished", "fatalities", "fatality", "lost", "lives", "slain", "wounded",
    "injured", "hurt", "injuring", "wounding", "injuries", "injury", "casualties", "mostly",
    "mainly", "all", "most", "many", "a", "an", "another", "this", "these", "those", "there",
    "it", "they", "he", "she", "we", "not", "no", "them", "whom", "him", "us", "yesterday", "today", "tonight", "overnight", "earlier",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
];

/// Auxiliaries and adverbs allowed between the victims and the death word
/// ("12 people were reportedly killed", "three were found dead", "said to have been killed").
#[rustfmt::skip]
const AUX: &[&str] = &[
    "were", "was", "have", "has", "had", "been", "are", "is", "be", "being", "reportedly",
    "also", "all", "later", "allegedly", "confirmed", "reported", "found", "shot", "said",
    "believed", "feared", "to", "already", "now", "subsequently", "eventually", "apparently",
    "both", "initially", "instantly", "immediately", "tragically",
];

/// Auxiliaries that make "killed" passive ("were killed"), so it cannot take an object.
#[rustfmt::skip]
const PASSIVE: &[&str] = &[
    "were", "was", "been", "be", "being", "are", "is", "get", "got", "gets", "getting",
];

#[rustfmt::skip]
const INJURY: &[&str] = &[
    "wounded", "injured", "hurt", "injuring", "wounding", "injuries", "injury", "maimed",
];

/// Tokens after "killed" that make it transitive ("a bomb killed the mayor / 12 people").
#[rustfmt::skip]
const OBJECT_START: &[&str] = &[
    "the", "a", "an", "his", "her", "their", "its", "him", "them", "our", "several", "many",
    "some", "all", "both", "dozens", "scores", "hundreds", "thousands", "at", "more", "over",
    "about", "around", "nearly", "almost", "up", "two", "three", "four", "five",
];

/// A number followed by one of these measures something else ("5 km", "three times").
#[rustfmt::skip]
const UNITS: &[&str] = &[
    "km", "kms", "kilometres", "kilometers", "kilometre", "kilometer", "mile", "miles", "m",
    "metres", "meters", "metre", "meter", "kg", "kilograms", "tons", "tonnes", "times", "time",
    "percent", "per", "%", "hours", "hour", "days", "day", "weeks", "week", "months", "month",
    "years", "year", "minutes", "minute", "seconds", "am", "pm", "gmt", "utc", "o'clock", "mm",
    "cm", "decades", "decade", "st", "nd", "rd", "th",
];

#[rustfmt::skip]
const MONTHS: &[&str] = &[
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec",
];

/// A number right after one of these is an identifier, not a head count.
#[rustfmt::skip]
const ID_BEFORE: &[&str] = &[
    "aged", "age", "resolution", "route", "highway", "road", "no", "number", "unit", "brigade",
    "division", "battalion", "regiment", "article", "page", "flight", "kilometre", "km",
];

/// "a dead end", "two dead bodies": "dead" used as an ordinary adjective.
#[rustfmt::skip]
const DEAD_ADJ_NOUNS: &[&str] = &[
    "end", "ends", "body", "bodies", "zone", "heat", "lock", "line", "weight", "letter", "sea",
    "centre", "center", "wood", "animals", "cattle", "livestock",
];

/// "death" in compounds that are not a death ("death threats", "death penalty").
#[rustfmt::skip]
const DEATH_COMPOUNDS: &[&str] = &[
    "threat", "threats", "penalty", "penalties", "sentence", "sentences", "row", "squad",
    "squads", "toll", "tolls", "warrant", "warrants", "march", "certificate", "certificates",
    "camp", "camps", "trap", "traps",
];

/// After "a"/"an" these make a vague quantity, never the count 1.
#[rustfmt::skip]
const ARTICLE_QUANTITIES: &[&str] = &[
    "few", "couple", "handful", "number", "lot", "lots", "host", "series", "total", "majority",
    "minority", "group", "range", "variety", "spate", "wave", "string", "score", "large",
    "small", "significant", "great", "good",
];

/// Head nouns for people. Needed where a bare article is the only number ("a child was
/// killed", "killed a woman") and when adding coordinated groups, so that "a car bomb" or
/// "two helicopters" is never counted as a victim.
#[rustfmt::skip]
const PERSON: &[&str] = &[
    "person", "people", "civilian", "soldier", "troop", "militant", "fighter", "rebel",
    "insurgent", "jihadist", "jihadi", "terrorist", "gunman", "gunmen", "man", "men", "woman",
    "women", "child", "children", "boy", "girl", "baby", "babies", "infant", "toddler",
    "teenager", "teen", "youth", "student", "pupil", "teacher", "doctor", "nurse", "medic",
    "paramedic", "patient", "worker", "farmer", "herder", "herdsman", "herdsmen", "villager",
    "resident", "citizen", "national", "member", "officer", "policeman", "policemen",
    "policewoman", "police", "guard", "bodyguard", "commander", "leader", "chief", "official",
    "employee", "staff", "personnel", "journalist", "reporter", "photographer", "activist",
    "protester", "protestor", "demonstrator", "bystander", "passenger", "driver", "pilot",
    "sailor", "marine", "serviceman", "servicemen", "recruit", "cadet", "conscript",
    "volunteer", "combatant", "attacker", "assailant", "bomber", "suspect", "militiaman",
    "militiamen", "militia", "prisoner", "detainee", "inmate", "hostage", "migrant", "refugee",
    "pilgrim", "worshipper", "worshiper", "relative", "brother", "sister", "son", "daughter",
    "mother", "father", "wife", "husband", "elder", "cleric", "imam", "priest", "gendarme",
    "ranger", "mercenary", "mercenaries", "paramilitary", "extremist", "separatist",
    "informant", "trader", "shepherd", "fisherman", "fishermen", "miner", "individual",
    "victim", "adult", "kid", "tribesman", "tribesmen", "contractor", "peacekeeper", "agent",
    "operative", "captain", "colonel", "general", "lieutenant", "sergeant", "corporal", "mayor",
    "governor", "minister", "lawmaker", "politician", "supporter", "settler", "other", "others",
    "security", "serviceman", "army", "guardsman", "guardsmen", "cop", "palestinian", "israeli",
    "syrian", "iraqi", "afghan", "yemeni", "kurd", "somali", "ukrainian", "russian",
    "pakistani", "nigerian", "sudanese", "lebanese", "libyan",
];

fn in_list(list: &[&str], w: &str) -> bool {
    list.contains(&w)
}

/// A word list sorted for binary search. `PERSON` and `STOP` are looked up for most words
/// of a sentence with a death word, and a scan of such a list costs a comparison a word.
fn sorted(list: &[&'static str]) -> Vec<&'static str> {
    let mut v = list.to_vec();
    v.sort_unstable();
    v
}

static PERSON_SORTED: Lazy<Vec<&'static str>> = Lazy::new(|| sorted(PERSON));
static STOP_SORTED: Lazy<Vec<&'static str>> = Lazy::new(|| sorted(STOP));

fn is_person(w: &str) -> bool {
    let person = |s: &str| PERSON_SORTED.binary_search(&s).is_ok();
    if person(w) {
        return true;
    }
    let singulars = [w.strip_suffix('s'), w.strip_suffix("es"), w.strip_suffix("ies").map(|_| "")];
    if singulars.iter().flatten().any(|s| !s.is_empty() && person(s)) {
        return true;
    }
    if let Some(stem) = w.strip_suffix("ies") {
        // "{stem}y", compared in place rather than written out.
        let y = stem.bytes().chain([b'y']);
        if PERSON_SORTED.binary_search_by(|p| p.bytes().cmp(y.clone())).is_ok() {
            return true;
        }
    }
    false
}

// ---------------------------------------------------------------------------------------
// Tokens and number phrases
// ---------------------------------------------------------------------------------------

#[derive(Debug)]
struct Tok {
    start: usize,
    end: usize,
    /// Starts with an ASCII letter or digit (not punctuation).
    word: bool,
}

/// A number with its qualifier: tokens `q..end`, the number itself from `n`.
#[derive(Clone, Copy, Debug)]
struct Phrase {
    q: usize,
    end: usize,
    value: u32,
    qual: Qualifier,
    /// A bare "a"/"an"/"single": only a count when a person noun follows.
    article: bool,
    /// A bare four-digit number that looks like a year.
    year_like: bool,
}

struct Num {
    value: u32,
    end: usize,
    article: bool,
    vague: bool,
    range: bool,
}

/// Qualifiers, longest first so "no fewer than" wins over shorter prefixes.
const QUALIFIERS: &[(&[&str], Qualifier)] = &[
    (&["no", "fewer", "than"], Qualifier::AtLeast),
    (&["no", "less", "than"], Qualifier::AtLeast),
    (&["not", "less", "than"], Qualifier::AtLeast),
    (&["not", "fewer", "than"], Qualifier::AtLeast),
    (&["in", "excess", "of"], Qualifier::AtLeast),
    (&["a", "minimum", "of"], Qualifier::AtLeast),
    (&["as", "many", "as"], Qualifier::Approximate),
    (&["at", "least"], Qualifier::AtLeast),
    (&["more", "than"], Qualifier::AtLeast),
    (&["upwards", "of"], Qualifier::AtLeast),
    (&["up", "to"], Qualifier::Approximate),
    (&["close", "to"], Qualifier::Approximate),
    (&["an", "estimated"], Qualifier::Approximate),
    (&["at", "most"], Qualifier::Approximate),
    (&["less", "than"], Qualifier::Approximate),
    (&["fewer", "than"], Qualifier::Approximate),
    (&["over"], Qualifier::AtLeast),
    (&["about"], Qualifier::Approximate),
    (&["around"], Qualifier::Approximate),
    (&["nearly"], Qualifier::Approximate),
    (&["almost"], Qualifier::Approximate),
    (&["some"], Qualifier::Approximate),
    (&["approximately"], Qualifier::Approximate),
    (&["roughly"], Qualifier::Approximate),
    (&["estimated"], Qualifier::Approximate),
    (&["possibly"], Qualifier::Approximate),
    (&["perhaps"], Qualifier::Approximate),
    (&["circa"], Qualifier::Approximate),
];

/// Whether `w` is the first word of one of `QUALIFIERS`: a quick `match` that spares most
/// words the scan of the whole list (the `qualifier_first_words` test keeps it complete).
fn may_start_qualifier(w: &str) -> bool {
    matches!(
        w,
        "no" | "not"
            | "in"
            | "a"
            | "as"
            | "at"
            | "more"
            | "upwards"
            | "up"
            | "close"
            | "an"
            | "less"
            | "fewer"
            | "over"
            | "about"
            | "around"
            | "nearly"
            | "almost"
            | "some"
            | "approximately"
            | "roughly"
            | "estimated"
            | "possibly"
            | "perhaps"
            | "circa"
    )
}

fn is_number_word(w: &str) -> bool {
    // The parts between hyphens by hand: `split`'s iterator cost several times the look-ups,
    // and this runs for every word of every sentence with a death word.
    let mut rest = w;
    loop {
        let end = rest.bytes().position(|b| b == b'-').unwrap_or(rest.len());
        let part = &rest[..end];
        if small_value(part).is_none() && multiplier(part).is_none() {
            return false;
        }
        if end == rest.len() {
            return true;
        }
        rest = &rest[end + 1..];
    }
}

struct Ctx<'a> {
    s: &'a str,
    /// `s` in ASCII lower case (same offsets): the tokens' lower-case forms are slices of it,
    /// not a string each.
    lower: String,
    toks: Vec<Tok>,
    /// In text order, apart: their starts (`q`) and ends both rise, so the phrase starting
    /// or ending at a token is found by bisection (no table a token to allocate).
    phrases: Vec<Phrase>,
}

/// Where the victims' noun phrase after a number ends, and whether its head is a person.
struct Nouns {
    end: usize,
    count: usize,
    head_person: bool,
}

/// What introduces a count from the left.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum AnchorKind {
    /// "killed", "killing", "the deaths of", "claimed the lives of".
    Verb,
    /// A verb that needs a person noun after the number ("executed 3 prisoners").
    PersonVerb,
    /// "death toll rose to", "the number of dead reached".
    Toll,
}

/// A count found at tokens `a..b`.
struct Cand {
    a: usize,
    b: usize,
    count: u32,
    qual: Qualifier,
}

fn merge_qual(x: Qualifier, y: Qualifier) -> Qualifier {
    use Qualifier::*;
    match (x, y) {
        (Approximate, _) | (_, Approximate) => Approximate,
        (AtLeast, _) | (_, AtLeast) => AtLeast,
        _ => Exact,
    }
}

impl<'a> Ctx<'a> {
    fn new(s: &'a str) -> Self {
        let toks = tokenize(s);
        let mut ctx = Ctx { s, lower: s.to_ascii_lowercase(), toks, phrases: Vec::new() };
        ctx.phrases = ctx.extract_phrases();
        ctx
    }

    fn low(&self, i: usize) -> &str {
        self.toks.get(i).map_or("", |t| &self.lower[t.start..t.end])
    }

    fn is_word(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| t.word)
    }

    fn qualifier_at(&self, i: usize) -> Option<(usize, Qualifier)> {
        if !may_start_qualifier(self.low(i)) {
            return None;
        }
        QUALIFIERS
            .iter()
            .find_map(|(seq, q)| seq.iter().enumerate().all(|(k, w)| self.low(i + k) == *w).then_some((seq.len(), *q)))
    }

    /// The number phrase (without qualifier) starting at token `i`.
    fn number_at(&self, i: usize) -> Option<Num> {
        // Every number this reads starts with a digit or one of these letters (zero, one,
        // two …, dozen, hundred, million, scores, single, a): most other words, and the
        // punctuation, are passed over before the word is matched (the
        // `number_at_passes_over_what_it_cannot_read` test).
        match self.low(i).as_bytes().first()? {
            b'0'..=b'9' | b'a' | b'd' | b'e' | b'f' | b'h' | b'm' | b'n' | b'o' | b's' | b't' | b'z' => {
                self.number_at_word(i)
            }
            _ => None,
        }
    }

    /// [`Ctx::number_at`] without its look at the first byte.
    fn number_at_word(&self, i: usize) -> Option<Num> {
        let w = self.low(i);
        let plain = |value, end| Num { value, end, article: false, vague: false, range: false };
        if w.as_bytes().first()?.is_ascii_digit() {
            if let Some(v) = parse_digits(w) {
                return Some(plain(v, i + 1));
            }
            // "5-10": a range written as one token; ACLED keeps the lower bound.
            let (a, b) = w.split_once('-')?;
            let (x, y) = (parse_digits(a)?, parse_digits(b)?);
            return Some(Num { range: true, ..plain(x.min(y), i + 1) });
        }
        let vague = |value, mut end| {
            if self.low(end) == "of" {
                end += 1;
            }
            Some(Num { vague: true, ..plain(value, end) })
        };
        match w {
            "tens" | "hundreds" if self.low(i + 1) == "of" && self.low(i + 2) == "thousands" => {
                return vague(if w == "tens" { 10_000 } else { 100_000 }, i + 3);
            }
            "dozens" | "scores" | "hundreds" | "thousands" => {
                return vague(parse_number(w)?, i + 1);
            }
            "single" => return Some(Num { article: true, ..plain(1, i + 1) }),
            "a" | "an" => {
                let next = self.low(i + 1);
                if next == "single" {
                    return Some(Num { article: true, ..plain(1, i + 2) });
                }
                // "a few people", "a couple of": quantities, not one victim.
                if in_list(ARTICLE_QUANTITIES, next) {
                    return None;
                }
                if multiplier(next).is_none() {
                    return Some(Num { article: true, ..plain(1, i + 1) });
                }
            }
            _ => {
                if !is_number_word(w) {
                    return None;
                }
            }
        }
        // A run of cardinal words; the longest prefix that parses wins.
        let mut j = i;
        while j < self.toks.len() && j - i < 12 {
            let t = self.low(j);
            let ok = is_number_word(t)
                || (j == i && (t == "a" || t == "an"))
                || (t == "and" && j > i && is_number_word(self.low(j + 1)));
            if !ok {
                break;
            }
            j += 1;
        }
        (i + 1..=j).rev().find_map(|end| {
            if self.low(end - 1) == "and" {
                return None;
            }
            let joined: Vec<&str> = (i..end).map(|k| self.low(k)).collect();
            parse_number(&joined.join(" ")).map(|v| plain(v, end))
        })
    }

    fn extract_phrases(&self) -> Vec<Phrase> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < self.toks.len() {
            // "between 5 and 10": the lower bound, as ACLED takes the conservative figure.
            if self.low(i) == "between" {
                if let Some(a) = self.number_at(i + 1).filter(|a| !a.article) {
                    if self.low(a.end) == "and" {
                        if let Some(b) = self.number_at(a.end + 1).filter(|b| !b.article) {
                            out.push(Phrase {
                                q: i,
                                end: b.end,
                                value: a.value.min(b.value),
                                qual: Qualifier::Approximate,
                                article: false,
                                year_like: false,
                            });
                            i = b.end;
                            continue;
                        }
                    }
                }
            }
            let (qlen, qual) = self.qualifier_at(i).unwrap_or((0, Qualifier::Exact));
            let Some(num) = self.number_at(i + qlen) else {
                i += 1;
                continue;
            };
            let mut qual = if qlen > 0 {
                qual
            } else if num.vague || num.range {
                Qualifier::Approximate
            } else {
                Qualifier::Exact
            };
            let (mut value, mut end) = (num.value, num.end);
            // "two or three", "5 to 10": keep the lower bound. Not after "from", where
            // "rose from 5 to 10" means the later figure.
            let from_before = i > 0 && self.low(i - 1) == "from";
            if !num.article && !from_before && matches!(self.low(end), "to" | "or" | "-") {
                if let Some(b) = self.number_at(end + 1).filter(|b| !b.article) {
                    if b.value > value {
                        value = value.min(b.value);
                        end = b.end;
                        if qlen == 0 {
                            qual = Qualifier::Approximate;
                        }
                    }
                }
            }
            let n_tok = &self.toks[i + qlen];
            let text = &self.s[n_tok.start..n_tok.end];
            let year_like = qlen == 0
                && end == i + 1
                && text.len() == 4
                && text.bytes().all(|b| b.is_ascii_digit())
                && (1900..=2100).contains(&value);
            out.push(Phrase { q: i, end, value, qual, article: num.article, year_like });
            i = end;
        }
        out
    }

    fn phrase_at(&self, i: usize) -> Option<Phrase> {
        self.phrases.binary_search_by_key(&i, |p| p.q).ok().map(|k| self.phrases[k])
    }

    /// The index of the phrase ending just before token `i`.
    fn ending_at(&self, i: usize) -> Option<usize> {
        self.phrases.binary_search_by_key(&i, |p| p.end).ok()
    }

    fn noun_ok(&self, i: usize) -> bool {
        self.is_word(i)
            && STOP_SORTED.binary_search(&self.low(i)).is_err()
            && self.phrase_at(i).is_none()
            && parse_digits(self.low(i)).is_none()
    }

    /// Whether the noun words `a..b` name people. Only the words before the first "of" count
    /// ("members of the family", but not "a number of people"), unless the phrase starts with
    /// "of" ("two of the soldiers").
    fn head_person(&self, a: usize, b: usize) -> bool {
        let a = if self.low(a) == "of" { a + 1 } else { a };
        let b = (a..b).find(|&k| self.low(k) == "of").unwrap_or(b);
        (a..b).any(|k| is_person(self.low(k)))
    }

    fn scan_nouns(&self, start: usize) -> Nouns {
        let mut i = start;
        while i < self.toks.len() && i - start < 7 && self.noun_ok(i) {
            // After a person noun, an "-ed" word is the next verb: "3 activists | sparked".
            let w = self.low(i);
            if i > start && w.ends_with("ed") && is_person(self.low(i - 1)) {
                break;
            }
            i += 1;
        }
        // Function words cannot end a noun phrase: "killed 5 of the | ..." keeps "5".
        while i > start && matches!(self.low(i - 1), "of" | "the" | "his" | "her" | "their" | "its") {
            i -= 1;
        }
        Nouns { end: i, count: i - start, head_person: self.head_person(start, i) }
    }

    /// ", including two children" / "among them a woman" / "mostly civilians" after the
    /// victims: part of the same total, so it extends the span and is never added.
    fn scan_including(&self, i: usize) -> Option<usize> {
        let mut k = i;
        if self.low(k) == "," {
            k += 1;
        }
        // "three of them children", "two of whom were women": a subset of the total.
        if let Some(p) = self.phrase_at(k) {
            if self.low(p.end) == "of" && matches!(self.low(p.end + 1), "them" | "whom") {
                let mut e = p.end + 2;
                if matches!(self.low(e), "were" | "are" | "being") {
                    e += 1;
                }
                return Some(self.scan_nouns(e).end.max(p.end + 2));
            }
        }
        k += match (self.low(k), self.low(k + 1), self.low(k + 2)) {
            ("including", _, _) | ("mostly", _, _) | ("mainly", _, _) | ("primarily", _, _) => 1,
            ("among", "them" | "whom", _) => 2,
            ("most" | "many" | "all" | "some", "of", "them" | "whom") => 3,
            _ => return None,
        };
        let mut had_number = false;
        if let Some(p) = self.phrase_at(k) {
            k = p.end;
            had_number = true;
        }
        let nouns = self.scan_nouns(k);
        if nouns.count == 0 && !had_number {
            return None;
        }
        // "including 3 soldiers and 2 police officers" is still the same subset.
        let mut end = nouns.end;
        while let Some((_, e)) = self.coordinated_group(end) {
            end = e;
        }
        Some(end)
    }

    /// Skips auxiliaries between victims and a death word.
    fn skip_aux(&self, mut i: usize) -> (usize, bool) {
        let start = i;
        let mut passive = false;
        while i < self.toks.len() && i - start < 6 {
            let w = self.low(i);
            if in_list(AUX, w) {
                passive |= in_list(PASSIVE, w);
                i += 1;
                // "were shot and killed"
                if w == "shot" && self.low(i) == "and" {
                    i += 1;
                }
            } else {
                break;
            }
        }
        (i, passive)
    }

    /// A death word at `i`: returns the end token and whether it is a noun ("deaths").
    fn death_word_at(&self, i: usize) -> Option<(usize, bool)> {
        match self.low(i) {
            "killed" | "slain" | "died" | "perished" => Some((i + 1, false)),
            "dead" if !in_list(DEAD_ADJ_NOUNS, self.low(i + 1)) => Some((i + 1, false)),
            "deaths" | "fatalities" | "fatality" if !in_list(DEATH_COMPOUNDS, self.low(i + 1)) => Some((i + 1, true)),
            "death" if !in_list(DEATH_COMPOUNDS, self.low(i + 1)) => Some((i + 1, true)),
            "lost"
                if matches!(self.low(i + 1), "their" | "his" | "her")
                    && matches!(self.low(i + 2), "lives" | "life") =>
            {
                Some((i + 3, false))
            }
            _ => None,
        }
    }

    /// "5 injured", "5 people were wounded": the phrase counts the injured.
    fn followed_by_injury(&self, p: &Phrase) -> bool {
        let nouns = self.scan_nouns(p.end);
        let (k, _) = self.skip_aux(nouns.end);
        in_list(INJURY, self.low(k))
    }

    fn is_noise(&self, p: &Phrase) -> bool {
        let prev = if p.q > 0 { self.low(p.q - 1) } else { "" };
        let next = self.low(p.end);
        in_list(UNITS, next)
            || in_list(MONTHS, next)
            || in_list(MONTHS, prev)
            || in_list(ID_BEFORE, prev)
            || (p.year_like && !matches!(prev, "killed" | "killing" | "kills"))
    }

    /// "killed 12 civilians", "killing at least 12", "the deaths of 5", "death toll rose to
    /// 30": a count introduced from the left. Returns the anchor token and a qualifier
    /// override ("toll exceeded 30" is a lower bound).
    fn left_anchor(&self, p: &Phrase) -> Option<(usize, Option<Qualifier>, AnchorKind)> {
        // "killing a further 5", "killed another 3"
        let mut k = p.q;
        while k > 0 && matches!(self.low(k - 1), "another" | "further" | "additional") {
            k -= 1;
            if k > 0 && matches!(self.low(k - 1), "a" | "an") {
                k -= 1;
            }
        }
        if k == 0 {
            return None;
        }
        let prev = self.low(k - 1);
        match prev {
            "killing" | "kills" | "massacred" | "massacring" | "slaughtered" => {
                return Some((k - 1, None, AnchorKind::Verb))
            }
            // These verbs also take non-human objects ("executed 3 attacks").
            "beheaded" | "beheading" | "executed" | "executing" | "lynched" => {
                return Some((k - 1, None, AnchorKind::PersonVerb))
            }
            "killed" => {
                // "were killed 5 km away" is passive; only an active "killed" takes a count.
                let mut j = k - 1;
                while j > 0 && matches!(self.low(j - 1), "reportedly" | "allegedly" | "also") {
                    j -= 1;
                }
                if j > 0 && in_list(PASSIVE, self.low(j - 1)) {
                    return None;
                }
                // "3 civilians killed 5 injured": a list without commas, not an object.
                if self.followed_by_injury(p) {
                    return None;
                }
                return Some((k - 1, None, AnchorKind::Verb));
            }
            "dead" if k >= 2 && self.low(k - 2) == "shot" => return Some((k - 2, None, AnchorKind::Verb)),
            "of" if k >= 2 => {
                if matches!(self.low(k - 2), "deaths" | "death" | "killing" | "killings") {
                    let a = if k >= 3 && self.low(k - 3) == "the" { k - 3 } else { k - 2 };
                    return Some((a, None, AnchorKind::Verb));
                }
                if k >= 4
                    && self.low(k - 2) == "lives"
                    && self.low(k - 3) == "the"
                    && matches!(self.low(k - 4), "claimed" | "claiming" | "cost" | "costing" | "took" | "taking")
                {
                    return Some((k - 4, None, AnchorKind::Verb));
                }
            }
            _ => {}
        }
        // Tolls: "(death) toll rose/climbed/reached/stands at/of N", "number of dead to N".
        let over = matches!(prev, "exceeded" | "passed" | "surpassed" | "topped");
        if !over && !matches!(prev, "to" | "at" | "of" | "reached" | "hit" | "stands" | "stood" | "is" | "was") {
            return None;
        }
        let lo = k.saturating_sub(11);
        let mut j = k - 1;
        while j > lo {
            j -= 1;
            let w = self.low(j);
            if !self.is_word(j) || self.ending_at(j + 1).is_some() {
                return None;
            }
            if w == "toll" {
                let a = if j > 0 && self.low(j - 1) == "death" { j - 1 } else { j };
                return Some((a, over.then_some(Qualifier::AtLeast), AnchorKind::Toll));
            }
            if w == "number"
                && (j + 1..(j + 5).min(k))
                    .any(|m| matches!(self.low(m), "dead" | "deaths" | "fatalities" | "killed" | "victims"))
            {
                return Some((j, over.then_some(Qualifier::AtLeast), AnchorKind::Toll));
            }
        }
        None
    }

    /// ", and two soldiers" after a group of victims: a further group with no verb of its
    /// own ("and two soldiers were wounded" has one). Returns the phrase and the group's end.
    fn coordinated_group(&self, b: usize) -> Option<(Phrase, usize)> {
        let mut k = b;
        if self.low(k) == "," {
            k += 1;
        }
        if self.low(k) == "and" {
            k += 1;
        }
        if k == b {
            return None;
        }
        let m = self.phrase_at(k)?;
        if self.is_noise(&m) {
            return None;
        }
        let n2 = self.scan_nouns(m.end);
        if n2.count == 0 || !n2.head_person {
            return None;
        }
        let after = self.low(n2.end);
        if in_list(AUX, after) || in_list(INJURY, after) || self.death_word_at(n2.end).is_some() {
            return None;
        }
        Some((m, n2.end))
    }

    fn left_match(&self, p: &Phrase) -> Option<Cand> {
        let (anchor, qual_override, kind) = self.left_anchor(p)?;
        let nouns = self.scan_nouns(p.end);
        let person_needed = p.article || kind == AnchorKind::PersonVerb;
        if person_needed && !nouns.head_person {
            return None;
        }
        let mut count = p.value;
        let mut qual = qual_override.map_or(p.qual, |q| merge_qual(p.qual, q));
        let mut b = nouns.end;
        if kind == AnchorKind::Toll {
            return Some(Cand { a: anchor, b: b.max(p.end), count, qual });
        }
        // "killed three civilians and two soldiers": coordinated victims add up. Once an
        // "including" clause has been read, later groups belong to it and are not added.
        loop {
            if let Some(e) = self.scan_including(b) {
                b = e;
                break;
            }
            let Some((m, end)) = self.coordinated_group(b) else {
                break;
            };
            count = count.saturating_add(m.value);
            qual = merge_qual(qual, m.qual);
            b = end;
        }
        Some(Cand { a: anchor, b, count, qual })
    }

    /// "12 civilians were killed", "3 dead", "five people, including a child, died":
    /// a count confirmed by a death word to the right.
    fn right_match(&self, p: &Phrase) -> Option<Cand> {
        let nouns = self.scan_nouns(p.end);
        let mut i = nouns.end;
        if let Some(e) = self.scan_including(i) {
            i = e;
            if self.low(i) == "," {
                i += 1;
            }
        } else if self.low(i) == "," {
            // A parenthetical between commas: "five people, the army said, were killed".
            let mut j = i + 1;
            let lim = (i + 12).min(self.toks.len());
            while j < lim && !matches!(self.low(j), "," | "." | ";" | "[" | "]" | "(" | ")") {
                j += 1;
            }
            if self.low(j) != "," {
                return None;
            }
            i = j + 1;
        }
        let (k, passive) = self.skip_aux(i);
        let (end, is_noun) = self.death_word_at(k)?;
        let word = self.low(k);
        if is_noun && (k != i || (word == "death" && p.value != 1)) {
            return None;
        }
        if p.article && (!nouns.head_person || is_noun) {
            return None;
        }
        if word == "killed" && nouns.count > 0 && !passive {
            // "a car bomb killed 12 people": the number belongs to the attacker.
            let next = self.low(end);
            let object_phrase = self.phrase_at(end).is_some_and(|o| !self.followed_by_injury(&o));
            if object_phrase || (self.phrase_at(end).is_none() && in_list(OBJECT_START, next)) || is_person(next) {
                return None;
            }
        }
        let mut a = p.q;
        // "left 5 dead"
        if word == "dead" && a > 0 && matches!(self.low(a - 1), "left" | "leaving" | "leaves") {
            a -= 1;
        }
        Some(Cand { a, b: end, count: p.value, qual: p.qual })
    }

    /// "N civilians and M soldiers were killed": walk back from the matched group over
    /// earlier coordinated groups and add them in.
    fn merge_back(&self, cand: &mut Cand, q: usize, floor: usize) {
        let mut j = q;
        loop {
            let mut sep = j;
            if sep > 0 && self.low(sep - 1) == "and" {
                sep -= 1;
            }
            if sep > 0 && self.low(sep - 1) == "," {
                sep -= 1;
            }
            if sep == j || sep == 0 {
                return;
            }
            // Noun words back to the end of an earlier phrase.
            let mut b = sep;
            let mut found = None;
            while b > floor && sep - b < 7 {
                if b < sep {
                    if let Some(k) = self.ending_at(b) {
                        found = Some(k);
                        break;
                    }
                }
                if !self.noun_ok(b - 1) {
                    break;
                }
                b -= 1;
            }
            let Some(k) = found else { return };
            let x = self.phrases[k];
            if x.q < floor || self.is_noise(&x) || !self.head_person(b, sep) {
                return;
            }
            cand.count = cand.count.saturating_add(x.value);
            cand.qual = merge_qual(cand.qual, x.qual);
            cand.a = x.q;
            j = x.q;
        }
    }

    fn span(&self, a: usize, b: usize) -> (usize, usize) {
        let start = self.toks.get(a).map_or(0, |t| t.start);
        let end = b.checked_sub(1).and_then(|k| self.toks.get(k)).map_or(start, |t| t.end);
        (start, end.max(start))
    }
}

// ---------------------------------------------------------------------------------------
// find_fatalities
// ---------------------------------------------------------------------------------------

fn overlaps(a: (usize, usize), b: (usize, usize)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

/// The bits of [`CUES`]. `DEATH_CUE`: words one of which every statement holds. The
/// others are words that every match of a regex holds (one of each set it needs), so that
/// a sentence without them need not be searched.
const DEATH_CUE: u16 = 1;
/// `UNKNOWN`: "unknown", "unclear", "not known", "undetermined", "no information …".
const UNKNOWN_CUE: u16 = 2;
/// `NONE_REPORTED`: what did not happen, and the word that says so ("no", "without", …).
const NONE_WHAT_CUE: u16 = 4;
const NONE_NOT_CUE: u16 = 8;
/// `CUMULATIVE` (and `SUPERLATIVE_SINCE`, which only matters where "since" does).
const PERIOD_CUE: u16 = 16;
/// "ſ" or "K": Unicode case folding (the regexes') reads them as "s" and "k", which the
/// ASCII check misses; every regex runs then.
const FOLDED_CUE: u16 = 32;

static CUES: Lazy<Option<crate::modality::Cues>> = Lazy::new(|| {
    let sets: [(u16, &[&str]); 6] = [
        (
            DEATH_CUE,
            &[
                "kill",
                "dead",
                "death",
                "die",
                "casualt",
                "fatalit",
                "lives",
                "life",
                "bodies",
                "body",
                "toll",
                "perish",
                "slain",
                "massacre",
                "slaughter",
                "behead",
                "execut",
                "lynch",
                "hurt",
                "injur",
                "harm",
                "wound",
                "victim",
            ],
        ),
        (
            UNKNOWN_CUE,
            &[
                "known",
                "clear",
                "undetermined",
                "unconfirmed",
                "information",
                "details",
                "word",
                "news",
                "data",
                "figures",
            ],
        ),
        (
            NONE_WHAT_CUE,
            &[
                "casualties",
                "fatalities",
                "deaths",
                "loss",
                "kill",
                "hurt",
                "injured",
                "harmed",
                "died",
                "wounded",
                "lives",
            ],
        ),
        // Each starts a word in every match ("no", "not", "none", "nobody" after the match's
        // start or a space): "no" inside "unknown" or "now" is none of them.
        (NONE_NOT_CUE, &["\\bno", "\\bzero", "\\bwithout", "\\bdidn", "\\bfailed"]),
        (
            PERIOD_CUE,
            &[
                "since",
                "far",
                "date",
                "toll",
                "number",
                "total",
                "past",
                "last",
                "recent",
                "week",
                "month",
                "year",
                "days",
                "fighting",
                "violence",
                "war",
                "conflict",
                "clash",
                "offensive",
                "campaign",
                "bombardment",
                "insurgency",
                "hostilities",
                "uprising",
                "unrest",
                "siege",
                "battle",
            ],
        ),
        (FOLDED_CUE, &["\u{17f}", "\u{212a}"]),
    ];
    crate::modality::Cues::new(sets.iter().flat_map(|(bit, lits)| lits.iter().map(move |l| (*l, *bit))))
});

/// Finds the fatality statements in one sentence and returns them left to right.
///
/// Counts come from killing verbs ("killed 12 civilians"), death words ("12 were killed",
/// "left 5 dead", "3 fatalities"), tolls ("death toll rose to 30") and coordinated groups
/// ("two soldiers and a civilian were killed" is 3). Injury-only statements produce nothing.
/// "no casualties"-style statements give `Some(0)` with [`Qualifier::NoneReported`];
/// "Casualties unknown" gives `None` with [`Qualifier::Unknown`]. An ACLED coder note
/// "Coded as N fatalities" replaces every other figure in the sentence.
pub fn find_fatalities(sentence: &str) -> Vec<FatalityMention> {
    // Every statement names death or harm; most sentences do not, and one cheap pass rules
    // them out before the regexes run.
    let cues = CUES.as_ref().map_or(u16::MAX, |c| c.bits(sentence.as_bytes()));
    if cues & DEATH_CUE == 0 {
        return Vec::new();
    }
    // Whether a regex that needs the cue words `bits` can match.
    let may = |bits: u16| cues & FOLDED_CUE != 0 || cues & bits == bits;
    // Both coder notes have a word starting "fatalit" (ASCII case aside: no other letter
    // folds to these) after white space, so a token starting so; without one, their
    // capture searches, whose set-up costs more than this look, need not run.
    let ctx = Ctx::new(sentence);
    let notes = ctx.toks.iter().any(|t| ctx.lower.as_bytes()[t.start..].starts_with(b"fatalit"));
    // The statements found so far claim their spans: a later one may not overlap them.
    let mut out: Vec<FatalityMention> = Vec::new();
    let claims = |out: &[FatalityMention], span: (usize, usize)| out.iter().any(|c| overlaps((c.start, c.end), span));
    if notes {
        // A coder's decision trumps whatever the sources said.
        let coded: Vec<FatalityMention> = CODED_AS
            .captures_iter(sentence)
            .filter_map(|c| {
                let m = c.get(0)?;
                let count = parse_number(c.get(1)?.as_str())?;
                Some(FatalityMention {
                    start: m.start(),
                    end: m.end(),
                    count: Some(count),
                    qualifier: Qualifier::Exact,
                    cumulative: false,
                })
            })
            .collect();
        if !coded.is_empty() {
            return coded;
        }
        for c in SPLIT_NOTE.captures_iter(sentence) {
            let (Some(m), Some(n)) = (c.get(0), c.get(1)) else {
                continue;
            };
            if let Some(count) = parse_number(n.as_str()) {
                out.push(FatalityMention {
                    start: m.start(),
                    end: m.end(),
                    count: Some(count),
                    qualifier: Qualifier::Exact,
                    // The note's figure covers several events, not this one.
                    cumulative: true,
                });
            }
        }
    }
    for (re, count, qualifier, bits) in [
        (&*UNKNOWN, None, Qualifier::Unknown, UNKNOWN_CUE),
        (&*NONE_REPORTED, Some(0), Qualifier::NoneReported, NONE_WHAT_CUE | NONE_NOT_CUE),
    ] {
        if !may(bits) {
            continue;
        }
        for m in re.find_iter(sentence) {
            let span = (m.start(), m.end());
            if claims(&out, span) {
                continue;
            }
            out.push(FatalityMention { start: span.0, end: span.1, count, qualifier, cumulative: false });
        }
    }

    // The counts go after the statements, and only the statements claim spans from them.
    let mut consumed = 0usize;
    let stated = out.len();
    for p in &ctx.phrases {
        if p.q < consumed || ctx.is_noise(p) {
            continue;
        }
        let pspan = ctx.span(p.q, p.end);
        if claims(&out[..stated], pspan) {
            continue;
        }
        let cand = match ctx.left_match(p) {
            Some(c) => Some(c),
            None => ctx.right_match(p).map(|mut c| {
                ctx.merge_back(&mut c, p.q, consumed);
                c
            }),
        };
        let Some(cand) = cand else { continue };
        let (start, end) = ctx.span(cand.a, cand.b);
        if claims(&out[..stated], (start, end)) {
            continue;
        }
        consumed = cand.b;
        let qualifier = if cand.count == 0 { Qualifier::NoneReported } else { cand.qual };
        out.push(FatalityMention { start, end, count: Some(cand.count), qualifier, cumulative: false });
    }
    out.sort_by_key(|m| (m.start, m.end));
    if may(PERIOD_CUE) {
        mark_cumulative(sentence, &mut out);
    }
    out
}

/// A count is cumulative when its own stretch of the sentence (from the previous mention's
/// end to the next mention's start) carries a period cue or a war-toll construction.
fn mark_cumulative(sentence: &str, mentions: &mut [FatalityMention]) {
    for k in 0..mentions.len() {
        let m = mentions[k];
        if m.cumulative || !matches!(m.count, Some(n) if n > 0) {
            continue;
        }
        let lo = if k > 0 { mentions[k - 1].end.min(m.start) } else { 0 };
        let hi = mentions.get(k + 1).map_or(sentence.len(), |b| b.start.max(m.end));
        let Some(window) = sentence.get(lo..hi) else {
            continue;
        };
        // The superlatives are only looked for once a "since" needs them.
        let mut superlatives: Option<Vec<(usize, usize)>> = None;
        mentions[k].cumulative = CUMULATIVE.find_iter(window).any(|c| {
            let is_since = c.as_str().eq_ignore_ascii_case("since");
            !(is_since
                && superlatives
                    .get_or_insert_with(|| SUPERLATIVE_SINCE.find_iter(window).map(|s| (s.start(), s.end())).collect())
                    .iter()
                    .any(|s| s.0 <= c.start() && c.end() <= s.1))
        });
    }
}

/// Compiles this module's patterns now, so that a first extraction need not.
pub(crate) fn warm_up() {
    Lazy::force(&CODED_AS);
    Lazy::force(&SPLIT_NOTE);
    Lazy::force(&UNKNOWN);
    Lazy::force(&NONE_REPORTED);
    Lazy::force(&CUMULATIVE);
    Lazy::force(&SUPERLATIVE_SINCE);
    Lazy::force(&CUES);
    Lazy::force(&PERSON_SORTED);
    Lazy::force(&STOP_SORTED);
}

// ---------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;

    /// The sorted look-ups and the hand-split number words answer as the list scans and
    /// `split` they replace, on the lists' words, their plural forms and generated words.
    #[test]
    fn lookups_equal_list_scans() {
        let number_word = |w: &str| -> bool {
            !w.is_empty() && w.split('-').all(|p| small_value(p).is_some() || multiplier(p).is_some())
        };
        let person = |w: &str| -> bool {
            if in_list(PERSON, w) {
                return true;
            }
            let singulars = [w.strip_suffix('s'), w.strip_suffix("es"), w.strip_suffix("ies").map(|_| "")];
            singulars.iter().flatten().any(|s| !s.is_empty() && in_list(PERSON, s))
                || w.strip_suffix("ies").is_some_and(|stem| in_list(PERSON, &format!("{stem}y")))
        };
        let parts = ["one", "twenty", "five", "hundred", "dozen", "", "-", "a", "and", "ies", "y", "s", "zero"];
        let mut words: Vec<String> = Vec::new();
        for w in PERSON.iter().chain(STOP).chain(&parts) {
            let stem = w.strip_suffix('y').unwrap_or(w);
            words.extend([w.to_string(), format!("{w}s"), format!("{w}es"), format!("{stem}ies"), format!("x{w}")]);
        }
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..5_000 {
            let mut w = String::new();
            for _ in 0..(seed % 5) {
                seed = crate::testing::xorshift(seed);
                w.push_str(parts[(seed % parts.len() as u64) as usize]);
                if seed & 16 != 0 {
                    w.push('-');
                }
            }
            words.push(w);
            seed = seed.wrapping_add(1);
        }
        for w in &words {
            assert_eq!(is_number_word(w), number_word(w), "{w:?}");
            assert_eq!(is_person(w), person(w), "{w:?}");
            assert_eq!(STOP_SORTED.binary_search(&w.as_str()).is_ok(), in_list(STOP, w), "{w:?}");
        }
    }

    /// `find_fatalities` looks for the coder notes' "fatalit" in ASCII lower case: no
    /// character beyond ASCII matches those letters case-insensitively.
    #[test]
    fn fatalit_folds_only_in_ascii() {
        let others: String = (0x80..=0x10_FFFF).filter_map(char::from_u32).collect();
        assert!(!compile("(?i)[fatli]").is_match(&others));
        assert!(compile("(?i)[k]").is_match(&others), "the check can see a fold");
    }

    #[test]
    fn qualifier_first_words() {
        for (seq, _) in QUALIFIERS {
            assert!(may_start_qualifier(seq[0]), "{}", seq[0]);
        }
    }

    /// `tokenize` splits exactly as the regex it replaces, on the test sentences and on
    /// random strings over the characters that matter (digits, commas, apostrophes, hyphens,
    /// ASCII and Unicode white space, other non-ASCII).
    #[test]
    fn tokens_equal_regex() {
        let re = compile(r"[0-9]{1,3}(?:,[0-9]{3})+|[A-Za-z0-9]+(?:['’\-][A-Za-z0-9]+)*|\S");
        let check = |s: &str| {
            let want: Vec<(usize, usize)> = re.find_iter(s).map(|m| (m.start(), m.end())).collect();
            let got: Vec<(usize, usize)> = tokenize(s).iter().map(|t| (t.start, t.end)).collect();
            assert_eq!(got, want, "{s:?}");
        };
        for (s, _) in CASES {
            check(s);
        }
        let alphabet = [
            "1", "23", "456", "7890", ",", "'", "’", "‘", "-", "a", "Zq", " ", "\u{a0}", "\u{2028}", "\u{3000}",
            "\x0b", "\x0c", "\t", "\n", "é", "\u{85}", "\u{200b}", ".", "_", "%", "\r", "\x1f",
        ];
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..20_000 {
            let s = crate::testing::pieces(&mut seed, &alphabet, 24);
            check(&s);
            seed = seed.wrapping_add(1);
        }
    }

    const NUMBERS: &[(&str, Option<u32>)] = &[
        ("3", Some(3)),
        ("1,200", Some(1200)),
        ("300,000", Some(300_000)),
        ("three", Some(3)),
        ("Twenty-Five", Some(25)),
        ("twenty five", Some(25)),
        ("a hundred", Some(100)),
        ("two hundred", Some(200)),
        ("one hundred and fifty", Some(150)),
        ("two thousand five hundred", Some(2500)),
        ("a dozen", Some(12)),
        ("two dozen", Some(24)),
        ("dozens", Some(12)),
        ("dozens of", Some(12)),
        ("scores", Some(20)),
        ("hundreds", Some(100)),
        ("thousands", Some(1000)),
        ("tens of thousands", Some(10_000)),
        ("a", Some(1)),
        ("an", Some(1)),
        ("one", Some(1)),
        ("single", Some(1)),
        ("a million", Some(1_000_000)),
        ("zero", Some(0)),
        ("", None),
        ("the", None),
        ("several", None),
        ("five twenty", None),
        ("twenty twenty", None),
        ("1,20", None),
        ("1.5", None),
        ("99999999999", None),
        ("two-day", None),
        ("a few", None),
        ("ünïcödé", None),
    ];

    /// `number_at` reads what the word match behind it reads, on generated sentences.
    #[test]
    fn number_at_passes_over_what_it_cannot_read() {
        let words = [
            "zero",
            "one",
            "two",
            "three",
            "ten",
            "twelve",
            "twenty",
            "thirty",
            "four",
            "five",
            "forty",
            "six",
            "seven",
            "sixty",
            "eight",
            "eleven",
            "nine",
            "ninety",
            "dozen",
            "dozens",
            "hundred",
            "hundreds",
            "thousand",
            "thousands",
            "million",
            "tens",
            "of",
            "scores",
            "single",
            "a",
            "an",
            "and",
            "twenty-five",
            "two-day",
            "5",
            "1,200",
            "5-10",
            "A",
            "Two",
            "people",
            "killed",
            ",",
            ".",
            "-",
            "x",
            "é",
            "between",
            "bodies",
            "Iraqi",
        ];
        let mut seed: u64 = 0xB5AD_4ECE_DA1C_E2A9;
        for _ in 0..20_000 {
            seed = crate::testing::xorshift(seed);
            let n = (seed % 12) as usize;
            let sentence: Vec<&str> = (0..n)
                .map(|_| {
                    seed = crate::testing::xorshift(seed);
                    words[(seed % words.len() as u64) as usize]
                })
                .collect();
            let sentence = sentence.join(" ");
            let ctx = Ctx::new(&sentence);
            let read = |n: Option<Num>| n.map(|n| (n.value, n.end, n.article, n.vague, n.range));
            for i in 0..=ctx.toks.len() {
                assert_eq!(read(ctx.number_at(i)), read(ctx.number_at_word(i)), "{sentence:?} at {i}");
            }
        }
    }

    /// A regex that the cue words rule out has no match, on generated text.
    #[test]
    fn cue_gates_hold_every_match() {
        let pieces = [
            "no ",
            "No one ",
            "nobody ",
            "none of ",
            "zero ",
            "without ",
            "didn't ",
            "did not ",
            "failed to ",
            "cause ",
            "casualties ",
            "fatalities ",
            "deaths ",
            "loss of life ",
            "killed ",
            "kills ",
            "hurt ",
            "injured ",
            "harmed ",
            "died ",
            "wounded ",
            "lives ",
            "were ",
            "was ",
            "reported ",
            "reportedly ",
            "number of ",
            "the ",
            "toll ",
            "unknown ",
            "unclear ",
            "not ",
            "known ",
            "clear ",
            "yet ",
            "information ",
            "news ",
            "on ",
            "about ",
            "whether ",
            "how many ",
            "since ",
            "so far ",
            "to date ",
            "total ",
            "in ",
            "over ",
            "past ",
            "last ",
            "3 ",
            "weeks ",
            "of ",
            "fighting ",
            "war ",
            "has ",
            "claimed ",
            "deadliest ",
            "attack ",
            "ſ",
            "\u{212a}",
            "é",
            "x",
            ". ",
            " ",
            "Casualties unknown",
            "no casualties",
            "No one was killed",
            "killed nobody",
            "deaths were not reported",
            "did not cause any deaths",
            "toll of the dead is not yet known",
            "no information on casualties",
            "since 2015",
            "so far",
            "in the past two weeks",
            "months of shelling",
            "the war has killed",
            "worst attack since",
        ];
        let mut seed: u64 = 0x0DDB_1A5E_5BAD_5EED;
        let (mut matched, mut ruled_out) = (0, 0);
        for _ in 0..40_000 {
            seed = crate::testing::xorshift(seed);
            let text = crate::testing::pieces(&mut seed, &pieces, 6);
            let cues = CUES.as_ref().expect("builds").bits(text.as_bytes());
            if cues & FOLDED_CUE != 0 {
                continue;
            }
            for (re, bits) in [
                (&*UNKNOWN, UNKNOWN_CUE),
                (&*NONE_REPORTED, NONE_WHAT_CUE | NONE_NOT_CUE),
                (&*CUMULATIVE, PERIOD_CUE),
                (&*SUPERLATIVE_SINCE, PERIOD_CUE),
            ] {
                if re.is_match(&text) {
                    assert_eq!(cues & bits, bits, "{text:?} {}", re.as_str());
                    matched += 1;
                } else if cues & bits != bits {
                    ruled_out += 1;
                }
            }
        }
        assert!(matched > 5_000 && ruled_out > 20_000, "{matched} {ruled_out}");
    }

    #[test]
    fn parse_number_table() {
        for (input, want) in NUMBERS {
            assert_eq!(parse_number(input), *want, "parse_number({input:?})");
        }
    }

    /// Sentences with exactly one count mention (count, span text), or none at all.
    const CASES: &[(&str, Option<(u32, &str)>)] = &[
        (
            "Regime forces killed three civilians including a child in Idlib.",
            Some((3, "killed three civilians including a child")),
        ),
        ("The strike hit a market, killing at least 12 people.", Some((12, "killing at least 12 people"))),
        ("More than 20 were killed in the attack.", Some((20, "More than 20 were killed"))),
        ("About 30 people died in the clashes.", Some((30, "About 30 people died"))),
        ("Around 30 people died.", Some((30, "Around 30 people died"))),
        ("Nearly 30 people died.", Some((30, "Nearly 30 people died"))),
        ("Some 30 people died on Monday.", Some((30, "Some 30 people died"))),
        ("Up to 30 people died.", Some((30, "Up to 30 people died"))),
        ("Dozens killed in Aleppo air raids.", Some((12, "Dozens killed"))),
        ("Hundreds of people were killed.", Some((100, "Hundreds of people were killed"))),
        ("A dozen soldiers were killed.", Some((12, "A dozen soldiers were killed"))),
        ("Syrian regime warplanes killed 12 civilians in Idlib on Friday", Some((12, "killed 12 civilians"))),
        ("The bombing left 5 dead.", Some((5, "left 5 dead"))),
        ("The death toll rose to 30.", Some((30, "death toll rose to 30"))),
        ("The death toll climbed to 45 on Sunday.", Some((45, "death toll climbed to 45"))),
        ("The death toll stands at 17.", Some((17, "death toll stands at 17"))),
        ("Officials reported 4 fatalities.", Some((4, "4 fatalities"))),
        ("There were 7 deaths.", Some((7, "7 deaths"))),
        ("Police said 6 killed.", Some((6, "6 killed"))),
        ("The army confirmed the deaths of 9 soldiers.", Some((9, "the deaths of 9 soldiers"))),
        ("Four civilians and two soldiers were killed.", Some((6, "Four civilians and two soldiers were killed"))),
        (
            "One Ukrainian Government soldier and three rebels were killed.",
            Some((4, "One Ukrainian Government soldier and three rebels were killed")),
        ),
        ("A child was killed in the shelling.", Some((1, "A child was killed"))),
        ("Gunmen killed a woman in Kano.", Some((1, "killed a woman"))),
        ("A man died of his wounds.", Some((1, "A man died"))),
        ("The gunmen killed 4 and wounded 7.", Some((4, "killed 4"))),
        ("Ten people were killed and 20 injured.", Some((10, "Ten people were killed"))),
        ("5 killed and 10 wounded in Kabul blast", Some((5, "5 killed"))),
        ("Militants wounded five police officers.", None),
        ("The blast injured 5 people.", None),
        ("5 injured in grenade attack.", None),
        ("The move killed the deal.", None),
        ("The killer fled the scene.", None),
        ("He faces the death penalty.", None),
        ("He received two death threats.", None),
        ("The talks reached a dead end.", None),
        ("The town was shelled at least three times.", None),
        ("Two-day talks opened in Geneva.", None),
        ("In 2015 the group killed its leader.", None),
        ("The airstrike killed 12 people in 2015.", Some((12, "killed 12 people"))),
        (
            "Five people, including two children, were killed.",
            Some((5, "Five people, including two children, were killed")),
        ),
        (
            "Five people including two children were killed.",
            Some((5, "Five people including two children were killed")),
        ),
        ("A car bomb killed 8 soldiers.", Some((8, "killed 8 soldiers"))),
        ("Two suicide bombers killed 20 worshippers.", Some((20, "killed 20 worshippers"))),
        ("Between 5 and 10 people were killed.", Some((5, "Between 5 and 10 people were killed"))),
        ("Two or three people died.", Some((2, "Two or three people died"))),
        ("Air strike kills 12 in Idlib", Some((12, "kills 12"))),
        ("Three soldiers lost their lives.", Some((3, "Three soldiers lost their lives"))),
        ("Three men were shot dead.", Some((3, "Three men were shot dead"))),
        ("The attack claimed the lives of 14 people.", Some((14, "claimed the lives of 14 people"))),
        ("A car bomb exploded near a checkpoint.", None),
        ("Police arrested 12 protesters.", None),
        ("The rebels fired 40 rockets.", None),
        ("Clashes erupted on 5 March in the town.", None),
        ("A number of people were killed.", None),
        ("A few people died.", None),
        ("Gunmen killed 3 people, three of them children.", Some((3, "killed 3 people, three of them children"))),
        ("Five people were killed, two of whom were children.", Some((5, "Five people were killed"))),
        ("The blast killed 1,200 people.", Some((1200, "killed 1,200 people"))),
        ("The militants killed twenty-five villagers.", Some((25, "killed twenty-five villagers"))),
        ("Troops killed two militants and a civilian.", Some((3, "killed two militants and a civilian"))),
        ("Troops killed two militants and two soldiers were wounded.", Some((2, "killed two militants"))),
        ("A 12-year-old boy was killed.", Some((1, "A 12-year-old boy was killed"))),
        ("Israeli strikes killed a Hamas commander.", Some((1, "killed a Hamas commander"))),
        ("The clashes left 3 soldiers wounded.", None),
        ("12 people were killed 5 km from the border.", Some((12, "12 people were killed"))),
        (
            "Fighting has killed more than 300,000 people since 2011.",
            Some((300_000, "killed more than 300,000 people")),
        ),
        ("A killing spree rattled the city.", None),
        ("3 civilians killed 5 injured in shelling", Some((3, "3 civilians killed"))),
        ("The killing of 3 activists sparked protests.", Some((3, "The killing of 3 activists"))),
        ("At least three people were injured and one killed.", Some((1, "one killed"))),
        ("He was among 5 people killed on Monday.", Some((5, "5 people killed"))),
        ("Fighters killed a number of soldiers.", None),
        ("Some 2,000 people have fled.", None),
        ("5,000 troops were deployed after 3 soldiers were killed.", Some((3, "3 soldiers were killed"))),
        ("It killed 3 people and damaged 20 houses.", Some((3, "killed 3 people"))),
        ("The strike on the hospital killed 3 medics and a patient.", Some((4, "killed 3 medics and a patient"))),
        ("Around 5pm, a car bomb killed 6 people.", Some((6, "killed 6 people"))),
        ("Two children among the dead.", None),
        (
            "killed 5 people including 3 soldiers and 2 police officers",
            Some((5, "killed 5 people including 3 soldiers and 2 police officers")),
        ),
        ("Militants beheaded 3 villagers.", Some((3, "beheaded 3 villagers"))),
        ("The rebels executed 3 attacks.", None),
        ("A man and a woman were killed.", Some((2, "A man and a woman were killed"))),
        ("7 dead 12 hurt in market blast", Some((7, "7 dead"))),
        ("The talks were at a dead end.", None),
        ("Tens of thousands have died.", Some((10_000, "Tens of thousands have died"))),
    ];

    fn counted(sentence: &str) -> Vec<FatalityMention> {
        find_fatalities(sentence).into_iter().filter(|m| m.count.is_some_and(|c| c > 0)).collect()
    }

    #[test]
    fn count_table() {
        let mut failures = Vec::new();
        for (sentence, want) in CASES {
            let got: Vec<(u32, &str)> =
                counted(sentence).iter().map(|m| (m.count.unwrap_or(0), &sentence[m.start..m.end])).collect();
            let want: Vec<(u32, &str)> = want.iter().copied().collect();
            if got != want {
                failures.push(format!("{sentence:?}: want {want:?}, got {got:?}"));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    /// (sentence, count of the first mention, qualifier, cumulative)
    const DETAIL: &[(&str, Option<u32>, Qualifier, bool)] = &[
        ("killing at least 12 people", Some(12), Qualifier::AtLeast, false),
        ("more than 20 were killed", Some(20), Qualifier::AtLeast, false),
        ("about 30 people died", Some(30), Qualifier::Approximate, false),
        ("up to 30 people died", Some(30), Qualifier::Approximate, false),
        ("dozens killed", Some(12), Qualifier::Approximate, false),
        ("Air strikes killed 12 civilians.", Some(12), Qualifier::Exact, false),
        ("The death toll exceeded 50.", Some(50), Qualifier::AtLeast, false),
        ("There were no casualties.", Some(0), Qualifier::NoneReported, false),
        ("There were no immediate reports of casualties.", Some(0), Qualifier::NoneReported, false),
        ("No one was killed in the attack.", Some(0), Qualifier::NoneReported, false),
        ("The town was shelled without casualties.", Some(0), Qualifier::NoneReported, false),
        ("No fatalities.", Some(0), Qualifier::NoneReported, false),
        ("The bomb killed no one.", Some(0), Qualifier::NoneReported, false),
        ("Nobody was hurt.", Some(0), Qualifier::NoneReported, false),
        ("Kenya said no soldiers were killed.", Some(0), Qualifier::NoneReported, false),
        ("None of the hostages were harmed.", Some(0), Qualifier::NoneReported, false),
        ("The battle for Mosul has killed thousands of civilians.", Some(1000), Qualifier::Approximate, true),
        ("It was not immediately clear whether there were any casualties.", None, Qualifier::Unknown, false),
        ("No deaths were reported.", Some(0), Qualifier::NoneReported, false),
        ("Casualties unknown.", None, Qualifier::Unknown, false),
        ("The number of casualties is unknown.", None, Qualifier::Unknown, false),
        ("There was no information on casualties.", None, Qualifier::Unknown, false),
        (
            "More than a week of fighting in the city has killed hundreds of civilians.",
            Some(100),
            Qualifier::Approximate,
            true,
        ),
        (
            "Growing violence in and around Aleppo has killed more than 250 civilians.",
            Some(250),
            Qualifier::AtLeast,
            true,
        ),
        ("The conflict has killed more than 300,000 people.", Some(300_000), Qualifier::AtLeast, true),
        ("At least 40 people have been killed so far this year.", Some(40), Qualifier::AtLeast, true),
        ("In total, 58 people were killed.", Some(58), Qualifier::Exact, true),
        ("Over the past three weeks 90 civilians have died.", Some(90), Qualifier::Exact, true),
        ("The war, which has killed more than 10,000 people, continues.", Some(10_000), Qualifier::AtLeast, true),
        ("It was the deadliest attack since 2015, killing 30 people.", Some(30), Qualifier::Exact, false),
        (
            "Up to 210 soldiers were killed [Russian MoD reported 210 fatalities. Coded as 10 fatalities].",
            Some(10),
            Qualifier::Exact,
            false,
        ),
        ("Russian forces shelled the town [4 fatalities split across 22 events].", Some(4), Qualifier::Exact, true),
    ];

    #[test]
    fn detail_table() {
        let mut failures = Vec::new();
        for (sentence, count, qual, cumulative) in DETAIL {
            let got = find_fatalities(sentence);
            let first = got.first().map(|m| (m.count, m.qualifier, m.cumulative));
            if first != Some((*count, *qual, *cumulative)) {
                failures.push(format!("{sentence:?}: got {got:?}"));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn coded_note_overrides_everything() {
        let s = "Up to 210 soldiers were killed [Russian MoD reported 210 fatalities. Coded as 10 fatalities].";
        let got = find_fatalities(s);
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(&s[got[0].start..got[0].end], "Coded as 10 fatalities");
    }

    #[test]
    fn event_and_toll_in_one_sentence() {
        let s = "Air strikes killed 12 civilians on Friday, bringing the death toll since Monday to 80.";
        let got = find_fatalities(s);
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!((got[0].count, got[0].cumulative), (Some(12), false));
        assert_eq!((got[1].count, got[1].cumulative), (Some(80), true));
    }

    #[test]
    fn total_toll_is_cumulative() {
        let s = "The shelling killed 3, bringing the total number of dead this week to 40.";
        let got = find_fatalities(s);
        let summary: Vec<_> = got.iter().map(|m| (m.count, m.cumulative)).collect();
        assert_eq!(summary, [(Some(3), false), (Some(40), true)], "{got:?}");
    }

    #[test]
    fn zero_statement_span() {
        let s = "There were no immediate reports of casualties.";
        let got = find_fatalities(s);
        assert_eq!(got.len(), 1);
        assert_eq!(&s[got[0].start..got[0].end], "no immediate reports of casualties");
        let s = "Casualties unknown.";
        let got = find_fatalities(s);
        assert_eq!(&s[got[0].start..got[0].end], "Casualties unknown");
    }

    #[test]
    fn no_panic_on_prefixes_and_multibyte() {
        let sentences = [
            "Syrian regime warplanes killed 12 civilians, including a child, in Idlib.",
            "Ukrainian – “twenty‑five” soldiers were killed near Bakhmut’s outskirts — Ø.",
            "Ataque aéreo mató a 12 civiles en Alepo: 死者12人, ١٢ قتيلا [Coded as 3 fatalities]",
            "No one was killed; casualties unknown; the death toll rose to 1,200,000,000,000.",
        ];
        for s in sentences {
            for (i, _) in s.char_indices().chain([(s.len(), ' ')]) {
                let prefix = &s[..i];
                for m in find_fatalities(prefix) {
                    assert!(m.start <= m.end && m.end <= prefix.len());
                    assert!(prefix.is_char_boundary(m.start) && prefix.is_char_boundary(m.end));
                }
                let _ = parse_number(prefix);
            }
        }
        // Pseudo-random multibyte soup from a fixed LCG, mixed with trigger words.
        let pool = ['é', '’', '—', '死', 'ق', '🙂', ' ', ',', '-', '1', 'a', 'k', '\u{0301}', 'ß', '\n'];
        let words = [" killed ", " dead ", " toll to ", " at least ", " a ", " twenty-", " of "];
        let mut state: u64 = 0x2545_F491_4F6C_DD1D;
        let mut soup = String::new();
        for _ in 0..4000 {
            state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            let r = (state >> 33) as usize;
            if r.is_multiple_of(7) {
                soup.push_str(words[r % words.len()]);
            } else {
                soup.push(pool[r % pool.len()]);
            }
        }
        for m in find_fatalities(&soup) {
            assert!(soup.is_char_boundary(m.start) && soup.is_char_boundary(m.end));
        }
        let _ = parse_number(&soup);
    }
}
