//! Places: choosing which gazetteer record a place name means.
//!
//! In: the place candidates of a document — each a span with the countries, demonyms and
//! gazetteer records its surface form may stand for — and the normalised text. Out: one
//! [`Resolved`] place per accepted mention, or none where the name is most likely a common
//! word or part of a person's name.
//!
//! Without a model the choice rests on priors and the document's own geography: population
//! and feature class; countries the document names (and the countries of unambiguous
//! places); an "X, Y" or "X in Y" relation with a country or region; admin cue words
//! ("Idlib province") that pick the region over the city of the same name.

use crate::gazetteer::{fold_name, FastHash, Feature, Gazetteer, NO_COUNTRY};

/// A place-name mention before resolution.
#[derive(Clone, Debug, Default)]
pub(crate) struct Candidate<'a> {
    pub start: usize,
    pub end: usize,
    /// Gazetteer records the name may stand for.
    pub places: &'a [u32],
    /// A country the name stands for ("Syria", "US").
    pub country: Option<u16>,
    /// A country the word is a demonym of ("Syrian").
    pub demonym: Option<u16>,
}

/// What a mention was resolved to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Target {
    /// A gazetteer record.
    Place(u32),
    /// A country.
    Country(u16),
}

/// A resolved place mention (spans in the normalised text).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Resolved {
    pub start: usize,
    pub end: usize,
    pub target: Target,
    /// The mention is a demonym ("Syrian"): a place for geoparsing, not a location.
    pub demonym: bool,
    /// The name is not in the gazetteer; `target` is the place the text puts it in
    /// ("the village of Tal Toughan in rural Idlib").
    pub unresolved: bool,
}

/// Settlement words that introduce a name the gazetteer may lack ("the village of X").
const SETTLEMENT_WORDS: [&str; 11] = [
    "village",
    "town",
    "city",
    "district",
    "neighbourhood",
    "neighborhood",
    "suburb",
    "hromada",
    "community",
    "settlement",
    "area",
];

/// The names after a settlement word (or its plural) and "of" ("village of Tal Toughan",
/// "towns of al-Bab"): up to four capitalised words, the first perhaps after "al-" or
/// "el-", the others also after "de " or "la ". As spans, leftmost first and not
/// overlapping, as the regex
/// `(?-u:\b)(?:village|town|city|district|neighbou?rhood|suburb|hromada|community|settlement|area)s? of ((?:al-|el-|Al-|El-)?[A-Z][A-Za-z'-]+(?: (?:al-|el-|Al-|El-|de |la )?[A-Z][A-Za-z'-]+){0,3})`
/// finds them. By hand, from each " of ": the regex's search over the whole story cost
/// more than the rest of [`unresolved`].
fn settlement_names(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let b = text.as_bytes();
    // Where the next match may start, and where to look for the next "f" of " of ".
    let (mut from, mut at) = (0, 0);
    std::iter::from_fn(move || loop {
        let f = next_of(b, at)?;
        at = f + 1;
        let of = f - 2;
        // No settlement word ends in "s": one before it is the plural.
        let word_end = if of > 0 && b[of - 1] == b's' { of - 1 } else { of };
        // Most words before " of " are none of them: told by their last byte.
        let last = b[..word_end].last();
        let Some(w) =
            SETTLEMENT_WORDS.iter().find(|w| w.as_bytes().last() == last && b[..word_end].ends_with(w.as_bytes()))
        else {
            continue;
        };
        let start = word_end - w.len();
        let boundary = start == 0 || !(b[start - 1].is_ascii_alphanumeric() || b[start - 1] == b'_');
        if start < from || !boundary {
            continue;
        }
        let Some(mut end) = name_word(b, f + 2, &["al-", "el-", "Al-", "El-"]) else { continue };
        for _ in 0..3 {
            match name_word(b, end + 1, &["al-", "el-", "Al-", "El-", "de ", "la "]).filter(|_| b[end] == b' ') {
                Some(e) => end = e,
                None => break,
            }
        }
        (from, at) = (end, end);
        return Some((f + 2, end));
    })
}

/// The "f" of the next " of " at or after `at`. Thirty-two bytes at a time: the bytes
/// of a word that are "f" are told by arithmetic on eight at once, and only those are read
/// ("f" is one byte in fifty of English; blocks without one are passed over whole).
fn next_of(b: &[u8], mut at: usize) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let is_of = |f: usize| f >= 2 && b[f - 2..f] == *b" o" && b[f] == b'f' && b.get(f + 1) == Some(&b' ');
    // Every byte that was "f" gets its high bit set; a byte after one may too (a borrow),
    // so each is read.
    let fs = |w: &[u8]| {
        let x = u64::from_le_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]]) ^ (ONES * u64::from(b'f'));
        x.wrapping_sub(ONES) & !x & HIGH
    };
    while let Some(block) = b.get(at..at + 32) {
        let words = [fs(&block[..8]), fs(&block[8..16]), fs(&block[16..24]), fs(&block[24..])];
        if words.iter().any(|&w| w != 0) {
            for (k, mut w) in words.into_iter().enumerate() {
                while w != 0 {
                    let f = at + 8 * k + (w.trailing_zeros() / 8) as usize;
                    if is_of(f) {
                        return Some(f);
                    }
                    w &= w - 1;
                }
            }
        }
        at += 32;
    }
    (at..b.len()).find(|&f| is_of(f))
}

/// Where a capitalised word at `at` ends, after one of `prefixes` if the word follows it
/// ("al-Bab"); the word is a capital and at least one more of letters, apostrophes and
/// hyphens.
fn name_word(b: &[u8], at: usize, prefixes: &[&str]) -> Option<usize> {
    let inner = |x: &u8| x.is_ascii_alphabetic() || matches!(x, b'\'' | b'-');
    let word = |k: usize| {
        (b.get(k).is_some_and(u8::is_ascii_uppercase) && b.get(k + 1).is_some_and(inner))
            .then(|| k + 1 + b[k + 1..].iter().position(|x| !inner(x)).unwrap_or(b.len() - k - 1))
    };
    let rest = b.get(at..)?;
    // A prefix that is itself a capitalised word's start ("Al-") ends the word where its
    // own reading would, so the prefix is tried first, as the regex does.
    prefixes.iter().filter(|p| rest.starts_with(p.as_bytes())).find_map(|p| word(at + p.len())).or_else(|| word(at))
}

/// Names the gazetteer lacks, introduced by a settlement word and followed by the place
/// that holds them: "the village of Tal Toughan in rural Idlib", "town of X, Y province".
pub(crate) fn unresolved(text: &str, resolved: &[Resolved], blocked: &dyn Fn(usize, usize) -> bool) -> Vec<Resolved> {
    let mut out = Vec::new();
    // `resolved` is in text order; the furthest end so far answers "does any name before
    // here reach past this point" by bisection. Worked out at the first settlement word:
    // most stories have none.
    let mut reach: Vec<usize> = Vec::new();
    for (name_start, name_end) in settlement_names(text) {
        if reach.is_empty() {
            reach.extend(resolved.iter().scan(0, |m, r| {
                *m = r.end.max(*m);
                Some(*m)
            }));
        }
        let next = resolved.partition_point(|r| r.start < name_end);
        if next > 0 && reach[next - 1] > name_start {
            continue;
        }
        // The holder: the next place within a short locative gap (at most a few words on).
        let holder = resolved[next..].iter().take_while(|r| r.start - name_end <= 64).find(|r| {
            !r.demonym && {
                let gap = trim(&text[name_end..r.start]);
                matches!(
                    gap,
                    "," | "in"
                        | "near"
                        | "in rural"
                        | "in the"
                        | "in northern"
                        | "in southern"
                        | "in eastern"
                        | "in western"
                        | "outside"
                ) || (gap.starts_with("in ") && gap.len() <= 20 && !gap.contains(['.', ',']))
            }
        });
        if let Some(h) = holder {
            out.push(Resolved { start: name_start, end: name_end, target: h.target, demonym: false, unresolved: true });
        }
    }
    before_parent(text, resolved, blocked, &mut out);
    possessed(text, resolved, blocked, &mut out);
    out
}

// The word lists below are `matches!`, not slices to scan: a word is compared with
// constants, which for most is a length check, and no list entry costs a call to memcmp.

/// Capitalised words that end the name of a site ("Pearson International Airport").
fn is_site_head(w: &str) -> bool {
    matches!(
        w,
        "Airport"
            | "Park"
            | "Hospital"
            | "Square"
            | "Station"
            | "Stadium"
            | "Bridge"
            | "Cathedral"
            | "Church"
            | "Mosque"
            | "Market"
            | "Camp"
            | "Prison"
            | "Palace"
            | "Gardens"
            | "Beach"
            | "Harbour"
            | "Harbor"
    )
}

/// Lower-case words after a name that say it is part of a town.
fn is_area_word(w: &str) -> bool {
    matches!(w, "neighbourhood" | "neighborhood" | "district" | "area" | "suburb" | "quarter" | "camp" | "refugee")
}

/// "Toronto's Pearson International Airport", "Cairo's Abbasiya neighbourhood": a site or
/// district the gazetteer lacks, named with the place that holds it. Into `out`.
fn possessed(text: &str, resolved: &[Resolved], blocked: &dyn Fn(usize, usize) -> bool, out: &mut Vec<Resolved>) {
    for r in resolved {
        if r.demonym || r.unresolved || !matches!(r.target, Target::Place(_)) {
            continue;
        }
        let rest = &text[r.end..];
        let Some(run) = rest.strip_prefix("'s ").or_else(|| rest.strip_prefix("\u{2019}s ")) else { continue };
        let start = text.len() - run.len();
        // Up to five capitalised words ("St. Mark's Coptic Orthodox Cathedral" is too long
        // to guess at); the site ends at the last head word or before an area word.
        let mut end = None;
        let mut at = start;
        for _ in 0..5 {
            let word_end = text[at..].find([' ', ',', '.', ';', ':', ')', '\n']).map_or(text.len(), |k| at + k);
            let w = &text[at..word_end];
            let bare = w.strip_prefix("al-").or_else(|| w.strip_prefix("el-")).unwrap_or(w);
            if !bare.chars().next().is_some_and(char::is_uppercase) {
                if is_area_word(w) && at > start {
                    end = Some(at - 1);
                }
                break;
            }
            // "St. Michael's Hospital": a head alone after "'s" finishes the possessor's name.
            if is_site_head(w) && at > start {
                end = Some(word_end);
            }
            if text.as_bytes().get(word_end) != Some(&b' ') {
                break;
            }
            at = word_end + 1;
        }
        if let Some(end) = end.filter(|&e| !blocked(start, e)) {
            out.push(Resolved { start, end, target: r.target, demonym: false, unresolved: true });
        }
    }
}

/// "shelled Levadne, Zaporizhia", "Stepova Novoselivka, Kharkiv": a run of capitalised
/// words right before a comma and a place, after a locative word, is a settlement inside
/// that place even when the gazetteer lacks it. A run that merely extends a resolved name
/// ("Stepova" + "Novoselivka") replaces it; a run that is exactly a resolved name is left
/// to the resolver. Into `out`.
fn before_parent(text: &str, resolved: &[Resolved], blocked: &dyn Fn(usize, usize) -> bool, out: &mut Vec<Resolved>) {
    for (k, r) in resolved.iter().enumerate() {
        if r.demonym || r.unresolved {
            continue;
        }
        let Some(comma) = text[..r.start].strip_suffix(", ").map(str::len) else { continue };
        let Some(start) = name_run_start(text, comma) else { continue };
        // The run is one resolved name already, or holds the parent's neighbour in a list.
        let first = resolved[..k].partition_point(|q| q.start < start);
        if resolved[first..k].iter().take_while(|q| q.start == start).any(|q| q.end == comma) {
            continue;
        }
        if !is_locative(prev_word(text, start)) || blocked(start, comma) {
            continue;
        }
        out.push(Resolved { start, end: comma, target: r.target, demonym: false, unresolved: true });
    }
}

/// Where a run of up to four capitalised words ending at `end` starts ("Novoselivka
/// Persha", "Boyaro-Lezhachi", "Tal al-Sheikh"), or `None`.
fn name_run_start(text: &str, end: usize) -> Option<usize> {
    let mut at = end;
    let mut first_capital = None;
    for _ in 0..4 {
        let head = &text[..at];
        let Some(ws) = head
            .char_indices()
            .rev()
            .take_while(|&(_, c)| c.is_alphanumeric() || matches!(c, '-' | '\'' | '’'))
            .last()
            .map(|(i, _)| i)
        else {
            break;
        };
        let w = &text[ws..at];
        let bare = w.strip_prefix("al-").or_else(|| w.strip_prefix("el-")).unwrap_or(w);
        if bare.chars().next().is_some_and(char::is_uppercase) {
            first_capital = Some(ws);
        } else if !matches!(w, "al" | "el" | "de" | "la" | "le" | "du" | "del") {
            break;
        }
        if ws < 2 || text.as_bytes()[ws - 1] != b' ' {
            break;
        }
        at = ws - 1;
    }
    first_capital
}

/// Capitalised English words that are also names of small places somewhere; a mention of
/// one is taken as a place only when the text points at a place (a cue word, "X, Country")
/// or the place is large.
pub(crate) const COMMON_WORDS: &str = include_str!("../data/common_words.txt");

/// Words before a name that say it is a region ("rural Idlib").
const REGION_PRE_CUES: &[&str] = &["rural", "Rural", "province of", "region of", "countryside of", "governorate of"];

