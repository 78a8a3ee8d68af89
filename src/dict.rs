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

use std::ops::Range;

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
pub(crate) struct DictBuilder {
    text: Vec<u8>,
    items: Vec<(u32, u32, Entry)>,
    /// The first bytes kept. A range of first bytes is a run of the sorted patterns and a
    /// set of whole subtrees of the trie, so lanes can be built apart and joined.
    lane: Range<u16>,
}

impl Default for DictBuilder {
    fn default() -> Self {
        DictBuilder::lane(0..256)
    }
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
    fn lane(lane: Range<u16>) -> DictBuilder {
        DictBuilder { text: Vec::new(), items: Vec::new(), lane }
    }

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
        if !self.lane.contains(&p.as_bytes().first().map_or(0, |&b| u16::from(b))) {
            return;
        }
        let off = self.text.len();
        self.text.extend_from_slice(p.as_bytes());
        // Offsets past 4 GiB saturate; `part` refuses them.
        self.items.push((u32::try_from(off).unwrap_or(u32::MAX), p.len() as u32, entry));
    }

    /// Builds the trie and the payload tables.
    #[cfg(test)]
    pub(crate) fn build(self) -> Result<Matcher, TooLarge> {
        Matcher::join(vec![self.part()?])
    }

    /// Builds on two threads, one for the patterns whose first byte is below `split` and
    /// one for the rest: `add` adds every pattern and runs once in each.
    pub(crate) fn build_split(split: u8, add: impl Fn(&mut DictBuilder) + Sync) -> Result<Matcher, TooLarge> {
        let lane = |lane: Range<u16>| {
            let mut b = DictBuilder::lane(lane);
            add(&mut b);
            b.part()
        };
        let split = u16::from(split);
        let (high, low) = crate::both(|| lane(split..256), || lane(0..split));
        Matcher::join(vec![low?, high?])
    }

    /// The trie and tables of this builder's patterns, numbered from 0.
    fn part(self) -> Result<Part, TooLarge> {
        if u32::try_from(self.text.len()).is_err() {
            return Err(TooLarge);
        }
        let DictBuilder { text: text_buf, items: item_buf, .. } = self;
        let text_len = text_buf.len();
        let (text, items) = (&text_buf, &item_buf);
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
        // The distinct patterns copied out in sorted order: the trie is built level by level
        // over them, and reading them where they were added costs a cache miss a byte.
        let mut sorted: Vec<u8> = Vec::with_capacity(text.len());
        let n = order.len() + 1;
        let mut bounds: Vec<u32> = Vec::with_capacity(n);
        let mut offsets = Vec::with_capacity(n);
        let mut entries: Vec<Entry> = Vec::with_capacity(n);
        let mut place_offsets = Vec::with_capacity(n);
        let mut places = Vec::with_capacity(n);
        bounds.push(0);
        offsets.push(0u32);
        place_offsets.push(0u32);
        for &k in &order {
            let b = bytes(k);
            let entry = items[k as usize].2;
            let last = bounds.len().checked_sub(2).map(|i| &sorted[bounds[i] as usize..bounds[i + 1] as usize]);
            if last != Some(b) {
                if bounds.len() > 1 {
                    offsets.push(entries.len() as u32);
                    place_offsets.push(places.len() as u32);
                }
                sorted.extend_from_slice(b);
                bounds.push(sorted.len() as u32);
            }
            let group_start = offsets.last().copied().unwrap_or(0) as usize;
            if !entries[group_start..].contains(&entry) {
                entries.push(entry);
                if let Entry::Place(p) = entry {
                    places.push(p);
                }
            }
        }
        if bounds.len() > 1 {
            offsets.push(entries.len() as u32);
            place_offsets.push(places.len() as u32);
        }
        // Everything now lives in `sorted`: free the patterns as added before the trie grows.
        drop((order, text_buf, item_buf));
        let patterns = Patterns { sorted: &sorted, bounds: &bounds };
        let mut first_byte = [false; 256];
        let mut first_words = vec![0u64; 2 * (WORD_BITS + LOWER_WORD_BITS) / 64];
        let mut pairs = vec![0u64; (PAIR_BITS + LOWER_PAIR_BITS) / 64];
        // Each pattern followed by zeros, which end a word and make any gap too long for the
        // pair check, as the pattern's end does: its words are read eight bytes at a time,
        // as the text's are, and not a byte at a time for want of bytes after them.
        let mut padded: Vec<u8> = Vec::new();
        for i in 0..patterns.len() {
            let p = patterns.get(i);
            if word_char_at(p, 0) {
                padded.clear();
                padded.extend_from_slice(p);
                padded.extend_from_slice(&[0; GAP_MAX + 8]);
                let b = &padded[..];
                let (we, state) = word_end_hash(b, 0);
                let h = word_slot(b[0], state);
                first_words[h / 32] |= 1 << (2 * (h % 32));
                // A pattern of one word has no pair to read (pair_slot finds none either).
                match if we == p.len() { None } else { pair_slot(b, 0, we, state) } {
                    // Only a match through the text's first two words can be this pattern.
                    Some(k) => pairs[k / 64] |= 1 << (k % 64),
                    // The word alone, or followed by punctuation only, or by a gap too long
                    // for the text's check: the trie decides.
                    None => first_words[h / 32] |= 2 << (2 * (h % 32)),
                }
            }
        }
        let mut prefixes = vec![0u64; PREFIX_BITS / 64];
        let mut mark = |i: usize| {
            let h = prefix_hash(i);
            prefixes[h / 64] |= 1 << (h % 64)
        };
        for i in 0..patterns.len() {
            let b = patterns.get(i);
            first_byte[b[0] as usize] = true;
            let head = (b[0] as usize) << 16;
            match (b.get(1), b.get(2)) {
                (Some(&b1), Some(&b2)) => mark(head | (b1 as usize) << 8 | b2 as usize),
                (Some(&b1), None) => (0..256).for_each(|b2| mark(head | (b1 as usize) << 8 | b2)),
                _ => (0..65536).for_each(|rest| mark(head | rest)),
            }
        }
        let (nodes, tops, starts) = Trie::build(&sorted, &bounds);
        Ok(Part {
            nodes,
            tops,
            starts,
            offsets,
            entries,
            place_offsets,
            places,
            first_byte,
            prefixes,
            first_words,
            pairs,
            text_len,
        })
    }
}

/// Distinct patterns, sorted, end to end in one buffer.
#[derive(Clone, Copy)]
struct Patterns<'a> {
    sorted: &'a [u8],
    /// Where each pattern starts, and one past the last.
    bounds: &'a [u32],
}

impl<'a> Patterns<'a> {
    fn len(&self) -> usize {
        self.bounds.len() - 1
    }

    #[inline]
    fn get(&self, i: usize) -> &'a [u8] {
        &self.sorted[self.bounds[i] as usize..self.bounds[i + 1] as usize]
    }
}

/// The patterns of one lane, ready to be joined to the others.
struct Part {
    nodes: Nodes,
    /// The first bytes, with their nodes.
    tops: Vec<(u8, u32)>,
    starts: Option<Starts>,
    offsets: Vec<u32>,
    entries: Vec<Entry>,
    place_offsets: Vec<u32>,
    places: Vec<u32>,
    first_byte: [bool; 256],
    prefixes: Vec<u64>,
    first_words: Vec<u64>,
    pairs: Vec<u64>,
    text_len: usize,
}

