//! Actors through the public API: composition, roles per kind and the country a side takes
//! from the event's place. Whole sentences against the embedded dictionaries.

use conflict_events::{extract_events, Kind, Role};

/// (name, role, country) of each actor of the first event of `kind` in `text`.
fn actors(text: &str, kind: Kind) -> Vec<(String, Role, Option<String>)> {
    let events = extract_events(text);
    let e = events.iter().find(|e| e.kind == kind).unwrap_or_else(|| panic!("no {kind:?} in {events:#?}"));
    e.actors.iter().map(|a| (a.name.to_string(), a.role, a.country_code.as_deref().map(str::to_string))).collect()
}

/// An expected actor: name, role, country.
type Want = (&'static str, Role, Option<&'static str>);

/// The first event of `kind` in `text` has exactly the `want` actors.
fn assert_actors(text: &str, kind: Kind, want: &[Want]) {
    let got = actors(text, kind);
    for &(name, role, cc) in want {
        assert!(
            got.iter().any(|(n, r, c)| n == name && *r == role && c.as_deref() == cc),
            "{text:?}: want {name} {role:?} {cc:?} in {got:?}"
        );
    }
    assert_eq!(got.len(), want.len(), "{text:?}: {got:?}");
}

#[test]
fn ceasefire_parties_authors_and_mediators() {
    let cases: &[(&str, &[Want])] = &[
        // A country glued to a participle before the trigger.
        ("Aleppo was calm during a Russian-proposed humanitarian pause.", &[("Russia", Role::Initiator, Some("RU"))]),
        ("Aleppo was calm during a Turkish-brokered ceasefire.", &[("Turkey", Role::Mediator, Some("TR"))]),
        // The plan a truce comes under names its mediators; later clauses do not.
        (
            "A truce came into effect in Syria under a U.S.-Russian plan although it does not apply to Islamic State.",
            &[("United States", Role::Mediator, Some("US")), ("Russia", Role::Mediator, Some("RU"))],
        ),
        // Two sides joined by "and" stay two actors; sides named without a country take
        // the country of the event's place.
        (
            "Kurdish fighters and pro-government fighters who agreed a truce last week clashed in Qamishli.",
            &[
                ("Kurdish forces", Role::Participant, Some("SY")),
                ("pro-government fighters", Role::Participant, Some("SY")),
            ],
        ),
    ];
    for &(text, want) in cases {
        assert_actors(text, Kind::Ceasefire, want);
    }
}

