//! Date expressions in English news sentences.
//!
//! Input: the text of one sentence (any Unicode) and, optionally, the
//! article's publication date. Output: a list of [`DateMention`]s, left to
//! right and non-overlapping, each carrying the byte span of the expression
//! in the input (`text[start..end]`, always on char boundaries), the resolved
//! [`CivilDate`] (first day of the period), its [`DatePrecision`], the
//! alternative resolution for tense-dependent weekdays, and whether the
//! publication date was needed to resolve it.
//!
//! Absolute dates ("9 May 2020", "Feb. 23, 2015", "2016-05-02", "in
//! February 2015", "in 2015") resolve without a publication date. Everything
//! relative ("on Monday", "late February", "on 9 May", "yesterday", "last
//! week") needs one and is dropped when it is missing, because guessing a
//! year or a week would silently produce wrong event dates.

use once_cell::sync::Lazy;
use regex::{Captures, Regex};
use std::fmt;

/// A calendar date (proleptic Gregorian).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CivilDate {
    /// Astronomical year (year 0 exists; negative years are BCE − 1).
    pub year: i32,
    /// Month, 1 = January … 12 = December.
    pub month: u8,
    /// Day of the month, starting at 1.
    pub day: u8,
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Day count relative to 1970-01-01. Years are shifted to start in March so
/// the leap day is the last day of the shifted year, which makes the
/// day-of-year a closed formula; 400-year eras (146 097 days) keep the
/// arithmetic on small non-negative numbers.
const fn days_from_civil(year: i32, month: u8, day: u8) -> i64 {
    let y = year as i64 - if month <= 2 { 1 } else { 0 };
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let shifted_month = (month as i64 + 9) % 12;
    let day_of_year = (153 * shifted_month + 2) / 5 + day as i64 - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// Bounds that keep `from_days_since_epoch` inside the `i32` year range.
const MIN_DAYS: i64 = days_from_civil(i32::MIN, 1, 1);
const MAX_DAYS: i64 = days_from_civil(i32::MAX, 12, 31);

impl CivilDate {
    /// Builds a date, returning `None` for an impossible month or day
    /// (including 29 February outside leap years).
    pub fn new(year: i32, month: u8, day: u8) -> Option<CivilDate> {
        if (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month) {
            Some(CivilDate { year, month, day })
        } else {
            None
        }
    }

    /// Parses `YYYY-MM-DD`, optionally followed by a time part introduced by
    /// `T` or a space (as in `2016-05-02T10:00:00Z`), which is ignored.
    pub fn parse_iso(s: &str) -> Option<CivilDate> {
        let b = s.trim().as_bytes();
        let num = |range: std::ops::Range<usize>| -> Option<u32> {
            let part = b.get(range)?;
            if part.is_empty() || !part.iter().all(u8::is_ascii_digit) {
                return None;
            }
            Some(part.iter().fold(0u32, |acc, c| acc * 10 + u32::from(c - b'0')))
        };
        if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
            return None;
        }
        match b.get(10) {
            None | Some(b'T') | Some(b't') | Some(b' ') => {}
            _ => return None,
        }
        let year = i32::try_from(num(0..4)?).ok()?;
        let month = u8::try_from(num(5..7)?).ok()?;
        let day = u8::try_from(num(8..10)?).ok()?;
        CivilDate::new(year, month, day)
    }

    /// Day of the week: 0 = Monday … 6 = Sunday.
    pub fn weekday(self) -> u8 {
        // 1970-01-01 was a Thursday (index 3).
        (self.days_since_epoch() + 3).rem_euclid(7) as u8
    }

    /// The date `n` days later (earlier for negative `n`), saturating at the
    /// limits of the `i32` year range instead of overflowing.
    pub fn add_days(self, n: i64) -> CivilDate {
        CivilDate::from_days_since_epoch(self.days_since_epoch().saturating_add(n))
    }

    /// Days since 1970-01-01 (negative before it).
    pub fn days_since_epoch(self) -> i64 {
        days_from_civil(self.year, self.month, self.day)
    }

    /// Inverse of [`CivilDate::days_since_epoch`]; values beyond the `i32`
    /// year range are clamped to its first/last day.
    pub fn from_days_since_epoch(d: i64) -> CivilDate {
        let z = d.clamp(MIN_DAYS, MAX_DAYS) + 719_468;
        let era = z.div_euclid(146_097);
        let day_of_era = z - era * 146_097;
        let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
        let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
        let shifted_month = (5 * day_of_year + 2) / 153;
        let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
        let month = if shifted_month < 10 { shifted_month + 3 } else { shifted_month - 9 };
        let year = year_of_era + era * 400 + if month <= 2 { 1 } else { 0 };
        CivilDate {
            year: year.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32,
            month: month as u8,
            day: day as u8,
        }
    }

    fn first_of_month(self) -> CivilDate {
        CivilDate { day: 1, ..self }
    }

    fn monday_of_week(self) -> CivilDate {
        self.add_days(-i64::from(self.weekday()))
    }

    /// First day of the month `delta` months away (delta in -1..=1 here).
    fn shift_month(self, delta: i32) -> CivilDate {
        let index = self.year as i64 * 12 + i64::from(self.month) - 1 + i64::from(delta);
        let year = index.div_euclid(12);
        CivilDate {
            year: year.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32,
            month: (index.rem_euclid(12) + 1) as u8,
            day: 1,
        }
    }
}

fn write_year(f: &mut fmt::Formatter<'_>, year: i32) -> fmt::Result {
    if year < 0 {
        write!(f, "-{:04}", year.unsigned_abs())
    } else {
        write!(f, "{:04}", year)
    }
}

impl fmt::Display for CivilDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_year(f, self.year)?;
        write!(f, "-{:02}-{:02}", self.month, self.day)
    }
}

/// How much of the calendar a mention pins down.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DatePrecision {
    /// A single day.
    Day,
    /// A Monday-to-Sunday week.
    Week,
    /// A calendar month.
    Month,
    /// A calendar year.
    Year,
}

/// One date expression found in the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateMention {
    /// Byte offset where the expression starts (a char boundary).
    pub start: usize,
    /// Byte offset just past the expression (a char boundary).
    pub end: usize,
    /// First day of the period: the day itself, the Monday of a week, the
    /// first of a month or 1 January of a year.
    pub date: CivilDate,
    /// Granularity of `date`.
    pub precision: DatePrecision,
    /// For tense-dependent expressions (weekdays): the resolution if the
    /// event lies in the future, i.e. the next such weekday on or after
    /// publication. `None` otherwise.
    pub future: Option<CivilDate>,
    /// True when the publication date was needed to resolve `date`.
    pub relative: bool,
}

impl DateMention {
    /// The date rendered at its precision: `YYYY-MM-DD` for days and weeks,
    /// `YYYY-MM` for months, `YYYY` for years.
    pub fn value(&self) -> String {
        // Digits pushed by hand: `format!` costs over a thousand instructions a date, and
        // every event has one. The `value_equals_display` test holds it to the `Display`
        // form.
        let d = self.date;
        let mut out = String::with_capacity(11);
        if d.year < 0 {
            out.push('-');
        }
        push_padded(&mut out, d.year.unsigned_abs(), 4);
        if matches!(self.precision, DatePrecision::Year) {
            return out;
        }
        out.push('-');
        push_padded(&mut out, u32::from(d.month), 2);
        if matches!(self.precision, DatePrecision::Day | DatePrecision::Week) {
            out.push('-');
            push_padded(&mut out, u32::from(d.day), 2);
        }
        out
    }
}

/// Pushes `v` in decimal, padded with zeros to `width` digits (`{:0width$}`).
fn push_padded(out: &mut String, mut v: u32, width: usize) {
    // u32 has at most ten digits; the buffer starts as zeros, so the padding is there.
    let mut buf = [b'0'; 10];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    let from = i.min(buf.len().saturating_sub(width));
    out.extend(buf[from..].iter().map(|&b| char::from(b)));
}

// ---------------------------------------------------------------------------
// Patterns. Month names are matched case-sensitively (capitalised only) so
// that the modal "may" and the verb "march" never match; cue words are
// case-insensitive because they may open a sentence. Word boundaries are
// ASCII-only by design: every anchor sits next to an ASCII word, and Unicode
// `\b` would force the slower engines for no gain.

