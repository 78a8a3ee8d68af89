//! Text normalisation and sentence splitting.
//!
//! In: the document exactly as the user gave it. Out: a [`Normalized`] text in which
//! typographic variants are folded to ASCII (curly quotes, non-breaking and other Unicode
//! spaces, dashes, soft hyphens) and glued words such as "UScounterpart" are split, together
//! with a map from normalised back to original byte offsets; and the sentence
//! spans of the normalised text. Every later stage works on the normalised text and maps its
//! spans back through [`Normalized::span_to_original`], so output offsets always index the
//! input.

/// A normalised copy of a document with a map back to the original offsets.
#[derive(Clone, Debug)]
pub struct Normalized<'a> {
    /// The normalised text: the input itself when nothing needs normalising (most plain
    /// ASCII text), so that it is not copied.
    pub text: std::borrow::Cow<'a, str>,
    /// Where the map changes, in order of normalised offset: most text is copied as it is,
    /// so the map is a few segments, not an entry a byte (and none for the input itself).
    segs: Vec<Seg>,
    /// The input length: where the end of the text maps to.
    input_len: usize,
    /// The memory for a copy, kept unused when the text is the input itself.
    spare: String,
}

/// A stretch of normalised text from `norm` to the next segment: copied (`linear`: byte
/// `norm + k` is input byte `orig + k`) or replacing one input character at `orig`.
#[derive(Clone, Copy, Debug)]
struct Seg {
    norm: u32,
    orig: u32,
    linear: bool,
}

impl Normalized<'_> {
    /// The original byte offset of normalised byte offset `pos` (clamped to the text): the
    /// plain form of what [`Normalized::span_to_original`] does, which tests check it against.
    #[cfg(test)]
    pub fn to_original(&self, pos: usize) -> usize {
        if pos >= self.text.len() {
            return self.input_len;
        }
        // Text used as it is (most input) maps every offset to itself: no search.
        if let [] | [Seg { norm: 0, orig: 0, linear: true }] = self.segs[..] {
            return pos;
        }
        let i = self.segs.partition_point(|s| s.norm as usize <= pos);
        match i.checked_sub(1).map(|i| self.segs[i]) {
            Some(s) if s.linear => s.orig as usize + (pos - s.norm as usize),
            Some(s) => s.orig as usize,
            None => pos,
        }
    }

    /// The original span `(start, end)` of the normalised span `start..end`. The end maps to
    /// the end of the last original character it covers, so a folded `’` keeps its 3 bytes.
    pub fn span_to_original(&self, start: usize, end: usize) -> (usize, usize) {
        // The segment of the start is found by bisection, and those of the end by a few
        // steps on from it: a span covers a segment or two, so one search serves all three
        // offsets.
        let i = self.segs.partition_point(|s| s.norm as usize <= start);
        let s = self.original_in(start, i);
        let e = if end > start {
            // End of the original character behind the last normalised byte.
            let j = self.segment_after(end - 1, i);
            let last = self.original_in(end - 1, j);
            let next = self.original_in(end, self.segment_after(end, j));
            next.max(last + 1)
        } else {
            s
        };
        (s, e.max(s))
    }

    /// The number of segments that begin at or before `pos`, given that `from` of them
    /// begin at or before it.
    fn segment_after(&self, pos: usize, from: usize) -> usize {
        let mut i = from;
        for _ in 0..4 {
            match self.segs.get(i) {
                Some(s) if s.norm as usize <= pos => i += 1,
                _ => return i,
            }
        }
        i + self.segs[i..].partition_point(|s| s.norm as usize <= pos)
    }

    /// The original byte offset of normalised byte offset `pos` (clamped to the text), where
    /// `i` segments begin at or before it.
    fn original_in(&self, pos: usize, i: usize) -> usize {
        if pos >= self.text.len() {
            return self.input_len;
        }
        match i.checked_sub(1).map(|i| self.segs[i]) {
            Some(s) if s.linear => s.orig as usize + (pos - s.norm as usize),
            Some(s) => s.orig as usize,
            None => pos,
        }
    }

    fn mark(&mut self, orig: usize, linear: bool) {
        let norm = self.text.len() as u32;
        let orig = orig as u32;
        if let Some(last) = self.segs.last_mut() {
            // A copy that continues the previous copy needs no new segment.
            if linear && last.linear && norm - last.norm == orig.wrapping_sub(last.orig) {
                return;
            }
            if last.norm == norm {
                *last = Seg { norm, orig, linear };
                return;
            }
        }
        self.segs.push(Seg { norm, orig, linear });
    }
}