#[test]
fn capitals_acting_as_governments_and_meeting_hosts() {
    // (text, kind, wanted actors); each sentence gave no actors or wrong roles once.
    let cases: &[(&str, Kind, &[Want])] = &[
        // Capitals that act stand for their governments; their place stays a place.
        (
            "Moscow and Washington agreed a ceasefire in Syria on Monday.",
            Kind::Ceasefire,
            &[("Russia", Role::Participant, Some("RU")), ("United States", Role::Participant, Some("US"))],
        ),
        // Countries that agree a truce are its parties.
        (
            "Russia and Turkey agreed a ceasefire in Syria on Monday.",
            Kind::Ceasefire,
            &[("Russia", Role::Participant, Some("RU")), ("Turkey", Role::Participant, Some("TR"))],
        ),
        // ... but not one that only reports it.
        (
            "Russia said the regime agreed to a truce in Aleppo.",
            Kind::Ceasefire,
            &[("Syrian government", Role::Participant, Some("SY"))],
        ),
        // The accused is the initiator.
        (
            "Kyiv accused Moscow of shelling Kharkiv on Monday.",
            Kind::Shelling,
            &[("Russia", Role::Initiator, Some("RU"))],
        ),
        (
            "Washington and Riyadh held talks in Geneva.",
            Kind::Meeting,
            &[("United States", Role::Participant, Some("US")), ("Saudi Arabia", Role::Participant, Some("SA"))],
        ),
        // Hosts.
        (
            "Moscow hosted talks between the Syrian government and rebels.",
            Kind::Meeting,
            &[("Russia", Role::Host, Some("RU")), ("Syrian government", Role::Participant, Some("SY"))],
        ),
        (
            "Talks hosted by Turkey between Russia and Ukraine opened in Istanbul.",
            Kind::Meeting,
            &[
                ("Turkey", Role::Host, Some("TR")),
                ("Russia", Role::Participant, Some("RU")),
                ("Ukraine", Role::Participant, Some("UA")),
            ],
        ),
        // A capital as a place acts for nobody.
        (
            "Lavrov met Kerry in Moscow.",
            Kind::Meeting,
            &[("Sergei Lavrov", Role::Participant, Some("RU")), ("John Kerry", Role::Participant, Some("US"))],
        ),
        // A leader's forces are the forces of the leader's country.
        ("Erdogan's army shelled Afrin on Monday.", Kind::Shelling, &[("Turkish army", Role::Initiator, Some("TR"))]),
        (
            "Putin's warplanes bombed Aleppo on Monday.",
            Kind::Strike,
            &[("Russian warplanes", Role::Initiator, Some("RU"))],
        ),
        // Other spellings of the Arabic article find the group, not Fatah.
        (
            "Russian jets struck Jeish Al Fatah positions in Idlib.",
            Kind::Strike,
            &[("Russian jets", Role::Initiator, Some("RU")), ("Jaish al-Fatah", Role::Target, Some("SY"))],
        ),
    ];
    for &(text, kind, want) in cases {
        assert_actors(text, kind, want);
    }
    // The capital is still a place.
    let doc = conflict_events::Document::new("Moscow and Washington agreed a ceasefire in Syria on Monday.");
    let places = conflict_events::Extractor::default_ref().extract(&doc).places;
    assert!(places.iter().any(|p| p.text == "Moscow" && p.country_code.as_deref() == Some("RU")), "{places:?}");
}

#[test]
fn passive_subjects_are_hit_not_firing() {
    // Each gave the wrong side as initiator once.
    let cases: &[(&str, Kind, &[Want])] = &[
        ("Syria was hit by airstrikes on Monday.", Kind::Strike, &[]),
        (
            "Ukrainian forces were shelled by Russian troops near Bakhmut.",
            Kind::Shelling,
            &[("Ukrainian forces", Role::Target, Some("UA")), ("Russian troops", Role::Initiator, Some("RU"))],
        ),
        (
            "Rebel positions were hit with artillery fire near Aleppo.",
            Kind::Shelling,
            &[("rebels", Role::Target, Some("SY"))],
        ),
        // A country right after "by" fires.
        ("Kharkiv has been shelled by Russia every day.", Kind::Shelling, &[("Russia", Role::Initiator, Some("RU"))]),
        // A capital's own place nouns keep it a place; "by Russian missiles" names who fired.
        (
            "On 3 March 2022, Kyiv city was hit by Russian missiles.",
            Kind::Shelling,
            &[("Russia", Role::Initiator, Some("RU"))],
        ),
        (
            "Russian jets have carried out air strikes on Idlib.",
            Kind::Strike,
            &[("Russian jets", Role::Initiator, Some("RU"))],
        ),
    ];
    for &(text, kind, want) in cases {
        assert_actors(text, kind, want);
    }
}

mod imports {
    use conflict_events::{find_absolute_date, Document, Error, Extractor};

    /// A CAMEO actors file in the Phoenix layout: entries, synonyms, dated codes, a block
    /// of names sharing the codes after them, TABARI's "[---]" and bare country entries.
    const CAMEO: &str = "\
# test fixture in the PETRARCH/TABARI layout
JOHN_KERRY_ # CountryInfo.txt
+SECRETARY_OF_STATE_JOHN_KERRY_
\t[USAGOVLEG 850103-130201]
\t[USAGOV >130201]
SERGEY_LAVROV_  # CountryInfo.txt
+SERGEI_LAVROV
\t[RUSGOV >20040309]  # Foreign Minister
LEONID_BREZHNEV_  # CountryInfo.txt
SOVIET_LEADER_LEONID_BREZHNEV
\t[RUSGOV 641014-821110]
NORTHERN_BRIGADE_(NB)_ [SYRREB] [---]
AFGHANISTAN_ [AFG]
+KABUL_
";