const MONTHS_FULL: &str = "January|February|March|April|May|June|July|August|September|October|November|December";
const MONTHS_ABBR: &str = "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec";
const WEEKDAYS: &str = "monday|tuesday|wednesday|thursday|friday|saturday|sunday";
/// `WEEKDAYS` as a list (the `all_rules_compile` test holds them together).
const WEEKDAY_NAMES: [&str; 7] = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
/// Part-of-month modifiers, e.g. "late February", "mid-March".
const MODIFIER: &str = r"(?i:early|late|mid|the\s+(?:end|start|beginning|middle)\s+of)(?:\s*-\s*|\s+)";
const DAY: &str = r"(?P<d>[0-3]?[0-9])(?:st|nd|rd|th)?(?-u:\b)";
const YEAR: &str = r"(?P<y>[0-9]{4})(?-u:\b)";

#[derive(Clone, Copy, Debug)]
enum Kind {
    /// Day, month name and year in either order.
    Absolute,
    /// `YYYY-MM-DD`.
    Iso,
    /// Day and month name without a year.
    DayMonth,
    /// Month name and year.
    MonthYear,
    /// "in 2015".
    Year,
    /// Month name with a cue word but no year.
    MonthCue,
    /// Weekday name with optional cue and part of day.
    Weekday,
    /// "today", "yesterday", "the day before yesterday", …
    RelativeDay,
    /// "three days ago".
    DaysAgo,
    /// "last week", "this month", "last year", …
    RelativePeriod,
}

static RULES: Lazy<Vec<(Regex, Kind)>> = Lazy::new(|| {
    let month = format!(r"(?P<m>{MONTHS_FULL}|{MONTHS_ABBR})(?-u:\b)");
    let month_full = format!(r"(?P<m>{MONTHS_FULL})(?-u:\b)");
    // "on" and a leading weekday belong to the expression ("on Monday, 9 May").
    let lead = format!(r"(?-u:\b)(?:(?i:on)\s+)?(?:(?i:{WEEKDAYS}),?\s+)?(?:(?i:the)\s+)?");
    let after_month = r"(?:\.\s*|\.?\s+)";
    let specs: Vec<(String, Kind)> = vec![
        (
            format!(r"{lead}{DAY}(?:\s+(?i:of))?\s+{month}\.?,?\s+{YEAR}"),
            Kind::Absolute,
        ),
        (
            format!(r"{lead}{month}{after_month}(?:(?i:the)\s+)?{DAY},?\s+{YEAR}"),
            Kind::Absolute,
        ),
        (
            r"(?-u:\b)(?:(?i:on)\s+)?(?P<y>[0-9]{4})-(?P<mo>[0-9]{2})-(?P<d>[0-9]{2})".to_string(),
            Kind::Iso,
        ),
        (
            format!(r"{lead}{DAY}(?:\s+(?i:of))?\s+{month}"),
            Kind::DayMonth,
        ),
        (
            format!(r"{lead}{month}{after_month}(?:(?i:the)\s+)?{DAY}"),
            Kind::DayMonth,
        ),
        (
            format!(
                r"(?-u:\b)(?:(?i:in|during)\s+)?(?:{MODIFIER})?{month}\.?\s+(?:(?i:of)\s+)?{YEAR}"
            ),
            Kind::MonthYear,
        ),
        (
            format!(r"(?-u:\b)(?i:in|during)\s+(?:(?i:early|late|mid)(?:\s*-\s*|\s+))?{YEAR}"),
            Kind::Year,
        ),
        (
            format!(
                r"(?-u:\b)(?:(?:(?i:in|during)\s+)?{MODIFIER}|(?i:in|during)\s+|(?P<rel>(?i:last|this|next))\s+){month_full}"
            ),
            Kind::MonthCue,
        ),
        (
            format!(
                r"(?-u:\b)(?:(?i:(?:in|on|during)\s+the\s+(?:(?:early|small|wee|late)\s+)?(?:hours|morning|afternoon|evening|night)\s+of)\s+|(?P<rel>(?i:last|next|this))\s+|(?i:(?:early|late)(?:\s+on)?|on|overnight)\s+)?(?P<wd>(?i:{WEEKDAYS}))(?:s)?(?-u:\b)(?:\s+(?i:morning|afternoon|evening|night)(?-u:\b))?"
            ),
            Kind::Weekday,
        ),
        (
            r"(?-u:\b)(?i:(?P<back2>the\s+day\s+before\s+yesterday)|(?P<back1>yesterday(?:\s+(?:morning|afternoon|evening))?|last\s+night)|today|tonight|this\s+(?:morning|afternoon|evening))(?-u:\b)".to_string(),
            Kind::RelativeDay,
        ),
        (
            r"(?-u:\b)(?i:(?P<n>[0-9]{1,3}|an?|one|two|three|four|five|six|seven|eight|nine|ten)\s+days?\s+ago)(?-u:\b)".to_string(),
            Kind::DaysAgo,
        ),
        (
            r"(?-u:\b)(?i:(?P<which>last|next|(?:earlier\s+|later\s+)?this)\s+(?P<unit>week|month|year))(?-u:\b)".to_string(),
            Kind::RelativePeriod,
        ),
    ];
    // Dropping a pattern that fails to compile beats panicking at runtime;
    // the `all_rules_compile` test makes sure none is ever dropped.
    specs.into_iter().filter_map(|(pattern, kind)| Regex::new(&pattern).ok().map(|re| (re, kind))).collect()
});

/// All rules as one set: a single pass says which rules can match, so only those run.
static RULE_SET: Lazy<Option<regex::RegexSet>> =
    Lazy::new(|| regex::RegexSet::new(RULES.iter().map(|(re, _)| re.as_str())).ok());

/// Where the last run of four digits starts. Every match of a rule that resolves without a
/// publication date contains one (its year), so no such match starts after it.
fn last_four_digits(text: &str) -> Option<usize> {
    // Backwards, counting the digits in a row; eight bytes without a digit are passed over
    // at once (most of a sentence has none, and it is read once a sentence).
    let b = text.as_bytes();
    let (mut i, mut run) = (b.len(), 0);
    while i > 0 {
        if run == 0 {
            if let Some(word) = b.get(i.wrapping_sub(8)..i).and_then(|w| <[u8; 8]>::try_from(w).ok()) {
                if !has_digit(u64::from_le_bytes(word)) {
                    i -= 8;
                    continue;
                }
            }
        }
        i -= 1;
        run = if b[i].is_ascii_digit() { run + 1 } else { 0 };
        if run == 4 {
            return Some(i);
        }
    }
    None
}

/// Whether any of the eight bytes of `word` is an ASCII digit: a byte below 10 once the
/// digits' high nibble is cleared (the test for a byte below `n` of "Bit Twiddling Hacks",
/// exact for whether there is one).
fn has_digit(word: u64) -> bool {
    const ONES: u64 = u64::MAX / 255;
    let x = word ^ (ONES * 0x30);
    x.wrapping_sub(ONES * 10) & !x & (ONES * 0x80) != 0
}

/// Whether the text has `dddd-`, which every ISO date starts with.
fn has_iso_start(text: &[u8]) -> bool {
    text.windows(5).any(|w| w[4] == b'-' && w[..4].iter().all(u8::is_ascii_digit))
}

/// Where a search for a rule that [`Kind::ends_in_year`] can stop, given where the last
/// run of four digits starts (`last_four_digits`): every match ends with four digits and a
/// word boundary, so no later than those digits; the byte after them is kept when it is a
/// word byte, so that the boundary reads as in the whole text. Sentences that start with
/// their date (ACLED notes) then search a few bytes, not the whole sentence.
fn year_search_end(text: &str, last_year: usize) -> usize {
    let end = last_year + 4;
    match text.as_bytes().get(end) {
        Some(&b) if b.is_ascii_alphanumeric() || b == b'_' => end + 1,
        _ => end,
    }
}

/// Month number for a full or abbreviated capitalised month name.
fn month_number(name: &str) -> Option<u8> {
    let prefix = name.get(..3)?;
    let n = match prefix {
        "Jan" => 1,
        "Feb" => 2,
        "Mar" => 3,
        "Apr" => 4,
        "May" => 5,
        "Jun" => 6,
        "Jul" => 7,
        "Aug" => 8,
        "Sep" => 9,
        "Oct" => 10,
        "Nov" => 11,
        "Dec" => 12,
        _ => return None,
    };
    Some(n)
}

fn weekday_number(name: &str) -> Option<u8> {
    // Lower-cased in place, not into a new string.
    let b = name.get(..3)?.as_bytes();
    let n = match &[b[0], b[1], b[2]].map(|c| c.to_ascii_lowercase()) {
        b"mon" => 0,
        b"tue" => 1,
        b"wed" => 2,
        b"thu" => 3,
        b"fri" => 4,
        b"sat" => 5,
        b"sun" => 6,
        _ => return None,
    };
    Some(n)
}

