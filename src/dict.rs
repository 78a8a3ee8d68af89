//! Dictionaries and matching.
//!
//! In: the surface forms of every dictionary (place names, countries and demonyms, actors,
//! agent words, modifiers, triggers), each with one or more [`Entry`] payloads. Out: a
//! [`Matcher`] and, per document, the list of [`Hit`]s that start and end on word
//! boundaries, leftmost-longest.
//!
//! Every pattern starts a word, so the matcher only ever walks anchored at word starts.
//! That walk needs the anchored half of an Aho-Corasick automaton and none of its failure
//! links: a byte trie, built level by level from the sorted patterns in one pass.
//! (aho-corasick's builder spent half of a million-place gazetteer's load time on failure
//! links the walk never follows.) One walk sees every pattern that starts there, so the
//! longest one ending on a word boundary wins, and a longer sibling that fails the
//! boundary check ("Al Bab" over "Al Babil") cannot shadow the shorter "Al".
//!
//! Proper nouns are matched case-sensitively in the case they are written and in upper
//! case ("Kerry", "KERRY", never "kerry"); lower-case vocabulary also matches capitalised
//! at a sentence start.

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

/// Collects patterns before the trie is built: every pattern's bytes in one buffer, so a
/// million-name gazetteer costs no allocation per name.
#[derive(Default)]
pub(crate) struct DictBuilder {
    text: Vec<u8>,
    items: Vec<(u32, u32, Entry)>,
}

/// More pattern text than 32-bit offsets reach.
#[derive(Debug)]
pub(crate) struct TooLarge;

impl std::fmt::Display for TooLarge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the dictionaries exceed 4 GiB of pattern text")
    }
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
        let off = self.text.len();
        self.text.extend_from_slice(p.as_bytes());
        // Offsets past 4 GiB saturate; `build` refuses them.
        self.items.push((u32::try_from(off).unwrap_or(u32::MAX), p.len() as u32, entry));
    }

    /// Builds the trie and the payload tables.
    pub(crate) fn build(self) -> Result<Matcher, TooLarge> {
        if u32::try_from(self.text.len()).is_err() {
            return Err(TooLarge);
        }
        let text = &self.text;
        let items = &self.items;
        let bytes = |k: u32| {
            let (off, len, _) = items[k as usize];
            &text[off as usize..(off + len) as usize]
        };
        // Sorted by pattern; equal patterns keep the order they were added in. Sorting on
        // an 8-byte prefix first and comparing whole patterns only within equal prefixes
        // halves the time of a plain comparison sort on millions of names.
        let prefix = |k: u32| {
            let b = bytes(k);
            let mut x = [0u8; 8];
            let n = b.len().min(8);
            x[..n].copy_from_slice(&b[..n]);
            u64::from_be_bytes(x)
        };
        let mut keyed: Vec<(u64, u32)> = (0..items.len() as u32).map(|k| (prefix(k), k)).collect();
        keyed.sort_unstable();
        let mut i = 0;
        while i < keyed.len() {
            let mut j = i + 1;
            while j < keyed.len() && keyed[j].0 == keyed[i].0 {
                j += 1;
            }
            if j - i > 1 {
                keyed[i..j].sort_unstable_by(|a, b| bytes(a.1).cmp(bytes(b.1)).then(a.1.cmp(&b.1)));
            }
            i = j;
        }
        // Four bytes an item from here on, not the sixteen of the keyed pairs: it lowers
        // the peak of a million-row build by about 45 MB.
        let order: Vec<u32> = keyed.into_iter().map(|(_, k)| k).collect();
        let mut patterns: Vec<&[u8]> = Vec::new();
        let mut offsets = vec![0u32];
        let mut entries: Vec<Entry> = Vec::new();
        let mut place_offsets = vec![0u32];
        let mut places = Vec::new();
        for &k in &order {
            let b = bytes(k);
            let entry = items[k as usize].2;
            if patterns.last() != Some(&b) {
                if !patterns.is_empty() {
                    offsets.push(entries.len() as u32);
                    place_offsets.push(places.len() as u32);
                }
                patterns.push(b);
            }
            let group_start = offsets.last().copied().unwrap_or(0) as usize;
            if !entries[group_start..].contains(&entry) {
                entries.push(entry);
                if let Entry::Place(p) = entry {
                    places.push(p);
                }
            }
        }
        if !patterns.is_empty() {
            offsets.push(entries.len() as u32);
            place_offsets.push(places.len() as u32);
        }
        let mut first_byte = [false; 256];
        let mut prefixes = vec![0u64; PREFIX_BITS / 64];
        let mut mark = |i: usize| {
            let h = prefix_hash(i);
            prefixes[h / 64] |= 1 << (h % 64)
        };
        for b in &patterns {
            first_byte[b[0] as usize] = true;
            let head = (b[0] as usize) << 16;
            match (b.get(1), b.get(2)) {
                (Some(&b1), Some(&b2)) => mark(head | (b1 as usize) << 8 | b2 as usize),
                (Some(&b1), None) => (0..256).for_each(|b2| mark(head | (b1 as usize) << 8 | b2)),
                _ => (0..65536).for_each(|rest| mark(head | rest)),
            }
        }
        let trie = Trie::build(&patterns);
        Ok(Matcher { trie, first_byte, prefixes, offsets, entries, place_offsets, places })
    }
}