/// A byte trie whose nodes are records in flat arrays, one per lane, laid out depth
/// first: a walk down a chain of single children ("Alep" → "Alepp" → "Aleppo") reads
/// neighbouring memory, and each step reads one record (its pattern, its edge bytes and
/// its children) instead of four arrays. A record is `[pattern + 1 or 0, edge count,
/// edge bytes packed four to a word, child offsets]`, a child's offset counted from its
/// own slot. A node of more than [`NARROW`] edges has, in place of its edge bytes, a
/// 256-bit set of them and the number of edges below each of its eight words (a byte
/// each, packed four to a word): its child is found by a count of bits, not a binary
/// search whose every branch is a guess. Below depth two, the rest of a pattern no other
/// pattern shares is one tail record, `[0, TAIL | length, bytes packed four to a word,
/// pattern + 1]`. The root has no record: it and the nodes one byte deep, where fan-out
/// is widest, have dense 256-entry rows instead. A walk from a word start begins where
/// the word's first bytes lead ([`Starts`]).
struct Trie {
    /// The records of each lane, the subtrees under a range of first bytes: lanes built
    /// apart are used where they were built, not copied into one.
    lanes: Vec<Nodes>,
    /// First byte → its lane.
    lane: [u8; 256],
    /// First byte → node offset, or `NONE`.
    root: Box<[u32; 256]>,
    /// First byte → the patterns of the lanes before its own: a lane numbers its own
    /// patterns from 0.
    pattern_base: Box<[u32; 256]>,
    /// First byte → its row in `level1`, or `NONE`.
    level1_row: Box<[u32; 256]>,
    /// Second byte → node offset, per first byte.
    level1: Vec<[u32; 256]>,
    /// The nodes where the first words of the patterns lead, per lane (`None` for a lane
    /// too large to number its nodes in the table).
    starts: Vec<Option<Starts>>,
}

/// The records of one lane of a [`Trie`].
struct Nodes(Vec<u32>);

/// Where the first words of a lane's patterns lead: the first [`START_BYTES`] bytes of
/// each (all of it when shorter), with the node they reach and its depth (less than their
/// length where they run into a tail). A walk from a word start looks its word up here
/// and goes on from that node, instead of stepping through the top of the trie a byte at
/// a time: most of a walk's steps, and of the cache lines it reads, are in the word's
/// first bytes, where no match can end, and the records there, the widest, lie far apart.
/// A word whose first bytes are not here begins no pattern. Open addressing with linear
/// probing; the bytes are the key itself, so a look-up is exact.
struct Starts {
    /// `[key, key >> 32, node | (depth - 1) << 29]`, or zeros for an empty slot (no key
    /// is 0: a word's first byte is not).
    slots: Vec<[u32; 3]>,
}

/// How many of a word's first bytes [`Starts`] is keyed on: one eight-byte block of the
/// text.
const START_BYTES: usize = 8;
const _: () = assert!(START_BYTES == 8);

impl Starts {
    /// The table of `(key, node, depth)` entries, or `None` if a node is too far into its
    /// lane to be stored with its depth.
    fn new(entries: &[(u64, u32, u8)]) -> Option<Starts> {
        if entries.iter().any(|&(_, node, _)| node >= 1 << 29) {
            return None;
        }
        // About seven slots in ten filled.
        let mut slots = vec![[0u32; 3]; entries.len() * 10 / 7 + 1];
        for &(key, node, depth) in entries {
            let mut i = Starts::slot(key, slots.len());
            while slots[i][0] | slots[i][1] != 0 {
                i = if i + 1 == slots.len() { 0 } else { i + 1 };
            }
            slots[i] = [key as u32, (key >> 32) as u32, node | ((depth as u32 - 1) << 29)];
        }
        Some(Starts { slots })
    }

    /// The home slot of `key` among `n`: the top half of a 128-bit product maps the mixed
    /// key onto `0..n` without a division.
    #[inline]
    fn slot(key: u64, n: usize) -> usize {
        let h = key.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        ((u128::from(h) * n as u128) >> 64) as usize
    }

    /// The node and depth of `key`.
    #[inline]
    fn get(&self, key: u64) -> Option<(u32, usize)> {
        let mut i = Starts::slot(key, self.slots.len());
        loop {
            let [lo, hi, v] = self.slots[i];
            let k = u64::from(lo) | u64::from(hi) << 32;
            if k == key {
                return Some((v & ((1 << 29) - 1), (v >> 29) as usize + 1));
            }
            if k == 0 {
                return None;
            }
            i = if i + 1 == self.slots.len() { 0 } else { i + 1 };
        }
    }
}

const NONE: u32 = u32::MAX;
/// Marks a tail record in the edge-count word; the rest of the word is the tail's length.
const TAIL: u32 = 1 << 31;
/// The most edges a record lists byte by byte; wider nodes have a bit set of them.
const NARROW: usize = 8;
/// Words of a wide record's edge set: 256 bits, then eight counts of a byte.
const WIDE_WORDS: usize = 10;