fn small_number(word: &str) -> Option<i64> {
    if let Ok(n) = word.parse::<i64>() {
        return Some(n);
    }
    let n = match word.to_ascii_lowercase().as_str() {
        "a" | "an" | "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        _ => return None,
    };
    Some(n)
}

fn group<'t>(caps: &Captures<'t>, name: &str) -> Option<&'t str> {
    caps.name(name).map(|m| m.as_str())
}

impl Kind {
    /// Whether a match can only be resolved against the publication date.
    fn needs_published(self) -> bool {
        !matches!(self, Kind::Absolute | Kind::Iso | Kind::MonthYear | Kind::Year)
    }

    /// Whether every match ends with the year (`[0-9]{4}` and a word boundary).
    fn ends_in_year(self) -> bool {
        matches!(self, Kind::Absolute | Kind::MonthYear | Kind::Year)
    }

    /// Whether the groups `resolve` reads can be taken from the matched text `m` alone, so a
    /// plain `find` (lazy DFA only) does instead of `captures` (which also runs a backtracker
    /// over the match, the larger share of a date's cost). The cue words of the other kinds
    /// are matched with Unicode case folding ("laſt" is "last"): their groups are read from
    /// the text only when it is ASCII.
    fn groups_from_text(self, m: &str) -> bool {
        matches!(self, Kind::Absolute | Kind::Iso | Kind::DayMonth | Kind::MonthYear | Kind::Year) || m.is_ascii()
    }
}

/// The named group `name` of a match of a rule whose [`Kind::groups_from_text`] holds, read
/// from the matched text `m`:
/// - the day `d` is the first run of digits (the leading "on", weekday or "the" has none);
/// - the year `y` ends the match (`[0-9]{4}` is the last item of those patterns);
/// - the month `m` is the first word whose first three letters name a month: no other word
///   these patterns allow (on, the, of, in, during, weekdays, early, late, mid, end, start,
///   beginning, middle, last, this, next) starts that way, and the month group is followed
///   by a word boundary;
/// - ISO dates end in `YYYY-MM-DD`;
/// - the weekday `wd` begins the first word that begins with a weekday's name: none of the
///   words before it does (in, on, during, the, early, small, wee, late, hours, morning,
///   afternoon, evening, night, of, last, next, this, overnight);
/// - `rel` is the first word when that is "last", "next" or "this": no other way into these
///   patterns starts with one;
/// - "the day before yesterday" (`back2`) is the only relative day starting "the", and
///   "yesterday …" and "last night" (`back1`) the only ones starting "y" or "l";
/// - the count `n` of days ago is the first word;
/// - the `unit` of a relative period is its last word, and `which` what comes before the
///   white space before it.
///
/// The `text_groups_equal_captures` test checks this against the capture groups.
fn text_group<'t>(kind: Kind, m: &'t str, name: &str) -> Option<&'t str> {
    let b = m.as_bytes();
    let run = |from: usize, pred: fn(&u8) -> bool| {
        let len = b[from..].iter().take_while(|c| pred(c)).count();
        &m[from..from + len]
    };
    let starts = |p: &str| b.len() >= p.len() && b[..p.len()].eq_ignore_ascii_case(p.as_bytes());
    match (kind, name) {
        (Kind::Iso, "y") => m.get(m.len().checked_sub(10)?..m.len() - 6),
        (Kind::Iso, "mo") => m.get(m.len().checked_sub(5)?..m.len() - 3),
        (Kind::Iso, "d") => m.get(m.len().checked_sub(2)?..),
        (Kind::Absolute | Kind::MonthYear | Kind::Year, "y") => m.get(m.len().checked_sub(4)?..),
        (Kind::Absolute | Kind::DayMonth, "d") => Some(run(b.iter().position(u8::is_ascii_digit)?, u8::is_ascii_digit)),
        (Kind::Absolute | Kind::DayMonth | Kind::MonthYear | Kind::MonthCue, "m") => {
            first_word(m, |w| month_number(w).map(|_| w.len()))
        }
        (Kind::Weekday, "wd") => first_word(m, |w| {
            WEEKDAY_NAMES
                .iter()
                .find(|d| w.len() >= d.len() && w.as_bytes()[..d.len()].eq_ignore_ascii_case(d.as_bytes()))
                .map(|d| d.len())
        }),
        (Kind::Weekday | Kind::MonthCue, "rel") => {
            let first = run(0, u8::is_ascii_alphabetic);
            ["last", "next", "this"].iter().any(|r| first.eq_ignore_ascii_case(r)).then_some(first)
        }
        (Kind::RelativeDay, "back2") => starts("the").then_some(m),
        (Kind::RelativeDay, "back1") => (starts("y") || starts("l")).then_some(m),
        (Kind::DaysAgo, "n") => Some(run(0, u8::is_ascii_alphanumeric)),
        (Kind::RelativePeriod, "unit") => {
            Some(&m[b.iter().rposition(|c| !c.is_ascii_alphabetic()).map_or(0, |p| p + 1)..])
        }
        (Kind::RelativePeriod, "which") => {
            let unit = b.iter().rposition(|c| !c.is_ascii_alphabetic()).map_or(0, |p| p + 1);
            Some(m[..unit].trim_end())
        }
        _ => None,
    }
}

/// The first word (a run of ASCII letters) of `m` for which `pick` gives a length, cut to it.
fn first_word(m: &str, pick: impl Fn(&str) -> Option<usize>) -> Option<&str> {
    let b = m.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_alphabetic() {
            let len = b[i..].iter().take_while(|c| c.is_ascii_alphabetic()).count();
            let word = &m[i..i + len];
            if let Some(n) = pick(word) {
                return Some(&word[..n]);
            }
            i += len;
        } else {
            i += 1;
        }
    }
    None
}

fn is_numeric_glue(c: char) -> bool {
    matches!(c, ',' | '.' | '/' | ':' | '-')
}

/// Rejects expressions that are really fragments of larger numbers, ranges
/// or codes ("1,200 May…", "9 May-10", "2016-05-02-7", "in 2015,000").
fn numeric_context_ok(text: &str, start: usize, end: usize) -> bool {
    let (Some(head), Some(tail)) = (text.get(..start), text.get(end..)) else {
        return false;
    };
    let span = text.get(start..end).unwrap_or("");
    if span.starts_with(|c: char| c.is_ascii_digit()) {
        let mut before = head.chars().rev();
        match before.next() {
            Some(c) if c.is_ascii_digit() => return false,
            Some(c) if is_numeric_glue(c) && before.next().is_some_and(|c| c.is_ascii_digit()) => {
                return false;
            }
            _ => {}
        }
    }
    if span.ends_with(|c: char| c.is_ascii_digit()) {
        let mut after = tail.chars();
        match after.next() {
            Some(c) if c.is_ascii_digit() => return false,
            Some(c) if is_numeric_glue(c) && after.next().is_some_and(|c| c.is_ascii_digit()) => {
                return false;
            }
            _ => {}
        }
    }
    true
}

/// The year that puts a day-month pair closest to publication: news mostly
/// reports the past, so the window runs from ~10 months before publication to
/// ~2 months after it.
fn resolve_day_month(month: u8, day: u8, published: CivilDate) -> Option<CivilDate> {
    let low = published.add_days(-304);
    let high = published.add_days(61);
    let y = published.year;
    [y, y.saturating_sub(1), y.saturating_add(1)]
        .into_iter()
        .filter_map(|year| CivilDate::new(year, month, day))
        .find(|d| *d >= low && *d <= high)
}

/// Resolved value of one match before the span is attached.
struct Resolved {
    date: CivilDate,
    precision: DatePrecision,
    future: Option<CivilDate>,
    relative: bool,
}

impl Resolved {
    fn fixed(date: CivilDate, precision: DatePrecision) -> Resolved {
        Resolved { date, precision, future: None, relative: false }
    }

    fn relative(date: CivilDate, precision: DatePrecision) -> Resolved {
        Resolved { date, precision, future: None, relative: true }
    }
}

