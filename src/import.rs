//! Importers for the field's actor dictionaries.
//!
//! In: the text of a PETRARCH/TABARI CAMEO actors file (`Phoenix.Countries.actors.txt`
//! and its kin), a CAMEO agents file (`Phoenix.agents.txt`) or the UCDP actor list
//! (`ucdp-actor-221.csv`), plus a lookup from country codes and names to ISO alpha-2.
//! Out: [`ActorSpec`] records (one per code and date range, so a person's offices stay
//! apart) and agent words, ready for the actor dictionary. Errors name the file, line and
//! column of the first malformed entry; nothing is returned from a file that has one.

use crate::actors::{ActorSpec, AgentRec, Sector};
use crate::error::Error;
use crate::model::ActorType;

/// Country lookups the importers need: ISO alpha-3 ("SYR") and English names ("Syria")
/// to alpha-2 ("SY").
pub(crate) struct Countries<'a> {
    pub by_iso3: &'a dyn Fn(&str) -> Option<String>,
    pub by_name: &'a dyn Fn(&str) -> Option<String>,
    /// Alpha-2 to alpha-3, for the codes made for UCDP actors ("SY" → "SYR").
    pub iso3_of: &'a dyn Fn(&str) -> Option<String>,
}

/// One entry of a CAMEO actors file while it is read.
struct Entry {
    line: usize,
    names: Vec<String>,
    codes: Vec<(String, Option<String>, Option<String>)>,
    person: bool,
}

/// Reads a CAMEO actors file: an entry line `NAME_ [CODE dates] # comment`, synonyms on
/// `+NAME_` lines, further codes on indented `[CODE dates]` lines. Dates are `>YYMMDD`
/// (from), `<YYMMDD` (until) or `YYMMDD-YYMMDD`, in six or eight digits; two-digit years
/// up to 30 are read as 20xx. Entries whose codes are all bare country codes (`[AFG]`,
/// with capitals and provinces as synonyms) are left out: countries and places come from
/// the gazetteer, which resolves them better.
pub(crate) fn cameo_actors(
    file: &str,
    text: &str,
    countries: &Countries,
    mut skipped: Option<&mut Vec<String>>,
) -> Result<Vec<ActorSpec>, Error> {
    let mut out = Vec::new();
    let mut cur: Option<Entry> = None;
    // Set when the current entry had a malformed line and is being skipped.
    let mut bad = false;
    for (n, raw) in text.lines().enumerate() {
        let line_no = n + 1;
        let (body, comment) = raw.split_once('#').unwrap_or((raw, ""));
        let body = body.trim_end();
        if body.trim().is_empty() {
            continue;
        }
        let code_line = body.trim_start().starts_with('[');
        let new_entry = !(body.starts_with('+') || code_line);
        // Names with no code of their own take the codes that follow ("LEONID_BREZHNEV_",
        // "SECRETARY_BREZHNEV", then "[RUSGOV 641014-821110]"): a block, as TABARI reads it.
        if new_entry && !bad && cur.as_ref().is_some_and(|e| e.codes.is_empty()) {
            let (name, rest) = split_name(body.trim_start());
            if !name.is_empty() && !name.contains([']', '}', '{']) {
                if let Some(e) = cur.as_mut() {
                    e.names.push(name.to_string());
                    if let Err((c, m)) = read_codes(rest, &mut e.codes) {
                        skip_or_fail(&mut skipped, Error::parse(file, line_no, Some(c + name.len()), m))?;
                        bad = true;
                    }
                }
                continue;
            }
        }
        if new_entry {
            if let Some(e) = cur.take() {
                if !bad {
                    emit(file, e, countries, &mut out, skipped.as_deref_mut())?;
                }
            }
            bad = false;
        }
        if bad {
            continue;
        }
        if let Err(e) = cameo_line(file, line_no, body, comment, &mut cur) {
            skip_or_fail(&mut skipped, e)?;
            bad = true;
        }
    }
    if let Some(e) = cur.take() {
        if !bad {
            emit(file, e, countries, &mut out, skipped)?;
        }
    }
    Ok(out)
}

