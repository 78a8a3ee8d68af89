//! The gazetteer: countries, first-level regions and populated places.
//!
//! In: tab-separated text — the embedded `data/countries.tsv` and `data/places.tsv`
//! (derived from GeoNames by `tools/gen_gazetteer.py`), a user's own list in the same
//! 10-column form, or a GeoNames dump file (19 columns: `allCountries.txt`, `SY.txt`,
//! `cities500.txt`). Out: a [`Gazetteer`] of compact records and, for the matcher, every
//! name and alternate name with the record it stands for. Choosing between namesakes is
//! the job of the `places` stage.

use crate::error::Error;
use crate::model::PlacePrecision;
use std::collections::HashMap;

/// What sort of place a record is; decides precision and priors.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Feature {
    /// A continent.
    Continent,
    /// A first-level administrative region.
    Region,
    /// A national capital.
    Capital,
    /// The seat of a first- or second-level administration.
    AdminSeat,
    /// Any other populated place.
    Populated,
    /// A section of a populated place (neighbourhood, district).
    Section,
}

impl Feature {
    fn from_code(code: &str) -> Feature {
        match code {
            "CONT" => Feature::Continent,
            "ADM1" | "ADM1H" => Feature::Region,
            "PPLC" | "PPLG" => Feature::Capital,
            "PPLA" | "PPLA2" | "PPLA3" => Feature::AdminSeat,
            "PPLX" | "ADM3" | "ADM4" => Feature::Section,
            _ => Feature::Populated,
        }
    }
}

/// A place record.
#[derive(Clone, Debug)]
pub(crate) struct PlaceRec {
    pub id: u32,
    pub name: Box<str>,
    pub lat: f32,
    pub lon: f32,
    /// Index into [`Gazetteer::countries`], or `NO_COUNTRY`.
    pub country: u16,
    /// Index into [`Gazetteer::admin_names`], or `u32::MAX`.
    pub admin1: u32,
    pub feature: Feature,
    pub population: u32,
}

pub(crate) const NO_COUNTRY: u16 = u16::MAX;

impl PlaceRec {
    /// The precision of this place in output terms.
    pub fn precision(&self) -> PlacePrecision {
        match self.feature {
            Feature::Continent => PlacePrecision::Continent,
            Feature::Region => PlacePrecision::Region,
            Feature::Section => PlacePrecision::Neighbourhood,
            Feature::Capital | Feature::AdminSeat => PlacePrecision::City,
            Feature::Populated if self.population >= 100_000 => PlacePrecision::City,
            Feature::Populated => PlacePrecision::Town,
        }
    }
}

/// A country record.
#[derive(Clone, Debug)]
pub(crate) struct CountryRec {
    pub cc: [u8; 2],
    pub iso3: Box<str>,
    pub id: u32,
    pub name: Box<str>,
    pub lat: f32,
    pub lon: f32,
    pub aliases: Vec<Box<str>>,
    pub demonyms: Vec<Box<str>>,
}

impl CountryRec {
    pub fn code(&self) -> &str {
        std::str::from_utf8(&self.cc).unwrap_or("")
    }
}

/// A place a user adds by hand.
#[derive(Clone, Debug, PartialEq)]
pub struct PlaceSpec {
    /// The name.
    pub name: String,
    /// Other names it goes by.
    pub alternates: Vec<String>,
    /// Latitude in degrees.
    pub lat: f64,
    /// Longitude in degrees.
    pub lon: f64,
    /// ISO 3166-1 alpha-2 country code.
    pub country_code: String,
    /// First-level region name, if any.
    pub admin1: Option<String>,
    /// Population, if known (a prior when names clash).
    pub population: u32,
    /// Set for a first-level region rather than a populated place.
    pub is_region: bool,
    /// An id of your own (a GeoNames id if you have one).
    pub id: u32,
}

impl PlaceSpec {
    /// A populated place with no alternates, population or region.
    pub fn new(name: &str, lat: f64, lon: f64, country_code: &str) -> PlaceSpec {
        PlaceSpec {
            name: name.to_string(),
            alternates: Vec::new(),
            lat,
            lon,
            country_code: country_code.to_string(),
            admin1: None,
            population: 0,
            is_region: false,
            id: 0,
        }
    }
}

