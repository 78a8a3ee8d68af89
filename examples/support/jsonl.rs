//! The `--jsonl` mode of the `extract` example: JSON lines in, one JSON line out per input
//! line, in order, streamed in chunks and processed in parallel.
//!
//! This file is a module of the example (`#[path = "support/jsonl.rs"] mod jsonl;` in
//! `examples/extract.rs`) and of `tests/batch.rs` (`#[path]` too), so the test runs the
//! code the binary runs. It sits in a folder of its own so that Cargo does not take it
//! for an example.
//!
//! [`run_jsonl`] reads whole lines until it holds [`Limits::lines`] lines or
//! [`Limits::bytes`] bytes, whichever comes first; handles the chunk's lines with
//! [`Extractor::extract_batch_with`] (JSON parse, `published`, extraction, serialisation:
//! all per line, on every core); hands the chunk's output lines, in input order, to a
//! writer thread, which writes them while the next chunk is read and processed. Memory is
//! bounded by a few chunks (and their output), not by the input.

use conflict_events::{CivilDate, Document, Extractor};
use serde::Serialize;
use serde_json::{json, Value};
use std::io::{self, BufRead, Write};
use std::sync::mpsc;

/// How much input one chunk holds at most (a single longer line is still read whole).
pub struct Limits {
    /// Lines per chunk.
    pub lines: usize,
    /// Bytes per chunk: no further line is read once the chunk holds this many.
    pub bytes: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits { lines: 1024, bytes: 8 << 20 }
    }
}

/// One output line; a struct (not a JSON map) keeps the fields in the documented order.
#[derive(Serialize)]
struct Line {
    id: Value,
    events: Vec<conflict_events::Event>,
    places: Vec<conflict_events::Place>,
    actors: Vec<conflict_events::ActorMention>,
}

/// The output line for one document: `{"id", "events", "places", "actors"}`.
pub fn render(ex: &Extractor, id: Value, text: &str, published: Option<CivilDate>) -> String {
    let mut doc = Document::new(text);
    if let Some(p) = published {
        doc = doc.published(p);
    }
    let out = ex.extract(&doc);
    let line = Line { id, events: out.events, places: out.places, actors: out.actors };
    // Plain data with string keys: serialisation cannot fail.
    serde_json::to_string(&line).unwrap_or_default()
}

/// `YYYY-MM-DD…`, or any date the extractor itself can read ("December 9th 2016",
/// "9:43 PM, Dec 11, 2016").
fn lenient_date(s: &str) -> Option<CivilDate> {
    CivilDate::parse_iso(s).or_else(|| conflict_events::find_absolute_date(s))
}

/// What one input line gives: its output line, a message for stderr, and whether it failed.
struct Outcome {
    json: String,
    diag: Option<String>,
    failed: bool,
}

fn process_line(ex: &Extractor, line_no: usize, line: &[u8], default_pub: Option<CivilDate>) -> Outcome {
    let mut warning = None;
    let result = (|| -> Result<String, (Value, String)> {
        if line.iter().all(u8::is_ascii_whitespace) {
            return Err((Value::Null, "empty line".to_string()));
        }
        let text = std::str::from_utf8(line)
            .map_err(|e| (Value::Null, format!("invalid UTF-8 at byte {}", e.valid_up_to())))?;
        let v: Value = serde_json::from_str(text).map_err(|e| (Value::Null, format!("not JSON: {e}")))?;
        let id = v.get("id").cloned().unwrap_or(Value::Null);
        let body =
            v.get("text").and_then(Value::as_str).ok_or_else(|| (id.clone(), "no \"text\" string".to_string()))?;
        let published = match v.get("published") {
            None | Some(Value::Null) => default_pub,
            Some(Value::String(s)) => match lenient_date(s) {
                Some(d) => Some(d),
                None => {
                    // An unreadable date costs the relative dates, not the document.
                    warning = Some(format!("unreadable \"published\" date {s:?}; relative dates left unresolved"));
                    default_pub
                }
            },
            Some(other) => return Err((id, format!("bad \"published\" value {other}"))),
        };
        Ok(render(ex, id, body, published))
    })();
    match result {
        Ok(json) => Outcome { json, diag: warning, failed: false },
        Err((id, msg)) => Outcome {
            json: json!({"line": line_no, "id": id, "error": msg}).to_string(),
            diag: Some(msg),
            failed: true,
        },
    }
}