/// Under `skip_malformed_entries` a malformed entry is listed and left out; otherwise it
/// is the build's error.
fn skip_or_fail(skipped: &mut Option<&mut Vec<String>>, e: Error) -> Result<(), Error> {
    match skipped {
        Some(list) => {
            list.push(e.to_string());
            Ok(())
        }
        None => Err(e),
    }
}

/// Reads one non-blank line of a CAMEO actors file into the current entry (or starts one).
fn cameo_line(file: &str, line_no: usize, body: &str, comment: &str, cur: &mut Option<Entry>) -> Result<(), Error> {
    let err = |col: usize, m: String| Error::parse(file, line_no, Some(col), m);
    let check = |name: &str, col: usize| {
        if name.is_empty() || name.contains([']', '}', '{']) {
            Err(err(col, format!("bad name {name:?}")))
        } else {
            Ok(())
        }
    };
    if let Some(syn) = body.strip_prefix('+') {
        let e = cur.as_mut().ok_or_else(|| err(1, "synonym before any entry".into()))?;
        let (name, rest) = split_name(syn);
        check(name, 2)?;
        e.names.push(name.to_string());
        return read_codes(rest, &mut e.codes).map_err(|(c, m)| err(c + 1 + name.len(), m));
    }
    if body.trim_start().starts_with('[') {
        let e = cur.as_mut().ok_or_else(|| err(1, "code before any entry".into()))?;
        return read_codes(body, &mut e.codes).map_err(|(c, m)| err(c, m));
    }
    let (name, rest) = split_name(body.trim_start());
    check(name, 1)?;
    let mut e = Entry { line: line_no, names: vec![name.to_string()], codes: Vec::new(), person: false };
    e.person = comment.contains("CountryInfo");
    read_codes(rest, &mut e.codes).map_err(|(c, m)| err(c + name.len(), m))?;
    *cur = Some(e);
    Ok(())
}

/// The name at the start of a line (everything before the first code; a stray space
/// inside it, as in "VIRGILIO_ FONTES_PEREIRA_", joins words like `_`) and the rest.
fn split_name(s: &str) -> (&str, &str) {
    let s = s.trim_start();
    let end = s.find('[').unwrap_or(s.len());
    (s[..end].trim_end(), &s[end..])
}

/// Reads `[CODE]`, `[CODE >YYMMDD]`, `[CODE <YYMMDD]` and `[CODE YYMMDD-YYMMDD]` groups.
/// Errors carry a 1-based column within `s`.
#[allow(clippy::type_complexity)]
fn read_codes(s: &str, codes: &mut Vec<(String, Option<String>, Option<String>)>) -> Result<(), (usize, String)> {
    let mut rest = s;
    loop {
        let t = rest.trim_start();
        if t.is_empty() {
            return Ok(());
        }
        let col = s.len() - t.len() + 1;
        let Some(inner) = t.strip_prefix('[') else {
            return Err((col, format!("unexpected {:?} (want [CODE] or [CODE dates])", first_word(t))));
        };
        // TABARI files have a few "[~ENV}" typos: a brace closes the group as well.
        let close = inner.find([']', '}']).ok_or((col, "unclosed [".to_string()))?;
        let group = inner[..close].trim();
        rest = &inner[close + 1..];
        // "[EGYGOV > 140608]": a space after the sign is a common slip and unambiguous.
        let joined = group.replace("> ", ">").replace("< ", "<");
        let mut parts = joined.split_whitespace();
        let code = parts.next().ok_or((col, "empty []".to_string()))?;
        // "[---]" is TABARI's explicit "no code here".
        if code == "---" {
            continue;
        }
        if !code.chars().all(|c| c.is_ascii_alphanumeric() || c == '~') {
            return Err((col, format!("bad code {code:?}")));
        }
        let (from, to) = match parts.next() {
            None => (None, None),
            Some(d) => read_range(d)
                .ok_or((col, format!("bad date restriction {d:?} (want >YYMMDD, <YYMMDD or YYMMDD-YYMMDD)")))?,
        };
        if let Some(extra) = parts.next() {
            return Err((col, format!("unexpected {extra:?} after the date")));
        }
        codes.push((code.to_string(), from, to));
    }
}