/// Words after a name that say it is a first-level region.
fn is_region_cue(w: &str) -> bool {
    matches!(
        w,
        "province"
            | "Province"
            | "region"
            | "Region"
            | "oblast"
            | "Oblast"
            | "governorate"
            | "Governorate"
            | "state"
            | "State"
            | "countryside"
            | "countryside,"
            | "district"
            | "District"
    )
}

/// Words before a name that call it a town ("the city of Turkey").
const TOWN_OF: &[&str] = &["city of", "town of", "village of", "City of", "Town of"];

/// Words after a name that say it is a second-level unit ("Manbij district", "Adair county").
fn is_district_cue(w: &str) -> bool {
    matches!(w, "county" | "County" | "district" | "District" | "raion" | "Raion" | "rayon" | "Rayon")
}

/// Words after a name that say it is a town or city.
fn is_city_cue(w: &str) -> bool {
    matches!(w, "city" | "City" | "town" | "village" | "hromada" | "community" | "settlement")
}

/// ASCII letters and digits, by byte: a table read is cheaper than the tests of ranges in
/// the byte loops that read the words around each name.
const WORD: [bool; 256] = byte_table(b"");

/// The same and the hyphen.
const WORD_HYPHEN: [bool; 256] = byte_table(b"-");

/// The bytes of `bytes`, as a table.
const fn byte_set(bytes: &[u8]) -> [bool; 256] {
    let mut t = [false; 256];
    let mut k = 0;
    while k < bytes.len() {
        t[bytes[k] as usize] = true;
        k += 1;
    }
    t
}