/// What a non-ASCII character folds to, if anything.
fn fold(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{02BC}' | '\u{02BB}' => "'",
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}' | '\u{00BB}' => "\"",
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}' | '\u{2212}' => "-",
        '\u{00A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}' | '\u{FEFF}' => " ",
        '\u{2028}' | '\u{2029}' | '\u{0085}' => "\n",
        '\u{2026}' => "...",
        // Zero-width characters and soft hyphens are dropped: they split words invisibly.
        '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' => "",
        // Replacement characters are what is left of a mangled quote or dash.
        '\u{FFFD}' => "",
        _ => return None,
    })
}

/// The memory of a [`Normalized`] text that is done with, for the next one.
#[derive(Default)]
pub struct NormBuffers {
    text: String,
    segs: Vec<Seg>,
}

impl NormBuffers {
    /// Lets go of buffers that hold more than `kept` bytes.
    pub fn trim(&mut self, kept: usize) {
        if self.text.capacity() > kept {
            self.text = String::new();
        }
        if self.segs.capacity().saturating_mul(std::mem::size_of::<Seg>()) > kept {
            self.segs = Vec::new();
        }
    }
}

impl Normalized<'_> {
    /// Gives the memory back, emptied, for [`normalize_with`].
    pub fn into_buffers(self) -> NormBuffers {
        let mut text = match self.text {
            std::borrow::Cow::Owned(s) => s,
            std::borrow::Cow::Borrowed(_) => self.spare,
        };
        text.clear();
        let mut segs = self.segs;
        segs.clear();
        NormBuffers { text, segs }
    }
}

/// Normalises `input`; see the module docs.
pub fn normalize(input: &str) -> Normalized<'_> {
    normalize_with(input, NormBuffers::default())
}

/// [`normalize`], writing into the memory of an earlier text where it needs a copy.
pub fn normalize_with(input: &str, buffers: NormBuffers) -> Normalized<'_> {
    let bytes = input.as_bytes();
    let (special, needs_split) = survey(bytes);
    let NormBuffers { mut text, mut segs } = buffers;
    if !special && !needs_split {
        // No segment: every offset maps to itself. (The memory is kept for the next text.)
        segs.clear();
        return Normalized { text: std::borrow::Cow::Borrowed(input), segs, input_len: input.len(), spare: text };
    }
    text.clear();
    text.reserve(input.len() + 8);
    segs.clear();
    segs.push(Seg { norm: 0, orig: 0, linear: true });
    let mut n = Normalized { text: std::borrow::Cow::Owned(text), segs, input_len: input.len(), spare: String::new() };
    let mut i = 0;
    while i < bytes.len() {
        // Copy a run of plain ASCII in one go: most text needs nothing done.
        let run_end = if needs_split {
            bytes[i..]
                .iter()
                .position(|&b| b >= 0x80 || b == b'\r' || b.is_ascii_lowercase())
                .map_or(bytes.len(), |p| i + p)
        } else {
            find_byte(bytes, i, |b| (b >= 0x80) | (b == b'\r')).unwrap_or(bytes.len())
        };
        if run_end > i {
            n.mark(i, true);
            n.text.to_mut().push_str(&input[i..run_end]);
            i = run_end;
            continue;
        }
        let b = bytes[i];
        if b == b'\r' {
            // CRLF and lone CR both become one newline.
            if bytes.get(i + 1) != Some(&b'\n') {
                n.mark(i, false);
                n.text.to_mut().push('\n');
            }
            i += 1;
            continue;
        }
        if b < 0x80 {
            // A lower-case letter: a run of two or more capitals glued to a lower-case word
            // ("UScounterpart", "UNenvoy") gets a space where the lower-case word starts.
            if glued_here(bytes, i) {
                n.mark(i, false);
                n.text.to_mut().push(' ');
            }
            // The rest of the lower-case run cannot start another glued word.
            let end = bytes[i..].iter().position(|c| !c.is_ascii_lowercase()).map_or(bytes.len(), |p| i + p);
            n.mark(i, true);
            n.text.to_mut().push_str(&input[i..end]);
            i = end;
            continue;
        }
        let c = input[i..].chars().next().unwrap_or('\u{FFFD}');
        match fold(c) {
            Some(rep) => {
                n.mark(i, false);
                n.text.to_mut().push_str(rep);
            }
            None => {
                n.mark(i, true);
                n.text.to_mut().push(c);
            }
        }
        i += c.len_utf8();
    }
    n
}

