//! The span invariants shared by the fuzz targets; a mirror of `check` in
//! `tests/properties.rs`.

use conflict_events::Extraction;

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