/// ASCII letters and digits, and the bytes of `more`, as a table.
const fn byte_table(more: &[u8]) -> [bool; 256] {
    let mut t = byte_set(more);
    let mut b = 0;
    while b < 256 {
        t[b] |= (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    t
}

/// The first letters of the cue words after a name ([`is_region_cue`], [`is_city_cue`],
/// the second-level words of [`Cues::read`]).
const CUE_INITIAL: [bool; 256] = byte_set(b"pPrRoOgGsScCdDtvh");

/// The word after a name (past "'s", spaces and hyphens), as `split` gives it, where it
/// may be a cue word; "" where it begins with a letter none begins with (most words after a
/// name are told by their first byte, unread).
fn next_word(text: &str, end: usize) -> &str {
    let rest = text.get(end..).unwrap_or("");
    let rest = rest.strip_prefix("'s").unwrap_or(rest);
    let rest = &rest[rest.bytes().position(|b| b != b' ' && b != b'-').unwrap_or(rest.len())..];
    if !rest.as_bytes().first().is_some_and(|&x| CUE_INITIAL[x as usize]) {
        return "";
    }
    // What `split` would give first, without setting up a splitter for one word: ASCII a
    // byte at a time, characters decoded only from the first byte of another script.
    let b = rest.as_bytes();
    let ascii = b.iter().position(|&x| !WORD_HYPHEN[x as usize]).unwrap_or(b.len());
    if b.get(ascii).is_none_or(u8::is_ascii) {
        return &rest[..ascii];
    }
    let w_end = rest[ascii..]
        .char_indices()
        .find(|&(_, c)| !(c.is_alphanumeric() || c == '-'))
        .map_or(rest.len(), |(k, _)| ascii + k);
    &rest[..w_end]
}

fn prev_word(text: &str, start: usize) -> &str {
    last_word(trim_end(text.get(..start).unwrap_or("")))
}

/// The run of letters and digits that ends `before` (what `rsplit` would give first).
fn last_word(before: &str) -> &str {
    // ASCII a byte at a time, characters decoded only from the last byte of another script.
    let b = before.as_bytes();
    let ascii = b.iter().rposition(|&x| !WORD[x as usize]).map_or(0, |k| k + 1);
    if ascii == 0 || b[ascii - 1].is_ascii() {
        return &before[ascii..];
    }
    let from =
        before[..ascii].char_indices().rev().find(|&(_, c)| !c.is_alphanumeric()).map_or(0, |(k, c)| k + c.len_utf8());
    &before[from..]
}

/// White space among ASCII bytes, as `char::is_whitespace` has it (with the vertical tab,
/// which `u8::is_ascii_whitespace` leaves out).
fn ascii_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t'..=b'\r')
}

/// `s.trim_end()`, a byte at a time while the end is ASCII: the words around a name are
/// trimmed several times a name, and the general trim decodes characters.
fn trim_end(s: &str) -> &str {
    let b = s.as_bytes();
    let mut e = b.len();
    while e > 0 && ascii_space(b[e - 1]) {
        e -= 1;
    }
    if e > 0 && !b[e - 1].is_ascii() {
        return s[..e].trim_end();
    }
    &s[..e]
}

/// `s.trim_start()`, the same way.
fn trim_start(s: &str) -> &str {
    let b = s.as_bytes();
    let mut k = 0;
    while k < b.len() && ascii_space(b[k]) {
        k += 1;
    }
    if k < b.len() && !b[k].is_ascii() {
        return s[k..].trim_start();
    }
    &s[k..]
}

/// `s.trim()`, the same way.
fn trim(s: &str) -> &str {
    trim_start(trim_end(s))
}

/// Whether `s` ends with one of `words`, comparing last bytes first: few names follow a cue.
fn ends_with_any(s: &str, words: &[&str]) -> bool {
    let last = s.as_bytes().last();
    words.iter().any(|w| w.as_bytes().last() == last && s.ends_with(w))
}

/// What resolving reads of one candidate, read once. The fields under "by name" are kept
/// at the name's first mention and speak for all its mentions.
#[derive(Clone, Default)]
struct Facts<'a> {
    /// The name as the text spells it.
    surface: &'a str,
    /// The name's first mention (see [`first_mentions`]).
    first: usize,
    /// The name's next mention, or `usize::MAX`.
    next: usize,
    /// A compass word that narrows the name after it ("North London").
    qualifier: bool,
    /// Glued to a capitalised word before it, after it (see [`beside_capitalised`]).
    beside: (bool, bool),
    cues: Cues,
    /// The candidate's share of the story's country.
    own: Share,
    /// A common word (the same at each mention).
    is_common: bool,
    /// A date word or an organisation's head word (the same at each mention).
    word_like: bool,
    /// After "X, ", the region that can hold X.
    holds_prev: bool,
    /// The place before "'s" ("London's Heathrow").
    possessor: Option<usize>,
    // By name:
    /// The last mention so far, while the mentions are linked.
    last: usize,
    /// Called a town ("the city of Turkey").
    town_named: bool,
    /// The shares of all its mentions, summed in text order.
    shares: f32,
    /// What its records say of the story's country, with the records read.
    records_share: Option<(&'a [u32], Share)>,
    /// Whether the story gives the name to a person, once asked.
    person: std::cell::Cell<Option<bool>>,
}

/// What the passes decide of one candidate.
#[derive(Clone, Copy, Default)]
struct Choice<'a> {
    /// The record chosen so far, its score, and whether the holder named beside it fits it.
    best: Option<(u32, f32, bool)>,
    /// A country or a demonym, decided at once.
    country: Option<Resolved>,
    /// The verdict on the record last asked of the candidate.
    verdict: Option<(u32, Verdict)>,
    /// The last decision before one sense per story.
    fin: Option<Target>,
    /// Settled by a holder, or by a holder that fits.
    decided: Option<(Target, bool)>,
    /// Where its records' first-pass scores begin.
    score_at: usize,
    /// By name: where its records' priors begin, with the records read.
    priors_at: Option<(usize, &'a [u32])>,
    /// Where the priors of its own records begin.
    priors: usize,
    /// By name: the last mention with no holder or possessor beside it whose records were
    /// scored, with its cues (see the first pass).
    scored: Option<(u8, usize)>,
}

/// Resolves the candidates of one document.
pub(crate) fn resolve(
    gaz: &Gazetteer,
    common: &std::collections::HashSet<&str, FastHash>,
    text: &str,
    cands: &[Candidate],
) -> Vec<Resolved> {
    let n = cands.len();
    let mut facts: Vec<Facts> =
        cands.iter().map(|c| Facts { surface: &text[c.start..c.end], ..Facts::default() }).collect();
    // Each mention's name as the index of its first mention: what the story says of a
    // name is kept once a name, by that index, and each name is hashed once.
    // The buffers of the thread's last story, reused (see `Scratch`).
    let mut scratch = SCRATCH.with(|s| std::mem::take(&mut *s.borrow_mut()));
    first_mentions(cands, text, false, |_| true, &mut scratch.slots, |i, f| facts[i].first = f);
    for (i, c) in cands.iter().enumerate() {
        let f = facts[i].first;
        // The mentions of a name, linked in text order.
        facts[i].next = usize::MAX;
        if f != i {
            let last = facts[f].last;
            facts[last].next = i;
        }
        facts[f].last = i;
        // "North London", "Upper Edmonton", "Southern California": a compass word before a
        // place narrows it; it is not a place of its own (GeoNames has a "North" in South
        // Carolina and lists it under North Salt Lake). "Central Anatolia": what follows
        // need not be in the gazetteer.
        facts[i].qualifier = c.country.is_none()
            && is_qualifier(facts[i].surface)
            && text[c.end..].starts_with(char::is_whitespace)
            && trim_start(&text[c.end..]).starts_with(|ch: char| ch.is_uppercase());
        // "the city of Turkey" (Texas): a country's name called a town, with no town of that
        // name in the gazetteer, is that town wherever the story names it.
        if c.country.is_some()
            && ends_with_any(trim_end(&text[..c.start]), TOWN_OF)
            && c.places.iter().all(|&p| gaz.places[p as usize].feature == Feature::Region)
        {
            facts[f].town_named = true;
        }
        // Whether the name is glued to a capitalised word before or after it.
        facts[i].beside = beside_capitalised(text, c.start, c.end, cands);
    }
    let town_not_country = |facts: &[Facts], i: usize| cands[i].country.is_some() && facts[facts[i].first].town_named;
    // The document's countries: named ones, demonyms, and countries of names that can only
    // mean places in one country. Each candidate's own share is remembered so that a name
    // cannot vouch for itself. A story names few countries: a list beats a map.
    let mut doc_cc = std::mem::take(&mut scratch.doc_cc);
    for (i, c) in cands.iter().enumerate() {
        let (f, surface) = (facts[i].first, facts[i].surface);
        let share = if facts[i].qualifier || town_not_country(&facts, i) {
            None
        } else if let Some(k) = c.country.or(c.demonym) {
            Some((k, 1.0))
        } else if !c.places.is_empty() && !is_postal_code(surface) {
            // What the records say is the same at each mention of the name: read once.
            match facts[f].records_share {
                Some((read_for, share)) if std::ptr::eq(read_for, c.places) => share,
                _ => {
                    let share = records_share(gaz, surface, c.places);
                    facts[f].records_share = Some((c.places, share));
                    share
                }
            }
        } else {
            None
        };
        if let Some((k, w)) = share {
            match doc_cc.iter_mut().find(|e| e.0 == k) {
                Some(e) => e.1 += w,
                None => doc_cc.push((k, w)),
            }
            // Nor can a name vouch for itself by being repeated ("Heathrow" three times in
            // a British story is not three hints of Florida): the shares of all its mentions.
            facts[f].shares += w;
        }
        facts[i].own = share;
    }
    // The same weights by country, for the lookups once a record.
    // On the stack for the usual country tables, which have fewer than 256.
    let countries = doc_cc.iter().map(|e| e.0 as usize + 1).max().unwrap_or(0);
    let (mut few, mut many) = ([0.0f32; 256], Vec::new());
    let weights: &mut [f32] = if countries <= few.len() {
        &mut few[..countries]
    } else {
        many.resize(countries, 0.0);
        &mut many
    };
    for &(k, w) in &doc_cc {
        weights[k as usize] = w;
    }
    let top_weight = doc_cc.iter().map(|e| e.1).fold(0.0f32, f32::max);
    // The words around each name, read once. Names that can only be a country or a
    // demonym need none. The gap after the last candidate read is the one before the next.
    let mut gap: Option<(usize, Option<&str>)> = None;
    for (i, c) in cands.iter().enumerate() {
        let f = facts[i].first;
        if !c.places.is_empty() {
            let next_glued = facts.get(i + 1).is_some_and(|n| n.beside.1);
            let before = i.checked_sub(1).and_then(|j| match gap {
                Some((k, g)) if k == j => g,
                _ => gap_after(text, cands, j),
            });
            let after = gap_after(text, cands, i);
            facts[i].cues = Cues::read(text, cands, next_glued, i, [before, after]);
            gap = Some((i, after));
        }
        // What `verdict` asks of a name, asked once a name.
        if f == i {
            let surface = facts[i].surface;
            facts[i].is_common = common.contains(surface);
            facts[i].word_like = is_date_word(surface) || is_organisation_head(surface);
        } else {
            facts[i].is_common = facts[f].is_common;
            facts[i].word_like = facts[f].word_like;
        }
        // Whether a name after "X, " can be the region that holds X ("Atlanta, Georgia",
        // "LOUISVILLE, KY").
        facts[i].holds_prev = facts[i].cues.after_comma
            && c.places.iter().any(|&q| {
                let r = &gaz.places[q as usize];
                r.feature == Feature::Region
                    && cands[i - 1].places.iter().any(|&p| {
                        let p = &gaz.places[p as usize];
                        p.feature != Feature::Region
                            && p.country == r.country
                            && gaz.admin_name(p.admin1) == Some(&*r.name)
                    })
            });
        // "London's Heathrow", "Whittier's Penn Park": a name right after a place and "'s"
        // lies in or by that place.
        facts[i].possessor = i.checked_sub(1).filter(|&j| {
            let owner = || {
                (!cands[j].places.is_empty() || cands[j].country.is_some())
                    && !heads_organisation(text, &cands[j], facts[j].is_common)
            };
            matches!(text.get(cands[j].end..c.start), Some("'s " | "\u{2019}s ")) && owner()
        });
    }
    let facts = &facts[..];
    let others = |i: usize, k: u16| -> f32 {
        let weight = weights.get(k as usize).copied().unwrap_or(0.0);
        match facts[i].own {
            Some((ok, _)) if ok == k => weight - facts[facts[i].first].shares,
            _ => weight,
        }
    };
    // Names the story gives a person: glued to a capitalised first name somewhere
    // ("Justine Margaret Murphy", "Mayor Ryan Bingham"), outside a headline in title case.
    // Elsewhere in the story a small place of that name needs a cue word, not just "of".
    let named_as_person = |i: usize| {
        let c = &cands[i];
        // The given name may be a place name too ("Ryan"), but not a country's.
        let named_before = i > 0 && cands[i - 1].end + 1 == c.start;
        let nation_before = named_before && (cands[i - 1].country.is_some() || cands[i - 1].demonym.is_some());
        let cues = &facts[i].cues;
        (facts[i].beside.0 || named_before)
            && !nation_before
            && !(named_before && facts[i - 1].qualifier)
            && c.country.is_none()
            && !(cues.region || cues.city || cues.locative)
            && after_first_name(text, c.start)
    };
    // Worked out for a name only where `verdict` asks (a third of the names that would
    // read the line of a headline), over its mentions.
    let person = |f: usize| {
        if let Some(known) = facts[f].person.get() {
            return known;
        }
        let mut i = f;
        let mut found = false;
        while i != usize::MAX && !found {
            found = named_as_person(i);
            i = facts[i].next;
        }
        facts[f].person.set(Some(found));
        found
    };

    // Whether candidate `i` is kept as record `pi`, or kept if the record lies near the
    // story's other places: the callers ask that last only where it decides (reading the
    // neighbours costs more than everything else here), and each asks with other anchors.
    let verdict = |i: usize, pi: u32, fits: bool| -> Verdict {
        let c = &cands[i];
        let cue = &facts[i].cues;
        let p = &gaz.places[pi as usize];
        let surface = facts[i].surface;
        // "Southern Europe", "South East Asian": a continent narrowed by a compass word has
        // no point near its own middle.
        let narrowed = i > 0 && facts[i - 1].qualifier && trim(&text[cands[i - 1].end..c.start]).is_empty();
        if facts[i].qualifier || (narrowed && p.feature == Feature::Continent) {
            return Verdict::No;
        }
        // "IN", "OR", "ME": a postal code is a place only as the holder of the name before
        // it ("EDMONTON, KY"), which need not lie in it: the name may be one the gazetteer lacks.
        if is_postal_code(surface) {
            return if cue.after_comma { Verdict::Yes } else { Verdict::No };
        }
        // Common words and names glued to other capitalised words (persons) need evidence.
        let big = p.population >= 200_000 || p.feature == Feature::Capital;
        let supported = cue.locative || cue.region || cue.city || cue.district || fits;
        // A hamlet named with nothing pointing at a place, far from the story's other
        // places, is far likelier a surname or a word ("Walsh", "Christmas").
        let hamlet_if_near = is_hamlet(p) && !supported;
        let is_common = facts[i].is_common;
        if is_common && !(supported || p.feature == Feature::Capital) {
            return Verdict::No;
        }
        // A person's name, a date word ("over Christmas", "in September") or an
        // organisation's head word ("Georgetown College") is a small place only where a cue
        // word or a holder says so.
        let strongly = cue.city || cue.region || cue.district || cue.town_of || fits;
        if !strongly
            && p.population < 50_000
            && p.feature != Feature::Capital
            && (facts[i].word_like || person(facts[i].first))
        {
            return Verdict::No;
        }
        // "University Hospital": a common word heading an organisation's name. (A hamlet
        // may well name one: "North Powderly High School".)
        if is_common && names_organisation(&text[c.end..]) {
            return Verdict::No;
        }
        let (cap_before, cap_after) = facts[i].beside;
        // "Stoke Newington": a big city's alternate glued to another capitalised word is
        // the head of some other name.
        let big = big && (p.population >= 1_000_000 || same_name(surface, &p.name));
        if !big && ((cap_after && !cue.region && !cue.city) || (cap_before && !supported)) {
            return Verdict::No;
        }
        // A small place in a country the story never otherwise names, in a story about
        // another country, is more likely a namesake of a word or a name than the place.
        // A town near the story's other places is not elsewhere; a hamlet may still be.
        // For a small town, a passing hint of its country ("Atlantic" in a story about
        // London's airports) does not make it home when the story's country is far ahead.
        // A city, a capital or a place its holder names stays wherever the story is.
        let kept = if hamlet_if_near { Verdict::IfNear } else { Verdict::Yes };
        if p.population >= 500_000 || fits || p.feature == Feature::Capital {
            return kept;
        }
        let home = others(i, p.country);
        let outweighed = |w: f32| home <= 0.0 || (p.population < 50_000 && w >= 4.0 * home);
        let elsewhere = doc_cc.iter().any(|&(k, w)| k != p.country && w >= 1.5 && outweighed(w));
        if !elsewhere {
            kept
        } else if is_hamlet(p) {
            Verdict::No
        } else {
            Verdict::IfNear
        }
    };
    // Each candidate's verdict on the record last asked of it: the first pass's choice
    // mostly stands through the second pass and the last decisions.
    let verdict_of = |ch: &mut Choice, i: usize, pi: u32, fits: bool| match ch.verdict {
        Some((q, v)) if q == pi => v,
        _ => {
            let v = verdict(i, pi, fits);
            ch.verdict = Some((pi, v));
            v
        }
    };

    // First pass: priors and local cues.
    let mut choices: Vec<Choice> = vec![Choice::default(); n];
    // Each candidate record's first-pass score, kept for the second pass.
    let records: usize = cands.iter().map(|c| c.places.len()).sum();
    let mut scores = std::mem::take(&mut scratch.scores);
    scores.reserve(records);
    // Each record's population prior and whether it goes by the name, read once a name: a
    // story names its places again and again (a third of the records in news). Kept by the
    // name's first mention, with the records they were read for.
    let mut name_priors = std::mem::take(&mut scratch.name_priors);
    name_priors.reserve(records);
    for (i, c) in cands.iter().enumerate() {
        choices[i].score_at = scores.len();
        let cue = &facts[i].cues;
        if town_not_country(facts, i) {
            continue;
        }
        if let Some(k) = c.country {
            // A country name beats a namesake town unless a cue says otherwise: "Atlanta,
            // Georgia" names the region that holds the place before it.
            if c.places.is_empty() || !(cue.city || cue.region_after || cue.town_of || facts[i].holds_prev) {
                let r = Resolved {
                    start: c.start,
                    end: c.end,
                    target: Target::Country(k),
                    demonym: false,
                    unresolved: false,
                };
                choices[i].country = Some(r);
                continue;
            }
        }
        // "Spanish", "Canadian": a demonym that is also a small town's name (in Ontario,
        // in Texas) is the demonym unless the text calls it a town.
        let demonym_first = c.demonym.is_some()
            && !(cue.city || cue.town_of || cue.parent.is_some())
            && c.places.iter().all(|&p| gaz.places[p as usize].population < 100_000);
        if c.places.is_empty() || demonym_first {
            if let Some(k) = c.demonym {
                let r = Resolved {
                    start: c.start,
                    end: c.end,
                    target: Target::Country(k),
                    demonym: true,
                    unresolved: false,
                };
                choices[i].country = Some(r);
            }
            continue;
        }
        let parent = cue.parent.map(|j| &cands[j]);
        let surface = facts[i].surface;
        // Whether a record goes by this name: named so in its own right, or a world city,
        // which is often known by another name ("New York" is the city).
        // So does a city named by the head of its longer name ("Newcastle upon Tyne"), but
        // "Oklahoma" is not Oklahoma City.
        let goes_by = |q: &crate::gazetteer::PlaceRec| {
            q.population >= 1_000_000
                || same_name(surface, &q.name)
                || (q.population >= 100_000
                    && q.name.strip_prefix(surface).is_some_and(|r| r.starts_with(' ') && r != " City"))
        };
        let f = facts[i].first;
        let at = match choices[f].priors_at {
            Some((at, read_for)) if std::ptr::eq(read_for, c.places) => at,
            _ => {
                let at = name_priors.len();
                name_priors.extend(c.places.iter().map(|&q| {
                    let q = &gaz.places[q as usize];
                    (q.prior, goes_by(q))
                }));
                choices[f].priors_at = Some((at, c.places));
                at
            }
        };
        choices[i].priors = at;
        // A mention with no holder or possessor beside it, with the cues of an earlier one
        // of its name that had none either (and the same records), scores its records as
        // that one did: its scores are that one's. (A third of the records in news are
        // another mention's.)
        let plain = parent.is_none() && facts[i].possessor.is_none();
        let cues = u8::from(cue.region)
            | u8::from(cue.district) << 1
            | u8::from(cue.city) << 2
            | u8::from(cue.after_comma) << 3
            | u8::from(facts[i].own.is_some()) << 4;
        if let Some((_, j)) =
            choices[f].scored.filter(|&(k, j)| plain && k == cues && std::ptr::eq(cands[j].places, c.places))
        {
            choices[i].score_at = choices[j].score_at;
            choices[i].best = choices[j].best;
            continue;
        }
        let priors = &name_priors[at..at + c.places.len()];
        // Whether the name is, in its own right, a sizeable town of each country: local
        // news names its own towns bare (see below).
        // The last country asked, with the answer: a name's records in one country are
        // asked in turn.
        let sizeable = std::cell::Cell::new(None);
        let sizeable_in = |k: u16| match sizeable.get() {
            Some((asked, answer)) if asked == k => answer,
            _ => {
                let answer = c.places.iter().zip(priors).any(|(&q, &(_, named))| {
                    let q = &gaz.places[q as usize];
                    q.country == k && q.population >= 50_000 && named
                });
                sizeable.set(Some((k, answer)));
                answer
            }
        };
        let only_districts = c.places.iter().all(|&p| gaz.places[p as usize].feature == Feature::District);
        let mut best: Option<(f32, u32, bool)> = None;
        for (&pi, &(prior, named)) in c.places.iter().zip(priors) {
            let p = &gaz.places[pi as usize];
            let mut score = prior;
            // A county's people say little about which of the many Monroe Counties a story
            // means; the state named beside it says more. Against towns of its name
            // ("Essex"), a county's size counts for more.
            if p.feature == Feature::District {
                score *= if only_districts { 0.25 } else { 0.5 };
            }
            score += match p.feature {
                Feature::Capital => 2.0,
                Feature::AdminSeat => 1.0,
                Feature::Region if cue.region => 6.0,
                Feature::Region => -0.5,
                Feature::District if cue.district => 6.0,
                Feature::District => -1.0,
                Feature::Section => -0.5,
                Feature::Continent => 0.0,
                Feature::Populated => 0.0,
            };
            if cue.city && p.feature != Feature::Region {
                score += 2.0;
            }
            // A place that goes by the name beats one that only lists it among its
            // alternates (GeoNames gives Bozeman the alternate "Missouri").
            if !named {
                score -= 1.5;
            }
            let w = others(i, p.country);
            if w > 0.0 {
                // The story's countries count, but not past a world city's population.
                score += 1.0 + w.min(5.0) * 0.2;
                // Local news names its own country most and its towns bare: "London" in a
                // story about Canada that never names Britain is London, Ontario. Every
                // town of that name in the country gains alike, so the story's states and
                // neighbours still choose among them (Plymouth, Massachusetts over the
                // bigger Plymouth, Minnesota).
                // (A sizeable record that goes by the name answers for its country itself.)
                if w >= 2.0 && w >= top_weight && named && (p.population >= 50_000 || sizeable_in(p.country)) {
                    score += 2.5;
                }
            }
            // "Hryhorivka, Donetsk": a name after a place and a comma is its region.
            if p.feature == Feature::Region && cue.after_comma {
                score += 4.0;
            }
            let mut fits = false;
            if let Some(n) = parent {
                let fits_country = n.country.is_some_and(|k| k == p.country);
                let fits_region = n.places.iter().any(|&q| {
                    let r = &gaz.places[q as usize];
                    r.feature == Feature::Region && r.country == p.country && gaz.admin_name(p.admin1) == Some(&*r.name)
                });
                if fits_region {
                    score += 8.0;
                } else if fits_country {
                    score += 5.0;
                }
                fits = fits_region || fits_country;
            }
            if let Some(n) = facts[i].possessor.map(|j| &cands[j]) {
                let inside = n.country == Some(p.country)
                    || n.places.iter().any(|&q| {
                        let r = &gaz.places[q as usize];
                        if r.feature == Feature::Region {
                            r.country == p.country && gaz.admin_name(p.admin1) == Some(&*r.name)
                        } else {
                            q != pi && approx_km(p.lat, p.lon, r.lat, r.lon) <= 100.0
                        }
                    });
                if inside {
                    score += 8.0;
                    fits = true;
                }
            }
            scores.push((score, fits));
            if best.is_none_or(|(b, _, _)| score > b) {
                best = Some((score, pi, fits));
            }
        }
        choices[i].best = best.map(|(score, pi, fits)| (pi, score, fits));
        if plain {
            choices[f].scored = Some((cues, i));
        }
    }

    // Second pass: ambiguous names near the story's other places. Only names that would be
    // kept as places vouch for their neighbours, and each place vouches once.
    // In text order. A place named twice vouches twice, which changes nothing: the bonus
    // is the best one, not a sum.
    let anchors_of = |choices: &mut [Choice], anchors: &mut Anchors| {
        anchors.all.clear();
        for (i, ch) in choices.iter_mut().enumerate() {
            if let Some((p, _, fits)) = ch.best {
                // Anchors vouch for each other: two towns of the same foreign district are
                // no accident ("London" and "St. Thomas" in Ontario).
                if verdict_of(ch, i, p, fits).holds(|| !is_hamlet(&gaz.places[p as usize])) {
                    anchors.all.push(Anchor::new(gaz, i, p, facts[i].first));
                }
            }
        }
    };
    let mut anchors = Anchors::new(n, std::mem::take(&mut scratch.anchors));
    anchors_of(&mut choices, &mut anchors);
    let mut runners = std::mem::take(&mut scratch.runners);
    // Candidates with a choice to make again.
    let ambiguous = |ch: &Choice, c: &Candidate| ch.best.filter(|_| c.places.len() >= 2 && ch.country.is_none());
    // A close runner-up vouches too: "Edmonton" and "Enfield" are each first abroad
    // (Alberta, Connecticut) but are neighbours in north London, and only the pair says so.
    for (i, c) in cands.iter().enumerate() {
        let Some((chosen, best, _)) = ambiguous(&choices[i], c) else { continue };
        let scores = &scores[choices[i].score_at..];
        // Only a few runners-up, and only settlements: the thirty Monroe Counties would
        // otherwise vouch for each other's neighbours everywhere.
        runners.clear();
        runners.extend(
            (0..c.places.len())
                .map(|k| (scores[k].0, k))
                .filter(|&(score, k)| c.places[k] != chosen && score >= best - RUNNER_UP),
        );
        runners.sort_unstable_by(|a, b| b.0.total_cmp(&a.0));
        for &(_, k) in runners.iter().take(RUNNERS_UP) {
            let (pi, fits) = (c.places[k], scores[k].1);
            let p = &gaz.places[pi as usize];
            if !matches!(p.feature, Feature::Region | Feature::District) && verdict(i, pi, fits).holds(|| !is_hamlet(p))
            {
                anchors.all.push(Anchor::new(gaz, i, pi, facts[i].first));
            }
        }
    }
    anchors.settle();
    // A town's bonus is the same at each mention of its name where the anchors near each
    // are all of them (a story of no more than a neighbourhood of candidates): kept by the
    // name's records, as their priors are. A region's depends on the names listed beside it.
    let mut bonuses = std::mem::take(&mut scratch.bonuses);
    if anchors.whole {
        bonuses.resize(name_priors.len(), f32::NAN);
    }
    for (i, c) in cands.iter().enumerate() {
        let Some((_, top_base, _)) = ambiguous(&choices[i], c) else { continue };
        let scores = &scores[choices[i].score_at..];
        let mut best: Option<(f32, u32, bool)> = None;
        for (k, &pi) in c.places.iter().enumerate() {
            let (base, fits) = scores[k];
            // A record no bonus can lift past the best first-pass score (which the second
            // pass keeps or betters), or past the best so far, cannot be chosen: its
            // neighbours need not be read.
            let most = base + most_coherence(&gaz.places[pi as usize]);
            if most < top_base || best.is_some_and(|(b, _, _)| most <= b) {
                continue;
            }
            let bonus = || coherence(gaz, pi, text, i, cands, &anchors, facts[i].first, f32::INFINITY);
            let kept =
                bonuses.get_mut(choices[i].priors + k).filter(|_| gaz.places[pi as usize].feature != Feature::Region);
            let score = base
                + match kept {
                    Some(b) if !b.is_nan() => *b,
                    Some(b) => {
                        *b = bonus();
                        *b
                    }
                    None => bonus(),
                };
            if best.is_none_or(|(b, _, _)| score > b) {
                best = Some((score, pi, fits));
            }
        }
        choices[i].best = best.map(|(score, pi, fits)| (pi, score, fits));
    }

    // The places settled by the second pass vouch for the last decisions.
    anchors_of(&mut choices, &mut anchors);
    anchors.settle();
    for (i, ch) in choices.iter_mut().enumerate() {
        ch.fin = match (ch.country, ch.best) {
            (Some(r), _) => Some(r.target).filter(|_| !r.demonym),
            (None, Some((pi, _, fits))) => {
                let near = || coherence(gaz, pi, text, i, cands, &anchors, facts[i].first, 2.0) >= 2.0;
                verdict_of(ch, i, pi, fits).holds(near).then_some(Target::Place(pi))
            }
            _ => None,
        };
    }
    // One sense per story: a name settled by its holder once ("COLUMBIA, Ky.") means the
    // same where it stands bare ("of Columbia"), before or after. Holds the outcome by the
    // name's first mention in any case (worked out only once some name is settled, which
    // few stories have); the first settlement of a name stands.
    let mut settled: Vec<(usize, Option<(Target, bool)>)> = Vec::new();
    for (i, c) in cands.iter().enumerate() {
        if choices[i].country.is_some() || heads_organisation(text, c, facts[i].is_common) {
            choices[i].best = None;
            continue;
        }
        let Some((pi, _, fits)) = choices[i].best else { continue };
        let p = &gaz.places[pi as usize];
        let cues = &facts[i].cues;
        // "Paris, Missouri", "Novoandriivka, Zaporizhia": when the named region or country
        // holds none of the name's records, the place is one the gazetteer lacks, inside
        // that holder, not a far-away namesake.
        // Lists ("Aleppo, Idlib", "Damascus, Lebanon") put big places before others, so
        // only a region abroad overrides a city's size.
        // An abbreviated holder ("Columbia, Ky.") is never a list item, so it overrides size too.
        let small = p.population < 100_000 && p.feature != Feature::Capital;
        // Only where the text puts a place: after a locative word, in a dateline at a line's
        // start, or before an abbreviated holder. "Smith, Ukraine's envoy" is a person.
        let line_start = || text[..c.start].trim_end_matches([' ', '\t']).ends_with('\n') || c.start == 0;
        let holder = cues.parent.filter(|_| !fits).and_then(|j| {
            let t = choices[j].fin?;
            let abbreviated = facts[j].surface;
            let placed = cues.locative || abbreviated.ends_with('.') || is_postal_code(abbreviated) || line_start();
            if !placed {
                return None;
            }
            let small = small || abbreviated.ends_with('.') || is_postal_code(abbreviated);
            let is_holder = match t {
                Target::Country(_) => small,
                Target::Place(q) => {
                    let region = gaz.places[q as usize].feature == Feature::Region
                        || cands[j].places.iter().any(|&r| gaz.places[r as usize].feature == Feature::Region);
                    region && (small || gaz.places[q as usize].country != p.country)
                }
            };
            is_holder.then_some(t)
        });
        // "London's Heathrow" when no Heathrow lies by London: a place there the gazetteer
        // lacks (an airport, a park, a district), not the town in Florida.
        let holder = holder.or_else(|| {
            let j = facts[i].possessor.filter(|_| !fits && small && facts[i].beside == (false, false))?;
            choices[j].fin.filter(|t| matches!(t, Target::Place(_)))
        });
        let decided = if let Some(target) = holder {
            Some((target, true))
        } else if fits && choices[i].fin.is_some() {
            Some((Target::Place(pi), false))
        } else {
            None
        };
        if let Some(d) = decided {
            if settled.is_empty() {
                settled = vec![(0, None); n];
                // Over the names (their first mentions), each read once.
                let among = |i: usize| facts[i].first == i;
                first_mentions(cands, text, true, among, &mut scratch.slots, |i, f| settled[i].0 = f);
            }
            let f = settled[facts[i].first].0;
            settled[f].1.get_or_insert(d);
        }
        choices[i].decided = decided;
    }
    let mut out: Vec<Resolved> = Vec::with_capacity(n);
    for (i, c) in cands.iter().enumerate() {
        let ch = &choices[i];
        if let Some(r) = ch.country {
            out.push(r);
            continue;
        }
        if ch.best.is_none() {
            continue;
        }
        // A mention glued to other capitalised words is part of a longer name, which the
        // story's settlement of the bare name does not change ("Rutgers University").
        let bare = facts[i].beside == (false, false);
        let decided = ch
            .decided
            .or_else(|| (bare && !settled.is_empty()).then(|| settled[settled[facts[i].first].0].1).flatten())
            .or_else(|| ch.fin.map(|t| (t, false)));
        if let Some((target, unresolved)) = decided {
            out.push(Resolved { start: c.start, end: c.end, target, demonym: false, unresolved });
        }
    }
    (scratch.doc_cc, scratch.scores, scratch.name_priors) = (doc_cc, scores, name_priors);
    (scratch.anchors, scratch.runners, scratch.bonuses) = (anchors.all, runners, bonuses);
    scratch.trim();
    SCRATCH.with(|s| *s.borrow_mut() = scratch);
    out
}

/// Buffers that [`resolve`] fills afresh for each story, kept by each thread from one
/// story to the next: allocating and freeing a story's vectors cost more than filling
/// them. Their memory is the largest story's so far, up to
/// [`crate::scratch::KEPT_BYTES`] a buffer; a longer story's are let go.
#[derive(Default)]
struct Scratch {
    slots: Vec<usize>,
    doc_cc: Vec<(u16, f32)>,
    scores: Vec<(f32, bool)>,
    name_priors: Vec<(f32, bool)>,
    anchors: Vec<Anchor>,
    runners: Vec<(f32, usize)>,
    bonuses: Vec<f32>,
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
}

impl Scratch {
    /// Empties the buffers, letting go of those a long story made too large to keep.
    fn trim(&mut self) {
        use crate::scratch::reuse;
        reuse(&mut self.slots);
        reuse(&mut self.doc_cc);
        reuse(&mut self.scores);
        reuse(&mut self.name_priors);
        reuse(&mut self.anchors);
        reuse(&mut self.runners);
        reuse(&mut self.bonuses);
    }
}

/// Names that head an organisation's: "University of Iowa", "Bank of America" (whose "of"
/// names no holder), and a saint's possessive ("St. Michael's Hospital").
fn heads_organisation(text: &str, c: &Candidate, is_common: bool) -> bool {
    let surface = &text[c.start..c.end];
    let rest = &text[c.end..];
    (is_common && rest.strip_prefix(" of ").is_some_and(|r| r.starts_with(|ch: char| ch.is_uppercase())))
        || ((rest.starts_with("'s ") || rest.starts_with("\u{2019}s "))
            && ["St. ", "St ", "Saint ", "ST. "].iter().any(|s| surface.starts_with(s)))
}

/// Whether a candidate is kept as a record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Verdict {
    No,
    Yes,
    /// Kept if the record lies near the story's other places.
    IfNear,
}

