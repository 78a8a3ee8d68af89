//! Dictionaries and matching.
//!
//! In: the surface forms of every dictionary (place names, countries and demonyms, actors,
//! agent words, modifiers, triggers), each with one or more [`Entry`] payloads. Out: a
//! [`Matcher`] holding one leftmost-longest Aho-Corasick automaton over all of them, and,
//! per document, the list of [`Hit`]s that start and end on word boundaries.
//!
//! Proper nouns are matched case-sensitively in the case they are written and in upper
//! case ("Kerry", "KERRY", never "kerry"); lower-case vocabulary also matches capitalised
//! at a sentence start. Leftmost-longest can shadow a valid shorter match whose longer
//! sibling fails the word-boundary check (patterns "Al" and "Al Bab" over "Al Babil"): when
//! that happens the matcher retries anchored at the same start with a shorter limit.

use aho_corasick::automaton::Automaton;
use aho_corasick::nfa::contiguous;
use aho_corasick::{Anchored, MatchKind};
use std::collections::HashMap;

/// What a dictionary pattern stands for. One surface form may stand for several things
/// ("Aleppo" the city and the province; "Kerry" the man and the county).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Entry {
    /// A gazetteer place (index into the gazetteer's places).
    Place(u32),
    /// A country name or alias (index into the gazetteer's countries).
    Country(u16),
    /// A country demonym or adjective ("Syrian").
    Demonym(u16),
    /// A named actor (index into the actor dictionary).
    Actor(u32),
    /// A generic agent word ("army", "jets").
    Agent(u16),
    /// A modifier ("unidentified", "rebel-held").
    Modifier(u16),
    /// An event trigger or a false friend (index into the trigger lexicon).
    Trigger(u16),
}

/// How a pattern's case variants are generated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Case {
    /// A proper noun: as written and in upper case.
    Proper,
    /// A lower-case word: lower, Capitalised and UPPER.
    Lower,
    /// Exactly as written, nothing else.
    Exact,
}

/// Collects patterns before the automaton is built.
#[derive(Default)]
pub(crate) struct DictBuilder {
    ids: HashMap<Box<str>, u32>,
    payloads: Vec<Vec<Entry>>,
}

impl DictBuilder {
    /// Adds `pattern` (with its case variants) standing for `entry`.
    pub(crate) fn add(&mut self, pattern: &str, entry: Entry, case: Case) {
        let p = pattern.trim();
        if p.is_empty() {
            return;
        }
        match case {
            Case::Exact => self.add_one(p, entry),
            Case::Proper => {
                self.add_one(p, entry);
                let up = p.to_uppercase();
                if up != p {
                    self.add_one(&up, entry);
                }
            }
            Case::Lower => {
                let low = p.to_lowercase();
                self.add_one(&low, entry);
                let mut cap = String::with_capacity(low.len());
                let mut chars = low.chars();
                if let Some(first) = chars.next() {
                    cap.extend(first.to_uppercase());
                    cap.push_str(chars.as_str());
                }
                self.add_one(&cap, entry);
                self.add_one(&low.to_uppercase(), entry);
                if p != low && p != cap {
                    self.add_one(p, entry);
                }
            }
        }
    }

    fn add_one(&mut self, p: &str, entry: Entry) {
        let next = self.payloads.len() as u32;
        let id = *self.ids.entry(p.into()).or_insert(next);
        if id == next {
            self.payloads.push(Vec::with_capacity(1));
        }
        let list = &mut self.payloads[id as usize];
        if !list.contains(&entry) {
            list.push(entry);
        }
    }

    /// Builds the automaton.
    pub(crate) fn build(self) -> Result<Matcher, aho_corasick::BuildError> {
        let mut patterns: Vec<(u32, Box<str>)> = self.ids.into_iter().map(|(p, i)| (i, p)).collect();
        patterns.sort_unstable_by_key(|(i, _)| *i);
        let mut first_byte = [false; 256];
        let mut prefixes = vec![0u64; PREFIX_BITS / 64];
        let mut mark = |i: usize| {
            let h = prefix_hash(i);
            prefixes[h / 64] |= 1 << (h % 64)
        };
        for (_, p) in &patterns {
            let b = p.as_bytes();
            first_byte[b[0] as usize] = true;
            let head = (b[0] as usize) << 16;
            match (b.get(1), b.get(2)) {
                (Some(&b1), Some(&b2)) => mark(head | (b1 as usize) << 8 | b2 as usize),
                (Some(&b1), None) => (0..256).for_each(|b2| mark(head | (b1 as usize) << 8 | b2)),
                _ => (0..65536).for_each(|rest| mark(head | rest)),
            }
        }
        let nfa = contiguous::NFA::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(patterns.iter().map(|(_, p)| p.as_bytes()))?;
        let mut offsets = Vec::with_capacity(self.payloads.len() + 1);
        let mut entries = Vec::new();
        let mut place_offsets = Vec::with_capacity(self.payloads.len() + 1);
        let mut places = Vec::new();
        offsets.push(0u32);
        place_offsets.push(0u32);
        for list in self.payloads {
            places.extend(list.iter().filter_map(|e| if let Entry::Place(p) = e { Some(*p) } else { None }));
            place_offsets.push(places.len() as u32);
            entries.extend(list);
            offsets.push(entries.len() as u32);
        }
        Ok(Matcher { nfa, first_byte, prefixes, offsets, entries, place_offsets, places })
    }
}