impl Trie {
    /// Builds the subtrees under the root from sorted, distinct, non-empty patterns, and
    /// lists the root's edges. The patterns under a node are a contiguous run of the
    /// sorted list; an explicit stack (not recursion) keeps a very long user pattern from
    /// exhausting the call stack.
    fn build(sorted: &[u8], bounds: &[u32]) -> (Nodes, Vec<(u8, u32)>, Option<Starts>) {
        let patterns = Patterns { sorted, bounds };
        let mut nodes: Vec<u32> = Vec::new();
        // (first pattern, end of run, depth, slot in the parent's record to fill in, whether
        // the run's common prefix is all word characters so far, kept up to START_BYTES).
        // The root's children, the runs of each first byte, have no slot to fill in.
        let mut stack: Vec<(usize, usize, usize, usize, bool)> = Vec::new();
        let mut i = 0;
        while i < patterns.len() {
            let b = patterns.get(i)[0];
            let mut j = i + 1;
            while j < patterns.len() && patterns.get(j)[0] == b {
                j += 1;
            }
            stack.push((i, j, 1, usize::MAX, word_char_at(patterns.get(i), 0)));
            i = j;
        }
        // (first bytes of a first word, its node, the node's depth).
        // Two for every three patterns with the default dictionaries.
        let mut starts: Vec<(u64, u32, u8)> = Vec::with_capacity(patterns.len() * 3 / 4);
        // Last first, so that the first is built first.
        stack.reverse();
        let mut tops: Vec<(u8, u32)> = Vec::with_capacity(stack.len());
        let mut children: Vec<(u8, usize, usize)> = Vec::new();
        while let Some((lo, hi, depth, slot, word)) = stack.pop() {
            let at = nodes.len();
            if slot != usize::MAX {
                nodes[slot] = (at - slot) as u32;
            } else if depth == 1 {
                tops.push((patterns.get(lo)[0], at as u32));
            }
            let tail = patterns.get(lo).get(depth..).unwrap_or_default();
            if hi - lo == 1 && depth >= 2 && !tail.is_empty() && tail.len() < TAIL as usize {
                if word && depth <= START_BYTES {
                    // The one pattern's first word goes on in the tail: its first bytes lead
                    // here.
                    let p = patterns.get(lo);
                    let mut e = depth;
                    while e < p.len() && p[e] & 0xC0 == 0x80 {
                        e += 1;
                    }
                    while e < START_BYTES && e < p.len() {
                        if p[e] < 0x80 && ASCII_WORD[p[e] as usize] {
                            e += 1;
                        } else if p[e] >= 0x80 && word_char_at(p, e) {
                            e = next_char(p, e);
                        } else {
                            break;
                        }
                    }
                    starts.push((le_bytes(&p[..e.min(START_BYTES)]), at as u32, depth as u8));
                }
                // Below the dense rows, the rest of one pattern is a tail record: its bytes
                // packed four to a word, then its pattern. Most of the trie is such tails;
                // at a byte each instead of a four-word record each, the trie stays small
                // enough for the cache.
                nodes.extend_from_slice(&[0, TAIL | tail.len() as u32]);
                nodes.extend(tail.chunks(4).map(|c| c.iter().rev().fold(0u32, |w, &b| w << 8 | b as u32)));
                nodes.push(lo as u32 + 1);
                continue;
            }
            let mut j = lo;
            let pattern = if j < hi && patterns.get(j).len() == depth {
                j += 1;
                j as u32
            } else {
                0
            };
            children.clear();
            while j < hi {
                let b = patterns.get(j)[depth];
                let mut k = j + 1;
                while k < hi && patterns.get(k)[depth] == b {
                    k += 1;
                }
                children.push((b, j, k));
                j = k;
            }
            if word && depth <= START_BYTES {
                // The prefix is a whole first word if a pattern ends here or goes on with a
                // character that is not part of a word; at START_BYTES it is the first bytes
                // of every first word below.
                let p = patterns.get(lo);
                let ends = pattern != 0
                    || children.iter().any(|&(b, j, _)| {
                        b < 0x80 && !ASCII_WORD[b as usize] || b >= 0xC0 && !word_char_at(patterns.get(j), depth)
                    });
                if ends || depth == START_BYTES {
                    starts.push((le_bytes(&p[..depth]), at as u32, depth as u8));
                }
            }
            let n = children.len();
            nodes.push(pattern);
            nodes.push(n as u32);
            if n > NARROW {
                let mut set = [0u32; 8];
                for c in &children {
                    set[c.0 as usize / 32] |= 1 << (c.0 % 32);
                }
                let mut below = [0u8; 8];
                let mut count = 0;
                for (b, w) in below.iter_mut().zip(set) {
                    // At most 224 edges lie below the last word.
                    *b = count as u8;
                    count += w.count_ones();
                }
                nodes.extend(set);
                nodes.extend(below.chunks(4).map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])));
            } else {
                for chunk in children.chunks(4) {
                    let mut w = 0u32;
                    for (i, c) in chunk.iter().enumerate() {
                        w |= (c.0 as u32) << (8 * i);
                    }
                    nodes.push(w);
                }
            }
            let first_slot = nodes.len();
            nodes.resize(first_slot + n, NONE);
            // Reversed, so the first child is emitted next, right after this record.
            for (i, &(c, a, b)) in children.iter().enumerate().rev() {
                // A byte from 0x80 to 0xBF goes on with the character before it.
                let goes_on = word
                    && depth < START_BYTES
                    && (c < 0x80 && ASCII_WORD[c as usize]
                        || (0x80..0xC0).contains(&c)
                        || c >= 0xC0 && word_char_at(patterns.get(a), depth));
                stack.push((a, b, depth + 1, first_slot + i, goes_on));
            }
        }
        let starts = Starts::new(&starts);
        (Nodes(nodes), tops, starts)
    }

    /// A trie with no lanes yet.
    fn new() -> Trie {
        Trie {
            lanes: Vec::new(),
            lane: [0; 256],
            root: Box::new([NONE; 256]),
            pattern_base: Box::new([0; 256]),
            level1_row: Box::new([NONE; 256]),
            level1: Vec::new(),
            starts: Vec::new(),
        }
    }

    /// Adds a lane of records, the root's edges into it (first byte, node) and the
    /// number of patterns in the lanes before it.
    fn push_lane(&mut self, nodes: Nodes, tops: &[(u8, u32)], starts: Option<Starts>, pattern_base: u32) {
        for &(b0, n1) in tops {
            self.lane[b0 as usize] = self.lanes.len() as u8;
            self.root[b0 as usize] = n1;
            self.pattern_base[b0 as usize] = pattern_base;
            let mut row = [NONE; 256];
            for (b1, n2) in nodes.edges(n1) {
                row[b1 as usize] = n2;
            }
            self.level1_row[b0 as usize] = self.level1.len() as u32;
            self.level1.push(row);
        }
        self.lanes.push(nodes);
        self.starts.push(starts);
    }

    /// The node where the word whose first bytes (up to [`START_BYTES`], as a
    /// little-endian number) are `key` leads, and its depth; `None` if no pattern begins
    /// with a word that begins so. `b0` is the word's first byte.
    #[inline]
    fn start(&self, b0: u8, key: u64) -> Option<(u32, usize)> {
        match &self.starts[self.lane[b0 as usize] as usize] {
            Some(starts) => starts.get(key),
            None => Some((self.root[b0 as usize], 1)),
        }
    }

    /// The records of the lane of first byte `b`.
    fn nodes(&self, b: u8) -> &Nodes {
        &self.lanes[self.lane[b as usize] as usize]
    }
}

impl Nodes {
    /// The pattern ending at `node`, plus one, or 0.
    #[inline]
    fn pattern(&self, node: u32) -> u32 {
        self.0[node as usize]
    }

    /// The bytes and the pattern (plus one) of tail record `node`, or `None` if it is
    /// not one.
    #[inline]
    fn tail(&self, node: u32) -> Option<(impl Iterator<Item = u8> + '_, usize, u32)> {
        let at = node as usize;
        let n = self.0[at + 1];
        if n & TAIL == 0 {
            return None;
        }
        let len = (n & !TAIL) as usize;
        let words = &self.0[at + 2..at + 2 + len.div_ceil(4)];
        let bytes = (0..len).map(move |i| (words[i / 4] >> (8 * (i % 4))) as u8);
        Some((bytes, len, self.0[at + 2 + len.div_ceil(4)]))
    }

    /// The edges of `node`, as (byte, child offset), in byte order (none for a tail).
    fn edges(&self, node: u32) -> impl Iterator<Item = (u8, u32)> + '_ {
        let at = node as usize;
        let n = if self.0[at + 1] & TAIL != 0 { 0 } else { self.0[at + 1] as usize };
        let bytes = at + 2;
        let kids = bytes + n.div_ceil(4);
        let wide = n > NARROW;
        // A wide record is read through `child`, byte by byte.
        (0..if wide { 256 } else { n }).filter_map(move |i| {
            if wide {
                self.child(node, i as u8).map(|c| (i as u8, c))
            } else {
                Some(((self.0[bytes + i / 4] >> (8 * (i % 4))) as u8, (kids + i) as u32 + self.0[kids + i]))
            }
        })
    }

    /// The child of `node` under byte `b`.
    fn child(&self, node: u32, b: u8) -> Option<u32> {
        let at = node as usize;
        Some(child_in(&self.0, at, self.0[at + 1] as usize, b)).filter(|&c| c != NONE)
    }
}