impl Verdict {
    fn holds(self, near: impl FnOnce() -> bool) -> bool {
        match self {
            Verdict::No => false,
            Verdict::Yes => true,
            Verdict::IfNear => near(),
        }
    }
}

/// The words around a name that say what it is.
#[derive(Clone, Default)]
struct Cues {
    /// A region word after it ("Idlib province") or before it ("rural Idlib").
    region: bool,
    /// A region word after it only.
    region_after: bool,
    /// A second-level word after it ("Manbij district", "Adair county").
    district: bool,
    /// A settlement word after it ("Aleppo city", "the Tokmak hromada").
    city: bool,
    /// "city of X", "town of X".
    town_of: bool,
    /// A locative word before it ("in", "near", "shelled").
    locative: bool,
    /// The next candidate, when it follows as "X, Y" or "X in Y".
    parent: Option<usize>,
    /// The name follows another candidate and a comma ("Hryhorivka, Donetsk").
    after_comma: bool,
}

impl Cues {
    /// The cues around candidate `i`; `next_glued`: the next candidate is glued to a
    /// capitalised word after it; `gaps`: [`gap_after`] the candidate before and this one.
    fn read(text: &str, cands: &[Candidate], next_glued: bool, i: usize, gaps: [Option<&str>; 2]) -> Cues {
        let c = &cands[i];
        let cue = next_word(text, c.end);
        let before = trim_end(&text[..c.start]);
        let region_after = is_region_cue(cue);
        Cues {
            region: region_after || ends_with_any(before, REGION_PRE_CUES),
            region_after,
            district: is_district_cue(cue),
            city: is_city_cue(cue),
            town_of: ends_with_any(before, TOWN_OF),
            locative: LOCATIVE_LAST[before.as_bytes().last().map_or(0, |&x| x as usize)] && {
                // "near the Old Quarter" reads past the article.
                let w = last_word(before);
                let w = if w == "the" { last_word(trim_end(&before[..before.len() - 3])) } else { w };
                is_locative(w)
            },
            // "Philip Issa in Beirut, Vladimir Isachenkov in Moscow": a name glued to the
            // capitalised word after it is a person, not the holder.
            parent: gaps[1].and_then(|gap| {
                let person = next_glued && !cands[i + 1].places.is_empty();
                // Every holder word starts so: most gaps are told by their first byte.
                if !matches!(gap.as_bytes().first(), Some(b',' | b'i' | b'o' | b'n')) {
                    return None;
                }
                let holder_word = |w: &str| matches!(w, "," | "in" | "of" | "near");
                // "Monroe County in northeast Missouri": a direction word may stand between.
                // A holder word has no space in it, so it ends at the gap's first space (the
                // gap's words are not split for the many gaps that are no holder's).
                let directed = || {
                    let space = gap.bytes().position(|b| b == b' ');
                    space.is_some_and(|k| holder_word(&gap[..k]) && is_direction(&gap[k + 1..]))
                };
                ((holder_word(gap) || directed()) && !person).then_some(i + 1)
            }),
            after_comma: gaps[0] == Some(","),
        }
    }
}