/// The compiled dictionaries.
pub(crate) struct Matcher {
    /// The automaton, walked by hand: anchored at a word start, one walk sees every
    /// pattern that starts there, so the longest one ending on a word boundary is found
    /// without a second search (patterns "Al" and "Al Bab" over "Al Babil" give "Al").
    nfa: contiguous::NFA,
    /// Bytes that begin some pattern: the only places a search need start.
    first_byte: [bool; 256],
    /// Three-byte prefixes of the patterns, hashed into a small bit set that stays in cache
    /// (shorter patterns mark every prefix they begin): most words are ruled out before
    /// the automaton is touched.
    prefixes: Vec<u64>,
    offsets: Vec<u32>,
    entries: Vec<Entry>,
    /// Place entries of each pattern, apart, so that a place candidate can borrow them.
    place_offsets: Vec<u32>,
    places: Vec<u32>,
}

/// A dictionary match on word boundaries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Hit {
    /// First byte (in the normalised text).
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// The pattern id, whose entries [`Matcher::entries`] gives.
    pub pattern: u32,
}

impl Matcher {
    /// The gazetteer places among the payloads of pattern `id`.
    pub(crate) fn places(&self, id: u32) -> &[u32] {
        let i = id as usize;
        &self.places[self.place_offsets[i] as usize..self.place_offsets[i + 1] as usize]
    }

    /// The payloads of pattern `id`.
    pub(crate) fn entries(&self, id: u32) -> &[Entry] {
        let i = id as usize;
        &self.entries[self.offsets[i] as usize..self.offsets[i + 1] as usize]
    }

    /// All matches in `text` that begin and end on word boundaries, left to right.
    pub(crate) fn scan(&self, text: &str, out: &mut Vec<Hit>) {
        out.clear();
        let hay = text.as_bytes();
        // Every pattern starts a word, so instead of one unanchored pass the automaton is
        // run anchored at each word start: it walks only as far as the word's prefix is in
        // the trie, and never reports a match from inside a word.
        let mut i = 0;
        while i < hay.len() {
            let b = hay[i];
            let word = if b < 0x80 { ASCII_WORD[b as usize] } else { word_char_at(hay, i) };
            if !word {
                // Patterns that begin with punctuation may start here.
                if self.first_byte[b as usize] && self.pair_starts(hay, i) {
                    if let Some((end, pattern)) = self.longest_at(hay, i) {
                        out.push(Hit { start: i, end, pattern });
                        i = end;
                        continue;
                    }
                }
                i += 1;
                continue;
            }
            // The byte before is almost always ASCII punctuation or space: test that first.
            let starts_word =
                i == 0 || (hay[i - 1] < 0x80 && !ASCII_WORD[hay[i - 1] as usize]) || !word_char_before(hay, i);
            if starts_word && self.first_byte[b as usize] && self.pair_starts(hay, i) {
                if let Some((end, pattern)) = self.longest_at(hay, i) {
                    out.push(Hit { start: i, end, pattern });
                    i = end;
                    continue;
                }
            }
            // No pattern starts inside a word: skip to its end.
            i = next_char(hay, i);
            loop {
                while i < hay.len() && ASCII_WORD[hay[i] as usize] {
                    i += 1;
                }
                if i < hay.len() && hay[i] >= 0x80 && word_char_at(hay, i) {
                    i = next_char(hay, i);
                } else {
                    break;
                }
            }
        }
    }

    fn pair_starts(&self, hay: &[u8], i: usize) -> bool {
        // Near the end of the text a short pattern may still fit: let the automaton decide.
        if i + 3 > hay.len() {
            return true;
        }
        let h = prefix_hash((hay[i] as usize) << 16 | (hay[i + 1] as usize) << 8 | hay[i + 2] as usize);
        self.prefixes[h / 64] & (1 << (h % 64)) != 0
    }

    /// The longest pattern that starts at `s` and ends on a word boundary.
    fn longest_at(&self, hay: &[u8], s: usize) -> Option<(usize, u32)> {
        let mut sid = self.nfa.start_state(Anchored::Yes).ok()?;
        let mut best = None;
        for (k, &b) in hay[s..].iter().enumerate() {
            sid = self.nfa.next_state(Anchored::Yes, sid, b);
            if self.nfa.is_dead(sid) {
                break;
            }
            if self.nfa.is_match(sid) && boundary_after(hay, s + k + 1) {
                best = Some((s + k + 1, self.nfa.match_pattern(sid, 0).as_u32()));
            }
        }
        best
    }