/// The child under byte `b` of the record at `at` of `recs`, which has `n` edges, or
/// `NONE`.
#[inline(always)]
fn child_in(recs: &[u32], at: usize, n: usize, b: u8) -> u32 {
    let bytes = at + 2;
    let i = if n == 0 {
        return NONE;
    } else if n <= NARROW {
        // Four edge bytes a word, tested at once: the lowest zero byte of `w ^ b` is
        // the first edge equal to `b` (the zero-byte test errs only above a true zero).
        // Most nodes below the dense rows have one to eight edges.
        const LO: u32 = 0x0101_0101;
        const HI: u32 = 0x8080_8080;
        let find = |w: u32, live: usize| {
            let v = w ^ (LO * u32::from(b));
            let z = v.wrapping_sub(LO) & !v & HI;
            let k = (z.trailing_zeros() / 8) as usize;
            (z != 0 && k < live).then_some(k)
        };
        match find(recs[bytes], n.min(4)) {
            Some(k) => k,
            None if n > 4 => match find(recs[bytes + 1], n - 4) {
                Some(k) => 4 + k,
                None => return NONE,
            },
            None => return NONE,
        }
    } else {
        // The edges below `b`: the counts before its word and the bits below it there.
        let w = b as usize / 32;
        let set = recs[bytes + w];
        let bit = 1u32 << (b % 32);
        if set & bit == 0 {
            return NONE;
        }
        let below = (recs[bytes + 8 + w / 4] >> (8 * (w % 4))) & 0xFF;
        let slot = bytes + WIDE_WORDS + (below + (set & (bit - 1)).count_ones()) as usize;
        return slot as u32 + recs[slot];
    };
    let slot = bytes + n.div_ceil(4) + i;
    slot as u32 + recs[slot]
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
    /// The first words of the patterns that begin with a word, hashed into a set of two
    /// bits a word (one cache line holds both): a pattern that matches at a word start and
    /// ends on a boundary spells the text's whole first word, so a text word without the
    /// first bit starts no match, and most are ruled out without touching the trie, whose
    /// nodes are cache misses. The second bit marks a first word that the pair check
    /// cannot speak for: some pattern is that word alone, or it with punctuation after, or
    /// it and a gap longer than [`GAP_MAX`] before the next word.
    first_words: Vec<u64>,
    /// The first two words of the patterns that have two, with what lies between them
    /// ("the Hague", "al-Bab", "U.S"), hashed into a bit set. "the", "is" and "from" begin
    /// patterns, but "the report" and "is expected" begin none: without this check such a
    /// word sent the walk into the trie about three times a line of news.
    pairs: Vec<u64>,
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
    /// The matcher over lanes of patterns, in the order of their first bytes.
    fn join(parts: Vec<Part>) -> Result<Matcher, TooLarge> {
        if u32::try_from(parts.iter().map(|p| p.text_len).sum::<usize>()).is_err() {
            return Err(TooLarge);
        }
        let mut first_byte = [false; 256];
        let mut prefixes = vec![0u64; PREFIX_BITS / 64];
        let mut first_words = vec![0u64; 2 * (WORD_BITS + LOWER_WORD_BITS) / 64];
        let mut pairs = vec![0u64; (PAIR_BITS + LOWER_PAIR_BITS) / 64];
        let total = |f: fn(&Part) -> usize| parts.iter().map(f).sum::<usize>() + 1;
        let mut offsets = Vec::with_capacity(total(|p| p.offsets.len()));
        let mut place_offsets = Vec::with_capacity(total(|p| p.place_offsets.len()));
        let mut entries = Vec::with_capacity(total(|p| p.entries.len()));
        let mut places = Vec::with_capacity(total(|p| p.places.len()));
        offsets.push(0);
        place_offsets.push(0);
        let mut trie = Trie::new();
        for p in parts {
            trie.push_lane(p.nodes, &p.tops, p.starts, offsets.len() as u32 - 1);
            let (entry_base, place_base) = (entries.len() as u32, places.len() as u32);
            offsets.extend(p.offsets[1..].iter().map(|&o| o + entry_base));
            entries.extend(p.entries);
            place_offsets.extend(p.place_offsets[1..].iter().map(|&o| o + place_base));
            places.extend(p.places);
            for (a, b) in first_byte.iter_mut().zip(p.first_byte) {
                *a |= b;
            }
            for (a, b) in prefixes.iter_mut().zip(p.prefixes) {
                *a |= b;
            }
            for (a, b) in first_words.iter_mut().zip(p.first_words) {
                *a |= b;
            }
            for (a, b) in pairs.iter_mut().zip(p.pairs) {
                *a |= b;
            }
        }
        Ok(Matcher { trie, first_byte, prefixes, first_words, pairs, offsets, entries, place_offsets, places })
    }

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
        // News holds a dictionary word in about every fifty bytes.
        out.reserve(text.len() / 32);
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
            // Every way here is from a byte that is not part of a word (or the text's start):
            // a skipped gap, a word's end, or a match's end, which is on a boundary.
            debug_assert!(!word_char_before(hay, i));
            // No pattern starts inside a word: a miss skips to its end.
            let (we, state) = word_end_hash(hay, i);
            let mut found = None;
            if self.first_byte[b as usize] && self.may_start(hay, i, we, state) {
                found = self.longest_word(hay, i, we);
            }
            // A word in capitals (a dateline, a headline) is also looked up as it
            // would be written in running text: "TORRINGTON —" is Torrington. The
            // dictionaries need no upper-case copy of every name for it.
            if b.is_ascii_uppercase()
                && hay.get(i + 1).is_some_and(u8::is_ascii_uppercase)
                && opens_line_or_follows_capitals(hay, i)
            {
                if let Some((end, pattern)) = self.titled_at(hay, i) {
                    // "MENA reported", "GREEN fingered youngsters": an acronym or a word
                    // set in capitals for emphasis runs on into lower-case text.
                    let next = hay[end..].iter().find(|b| !b.is_ascii_whitespace());
                    if found.is_none_or(|(e, _)| end > e) && !next.is_some_and(u8::is_ascii_lowercase) {
                        found = Some((end, pattern));
                    }
                }
            }
            let end = match found {
                Some((end, pattern)) => {
                    out.push(Hit { start: i, end, pattern });
                    end
                }
                None => we,
            };
            // Most words are followed by one space, which no pattern begins with (patterns
            // are trimmed): step over it here rather than a turn of the loop later.
            i = if hay.get(end) == Some(&b' ') { end + 1 } else { end };
        }
    }

    /// Whether a pattern may match from the word at `i`, which ends at `we` (`state` is its
    /// running hash): the word begins a pattern, and either a pattern can end with it or
    /// one begins with the text's first two words.
    #[inline]
    fn may_start(&self, hay: &[u8], i: usize, we: usize, state: u64) -> bool {
        let h = word_slot(hay[i], state);
        let bits = self.first_words[h / 32] >> (2 * (h % 32));
        if bits & 1 == 0 {
            return false;
        }
        bits & 2 != 0 || pair_slot(hay, i, we, state).is_some_and(|k| self.pairs[k / 64] & (1 << (k % 64)) != 0)
    }

    fn pair_starts(&self, hay: &[u8], i: usize) -> bool {
        // Near the end of the text a short pattern may still fit: let the automaton decide.
        if i + 3 > hay.len() {
            return true;
        }
        self.prefix_known(&hay[i..])
    }

    /// Whether some pattern may begin with the first three bytes of `b` (at least three).
    fn prefix_known(&self, b: &[u8]) -> bool {
        let h = prefix_hash((b[0] as usize) << 16 | (b[1] as usize) << 8 | b[2] as usize);
        self.prefixes[h / 64] & (1 << (h % 64)) != 0
    }

    /// The longest pattern that starts at `s` and ends on a word boundary.
    fn longest_at(&self, hay: &[u8], s: usize) -> Option<(usize, u32)> {
        let b0 = *hay.get(s)?;
        self.longest_walk(&hay[s..], hay, s, self.trie.root[b0 as usize], 1)
    }

    /// [`Matcher::longest_at`] for the word that starts at `s` and ends at `we`, from the
    /// node its first bytes lead to.
    #[inline]
    fn longest_word(&self, hay: &[u8], s: usize, we: usize) -> Option<(usize, u32)> {
        let n = (we - s).min(START_BYTES);
        let key = match hay.get(s..s + 8) {
            Some(c) => {
                u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]) & (u64::MAX >> (8 * (8 - n)))
            }
            None => le_bytes(&hay[s..s + n]),
        };
        let (node, k) = self.trie.start(hay[s], key)?;
        self.longest_walk(&hay[s..], hay, s, node, k)
    }

    /// The longest pattern that the capitalised words at `s` spell when each is written
    /// with only its initial in capitals ("NEW YORK" as "New York"), if it has four
    /// letters or more: shorter capitals are acronyms ("BA" is not Ba).
    fn titled_at(&self, hay: &[u8], s: usize) -> Option<(usize, u32)> {
        const REACH: usize = 64;
        let mut buf = [0u8; REACH];
        let src = &hay[s..hay.len().min(s + REACH)];
        let n = src.len();
        buf[..n].copy_from_slice(src);
        let mut k = 0;
        while k < n {
            if !buf[k].is_ascii_alphabetic() {
                k += 1;
                continue;
            }
            let run = k;
            while k < n && buf[k].is_ascii_alphabetic() {
                k += 1;
            }
            if k - run >= 2 && buf[run..k].iter().all(u8::is_ascii_uppercase) {
                buf[run + 1..k].make_ascii_lowercase();
            }
        }
        if !self.first_byte[buf[0] as usize] || (n >= 3 && !self.prefix_known(&buf)) {
            return None;
        }
        // Case changes keep every byte in place: the end is an offset into `hay` too.
        self.longest_walk(&buf[..n], hay, s, self.trie.root[buf[0] as usize], 1)
            .filter(|&(end, _)| buf[..end - s].iter().filter(|b| b.is_ascii_alphabetic()).count() >= 4)
    }

    /// The longest pattern spelled by `walk` (the bytes from `s`, or a recased copy of
    /// them) that ends on a word boundary of `hay`, from `node`, which its first `k` bytes
    /// reach, on: no pattern ends on a boundary in those bytes.
    fn longest_walk(&self, walk: &[u8], hay: &[u8], s: usize, node: u32, k: usize) -> Option<(usize, u32)> {
        let t = &self.trie;
        let b0 = *walk.first()?;
        let recs = &t.nodes(b0).0[..];
        // A lane numbers its patterns from 0.
        let base = t.pattern_base[b0 as usize];
        let mut best = None;
        let mut at = node as usize;
        // Bytes walked so far: the record at `at` is that deep.
        let mut k = k;
        if node == NONE {
            return None;
        }
        // Each step reads the record's first two words once: its pattern, and its edge
        // count or tail length.
        while let Some(&[p, n]) = recs.get(at..at + 2) {
            if p != 0 && boundary_after(hay, s + k) {
                best = Some((s + k, p - 1 + base));
            }
            if n & TAIL != 0 {
                // The tail's bytes against the text's, four at a time (both padded with
                // zeros alike).
                let len = (n & !TAIL) as usize;
                let words = recs.get(at + 2..at + 3 + len.div_ceil(4)).unwrap_or_default();
                if let Some(rest) = walk.get(k..k + len) {
                    if rest.chunks(4).zip(words).all(|(c, &w)| le_bytes(c) as u32 == w)
                        && boundary_after(hay, s + k + len)
                    {
                        best = Some((s + k + len, words[len.div_ceil(4)] - 1 + base));
                    }
                }
                break;
            }
            let Some(&b) = walk.get(k) else { break };
            let next = if k == 1 {
                t.level1[t.level1_row[b0 as usize] as usize][b as usize]
            } else {
                child_in(recs, at, n as usize, b)
            };
            if next == NONE {
                break;
            }
            at = next as usize;
            k += 1;
        }
        best
    }

    /// The most edges of any node below the dense rows.
    #[cfg(test)]
    fn widest(&self) -> usize {
        let t = &self.trie;
        let mut stack: Vec<(u8, u32)> =
            (0..=255u8).filter(|&b| t.root[b as usize] != NONE).map(|b| (b, t.root[b as usize])).collect();
        let mut widest = 0;
        while let Some((b0, node)) = stack.pop() {
            let kids: Vec<(u8, u32)> = t.nodes(b0).edges(node).collect();
            widest = widest.max(kids.len());
            stack.extend(kids.into_iter().map(|(_, k)| (b0, k)));
        }
        widest
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
        let mut stack: Vec<(u32, Vec<u8>)> =
            (0..=255u8).rev().filter(|&b| t.root[b as usize] != NONE).map(|b| (t.root[b as usize], vec![b])).collect();
        while let Some((node, prefix)) = stack.pop() {
            let nodes = t.nodes(prefix[0]);
            if nodes.pattern(node) != 0 {
                out.push(prefix.clone());
            }
            if let Some((bytes, _, _)) = nodes.tail(node) {
                out.push(prefix.iter().copied().chain(bytes).collect());
                continue;
            }
            let kids: Vec<(u8, u32)> = nodes.edges(node).collect();
            for &(b, child) in kids.iter().rev() {
                let mut p = prefix.clone();
                p.push(b);
                stack.push((child, p));
            }
        }
        out
    }
}