/// The text between candidate `i` and the next, trimmed; `None` with no next candidate.
/// Read once for the cues of both (whether one holds the other, whether a comma parts them).
fn gap_after<'t>(text: &'t str, cands: &[Candidate], i: usize) -> Option<&'t str> {
    let n = cands.get(i + 1)?;
    Some(trim(text.get(cands[i].end..n.start).unwrap_or("")))
}

/// Words between a name and its holder that narrow the holder ("in northeast Missouri").
fn is_direction(w: &str) -> bool {
    matches!(
        w,
        "north"
            | "south"
            | "east"
            | "west"
            | "northeast"
            | "northwest"
            | "southeast"
            | "southwest"
            | "northern"
            | "southern"
            | "eastern"
            | "western"
            | "northeastern"
            | "northwestern"
            | "southeastern"
            | "southwestern"
            | "central"
            | "rural"
            | "north-east"
            | "north-west"
            | "south-east"
            | "south-west"
            | "north-eastern"
            | "north-western"
            | "south-eastern"
            | "south-western"
    )
}

/// How far below a name's best first-pass score a record may stand and still vouch for
/// its neighbours.
const RUNNER_UP: f32 = 2.5;

/// How many runners-up of a name may vouch.
const RUNNERS_UP: usize = 3;

/// Words of the calendar that are also names of small places ("March" and "May" are
/// common words, which need less).
fn is_date_word(w: &str) -> bool {
    matches!(
        w,
        "January"
            | "February"
            | "April"
            | "June"
            | "July"
            | "August"
            | "September"
            | "October"
            | "November"
            | "December"
            | "Christmas"
            | "Easter"
            | "Ramadan"
            | "Eid"
            | "Thanksgiving"
            | "Halloween"
    )
}

/// Whether the word before `start` is a capitalised given name or title ("Margaret",
/// "Mayor"), not a sentence word and not a line of a headline in title case.
fn after_first_name(text: &str, start: usize) -> bool {
    let Some(before) = text[..start].strip_suffix(' ') else { return false };
    let w = before.rsplit([' ', '\n', '\t']).next().unwrap_or("");
    let mut chars = w.chars();
    let shaped = chars.next().is_some_and(char::is_uppercase) && w.len() >= 2 && chars.all(char::is_lowercase);
    if !shaped || is_capitalised_function_word(w) {
        return false;
    }
    // A headline capitalises most of its words. Only the line's nearest 200 bytes are read,
    // so a document that is one huge line costs no more per name.
    let mut lo = start.saturating_sub(200);
    while !text.is_char_boundary(lo) {
        lo += 1;
    }
    let mut hi = (start + 200).min(text.len());
    while !text.is_char_boundary(hi) {
        hi -= 1;
    }
    let line_start = text[lo..start].rfind('\n').map_or(lo, |k| lo + k + 1);
    let line_end = text[start..hi].find('\n').map_or(hi, |k| start + k);
    let (words, capitalised) = capitalised_words(&text[line_start..line_end]);
    !(words >= 3 && capitalised * 10 >= words * 7)
}

/// How many words `line` holds and how many of them start with a capital letter, words as
/// `split_whitespace` gives them.
fn capitalised_words(line: &str) -> (usize, usize) {
    if !line.is_ascii() {
        return line.split_whitespace().fold((0, 0), |(words, capitalised), w| {
            (words + 1, capitalised + usize::from(w.starts_with(char::is_uppercase)))
        });
    }
    // In ASCII a word starts at a byte that is not white space, at the start or after one
    // that is: counted over pairs of bytes without branches, into byte-wide sums over
    // blocks short enough not to overflow them, a loop the compiler makes wide. (A line is
    // read for each name after a given name; a word at a time, it cost more than the rest
    // of resolving.)
    let b = line.as_bytes();
    let space = |x: u8| (x == b' ') | (x.wrapping_sub(b'\t') < 5);
    let Some((&x, rest)) = b.split_first() else { return (0, 0) };
    let (mut words, mut capitalised) = (usize::from(!space(x)), usize::from(x.is_ascii_uppercase()));
    const BLOCK: usize = 128;
    for (xs, ys) in b.chunks(BLOCK).zip(rest.chunks(BLOCK)) {
        let (mut w, mut c) = (0u8, 0u8);
        for (&x, &y) in xs.iter().zip(ys) {
            let after_space = space(x);
            w += u8::from(after_space & !space(y));
            c += u8::from(after_space & y.is_ascii_uppercase());
        }
        words += usize::from(w);
        capitalised += usize::from(c);
    }
    (words, capitalised)
}

/// Capitalised words that narrow the place name after them ("North London").
fn is_qualifier(w: &str) -> bool {
    matches!(
        w,
        "North"
            | "South"
            | "East"
            | "West"
            | "Northern"
            | "Southern"
            | "Eastern"
            | "Western"
            | "Northeast"
            | "Northwest"
            | "Southeast"
            | "Southwest"
            | "Central"
            | "Upper"
            | "Lower"
            | "Greater"
            | "Inner"
            | "Outer"
            | "NORTH"
            | "SOUTH"
            | "EAST"
            | "WEST"
            | "UPPER"
            | "LOWER"
    )
}

/// Two capital letters: a US or Canadian postal code ("KY", "AB") where it names a place.
fn is_postal_code(s: &str) -> bool {
    s.len() == 2 && s.bytes().all(|b| b.is_ascii_uppercase())
}

/// A share of the story's country: the country and its weight.
type Share = Option<(u16, f32)>;

/// The share of the story's country a name's records give: their country when all lie in
/// one and not all are hamlets.
fn records_share(gaz: &Gazetteer, surface: &str, places: &[u32]) -> Share {
    // A name only hamlets bear is as likely a word or a surname ("Bingham").
    if places.iter().all(|&p| is_hamlet(&gaz.places[p as usize])) {
        return None;
    }
    let first = gaz.places[places[0] as usize].country;
    let single = places.iter().all(|&p| gaz.places[p as usize].country == first) && first != NO_COUNTRY;
    // A name that is only some record's alternate ("Middlesex" for New Brunswick, New
    // Jersey) says little about the story's country. (Its names are read only if it counts.)
    single.then(|| {
        let named = places.iter().any(|&p| same_name(surface, &gaz.places[p as usize].name));
        (first, if named { 0.5 } else { 0.2 })
    })
}

/// A settlement too small to be taken on its name alone.
fn is_hamlet(p: &crate::gazetteer::PlaceRec) -> bool {
    p.population < 5_000 && matches!(p.feature, Feature::Populated | Feature::Section)
}

/// Whether a mention spells a record's main name, ignoring case and diacritics.
fn same_name(surface: &str, name: &str) -> bool {
    // Folding drops characters and adds none, so a name with fewer bytes than the mention
    // has ASCII letters and digits cannot fold alike: told without reading the name's bytes,
    // a heap string away from its record.
    if name.len() < surface.len() && name.len() < surface.bytes().filter(u8::is_ascii_alphanumeric).count() {
        return false;
    }
    if surface == name {
        return true;
    }
    // What `fold_name` does to ASCII, a byte at a time, both names at once: most differ
    // at their first letter. Another script's characters (which may fold to a letter or to
    // nothing) hand the pair to `fold_name`, unless the ASCII before them already differs.
    let (a, b) = (surface.as_bytes(), name.as_bytes());
    let (mut i, mut j) = (0, 0);
    loop {
        while a.get(i).is_some_and(|x| x.is_ascii() && !x.is_ascii_alphanumeric()) {
            i += 1;
        }
        while b.get(j).is_some_and(|y| y.is_ascii() && !y.is_ascii_alphanumeric()) {
            j += 1;
        }
        match (a.get(i), b.get(j)) {
            (None, None) => return true,
            (Some(x), _) | (_, Some(x)) if !x.is_ascii() => return fold_name(surface).eq(fold_name(name)),
            (Some(x), Some(y)) if x.eq_ignore_ascii_case(y) => (i, j) = (i + 1, j + 1),
            _ => return false,
        }
    }
}

/// For each candidate that is `among` them, the index of the first such candidate with the
/// same name (its own index if none is earlier), given to `put` with the candidate's;
/// names compared with ASCII letters in lower case if `caseless`, as `eq_ignore_ascii_case`
/// compares them.
fn first_mentions(
    cands: &[Candidate],
    text: &str,
    caseless: bool,
    among: impl Fn(usize) -> bool,
    slots: &mut Vec<usize>,
    mut put: impl FnMut(usize, usize),
) {
    let name = |i: usize| &text.as_bytes()[cands[i].start..cands[i].end];
    let same = |a: &[u8], b: &[u8]| if caseless { a.eq_ignore_ascii_case(b) } else { a == b };
    // Open addressing over the candidates' indices, at most half full: a story's names are
    // few and short, and hashing each by its length and its first and last eight bytes
    // costs three multiplications, however long it is.
    let bits = (2 * cands.len()).next_power_of_two().trailing_zeros();
    slots.clear();
    slots.resize(1 << bits, usize::MAX);
    for i in (0..cands.len()).filter(|&i| among(i)) {
        let n = name(i);
        let mut at = (name_hash(n, caseless) >> (64 - bits).min(63)) as usize & (slots.len() - 1);
        let first = loop {
            match slots[at] {
                usize::MAX => {
                    slots[at] = i;
                    break i;
                }
                j if same(name(j), n) => break j,
                _ => at = (at + 1) & (slots.len() - 1),
            }
        };
        put(i, first);
    }
}

/// A hash of a name from its length and its first and last eight bytes, with ASCII letters
/// in lower case if `caseless` (so that names equal but for case hash alike).
fn name_hash(n: &[u8], caseless: bool) -> u64 {
    let word = |b: &[u8]| {
        let mut w = [0u8; 8];
        w[..b.len()].copy_from_slice(b);
        if caseless {
            w.make_ascii_lowercase();
        }
        u64::from_le_bytes(w)
    };
    let (head, tail) = if n.len() <= 8 { (word(n), 0) } else { (word(&n[..8]), word(&n[n.len() - 8..])) };
    let mix = |h: u64, w: u64| (h.rotate_left(5) ^ w).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    mix(mix(mix(0, n.len() as u64), head), tail)
}

/// The last letters of the words of [`is_locative`] and of "the" (which it reads past):
/// a word before a name that ends otherwise is told by its last byte, unread.
const LOCATIVE_LAST: [bool; 256] = byte_set(b"ntrfmodkey");

/// Words before a name that put a place there (their last letters are [`LOCATIVE_LAST`]).
fn is_locative(w: &str) -> bool {
    matches!(
        w,
        "in" | "In"
            | "at"
            | "near"
            | "Near"
            | "of"
            | "from"
            | "to"
            | "on"
            | "around"
            | "outside"
            | "into"
            | "hit"
            | "struck"
            | "shelled"
            | "targeted"
            | "village"
            | "town"
            | "city"
    )
}

/// A lower bound on the cosine of every latitude within four degrees of `lat` (at most
/// 3.61 degrees of latitude lie within 401 km): `1 - x²/2` is below the cosine of `x`
/// everywhere, and the cosine falls away from the equator.
fn least_cosine(lat: f32) -> f32 {
    let x = (lat.abs() + 3.61).min(90.0).to_radians();
    (1.0 - x * x / 2.0).max(0.0)
}

/// Distance in km by the equirectangular approximation: within a few per cent of the
/// great circle at the scales the coherence bonus looks at, and no trigonometry per pair
/// beyond one cosine.
fn approx_km(lat1: f32, lon1: f32, lat2: f32, lon2: f32) -> f32 {
    let mut dlon = (lon2 - lon1).abs();
    if dlon > 180.0 {
        dlon = 360.0 - dlon;
    }
    let x = dlon * ((lat1 + lat2) * 0.5).to_radians().cos();
    let y = lat2 - lat1;
    111.19 * (x * x + y * y).sqrt()
}

/// How many candidates before and after a name its anchors may stand: all of a news
/// story's, and a bounded share of a book-length document's, so it stays linear.
const NEIGHBOURHOOD: usize = 200;

/// The anchors among the `NEIGHBOURHOOD` names before and after candidate `i`, of anchors
/// in text order.
fn near_anchors(anchors: &[Anchor], i: usize) -> &[Anchor] {
    // All of them in most stories: told from the ends.
    if anchors.first().is_none_or(|a| a.i + NEIGHBOURHOOD >= i)
        && anchors.last().is_none_or(|a| a.i <= i + NEIGHBOURHOOD)
    {
        return anchors;
    }
    let lo = anchors.partition_point(|a| a.i + NEIGHBOURHOOD < i);
    let hi = anchors.partition_point(|a| a.i <= i + NEIGHBOURHOOD);
    &anchors[lo..hi]
}

/// A place that vouches for its neighbours: candidate `i` taken as record `p`, under the
/// name whose first mention is `name` (from [`first_mentions`]), with what [`coherence`]
/// reads of the record.
#[derive(Clone, Copy, Debug)]
struct Anchor {
    i: usize,
    p: u32,
    name: usize,
    lat: f32,
    lon: f32,
    admin1: u32,
    country: u16,
    region: bool,
}