    /// How many patterns the automaton holds.
    pub(crate) fn pattern_count(&self) -> usize {
        self.nfa.patterns_len()
    }
}

const PREFIX_BITS: usize = 1 << 17;

/// Folds a 24-bit three-byte prefix into the prefix bit set.
fn prefix_hash(k: usize) -> usize {
    (k.wrapping_mul(0x9E37_79B1) >> 7) & (PREFIX_BITS - 1)
}

/// ASCII letters and digits.
static ASCII_WORD: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 128 {
        t[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    t
};

fn next_char(b: &[u8], i: usize) -> usize {
    let mut j = i + 1;
    while j < b.len() && (b[j] & 0xC0) == 0x80 {
        j += 1;
    }
    j
}

fn prev_char(b: &[u8], i: usize) -> usize {
    let mut j = i.saturating_sub(1);
    while j > 0 && (b[j] & 0xC0) == 0x80 {
        j -= 1;
    }
    j
}

/// Whether the character ending at byte `i` (exclusive) is part of a word.
fn word_char_before(b: &[u8], i: usize) -> bool {
    if i == 0 {
        return false;
    }
    let c = b[i - 1];
    if c < 0x80 {
        return c.is_ascii_alphanumeric();
    }
    let s = prev_char(b, i);
    std::str::from_utf8(&b[s..i]).ok().and_then(|t| t.chars().next()).is_some_and(char::is_alphanumeric)
}

/// Whether the character starting at byte `i` is part of a word.
fn word_char_at(b: &[u8], i: usize) -> bool {
    if i >= b.len() {
        return false;
    }
    let c = b[i];
    if c < 0x80 {
        return c.is_ascii_alphanumeric();
    }
    let e = next_char(b, i);
    std::str::from_utf8(&b[i..e]).ok().and_then(|t| t.chars().next()).is_some_and(char::is_alphanumeric)
}

fn boundary_after(b: &[u8], i: usize) -> bool {
    !word_char_at(b, i) || !word_char_before(b, i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hits(patterns: &[(&str, Case)], text: &str) -> Vec<String> {
        let mut b = DictBuilder::default();
        for (i, (p, c)) in patterns.iter().enumerate() {
            b.add(p, Entry::Trigger(i as u16), *c);
        }
        let m = b.build().unwrap();
        let mut out = Vec::new();
        m.scan(text, &mut out);
        out.iter().map(|h| text[h.start..h.end].to_string()).collect()
    }

    #[test]
    fn matching_table() {
        use Case::*;
        type Row<'a> = (&'a [(&'a str, Case)], &'a str, &'a [&'a str]);
        let cases: &[Row] = &[
            // The shadowing case: "Al Bab" fails the boundary, "Al" must still be found.
            (&[("Al", Proper), ("Al Bab", Proper)], "Al Babil", &["Al"]),
            (&[("Al", Proper), ("Al Bab", Proper)], "in Al Bab today", &["Al Bab"]),
            (&[("Hama", Proper)], "Bahama Hama", &["Hama"]),
            (&[("Kerry", Proper)], "kerry KERRY Kerry's", &["KERRY", "Kerry"]),
            (&[("strike", Lower)], "Strike STRIKE strike strikes", &["Strike", "STRIKE", "strike"]),
            (&[("strike", Lower), ("hunger strike", Lower)], "a hunger strike", &["hunger strike"]),
            (&[("Aleppo", Proper)], "rebel-held east Aleppo.", &["Aleppo"]),
            (&[("US", Proper), ("Russian", Proper)], "a US-Russian truce", &["US", "Russian"]),
            (&[("Kiev", Proper)], "Kiev-Shevchenkivskyi", &["Kiev"]),
            (&[("Homs", Proper)], "Homsi", &[]),
            (&[("Dar", Proper), ("Dar'a", Proper)], "Dar'ayya Dar'a", &["Dar", "Dar'a"]),
            (&[("Idlib", Proper)], "Idlib\u{e9}", &[]),
            (&[("Idlib", Proper)], "\u{e9}Idlib \u{645}Idlib", &[]),
            (&[("air strikes", Lower), ("air", Lower)], "Air strikes, air", &["Air strikes", "air"]),
        ];
        for (patterns, text, want) in cases {
            assert_eq!(&hits(patterns, text), want, "text {text:?}");
        }
    }

    #[test]
    fn one_pattern_many_entries() {
        let mut b = DictBuilder::default();
        b.add("Aleppo", Entry::Place(1), Case::Proper);
        b.add("Aleppo", Entry::Place(2), Case::Proper);
        b.add("Aleppo", Entry::Place(2), Case::Proper);
        let m = b.build().unwrap();
        let mut out = Vec::new();
        m.scan("Aleppo", &mut out);
        assert_eq!(out.len(), 1);
        assert_eq!(m.entries(out[0].pattern), &[Entry::Place(1), Entry::Place(2)]);
    }
}