/// Countries and places, with the names to match.
#[derive(Clone, Debug, Default)]
pub(crate) struct Gazetteer {
    pub countries: Vec<CountryRec>,
    pub places: Vec<PlaceRec>,
    /// Alternate names of each place (parallel to `places`).
    pub alternates: Vec<Vec<Box<str>>>,
    pub admin_names: Vec<Box<str>>,
    admin_index: HashMap<Box<str>, u32>,
    cc_index: HashMap<[u8; 2], u16>,
    id_index: HashMap<u32, u32>,
}

pub(crate) const DEFAULT_COUNTRIES: &str = include_str!("../data/countries.tsv");
pub(crate) const DEFAULT_PLACES: &str = include_str!("../data/places.tsv");

fn field<'a>(cols: &[&'a str], i: usize) -> &'a str {
    cols.get(i).copied().unwrap_or("").trim()
}

fn parse_f32(file: &str, line: usize, col: usize, s: &str, what: &str, lim: f32) -> Result<f32, Error> {
    match s.parse::<f32>() {
        Ok(v) if v.is_finite() && v.abs() <= lim => Ok(v),
        _ => Err(Error::parse(file, line, Some(col), format!("bad {what} {s:?}"))),
    }
}

fn split_list(s: &str, sep: char) -> impl Iterator<Item = &str> {
    s.split(sep).map(str::trim).filter(|x| !x.is_empty())
}

impl Gazetteer {
    /// Loads the country table: `cc geonameid name lat lon population aliases demonyms [iso3]`.
    pub fn load_countries(&mut self, file: &str, text: &str) -> Result<(), Error> {
        for (n, line) in text.lines().enumerate() {
            let line_no = n + 1;
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.len() < 6 {
                return Err(Error::parse(
                    file,
                    line_no,
                    None,
                    format!("expected at least 6 tab-separated columns, found {}", cols.len()),
                ));
            }
            let cc = field(&cols, 0);
            if cc.len() != 2 || !cc.bytes().all(|b| b.is_ascii_uppercase()) {
                return Err(Error::parse(file, line_no, Some(1), format!("bad country code {cc:?}")));
            }
            let cc = [cc.as_bytes()[0], cc.as_bytes()[1]];
            let id = field(&cols, 1).parse::<u32>().unwrap_or(0);
            let name = field(&cols, 2);
            if name.is_empty() {
                return Err(Error::parse(file, line_no, Some(3), "empty name"));
            }
            let lat = parse_f32(file, line_no, 4, field(&cols, 3), "latitude", 90.0)?;
            let lon = parse_f32(file, line_no, 5, field(&cols, 4), "longitude", 180.0)?;
            let rec = CountryRec {
                cc,
                iso3: field(&cols, 8).into(),
                id,
                name: name.into(),
                lat,
                lon,
                aliases: split_list(field(&cols, 6), '|').map(Into::into).collect(),
                demonyms: split_list(field(&cols, 7), '|').map(Into::into).collect(),
            };
            match self.cc_index.get(&cc) {
                Some(&i) => self.countries[i as usize] = rec,
                None => {
                    if self.countries.len() >= NO_COUNTRY as usize {
                        return Err(Error::parse(file, line_no, None, "too many countries"));
                    }
                    self.cc_index.insert(cc, self.countries.len() as u16);
                    self.countries.push(rec);
                }
            }
        }
        Ok(())
    }

    pub fn country_index(&self, cc: &str) -> Option<u16> {
        let b = cc.as_bytes();
        if b.len() != 2 {
            return None;
        }
        self.cc_index.get(&[b[0].to_ascii_uppercase(), b[1].to_ascii_uppercase()]).copied()
    }

    fn admin_id(&mut self, name: &str) -> u32 {
        if name.is_empty() {
            return u32::MAX;
        }
        if let Some(&i) = self.admin_index.get(name) {
            return i;
        }
        let i = self.admin_names.len() as u32;
        self.admin_names.push(name.into());
        self.admin_index.insert(name.into(), i);
        i
    }

    fn push_place(&mut self, rec: PlaceRec, alternates: Vec<Box<str>>) {
        if rec.id != 0 {
            if let Some(&i) = self.id_index.get(&rec.id) {
                self.places[i as usize] = rec;
                self.alternates[i as usize] = alternates;
                return;
            }
            self.id_index.insert(rec.id, self.places.len() as u32);
        }
        self.places.push(rec);
        self.alternates.push(alternates);
    }