const PREFIX_BITS: usize = 1 << 17;
/// Slots for first words that do not begin in lower case ([`word_slot`]).
const WORD_BITS: usize = 1 << 20;
/// Slots for first words that do.
const LOWER_WORD_BITS: usize = 1 << 16;
/// Bits for pairs of words that do not begin in lower case ([`pair_slot`]).
const PAIR_BITS: usize = 1 << 20;
/// Bits for pairs that do.
const LOWER_PAIR_BITS: usize = 1 << 16;
/// The most bytes between two words that the pair check reads ("St. ", " - "): a pattern
/// with a longer gap is marked as one that may end with its first word, so the trie
/// decides.
const GAP_MAX: usize = 8;
// A gap is hashed as one block of eight bytes.
const _: () = assert!(GAP_MAX <= 8);

/// Folds a 24-bit three-byte prefix into the prefix bit set.
fn prefix_hash(k: usize) -> usize {
    (k.wrapping_mul(0x9E37_79B1) >> 7) & (PREFIX_BITS - 1)
}

/// Where a word's running hash starts.
const HASH_START: u64 = 0xcbf2_9ce4_8422_2325;

/// The running hash `h` taken on over eight more bytes (`x`, little-endian; a word's last
/// bytes padded with zeros).
#[inline]
fn fold(h: u64, x: u64) -> u64 {
    (h ^ x).wrapping_mul(0xA076_1D64_78BD_642F)
}