fn first_word(s: &str) -> &str {
    s.split_whitespace().next().unwrap_or(s)
}

fn read_range(d: &str) -> Option<(Option<String>, Option<String>)> {
    if let Some(v) = d.strip_prefix('>') {
        return Some((Some(cameo_date(v)?), None));
    }
    if let Some(v) = d.strip_prefix('<') {
        return Some((None, Some(cameo_date(v)?)));
    }
    let (a, b) = d.split_once('-')?;
    Some((Some(cameo_date(a)?), Some(cameo_date(b)?)))
}

/// `YYMMDD` or `YYYYMMDD` as `YYYY-MM-DD`.
fn cameo_date(v: &str) -> Option<String> {
    if !v.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (y, md) = match v.len() {
        6 => {
            let yy: u32 = v[..2].parse().ok()?;
            (if yy <= 30 { 2000 + yy } else { 1900 + yy }, &v[2..])
        }
        8 => (v[..4].parse().ok()?, &v[4..]),
        _ => return None,
    };
    let m: u32 = md[..2].parse().ok()?;
    let d: u32 = md[2..].parse().ok()?;
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then(|| format!("{y:04}-{m:02}-{d:02}"))
}

fn emit(
    file: &str,
    e: Entry,
    countries: &Countries,
    out: &mut Vec<ActorSpec>,
    mut skipped: Option<&mut Vec<String>>,
) -> Result<(), Error> {
    if e.codes.is_empty() {
        return skip_or_fail(
            &mut skipped,
            Error::parse(file, e.line, None, format!("entry {:?} has no code", e.names[0])),
        );
    }
    if e.codes.iter().all(|(c, _, _)| c.len() == 3 && (countries.by_iso3)(c).is_some()) {
        return Ok(());
    }
    let mut names: Vec<String> = Vec::new();
    for n in &e.names {
        for v in display_names(n) {
            if !names.contains(&v) {
                names.push(v);
            }
        }
    }
    if names.is_empty() {
        return Ok(());
    }
    // Dated offices first: the dictionary picks the first record in office on the date,
    // and an undated code is the fallback.
    let mut codes = e.codes;
    codes.sort_by_key(|(_, f, t)| f.is_none() && t.is_none());
    for (code, from, to) in codes {
        let code = code.trim_start_matches('~');
        let cc = code.get(..3).and_then(|c| (countries.by_iso3)(c));
        let sector = if cc.is_some() { &code[3..] } else { code };
        let actor_type = if e.person { ActorType::Person } else { sector_type(sector) };
        out.push(ActorSpec {
            name: names[0].clone(),
            actor_type,
            country_code: cc,
            code: Some(code.to_string()),
            aliases: names[1..].to_vec(),
            from,
            to,
            affiliation: None,
        });
    }
    Ok(())
}

/// The type a CAMEO sector code stands for.
fn sector_type(sector: &str) -> ActorType {
    let head = sector.get(..3).unwrap_or(sector);
    match head {
        "MIL" => ActorType::Military,
        "GOV" | "LEG" | "JUD" | "ELI" | "PTY" => ActorType::Government,
        "COP" | "SPY" => ActorType::Police,
        "REB" | "INS" => ActorType::Rebel,
        "UAF" | "CRM" | "SEP" => ActorType::ArmedGroup,
        "IGO" | "IMG" => ActorType::International,
        "MED" | "JRN" => ActorType::Media,
        "NGO" | "NGM" => ActorType::Monitor,
        _ => ActorType::Civilian,
    }
}