    /// Adds one place given by the user.
    pub fn add_spec(&mut self, p: &PlaceSpec) -> Result<(), Error> {
        let bad = |m: String| Error::Invalid { what: "place", message: m };
        if p.name.trim().is_empty() {
            return Err(bad("empty name".into()));
        }
        if !(p.lat.is_finite() && p.lat.abs() <= 90.0 && p.lon.is_finite() && p.lon.abs() <= 180.0) {
            return Err(bad(format!("{}: coordinates out of range", p.name)));
        }
        let country = self
            .country_index(&p.country_code)
            .ok_or_else(|| bad(format!("{}: unknown country code {:?}", p.name, p.country_code)))?;
        let admin1 = self.admin_id(p.admin1.as_deref().unwrap_or(""));
        let rec = PlaceRec {
            id: p.id,
            name: p.name.trim().into(),
            lat: p.lat as f32,
            lon: p.lon as f32,
            country,
            admin1,
            feature: if p.is_region { Feature::Region } else { Feature::Populated },
            population: p.population,
        };
        self.push_place(rec, p.alternates.iter().map(|a| a.trim().into()).collect());
        Ok(())
    }

    /// Loads places in the crate's 10-column form or in the GeoNames 19-column dump form,
    /// told apart by the number of columns on each line.
    pub fn load_places(&mut self, file: &str, text: &str) -> Result<usize, Error> {
        let mut n_loaded = 0;
        for (n, line) in text.lines().enumerate() {
            let line_no = n + 1;
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            let (id, name, lat, lon, cc, admin1, fcode, pop, alts, alt_sep) = match cols.len() {
                10 => (0, 1, 2, 3, 4, 5, 7, 8, 9, '|'),
                19 => (0, 1, 4, 5, 8, 10, 7, 14, 3, ','),
                k => {
                    return Err(Error::parse(
                        file,
                        line_no,
                        None,
                        format!("expected 10 columns (crate form) or 19 (GeoNames dump), found {k}"),
                    ))
                }
            };
            let id_s = field(&cols, id);
            let idv = id_s
                .parse::<u32>()
                .map_err(|_| Error::parse(file, line_no, Some(id + 1), format!("bad id {id_s:?}")))?;
            let name_s = field(&cols, name);
            if name_s.is_empty() {
                return Err(Error::parse(file, line_no, Some(name + 1), "empty name"));
            }
            let latv = parse_f32(file, line_no, lat + 1, field(&cols, lat), "latitude", 90.0)?;
            let lonv = parse_f32(file, line_no, lon + 1, field(&cols, lon), "longitude", 180.0)?;
            let cc_s = field(&cols, cc);
            let country = if cc_s.is_empty() {
                NO_COUNTRY
            } else {
                self.country_index(cc_s).ok_or_else(|| {
                    Error::parse(file, line_no, Some(cc + 1), format!("unknown country code {cc_s:?}"))
                })?
            };
            // GeoNames dumps carry admin1 codes, not names; keep the code qualified by country
            // so it still separates namesakes.
            let admin_s = field(&cols, admin1);
            let admin_name =
                if cols.len() == 19 && !admin_s.is_empty() { format!("{cc_s}.{admin_s}") } else { admin_s.to_string() };
            let admin = self.admin_id(&admin_name);
            let fcode_s = field(&cols, fcode);
            if cols.len() == 19 {
                // Only populated places and first-level regions from a full dump.
                let fclass = field(&cols, 6);
                if !(fclass == "P" || fcode_s == "ADM1") {
                    continue;
                }
            }
            let pop_s = field(&cols, pop);
            let popv = if pop_s.is_empty() {
                0
            } else {
                pop_s
                    .parse::<u64>()
                    .map_err(|_| Error::parse(file, line_no, Some(pop + 1), format!("bad population {pop_s:?}")))?
                    .min(u32::MAX as u64) as u32
            };
            let alternates: Vec<Box<str>> = split_list(field(&cols, alts), alt_sep)
                .filter(|a| *a != name_s && is_latin(a))
                .map(Into::into)
                .collect();
            let rec = PlaceRec {
                id: idv,
                name: name_s.into(),
                lat: latv,
                lon: lonv,
                country,
                admin1: admin,
                feature: Feature::from_code(fcode_s),
                population: popv,
            };
            self.push_place(rec, alternates);
            n_loaded += 1;
        }
        Ok(n_loaded)
    }

