//! Place resolution through the public API: whole sentences against the embedded
//! gazetteer, and gazetteers loaded at run time (GeoNames dumps, admin code files, a
//! user's own list). Fixtures are small and written here; `../shared` is not needed.

use conflict_events::{Document, Extractor, Place, PlacePrecision};

fn places(text: &str) -> Vec<Place> {
    Extractor::default_ref().extract(&Document::new(text)).places
}

fn find<'a>(ps: &'a [Place], text: &str) -> &'a Place {
    ps.iter().find(|p| p.text == text).unwrap_or_else(|| panic!("no place {text:?} in {ps:#?}"))
}

/// Each (text, mention, country, first-level region or "") holds.
fn assert_country_and_region(cases: &[(&str, &str, &str, &str)]) {
    for &(text, mention, cc, admin1) in cases {
        let ps = places(text);
        let p = find(&ps, mention);
        assert_eq!(p.country_code.as_deref(), Some(cc), "{text:?}: {p:?}");
        if !admin1.is_empty() {
            assert_eq!(p.admin1.as_deref(), Some(admin1), "{text:?}: {p:?}");
        }
    }
}

#[test]
fn names_the_gazetteer_lacks_stay_unresolved_inside_their_holder() {
    // (sentence, mention, resolved?, country, precision of the coordinates)
    let cases: &[(&str, &str, bool, &str)] = &[
        // A village missing from the gazetteer before ", Region".
        ("Russian forces shelled Krokhmalne, Kharkiv. Casualties unknown.", "Krokhmalne", false, "UA"),
        // A longer unknown name swallows the known shorter one inside it.
        ("Russian forces shelled Stepova Novoselivka, Kharkiv.", "Stepova Novoselivka", false, "UA"),
        // A far-away namesake is not forced on a place the named region does not hold.
        ("A 25-year-old man was arrested in Damascus, Missouri, on Friday.", "Damascus", false, "US"),
        // Known places that fit their parent resolve as usual.
        ("Shelling hit Kupiansk, Kharkiv region, on Monday.", "Kupiansk", true, "UA"),
        ("He was born in London, Ontario.", "London", true, "CA"),
        // "City's X": a site or district of the city, or a name the city holds.
        (
            "Flights were cancelled at Toronto's Pearson International Airport.",
            "Pearson International Airport",
            false,
            "CA",
        ),
        ("The bomb went off in Cairo's Abbasiya neighbourhood on Sunday.", "Abbasiya", false, "EG"),
        ("Shells hit Gaza City's al-Shifa Hospital overnight.", "al-Shifa Hospital", false, "PS"),
        ("Most of the crews work out of London's Heathrow, the union said.", "Heathrow", false, "GB"),
    ];
    for &(text, mention, resolved, cc) in cases {
        let ps = places(text);
        let p = find(&ps, mention);
        assert_eq!(p.resolved, resolved, "{text:?}: {p:?}");
        assert_eq!(p.country_code.as_deref(), Some(cc), "{text:?}: {p:?}");
        assert!(p.lat.is_some() && p.lon.is_some(), "{text:?}: an unresolved place keeps its holder's point");
        if !resolved {
            assert_eq!(p.name, mention, "an unresolved place is named as written");
            assert_eq!(p.geonames_id, None);
        }
    }
}

#[test]
fn unresolved_names_need_a_locative_and_never_swallow_other_words() {
    // "On 11 January 2024, Russian ..." has a date and a demonym before the comma, and a
    // sentence-initial name with no locative is not taken as a settlement.
    let ps = places("On 11 January 2024, Russian forces shelled Kharkiv. Smith, Ukraine's envoy, left.");
    assert!(ps.iter().all(|p| p.resolved), "{ps:#?}");
}