/// The running hash `h` taken on over `bytes`, eight at a time.
fn fold_bytes(h: u64, bytes: &[u8]) -> u64 {
    bytes.chunks(8).fold(h, |h, c| fold(h, le_bytes(c)))
}

/// Up to eight bytes as a little-endian number, padded with zeros (no call to copy them).
#[inline]
fn le_bytes(c: &[u8]) -> u64 {
    c.iter().rev().fold(0, |x, &b| x << 8 | u64::from(b))
}

/// The high bit of each byte of `x` (eight text bytes, little-endian) that is not an ASCII
/// letter or digit: an ASCII byte there ends a word, and a byte from 0x80 up is a
/// character the caller must read. Each byte is compared with the bounds of its ranges on
/// its low seven bits, where adding never carries into the next byte.
#[inline]
fn stops(x: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // The high bit of each byte of `t + at_least(a)` is set where that byte is `a` or more.
    let at_least = |a: u8| ONES * u64::from(0x80 - a);
    let t = x & !HIGH;
    let digit = t.wrapping_add(at_least(b'0')) & !t.wrapping_add(at_least(b'9' + 1));
    let l = t | (ONES * 0x20);
    let letter = l.wrapping_add(at_least(b'a')) & !l.wrapping_add(at_least(b'z' + 1));
    !((digit | letter) & !x) & HIGH
}

/// The end of the word that starts at `i` (past its ASCII letters and digits and its
/// non-ASCII alphanumerics), and the running hash of its bytes, in one pass.
#[inline]
fn word_end_hash(b: &[u8], i: usize) -> (usize, u64) {
    word_from(b, i, HASH_START)
}

/// [`word_end_hash`] continuing the hash `h`. Eight bytes at a time: the end of a word
/// of ASCII letters and digits is the lowest of their [`stops`], with no branch a byte
/// (a loop a byte guessed wrong at the end of nearly every word). Near the end of the
/// text, or at a byte from 0x80 up, the rest is read a character at a time and hashed
/// the same way.
#[inline]
fn word_from(b: &[u8], i: usize, mut h: u64) -> (usize, u64) {
    let mut j = i;
    while let Some(chunk) = b.get(j..j + 8) {
        let x = u64::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3], chunk[4], chunk[5], chunk[6], chunk[7]]);
        let s = stops(x);
        if s == 0 {
            h = fold(h, x);
            j += 8;
            continue;
        }
        // The first stop's high bit: set in `x` too if the byte is from 0x80 up.
        let first = s & s.wrapping_neg();
        if x & first != 0 {
            break;
        }
        // The bytes below the stop: all bits below its byte.
        let word = x & ((first >> 7) - 1);
        if word != 0 {
            h = fold(h, word);
        }
        return (j + (s.trailing_zeros() / 8) as usize, h);
    }
    word_rest(b, j, h)
}

/// The end of the word that goes on at `j` and the hash `h` taken on over the rest of
/// it, a character at a time.
#[cold]
fn word_rest(b: &[u8], j: usize, h: u64) -> (usize, u64) {
    let mut e = j;
    loop {
        while e < b.len() && ASCII_WORD[b[e] as usize] {
            e += 1;
        }
        if e < b.len() && b[e] >= 0x80 && word_char_at(b, e) {
            e = next_char(b, e);
        } else {
            return (e, fold_bytes(h, &b[j..e]));
        }
    }
}

/// The slot in the first-word set of a word that begins with byte `b0` and whose running
/// hash is `h`. Words that begin in lower case have slots of their own: few patterns begin
/// with one (the default dictionaries have some 500 such first words against 170,000 that
/// begin otherwise), so the common words of running text seldom share a slot with a
/// pattern's first word. A final multiply spreads every byte of the running hash over
/// the top bits, which choose the slot.
#[inline]
fn word_slot(b0: u8, h: u64) -> usize {
    let h = h.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    if b0.is_ascii_lowercase() {
        WORD_BITS + (h >> (64 - LOWER_WORD_BITS.trailing_zeros())) as usize
    } else {
        (h >> (64 - WORD_BITS.trailing_zeros())) as usize
    }
}

/// The slot in the pair set of the bytes from the word at `i` through the word after it,
/// if one follows within [`GAP_MAX`] bytes of its end `we` (`h` is the first word's
/// running hash). As in [`word_slot`], pairs that begin in lower case have slots of their
/// own.
#[inline]
fn pair_slot(b: &[u8], i: usize, we: usize, h: u64) -> Option<usize> {
    // Most often one space and a word of ASCII: the gap's block is the space alone.
    if b.get(we) == Some(&b' ') && b.get(we + 1).is_some_and(|&c| ASCII_WORD[c as usize]) {
        return Some(pair_slot_of(b[i], word_from(b, we + 1, fold(h, u64::from(b' '))).1));
    }
    let mut j = we;
    while j < b.len() {
        // The gap is nearly always a space or ASCII punctuation.
        let c = b[j];
        if c < 0x80 && ASCII_WORD[c as usize] || c >= 0x80 && word_char_at(b, j) {
            break;
        }
        j = if c < 0x80 { j + 1 } else { next_char(b, j) };
        if j - we > GAP_MAX {
            return None;
        }
    }
    if j >= b.len() {
        return None;
    }
    // The gap is at most eight bytes: one block of the hash.
    Some(pair_slot_of(b[i], word_from(b, j, fold(h, le_bytes(&b[we..j]))).1))
}

/// The slot in the pair set of the pair that begins with byte `b0` and whose running
/// hash is `h`.
#[inline]
fn pair_slot_of(b0: u8, h: u64) -> usize {
    // A different final multiplier from the first-word slot's, so the sets stay unrelated.
    let h = h.wrapping_mul(0xD6E8_FEB8_6659_FD93);
    if b0.is_ascii_lowercase() {
        PAIR_BITS + (h >> (64 - LOWER_PAIR_BITS.trailing_zeros())) as usize
    } else {
        (h >> (64 - PAIR_BITS.trailing_zeros())) as usize
    }
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

/// Whether the word at `i` opens a line (a dateline: "TORRINGTON — Mayor …") or follows a
/// word in capitals (a headline: "JETS HIT ALEPPO").
fn opens_line_or_follows_capitals(b: &[u8], i: usize) -> bool {
    let before = &b[..i];
    let gap = before.iter().rev().take_while(|&&c| c == b' ' || c == b'\t').count();
    let rest = &before[..i - gap];
    match rest.last() {
        None | Some(b'\n' | b'\r') => true,
        Some(_) if gap == 0 => false,
        Some(_) => {
            let word = rest.iter().rev().take_while(|c| !c.is_ascii_whitespace()).count();
            let w = &rest[rest.len() - word..];
            w.iter().any(u8::is_ascii_uppercase) && !w.iter().any(u8::is_ascii_lowercase)
        }
    }
}

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
    // A character that ends at `i`: one whose encoding runs from `s` to `i` exactly.
    next_char(b, s) == i && char_at(b, s).is_some_and(is_alphanumeric)
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
    char_at(b, i).is_some_and(is_alphanumeric)
}

