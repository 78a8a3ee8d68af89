//! The batch API against one-by-one extraction, and the streaming `--jsonl` mode of the
//! `extract` example.
//!
//! The example's line handling lives in `examples/support/jsonl.rs`, a module the example
//! and this test both declare with `#[path]`, so the test drives the same code as the
//! binary, in memory, without building or finding the example executable.

#[path = "../examples/support/jsonl.rs"]
mod jsonl;

use conflict_events::{CivilDate, Document, Extraction, Extractor};
use serde_json::Value;
use std::io::{self, BufRead, Read, Write};

const SEED: &str = include_str!("../examples/data/aleppo-2016-05-02.txt");

/// A few dozen varied texts: the seed article and its paragraphs, empty and blank text,
/// non-ASCII scripts, events of every kind, and text with no event at all.
fn texts() -> Vec<String> {
    let mut t: Vec<String> = vec![
        SEED.to_string(),
        String::new(),
        "   \n\t ".to_string(),
        "Russian forces shelled Kramatorsk, Donetsk region, on 9 May 2022, killing three civilians.".to_string(),
        "Kerry was scheduled to meet Lavrov in Geneva on Monday.".to_string(),
        "Officials said a ceasefire in Idlib was holding despite sporadic violations.".to_string(),
        "Syrian and Russian jets carried out air strikes on Aleppo on Sunday, killing at least 20 people.".to_string(),
        "Rockets fired by Houthi fighters hit residential areas of Sanaa, wounding 12 people.".to_string(),
        "The central bank kept interest rates unchanged for the third month in a row.".to_string(),
        "Des frappes aériennes ont touché Alep — « 30 morts », selon l’OSDH.".to_string(),
        "Российские войска обстреляли Харьков. Russian forces shelled Kharkiv on Tuesday.".to_string(),
        "غارات جوية على حلب. Air strikes hit Aleppo’s Bustan al-Qasr district, killing 7 civilians 😢.".to_string(),
        "Ünal said Turkish artillery shelled positions near Afrin on 20 January 2018.".to_string(),
        "\u{feff}Drone strikes hit Mosul\u{200b} on Friday.\r\nTwo civilians were killed.".to_string(),
        "No strikes were carried out on Gaza on Monday, the army said.".to_string(),
        "The two sides agreed a truce in Tripoli, to begin at midnight.".to_string(),
        "a".to_string(),
        ".".repeat(500),
        "On 3 March 2023, Russian forces fired artillery at Avdiivka, Donetsk region. Casualties unknown.".to_string(),
    ];
    t.extend(SEED.split("\n\n").filter(|p| !p.trim().is_empty()).take(20).map(str::to_string));
    t
}

fn docs(texts: &[String]) -> Vec<Document<'_>> {
    let published = CivilDate::new(2016, 5, 2).unwrap();
    // Every other document has a publication date, to vary relative-date resolution.
    texts
        .iter()
        .enumerate()
        .map(|(i, t)| if i % 2 == 0 { Document::new(t).published(published) } else { Document::new(t) })
        .collect()
}

