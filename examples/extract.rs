//! Extract events from documents and print one JSON line per document.
//!
//! ```text
//! extract [--jsonl] [--published YYYY-MM-DD] [--gazetteer PATH] [FILE…]
//! ```
//!
//! Plain mode reads each FILE (or standard input) as one document. With `--jsonl` each
//! input line is a JSON object `{"id", "text", "published"}` and each output line is
//! `{"id", "events": [...], "places": [...]}` in the same order; a bad line yields
//! `{"line": N, "id": …, "error": "..."}` and the run goes on. The exit status is 1 if any
//! document failed, 2 for a usage or setup error.

use conflict_events::{CivilDate, Document, Extractor};
use serde::Serialize;
use serde_json::{json, Value};
use std::io::{self, BufRead, BufWriter, Read, Write};
use std::process::ExitCode;

struct Args {
    jsonl: bool,
    published: Option<CivilDate>,
    gazetteer: Vec<String>,
    files: Vec<String>,
}

const USAGE: &str = "usage: extract [--jsonl] [--published YYYY-MM-DD] [--gazetteer PATH] [FILE...]";

fn parse_args() -> Result<Args, String> {
    let mut args = Args { jsonl: false, published: None, gazetteer: Vec::new(), files: Vec::new() };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--jsonl" => args.jsonl = true,
            "--published" => {
                let v = it.next().ok_or("--published needs a date")?;
                args.published =
                    Some(CivilDate::parse_iso(&v).ok_or_else(|| format!("--published: not a YYYY-MM-DD date: {v:?}"))?);
            }
            "--gazetteer" => args.gazetteer.push(it.next().ok_or("--gazetteer needs a path")?),
            "-h" | "--help" => return Err(USAGE.into()),
            s if s.starts_with("--") => return Err(format!("unknown option {s}\n{USAGE}")),
            _ => args.files.push(a),
        }
    }
    Ok(args)
}

/// One output line; a struct (not a JSON map) keeps the fields in the documented order.
#[derive(Serialize)]
struct Line {
    id: Value,
    events: Vec<conflict_events::Event>,
    places: Vec<conflict_events::Place>,
    actors: Vec<conflict_events::ActorMention>,
}

fn render(ex: &Extractor, id: Value, text: &str, published: Option<CivilDate>) -> String {
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

fn run_jsonl(
    ex: &Extractor,
    input: Box<dyn BufRead>,
    default_pub: Option<CivilDate>,
    out: &mut dyn Write,
) -> io::Result<bool> {
    let mut ok = true;
    let mut line_no = 0usize;
    for line in input.split(b'\n') {
        let line = line?;
        line_no += 1;
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let result = (|| -> Result<String, (Value, String)> {
            let text = std::str::from_utf8(&line)
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
                        eprintln!(
                            "line {line_no}: unreadable \"published\" date {s:?}; relative dates left unresolved"
                        );
                        default_pub
                    }
                },
                Some(other) => return Err((id, format!("bad \"published\" value {other}"))),
            };
            Ok(render(ex, id, body, published))
        })();
        let text = match result {
            Ok(v) => v,
            Err((id, msg)) => {
                ok = false;
                eprintln!("line {line_no}: {msg}");
                json!({"line": line_no, "id": id, "error": msg}).to_string()
            }
        };
        out.write_all(text.as_bytes())?;
        out.write_all(b"\n")?;
    }
    Ok(ok)
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let extractor;
    let ex: &Extractor = if args.gazetteer.is_empty() {
        Extractor::default_ref()
    } else {
        let mut b = Extractor::builder();
        for g in &args.gazetteer {
            b.load_places(g);
        }
        match b.build() {
            Ok(e) => {
                extractor = e;
                &extractor
            }
            Err(e) => {
                eprintln!("extract: {e}");
                return ExitCode::from(2);
            }
        }
    };
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut ok = true;
    let result: io::Result<()> = (|| {
        if args.jsonl {
            if args.files.is_empty() {
                ok &= run_jsonl(ex, Box::new(io::stdin().lock()), args.published, &mut out)?;
            }
            for f in &args.files {
                match std::fs::File::open(f) {
                    Ok(file) => ok &= run_jsonl(ex, Box::new(io::BufReader::new(file)), args.published, &mut out)?,
                    Err(e) => {
                        ok = false;
                        eprintln!("{f}: {e}");
                        serde_json::to_writer(&mut out, &json!({"id": f, "error": e.to_string()}))?;
                        out.write_all(b"\n")?;
                    }
                }
            }
        } else {
            let inputs: Vec<Option<&String>> =
                if args.files.is_empty() { vec![None] } else { args.files.iter().map(Some).collect() };
            for f in inputs {
                let mut bytes = Vec::new();
                let read = match f {
                    None => io::stdin().read_to_end(&mut bytes).map(|_| ()),
                    Some(path) => std::fs::File::open(path).and_then(|mut h| h.read_to_end(&mut bytes).map(|_| ())),
                };
                let id = json!(f.map_or("-", |s| s.as_str()));
                let value = match read.map_err(|e| e.to_string()).and_then(|_| {
                    String::from_utf8(bytes)
                        .map_err(|e| format!("invalid UTF-8 at byte {}", e.utf8_error().valid_up_to()))
                }) {
                    Ok(text) => render(ex, id, &text, args.published),
                    Err(msg) => {
                        ok = false;
                        eprintln!("{}: {msg}", f.map_or("-", |s| s.as_str()));
                        json!({"id": id, "error": msg}).to_string()
                    }
                };
                out.write_all(value.as_bytes())?;
                out.write_all(b"\n")?;
            }
        }
        out.flush()
    })();
    if let Err(e) = result {
        if e.kind() != io::ErrorKind::BrokenPipe {
            eprintln!("extract: {e}");
            return ExitCode::from(2);
        }
    }
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