/// `char::is_alphanumeric`, from a table for the two-byte characters (Latin, Greek,
/// Cyrillic, Hebrew, Arabic …), which the Unicode tables answer by a search each time.
#[inline]
fn is_alphanumeric(c: char) -> bool {
    /// Bit `c - 0x80` for each alphanumeric `c` from U+0080 to U+07FF.
    static TWO_BYTE: once_cell::sync::Lazy<[u64; 30]> = once_cell::sync::Lazy::new(|| {
        let mut t = [0u64; 30];
        for c in (0x80..0x800).filter_map(char::from_u32).filter(|c| c.is_alphanumeric()) {
            let k = c as usize - 0x80;
            t[k / 64] |= 1 << (k % 64);
        }
        t
    });
    match c as usize {
        k @ 0x80..0x800 => TWO_BYTE[(k - 0x80) / 64] >> ((k - 0x80) % 64) & 1 != 0,
        _ => c.is_alphanumeric(),
    }
}

/// The character whose encoding begins at `b[i]`, a byte from 0x80 up of UTF-8 text:
/// decoded by hand (the text is valid UTF-8) rather than by `str::from_utf8`, which
/// validates the bytes first; `None` at a byte that continues a character.
fn char_at(b: &[u8], i: usize) -> Option<char> {
    let (len, bits) = match b[i] {
        c @ 0xC0..=0xDF => (2, u32::from(c & 0x1F)),
        c @ 0xE0..=0xEF => (3, u32::from(c & 0x0F)),
        c @ 0xF0..=0xF7 => (4, u32::from(c & 0x07)),
        _ => return None,
    };
    let rest = b.get(i + 1..i + len)?;
    char::from_u32(rest.iter().fold(bits, |cp, &c| cp << 6 | u32::from(c & 0x3F)))
}