/// Resolves one match; `group` gives the text of a named capture group.
fn resolve<'t>(kind: Kind, group: impl Fn(&str) -> Option<&'t str>, published: Option<CivilDate>) -> Option<Resolved> {
    let day = || group("d")?.parse::<u8>().ok();
    let year = || group("y")?.parse::<i32>().ok();
    let month = || month_number(group("m")?);
    // "last", "next" or "this" (ASCII case aside), "" for any other (folded) spelling.
    let rel =
        || group("rel").map(|r| ["last", "next", "this"].into_iter().find(|w| r.eq_ignore_ascii_case(w)).unwrap_or(""));
    match kind {
        Kind::Absolute => {
            let date = CivilDate::new(year()?, month()?, day()?)?;
            Some(Resolved::fixed(date, DatePrecision::Day))
        }
        Kind::Iso => {
            let m = group("mo")?.parse::<u8>().ok()?;
            let date = CivilDate::new(year()?, m, day()?)?;
            Some(Resolved::fixed(date, DatePrecision::Day))
        }
        Kind::DayMonth => {
            let date = resolve_day_month(month()?, day()?, published?)?;
            Some(Resolved::relative(date, DatePrecision::Day))
        }
        Kind::MonthYear => {
            let date = CivilDate::new(year()?, month()?, 1)?;
            Some(Resolved::fixed(date, DatePrecision::Month))
        }
        Kind::Year => {
            let date = CivilDate::new(year()?, 1, 1)?;
            Some(Resolved::fixed(date, DatePrecision::Year))
        }
        Kind::MonthCue => {
            let p = published?;
            let m = month()?;
            let year = match rel() {
                Some("this") => p.year,
                Some("last") if m >= p.month => p.year.checked_sub(1)?,
                Some("next") if m <= p.month => p.year.checked_add(1)?,
                Some(_) => p.year,
                None if m > p.month => p.year.checked_sub(1)?,
                None => p.year,
            };
            let date = CivilDate::new(year, m, 1)?;
            Some(Resolved::relative(date, DatePrecision::Month))
        }
        Kind::Weekday => {
            let p = published?;
            let target = i64::from(weekday_number(group("wd")?)?);
            let today = i64::from(p.weekday());
            let back = (today - target).rem_euclid(7);
            let ahead = (target - today).rem_euclid(7);
            let (date, future) = match rel() {
                // "last Monday" never means today, "next Monday" never today.
                Some("last") => (p.add_days(-(if back == 0 { 7 } else { back })), None),
                Some("next") => {
                    let d = p.add_days(if ahead == 0 { 7 } else { ahead });
                    (d, Some(d))
                }
                _ => (p.add_days(-back), Some(p.add_days(ahead))),
            };
            Some(Resolved { date, precision: DatePrecision::Day, future, relative: true })
        }
        Kind::RelativeDay => {
            let p = published?;
            let offset = if group("back2").is_some() {
                -2
            } else if group("back1").is_some() {
                -1
            } else {
                0
            };
            Some(Resolved::relative(p.add_days(offset), DatePrecision::Day))
        }
        Kind::DaysAgo => {
            let p = published?;
            let n = small_number(group("n")?)?;
            Some(Resolved::relative(p.add_days(-n), DatePrecision::Day))
        }
        Kind::RelativePeriod => {
            let p = published?;
            // (ASCII case aside, compared in place rather than lower-cased into new strings.)
            let which = group("which")?.as_bytes();
            let starts = |w: &[u8]| which.len() >= w.len() && which[..w.len()].eq_ignore_ascii_case(w);
            let step: i32 = if starts(b"last") {
                -1
            } else if starts(b"next") {
                1
            } else {
                0
            };
            let unit = group("unit")?;
            let resolved = if unit.eq_ignore_ascii_case("week") {
                Resolved::relative(p.monday_of_week().add_days(7 * i64::from(step)), DatePrecision::Week)
            } else if unit.eq_ignore_ascii_case("month") {
                Resolved::relative(p.first_of_month().shift_month(step), DatePrecision::Month)
            } else {
                Resolved::relative(CivilDate::new(p.year.checked_add(step)?, 1, 1)?, DatePrecision::Year)
            };
            Some(resolved)
        }
    }
}

fn next_char_boundary(text: &str, at: usize) -> usize {
    text.get(at..).and_then(|rest| rest.chars().next()).map_or(text.len() + 1, |c| at + c.len_utf8())
}

/// The bits of [`CUES`]. `ANY_CUE`: the words one of which every match without a digit
/// holds. The others are each a set of words one of which every match of some rules holds,
/// for `possible_rules`.
const ANY_CUE: u16 = 1;
/// A month's first three letters, in any case (the rules read them capitalised only).
const MONTH_CUE: u16 = 2;
const IN_CUE: u16 = 4;
const WEEKDAY_CUE: u16 = 8;
const DAY_CUE: u16 = 16;
const AGO_CUE: u16 = 32;
const PERIOD_CUE: u16 = 64;
/// "ſ" or "K": Unicode case folding makes them "s" and "k", which an ASCII check misses.
const FOLDED_CUE: u16 = 128;
/// An ASCII digit (found in the same pass, not in one of its own).
const DIGIT_CUE: u16 = 256;

const MONTH_PREFIXES: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