#[test]
fn hierarchy_and_precision_in_output() {
    let ps = places("Shelling hit Kupiansk, Kharkiv region, and Idlib province.");
    let k = find(&ps, "Kupiansk");
    assert_eq!(k.admin1.as_deref(), Some("Kharkiv"));
    assert!(matches!(k.precision, Some(PlacePrecision::Town | PlacePrecision::City)), "{k:?}");
    assert_eq!(k.geo_precision, Some(1));
    let i = find(&ps, "Idlib");
    assert_eq!(i.precision, Some(PlacePrecision::Region));
    assert_eq!(i.geo_precision, Some(3));
}

#[test]
fn priors_and_the_story_geography() {
    let cases: &[(&str, &str, &str)] = &[
        // A region named as such beats a town that lists its name among alternates.
        ("Missouri has ranked second in beef cows, behind Texas and Oklahoma.", "Missouri", "Missouri"),
        // A list of states is a list of states.
        ("They looked at land in Indiana, Ohio, Montana and Wyoming.", "Wyoming", "Wyoming"),
        // The story's own country pulls a bare city name.
        (
            "Canada must act, said the organisers of a London rally. Canada has taken in refugees. \
             Many London families came from Syria.",
            "London",
            "London",
        ),
    ];
    for &(text, mention, want) in cases {
        let ps = places(text);
        let p = find(&ps, mention);
        assert_eq!(p.name, want, "{text:?}: {p:?}");
    }
    let ps = places(
        "Canada must act, said the organisers of a London rally. Canada has taken in refugees. \
         Many London families came from Syria.",
    );
    assert_eq!(find(&ps, "London").country_code.as_deref(), Some("CA"));
    let ps = places("They looked at land in Indiana, Ohio, Montana and Wyoming.");
    assert_eq!(find(&ps, "Wyoming").precision, Some(PlacePrecision::Region));
}

const ADMIN1: &str = "ZZ.01\tNorth Valley\tNorth Valley\t900001\nZZ.02\tSouth Hills\tSouth Hills\t900002\n";
const ADMIN2: &str = "ZZ.01.7\tOak County\tOak County\t900101\n";

/// A GeoNames dump fragment: 19 columns, admin codes instead of names.
fn dump_row(id: u32, name: &str, lat: f64, lon: f64, a1: &str, a2: &str, pop: u32) -> String {
    format!(
        "{id}\t{name}\t{name}\t\t{lat}\t{lon}\tP\tPPL\tSY\t\t{a1}\t{a2}\t\t\t{pop}\t\t0\tAsia/Damascus\t2024-01-01\n"
    )
}

#[test]
fn a_dump_town_keeps_only_other_spellings_of_its_name() {
    // GeoNames lists under a town what it absorbed ("Emery" under Humbermede): a person in
    // English news. Its other spellings stay; a city keeps all its other names.
    let row = |id: u32, name: &str, pop: u32, alts: &str| {
        format!(
            "{id}\t{name}\t{name}\t{alts}\t35.1\t38.1\tP\tPPL\tSY\t\t\t\t\t\t{pop}\t\t0\tAsia/Damascus\t2024-01-01\n"
        )
    };
    let dump = row(920001, "Qaryat Zulfa", 900, "Emery,Qariyat Zulfa") + &row(920002, "Madinat Nur", 150_000, "Lumen");
    let mut b = Extractor::builder();
    b.default_places(false).places_from_str("dump.txt", &dump);
    let ex = b.build().unwrap();
    let ps = ex.extract(&Document::new("Jets hit Qariyat Zulfa and Lumen. Emery said so.")).places;
    assert_eq!(find(&ps, "Qariyat Zulfa").name, "Qaryat Zulfa");
    assert_eq!(find(&ps, "Lumen").name, "Madinat Nur");
    assert!(ps.iter().all(|p| p.text != "Emery"), "{ps:?}");
}