/// One pass over `b`: whether it holds a byte from 0x80 up or a carriage return, and
/// whether it holds a glued acronym ("UScounterpart"). Either means more than the input
/// as it is. Two capitals and a lower-case letter in a row are rare: each block of 32
/// starts is first tested whole, on a 34-byte array the compiler reads in vectors (both
/// tests in one reading of the block), and only a block with such a triple is looked at
/// start by start.
fn survey(b: &[u8]) -> (bool, bool) {
    let up = |c: u8| c.wrapping_sub(b'A') < 26;
    let low = |c: u8| c.wrapping_sub(b'a') < 26;
    let special = |c: u8| (c >= 0x80) | (c == b'\r');
    let triple = |j: usize| up(b[j]) && up(b[j + 1]) && low(b[j + 2]);
    let (mut any_special, mut glued) = (false, false);
    let mut k = 0;
    while k + 2 < b.len() {
        let end = (k + 32).min(b.len() - 2);
        let (s, maybe) = match b.get(k..k + 34).and_then(|w| <&[u8; 34]>::try_from(w).ok()) {
            Some(w) => (
                w[..32].iter().fold(0u8, |a, &c| a | u8::from(special(c))) != 0,
                (0..32).fold(0u8, |a, j| a | u8::from(up(w[j]) & up(w[j + 1]) & low(w[j + 2]))) != 0,
            ),
            None => (b[k..end].iter().any(|&c| special(c)), true),
        };
        any_special |= s;
        glued = glued || maybe && (k..end).any(|j| triple(j) && glued_here(b, j + 2));
        if any_special && glued {
            return (true, true);
        }
        k = end;
    }
    // The last two bytes start no triple.
    (any_special || b[k..].iter().any(|&c| special(c)), glued)
}

/// The first byte at or after `from` for which `hit` holds. Blocks of 32 bytes are tested
/// whole as fixed-size arrays, which the compiler compares in vector registers: a block
/// without a hit costs a few instructions instead of a few a byte. (With a `bool`
/// accumulator, or a block of unknown length, it compares the bytes one by one.) Where the
/// first hit of a block lies, its bytes are tested again one by one: this is for tests
/// that seldom hit ([`Ends`] is for one that hits often).
#[inline(always)]
fn find_byte(b: &[u8], from: usize, hit: impl Fn(u8) -> bool) -> Option<usize> {
    let mut i = from;
    while i < b.len() {
        let block = &b[i..(i + 32).min(b.len())];
        let any = match <&[u8; 32]>::try_from(block) {
            Ok(whole) => whole.iter().fold(0u8, |a, &c| a | u8::from(hit(c))),
            Err(_) => block.iter().fold(0u8, |a, &c| a | u8::from(hit(c))),
        };
        if any != 0 {
            return block.iter().position(|&c| hit(c)).map(|p| i + p);
        }
        i += block.len();
    }
    None
}

/// Whether a byte can end a sentence.
fn is_end(c: u8) -> bool {
    (c == b'.') | (c == b'!') | (c == b'?') | (c == b'\n')
}