impl Anchor {
    fn new(gaz: &Gazetteer, i: usize, p: u32, name: usize) -> Anchor {
        let r = &gaz.places[p as usize];
        Anchor {
            i,
            p,
            name,
            lat: r.lat,
            lon: r.lon,
            admin1: r.admin1,
            country: r.country,
            region: r.feature == Feature::Region,
        }
    }
}

/// The anchors of a story. Where the anchors near each name are all of them (`whole`, a
/// story of no more than a neighbourhood of candidates), their order does not matter (the
/// bonus is the best of them): the regions come first, then the other places by latitude,
/// so that a town's neighbours are a short run of them. Otherwise, in text order.
struct Anchors {
    all: Vec<Anchor>,
    whole: bool,
    /// How many regions lead a whole story's anchors.
    regions: usize,
}

impl Anchors {
    /// For a story of `n` candidates, in `all` (emptied).
    fn new(n: usize, mut all: Vec<Anchor>) -> Anchors {
        all.clear();
        Anchors { all, whole: n <= NEIGHBOURHOOD + 1, regions: 0 }
    }

    /// Orders the anchors once all are in (in text order but for a candidate's
    /// runners-up, after all: a stable sort keeps them after the candidate's choice).
    fn settle(&mut self) {
        if self.whole {
            // The regions to the front, in any order; then the towns by latitude.
            let mut regions = 0;
            for k in 0..self.all.len() {
                if self.all[k].region {
                    self.all.swap(regions, k);
                    regions += 1;
                }
            }
            self.regions = regions;
            self.all[regions..].sort_unstable_by(|a, b| a.lat.total_cmp(&b.lat));
        } else {
            self.all.sort_by_key(|a| a.i);
        }
    }

    /// The anchors near candidate `i`.
    fn near(&self, i: usize) -> &[Anchor] {
        if self.whole {
            &self.all
        } else {
            near_anchors(&self.all, i)
        }
    }
}

/// The largest bonus [`coherence`] gives a record of this kind.
fn most_coherence(p: &crate::gazetteer::PlaceRec) -> f32 {
    if p.feature == Feature::Region {
        3.5
    } else {
        3.0
    }
}

/// A bonus for a candidate near the story's other places (the `anchors` near it under
/// other names than its own, `name`): local news names neighbouring towns, so "London"
/// beside "St. Thomas" is the Ontario one. The bonus is the best over the anchors, or any
/// one that reaches `enough` for the caller: the search stops there, or once no anchor
/// can add to it.
#[allow(clippy::too_many_arguments)]
fn coherence(
    gaz: &Gazetteer,
    pi: u32,
    text: &str,
    i: usize,
    cands: &[Candidate],
    anchors: &Anchors,
    name: usize,
    enough: f32,
) -> f32 {
    let c = &cands[i];
    let p = &gaz.places[pi as usize];
    let stop = most_coherence(p).min(enough);
    // A name does not vouch for itself.
    let other = |a: &Anchor| a.p != pi && a.name != name;
    // A state the story names outweighs a town of another state that merely lies near one
    // of the story's places.
    let holder = gaz.admin_name(p.admin1);
    let holds = |a: &Anchor| a.country == p.country && holder.is_some_and(|h| h == &*gaz.places[a.p as usize].name);
    let mut best = 0.0f32;
    if p.feature == Feature::Region {
        for a in anchors.near(i) {
            if best >= stop {
                break;
            }
            if !other(a) {
                continue;
            }
            let bonus = if !a.region && a.country == p.country && gaz.admin_name(a.admin1) == Some(&*p.name) {
                // A region that holds the story's other places.
                2.5
            } else if a.region && a.country == p.country {
                // "Indiana, Ohio, Montana and Wyoming": a list of regions, which outweighs
                // a namesake town inside the region next in the list.
                let (x, y) = if a.i < i { (&cands[a.i], c) } else { (c, &cands[a.i]) };
                let listed = a.i.abs_diff(i) == 1
                    && matches!(text.get(x.end..y.start).map(str::trim), Some("," | "and" | "or" | ", and" | ", or"));
                if listed {
                    3.5
                } else {
                    1.5
                }
            } else {
                0.0
            };
            // Neither is NaN: a compare, not `f32::max` and its NaN handling, in this hot loop.
            if bonus > best {
                best = bonus;
            }
        }
        return best;
    }
    // A town: the regions first (3.0 is the most a town is given), then the towns, until
    // one gives 2.5 (no town gives more). Where the anchors near it are all of the
    // story's, only those within four degrees of latitude are read.
    let (regions, towns) = if anchors.whole {
        let (regions, towns) = anchors.all.split_at(anchors.regions);
        let lo = towns.partition_point(|a| a.lat < p.lat - 4.0);
        let hi = lo + towns[lo..].partition_point(|a| a.lat <= p.lat + 4.0);
        (regions, &towns[lo..hi])
    } else {
        (anchors.near(i), anchors.near(i))
    };
    if regions.iter().any(|a| a.region && other(a) && holds(a)) {
        return 3.0;
    }
    let cos_least = least_cosine(p.lat);
    for a in towns {
        if best >= stop.min(2.5) {
            break;
        }
        // Farther than 400 km by latitude alone (the margin covers rounding): no bonus,
        // and no cosine.
        if !a.region && other(a) && (a.lat - p.lat).abs() * 111.19 <= 401.0 {
            let bonus = neighbour_bonus(p, a, cos_least);
            if bonus > best {
                best = bonus;
            }
        }
    }
    best
}

/// The bonus of a town near another within four degrees of latitude: 2.5 within 150 km,
/// 1.0 within 400. `cos_least`: at most the cosine of any latitude between theirs (see
/// [`least_cosine`]), so that most towns far by longitude are told without a cosine.
fn neighbour_bonus(p: &crate::gazetteer::PlaceRec, a: &Anchor, cos_least: f32) -> f32 {
    let mut dlon = (a.lon - p.lon).abs();
    if dlon > 180.0 {
        dlon = 360.0 - dlon;
    }
    // East-west alone farther than 400 km, with a margin that covers rounding.
    if dlon * cos_least * 111.19 > 402.0 {
        return 0.0;
    }
    let d = approx_km(p.lat, p.lon, a.lat, a.lon);
    if d <= 150.0 {
        2.5
    } else if d <= 400.0 {
        1.0
    } else {
        0.0
    }
}

/// Words that are capitalised only because they open a sentence or headline: a name after
/// one is not part of a longer proper name ("A Metcalfe County man", "In Aleppo").
fn is_capitalised_function_word(w: &str) -> bool {
    matches!(
        w,
        "The"
            | "A"
            | "An"
            | "In"
            | "At"
            | "On"
            | "From"
            | "Near"
            | "And"
            | "But"
            | "As"
            | "For"
            | "To"
            | "Of"
            | "By"
            | "With"
            | "After"
            | "Before"
            | "Since"
            | "Across"
            | "Outside"
            | "Inside"
            | "Into"
            | "Throughout"
            | "Around"
            | "This"
            | "That"
            | "These"
            | "Those"
            | "Its"
            | "His"
            | "Her"
            | "Their"
            | "Our"
            | "Two"
            | "Three"
            | "Several"
            | "Many"
            | "Some"
            | "Both"
            | "All"
            | "While"
            | "When"
            | "Where"
            | "If"
            | "Under"
            | "Over"
            | "Between"
            | "Against"
            | "Like"
    )
}

/// Head words of the names of bodies and buildings that carry a place's name ("Paris
/// Regional Medical Center", "Enfield Council", "Red Deer Skating Association").
fn is_organisation_head(w: &str) -> bool {
    matches!(
        w,
        "Academy"
            | "Airport"
            | "Association"
            | "Borough"
            | "Center"
            | "Centre"
            | "Chamber"
            | "Church"
            | "City"
            | "Clinic"
            | "College"
            | "Community"
            | "Council"
            | "Court"
            | "Crown"
            | "Department"
            | "Festival"
            | "Fire"
            | "Hospital"
            | "Library"
            | "Mayor"
            | "Medical"
            | "Museum"
            | "Office"
            | "Police"
            | "Port"
            | "Prison"
            | "Regional"
            | "School"
            | "Schools"
            | "Sheriff"
            | "Station"
            | "Street"
            | "Road"
            | "Stadium"
            | "University"
            | "Zoo"
            | "International"
    )
}

/// Whether the capitalised words that follow a name (at most three) end in or hold an
/// organisation's head word.
fn names_organisation(after: &str) -> bool {
    // The words between the spaces after the first, as `split(' ')` gives them, each read
    // to its space a byte at a time (a splitter's set-up cost more than three short words).
    let b = after.as_bytes();
    let Some(mut space) = b.iter().position(|&x| x == b' ') else { return false };
    for _ in 0..3 {
        let start = space + 1;
        let end = b[start..].iter().position(|&x| x == b' ').map_or(b.len(), |k| start + k);
        let w = &after[start..end];
        if !w.chars().next().is_some_and(char::is_uppercase) {
            return false;
        }
        // "Enfield Council's", "Enfield Council’s" (either apostrophe).
        let w = w.trim_end_matches(|ch: char| !ch.is_alphanumeric());
        let w = w.strip_suffix("'s").or_else(|| w.strip_suffix("\u{2019}s")).unwrap_or(w);
        if is_organisation_head(w) {
            return true;
        }
        if end == b.len() {
            return false;
        }
        space = end;
    }
    false
}

/// Whether the name stands right next to another capitalised word that is not itself a
/// place ("Ali Mohammed", "Bashar al-Assad"): then it is probably part of a person's name.
fn beside_capitalised(text: &str, start: usize, end: usize, cands: &[Candidate]) -> (bool, bool) {
    // Read as bytes where they are ASCII: the name's ends are character boundaries, and a
    // space or hyphen beside one is a byte.
    let t = text.as_bytes();
    let cap_after = t.get(end) == Some(&b' ')
        && match t.get(end + 1) {
            Some(x) if x.is_ascii() => x.is_ascii_uppercase(),
            Some(_) => text[end + 1..].chars().next().is_some_and(char::is_uppercase),
            None => false,
        }
        && cands.binary_search_by_key(&(end + 1), |c| c.start).is_err()
        && !names_organisation(&text[end..]);
    let cap_before = start > 0 && t[start - 1] == b' ' && {
        // The word back to its space, a byte at a time: an ASCII byte that is neither a
        // letter, a digit, a hyphen nor a space would be in the word, which it puts out.
        // Characters of another script are read as characters.
        let bytes = &t[..start - 1];
        let mut k = bytes.len();
        while k > 0 && WORD_HYPHEN[bytes[k - 1] as usize] {
            k -= 1;
        }
        let capitalised = match bytes[..k].last() {
            // ASCII letters, digits and hyphens back to the space: the word is all of them.
            None | Some(b' ') => bytes.get(k).is_some_and(u8::is_ascii_uppercase).then(|| &text[k..start - 1]),
            Some(x) if x.is_ascii() => None,
            Some(_) => {
                let b = &text[..start - 1];
                let w = &b[b.bytes().rposition(|x| x == b' ').map_or(0, |k| k + 1)..];
                (w.chars().next().is_some_and(|ch| ch.is_uppercase())
                    && w.chars().all(|ch| ch.is_alphanumeric() || ch == '-'))
                .then_some(w)
            }
        };
        // The candidates are the scan's hits, which never overlap: in start order, their
        // ends are in order too.
        capitalised.is_some_and(|w| {
            cands.binary_search_by_key(&(start - 1), |c| c.end).is_err() && !is_capitalised_function_word(w)
        })
    };
    // "Bustan al-Qasr" matched only as "Qasr": glued to a word before by a hyphen.
    let glued =
        start > 0 && t[start - 1] == b'-' && text[..start - 1].chars().next_back().is_some_and(char::is_alphabetic);
    (cap_before || glued, cap_after)
}