#[inline]
fn boundary_after(b: &[u8], i: usize) -> bool {
    match b.get(i) {
        // The usual case, a space or punctuation after the match, needs no look back.
        Some(&c) if c < 0x80 => !ASCII_WORD[c as usize] || !word_char_before(b, i),
        _ => !word_char_at(b, i) || !word_char_before(b, i),
    }
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
            // Capitals read as running text: at a line's start (a dateline) or after other
            // capitals (a headline), four letters or more, not running on into lower case.
            (&[("Torrington", Exact)], "TORRINGTON \u{2014} Mayor", &["TORRINGTON"]),
            (&[("New York", Exact)], "x.\n  NEW YORK (Reuters)", &["NEW YORK"]),
            (&[("Aleppo", Exact)], "JETS HIT ALEPPO", &["ALEPPO"]),
            (&[("Aleppo", Exact)], "they hit ALEPPO again", &[]),
            (&[("Mena", Exact)], "MENA reported", &[]),
            (&[("Ba", Exact)], "BA, said", &[]),
            // Nodes of one to eight edges are searched four edge bytes at a time: a NUL in
            // the text must not match the zero padding after the last edge, and the fifth
            // to eighth edges are in a second word.
            (&[("abc x", Exact), ("abd y", Exact)], "abc\0 abd y abc x", &["abd y", "abc x"]),
            (&[("ab\0", Exact), ("abd", Exact)], "ab\0 abd", &["ab\0", "abd"]),
            (
                &[("kab", Exact), ("kac", Exact), ("kad", Exact), ("kae", Exact), ("kaf", Exact), ("kag", Exact)],
                "kag kaf kah kab",
                &["kag", "kaf", "kab"],
            ),
            (&[("kab", Exact), ("kac", Exact), ("kad", Exact), ("kae", Exact), ("kaf", Exact)], "ka\0", &[]),
            // A walk starts only where the first word ends some pattern or the first two
            // words (and the gap between) begin one.
            (&[("the Hague", Lower)], "the report from the Hague; the", &["the Hague"]),
            (&[("St. Louis", Exact)], "St.Louis St Louis St. Louis", &["St. Louis"]),
            (&[("Jr.", Exact), ("Jr. Smith", Exact)], "Jones Jr. said Jr. Smith", &["Jr.", "Jr. Smith"]),
            (&[("U.S.", Exact)], "U.S. forces, U.S.", &["U.S.", "U.S."]),
            (&[("Kyiv \u{2013} Odesa", Exact)], "Kyiv \u{2013} Odesa", &["Kyiv \u{2013} Odesa"]),
            (&[("Bab \u{1e24}awa", Exact)], "Bab \u{1e24}awa Bab \u{1e24}awas", &["Bab \u{1e24}awa"]),
            // A gap longer than the pair check reads: the first word sends it to the trie.
            (&[("Mosul  --  --  Erbil", Exact)], "Mosul  --  --  Erbil", &["Mosul  --  --  Erbil"]),
            (&[("al-Bab", Exact), ("al", Exact)], "al-Babil al-Bab", &["al", "al-Bab"]),
        ];
        for (patterns, text, want) in cases {
            assert_eq!(&hits(patterns, text), want, "text {text:?}");
        }
    }

    /// The scan against a plain reading of its contract, on random patterns and texts over
    /// a small alphabet of letters, a non-ASCII letter, spaces and punctuation: at each word
    /// start (or, for a pattern that starts with punctuation, anywhere outside a word) the
    /// longest pattern that ends on a boundary, then on from its end. The filters in front
    /// of the trie (first bytes, prefixes, first words, word pairs) must never lose a match.
    #[test]
    fn scan_agrees_with_a_plain_search() {
        agrees_with_a_plain_search(&["a", "b", "c", "\u{e9}", " ", " ", ".", "-"], 12, 9, 60);
    }

    /// As above over most of the alphabet, with many short patterns: nodes of more than
    /// [`NARROW`] edges, found through their bit sets, and read back in order.
    #[test]
    fn wide_nodes_agree_with_a_plain_search() {
        let mut alphabet: Vec<&str> = "abcdefghijklmnopqrstuvwx".split("").filter(|c| !c.is_empty()).collect();
        alphabet.extend(["\u{e9}", " ", " ", " ", ".", "-"]);
        agrees_with_a_plain_search(&alphabet, 300, 4, 80);
    }

    /// As above with short words and non-ASCII punctuation: words of up to
    /// [`START_BYTES`] bytes end at a dash or a quote as well as at ASCII punctuation, in
    /// the patterns and in the text, and found through [`Starts`] all the same.
    #[test]
    fn short_words_agree_with_a_plain_search() {
        agrees_with_a_plain_search(&["a", "b", "\u{e9}", "\u{2013}", "\u{201c}", " ", "'", "."], 12, 6, 40);
    }

    /// Random rounds of at most `patterns` patterns of at most `len` characters from
    /// `alphabet`, each scanned over a text of less than `text` characters.
    fn agrees_with_a_plain_search(alphabet: &[&str], patterns: usize, len: usize, text: usize) {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = |n: usize| {
            seed = crate::testing::xorshift(seed);
            (seed % n as u64) as usize
        };
        let word = |next: &mut dyn FnMut(usize) -> usize, len: usize| {
            (0..len).map(|_| alphabet[next(alphabet.len())]).collect::<String>()
        };
        let mut widest = 0;
        for _ in 0..300 {
            let patterns: Vec<String> = (0..1 + next(patterns))
                .map(|_| {
                    let n = 1 + next(len);
                    word(&mut next, n).trim().to_string()
                })
                .filter(|p| !p.is_empty())
                .collect();
            let n = next(text);
            let text = word(&mut next, n);
            let pats: Vec<(&str, Case)> = patterns.iter().map(|p| (p.as_str(), Case::Exact)).collect();
            let b = text.as_bytes();
            let mut want = Vec::new();
            let mut i = 0;
            while i < b.len() {
                let starts_word = word_char_at(b, i) && !word_char_before(b, i);
                let open = !word_char_at(b, i);
                let best = patterns
                    .iter()
                    .filter(|p| text[i..].starts_with(p.as_str()) && boundary_after(b, i + p.len()))
                    .filter(|p| {
                        (starts_word && word_char_at(p.as_bytes(), 0)) || (open && !word_char_at(p.as_bytes(), 0))
                    })
                    .map(String::len)
                    .max();
                match best {
                    Some(len) => {
                        want.push(text[i..i + len].to_string());
                        i += len;
                    }
                    None => i = next_char(b, i),
                }
            }
            assert_eq!(hits(&pats, &text), want, "patterns {patterns:?} text {text:?}");
            let mut sorted: Vec<Vec<u8>> = patterns.iter().map(|p| p.as_bytes().to_vec()).collect();
            sorted.sort();
            sorted.dedup();
            let mut b = DictBuilder::default();
            for (p, c) in &pats {
                b.add(p, Entry::Trigger(0), *c);
            }
            let m = b.build().unwrap();
            assert_eq!(m.patterns(), sorted);
            widest = widest.max(m.widest());
        }
        // The wide alphabet's rounds must reach the bit sets.
        assert_eq!(widest > NARROW, alphabet.len() > 2 * NARROW, "widest node {widest}");
    }

    /// The word ends and hashes read eight bytes at a time against a plain reading: the
    /// end after the last word character (`word_char_at`), the hash of the bytes before it.
    #[test]
    fn words_read_in_blocks_agree_with_a_plain_reading() {
        for x in (0..=255u8).map(|c| u64::from(c) * 0x0101_0101_0101_0101).chain((0..100_000).scan(1u64, |s, _| {
            *s = crate::testing::xorshift(*s);
            Some(*s)
        })) {
            let want = x
                .to_le_bytes()
                .iter()
                .enumerate()
                .fold(0u64, |m, (k, c)| m | u64::from(!(c.is_ascii_alphanumeric())) << (8 * k + 7));
            assert_eq!(stops(x), want, "{x:#x}");
        }
        const PIECES: &[&str] = &[
            "a", "Z", "0", "9", "abcdefgh", "Qrstuvw", " ", ".", "-", "'", "\u{e9}", "\u{2013}", "/", "@", "`", "{",
            "\0",
        ];
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..3_000 {
            seed = crate::testing::xorshift(seed);
            let text = crate::testing::pieces(&mut seed, PIECES, 30);
            let b = text.as_bytes();
            for i in (0..b.len()).filter(|&i| word_char_at(b, i)) {
                let mut e = i;
                while word_char_at(b, e) {
                    e = next_char(b, e);
                }
                assert_eq!(word_end_hash(b, i), (e, fold_bytes(HASH_START, &b[i..e])), "{text:?} at {i}");
            }
        }
    }

    /// The first-word table against a map, on random keys of one to four bytes, some of
    /// them stored; and a lane too large for it is walked from the root.
    #[test]
    fn starts_find_what_was_stored() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut keys = std::collections::HashMap::new();
        let mut entries = Vec::new();
        for k in 0..20_000u32 {
            seed = crate::testing::xorshift(seed);
            let key = (seed | 1) & (u64::MAX >> (8 * (seed >> 40) % 64));
            if k % 2 == 0 && !keys.contains_key(&key) {
                let (node, depth) = (k * 7, 1 + (k as usize % START_BYTES));
                keys.insert(key, (node, depth));
                entries.push((key, node, depth as u8));
            } else {
                keys.entry(key).or_insert((NONE, 0));
            }
        }
        let starts = Starts::new(&entries).unwrap();
        for (&key, &(node, depth)) in &keys {
            assert_eq!(starts.get(key), (node != NONE).then_some((node, depth)), "{key:#x}");
        }
        assert!(Starts::new(&[(1, 1 << 29, 1)]).is_none());
        let mut trie = Trie::new();
        trie.push_lane(Nodes(vec![0, 0]), &[(b'a', 0)], None, 0);
        assert_eq!(trie.start(b'a', 0x61), Some((0, 1)));
    }

    /// Every character read back by hand and classified as `char` does, at its first byte
    /// and as the one before its end; a byte that continues a character is no word
    /// character.
    #[test]
    fn characters_read_by_hand_agree_with_str() {
        for c in (0x80..=0x10_FFFFu32).filter_map(char::from_u32) {
            let mut buf = [0u8; 4];
            let b = c.encode_utf8(&mut buf).as_bytes();
            assert_eq!(char_at(b, 0), Some(c));
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
            assert_eq!(word_char_at(b, 0), c.is_alphanumeric(), "{c:?}");
            assert_eq!(word_char_before(b, b.len()), c.is_alphanumeric(), "{c:?}");
            for k in 1..b.len() {
                assert!(!word_char_at(b, k) && !word_char_before(b, k), "{c:?} at {k}");
            }
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
    fn the_written_form_wins_a_tie_with_its_title_case() {
        let mut b = DictBuilder::default();
        b.add("NATO", Entry::Trigger(0), Case::Exact);
        b.add("Nato", Entry::Trigger(1), Case::Exact);
        let m = b.build().unwrap();
        let mut out = Vec::new();
        m.scan("NATO, said", &mut out);
        assert_eq!(out.len(), 1);
        assert_eq!(m.entries(out[0].pattern), &[Entry::Trigger(0)]);
    }

    #[test]
    fn lanes_built_apart_match_as_one() {
        // Tails below depth two, also under shared prefixes ("air strike" and "air strikes";
        // "Homs" and "Homs Gap"), and lone first bytes ("Zeta").
        let words = [
            "Al",
            "Al Bab",
            "Aleppo",
            "Homs",
            "Homs Gap",
            "Kerry",
            "Mosul",
            "air strike",
            "air strikes",
            "Zeta",
            "\u{1e28}am\u{101}h",
        ];
        let add = |b: &mut DictBuilder| {
            for (i, w) in words.iter().enumerate() {
                b.add(w, Entry::Trigger(i as u16), Case::Proper);
            }
            b.add("Aleppo", Entry::Place(7), Case::Proper);
        };
        let mut b = DictBuilder::default();
        add(&mut b);
        let one = b.build().unwrap();
        let text = "Al Babil, Aleppo AND HOMS; Kerry, Mosul air strike ZETA \u{1e28}am\u{101}h";
        let mut want = Vec::new();
        one.scan(text, &mut want);
        assert_eq!(want.len(), 8);
        for split in [0, b'H', b'L', b'a', 0xE1, 255] {
            let m = DictBuilder::build_split(split, add).unwrap();
            assert_eq!(m.patterns(), one.patterns());
            let mut got = Vec::new();
            m.scan(text, &mut got);
            assert_eq!(got, want, "split at {split}");
            for h in &got {
                assert_eq!(m.entries(h.pattern), one.entries(h.pattern));
                assert_eq!(m.places(h.pattern), one.places(h.pattern));
            }
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