fn one_by_one(ex: &Extractor, docs: &[Document<'_>]) -> Vec<Extraction> {
    docs.iter().map(|d| ex.extract(d)).collect()
}

#[test]
fn batch_equals_one_by_one_in_order() {
    let texts = texts();
    assert!(texts.len() >= 36, "a few dozen documents: {}", texts.len());
    let docs = docs(&texts);
    let ex = Extractor::default_ref();
    let expected = one_by_one(ex, &docs);
    let batch = ex.extract_batch(&docs);
    assert_eq!(batch.len(), docs.len());
    for (i, (b, e)) in batch.iter().zip(&expected).enumerate() {
        assert_eq!(b.events, e.events, "events of document {i}");
        assert_eq!(b.places, e.places, "places of document {i}");
        assert_eq!(b.actors, e.actors, "actors of document {i}");
    }
    // The set is not trivial: the seed article has events, empty text has none.
    assert!(!batch[0].events.is_empty());
    assert!(batch[1] == Extraction::default() && batch[2].events.is_empty());
    // Twice over, in a different order: still the same per document.
    let reversed: Vec<Document> = docs.iter().rev().copied().collect();
    let mut again = ex.extract_batch(&reversed);
    again.reverse();
    assert_eq!(again, expected);
    assert!(ex.extract_batch(&[]).is_empty());
}

#[test]
fn batch_with_keeps_input_order() {
    let texts = texts();
    let items: Vec<(usize, &str)> = (0..300).map(|i| (i, texts[i % texts.len()].as_str())).collect();
    let out = Extractor::default_ref()
        .extract_batch_with(&items, |ex, &(i, t)| (i, ex.extract(&Document::new(t)).events.len()));
    let expected: Vec<(usize, usize)> =
        items.iter().map(|&(i, t)| (i, conflict_events::extract_events(t).len())).collect();
    assert_eq!(out, expected);
}

#[cfg(feature = "parallel")]
#[test]
fn batch_is_the_same_in_pools_of_one_and_several_threads() {
    let texts = texts();
    let docs = docs(&texts);
    let ex = Extractor::default_ref();
    let expected = one_by_one(ex, &docs);
    for n in [1, 2, 4] {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(n).build().unwrap();
        assert_eq!(pool.install(|| ex.extract_batch(&docs)), expected, "{n} threads");
    }
}

// ---- the streaming `--jsonl` mode ----

/// Runs the `--jsonl` handling on `input`: (stdout lines, stderr lines, all ok).
fn run(input: &[u8], limits: &jsonl::Limits) -> (Vec<String>, Vec<String>, bool) {
    let mut out = Vec::new();
    let mut diag = Vec::new();
    let ok = jsonl::run_jsonl(Extractor::default_ref(), &mut &input[..], None, limits, &mut out, &mut diag).unwrap();
    let lines = |b: Vec<u8>| String::from_utf8(b).unwrap().lines().map(str::to_string).collect::<Vec<_>>();
    (lines(out), lines(diag), ok)
}

fn json_line(id: &str, text: &str, published: Option<&str>) -> String {
    let mut v = serde_json::json!({"id": id, "text": text});
    if let Some(p) = published {
        v["published"] = p.into();
    }
    v.to_string()
}

/// Input lines with every kind of bad line among good ones; returns the bytes and the
/// number of lines.
fn mixed_input() -> (Vec<u8>, usize) {
    let texts = texts();
    let mut lines: Vec<Vec<u8>> = Vec::new();
    for (i, t) in texts.iter().enumerate() {
        lines.push(json_line(&format!("doc-{i}"), t, (i % 3 == 0).then_some("2016-05-02")).into_bytes());
    }
    let bad: Vec<Vec<u8>> = vec![
        b"".to_vec(),                                                  // empty line
        b" \t\r".to_vec(),                                             // blank line
        b"{\"id\": 1, \"text\": \"caf\xe9\"}".to_vec(),                // invalid UTF-8
        b"not json at all".to_vec(),                                   // not JSON
        br#"{"id": "no-text", "body": "x"}"#.to_vec(),                 // no "text"
        br#"{"id": "bad-pub", "text": "x", "published": 7}"#.to_vec(), // bad "published"
        br#"{"id": "lenient", "text": "Jets struck Aleppo on Monday.", "published": "December 9th 2016"}"#.to_vec(),
        br#"{"id": "unreadable", "text": "Jets struck Aleppo.", "published": "someday"}"#.to_vec(), // warning only
    ];
    // Interleave: a bad line after every few good ones.
    let mut all = Vec::new();
    let mut bad_it = bad.into_iter();
    for (i, l) in lines.into_iter().enumerate() {
        all.push(l);
        if i % 4 == 1 {
            if let Some(b) = bad_it.next() {
                all.push(b);
            }
        }
    }
    all.extend(bad_it);
    let n = all.len();
    let mut bytes = all.join(&b'\n');
    bytes.push(b'\n');
    (bytes, n)
}

#[test]
fn jsonl_every_line_gives_one_output_line_in_order() {
    let (input, n) = mixed_input();
    let (out, diag, ok) = run(&input, &jsonl::Limits::default());
    assert!(!ok, "bad lines make the run fail");
    assert_eq!(out.len(), n, "one output line per input line");
    let input_lines: Vec<&[u8]> = input[..input.len() - 1].split(|&b| b == b'\n').collect();
    assert_eq!(input_lines.len(), n);
    let ex = Extractor::default_ref();
    let mut errors = 0;
    for (i, (inp, o)) in input_lines.iter().zip(&out).enumerate() {
        let v: Value = serde_json::from_str(o).unwrap_or_else(|e| panic!("line {}: {e}: {o}", i + 1));
        let parsed: Option<Value> = std::str::from_utf8(inp).ok().and_then(|s| serde_json::from_str(s).ok());
        let is_good = parsed.as_ref().is_some_and(|p| {
            p["text"].is_string() && (p.get("published").is_none_or(|d| d.is_string() || d.is_null()))
        });
        if is_good {
            let p = parsed.unwrap();
            assert_eq!(v["id"], p["id"], "line {}", i + 1);
            assert!(v.get("error").is_none(), "line {}: {o}", i + 1);
            // Same output as rendering that document alone.
            let published = p["published"]
                .as_str()
                .and_then(|s| CivilDate::parse_iso(s).or_else(|| conflict_events::find_absolute_date(s)));
            assert_eq!(o, &jsonl::render(ex, p["id"].clone(), p["text"].as_str().unwrap(), published));
        } else {
            errors += 1;
            assert_eq!(v["line"], i + 1, "{o}");
            assert!(v["error"].is_string(), "{o}");
            if inp.iter().all(u8::is_ascii_whitespace) {
                assert_eq!(v["error"], "empty line");
                assert_eq!(v["id"], Value::Null);
            }
        }
    }
    assert_eq!(errors, 6, "empty, blank, invalid UTF-8, not JSON, no text, bad published");
    // Each error and the one unreadable date appear on stderr, in input order.
    assert_eq!(diag.len(), 7, "{diag:#?}");
    let diag_lines: Vec<usize> =
        diag.iter().map(|d| d.strip_prefix("line ").unwrap().split(':').next().unwrap().parse().unwrap()).collect();
    assert!(diag_lines.windows(2).all(|w| w[0] < w[1]), "{diag_lines:?}");
    assert!(diag.iter().any(|d| d.contains("empty line")));
    assert!(diag.iter().any(|d| d.contains("invalid UTF-8 at byte")));
    assert!(diag.iter().any(|d| d.contains("not JSON")));
    assert!(diag.iter().any(|d| d.contains("no \"text\" string")));
    assert!(diag.iter().any(|d| d.contains("bad \"published\" value 7")));
    assert!(diag.iter().any(|d| d.contains("unreadable \"published\" date \"someday\"")));
}

#[test]
fn jsonl_output_does_not_depend_on_chunking() {
    let (input, n) = mixed_input();
    let reference = run(&input, &jsonl::Limits::default());
    for (lines, bytes) in [(1, usize::MAX), (3, usize::MAX), (1024, 1), (7, 300), (0, 0)] {
        let got = run(&input, &jsonl::Limits { lines, bytes });
        assert_eq!(got, reference, "chunks of {lines} lines / {bytes} bytes");
    }
    assert_eq!(reference.0.len(), n);
}

#[test]
fn jsonl_last_line_without_newline_and_all_good_input() {
    let input = format!(
        "{}\n{}",
        json_line("a", "Russian forces shelled Kharkiv on 9 May 2022.", None),
        json_line("b", SEED, Some("2016-05-02"))
    );
    let (out, diag, ok) = run(input.as_bytes(), &jsonl::Limits { lines: 1, bytes: 1 });
    assert!(ok, "{diag:?}");
    assert!(diag.is_empty());
    assert_eq!(out.len(), 2);
    let b: Value = serde_json::from_str(&out[1]).unwrap();
    assert_eq!(b["id"], "b");
    assert!(!b["events"].as_array().unwrap().is_empty());
    // Nothing in, nothing out, and no failure.
    assert_eq!(run(b"", &jsonl::Limits::default()), (vec![], vec![], true));
}

/// A writer that refuses everything, like a closed pipe.
struct ClosedPipe;

impl Write for ClosedPipe {
    fn write(&mut self, _: &[u8]) -> io::Result<usize> {
        Err(io::ErrorKind::BrokenPipe.into())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[test]
fn jsonl_write_error_ends_the_run() {
    let (input, _) = mixed_input();
    // One chunk, or many (the reading side must notice that the writer has stopped).
    for limits in [jsonl::Limits::default(), jsonl::Limits { lines: 1, bytes: 1 }] {
        let err = jsonl::run_jsonl(
            Extractor::default_ref(),
            &mut &input[..],
            None,
            &limits,
            &mut ClosedPipe,
            &mut io::sink(),
        )
        .unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::BrokenPipe);
    }
}

/// Gives `data`, then fails.
struct FailingReader<'a> {
    data: &'a [u8],
}

impl Read for FailingReader<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.data.is_empty() {
            return Err(io::Error::other("disk on fire"));
        }
        let n = buf.len().min(self.data.len());
        buf[..n].copy_from_slice(&self.data[..n]);
        self.data = &self.data[n..];
        Ok(n)
    }
}

#[test]
fn jsonl_read_error_keeps_the_whole_lines_before_it() {
    let input = format!("{}\n{}\n{{\"id\": \"partial", json_line("a", "x", None), json_line("b", "y", None));
    let mut reader = io::BufReader::with_capacity(5, FailingReader { data: input.as_bytes() });
    let reader: &mut dyn BufRead = &mut reader;
    let mut out = Vec::new();
    let err =
        jsonl::run_jsonl(Extractor::default_ref(), reader, None, &jsonl::Limits::default(), &mut out, &mut io::sink())
            .unwrap_err();
    assert_eq!(err.to_string(), "disk on fire");
    let out = String::from_utf8(out).unwrap();
    let ids: Vec<Value> = out.lines().map(|l| serde_json::from_str::<Value>(l).unwrap()["id"].clone()).collect();
    assert_eq!(ids, ["a", "b"]);
}