#[test]
fn geonames_dump_with_admin_codes_builds_the_hierarchy() {
    // Admin codes of a fictional country code would fail: use SY with codes the embedded
    // data does not use.
    let admin1 = ADMIN1.replace("ZZ", "SY").replace(".01", ".91").replace(".02", ".92");
    let admin2 = ADMIN2.replace("ZZ", "SY").replace(".01", ".91");
    let mut dump = String::new();
    dump += &dump_row(910001, "Qaryat Zulfa", 35.10, 38.10, "91", "7", 900);
    dump += &dump_row(910002, "Tall Barud", 35.30, 38.30, "91", "7", 1200);
    dump += &dump_row(910003, "Khirbat Nura", 34.10, 37.10, "92", "", 700);
    let mut b = Extractor::builder();
    b.default_places(false)
        .places_from_str("dump.txt", &dump)
        .places_from_str("admin1CodesASCII.txt", &admin1)
        .places_from_str("admin2Codes.txt", &admin2);
    let ex = b.build().unwrap();
    let out = ex.extract(&Document::new(
        "Jets struck Qaryat Zulfa, North Valley, on Monday. Shelling hit Khirbat Nura in South Hills. \
         Oak County was quiet.",
    ));
    let q = find(&out.places, "Qaryat Zulfa");
    assert_eq!(q.admin1.as_deref(), Some("North Valley"));
    assert_eq!(q.admin2.as_deref(), Some("Oak County"));
    assert!(q.resolved);
    // Units named in the code files become places of their own, at their members' middle.
    let nv = find(&out.places, "North Valley");
    assert_eq!(nv.precision, Some(PlacePrecision::Region));
    assert_eq!(nv.geonames_id, Some(900001));
    assert!((nv.lat.unwrap() - 35.2).abs() < 0.01, "{nv:?}");
    let oak = find(&out.places, "Oak County");
    assert_eq!(oak.precision, Some(PlacePrecision::District));
    assert_eq!(oak.geo_precision, Some(2));
    assert_eq!(find(&out.places, "Khirbat Nura").admin1.as_deref(), Some("South Hills"));
}

#[test]
fn a_users_own_list_with_a_header() {
    let list = "name\talternates\tlat\tlon\tcountry_code\tadmin1\tpopulation\tfeature\n\
                Camp Zeta\tZeta camp|Zeta Base\t34.5\t40.1\tSY\tDeir ez-Zor\t0\ttown\n\
                Old Quarter\t\t36.2\t37.15\tSY\tAleppo\t\tneighbourhood\n";
    // A byte-order mark and Windows line ends, as spreadsheets write them.
    let list = format!("\u{feff}{}", list.replace('\n', "\r\n"));
    let mut b = Extractor::builder();
    b.places_from_str("mine.tsv", &list);
    let ex = b.build().unwrap();
    let out = ex.extract(&Document::new("Jets struck Zeta Base near the Old Quarter."));
    let z = find(&out.places, "Zeta Base");
    assert_eq!(z.name, "Camp Zeta");
    assert_eq!(z.admin1.as_deref(), Some("Deir ez-Zor"));
    assert_eq!(find(&out.places, "Old Quarter").precision, Some(PlacePrecision::Neighbourhood));
}

#[test]
fn malformed_place_files_name_file_line_and_column() {
    let cases: &[(&str, &str)] = &[
        ("name\tlat\tlon\tcc\nX\t91\t0\tSY\n", "mine.tsv:2:2: bad latitude \"91\""),
        ("name\tlat\tlon\nX\t1\t0\n", "mine.tsv:1: header lacks a \"country_code\" column"),
        ("name\tlat\tlon\tcc\twhat\n", "mine.tsv:1:5: unknown column \"what\""),
        ("name\tlat\tlon\tcc\nX\t1\n", "mine.tsv:2: expected 4 columns, found 2"),
        ("SY.01\tAleppo\tAleppo\tx\n", "mine.tsv:1:4: bad id \"x\""),
        ("1\tX\t1\t0\tQQ\t\t\tPPL\t0\t\n", "mine.tsv:1:5: unknown country code \"QQ\""),
    ];
    for (text, want) in cases {
        let mut b = Extractor::builder();
        b.default_places(false).places_from_str("mine.tsv", text);
        let err = b.build().unwrap_err();
        assert_eq!(err.to_string(), *want);
    }
}