    /// Every surface form of every place, with the place index.
    pub fn place_names(&self) -> impl Iterator<Item = (&str, u32)> {
        self.places.iter().enumerate().flat_map(move |(i, p)| {
            std::iter::once(&p.name).chain(self.alternates[i].iter()).map(move |n| (&**n, i as u32))
        })
    }

    pub fn admin_name(&self, i: u32) -> Option<&str> {
        self.admin_names.get(i as usize).map(|s| &**s)
    }
}

/// Latin-script names only: the matcher works on English text.
fn is_latin(s: &str) -> bool {
    s.chars().all(|c| {
        c.is_ascii()
            || ('\u{00C0}'..='\u{024F}').contains(&c)
            || ('\u{1E00}'..='\u{1EFF}').contains(&c)
            || "ʼʻ’‘".contains(c)
    }) && s.chars().any(|c| c.is_alphabetic())
}

#[cfg(test)]
mod tests {
    use super::*;

    const COUNTRIES: &str = "# test\nSY\t163843\tSyria\t35\t38\t22198110\tSyrian Arab Republic\tSyrian|Syrians\tSYR\nCH\t2658434\tSwitzerland\t47\t8\t8516543\t\tSwiss\tCHE\n";

    #[test]
    fn loads_both_forms() {
        let mut g = Gazetteer::default();
        g.load_countries("c.tsv", COUNTRIES).unwrap();
        let crate_form =
            "170063\tAleppo\t36.2012\t37.1612\tSY\tAleppo\t\tPPLA\t1602264\tHalab|Alep|\u{62d}\u{644}\u{628}\n";
        assert_eq!(g.load_places("p.tsv", crate_form).unwrap(), 1);
        let dump = "2660646\tGeneva\tGeneva\tGeneve,Genf\t46.20222\t6.14569\tP\tPPLA\tCH\t\tGE\t\t\t\t183981\t\t375\tEurope/Zurich\t2020-01-01\n";
        assert_eq!(g.load_places("dump.txt", dump).unwrap(), 1);
        let names: Vec<&str> = g.place_names().map(|(n, _)| n).collect();
        assert_eq!(names, ["Aleppo", "Halab", "Alep", "Geneva", "Geneve", "Genf"]);
        assert_eq!(g.places[0].precision(), PlacePrecision::City);
        assert_eq!(g.admin_name(g.places[1].admin1), Some("CH.GE"));
    }

    #[test]
    fn errors_name_file_line_and_column() {
        let mut g = Gazetteer::default();
        g.load_countries("c.tsv", COUNTRIES).unwrap();
        let cases: &[(&str, &str)] = &[
            ("1\tX\t100\t0\tSY\t\t\tPPL\t0\t\n", "p.tsv:1:3: bad latitude \"100\""),
            ("\n1\tX\t1\t0\tZZ\t\t\tPPL\t0\t\n", "p.tsv:2:5: unknown country code \"ZZ\""),
            ("x\tX\t1\t0\tSY\t\t\tPPL\t0\t\n", "p.tsv:1:1: bad id \"x\""),
            ("1\tX\t1\n", "p.tsv:1: expected 10 columns (crate form) or 19 (GeoNames dump), found 3"),
            ("1\t\t1\t0\tSY\t\t\tPPL\t0\t\n", "p.tsv:1:2: empty name"),
            ("1\tX\t1\t0\tSY\t\t\tPPL\tmany\t\n", "p.tsv:1:9: bad population \"many\""),
        ];
        for (text, want) in cases {
            let err = g.load_places("p.tsv", text).unwrap_err();
            assert_eq!(err.to_string(), *want);
        }
    }

    #[test]
    fn later_record_with_same_id_replaces() {
        let mut g = Gazetteer::default();
        g.load_countries("c.tsv", COUNTRIES).unwrap();
        g.load_places("a", "5\tOld\t1\t1\tSY\t\t\tPPL\t0\t\n").unwrap();
        g.load_places("b", "5\tNew\t1\t1\tSY\t\t\tPPL\t0\t\n").unwrap();
        assert_eq!(g.places.len(), 1);
        assert_eq!(&*g.places[0].name, "New");
    }
}
