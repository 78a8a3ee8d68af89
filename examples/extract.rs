//! Extract events from documents and print one JSON line per document.
//!
//! ```text
//! extract [--jsonl] [--threads N] [--published YYYY-MM-DD] [--gazetteer PATH] [FILE…]
//! ```
//!
//! Plain mode reads each FILE (or standard input) as one document.
//!
//! With `--jsonl` each input line is a JSON object `{"id", "text", "published"}` and
//! every input line yields exactly one output line, in the same order: the extraction
//! `{"id", "events": [...], "places": [...], "actors": [...]}`, or for a bad line
//! (invalid UTF-8, not JSON, no `"text"` string, a `"published"` that is not a string,
//! or a blank line) `{"line": N, "id": …, "error": "..."}`, and the run goes on. A
//! `"published"` string that is not a readable date is a warning on stderr, not an error.
//! The input streams: lines are read in chunks (up to 1024 lines or 8 MB), each chunk's
//! lines are parsed, extracted and serialised in parallel on every core (the crate's
//! `parallel` feature, through `Extractor::extract_batch_with`), and a writer thread
//! writes its output while the next chunk is read and processed, so memory does not grow
//! with the input. `--threads N` extracts on N threads instead of all cores (plus the
//! writer; without the `parallel` feature extraction runs on one thread). The line
//! handling lives in `examples/support/jsonl.rs`, shared with `tests/batch.rs`.
//!
//! The exit status is 1 if any document or line failed, 2 for a usage or setup error (or
//! an I/O error); a closed standard output (`extract … | head`) ends the run quietly.

#[path = "support/jsonl.rs"]
mod jsonl;

use conflict_events::{CivilDate, Extractor};
use serde_json::json;
use std::io::{self, BufWriter, Read, Write};
use std::process::ExitCode;

struct Args {
    jsonl: bool,
    threads: Option<usize>,
    published: Option<CivilDate>,
    gazetteer: Vec<String>,
    files: Vec<String>,
}

const USAGE: &str = "usage: extract [--jsonl] [--threads N] [--published YYYY-MM-DD] [--gazetteer PATH] [FILE...]";

fn parse_args() -> Result<Args, String> {
    let mut args = Args { jsonl: false, threads: None, published: None, gazetteer: Vec::new(), files: Vec::new() };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--jsonl" => args.jsonl = true,
            "--threads" => {
                let v = it.next().ok_or("--threads needs a number")?;
                match v.parse::<usize>() {
                    Ok(n) if n > 0 => args.threads = Some(n),
                    _ => return Err(format!("--threads: not a positive number: {v:?}")),
                }
            }
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

/// Runs every input, setting `ok` to false when a document or line fails.
fn run(args: &Args, ex: &Extractor, ok: &mut bool) -> io::Result<()> {
    // Not `stdout.lock()`: the lock cannot move to the `--jsonl` writer thread.
    let mut out = BufWriter::with_capacity(1 << 16, io::stdout());
    let limits = jsonl::Limits::default();
    if args.jsonl {
        if args.files.is_empty() {
            *ok &= jsonl::run_jsonl(ex, &mut io::stdin().lock(), args.published, &limits, &mut out, &mut io::stderr())?;
        }
        for f in &args.files {
            match std::fs::File::open(f) {
                Ok(file) => {
                    let mut input = io::BufReader::new(file);
                    *ok &= jsonl::run_jsonl(ex, &mut input, args.published, &limits, &mut out, &mut io::stderr())?;
                }
                Err(e) => {
                    *ok = false;
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
                String::from_utf8(bytes).map_err(|e| format!("invalid UTF-8 at byte {}", e.utf8_error().valid_up_to()))
            }) {
                Ok(text) => jsonl::render(ex, id, &text, args.published),
                Err(msg) => {
                    *ok = false;
                    eprintln!("{}: {msg}", f.map_or("-", |s| s.as_str()));
                    json!({"id": id, "error": msg}).to_string()
                }
            };
            out.write_all(value.as_bytes())?;
            out.write_all(b"\n")?;
        }
    }
    out.flush()
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
    let mut ok = true;
    // `--threads N`: a pool of its own, inside which the batch calls run; otherwise rayon's
    // global pool (every core).
    #[cfg(feature = "parallel")]
    let result = match args.threads {
        None => run(&args, ex, &mut ok),
        Some(n) => match rayon::ThreadPoolBuilder::new().num_threads(n).build() {
            Ok(pool) => pool.install(|| run(&args, ex, &mut ok)),
            Err(e) => {
                eprintln!("extract: cannot start {n} threads: {e}");
                return ExitCode::from(2);
            }
        },
    };
    #[cfg(not(feature = "parallel"))]
    let result = {
        let _single_threaded_build = args.threads;
        run(&args, ex, &mut ok)
    };
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