/// Compiles this module's patterns now, so that a first extraction need not: there are
/// none left (the settlement words are read by hand), so nothing to do.
pub(crate) fn warm_up() {}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn gaz() -> Gazetteer {
        let mut g = Gazetteer::default();
        g.load_countries("c", "SY\t1\tSyria\t35\t38\t1\t\tSyrian\tSYR\nUS\t2\tUnited States\t39\t-98\t1\tUS\tAmerican\tUSA\nIE\t3\tIreland\t53\t-8\t1\t\tIrish\tIRL\n")
            .unwrap();
        g.load_places(
            "p",
            "170063\tAleppo\t36.2\t37.16\tSY\tAleppo\t\tPPLA\t1602264\t\n\
             0\tAleppo\t36.0\t37.5\tSY\tAleppo\t\tADM1\t4000000\t\n\
             9\tAleppo\t40.0\t-77.0\tUS\tPennsylvania\t\tPPL\t500\t\n\
             10\tMobile\t30.69\t-88.04\tUS\tAlabama\t\tPPL\t190000\t\n\
             11\tAli\t35.0\t38.0\tSY\tHama\t\tPPL\t900\t\n\
             12\tKerry\t52.1\t-9.5\tIE\tMunster\t\tPPL\t1000\t\n",
        )
        .unwrap();
        g
    }

    fn run(text: &str, cands: Vec<Candidate>) -> Vec<(String, String)> {
        let g = gaz();
        let common: HashSet<&str, FastHash> = ["Mobile"].into_iter().collect();
        resolve(&g, &common, text, &cands)
            .iter()
            .map(|r| {
                let what = match r.target {
                    Target::Place(p) => format!("{}:{:?}", g.places[p as usize].name, g.places[p as usize].feature),
                    Target::Country(k) => format!("country {}", g.countries[k as usize].name),
                };
                (text[r.start..r.end].to_string(), what)
            })
            .collect()
    }

    fn cand(start: usize, end: usize, places: &[u32]) -> Candidate<'_> {
        Candidate { start, end, places, ..Default::default() }
    }

    #[test]
    fn words_around_a_name_are_read_as_split_reads_them() {
        for s in [
            "",
            " ",
            "in",
            "shelled",
            "near the",
            "rural Idlib's",
            "Ayn al-Arab",
            "São Paulo’s",
            "x, y-z",
            "3rd",
            "Zürich",
            "in Zürich",
            "Zürich-Nord",
            "-São",
            "é",
            "aé",
            "éa",
            "a é",
            "é a",
            "a’",
            "’a",
            "a’b",
            "ab—cd",
            "ab\u{a0}cd",
            "Київ",
            "в Києві",
            "x-Київ",
            "Київ-y",
            // Cue words and their neighbours.
            "province",
            " city",
            "-District",
            "raion's",
            "County",
            "countryside,",
            "hromada.",
            " village",
            "Town",
            "town-",
            "state's",
            "Oblast",
            "governorate",
            "community",
            "settlement",
            "said",
            "areas",
        ] {
            assert_eq!(last_word(s), s.rsplit(|c: char| !c.is_alphanumeric()).next().unwrap(), "{s:?}");
            let rest = s.trim_start_matches([' ', '-']);
            let want = rest.split(|c: char| !(c.is_alphanumeric() || c == '-')).next().unwrap();
            let got = next_word(s, 0);
            assert!(got == want || got.is_empty(), "{s:?}");
            for is_cue in [is_region_cue, is_city_cue, is_district_cue] {
                assert_eq!(is_cue(got), is_cue(want), "{s:?}");
            }
            for list in [TOWN_OF, REGION_PRE_CUES] {
                assert_eq!(ends_with_any(s, list), list.iter().any(|w| s.ends_with(w)), "{s:?}");
            }
        }
        assert!(ends_with_any("the city of", TOWN_OF) && ends_with_any("in rural", REGION_PRE_CUES));
    }

    #[test]
    fn trims_as_the_standard_trims() {
        // ASCII and Unicode white space (the vertical tab, the next-line control, the
        // no-break and em spaces), letters of both kinds, punctuation.
        let alphabet =
            [" ", "\t", "\n", "\r", "\x0b", "\x0c", "\u{85}", "\u{a0}", "\u{2003}", "a", "é", ",", "-", "Київ"];
        let mut seed = 0x0123_4567_89ab_cdefu64;
        for _ in 0..20_000 {
            let s = crate::testing::pieces(&mut seed, &alphabet, 9);
            assert_eq!(trim_end(&s), s.trim_end(), "{s:?}");
            assert_eq!(trim_start(&s), s.trim_start(), "{s:?}");
            assert_eq!(trim(&s), s.trim(), "{s:?}");
        }
    }

    /// The test as first written: whether the name stands right next to another capitalised word that is not itself a
    /// place ("Ali Mohammed", "Bashar al-Assad"): then it is probably part of a person's name.
    fn beside_capitalised_oracle(text: &str, start: usize, end: usize, cands: &[Candidate]) -> (bool, bool) {
        let after = text.get(end..).unwrap_or("");
        let before = text.get(..start).unwrap_or("");
        let cap_after = after.strip_prefix(' ').and_then(|r| r.chars().next()).is_some_and(|ch| ch.is_uppercase())
            && cands.binary_search_by_key(&(end + 1), |c| c.start).is_err()
            && !names_organisation(after);
        let cap_before = before.strip_suffix(' ').is_some_and(|b| {
            // The word is short: a byte loop back to its space, not a searcher over the text.
            let w = &b[b.bytes().rposition(|x| x == b' ').map_or(0, |k| k + 1)..];
            w.chars().next().is_some_and(|ch| ch.is_uppercase())
                && w.chars().all(|ch| ch.is_alphanumeric() || ch == '-')
                // The candidates are the scan's hits, which never overlap: in start order,
                // their ends are in order too.
                && cands.binary_search_by_key(&(start - 1), |c| c.end).is_err()
                && !is_capitalised_function_word(w)
        });
        // "Bustan al-Qasr" matched only as "Qasr": glued to a word before by a hyphen.
        let glued =
            before.ends_with('-') && before[..before.len() - 1].chars().next_back().is_some_and(char::is_alphabetic);
        (cap_before || glued, cap_after)
    }

    #[test]
    fn words_beside_a_name_are_read_as_characters_are() {
        // Names in random text of words of both cases, in and out of ASCII, with the marks
        // that end or join words; every third word a candidate.
        let words = [
            "Aleppo", "ali", "Ali", "the", "The", "Zürich", "élan", "Élan", "al-Bab", "3rd", "X", "(A)", "St.", "Київ",
        ];
        let gaps = [" ", " ", " ", "-", ", ", "\n", " (", "'s "];
        let mut seed = 0x5eed_1234_abcd_ef01u64;
        for _ in 0..3000 {
            let mut text = String::new();
            let mut spans = Vec::new();
            for k in 0..1 + seed % 12 {
                seed = crate::testing::xorshift(seed);
                let w = words[(seed % words.len() as u64) as usize];
                let start = text.len();
                text.push_str(w);
                if k % 3 == seed % 3 {
                    spans.push((start, text.len()));
                }
                seed = crate::testing::xorshift(seed);
                text.push_str(gaps[(seed % gaps.len() as u64) as usize]);
            }
            let places = [0u32];
            let cands: Vec<Candidate> = spans.iter().map(|&(s, e)| cand(s, e, &places)).collect();
            for c in &cands {
                assert_eq!(
                    beside_capitalised(&text, c.start, c.end, &cands),
                    beside_capitalised_oracle(&text, c.start, c.end, &cands),
                    "{text:?} {:?}",
                    &text[c.start..c.end]
                );
            }
        }
    }

    #[test]
    fn settlement_names_are_what_the_regex_finds() {
        let regex = regex::Regex::new(
            r"(?-u:\b)(?:village|town|city|district|neighbou?rhood|suburb|hromada|community|settlement|area)s? of ((?:al-|el-|Al-|El-)?[A-Z][A-Za-z'-]+(?: (?:al-|el-|Al-|El-|de |la )?[A-Z][A-Za-z'-]+){0,3})",
        )
        .unwrap();
        // Settlement words whole, in part and glued to others, before "of" or not; names
        // with and without their prefixes, in and out of capitals; the marks that end or
        // join words.
        let words = ["village", "town", "city", "area", "neighbourhood", "neighborhood", "downtown", "Town", "of"];
        let joins = [" of ", "s of ", " of", "s ", "-", " ", "_of "];
        let names = ["Al-", "al-", "El-", "de ", "la ", "La ", "Bab", "B", "Xy", "x", "'", "-", "é", "Tal", "Al", "A"];
        let marks = [" ", " ", " ", ",", ".", "\n", "3", "'"];
        let mut seed = 0x1234_5678_9abc_def0u64;
        let mut found = 0;
        for _ in 0..200_000 {
            let mut text = String::new();
            for _ in 0..1 + seed % 4 {
                seed = crate::testing::xorshift(seed);
                text.push_str(words[(seed % words.len() as u64) as usize]);
                seed = crate::testing::xorshift(seed);
                text.push_str(joins[(seed % joins.len() as u64) as usize]);
                text.push_str(&crate::testing::pieces(&mut seed, &names, 7));
                text.push_str(&crate::testing::pieces(&mut seed, &marks, 3));
                text.push_str(&crate::testing::pieces(&mut seed, &names, 7));
            }
            let want: Vec<(usize, usize)> =
                regex.captures_iter(&text).map(|c| c.get(1).map(|m| (m.start(), m.end())).unwrap()).collect();
            let got: Vec<(usize, usize)> = settlement_names(&text).collect();
            assert_eq!(got, want, "{text:?}");
            found += want.len();
        }
        assert!(found > 10_000, "{found}");
    }

    #[test]
    fn next_of_finds_each_of() {
        let pieces = [" of ", "of", " o", "f", "ff", " ", "o", "x", "é", "\u{66f}", "abcdefghijklmnopqrstuvwxyz"];
        let mut seed = 0x0bad_cafe_f00d_1234u64;
        for _ in 0..20_000 {
            let text = crate::testing::pieces(&mut seed, &pieces, 60);
            let b = text.as_bytes();
            // Overlapping ones too (" of of ").
            let want: Vec<usize> = (0..b.len()).filter(|&k| b[k..].starts_with(b" of ")).map(|k| k + 2).collect();
            let mut got = Vec::new();
            let mut at = 0;
            while let Some(f) = next_of(b, at) {
                got.push(f);
                at = f + 1;
            }
            assert_eq!(got, want, "{text:?}");
        }
    }

    #[test]
    fn gaps_are_what_each_cue_read_for_itself() {
        // Names ("A"), spaces, commas and words between them, in and out of ASCII.
        let pieces = ["A", "A", " ", ",", " in ", "\u{a0}", "é", "\n", "x"];
        let mut seed = 0x5eed_0f9a_95c3_2d17u64;
        for _ in 0..20_000 {
            let text = crate::testing::pieces(&mut seed, &pieces, 24);
            let cands: Vec<Candidate> = text.match_indices('A').map(|(k, _)| cand(k, k + 1, &[])).collect();
            for (i, c) in cands.iter().enumerate() {
                // As `Cues::read` read them before: the gap to the next for its holder,
                // and the one from the last for a comma.
                let parent_gap = cands.get(i + 1).map(|n| trim(text.get(c.end..n.start).unwrap_or("")));
                assert_eq!(gap_after(&text, &cands, i), parent_gap, "{text:?}");
                let after_comma = i > 0 && text.get(cands[i - 1].end..c.start).is_some_and(|g| trim(g) == ",");
                assert_eq!(i > 0 && gap_after(&text, &cands, i - 1) == Some(","), after_comma, "{text:?}");
            }
        }
    }

    #[test]
    fn cue_words_are_read_as_the_whole_word_reads() {
        // The word after a name read whole, past "'s", spaces and hyphens (as before words
        // that begin with no cue word's letter were told by it).
        fn whole(text: &str) -> &str {
            let rest = text.strip_prefix("'s").unwrap_or(text).trim_start_matches([' ', '-']);
            rest.split(|c: char| !(c.is_alphanumeric() || c == '-')).next().unwrap_or("")
        }
        let pieces = [
            "'s", " ", "-", "city", "City", "province", "raion", "county", "town", "village", "x", "a", "s", "é", ",",
            "c", "t", "'",
        ];
        let mut seed = 0x0c0e_b0a7_d15c_0123u64;
        for _ in 0..50_000 {
            let text = crate::testing::pieces(&mut seed, &pieces, 6);
            let (got, want) = (next_word(&text, 0), whole(&text));
            assert!(got == want || got.is_empty(), "{text:?}");
            for is_cue in [is_region_cue, is_city_cue, is_district_cue] {
                assert_eq!(is_cue(got), is_cue(want), "{text:?}");
            }
        }
    }

    #[test]
    fn locative_words_end_in_their_last_letters() {
        let words = [
            "in", "In", "at", "near", "Near", "of", "from", "to", "on", "around", "outside", "into", "hit", "struck",
            "shelled", "targeted", "village", "town", "city", "the",
        ];
        for w in words {
            assert!(is_locative(w) || w == "the", "{w}");
            assert!(LOCATIVE_LAST[*w.as_bytes().last().unwrap() as usize], "{w}");
        }
    }

    #[test]
    fn first_mentions_are_the_first_equal_names() {
        // Names equal, equal but for case, and alike in their first and last bytes; in and
        // out of ASCII; long and short.
        let names = [
            "Aleppo",
            "ALEPPO",
            "aleppo",
            "Al",
            "al",
            "Aleppoo",
            "Alexandria-by-the-Sea",
            "ALEXANDRIA-BY-THE-SEA",
            "Alexandria-on-the-Sea",
            "Zürich",
            "ZüRICH",
            "ZÜRICH",
            "",
            "X",
        ];
        let mut seed = 0xfeed_face_dead_beefu64;
        for _ in 0..3000 {
            let mut text = String::new();
            let mut spans = Vec::new();
            for _ in 0..seed % 40 {
                seed = crate::testing::xorshift(seed);
                let start = text.len();
                text.push_str(names[(seed % names.len() as u64) as usize]);
                spans.push((start, text.len()));
                text.push(' ');
            }
            let cands: Vec<Candidate> = spans.iter().map(|&(s, e)| cand(s, e, &[])).collect();
            // All the candidates, or every other one.
            for (caseless, step) in [(false, 1), (true, 1), (false, 2), (true, 2)] {
                let among = |i: usize| i.is_multiple_of(step);
                let mut got = vec![usize::MAX; cands.len()];
                first_mentions(&cands, &text, caseless, among, &mut Vec::new(), |i, f| got[i] = f);
                let name = |i: usize| &text[cands[i].start..cands[i].end];
                let same = |j: usize, i: usize| {
                    if caseless {
                        name(j).eq_ignore_ascii_case(name(i))
                    } else {
                        name(j) == name(i)
                    }
                };
                let want: Vec<usize> = (0..cands.len())
                    .map(|i| {
                        if among(i) {
                            (0..=i).filter(|&j| among(j)).find(|&j| same(j, i)).unwrap()
                        } else {
                            usize::MAX
                        }
                    })
                    .collect();
                assert_eq!(got, want, "{text:?} caseless {caseless}, every {step}");
            }
        }
    }

    #[test]
    fn word_tables_are_the_ascii_tests() {
        for b in 0..=255u8 {
            assert_eq!(WORD[b as usize], b.is_ascii_alphanumeric(), "{b}");
            assert_eq!(WORD_HYPHEN[b as usize], b.is_ascii_alphanumeric() || b == b'-', "{b}");
        }
    }

    /// As first written, over a splitter.
    fn names_organisation_oracle(after: &str) -> bool {
        after.split(' ').skip(1).take(3).take_while(|w| w.chars().next().is_some_and(char::is_uppercase)).any(|w| {
            // "Enfield Council's", "Enfield Council’s" (either apostrophe).
            let w = w.trim_end_matches(|ch: char| !ch.is_alphanumeric());
            let w = w.strip_suffix("'s").or_else(|| w.strip_suffix("\u{2019}s")).unwrap_or(w);
            is_organisation_head(w)
        })
    }

    #[test]
    fn organisations_are_read_as_the_splitter_reads_them() {
        let pieces = [
            " ",
            "  ",
            "Council",
            "Council's",
            "Council\u{2019}s",
            "council",
            "City",
            "Hall",
            ",",
            ".",
            "'s",
            "Élan",
            "x",
        ];
        let mut seed = 0x7777_1111_2222_3333u64;
        for _ in 0..50_000 {
            let after = crate::testing::pieces(&mut seed, &pieces, 9);
            assert_eq!(names_organisation(&after), names_organisation_oracle(&after), "{after:?}");
        }
    }

    #[test]
    fn same_name_is_folded_equality() {
        // Every pair of spellings, including ones whose folding drops bytes, against the
        // plain comparison of the folded forms (the byte-count shortcut must never decide
        // otherwise).
        let names = [
            "",
            "Aleppo",
            "aleppo",
            "ALEPPO",
            "Alep",
            "St. Louis",
            "St Louis",
            "Saint Louis",
            "Al Ḩasakah",
            "al-Hasakah",
            "Al-Hasakah",
            "Hasakah",
            "São Paulo",
            "Sao Paulo",
            "SaoPaulo",
            "Ørsta",
            "Orsta",
            "Zürich",
            "Zurich",
            "Z",
            "-",
            "'s",
            "Ayn al-Arab",
            "Aynal Arab",
            "Kyiv",
            "Kyïv",
            "Київ",
            "A.B.C",
            "ABC",
            "Aleppo\u{2019}",
            "Aleppo's",
            "\u{2019}Aleppo",
            "Al-\u{1e28}asakah",
        ];
        for a in names {
            for b in names {
                assert_eq!(same_name(a, b), a == b || fold_name(a).eq(fold_name(b)), "{a:?} {b:?}");
            }
        }
    }

    #[test]
    fn same_name_is_folded_equality_on_generated_names() {
        let pieces = ["a", "A", "b", "-", " ", "'", ".", "é", "É", "\u{2019}", "Ḩ", "h", "3", "ß", "Ø", "o"];
        let mut seed = 0x5a5a_1234_0f0f_9876u64;
        for _ in 0..50_000 {
            let a = crate::testing::pieces(&mut seed, &pieces, 7);
            let b = crate::testing::pieces(&mut seed, &pieces, 7);
            assert_eq!(same_name(&a, &b), a == b || fold_name(&a).eq(fold_name(&b)), "{a:?} {b:?}");
        }
    }

    #[test]
    fn capitalised_words_as_split_whitespace_counts_them() {
        // Random lines over the characters that matter: ASCII and Unicode white space
        // (including the vertical tab and form feed), capitals of both kinds, other letters.
        let alphabet = [
            " ", "\t", "\n", "\r", "\x0b", "\x0c", "a", "z", "A", "Z", "0", "-", ".", "É", "é", "\u{a0}", "\u{2003}",
            "\u{85}", "ß",
        ];
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..20_000 {
            let mut line = String::new();
            seed = crate::testing::xorshift(seed);
            // Mostly ASCII lines (the fast path), some with other characters.
            let letters = if seed.is_multiple_of(3) { alphabet.len() } else { 13 };
            for _ in 0..(seed >> 8) % 400 {
                seed = crate::testing::xorshift(seed);
                line.push_str(alphabet[(seed >> 20) as usize % letters]);
            }
            let want = line
                .split_whitespace()
                .fold((0, 0), |(n, k), w| (n + 1, k + usize::from(w.starts_with(|ch: char| ch.is_uppercase()))));
            assert_eq!(capitalised_words(&line), want, "{line:?}");
        }
    }

    #[test]
    fn name_runs_before_a_comma() {
        // (text ending where the comma would be, the run found). Known words before a
        // comma ("Ukrainian, Zaporizhzhia") are kept out by the caller, which knows the hits.
        let cases: &[(&str, Option<&str>)] = &[
            ("shelled Levadne", Some("Levadne")),
            ("shelled Stepova Novoselivka", Some("Stepova Novoselivka")),
            ("at Boyaro-Lezhachi", Some("Boyaro-Lezhachi")),
            ("near Tal al-Sheikh", Some("Tal al-Sheikh")),
            ("near Tal al Sheikh", Some("Tal al Sheikh")),
            ("On 11 January 2024", None),
            ("shelled the village", None),
            ("in the Old City", Some("Old City")),
        ];
        for &(text, want) in cases {
            let got = name_run_start(text, text.len()).map(|s| &text[s..]);
            assert_eq!(got, want, "{text:?}");
        }
    }

    /// The bonus as first written: every anchor near the candidate (in text order), read
    /// from the gazetteer.
    #[allow(clippy::too_many_arguments)]
    fn coherence_oracle(
        gaz: &Gazetteer,
        pi: u32,
        text: &str,
        i: usize,
        cands: &[Candidate],
        anchors: &[(usize, u32, usize)],
        name: usize,
        enough: f32,
    ) -> f32 {
        let c = &cands[i];
        let p = &gaz.places[pi as usize];
        let stop = most_coherence(p).min(enough);
        let mut best = 0.0f32;
        for &(ai, ap, an) in anchors.iter().filter(|a| a.0 + NEIGHBOURHOOD >= i && a.0 <= i + NEIGHBOURHOOD) {
            if best >= stop {
                break;
            }
            if ap == pi || an == name {
                continue;
            }
            let a = &gaz.places[ap as usize];
            let bonus = if p.feature == Feature::Region {
                if a.feature != Feature::Region && a.country == p.country && gaz.admin_name(a.admin1) == Some(&*p.name)
                {
                    2.5
                } else if a.feature == Feature::Region && a.country == p.country {
                    let (x, y) = if ai < i { (&cands[ai], c) } else { (c, &cands[ai]) };
                    let listed = ai.abs_diff(i) == 1
                        && matches!(
                            text.get(x.end..y.start).map(str::trim),
                            Some("," | "and" | "or" | ", and" | ", or")
                        );
                    if listed {
                        3.5
                    } else {
                        1.5
                    }
                } else {
                    0.0
                }
            } else if a.feature == Feature::Region {
                if a.country == p.country && gaz.admin_name(p.admin1) == Some(&*a.name) {
                    3.0
                } else {
                    0.0
                }
            } else if best >= 2.5 || (a.lat - p.lat).abs() * 111.19 > 401.0 {
                0.0
            } else {
                let d = approx_km(p.lat, p.lon, a.lat, a.lon);
                if d <= 150.0 {
                    2.5
                } else if d <= 400.0 {
                    1.0
                } else {
                    0.0
                }
            };
            best = best.max(bonus);
        }
        best
    }

    #[test]
    fn least_cosine_is_below_the_cosine_of_every_latitude_near_by() {
        for k in -9000..=9000 {
            let lat = k as f32 / 100.0;
            let least = least_cosine(lat);
            for d in -361..=361 {
                let other = (lat + d as f32 / 100.0).clamp(-90.0, 90.0);
                let middle = (lat + other) * 0.5;
                // (Within the rounding that the margin of 402 km covers; at the poles,
                // where the cosine rounds below zero, the bound is zero and tells nothing.)
                assert!(least <= middle.to_radians().cos() + 1e-6, "{lat} {other}");
            }
        }
    }

    #[test]
    fn coherence_is_the_best_over_the_anchors_near_by() {
        use crate::testing::xorshift;
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = |m: u64| {
            seed = xorshift(seed);
            seed % m
        };
        for round in 0..60 {
            // Places in two countries, in a few regions, close enough to be neighbours.
            let mut g = Gazetteer::default();
            g.load_countries(
                "c",
                "SY\t1\tSyria\t35\t38\t1\t\tSyrian\tSYR\nUS\t2\tUnited States\t39\t-98\t1\tUS\tAmerican\tUSA\n",
            )
            .unwrap();
            let regions = ["Aleppo", "Idlib", "Ohio", "Iowa"];
            let mut rows = String::new();
            for k in 0..40 {
                let region = k < 8;
                let name = if region { regions[k % 4].to_string() } else { format!("T{k}") };
                let admin1 = regions[next(4) as usize];
                let feature = if region { "ADM1" } else { ["PPL", "PPLA", "PPLC", "ADM2"][next(4) as usize] };
                let lat = 30.0 + next(1600) as f32 / 100.0;
                // Wide enough that many towns are far by longitude alone.
                let lon = -10.0 + next(5000) as f32 / 100.0;
                let cc = ["SY", "US"][next(2) as usize];
                rows.push_str(&format!(
                    "{k}\t{name}\t{lat}\t{lon}\t{cc}\t{admin1}\t\t{feature}\t{}\t\n",
                    next(100_000)
                ));
            }
            {
                let mut file = crate::gazetteer::PlaceFile::default();
                for (n, line) in rows.lines().enumerate() {
                    g.load_place_line(&mut file, "p", n + 1, line).unwrap();
                }
            }
            // Candidates in a text of names and list words; each name a few records.
            let n = if round % 6 == 0 { 450 } else { 1 + next(40) as usize };
            let mut text = String::new();
            let mut spans = Vec::new();
            for _ in 0..n {
                let start = text.len();
                text.push_str(&format!("N{}", next(12)));
                spans.push((start, text.len()));
                text.push_str([", ", " and ", " in ", ". ", ", or "][next(5) as usize]);
            }
            let places: Vec<Vec<u32>> = (0..n).map(|_| (0..1 + next(4)).map(|_| next(40) as u32).collect()).collect();
            let cands: Vec<Candidate> =
                spans.iter().zip(&places).map(|(&(start, end), p)| cand(start, end, p)).collect();
            let mut first = vec![0; cands.len()];
            first_mentions(&cands, &text, false, |_| true, &mut Vec::new(), |i, f| first[i] = f);
            let mut anchors = Anchors::new(n, Vec::new());
            let mut listed = Vec::new();
            for (i, c) in cands.iter().enumerate() {
                for &p in c.places.iter().filter(|_| next(3) == 0) {
                    anchors.all.push(Anchor::new(&g, i, p, first[i]));
                    listed.push((i, p, first[i]));
                }
            }
            anchors.settle();
            for (i, c) in cands.iter().enumerate() {
                for &pi in c.places {
                    let want = coherence_oracle(&g, pi, &text, i, &cands, &listed, first[i], f32::INFINITY);
                    let got = coherence(&g, pi, &text, i, &cands, &anchors, first[i], f32::INFINITY);
                    assert_eq!(got, want, "round {round}, candidate {i}, record {pi}");
                    // A town's bonus is its name's, wherever it is named, in a story whose
                    // anchors are all near each name (as resolve keeps it).
                    if n <= NEIGHBOURHOOD + 1 && g.places[pi as usize].feature != Feature::Region {
                        let again = coherence(&g, pi, &text, first[i], &cands, &anchors, first[i], f32::INFINITY);
                        assert_eq!(got, again, "round {round}, candidate {i}, record {pi}, first mention");
                    }
                    let want = coherence_oracle(&g, pi, &text, i, &cands, &listed, first[i], 2.0) >= 2.0;
                    let got = coherence(&g, pi, &text, i, &cands, &anchors, first[i], 2.0) >= 2.0;
                    assert_eq!(got, want, "round {round}, candidate {i}, record {pi}, enough 2");
                }
            }
        }
    }

    #[test]
    fn resolution_table() {
        type Row<'a> = (&'a str, Vec<Candidate<'a>>, Vec<(&'a str, &'a str)>);
        let cases: Vec<Row> = vec![
            ("Aleppo", vec![cand(0, 6, &[0, 1, 2])], vec![("Aleppo", "Aleppo:AdminSeat")]),
            ("Aleppo province", vec![cand(0, 6, &[0, 1, 2])], vec![("Aleppo", "Aleppo:Region")]),
            (
                "Aleppo, United States",
                vec![cand(0, 6, &[0, 1, 2]), Candidate { start: 8, end: 21, country: Some(1), ..Default::default() }],
                vec![("Aleppo", "Aleppo:Populated"), ("United States", "country United States")],
            ),
            ("Mobile phones", vec![cand(0, 6, &[3])], vec![]),
            ("in Mobile", vec![cand(3, 9, &[3])], vec![("Mobile", "Mobile:Populated")]),
            ("said Ali Hassan", vec![cand(5, 8, &[4])], vec![]),
            (
                "Syrian",
                vec![Candidate { start: 0, end: 6, demonym: Some(0), ..Default::default() }],
                vec![("Syrian", "country Syria")],
            ),
        ];
        for (text, cands, want) in cases {
            let want: Vec<(String, String)> = want.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
            assert_eq!(run(text, cands), want, "text {text:?}");
        }
    }
}