    fn build(b: &mut conflict_events::ExtractorBuilder) -> Extractor {
        b.default_actors(false).build().expect("fixture loads")
    }

    fn codes(ex: &Extractor, text: &str, published: &str) -> Vec<(String, Option<String>)> {
        let doc = Document::new(text).published(find_absolute_date(published).unwrap());
        ex.extract(&doc).actors.into_iter().map(|a| (a.text, a.code.map(String::from))).collect()
    }

    #[test]
    fn cameo_actors_with_dated_codes() {
        let ex = build(Extractor::builder().cameo_actors_from_str("fixture.actors", CAMEO));
        // (text, published, mention, code)
        let cases: &[(&str, &str, &str, Option<&str>)] = &[
            ("John Kerry met Sergei Lavrov.", "2 May 2016", "John Kerry", Some("USAGOV")),
            ("John Kerry met Sergei Lavrov.", "2 May 2016", "Sergei Lavrov", Some("RUSGOV")),
            // Before his office: the Senate code.
            ("John Kerry spoke.", "2 May 2009", "John Kerry", Some("USAGOVLEG")),
            // A block of names takes the codes after it.
            ("Soviet leader Leonid Brezhnev spoke.", "1 May 1970", "Leonid Brezhnev", Some("RUSGOV")),
            // Bracketed acronyms are names of their own; "[---]" adds nothing.
            ("The NB fighters advanced.", "1 May 2016", "NB", Some("SYRREB")),
        ];
        for &(text, date, mention, code) in cases {
            let got = codes(&ex, text, date);
            assert!(
                got.iter().any(|(t, c)| t.contains(mention) && c.as_deref() == code),
                "{text:?} on {date}: want {mention} {code:?} in {got:?}"
            );
        }
        // Country entries are the gazetteer's: Kabul stays a place.
        let out = ex.extract(&Document::new("Officials in Kabul said."));
        assert!(out.actors.iter().all(|a| a.code.as_deref() != Some("AFG")), "{out:?}");
        assert!(out.places.iter().any(|p| p.text == "Kabul"), "{out:?}");
    }

    #[test]
    fn malformed_cameo_entries_are_errors_or_skipped_whole() {
        let bad = "GOOD_ONE_ [SYRGOV]\nBAD_ONE_\n\t[SYRGOV 9008223-911221]\n+BAD_SYNONYM\nOTHER_ [SYRMIL\n";
        let err = Extractor::builder().cameo_actors_from_str("bad.actors", bad).build().unwrap_err();
        assert!(matches!(err, Error::Parse { line: 3, .. }), "{err}");
        assert!(err.to_string().starts_with("bad.actors:3:"), "{err}");

        let ex = Extractor::builder()
            .default_actors(false)
            .skip_malformed_entries(true)
            .cameo_actors_from_str("bad.actors", bad)
            .build()
            .unwrap();
        let skipped = ex.skipped_entries();
        assert_eq!(skipped.len(), 2, "{skipped:?}");
        assert!(skipped[0].starts_with("bad.actors:3:") && skipped[1].starts_with("bad.actors:5:"), "{skipped:?}");
        // The good entry loads; nothing of the bad one does, its synonym included.
        let got = codes(&ex, "Good One met Bad Synonym and Bad One.", "1 May 2016");
        assert_eq!(got, vec![("Good One".to_string(), Some("SYRGOV".to_string()))]);
    }

    #[test]
    fn cameo_agents_compose_with_countries() {
        let agents = "!PERSON! = MAN, MEN\nMILITIA!PERSON! [~UAF]\nCOMMANDO {COMMANDOS} [~MIL]\nSNIPER [~MIL]\n";
        let ex = build(Extractor::builder().cameo_agents_from_str("fixture.agents", agents));
        for (text, want) in [
            ("Syrian militiamen shelled the town.", "SYRUAF"),
            ("Turkish commandos struck the village.", "TURMIL"),
            ("Iraqi snipers fired on the convoy.", "IRQMIL"),
        ] {
            let got = codes(&ex, text, "1 May 2016");
            assert!(got.iter().any(|(_, c)| c.as_deref() == Some(want)), "{text:?}: want {want} in {got:?}");
        }
        let err = Extractor::builder().cameo_agents_from_str("a.agents", "SNIPER\n").build().unwrap_err();
        assert!(err.to_string().starts_with("a.agents:1"), "{err}");
    }