/// Particles written in lower case inside a name ("Bashar al Assad", "Secretary of State").
const PARTICLES: &[&str] = &[
    "al", "el", "bin", "ibn", "bint", "de", "di", "da", "du", "la", "le", "von", "van", "der", "of", "the", "and",
    "for",
];

/// The forms a CAMEO name (`SECRETARY_OF_STATE_JOHN_KERRY_`) is matched under: Title Case
/// with particles in lower case, "al X" also as "al-X", and a bracketed acronym on its own.
fn display_names(raw: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    let mut acronyms: Vec<String> = Vec::new();
    for w in raw.split(['_', ' ', '\t']).filter(|w| !w.is_empty()) {
        if let Some(a) = w.strip_prefix('(').and_then(|w| w.strip_suffix(')')) {
            if !a.is_empty() {
                acronyms.push(a.to_string());
            }
            continue;
        }
        let lower = w.to_lowercase();
        if !words.is_empty() && PARTICLES.contains(&lower.as_str()) {
            words.push(lower);
        } else {
            words.push(title(&lower));
        }
    }
    let mut out = Vec::new();
    // A short one-word entry is usually an acronym ("UN_", "NATO_"): keep it as written
    // first, with the Title Case form after it.
    let single = raw.trim_end_matches('_');
    if !single.contains(['_', ' ']) && single.len() <= 5 && single.chars().all(|c| c.is_ascii_uppercase()) {
        out.push(single.to_string());
    }
    if !words.is_empty() {
        let plain = words.join(" ");
        // "Bashar al Assad" is written "Bashar al-Assad" in English news.
        let hyphenated = plain.replace(" al ", " al-").replace(" el ", " el-");
        out.push(plain.clone());
        if hyphenated != plain {
            out.push(hyphenated);
        }
    }
    out.extend(acronyms);
    out
}

/// "mazar-i-sharif" → "Mazar-I-Sharif".
fn title(w: &str) -> String {
    let mut out = String::with_capacity(w.len());
    let mut up = true;
    for c in w.chars() {
        if up {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
        up = c == '-' || c == '\'' || c == '.';
    }
    out
}

/// Reads a CAMEO agents file: `WORD_WORD {PLURAL} [~SECTOR] # comment`, with `{}` for no
/// plural (otherwise the regular English one is made) and `!SET!` words expanded from
/// `!SET! = A, B, C` lines ("CATTLE!PERSON!" is "cattleman", "cattlemen", …). Words are
/// kept in lower case: agents are common nouns.
pub(crate) fn cameo_agents(
    file: &str,
    text: &str,
    mut skipped: Option<&mut Vec<String>>,
) -> Result<Vec<AgentRec>, Error> {
    let mut sets: Vec<(String, Vec<String>)> = Vec::new();
    let mut out: Vec<AgentRec> = Vec::new();
    for (n, raw) in text.lines().enumerate() {
        let line_no = n + 1;
        let body = raw.split_once('#').map_or(raw, |(b, _)| b).trim();
        if body.is_empty() {
            continue;
        }
        if let Err(e) = agent_line(file, line_no, body, &mut sets, &mut out) {
            skip_or_fail(&mut skipped, e)?;
        }
    }
    Ok(out)
}

fn agent_line(
    file: &str,
    line_no: usize,
    body: &str,
    sets: &mut Vec<(String, Vec<String>)>,
    out: &mut Vec<AgentRec>,
) -> Result<(), Error> {
    {
        let err = |m: String| Error::parse(file, line_no, None, m);
        if body.starts_with('!') {
            if let Some((key, vals)) = body.split_once('=') {
                let key = key.trim().to_string();
                if !(key.len() > 2 && key.ends_with('!')) {
                    return Err(err(format!("bad substitution set name {key:?}")));
                }
                let vals: Vec<String> =
                    vals.split(',').map(|v| v.trim().to_lowercase()).filter(|v| !v.is_empty()).collect();
                sets.push((key, vals));
                return Ok(());
            }
        }
        let Some(open) = body.find('[') else {
            return Err(err(format!("agent {:?} has no [~CODE]", body)));
        };
        let close = body[open..].find([']', '}']).map(|c| open + c).ok_or_else(|| err("unclosed [".into()))?;
        let code = body[open + 1..close].trim();
        let head = body[..open].trim();
        let (word, plural) = match head.split_once('{') {
            Some((w, p)) => {
                let p = p.split_once('}').ok_or_else(|| err("unclosed {".into()))?.0.trim();
                (w.trim(), Some(p))
            }
            None => (head, None),
        };
        if word.is_empty() {
            return Err(err("empty agent word".into()));
        }
        // "~MIL" is a sector that follows a country; "IGO~" stands alone.
        let sector = code.trim_matches('~');
        if sector.is_empty() || !sector.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(err(format!("bad agent code {code:?}")));
        }
        let actor_type = if code.starts_with("IGO") { ActorType::International } else { sector_type(sector) };
        let sec = Sector::new(&sector[..sector.len().min(3)]);
        let mut forms: Vec<String> = expand(&word.replace('_', " ").to_lowercase(), sets).map_err(err)?;
        match plural {
            Some("") => {}
            Some(p) => forms.extend(expand(&p.replace('_', " ").to_lowercase(), sets).map_err(err)?),
            None if !word.contains('!') => forms.push(english_plural(&word.replace('_', " ").to_lowercase())),
            None => {}
        }
        let label = forms.last().cloned().unwrap_or_default();
        // Repeated words are left to the caller, which keeps the first.
        for f in forms {
            out.push(AgentRec { word: f.into(), actor_type, sector: sec, label: label.clone().into() });
        }
    }
    Ok(())
}