#[test]
fn invalid_utf8_in_a_place_file_is_an_error_with_its_line() {
    let dir = std::env::temp_dir().join(format!("ce-places-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("bad.tsv");
    std::fs::write(&path, b"1\tGood\t1\t1\tSY\t\t\tPPL\t0\t\n2\tBa\xffd\t1\t1\tSY\t\t\tPPL\t0\t\n").unwrap();
    let mut b = Extractor::builder();
    b.default_places(false).load_places(&path);
    let err = b.build().unwrap_err().to_string();
    std::fs::remove_dir_all(&dir).ok();
    assert!(err.ends_with("bad.tsv:2:5: invalid UTF-8"), "{err}");
}

#[test]
fn many_generated_rows_load_and_resolve() {
    // 50,000 dump rows: every one matchable, the last one found in text.
    let mut dump = String::with_capacity(50_000 * 80);
    for i in 0..50_000u32 {
        let name = format!("Qarya {}", to_letters(i));
        dump += &dump_row(
            2_000_000 + i,
            &name,
            33.0 + f64::from(i % 500) / 100.0,
            36.0 + f64::from(i / 500) / 100.0,
            "09",
            "",
            600,
        );
    }
    let mut b = Extractor::builder();
    b.places_from_str("big.txt", &dump);
    let ex = b.build().unwrap();
    let last = format!("Qarya {}", to_letters(49_999));
    let out = ex.extract(&Document::new(&format!("Jets struck {last} on Monday.")));
    let p = find(&out.places, &last);
    assert_eq!(p.geonames_id, Some(2_049_999));
}

/// 0 → "Aa", 1 → "Ab", …: distinct capitalised words.
fn to_letters(mut i: u32) -> String {
    let mut s = String::from("A");
    for _ in 0..4 {
        s.push((b'a' + (i % 26) as u8) as char);
        i /= 26;
    }
    s
}

#[test]
fn names_inside_organisations_and_after_sentence_words() {
    // (sentence, mention, country, first-level region); each was missed or misplaced once.
    let cases: &[(&str, &str, &str, &str)] = &[
        // A sentence-initial article is not part of a longer proper name.
        ("A Metcalfe County man is arrested.", "Metcalfe County", "US", "Kentucky"),
        // Place names inside the names of bodies and buildings are still places.
        ("She was picked by the Red Deer Skating Association.", "Red Deer", "CA", "Alberta"),
        // ... whichever apostrophe a possessive body takes.
        ("Paul Everitt, Enfield Council\u{2019}s head of arts in London, said so.", "Enfield", "GB", "England"),
        // An abbreviated holder is never a list item, so it overrides a big namesake.
        ("COLUMBIA, Ky. (WBKO) - Police said on Friday.", "COLUMBIA", "US", "Kentucky"),
        // A name settled by its holder once keeps that sense where it stands bare.
        ("COLUMBIA, Ky. (WBKO) - James Suver, 25, of Columbia, was hurt.", "Columbia", "US", "Kentucky"),
        // A direction word between a name and its holder; the state beats a county's size.
        ("They picked a spot in Monroe County in northeast Missouri.", "Monroe County", "US", "Missouri"),
        // A name glued to a person's surname after it is no holder: Beirut stays Lebanese.
        ("Philip Issa in Beirut, Vladimir Isachenkov in Moscow contributed.", "Beirut", "LB", ""),
    ];
    assert_country_and_region(cases);
    // Regions far larger than their settled parts sit near their middle, not their south.
    let ps = places("Wildfires burned across Queensland and Alberta.");
    let q = find(&ps, "Queensland");
    assert!(q.lat.unwrap() > -23.0 && q.lon.unwrap() < 147.0, "{q:?}");
}

const NEIGHBOURS: &str = "Crystal meth took hold in London two years ago. Crystal is cheap, advocates \
    say. St. Thomas police have confirmed one overdose. Middlesex-London EMS warned its crews, and \
    Middlesex-London EMS staff are ready.";

#[test]
fn holders_postal_codes_and_neighbouring_towns() {
    // (text, mention, country, first-level region); each was misplaced once.
    let cases: &[(&str, &str, &str, &str)] = &[
        // A region that holds the place before it beats the country of the same name.
        ("It has offices in Richmond, Virginia and Atlanta, Georgia.", "Georgia", "US", "Georgia"),
        // ... while Georgia alone, or after a Georgian city, is the country.
        ("Talks were held in Tbilisi, Georgia.", "Georgia", "GE", ""),
        // A postal code after "Name, " holds the name, even one the gazetteer lacks.
        ("LOUISVILLE, KY--(Marketwire) - The company said.", "KY", "US", "Kentucky"),
        ("LOUISVILLE, KY--(Marketwire) - The company said.", "LOUISVILLE", "US", "Kentucky"),
        ("EDMONTON, KY (WBKO) - A barn burned.", "EDMONTON", "US", "Kentucky"),
        // Two towns of one district vouch for each other against a bigger namesake,
        // though the story never names their country and US-only names ("Crystal",
        // "Middlesex") make it look American.
        (NEIGHBOURS, "London", "CA", "Ontario"),
        (NEIGHBOURS, "St. Thomas", "CA", "Ontario"),
    ];
    assert_country_and_region(cases);
    // Capitalised words that are postal codes are no places elsewhere.
    for text in ["IN THE NEWS: SHELLING ON THE BORDER", "OR ELSE, ME TOO", "Call OK Computer"] {
        let ps = places(text);
        assert!(ps.iter().all(|p| p.text.len() > 2), "{text:?}: {ps:?}");
    }
}

#[test]
fn a_repeated_name_does_not_vouch_for_itself() {
    // Regression: "Heathrow" three times counted as three hints of the story being set
    // in the United States (Heathrow, Florida), against "UK" and "British".
    let text = "Fog hit London and the UK on Saturday. British Airways said flights at Heathrow were delayed. \
                Heathrow warned of delays. Heathrow told passengers to wait.";
    let ps = places(text);
    assert!(ps.iter().all(|p| p.country_code.as_deref() != Some("US")), "{ps:?}");
    assert!(ps.iter().any(|p| p.text == "London" && p.country_code.as_deref() == Some("GB")), "{ps:?}");
}

#[test]
fn datelines_and_headlines_in_capitals() {
    // (text, mention, country, first-level region); a town too small for a headline
    // copy in the trie was missed in its dateline before.
    let cases: &[(&str, &str, &str, &str)] = &[
        ("INNISFAIL - Nine-year-old Georgia Stevens is lacing her skates.", "INNISFAIL", "CA", "Alberta"),
        (
            "Mayor to offer plan.\n    TORRINGTON — Mayor Ryan Bingham will hold a press conference.",
            "TORRINGTON",
            "US",
            "Connecticut",
        ),
        ("NEW YORK (Reuters) - Stocks fell on Monday.", "NEW YORK", "US", "New York"),
        ("RUSSIAN JETS POUND ALEPPO\nWarplanes hit the city on Monday.", "ALEPPO", "SY", ""),
        // A capital's dateline in a story about its province is the city, not a namesake.
        (
            "VICTORIA - The home of a family in British Columbia was searched by B.C. police.",
            "VICTORIA",
            "CA",
            "British Columbia",
        ),
    ];
    assert_country_and_region(cases);
    // Acronyms and words set in capitals for emphasis run on into lower-case text.
    for (text, word) in [
        ("Egyptian state news agency MENA reported the blast.", "MENA"),
        ("GREEN fingered youngsters from a school have been hard at work.", "GREEN"),
        ("An aide said BA warned of delays.", "BA"),
    ] {
        let ps = places(text);
        assert!(ps.iter().all(|p| p.text != word), "{text:?}: {ps:?}");
    }
}

#[test]
fn states_named_in_the_story_choose_among_namesakes() {
    // Regressions: the bigger Plymouth, Minnesota took the local-news bonus that every
    // US Plymouth deserved alike; a town near one of the story's places outweighed the
    // state the story names.
    let text = "The United States marks Thanksgiving. Americans eat turkey. In the United States it \
                began in Plymouth. A good harvest led Massachusetts Governor William Bradford to \
                organise a feast. Washington made it a holiday, and Americans kept it.";
    assert_country_and_region(&[(text, "Plymouth", "US", "Massachusetts")]);
}

#[test]
fn a_small_town_abroad_needs_more_than_a_passing_hint_of_its_country() {
    // Regression: one US-only name ("Atlantic") kept Heathrow, Florida in a story about
    // London's airports. A city of some size keeps the old rule: Geneva in a Syrian story.
    let text = "England's airports were hit by fog. London City airport diverted flights while Heathrow \
                reported disruption across the Atlantic. British Airways said the UK flights from \
                Edinburgh were delayed at Heathrow.";
    let ps = places(text);
    assert!(ps.iter().all(|p| p.text != "Heathrow" || p.country_code.as_deref() != Some("US")), "{ps:?}");
    let text = "Syrian rebels and Syrian troops fought in Aleppo and Homs. Syria's opposition met Swiss \
                officials in Geneva on Monday.";
    assert_country_and_region(&[(text, "Geneva", "CH", "")]);
}

#[test]
fn possessives_and_compass_words() {
    // A site named alone after "'s" completes the possessor's name; it is no site of it.
    let ps = places("Both women were taken to St. Michael's Hospital in the night.");
    assert!(ps.iter().all(|p| !p.text.contains("Hospital")), "{ps:#?}");
    // A compass word narrows the place after it and is no place of its own ("North" is
    // also a town in South Carolina).
    for text in ["A fight broke out in North London on Friday.", "Shelling hit Upper Edmonton."] {
        let ps = places(text);
        assert!(ps.iter().all(|p| !matches!(p.text.as_str(), "North" | "Upper")), "{text:?}: {ps:#?}");
    }
    assert_eq!(
        find(&places("A fight broke out in North London on Friday."), "London").country_code.as_deref(),
        Some("GB")
    );
}

#[test]
fn two_neighbours_abroad_choose_each_other() {
    // Each name alone is first in Alberta and Connecticut; together they are neighbours
    // in north London. A big city with a neighbour at home stays itself.
    let text =
        "Pupils put their cooking to the test in Edmonton. Paul Everitt, Enfield Council's head of arts, judged.";
    assert_country_and_region(&[(text, "Edmonton", "GB", "England"), (text, "Enfield", "GB", "England")]);
    assert_country_and_region(&[("Snow fell on Edmonton and Calgary overnight.", "Edmonton", "CA", "Alberta")]);
}

#[test]
fn heads_of_longer_names_and_organisations() {
    // A city named by the head of its longer name, in a story about its country.
    let text = "UK regulators approved the method, developed by doctors in Newcastle.";
    assert_country_and_region(&[(text, "Newcastle", "GB", "England")]);
    // ... but a state is not its capital city.
    let ps = places("Storms hit Oklahoma and Kansas on Monday.");
    assert_eq!(find(&ps, "Oklahoma").name, "Oklahoma");
    // "University of Iowa" is a university, and no place called University inside Iowa.
    let ps = places("He earned his degree from the University of Iowa and taught in Chicago.");
    assert!(ps.iter().all(|p| p.text != "University"), "{ps:#?}");
    assert!(ps.iter().any(|p| p.text == "Iowa"), "{ps:#?}");
    // A compass word before any capitalised name is no place of its own.
    let ps = places("The bomber struck in Central Anatolia.");
    assert!(ps.iter().all(|p| p.text != "Central"), "{ps:#?}");
}

#[test]
fn a_name_settled_later_in_the_story_holds_before() {
    // The bare mention comes first; only the later "Columbia, Ky." says which Columbia.
    let text = "A man from Columbia was charged on Friday. He was arrested in Columbia, Ky., after a chase.";
    let ps = places(text);
    let columbia: Vec<_> = ps.iter().filter(|p| p.text == "Columbia").collect();
    assert_eq!(columbia.len(), 2, "{ps:#?}");
    assert!(
        columbia.iter().all(|p| p.country_code.as_deref() == Some("US") && p.admin1.as_deref() == Some("Kentucky")),
        "{ps:#?}"
    );
}

#[test]
fn words_that_say_a_name_is_something_else() {
    // A country called a town is a town the gazetteer lacks, everywhere in the story.
    let ps = places("The celebration returns to Turkey on Thursday, according to the city of Turkey.");
    assert!(ps.iter().all(|p| p.text != "Turkey"), "{ps:#?}");
    // ... while a country stays a country.
    assert_eq!(find(&places("Shelling was reported in Turkey."), "Turkey").country_code.as_deref(), Some("TR"));
    // A saint's possessive names a hospital or a church, not the town of St. Michael.
    let ps = places("Both women were taken to St. Michael's Hospital.");
    assert!(ps.iter().all(|p| !p.text.contains("Michael")), "{ps:#?}");
    // A continent narrowed by a compass word has no point of its own.
    let ps = places("Its biggest markets are the Netherlands and Southern Europe.");
    assert!(ps.iter().all(|p| p.text != "Europe"), "{ps:#?}");
}

#[test]
fn small_towns_of_english_speaking_countries() {
    // Local news names its small towns bare; the story's state chooses among namesakes.
    let text = "Kentucky State Police say William Goble, 26, of Edmonton, was arrested Thursday in Adair County.";
    assert_country_and_region(&[(text, "Edmonton", "US", "Kentucky")]);
    assert_country_and_region(&[(
        "MCKEE, Ky. - Police arrested two people in McKee on Friday.",
        "McKee",
        "US",
        "Kentucky",
    )]);
    // A demonym that is also a small town's name stays the demonym.
    for (text, word, cc) in
        [("Spanish officials said the talks failed.", "Spanish", "ES"), ("Canadian troops left.", "Canadian", "CA")]
    {
        let ps = places(text);
        let p = find(&ps, word);
        assert_eq!(p.country_code.as_deref(), Some(cc), "{text:?}: {p:?}");
        assert_eq!(p.precision, Some(PlacePrecision::Country), "{text:?}: {p:?}");
    }
    // Counties of one name are told apart by the state, not by their size.
    let text = "HOLLIDAY, Mo. - A Paris, Missouri, man was arrested in Monroe County and held in Marion County.";
    assert_country_and_region(&[(text, "Monroe County", "US", "Missouri")]);
    // A common word heading an organisation's name is no place.
    let ps = places("He was taken to University Hospital in Columbia, Missouri.");
    assert!(ps.iter().all(|p| p.text != "University"), "{ps:#?}");
}

#[test]
fn a_dump_without_its_admin_code_files_keeps_the_embedded_admin_names() {
    // cities500.txt alone carries codes ("TX", "039"); a row for a place the crate embeds
    // teaches the code its name, so "Alvin, Texas" and the output still say "Texas".
    let row = "4670592\tAlvin\tAlvin\t\t29.42385\t-95.2441\tP\tPPL\tUS\t\tTX\t039\t\t\t25791\t\t15\tAmerica/Chicago\t2024-01-01\n\
               4670593\tNewtown Ridge\tNewtown Ridge\t\t29.5\t-95.3\tP\tPPL\tUS\t\tTX\t039\t\t\t900\t\t15\tAmerica/Chicago\t2024-01-01\n";
    let mut b = Extractor::builder();
    b.places_from_str("cities.txt", row);
    let ex = b.build().unwrap();
    let out = ex.extract(&Document::new("A man was arrested near Newtown Ridge, Texas, on Monday."));
    let p = find(&out.places, "Newtown Ridge");
    assert!(p.resolved, "{p:?}");
    assert_eq!(p.admin1.as_deref(), Some("Texas"), "{p:?}");
    assert_eq!(p.admin2.as_deref(), Some("Brazoria County"), "{p:?}");
}

#[test]
fn a_dump_row_for_an_embedded_place_keeps_its_news_spellings() {
    // GeoNames' own row for Tall Abyad lacks the spelling the news uses; the embedded
    // record's names stay with it when the row replaces the record.
    let row = "163750\tTall Abyad\tTall Abyad\t\t36.6975\t38.9567\tP\tPPL\tSY\t\t04\t\t\t\t0\t\t350\tAsia/Damascus\t2024-01-01\n";
    let mut b = Extractor::builder();
    b.places_from_str("SY.txt", row);
    let ex = b.build().unwrap();
    let out = ex.extract(&Document::new("Turkish troops were deployed in Tel Abyad on Wednesday."));
    let p = find(&out.places, "Tel Abyad");
    assert_eq!(p.geonames_id, Some(163750), "{p:?}");
    assert_eq!(p.admin1.as_deref(), Some("Ar-Raqqah"), "{p:?}");
}

#[test]
fn people_dates_and_organisations_named_like_small_towns() {
    // A name the story gives a person stays a person where it stands alone.
    let text = "Mayor Ryan Bingham will hold a press conference. Bingham said the plan was ready.";
    let ps = places(text);
    assert!(ps.iter().all(|p| p.text != "Bingham"), "{ps:#?}");
    // Calendar words and organisations' head words are no towns without a cue word ...
    for text in ["There will be disruption for travellers over Christmas.", "She studies at Georgetown College."] {
        let ps = places(text);
        assert!(ps.iter().all(|p| !matches!(p.text.as_str(), "Christmas" | "College")), "{text:?}: {ps:#?}");
    }
    // ... and a headline in title case is no person's name.
    let ps = places("Police Arrest Driver In Bantam\nPolice arrested a driver in Bantam, Connecticut.");
    assert!(ps.iter().filter(|p| p.text == "Bantam").count() == 2, "{ps:#?}");
}

/// Names and codes from the embedded tables are lent, not copied; a place loaded at run
/// time owns its name (a regression guard for the allocation-free output).
#[test]
fn embedded_names_are_borrowed_and_loaded_ones_owned() {
    use std::borrow::Cow;
    let ps = places("Jets struck Kramatorsk, Donetsk region, and Syria's Aleppo.");
    for mention in ["Kramatorsk", "Syria", "Aleppo"] {
        let p = find(&ps, mention);
        assert!(matches!(p.name, Cow::Borrowed(_)), "{p:?}");
        assert!(matches!(p.country_code, Some(Cow::Borrowed(_))), "{p:?}");
        assert!(!matches!(p.admin1, Some(Cow::Owned(_))), "{p:?}");
    }
    let ex = Extractor::builder()
        .places_from_str("mine.tsv", "name\tlat\tlon\tcountry_code\tadmin1\nCamp Zeta\t35.93\t39.01\tSY\tRaqqa\n")
        .build()
        .expect("valid list");
    let out = ex.extract(&Document::new("Shells hit Camp Zeta on Monday."));
    let p = find(&out.places, "Camp Zeta");
    assert!(matches!(p.name, Cow::Owned(_)), "{p:?}");
    assert_eq!(p.name, "Camp Zeta");
    assert_eq!(p.admin1.as_deref(), Some("Raqqa"));
    assert!(matches!(p.country_code, Some(Cow::Borrowed("SY"))), "{p:?}");
}