    #[test]
    fn ucdp_actor_list() {
        let csv = "\u{feff}ActorId,NameData,NameOrig,NameOrigFullEng,Org,Location\n\
                   1,Government of Syria,Government of Syria,n/a,4,Syria\n\
                   2,Northern Front,Jabhat al-Shamal,\"Northern Front, Syria\",1,Syria\n\
                   3,Bad Org,x,x,9,Syria\n";
        let err = Extractor::builder().ucdp_actors_from_str("ucdp.csv", csv).build().unwrap_err();
        assert!(err.to_string().starts_with("ucdp.csv:4:5:"), "{err}");
        let ex =
            Extractor::builder().skip_malformed_entries(true).ucdp_actors_from_str("ucdp.csv", csv).build().unwrap();
        assert_eq!(ex.skipped_entries().len(), 1);
        let got = codes(&ex, "Jabhat al-Shamal fighters shelled Idlib.", "1 May 2016");
        assert!(got.iter().any(|(_, c)| c.as_deref() == Some("SYRREB")), "{got:?}");
    }

    #[test]
    fn substitution_sets_that_never_end_are_errors() {
        // Regression (found by the fuzzer): a set whose values name it again recursed
        // until the stack overflowed.
        let agents = "!PERSON! = MAN, !PERSON!S\nMILITIA!PERSON! [~UAF]\nSNIPER [~MIL]\n";
        let err = Extractor::builder().cameo_agents_from_str("loop.agents", agents).build().unwrap_err();
        assert!(err.to_string().starts_with("loop.agents:2"), "{err}");
        assert!(err.to_string().contains("nest deeper"), "{err}");
        // Skipped, the rest of the file loads.
        let ex = build(Extractor::builder().skip_malformed_entries(true).cameo_agents_from_str("loop.agents", agents));
        assert_eq!(ex.skipped_entries().len(), 1);
        let got = codes(&ex, "Iraqi snipers fired on the convoy.", "1 May 2016");
        assert!(got.iter().any(|(_, c)| c.as_deref() == Some("IRQMIL")), "{got:?}");
        // Sets that multiply past reason are refused too.
        let wide: String = (0..6).map(|i| format!("!S{i}! = {}\n", ["a"; 6].join(", "))).collect::<String>()
            + "X!S0!!S1!!S2!!S3!!S4!!S5! [~MIL]\n";
        let err = Extractor::builder().cameo_agents_from_str("wide.agents", &wide).build().unwrap_err();
        assert!(err.to_string().contains("forms"), "{err}");
    }

    #[test]
    fn an_agent_that_is_also_a_trigger_word_never_panics() {
        // Regression (found by the fuzzer): an actor whose span was the trigger's own was
        // read as standing after it, and the text between was sliced backwards.
        let ex = build(Extractor::builder().cameo_agents_from_str("raid.agents", "RAID [~MIL]\nCOMMANDO [~MIL]\n"));
        for text in ["Russian raid on Idlib killed 3.", "A commando raid hit Aleppo on Monday.", "raid raid raid"] {
            let out = ex.extract(&Document::new(text));
            for e in &out.events {
                for a in &e.actors {
                    assert!(a.end <= e.trigger.start || a.start >= e.trigger.end, "{text:?}: {a:?}");
                }
            }
        }
    }
}

#[test]
fn offices_follow_the_date() {
    use conflict_events::{find_absolute_date, Document, Extractor};
    let text = "Saudi Foreign Minister Adel al-Jubeir met his US counterpart John Kerry in Geneva.";
    let code = |date: &str| {
        let doc = Document::new(text).published(find_absolute_date(date).unwrap());
        let out = Extractor::default_ref().extract(&doc);
        out.actors.iter().find(|a| a.text == "John Kerry").and_then(|a| a.code.clone())
    };
    assert_eq!(code("2 May 2016").as_deref(), Some("USAGOV"));
    // Out of office, he holds none of its codes.
    assert_eq!(code("2 May 2019"), None);
}