/// A byte trie in flat arrays. Node `n`'s edges are `edge_byte`/`edge_next` over
/// `edge_start[n]..edge_start[n + 1]`, sorted by byte; `pattern[n]` is one more than the id
/// of the pattern ending there, or 0. Node 0 is the root, whose edges are also a table.
struct Trie {
    root: Box<[u32; 256]>,
    /// Dense rows for the nodes one byte deep (numbered 1..=n in breadth-first order):
    /// the first steps of every walk, where fan-out is widest.
    level1: Vec<[u32; 256]>,
    edge_start: Vec<u32>,
    edge_byte: Vec<u8>,
    edge_next: Vec<u32>,
    pattern: Vec<u32>,
}

impl Trie {
    /// Builds from sorted, distinct, non-empty patterns, one level at a time: the patterns
    /// under a node are a contiguous run of the sorted list, and nodes are numbered in
    /// breadth-first order so each node's edges are contiguous.
    fn build(patterns: &[&[u8]]) -> Trie {
        let mut t = Trie {
            root: Box::new([u32::MAX; 256]),
            level1: Vec::new(),
            edge_start: vec![0],
            edge_byte: Vec::new(),
            edge_next: Vec::new(),
            pattern: Vec::new(),
        };
        let mut level: Vec<(u32, u32)> = vec![(0, patterns.len() as u32)];
        let mut depth = 0usize;
        let mut next_id = 1u32;
        while !level.is_empty() {
            let mut next_level = Vec::new();
            for &(lo, hi) in &level {
                let (mut j, hi) = (lo as usize, hi as usize);
                if j < hi && patterns[j].len() == depth {
                    t.pattern.push(j as u32 + 1);
                    j += 1;
                } else {
                    t.pattern.push(0);
                }
                while j < hi {
                    let b = patterns[j][depth];
                    let mut k = j + 1;
                    while k < hi && patterns[k][depth] == b {
                        k += 1;
                    }
                    t.edge_byte.push(b);
                    t.edge_next.push(next_id);
                    next_id += 1;
                    next_level.push((j as u32, k as u32));
                    j = k;
                }
                t.edge_start.push(t.edge_byte.len() as u32);
            }
            level = next_level;
            depth += 1;
        }
        for e in t.edge_start[0] as usize..t.edge_start[1] as usize {
            t.root[t.edge_byte[e] as usize] = t.edge_next[e];
        }
        let n1 = (t.edge_start[1] - t.edge_start[0]) as usize;
        t.level1 = vec![[u32::MAX; 256]; n1];
        for (k, row) in t.level1.iter_mut().enumerate() {
            let node = k + 1;
            for e in t.edge_start[node] as usize..t.edge_start[node + 1] as usize {
                row[t.edge_byte[e] as usize] = t.edge_next[e];
            }
        }
        t
    }

    #[inline]
    fn step(&self, node: u32, b: u8) -> Option<u32> {
        let dense = if node == 0 {
            Some(self.root[b as usize])
        } else {
            self.level1.get(node as usize - 1).map(|row| row[b as usize])
        };
        if let Some(n) = dense {
            return (n != u32::MAX).then_some(n);
        }
        let (s, e) = (self.edge_start[node as usize] as usize, self.edge_start[node as usize + 1] as usize);
        let bytes = &self.edge_byte[s..e];
        let k = if bytes.len() <= 8 { bytes.iter().position(|&x| x == b)? } else { bytes.binary_search(&b).ok()? };
        Some(self.edge_next[s + k])
    }
}

/// The compiled dictionaries.
pub(crate) struct Matcher {
    /// The trie, walked anchored at word starts.
    trie: Trie,
    /// Bytes that begin some pattern: the only places a search need start.
    first_byte: [bool; 256],
    /// Three-byte prefixes of the patterns, hashed into a small bit set that stays in cache
    /// (shorter patterns mark every prefix they begin): most words are ruled out before
    /// the trie is touched.
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
        let mut node = 0u32;
        let mut best = None;
        for (k, &b) in hay[s..].iter().enumerate() {
            let Some(n) = self.trie.step(node, b) else { break };
            node = n;
            let p = self.trie.pattern[node as usize];
            if p != 0 && boundary_after(hay, s + k + 1) {
                best = Some((s + k + 1, p - 1));
            }
        }
        best
    }

    /// How many distinct patterns the trie holds.
    pub(crate) fn pattern_count(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }

    /// Every pattern's bytes, in sorted order, read back from the trie (which keeps no
    /// copy of them).
    pub(crate) fn patterns(&self) -> Vec<Vec<u8>> {
        let t = &self.trie;
        let mut out = Vec::with_capacity(self.pattern_count());
        let mut stack: Vec<(u32, Vec<u8>)> = vec![(0, Vec::new())];
        while let Some((node, prefix)) = stack.pop() {
            if t.pattern[node as usize] != 0 {
                out.push(prefix.clone());
            }
            let (s, e) = (t.edge_start[node as usize] as usize, t.edge_start[node as usize + 1] as usize);
            for k in (s..e).rev() {
                let mut p = prefix.clone();
                p.push(t.edge_byte[k]);
                stack.push((t.edge_next[k], p));
            }
        }
        out
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
    fn patterns_read_back_from_the_trie() {
        let mut b = DictBuilder::default();
        for (i, p) in ["Al Bab", "Al", "Aleppo", "air strike", "Al"].iter().enumerate() {
            b.add(p, Entry::Trigger(i as u16), Case::Exact);
        }
        let m = b.build().unwrap();
        let got: Vec<String> = m.patterns().into_iter().map(|p| String::from_utf8(p).unwrap()).collect();
        assert_eq!(got, ["Al", "Al Bab", "Aleppo", "air strike"]);
        assert_eq!(got.len(), m.pattern_count());
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