static CUES: Lazy<Option<crate::modality::Cues>> = Lazy::new(|| {
    let any = ["day", "night", "morning", "evening", "afternoon", "hours", "week", "month", "year", "ago"];
    let sets: [(u16, &[&str]); 8] = [
        (MONTH_CUE, &MONTH_PREFIXES),
        (IN_CUE, &["in"]),
        (WEEKDAY_CUE, &["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]),
        (DAY_CUE, &["yesterday", "night", "today", "morning", "afternoon", "evening"]),
        (AGO_CUE, &["ago"]),
        (PERIOD_CUE, &["week", "month", "year"]),
        (FOLDED_CUE, &["\u{17f}", "\u{212a}"]),
        (DIGIT_CUE, &["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"]),
    ];
    crate::modality::Cues::new(
        any.iter()
            .chain(&MONTH_PREFIXES)
            .map(|l| (*l, ANY_CUE))
            .chain(sets.iter().flat_map(|(bit, lits)| lits.iter().map(move |l| (*l, *bit)))),
    )
});

/// Which rules can match a text with cue bits `cues` (those of [`CUES`]): each needs one of
/// its words (ASCII case aside), the month rules a capitalised month. `None` when the text
/// has a character that Unicode case folding reads as an ASCII letter: then only a search
/// can tell. A rule that passes may still find nothing; one that fails cannot find anything
/// (the `possible_rules_hold_every_match` test).
fn possible_rules(text: &str, cues: u16, has_digit: bool) -> Option<[bool; 12]> {
    if cues & FOLDED_CUE != 0 {
        return None;
    }
    let month = cues & MONTH_CUE != 0 && has_month(text.as_bytes());
    let mut out = [false; 12];
    for (o, (_, kind)) in out.iter_mut().zip(RULES.iter()) {
        *o = match kind {
            Kind::Absolute | Kind::MonthYear | Kind::MonthCue => month,
            Kind::DayMonth => month && has_digit,
            Kind::Iso => true,
            Kind::Year => cues & IN_CUE != 0,
            Kind::Weekday => cues & WEEKDAY_CUE != 0,
            Kind::RelativeDay => cues & DAY_CUE != 0,
            Kind::DaysAgo => cues & AGO_CUE != 0,
            Kind::RelativePeriod => cues & PERIOD_CUE != 0,
        };
    }
    Some(out)
}

/// Whether `text` has a capitalised month's first three letters, as every month the rules
/// read (case-sensitively) starts.
fn has_month(text: &[u8]) -> bool {
    text.windows(3).any(|w| {
        matches!(
            w,
            b"Jan" | b"Feb" | b"Mar" | b"Apr" | b"May" | b"Jun" | b"Jul" | b"Aug" | b"Sep" | b"Oct" | b"Nov" | b"Dec"
        )
    })
}

/// Whether `text` has "day" (ASCII case aside) starting at or after `from`, as every match
/// of [`Kind::Weekday`] does (each weekday ends so): a sentence with one weekday, found,
/// is not searched again for a second. Only for text without "ſ" or "K", which Unicode
/// case folding reads as "s" and "k" (the `weekday_needs_a_day_after` test).
fn has_day_from(text: &str, from: usize) -> bool {
    // By the "y", which is rare, found a word at a time (`str::find` of a `char`).
    let b = text.as_bytes();
    let day_at = |y: usize| y >= from + 2 && b[y - 2..y].eq_ignore_ascii_case(b"da");
    let mut at = from;
    while let Some(p) = text.get(at..).and_then(|rest| rest.find('y')) {
        if day_at(at + p) {
            return true;
        }
        at += p + 1;
    }
    let mut at = from;
    while let Some(p) = text.get(at..).and_then(|rest| rest.find('Y')) {
        if day_at(at + p) {
            return true;
        }
        at += p + 1;
    }
    false
}

/// Which kinds of the rules that need no publication date can match `hay` (the text up to
/// its last year, where they search): those naming a month need a capitalised one, a bare
/// year needs "in" (for "in" or "during", ASCII case aside: none of their letters has
/// another case under Unicode folding).
fn possible_year_rules(hay: &str) -> impl Fn(Kind) -> bool {
    let month = has_month(hay.as_bytes());
    let in_ = hay.as_bytes().windows(2).any(|w| w.eq_ignore_ascii_case(b"in"));
    move |kind| match kind {
        Kind::Absolute | Kind::MonthYear => month,
        Kind::Year => in_,
        _ => true,
    }
}

/// Finds date expressions, left to right, non-overlapping.
///
/// When candidate expressions overlap, the longest wins (so "in May 2, 2016"
/// yields "May 2, 2016", not "in May"). Expressions that need the
/// publication date are skipped when `published` is `None`.
pub fn find_dates(text: &str, published: Option<CivilDate>) -> Vec<DateMention> {
    // Without a publication date only the rules with a year can resolve: they run on their
    // own (a set pass over the sentence costs more than their failing searches), and only
    // where a year is left to find.
    let fixed_only = published.is_none();
    let mut last_year = None;
    if fixed_only {
        last_year = last_four_digits(text);
        if last_year.is_none() {
            return Vec::new();
        }
    }
    // With one every rule can: every rule needs a digit, a month or a time word (most
    // sentences have none), and each some words of its own. One cheap pass over the cue
    // words rules out the sentence or the rules whose words it lacks; only where it cannot
    // tell does a set pass (dearer than the searches it spares) say which rules match.
    let mut active = None;
    let mut folded = true;
    if !fixed_only {
        let cues = CUES.as_ref().map_or(u16::MAX, |c| c.bits(text.as_bytes()));
        folded = cues & FOLDED_CUE != 0;
        let has_digit = cues & DIGIT_CUE != 0;
        if !has_digit && cues & ANY_CUE == 0 {
            return Vec::new();
        }
        // (Four digits in a row need a digit.)
        last_year = if has_digit { last_four_digits(text) } else { None };
        active = possible_rules(text, cues, has_digit).or_else(|| {
            let set = RULE_SET.as_ref()?.matches(text);
            Some(std::array::from_fn(|ri| set.matched(ri)))
        });
    }
    let year_hay = last_year.map_or(text, |y| &text[..year_search_end(text, y)]);
    let possible_year = possible_year_rules(if fixed_only { year_hay } else { "" });
    // `None` marks a blocker: a full day-month-year shape with an impossible
    // date ("29 February 2015"). It must still win against its own fragments,
    // otherwise a typo would silently degrade into "February 2015".
    let mut candidates: Vec<(usize, usize, Option<DateMention>)> = Vec::new();
    for (ri, (re, kind)) in RULES.iter().enumerate() {
        let year_rule = !kind.needs_published();
        if (fixed_only && !(year_rule && possible_year(*kind)))
            || active.is_some_and(|a: [bool; 12]| !a[ri])
            || (year_rule && last_year.is_none())
            // The `dddd-` begins at the last four digits at the latest.
            || (matches!(kind, Kind::Iso)
                && !last_year.is_some_and(|y| has_iso_start(&text.as_bytes()[..text.len().min(y + 5)])))
        {
            continue;
        }
        // Matches, and their offsets, are those in the whole text (`year_search_end`).
        let hay = if kind.ends_in_year() { year_hay } else { text };
        let mut pos = 0;
        while pos <= text.len() {
            if year_rule && last_year.is_some_and(|y| pos > y) {
                break;
            }
            if pos > 0 && matches!(kind, Kind::Weekday) && !folded && !has_day_from(text, pos) {
                break;
            }
            let Some(whole) = re.find_at(hay, pos) else {
                break;
            };
            let (start, end) = (whole.start(), whole.end());
            let context_ok = numeric_context_ok(text, start, end);
            let resolved = if !context_ok {
                None
            } else if kind.groups_from_text(whole.as_str()) {
                let group = |name: &str| text_group(*kind, whole.as_str(), name);
                Some(resolve(*kind, group, published))
            } else {
                // The same match (the same search from the same place), with its groups.
                let caps = re.captures_at(hay, pos);
                Some(caps.and_then(|caps| resolve(*kind, |name| group(&caps, name), published)))
            };
            // `None`: the context rules the match out; `Some(None)`: it does not resolve.
            let context_ok = resolved.is_some();
            let resolved = resolved.flatten();
            match resolved {
                Some(r) if end > start => {
                    candidates.push((
                        start,
                        end,
                        Some(DateMention {
                            start,
                            end,
                            date: r.date,
                            precision: r.precision,
                            future: r.future,
                            relative: r.relative,
                        }),
                    ));
                    pos = end;
                }
                _ => {
                    if context_ok && matches!(kind, Kind::Absolute | Kind::Iso) && end > start {
                        candidates.push((start, end, None));
                    }
                    // A rejected match may hide a valid one starting inside
                    // it (e.g. a shorter alternative), so retry one char later.
                    pos = next_char_boundary(text, start);
                }
            }
        }
    }
    candidates.sort_by(|a, b| (b.1 - b.0).cmp(&(a.1 - a.0)).then(a.0.cmp(&b.0)));
    // The chosen ones gathered at the front of the list itself, not copied to another.
    let mut chosen = 0;
    for i in 0..candidates.len() {
        let c = candidates[i];
        if candidates[..chosen].iter().all(|k| c.1 <= k.0 || c.0 >= k.1) {
            candidates[chosen] = c;
            chosen += 1;
        }
    }
    let mut mentions: Vec<DateMention> = candidates[..chosen].iter().filter_map(|c| c.2).collect();
    mentions.sort_by_key(|m| m.start);
    mentions
}

/// A full date in the forms of publication metadata that running text does not use, for
/// text in which [`find_dates`] finds no full date as it stands: month names in capitals
/// ("APRIL 26, 2016", "DEC. 14, 2016"), the year first ("2016 Oct 10"), and numbers alone
/// ("2016/11/28", "11/28/2016", "28.11.2016"). Day and month are told apart only where
/// one of them is over 12: "03/04/2016" is left unread, not guessed.
pub(crate) fn metadata_date(text: &str) -> Option<CivilDate> {
    // Capitals recased in place ("APRIL" as "April"), so that the running-text rules read
    // them. The caller has read `text` as it is: the rules run again only if something
    // changed. A run of ASCII letters lies between character boundaries.
    let mut recased = text.to_owned();
    let mut changed = false;
    let mut k = 0;
    while k < recased.len() {
        let letters = &recased.as_bytes()[k..];
        let run = letters.iter().take_while(|b| b.is_ascii_alphabetic()).count();
        if run >= 3 && letters[..run].iter().all(u8::is_ascii_uppercase) {
            recased[k + 1..k + run].make_ascii_lowercase();
            changed = true;
        }
        k += run.max(1);
    }
    if changed {
        if let Some(d) = find_dates(&recased, None).into_iter().find(|d| d.precision == DatePrecision::Day) {
            return Some(d.date);
        }
    }
    // Words and numbers, with what separates each from the next.
    let tokens: Vec<(&str, &str)> = {
        let mut out = Vec::new();
        let mut rest = recased.as_str();
        while let Some(start) = rest.find(|c: char| c.is_ascii_alphanumeric()) {
            rest = &rest[start..];
            let len = rest.find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(rest.len());
            let (word, after) = rest.split_at(len);
            let gap = &after[..after.find(|c: char| c.is_ascii_alphanumeric()).unwrap_or(after.len())];
            out.push((word, gap));
            rest = after;
        }
        out
    };
    let number = |w: &str, digits: std::ops::RangeInclusive<usize>| {
        (digits.contains(&w.len()) && w.bytes().all(|b| b.is_ascii_digit())).then(|| w.parse::<u32>().ok()).flatten()
    };
    tokens.windows(3).find_map(|t| {
        let [(a, g1), (b, g2), (c, _)] = [t[0], t[1], t[2]];
        let year = |w: &str| number(w, 4..=4).map(|y| y as i32);
        let small = |w: &str| number(w, 1..=2).and_then(|n| u8::try_from(n).ok());
        let numeric = |g: &str| matches!(g, "/" | "." | "-");
        if let (Some(y), Some(m), Some(d)) = (year(a), month_number(b), small(c)) {
            // "2016 Oct 10"
            return (g1.trim().is_empty() && g2.trim().trim_end_matches('.').is_empty())
                .then(|| CivilDate::new(y, m, d))?;
        }
        if !(numeric(g1) && g1 == g2) {
            return None;
        }
        if let (Some(y), Some(m), Some(d)) = (year(a), small(b), small(c)) {
            return CivilDate::new(y, m, d);
        }
        let (Some(x), Some(z), Some(y)) = (small(a), small(b), year(c)) else { return None };
        match (x > 12, z > 12) {
            (false, true) => CivilDate::new(y, x, z),
            (true, false) => CivilDate::new(y, z, x),
            _ if x == z => CivilDate::new(y, x, z),
            _ => None,
        }
    })
}

/// Compiles this module's patterns now, so that a first extraction need not.
pub(crate) fn warm_up() {
    Lazy::force(&RULES);
    Lazy::force(&RULE_SET);
    Lazy::force(&CUES);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (span, value, future)
    type Expect = (&'static str, &'static str, Option<&'static str>);

    /// Publication date used by most cases: Wednesday 4 May 2016.
    const PUB: Option<&str> = Some("2016-05-04");

    const CASES: &[(&str, Option<&str>, &[Expect])] = &[
        // Absolute dates.
        ("Clashes erupted on 9 May 2020 in Idlib.", None, &[("on 9 May 2020", "2020-05-09", None)]),
        ("9 May 2020", None, &[("9 May 2020", "2020-05-09", None)]),
        ("On 14 August 2020, militants attacked a checkpoint.", None, &[("On 14 August 2020", "2020-08-14", None)]),
        ("It happened February 23 2015.", None, &[("February 23 2015", "2015-02-23", None)]),
        ("It happened February 23, 2015.", None, &[("February 23, 2015", "2015-02-23", None)]),
        ("Reported Feb. 23, 2015 by locals.", None, &[("Feb. 23, 2015", "2015-02-23", None)]),
        (
            "On the 23rd of February 2015 the army shelled Douma.",
            None,
            &[("On the 23rd of February 2015", "2015-02-23", None)],
        ),
        ("23rd February 2015", None, &[("23rd February 2015", "2015-02-23", None)]),
        ("Logged 2016-05-02 by monitors.", None, &[("2016-05-02", "2016-05-02", None)]),
        ("Timestamp 2016-05-02T10:00:00Z", None, &[("2016-05-02", "2016-05-02", None)]),
        ("Talks began May 2, 2016 in Geneva.", None, &[("May 2, 2016", "2016-05-02", None)]),
        ("Talks began in May 2, 2016 in Geneva.", None, &[("May 2, 2016", "2016-05-02", None)]),
        ("On Monday, 2 May 2016, jets struck.", None, &[("On Monday, 2 May 2016", "2016-05-02", None)]),
        ("It was 29 February 2015.", None, &[]),
        ("It was 29 February 2016.", None, &[("29 February 2016", "2016-02-29", None)]),
        // Day and month without a year.
        ("Shelling resumed on 9 May.", Some("2016-06-01"), &[("on 9 May", "2016-05-09", None)]),
        ("Shelling resumed Feb 23.", PUB, &[("Feb 23", "2016-02-23", None)]),
        ("Shelling resumed on 20 December.", Some("2016-01-05"), &[("on 20 December", "2015-12-20", None)]),
        ("Elections are due on 10 January.", Some("2015-12-20"), &[("on 10 January", "2016-01-10", None)]),
        ("Shelling resumed on 9 May.", None, &[]),
        // Month and year, year.
        ("Fighting in February 2015 killed dozens.", None, &[("in February 2015", "2015-02", None)]),
        ("the March 2011 uprising", None, &[("March 2011", "2011-03", None)]),
        ("in late February 2015", None, &[("in late February 2015", "2015-02", None)]),
        ("The group was founded in 2015.", None, &[("in 2015", "2015", None)]),
        ("The war has raged since 2011.", PUB, &[]),
        ("It cost 2015 dollars.", PUB, &[]),
        // Month with a cue.
        ("Strikes intensified in late February.", PUB, &[("in late February", "2016-02", None)]),
        ("late February", PUB, &[("late February", "2016-02", None)]),
        ("early March", PUB, &[("early March", "2016-03", None)]),
        ("in mid-March", PUB, &[("in mid-March", "2016-03", None)]),
        ("in February", PUB, &[("in February", "2016-02", None)]),
        ("in September", PUB, &[("in September", "2015-09", None)]),
        ("last February", PUB, &[("last February", "2016-02", None)]),
        ("last May", PUB, &[("last May", "2015-05", None)]),
        ("next March", PUB, &[("next March", "2017-03", None)]),
        ("in late February", None, &[]),
        // Weekdays (publication is a Wednesday).
        ("Jets struck Monday.", PUB, &[("Monday", "2016-05-02", Some("2016-05-09"))]),
        ("Jets struck on Monday.", PUB, &[("on Monday", "2016-05-02", Some("2016-05-09"))]),
        ("Early Monday, jets struck.", PUB, &[("Early Monday", "2016-05-02", Some("2016-05-09"))]),
        ("late Sunday", PUB, &[("late Sunday", "2016-05-01", Some("2016-05-08"))]),
        ("Sunday night", PUB, &[("Sunday night", "2016-05-01", Some("2016-05-08"))]),
        ("Monday's raids killed 12.", PUB, &[("Monday", "2016-05-02", Some("2016-05-09"))]),
        ("in the early hours of Monday", PUB, &[("in the early hours of Monday", "2016-05-02", Some("2016-05-09"))]),
        ("on Friday morning", PUB, &[("on Friday morning", "2016-04-29", Some("2016-05-06"))]),
        ("on Wednesday", PUB, &[("on Wednesday", "2016-05-04", Some("2016-05-04"))]),
        ("last Wednesday", PUB, &[("last Wednesday", "2016-04-27", None)]),
        ("last Monday", PUB, &[("last Monday", "2016-05-02", None)]),
        ("next Monday", PUB, &[("next Monday", "2016-05-09", Some("2016-05-09"))]),
        ("next Wednesday", PUB, &[("next Wednesday", "2016-05-11", Some("2016-05-11"))]),
        ("Jets struck on Monday.", None, &[]),
        // Relative days and periods.
        ("today", PUB, &[("today", "2016-05-04", None)]),
        ("This morning", PUB, &[("This morning", "2016-05-04", None)]),
        ("tonight", PUB, &[("tonight", "2016-05-04", None)]),
        ("this evening", PUB, &[("this evening", "2016-05-04", None)]),
        ("yesterday", PUB, &[("yesterday", "2016-05-03", None)]),
        ("last night", PUB, &[("last night", "2016-05-03", None)]),
        ("the day before yesterday", PUB, &[("the day before yesterday", "2016-05-02", None)]),
        ("three days ago", PUB, &[("three days ago", "2016-05-01", None)]),
        ("12 days ago", PUB, &[("12 days ago", "2016-04-22", None)]),
        ("last week", PUB, &[("last week", "2016-04-25", None)]),
        ("earlier this week", PUB, &[("earlier this week", "2016-05-02", None)]),
        ("this week", PUB, &[("this week", "2016-05-02", None)]),
        ("last month", PUB, &[("last month", "2016-04", None)]),
        ("last month", Some("2016-01-15"), &[("last month", "2015-12", None)]),
        ("last year", PUB, &[("last year", "2015", None)]),
        ("yesterday", None, &[]),
        // Negatives.
        ("The Mayor said talks may resume.", PUB, &[]),
        ("March said the army would march on.", PUB, &[]),
        ("the March on Washington", PUB, &[]),
        ("in may", PUB, &[]),
        ("the 9/11 attacks", PUB, &[]),
        ("call 0791 555 2015 now", PUB, &[]),
        ("1,200 May rallies", PUB, &[]),
        ("Some 42 people", PUB, &[]),
        ("May 2,000 people", PUB, &[]),
        ("in 2015,000 homes", PUB, &[]),
        ("2016-05-02-7", PUB, &[]),
        ("February was cold.", PUB, &[]),
        ("In March, 2015 people marched.", PUB, &[("In March", "2016-03", None)]),
        ("Between 9-10 May, clashes killed 5.", PUB, &[]),
        ("Logged 2016-02-30.", PUB, &[]),
        ("The Sunday Times said", PUB, &[("Sunday", "2016-05-01", Some("2016-05-08"))]),
        ("On Tuesday 3 May, jets struck.", PUB, &[("On Tuesday 3 May", "2016-05-03", None)]),
        // Several mentions in one sentence.
        (
            "Jets struck on Monday and again on 9 May 2020, a day after last week's talks.",
            PUB,
            &[
                ("on Monday", "2016-05-02", Some("2016-05-09")),
                ("on 9 May 2020", "2020-05-09", None),
                ("last week", "2016-04-25", None),
            ],
        ),
    ];

    fn parse_pub(p: Option<&str>) -> Option<CivilDate> {
        p.map(|s| CivilDate::parse_iso(s).expect("valid test date"))
    }

    #[test]
    fn metadata_dates() {
        type Ymd = (i32, u8, u8);
        let cases: &[(&str, Option<Ymd>)] = &[
            ("2016 Oct 10", Some((2016, 10, 10))),
            ("2016 Oct. 10", Some((2016, 10, 10))),
            ("APRIL 26, 2016 - 12:25AM EDT", Some((2016, 4, 26))),
            ("DEC. 14, 2016, 2:54 AM EST", Some((2016, 12, 14))),
            ("11/28/2016", Some((2016, 11, 28))),
            ("28/11/2016", Some((2016, 11, 28))),
            ("28.11.2016", Some((2016, 11, 28))),
            ("2016/11/28", Some((2016, 11, 28))),
            ("04/04/2016", Some((2016, 4, 4))),
            // Day and month that could be either, mixed separators, impossible dates.
            ("03/04/2016", None),
            ("11/28-2016", None),
            ("2016 Oct 32", None),
            ("31/02/2016", None),
            ("2016, Oct 10", None),
            ("NATO 2016", None),
            ("", None),
        ];
        for &(text, want) in cases {
            let want = want.and_then(|(y, m, d)| CivilDate::new(y, m, d));
            assert_eq!(metadata_date(text), want, "{text:?}");
        }
        // Any text: an answer or none, never a panic.
        let alphabet = ["2016", "11", "28", "/", ".", "-", " ", "DEC", "Oct", "é", ",", "APRIL", "\u{2028}", "x"];
        let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
        for _ in 0..5_000 {
            let text = crate::testing::pieces(&mut seed, &alphabet, 10);
            seed = seed.wrapping_add(1);
            if let Some(d) = metadata_date(&text) {
                assert!(CivilDate::new(d.year, d.month, d.day).is_some(), "{text:?}");
            }
        }
    }

    #[test]
    fn table() {
        let mut failures = Vec::new();
        for (text, published, expected) in CASES {
            let found = find_dates(text, parse_pub(*published));
            let got: Vec<(String, String, Option<String>)> = found
                .iter()
                .map(|m| (text[m.start..m.end].to_string(), m.value(), m.future.map(|f| f.to_string())))
                .collect();
            let want: Vec<(String, String, Option<String>)> =
                expected.iter().map(|(s, v, f)| (s.to_string(), v.to_string(), f.map(str::to_string))).collect();
            if got != want {
                failures.push(format!("{text:?}: got {got:?}, want {want:?}"));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
        assert!(CASES.len() >= 40);
    }

    #[test]
    fn precision_and_relative_flags() {
        let p = parse_pub(PUB);
        let check = |text: &str, precision: DatePrecision, relative: bool| {
            let found = find_dates(text, p);
            assert_eq!(found.len(), 1, "{text}");
            assert_eq!(found[0].precision, precision, "{text}");
            assert_eq!(found[0].relative, relative, "{text}");
        };
        check("on 9 May 2020", DatePrecision::Day, false);
        check("on 9 May", DatePrecision::Day, true);
        check("in February 2015", DatePrecision::Month, false);
        check("late February", DatePrecision::Month, true);
        check("in 2015", DatePrecision::Year, false);
        check("last year", DatePrecision::Year, true);
        check("last week", DatePrecision::Week, true);
        check("on Monday", DatePrecision::Day, true);
    }

    #[test]
    fn civil_date_basics() {
        assert_eq!(CivilDate::new(2016, 2, 29), Some(CivilDate { year: 2016, month: 2, day: 29 }));
        assert_eq!(CivilDate::new(1900, 2, 29), None);
        assert_eq!(CivilDate::new(2000, 2, 29).map(|d| d.day), Some(29));
        assert_eq!(CivilDate::new(2016, 13, 1), None);
        assert_eq!(CivilDate::new(2016, 4, 31), None);
        assert_eq!(CivilDate::new(2016, 4, 0), None);
        assert_eq!(CivilDate::parse_iso("2016-05-02").map(|d| d.to_string()).as_deref(), Some("2016-05-02"));
        assert!(CivilDate::parse_iso("2016-05-02T10:00:00Z").is_some());
        assert!(CivilDate::parse_iso("2016-05-02x").is_none());
        assert!(CivilDate::parse_iso("2016-5-2").is_none());
        assert!(CivilDate::parse_iso("2016-02-30").is_none());
        assert!(CivilDate::parse_iso("").is_none());
        assert!(CivilDate::parse_iso("٢٠١٦-٠٥-٠٢").is_none());
        let epoch = CivilDate { year: 1970, month: 1, day: 1 };
        assert_eq!(epoch.days_since_epoch(), 0);
        assert_eq!(epoch.weekday(), 3);
        assert_eq!(CivilDate::from_days_since_epoch(-1).to_string(), "1969-12-31");
        let d = CivilDate { year: 2016, month: 5, day: 4 };
        assert_eq!(d.weekday(), 2);
        assert_eq!(d.add_days(-4).to_string(), "2016-04-30");
        assert_eq!(d.add_days(365).to_string(), "2017-05-04");
        // Round trip across several 400-year eras, including negative years.
        let mut day = CivilDate { year: -801, month: 1, day: 1 }.days_since_epoch();
        let mut prev = CivilDate::from_days_since_epoch(day - 1);
        let stop = CivilDate { year: 2401, month: 1, day: 1 }.days_since_epoch();
        while day < stop {
            let cur = CivilDate::from_days_since_epoch(day);
            assert_eq!(cur.days_since_epoch(), day);
            assert!(cur > prev);
            assert_eq!(CivilDate::new(cur.year, cur.month, cur.day), Some(cur));
            prev = cur;
            day += 1;
        }
        // Extremes saturate instead of overflowing.
        let _ = d.add_days(i64::MAX);
        let _ = d.add_days(i64::MIN);
        let _ = CivilDate { year: i32::MAX, month: 12, day: 31 }.add_days(1);
        let _ = CivilDate { year: i32::MIN, month: 1, day: 1 }.add_days(-1).weekday();
    }

    #[test]
    fn value_equals_display() {
        // The formatting `value` replaced, on every precision and on years and fields far
        // outside the usual (the fields are public).
        let reference = |m: &DateMention| {
            let d = m.date;
            let year = if d.year < 0 { format!("-{:04}", d.year.unsigned_abs()) } else { format!("{:04}", d.year) };
            match m.precision {
                DatePrecision::Day | DatePrecision::Week => format!("{year}-{:02}-{:02}", d.month, d.day),
                DatePrecision::Month => format!("{year}-{:02}", d.month),
                DatePrecision::Year => year,
            }
        };
        let years =
            [i32::MIN, i32::MIN + 1, -123_456, -10_000, -9999, -100, -1, 0, 1, 9, 10, 999, 1000, 2016, 9999, 10_000];
        let years = years.into_iter().chain([123_456_789, i32::MAX]);
        for year in years {
            for (month, day) in [(0, 0), (1, 1), (9, 30), (12, 31), (99, 100), (255, 255)] {
                for precision in [DatePrecision::Day, DatePrecision::Week, DatePrecision::Month, DatePrecision::Year] {
                    let m = DateMention {
                        start: 0,
                        end: 0,
                        date: CivilDate { year, month, day },
                        precision,
                        future: None,
                        relative: false,
                    };
                    assert_eq!(m.value(), reference(&m), "{m:?}");
                }
            }
        }
    }

    #[test]
    fn value_formats() {
        let m = DateMention {
            start: 0,
            end: 0,
            date: CivilDate { year: 2015, month: 2, day: 1 },
            precision: DatePrecision::Month,
            future: None,
            relative: false,
        };
        assert_eq!(m.value(), "2015-02");
        assert_eq!(DateMention { precision: DatePrecision::Year, ..m }.value(), "2015");
        assert_eq!(DateMention { precision: DatePrecision::Week, ..m }.value(), "2015-02-01");
    }

    #[test]
    fn multibyte_text_never_panics() {
        let p = parse_pub(PUB);
        let noisy = "“Monday” — قصف 9 May 2020 😀 ‘late February’ ١٢ May é9 May Ωyesterday 2016-05-02🙂";
        let found = find_dates(noisy, p);
        assert!(!found.is_empty());
        for m in &found {
            assert!(noisy.is_char_boundary(m.start) && noisy.is_char_boundary(m.end));
        }
        let sample = "في On Monday, 9 May 2020, “jets” struck Aleppo 😀 in late February — yesterday.";
        for (i, _) in sample.char_indices().chain(std::iter::once((sample.len(), ' '))) {
            for text in [&sample[..i], &sample[i..]] {
                for m in find_dates(text, p) {
                    assert!(m.start < m.end && m.end <= text.len());
                    assert!(text.is_char_boundary(m.start) && text.is_char_boundary(m.end));
                }
            }
        }
    }

    #[test]
    fn output_is_ordered_and_disjoint() {
        let text = "On Monday, in late February 2015, in 2015, last week and 3 days ago, May 2, 2016.";
        let found = find_dates(text, parse_pub(PUB));
        assert!(found.len() >= 5);
        for pair in found.windows(2) {
            assert!(pair[0].end <= pair[1].start);
        }
    }

    /// `text_group` must read the same groups as the regex captures, for every match at every
    /// starting position (find_dates retries one char after a rejected match).
    #[test]
    fn text_groups_equal_captures() {
        let extra = [
            "On Sunday, 9th of May 2020 and on Saturday the 2nd Of Sept 2015.",
            "ON THE 3rd OF October 2019; During mid-Sept 2015; in the end of March 2015.",
            "Sept. 3, 2019 or Mar 3 2020 or Dec.4 2021, on 2016-05-02 and 1999-13-45.",
            "in THE BEGINNING OF June 2014, in early-August 2013, during late 2012, In 2011.",
            "On Monday, May the 2nd, 2016; 31 June 2015; 1,200 May 2015; 12 May-2016.",
            "Fighting in February 2015, the March 2011 uprising, May 2022 and 23 Jan.",
            "Last Monday, THIS Tuesdays night, next friday, in the early hours of Sunday, on Wednesday morning.",
            "Overnight Thursday, late on Saturday evening, early Friday, during the night of Monday.",
            "The day before yesterday, yesterday afternoon, LAST NIGHT, today, tonight, this evening.",
            "3 days ago, an day ago, a day ago, Ten days ago, 120 days ago, one\tday ago.",
            "Earlier this week, later THIS month, next year, last\u{b}week, this  month, last year.",
            "In mid-March, the end of October, during the start of May, last January, This June, in August.",
            "laſt Monday, this weeK, ſunday, laſt night, In early -March, MID December, next  December.",
        ];
        let texts = CASES.iter().map(|c| c.0).chain(extra);
        let mut checked = 0;
        for text in texts {
            for (re, kind) in RULES.iter() {
                let mut pos = 0;
                while pos <= text.len() {
                    if let Some(caps) = re.captures_at(text, pos).filter(|c| kind.groups_from_text(&c[0])) {
                        let whole = caps.get(0).expect("group 0").as_str();
                        for name in ["d", "m", "y", "mo", "rel", "wd", "back1", "back2", "n", "which", "unit"] {
                            assert_eq!(
                                group(&caps, name),
                                text_group(*kind, whole, name),
                                "{kind:?} {name} in {whole:?}"
                            );
                        }
                        checked += 1;
                    }
                    pos = next_char_boundary(text, pos);
                }
            }
        }
        assert!(checked > 100, "{checked}");
    }

    /// `last_four_digits` finds where a search of every window of four bytes finds.
    #[test]
    fn last_four_digits_equals_window_search() {
        let pieces = ["0", "1", "5", "9", "12", "2016", "/", ":", "a", " ", "é", "\u{660}", "\x7f", "\u{130}"];
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..50_000 {
            seed = crate::testing::xorshift(seed);
            let text = crate::testing::pieces(&mut seed, &pieces, 30);
            let want = text.as_bytes().windows(4).rposition(|w| w.iter().all(u8::is_ascii_digit));
            assert_eq!(last_four_digits(&text), want, "{text:?}");
        }
        for b in 0..=255u8 {
            assert_eq!(
                has_digit(u64::from_le_bytes([b'x', b, b'x', b'x', b'x', b'x', b'x', b'x'])),
                b.is_ascii_digit()
            );
        }
    }

    /// A rule that `possible_rules` rules out has no match, on generated text.
    #[test]
    fn possible_rules_hold_every_match() {
        let pieces = [
            " ",
            "\t",
            "\u{b}",
            ", ",
            ". ",
            "-",
            "of ",
            "on ",
            "the ",
            "in ",
            "In ",
            "during ",
            "early ",
            "mid-",
            "last ",
            "This ",
            "next ",
            "3 ",
            "12 ",
            "2016 ",
            "2016",
            "2016-05-02 ",
            "May ",
            "may ",
            "March ",
            "Sept. ",
            "Dec ",
            "dec",
            "JAN ",
            "Monday ",
            "SUNDAY ",
            "ſunday ",
            "yesterday ",
            "Yesterday ",
            "night ",
            "today ",
            "morning ",
            "ago ",
            "days ",
            "a day ",
            "3 days ago ",
            "an day ago ",
            "week ",
            "weeK ",
            "month ",
            "Year ",
            "é",
            "x",
            "s",
        ];
        let mut seed: u64 = 0x5DEE_CE66_D1CE_4E5B;
        let mut ruled_out = 0;
        for _ in 0..30_000 {
            seed = crate::testing::xorshift(seed);
            let text = crate::testing::pieces(&mut seed, &pieces, 10);
            let has_digit = text.bytes().any(|b| b.is_ascii_digit());
            let cues = CUES.as_ref().expect("builds").bits(text.as_bytes());
            assert_eq!(cues & DIGIT_CUE != 0, has_digit, "{text:?}");
            let year_rules = possible_year_rules(&text);
            for (re, kind) in RULES.iter() {
                if !kind.needs_published() && !year_rules(*kind) {
                    assert!(!re.is_match(&text), "{kind:?} in {text:?}");
                }
            }
            let Some(possible) = possible_rules(&text, cues, has_digit) else {
                assert!(text.contains('ſ') || text.contains('\u{212a}'), "{text:?}");
                continue;
            };
            for (ri, (re, kind)) in RULES.iter().enumerate() {
                if !possible[ri] {
                    assert!(!re.is_match(&text), "{kind:?} in {text:?}");
                    ruled_out += 1;
                }
            }
        }
        assert!(ruled_out > 100_000, "{ruled_out}");
    }

    /// A rule that ends in its year finds the same matches in the text cut at
    /// `year_search_end` as in the whole text, from every start the search loop uses.
    #[test]
    fn year_rules_stop_at_the_last_year() {
        let alphabet = [
            "2016", "2020", "9", "12", " ", "May", "Sept", ".", ",", "-", "_", "s", "th", "in ", "during ", "the ",
            "On ", "Monday, ", "of ", "early ", "é", "’", "\n",
        ];
        let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
        let mut checked = 0;
        for _ in 0..50_000 {
            let text = crate::testing::pieces(&mut seed, &alphabet, 16);
            seed = seed.wrapping_add(1);
            let Some(y) = last_four_digits(&text) else { continue };
            let cut = &text[..year_search_end(&text, y)];
            for (re, _) in RULES.iter().filter(|(_, kind)| kind.ends_in_year()) {
                for pos in (0..=y).filter(|&p| text.is_char_boundary(p)) {
                    let whole = re.find_at(&text, pos).map(|m| (m.start(), m.end()));
                    assert_eq!(re.find_at(cut, pos).map(|m| (m.start(), m.end())), whole, "{text:?} from {pos}");
                    checked += usize::from(whole.is_some());
                }
            }
        }
        assert!(checked > 5_000, "{checked}");
    }

    /// No weekday is found from where `has_day_from` finds no "day", on generated text.
    #[test]
    fn weekday_needs_a_day_after() {
        let pieces = [
            " ",
            ", ",
            "-",
            "on ",
            "last ",
            "the ",
            "night ",
            "morning",
            "Monday",
            "SUNDAY",
            "friDAY",
            "days",
            "d",
            "a",
            "y",
            "Y",
            "da",
            "DA",
            "today",
            "yesterday",
            "s",
            "é",
            "\u{17f}",
            "\u{212a}",
        ];
        let weekday = &RULES.iter().find(|(_, kind)| matches!(kind, Kind::Weekday)).expect("a rule").0;
        let mut seed: u64 = 0x3C6E_F372_FE94_F82B;
        let mut checked = 0;
        for _ in 0..20_000 {
            seed = crate::testing::xorshift(seed);
            let text = crate::testing::pieces(&mut seed, &pieces, 10);
            if text.contains('\u{17f}') || text.contains('\u{212a}') {
                continue;
            }
            for from in (0..=text.len()).filter(|&p| text.is_char_boundary(p)) {
                let want = text.as_bytes()[from..].windows(3).any(|w| w.eq_ignore_ascii_case(b"day"));
                assert_eq!(has_day_from(&text, from), want, "{text:?} from {from}");
                if !want {
                    assert!(weekday.find_at(&text, from).is_none(), "{text:?} from {from}");
                    checked += 1;
                }
            }
        }
        assert!(checked > 50_000, "{checked}");
    }

    #[test]
    fn all_rules_compile() {
        assert_eq!(RULES.len(), 12);
        assert_eq!(WEEKDAY_NAMES.join("|"), WEEKDAYS);
        assert!(RULE_SET.is_some());
    }
}