/// The bytes that can end a sentence, read off in order. A block of 32 bytes is tested
/// once, in vector registers, and the results gathered into a mask, eight bytes by one
/// multiply; its bits are then read one by one. (Testing the rest of a block again after
/// each hit cost more: news has such a byte in every hundred or so.)
struct Ends<'a> {
    b: &'a [u8],
    /// Where the block of `mask` starts.
    base: usize,
    /// The bytes of `base..base + 32` that can end a sentence and are not yet read past.
    mask: u32,
}

impl<'a> Ends<'a> {
    fn new(b: &'a [u8]) -> Ends<'a> {
        Ends { b, base: 0, mask: ends_mask(b, 0) }
    }

    /// The first byte at or after `from` that can end a sentence; `from` never goes back.
    fn next_from(&mut self, mut from: usize) -> Option<usize> {
        debug_assert!(from >= self.base);
        while from < self.b.len() {
            if from - self.base >= 32 {
                self.base = from;
                self.mask = ends_mask(self.b, from);
            } else {
                self.mask &= u32::MAX << (from - self.base);
            }
            if self.mask != 0 {
                return Some(self.base + self.mask.trailing_zeros() as usize);
            }
            from = self.base + 32;
        }
        None
    }
}

/// The bytes of `b[at..at + 32]` that can end a sentence, as the bits of a mask (byte
/// `at + j` to bit `j`). Most blocks have none: a block is tested whole first, and only
/// one with such a byte has its mask made.
#[inline(always)]
fn ends_mask(b: &[u8], at: usize) -> u32 {
    let Some(block) = b.get(at..at + 32).and_then(|w| <&[u8; 32]>::try_from(w).ok()) else {
        let tail = b.get(at..).unwrap_or(&[]);
        return tail.iter().enumerate().fold(0, |m, (j, &c)| m | u32::from(is_end(c)) << j);
    };
    if block.iter().fold(0u8, |a, &c| a | u8::from(is_end(c))) == 0 {
        return 0;
    }
    block_mask(block)
}

/// [`ends_mask`] of a block that has a byte that can end a sentence. Not inlined:
/// inlined, the compiler makes the mask of every block, to share the tests with the
/// test of the whole block.
#[inline(never)]
fn block_mask(block: &[u8; 32]) -> u32 {
    // A plain loop, which the compiler compares in vector registers.
    let mut flags = [0u8; 32];
    for (f, &c) in flags.iter_mut().zip(block) {
        *f = u8::from(is_end(c));
    }
    flags
        .chunks_exact(8)
        .enumerate()
        .fold(0u32, |m, (k, c)| m | gather([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]) << (8 * k))
}

/// Eight bytes of 0 or 1 as the bits of one byte (byte `j` to bit `j`): the multiply
/// shifts byte `j` up by `56 - 7j` bits, into bit `56 + j`, and the other shifted copies
/// fall on distinct bits, outside the top byte, so nothing carries into it.
#[inline(always)]
fn gather(flags: [u8; 8]) -> u32 {
    (u64::from_le_bytes(flags).wrapping_mul(0x0102_0408_1020_4080) >> 56) as u32
}

/// True when byte `i` starts a lower-case run of 3+ letters that directly follows a run of
/// 2+ capitals which itself starts a word: "US|counterpart" yes; "IDs", "McCain",
/// "USAid", "PhD" no.
fn glued_here(b: &[u8], i: usize) -> bool {
    if i < 2 || !b[i - 1].is_ascii_uppercase() || !b[i - 2].is_ascii_uppercase() {
        return false;
    }
    let mut s = i - 2;
    while s > 0 && b[s - 1].is_ascii_uppercase() {
        s -= 1;
    }
    if s > 0 && (b[s - 1].is_ascii_alphanumeric() || b[s - 1] >= 0x80) {
        return false;
    }
    let caps = i - s;
    if !(2..=4).contains(&caps) {
        return false;
    }
    let mut e = i;
    while e < b.len() && b[e].is_ascii_lowercase() {
        e += 1;
    }
    let low = e - i;
    let word_end = e == b.len() || !(b[e].is_ascii_alphanumeric() || b[e] >= 0x80);
    low >= 4 && word_end
}

/// Whether `word` is an abbreviation after which a full stop does not end a sentence. (A
/// `match`, which dispatches on the length, not a scan comparing each of 53 words.)
fn is_abbreviation(word: &[u8]) -> bool {
    matches!(
        word,
        b"Mr"
            | b"Mrs"
            | b"Ms"
            | b"Dr"
            | b"Prof"
            | b"Gen"
            | b"Lt"
            | b"Col"
            | b"Maj"
            | b"Capt"
            | b"Sgt"
            | b"Cpl"
            | b"Adm"
            | b"Brig"
            | b"Cmdr"
            | b"Gov"
            | b"Sen"
            | b"Rep"
            | b"Rev"
            | b"St"
            | b"Ft"
            | b"Mt"
            | b"Jr"
            | b"Sr"
            | b"No"
            | b"Nos"
            | b"Jan"
            | b"Feb"
            | b"Mar"
            | b"Apr"
            | b"Jun"
            | b"Jul"
            | b"Aug"
            | b"Sep"
            | b"Sept"
            | b"Oct"
            | b"Nov"
            | b"Dec"
            | b"vs"
            | b"etc"
            | b"approx"
            | b"Inc"
            | b"Ltd"
            | b"Co"
            | b"Corp"
            | b"Pres"
            | b"Amb"
            | b"Sheikh"
            | b"al"
            | b"Dept"
            | b"est"
            | b"Fig"
    )
}

/// Sentence spans (byte ranges of `text`), trimmed of surrounding white space.
///
/// A sentence ends at `.`, `!` or `?` (with any closing quotes or brackets) followed by white
/// space and a capital, digit or opening quote, unless the full stop closes an abbreviation
/// ("Gen.", "U.S.") or an initial; and at every line break, since headlines, bylines and
/// datelines carry no punctuation. Very long runs without punctuation (sources that strip
/// it) are cut at the next " said " or comma-less clause boundary after 600 bytes.
///
/// They are written into `out` (cleared first), whose memory an earlier text may have left.
pub fn sentences_into(text: &str, out: &mut Vec<(usize, usize)>) {
    out.clear();
    let b = text.as_bytes();
    // News runs to about a sentence in every hundred bytes: room for most without growing.
    out.reserve(text.len() / 64 + 1);
    let mut start = 0;
    let mut from = 0;
    let mut ends = Ends::new(b);
    while from < b.len() {
        // Only these bytes can end a sentence.
        let Some(i) = ends.next_from(from) else {
            break;
        };
        if b[i] == b'\n' {
            split_long(text, start, i, out);
            start = i + 1;
            from = i + 1;
        } else if ends_sentence(b, i) {
            let mut e = i + 1;
            while e < b.len() && matches!(b[e], b'"' | b'\'' | b')' | b']') {
                e += 1;
            }
            split_long(text, start, e, out);
            start = e;
            from = e;
        } else {
            from = i + 1;
        }
    }
    split_long(text, start, b.len(), out);
}

/// Sources that strip punctuation run whole stories together: past 600 bytes a sentence is
/// also cut after a reporting " said", and past 2,000 bytes at the last space or comma
/// anyway. No real sentence is that long, and the work on one grows with the square of
/// its length.
#[inline(always)]
fn split_long(text: &str, start: usize, end: usize, out: &mut Vec<(usize, usize)>) {
    // Most sentences are short: they go straight out.
    if end - start <= SOFT {
        push_trimmed(text, start, end, out);
    } else {
        split_longer(text, start, end, out);
    }
}

/// The longest a sentence runs before a reporting " said" cuts it.
const SOFT: usize = 600;

/// [`split_long`] of a span longer than [`SOFT`].
#[inline(never)]
fn split_longer(text: &str, mut start: usize, end: usize, out: &mut Vec<(usize, usize)>) {
    const HARD: usize = 2_000;
    while end - start > SOFT {
        let from = text.floor_char_boundary(start + SOFT);
        let limit = text.floor_char_boundary((start + HARD).min(end));
        let said = text[from..limit].find(" said ").map(|p| from + p + 5);
        let cut = said.or_else(|| {
            (end - start > HARD)
                .then(|| text[from..limit].rfind([' ', ',', ';']).map_or(limit, |p| from + p + 1).max(start + 1))
        });
        match cut {
            Some(c) => {
                let c = text.ceil_char_boundary(c);
                push_trimmed(text, start, c, out);
                start = c;
            }
            None => break,
        }
    }
    push_trimmed(text, start, end, out);
}

/// Pushes `start..end` less the white space (`char::is_whitespace`) around it, unless
/// nothing is left.
#[inline(always)]
fn push_trimmed(text: &str, start: usize, end: usize, out: &mut Vec<(usize, usize)>) {
    // ASCII white space byte by byte; `str::trim_*` (which decodes every character) only
    // from a non-ASCII byte on, where Unicode white space may stand.
    let b = text.as_bytes();
    let ascii_space = |c: u8| matches!(c, b'\t'..=b'\r' | b' ');
    let (mut s, mut e) = (start, end);
    while s < e && ascii_space(b[s]) {
        s += 1;
    }
    if s < e && b[s] >= 0x80 {
        s = e - text[s..e].trim_start().len();
    }
    while e > s && ascii_space(b[e - 1]) {
        e -= 1;
    }
    if e > s && b[e - 1] >= 0x80 {
        e = s + text[s..e].trim_end().len();
    }
    if s < e {
        out.push((s, e));
    }
}

fn ends_sentence(b: &[u8], i: usize) -> bool {
    // Skip closing quotes/brackets, then require white space and a plausible sentence start.
    let mut j = i + 1;
    while j < b.len() && matches!(b[j], b'"' | b'\'' | b')' | b']') {
        j += 1;
    }
    if j >= b.len() {
        return true;
    }
    if !b[j].is_ascii_whitespace() {
        return false;
    }
    while j < b.len() && b[j].is_ascii_whitespace() {
        if b[j] == b'\n' {
            return true;
        }
        j += 1;
    }
    if j >= b.len() {
        return true;
    }
    let next = b[j];
    if !(next.is_ascii_uppercase()
        || next.is_ascii_digit()
        || matches!(next, b'"' | b'\'' | b'(' | b'[')
        || next >= 0x80)
    {
        return false;
    }
    if b[i] != b'.' {
        return true;
    }
    // The word before the full stop.
    let mut w = i;
    while w > 0 && (b[w - 1].is_ascii_alphabetic() || b[w - 1] == b'.') {
        w -= 1;
    }
    let word = &b[w..i];
    if word.is_empty() {
        return true;
    }
    // "U.S.", "U.N." and single initials ("John F. Kennedy").
    if word.contains(&b'.') || (word.len() == 1 && word[0].is_ascii_uppercase()) {
        // "... in the U.S. The next day" still ends; accept when the next word is a
        // common sentence opener.
        return starts_with_opener(&b[j..]);
    }
    !is_abbreviation(word)
}

fn starts_with_opener(rest: &[u8]) -> bool {
    const OPENERS: &[&str] = &[
        "The ", "A ", "An ", "He ", "She ", "It ", "They ", "We ", "I ", "In ", "On ", "But ", "This ", "That ",
        "There ", "Its ", "His ", "Her ", "Their ",
    ];
    OPENERS.iter().any(|o| rest.starts_with(o.as_bytes()))
}

/// [`sentences_into`] a new vector.
#[cfg(test)]
pub fn sentences(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    sentences_into(text, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_and_maps_back() {
        let cases: &[(&str, &str)] = &[
            ("plain ascii", "plain ascii"),
            ("Syria\u{2019}s truce", "Syria's truce"),
            ("\u{201C}No\u{201D}", "\"No\""),
            ("Aleppo\u{00A0}city", "Aleppo city"),
            ("2015\u{2013}2016", "2015-2016"),
            ("his UScounterpart John", "his US counterpart John"),
            ("UNenvoy said", "UN envoy said"),
            ("IDs and PhDs", "IDs and PhDs"),
            ("McCain USAid", "McCain USAid"),
            ("a\r\nb", "a\nb"),
            ("soft\u{00AD}hyphen", "softhyphen"),
        ];
        for (input, want) in cases {
            let n = normalize(input);
            assert_eq!(&n.text, want, "input {input:?}");
            // Every normalised span maps to a char-boundary span of the input.
            for s in 0..=n.text.len() {
                for e in s..=n.text.len() {
                    let (a, z) = n.span_to_original(s, e);
                    assert!(a <= z && z <= input.len());
                    assert!(input.is_char_boundary(a) && input.is_char_boundary(z));
                }
            }
        }
    }

    /// `span_to_original`, which finds the end's segments from the start's, maps every span
    /// as three searches with `to_original` do.
    #[test]
    fn span_mapping_equals_three_searches() {
        let oracle = |n: &Normalized, s: usize, e: usize| {
            let a = n.to_original(s);
            let z = if e > s { n.to_original(e).max(n.to_original(e - 1) + 1) } else { a };
            (a, z.max(a))
        };
        let pieces = [
            "a",
            "Syria",
            " ",
            "\u{2019}",
            "\u{201C}",
            "\u{201D}",
            "\r\n",
            "\r",
            "UScounterpart",
            "\u{00AD}",
            "\u{2026}",
            "\u{00E9}",
            "\u{2014}",
            "\u{200B}",
            "\u{FFFD}",
            "x.",
            "\n",
        ];
        let mut seed = 0x9E37_79B9_7F4A_7C15;
        let mut segmented = 0;
        for _ in 0..3_000 {
            seed = crate::testing::xorshift(seed);
            let input = crate::testing::pieces(&mut seed, &pieces, 40);
            let n = normalize(&input);
            segmented += usize::from(n.segs.len() > 5);
            for s in 0..=n.text.len() + 1 {
                for e in s..=n.text.len() + 2 {
                    assert_eq!(n.span_to_original(s, e), oracle(&n, s, e), "{input:?} {s}..{e}");
                }
            }
        }
        assert!(segmented > 1_000, "{segmented} texts with many segments");
    }

    #[test]
    fn curly_quote_span_covers_whole_char() {
        let input = "Syria\u{2019}s";
        let n = normalize(input);
        assert_eq!(n.span_to_original(5, 6), (5, 8));
        assert_eq!(n.span_to_original(0, 7), (0, input.len()));
    }

    #[test]
    fn splits_sentences() {
        let cases: &[(&str, &[&str])] = &[
            ("One. Two.", &["One.", "Two."]),
            ("The U.S. Army said. It was.", &["The U.S. Army said.", "It was."]),
            ("In the U.S. The next day came.", &["In the U.S.", "The next day came."]),
            ("Gen. Smith said so. Then.", &["Gen. Smith said so.", "Then."]),
            ("Headline\n\nBody text here.", &["Headline", "Body text here."]),
            ("\"Quote.\" He said.", &["\"Quote.\"", "He said."]),
            ("Casualties unknown.", &["Casualties unknown."]),
            ("Value 3.5 is fine. Next", &["Value 3.5 is fine.", "Next"]),
            ("a.b and lower. case", &["a.b and lower. case"]),
            ("", &[]),
            ("  \n \n", &[]),
        ];
        for (text, want) in cases {
            let got: Vec<&str> = sentences(text).iter().map(|&(s, e)| &text[s..e]).collect();
            assert_eq!(&got, want, "text {text:?}");
        }
    }

    /// Random strings over pieces that matter to the hand-written scans: white space
    /// (ASCII and Unicode), sentence ends, capitals, lower case, non-ASCII letters.
    fn generated(n: usize) -> Vec<String> {
        const PIECES: &[&str] = &[
            " ",
            "\t",
            "\n",
            "\r",
            "\x0b",
            "\x0c",
            "\x1c",
            "\u{a0}",
            "\u{1680}",
            "\u{2003}",
            "\u{3000}",
            ".",
            "!",
            "?",
            "\"",
            ")",
            "US",
            "UN",
            "A",
            "B",
            "x",
            "counterpart",
            "envoy",
            "abc",
            "é",
            "\u{2019}",
            "7",
            "Mr",
        ];
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        (0..n)
            .map(|_| {
                seed = crate::testing::xorshift(seed);
                crate::testing::pieces(&mut seed, PIECES, 90)
            })
            .collect()
    }

    #[test]
    fn hand_scans_agree_with_plain_ones() {
        for text in generated(20_000) {
            let b = text.as_bytes();
            // push_trimmed is `str::trim` on every char-boundary span.
            let cuts: Vec<usize> = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
            for (k, &s) in cuts.iter().enumerate().step_by(3) {
                for &e in &cuts[k..] {
                    let mut got = Vec::new();
                    push_trimmed(&text, s, e, &mut got);
                    let span = &text[s..e];
                    let lead = span.len() - span.trim_start().len();
                    let want: Vec<(usize, usize)> =
                        if span.trim().is_empty() { vec![] } else { vec![(s + lead, s + lead + span.trim().len())] };
                    assert_eq!(got, want, "{text:?} {s}..{e}");
                }
            }
            for from in 0..=b.len() {
                let want = b[from..].iter().position(|c| b".!?\n".contains(c)).map(|p| from + p);
                assert_eq!(Ends::new(b).next_from(from), want, "{text:?} from {from}");
            }
            let want = (2..b.len()).any(|j| {
                b[j - 2].is_ascii_uppercase()
                    && b[j - 1].is_ascii_uppercase()
                    && b[j].is_ascii_lowercase()
                    && glued_here(b, j)
            });
            let special = b.iter().any(|&c| c >= 0x80 || c == b'\r');
            assert_eq!(survey(b), (special, want), "{text:?}");
        }
    }

    /// `Ends` read with `from` going forward in steps short and long, over texts of many
    /// blocks, finds what a plain search from each `from` finds.
    #[test]
    fn ends_read_off_in_order_equal_plain_search() {
        let texts = generated(3_000);
        let mut seed = 0x51_7cc1_b727_220au64;
        for k in 0..texts.len() {
            let text = texts[k..(k + 8).min(texts.len())].concat();
            let b = text.as_bytes();
            let mut ends = Ends::new(b);
            let mut from = 0;
            while from <= b.len() {
                let want = b[from..].iter().position(|c| b".!?\n".contains(c)).map(|p| from + p);
                assert_eq!(ends.next_from(from), want, "{text:?} from {from}");
                seed = crate::testing::xorshift(seed);
                from += match seed % 4 {
                    0 => 1,
                    1 => want.map_or(1, |w| w + 1 - from),
                    2 => (seed >> 8) as usize % 40,
                    _ => (seed >> 8) as usize % 100,
                };
            }
        }
    }

    /// Every byte of eight flags lands on its own bit.
    #[test]
    fn gather_packs_every_flag() {
        for m in 0..=255u32 {
            let flags: [u8; 8] = std::array::from_fn(|j| (m >> j) as u8 & 1);
            assert_eq!(gather(flags), m);
        }
    }

    #[test]
    fn run_on_text_is_cut_into_bounded_sentences() {
        // Regression: a line with no sentence end was one sentence, and the work on it grew
        // with the square of its length.
        for unit in ["air strikes hit Aleppo and ", "é\u{2019}🙂x", "nospaceatall", "a, b; c "] {
            let text = unit.repeat(3_000);
            let got = sentences(&text);
            assert!(got.iter().all(|&(s, e)| e - s <= 2_004), "{unit:?}: {:?}", got.iter().map(|p| p.1 - p.0).max());
            assert!(got.iter().all(|&(s, e)| text.is_char_boundary(s) && text.is_char_boundary(e)));
            let covered: usize = got.iter().map(|&(s, e)| text[s..e].trim().len()).sum();
            let words: usize = text.split_whitespace().map(str::len).sum();
            assert!(covered >= words, "{unit:?}: text lost");
        }
    }
}