/// Expands `!SET!` markers from the substitution sets. A set whose values name a set again
/// is followed, but not without end ("!A! = !A!s"), and not past a few thousand forms.
fn expand(word: &str, sets: &[(String, Vec<String>)]) -> Result<Vec<String>, String> {
    const MAX_DEPTH: usize = 8;
    const MAX_FORMS: usize = 4096;
    let mut done: Vec<String> = Vec::new();
    let mut todo: Vec<(String, usize)> = vec![(word.to_string(), 0)];
    while let Some((w, depth)) = todo.pop() {
        let hit = sets.iter().find_map(|(key, vals)| {
            let k = key.to_lowercase();
            w.find(&k).map(|p| (p, k.len(), vals))
        });
        match hit {
            None => done.push(w),
            Some(_) if depth >= MAX_DEPTH => {
                return Err(format!("substitution sets in {word:?} nest deeper than {MAX_DEPTH}"));
            }
            Some((p, n, vals)) => {
                // Reversed, so the forms come out in the order of the set's values.
                for v in vals.iter().rev() {
                    todo.push((format!("{}{}{}", &w[..p], v, &w[p + n..]), depth + 1));
                }
            }
        }
        if done.len() + todo.len() > MAX_FORMS {
            return Err(format!("substitution sets in {word:?} give more than {MAX_FORMS} forms"));
        }
    }
    Ok(done)
}

/// The regular English plural of the last word.
fn english_plural(w: &str) -> String {
    if w.ends_with(['s', 'x']) || w.ends_with("ch") || w.ends_with("sh") {
        format!("{w}es")
    } else if w.ends_with('y') && !w.ends_with(['a', 'e', 'o', 'u']) && w.len() > 1 {
        let cut = &w[..w.len() - 1];
        if cut.ends_with(['a', 'e', 'i', 'o', 'u']) {
            format!("{w}s")
        } else {
            format!("{cut}ies")
        }
    } else {
        format!("{w}s")
    }
}

