//! Whole sentences through the default extractor: kinds, false friends, status, places,
//! dates, actors and tolls. Each row is one behaviour a user relies on.

use conflict_events::{CivilDate, Document, Event, Extractor, Kind, Status};

fn run(text: &str, published: Option<&str>) -> Vec<Event> {
    let mut doc = Document::new(text);
    if let Some(p) = published {
        doc = doc.published(CivilDate::parse_iso(p).unwrap());
    }
    Extractor::default_ref().extract(&doc).events
}

#[test]
fn kinds_and_false_friends() {
    // (sentence, expected kinds in order)
    let cases: &[(&str, &[Kind])] = &[
        ("Syrian regime warplanes bombed Kurdish positions in Hasakah on Friday.", &[Kind::Strike]),
        ("Russian forces shelled Zmiivka, Kherson region. Casualties unknown.", &[Kind::Shelling]),
        ("Ukrainian forces hit with a drone a Russian military vehicle near Tokmak.", &[Kind::Strike]),
        ("Rockets fired from Gaza hit Ashkelon.", &[Kind::Shelling]),
        ("The truce in Idlib collapsed on Tuesday.", &[Kind::Ceasefire]),
        ("Putin met Erdogan in Sochi on Tuesday.", &[Kind::Meeting]),
        // False friends.
        ("Thousands of teachers joined a general strike in Athens.", &[]),
        ("The prisoner has been on a hunger strike for 40 days.", &[]),
        ("The two companies struck a deal worth $2 billion.", &[]),
        ("A lightning strike set the barn on fire.", &[]),
        ("She scored with a powerful strike from outside the box.", &[]),
        ("The recipe needs four egg shells, crushed.", &[]),
        ("The firm was a shell company registered in Cyprus.", &[]),
        ("Prices rocketed to a record high.", &[]),
        ("A suicide bomber killed four people in a hospital.", &[]),
        ("Kerry spoke by phone with Lavrov on Sunday.", &[]),
    ];
    for (text, want) in cases {
        let got: Vec<Kind> = run(text, Some("2016-05-02")).iter().map(|e| e.kind).collect();
        assert_eq!(&got, want, "{text:?}");
    }
}

#[test]
fn status() {
    let cases: &[(&str, Kind, Status)] = &[
        ("There is no plan for Kerry and Lavrov to meet in the next few days.", Kind::Meeting, Status::Negated),
        ("Kerry is scheduled to meet de Mistura in Geneva on Monday.", Kind::Meeting, Status::Planned),
        ("De Mistura said there should be a meeting of foreign ministers.", Kind::Meeting, Status::Proposed),
        ("The United Nations called for a truce in Aleppo.", Kind::Ceasefire, Status::Proposed),
        ("The talks were cancelled after the attack.", Kind::Meeting, Status::Negated),
        ("Russia denied that its jets carried out air strikes on the market in Idlib.", Kind::Strike, Status::Occurred),
    ];
    for (text, kind, want) in cases {
        let events = run(text, Some("2016-05-02"));
        let e = events.iter().find(|e| e.kind == *kind).unwrap_or_else(|| panic!("no {kind:?} in {text:?}"));
        assert_eq!(e.status, *want, "{text:?}");
    }
}

#[test]
fn arguments() {
    let text = "Rebel shelling of government-controlled western areas of Aleppo city late Sunday killed \
                three civilians including a child, the Syrian Observatory for Human Rights said.";
    let events = run(text, Some("2016-05-02"));
    assert_eq!(events.len(), 1);
    let e = &events[0];
    assert_eq!(e.kind, Kind::Shelling);
    assert_eq!(e.location.as_ref().unwrap().name, "Aleppo");
    assert_eq!(e.date.as_ref().unwrap().value, "2016-05-01");
    assert_eq!(e.fatalities.as_ref().unwrap().count, Some(3));
    assert!(e.sources.iter().any(|s| s.name.contains("Observatory")), "{:?}", e.sources);
    assert!(e.actors.iter().any(|a| a.country_code.as_deref() == Some("SY")), "{:?}", e.actors);
    // Spans quote the text.
    assert_eq!(&text[e.trigger.start..e.trigger.end], e.trigger.text);
    let d = e.date.as_ref().unwrap();
    assert_eq!(&text[d.start..d.end], d.text);
}

#[test]
fn acled_style_note() {
    let text = "On 16 February 2024, Russian forces shelled Krasnopillia, Sumy region with artillery and mortars. Casualties unknown.";
    let events = run(text, None);
    assert_eq!(events.len(), 1, "{events:?}");
    let e = &events[0];
    assert_eq!(e.kind, Kind::Shelling);
    assert_eq!(e.date.as_ref().unwrap().value, "2024-02-16");
    let loc = e.location.as_ref().unwrap();
    assert_eq!(loc.country_code.as_deref(), Some("UA"));
    assert_eq!(loc.admin1.as_deref(), Some("Sumy"));
    assert_eq!(e.actors[0].country_code.as_deref(), Some("RU"));
}

#[test]
fn no_date_means_no_date() {
    let events = run("Air strikes hit Aleppo.", Some("2016-05-02"));
    assert_eq!(events.len(), 1);
    assert!(events[0].date.is_none());
}

#[test]
fn curly_quotes_and_glued_words_keep_original_offsets() {
    let text = "Saudi Arabia\u{2019}s al-Jubeir met his UScounterpart John Kerry in Geneva on Monday.";
    let events = run(text, Some("2016-05-02"));
    let e = events.iter().find(|e| e.kind == Kind::Meeting).expect("a meeting");
    assert_eq!(&text[e.trigger.start..e.trigger.end], "met");
    let loc = e.location.as_ref().unwrap();
    assert_eq!(&text[loc.start..loc.end], "Geneva");
    assert!(e.actors.iter().any(|a| a.name == "John Kerry" && &text[a.start..a.end] == "John Kerry"), "{:?}", e.actors);
}