/// Reads JSON lines from `input` and writes one line to `out` for each, in order: the
/// extraction, or `{"line": N, "id": …, "error": "…"}` (N counts from 1; blank lines are
/// errors too). Warnings and errors go to `diag` as `line N: …`, in input order. Returns
/// whether every line succeeded; an I/O error on `out` (or on `input`, after the lines
/// read before it are written) ends the run.
///
/// The calling thread reads and processes the chunks (the batch API runs in the caller's
/// rayon pool); a helper thread writes each processed chunk to `out` while the next one
/// is read and processed. At most three chunks are held at once: one being written, one
/// handed over, one being processed.
pub fn run_jsonl(
    ex: &Extractor,
    input: &mut dyn BufRead,
    default_pub: Option<CivilDate>,
    limits: &Limits,
    out: &mut (dyn Write + Send),
    diag: &mut dyn Write,
) -> io::Result<bool> {
    let (to_writer, chunks) = mpsc::sync_channel::<Vec<String>>(0);
    std::thread::scope(|scope| {
        let writer = scope.spawn(move || -> io::Result<()> {
            for chunk in chunks {
                for line in chunk {
                    out.write_all(line.as_bytes())?;
                    out.write_all(b"\n")?;
                }
            }
            Ok(())
        });
        let read = read_and_process(ex, input, default_pub, limits, diag, &to_writer);
        // Closing the channel lets the writer finish the chunks sent so far.
        drop(to_writer);
        match writer.join() {
            Ok(written) => written.and(read),
            Err(panic) => std::panic::resume_unwind(panic),
        }
    })
}

/// The reading side of [`run_jsonl`]: chunks in, output lines to `to_writer`. Stops early,
/// with no error of its own, when the writer has stopped (its error is the one reported).
fn read_and_process(
    ex: &Extractor,
    input: &mut dyn BufRead,
    default_pub: Option<CivilDate>,
    limits: &Limits,
    diag: &mut dyn Write,
    to_writer: &mpsc::SyncSender<Vec<String>>,
) -> io::Result<bool> {
    let mut ok = true;
    let mut lines_done = 0usize;
    // One buffer for the chunk's bytes, reused; `spans` delimits its lines.
    let mut buf: Vec<u8> = Vec::new();
    let mut spans: Vec<(usize, usize)> = Vec::new();
    loop {
        buf.clear();
        spans.clear();
        let mut end_of_input = false;
        let mut read_error = None;
        // At least one line per chunk, whatever the limits.
        while spans.is_empty() || (spans.len() < limits.lines && buf.len() < limits.bytes) {
            let start = buf.len();
            match input.read_until(b'\n', &mut buf) {
                Ok(0) => {
                    end_of_input = true;
                    break;
                }
                Ok(_) => {
                    let end = if buf.ends_with(b"\n") { buf.len() - 1 } else { buf.len() };
                    spans.push((start, end));
                }
                Err(e) => {
                    // A partial line is dropped; the whole lines before it are still written.
                    buf.truncate(start);
                    read_error = Some(e);
                    break;
                }
            }
        }
        let items: Vec<(usize, &[u8])> =
            spans.iter().enumerate().map(|(i, &(s, e))| (lines_done + i + 1, &buf[s..e])).collect();
        let outcomes =
            ex.extract_batch_with(&items, |ex, &(line_no, line)| process_line(ex, line_no, line, default_pub));
        let mut lines = Vec::with_capacity(outcomes.len());
        for (&(line_no, _), o) in items.iter().zip(outcomes) {
            ok &= !o.failed;
            if let Some(msg) = o.diag {
                // Like eprintln!, but a closed stderr does not stop the output.
                let _ = writeln!(diag, "line {line_no}: {msg}");
            }
            lines.push(o.json);
        }
        lines_done += items.len();
        if !lines.is_empty() && to_writer.send(lines).is_err() {
            return Ok(ok);
        }
        if let Some(e) = read_error {
            return Err(e);
        }
        if end_of_input {
            return Ok(ok);
        }
    }
}