/// Reads the UCDP actor list (CSV with a header: `ActorId`, `NameData`, `NameOrig`,
/// `NameOrigFullEng`, `Org`, `Location`, …). `Org` 4 is a government, 1 a rebel group,
/// 2 and 3 informal and identity-based groups. The country comes from "Government of X"
/// or from a `Location` that names one country.
pub(crate) fn ucdp_actors(
    file: &str,
    text: &str,
    countries: &Countries,
    mut skipped: Option<&mut Vec<String>>,
) -> Result<Vec<ActorSpec>, Error> {
    let mut lines = text.lines().enumerate();
    let header = loop {
        match lines.next() {
            Some((_, l)) if l.trim().is_empty() => continue,
            Some((_, l)) => {
                break csv_fields(l.trim_start_matches('\u{feff}'))
                    .ok_or_else(|| Error::parse(file, 1, None, "unbalanced quotes in the header"))?
            }
            None => return Ok(Vec::new()),
        }
    };
    let col = |name: &str| header.iter().position(|h| h == name);
    let need = |name: &str| col(name).ok_or_else(|| Error::parse(file, 1, None, format!("no {name} column")));
    let (c_name, c_org, c_loc) = (need("NameData")?, need("Org")?, need("Location")?);
    let alias_cols: Vec<usize> =
        ["NameOrig", "NameOrigFullEng", "NewName", "NewNameFullEng"].iter().filter_map(|n| col(n)).collect();
    let mut out = Vec::new();
    let mut pending = String::new();
    let mut start_line = 0;
    for (n, l) in lines {
        // A quoted field may hold a line break.
        if pending.is_empty() {
            start_line = n + 1;
        } else {
            pending.push('\n');
        }
        pending.push_str(l);
        let Some(f) = csv_fields(&pending) else { continue };
        pending.clear();
        if f.iter().all(|x| x.is_empty()) {
            continue;
        }
        let get = |i: usize| f.get(i).map(|s| s.trim()).unwrap_or("");
        let name = get(c_name);
        let org = get(c_org);
        let actor_type = match org {
            _ if name.is_empty() => Err(Error::parse(file, start_line, Some(c_name + 1), "empty NameData")),
            "4" => Ok(ActorType::Government),
            "1" => Ok(ActorType::Rebel),
            "2" | "3" => Ok(ActorType::ArmedGroup),
            other => Err(Error::parse(file, start_line, Some(c_org + 1), format!("unknown Org {other:?} (want 1-4)"))),
        };
        let actor_type = match actor_type {
            Ok(t) => t,
            Err(e) => {
                skip_or_fail(&mut skipped, e)?;
                continue;
            }
        };
        let full = alias_cols.iter().map(|&i| get(i)).find(|s| !s.is_empty()).unwrap_or(name);
        let cc = full
            .strip_prefix("Government of ")
            .and_then(|c| (countries.by_name)(c))
            .or_else(|| (!get(c_loc).contains(',')).then(|| (countries.by_name)(get(c_loc))).flatten());
        let mut aliases: Vec<String> = Vec::new();
        for &i in &alias_cols {
            let a = get(i);
            if !a.is_empty() && a != name && a != "n/a" && !aliases.iter().any(|x| x == a) {
                aliases.push(a.to_string());
            }
        }
        let sector = match actor_type {
            ActorType::Government => "GOV",
            ActorType::Rebel => "REB",
            _ => "UAF",
        };
        out.push(ActorSpec {
            name: name.to_string(),
            actor_type,
            country_code: cc.clone(),
            code: cc.as_deref().and_then(|c| (countries.iso3_of)(c)).map(|i3| format!("{i3}{sector}")),
            aliases,
            from: None,
            to: None,
            affiliation: None,
        });
    }
    if !pending.is_empty() {
        return Err(Error::parse(file, start_line, None, "unbalanced quotes"));
    }
    Ok(out)
}

/// The fields of one CSV record, or `None` while a quoted field is still open.
fn csv_fields(line: &str) -> Option<Vec<String>> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => out.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    if quoted {
        return None;
    }
    out.push(cur);
    Some(out)
}
