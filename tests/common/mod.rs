//! Checks shared by the tests and the fuzz targets (`fuzz/fuzz_targets/*.rs` include this
//! file by path), so a fuzz input saved in `fuzz/regressions/` is replayed in `cargo test`
//! exactly as the fuzzer ran it.

#![allow(dead_code)] // each test file uses its own part

use conflict_events::{Document, Extraction, Extractor};

/// Extracts `doc` through both doors: checks the spans of the full extraction, and that
/// [`Extractor::events`] gives the same events as [`Extractor::extract`].
pub fn extract_checked(ex: &Extractor, doc: &Document) -> Extraction {
    let out = ex.extract(doc);
    check(doc.text(), &out);
    assert_eq!(ex.events(doc), out.events, "the events door differs from the full extraction of {:?}", doc.text());
    out
}

/// Every span is inside `text`, on char boundaries, and where the output quotes the text
/// of a span, the quote is `&text[start..end]`.
pub fn check(text: &str, out: &Extraction) {
    let ok = |what: &str, s: usize, e: usize, quoted: Option<&str>| {
        assert!(s <= e && e <= text.len(), "{what}: span {s}..{e} outside 0..{} in {text:?}", text.len());
        assert!(
            text.is_char_boundary(s) && text.is_char_boundary(e),
            "{what}: span {s}..{e} off char boundary in {text:?}"
        );
        if let Some(q) = quoted {
            assert_eq!(&text[s..e], q, "{what}: quoted text differs from the span {s}..{e} in {text:?}");
        }
    };
    for ev in &out.events {
        ok("event trigger", ev.trigger.start, ev.trigger.end, Some(&ev.trigger.text));
        for sp in &ev.evidence {
            ok("event evidence", sp.start, sp.end, None);
            assert!(
                sp.start <= ev.trigger.start || ev.evidence.len() > 1,
                "lone evidence span {}..{} starts after trigger {}..{} in {text:?}",
                sp.start,
                sp.end,
                ev.trigger.start,
                ev.trigger.end
            );
        }
        if let Some(d) = &ev.date {
            ok("event date", d.start, d.end, Some(&d.text));
        }
        if let Some(l) = &ev.location {
            ok("event location", l.start, l.end, Some(&l.text));
        }
        for a in &ev.actors {
            ok("event actor", a.start, a.end, Some(&a.text));
        }
        if let Some(f) = &ev.fatalities {
            ok("event fatalities", f.start, f.end, Some(&f.text));
        }
        for s in &ev.sources {
            ok("event source", s.start, s.end, None);
        }
    }
    for p in &out.places {
        ok("place", p.start, p.end, Some(&p.text));
    }
    for a in &out.actors {
        ok("actor mention", a.start, a.end, Some(&a.text));
    }
}

/// One input of the `dictionaries` fuzz target: a selector byte, then dictionary text
/// (UTF-8; other input is skipped). Selector bits 0-2: 0|5 places, 1|6 actors, 2|7 CAMEO
/// actors, 3 CAMEO agents, 4 UCDP actors; bit 3: `skip_malformed_entries(true)`.
/// Building may fail but must not panic; an extractor that builds extracts from the same
/// text with spans that hold.
pub fn replay_dictionaries(data: &[u8]) {
    let Some((&sel, rest)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    let mut b = Extractor::builder();
    // The embedded places and named actors take ~0.35 s to build: leave them out.
    // (Countries, agent words, modifiers and triggers are always loaded.)
    b.default_places(false).default_actors(false).skip_malformed_entries(sel & 8 != 0);
    match sel & 7 {
        0 | 5 => b.places_from_str("fuzz.places", text),
        1 | 6 => b.actors_from_str("fuzz.actors", text),
        2 | 7 => b.cameo_actors_from_str("fuzz.cameo.actors", text),
        3 => b.cameo_agents_from_str("fuzz.cameo.agents", text),
        _ => b.ucdp_actors_from_str("fuzz.ucdp.csv", text),
    };
    if let Ok(ex) = b.build() {
        let out = ex.extract(&Document::new(text));
        check(text, &out);
    }
}
