//! Builds the shipped gazetteer from the GeoNames source (`places.tsv`,
//! `countries.json`, `continents.json` as in the project's shared data) and
//! the common-word list from Universal Dependencies treebanks.
//!
//! This is the offline step behind `dyad geo build`; the product only loads
//! its output (see [`crate::gazetteer`]). What is kept:
//! - every place, with GeoNames' name, country, coordinates and population;
//! - its name and those alternate names that English news could use: Latin
//!   script, starting with a capital letter (this drops GeoNames' lower-case
//!   romanisations of non-Latin names), not an all-capital code of up to five
//!   letters (airport codes), 3 to 60 characters, not a nickname starting
//!   with "The ", not a common English word;
//! - no key that is a country or continent name, except a place's own name
//!   when it is its country's capital (Singapore, Djibouti): "Kosovo" is not
//!   an alternate name of Kosovo Polje here.
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;

use crate::error::GeoError;
use crate::fold::{fold, is_latin, loose_key};

/// Counts from a build, for the report and the README.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BuildReport {
    /// Places kept.
    pub places: usize,
    /// Countries kept.
    pub countries: usize,
    /// Distinct folded names.
    pub names: usize,
    /// Distinct loose keys.
    pub loose: usize,
    /// Alternate names dropped by the filters.
    pub dropped_alternates: usize,
    /// Size of the uncompressed file in bytes.
    pub text_bytes: usize,
}

fn read(path: &Path) -> Result<String, GeoError> {
    std::fs::read_to_string(path).map_err(|e| GeoError::io(path, e))
}

fn json(path: &Path) -> Result<serde_json::Value, GeoError> {
    serde_json::from_str(&read(path)?).map_err(|e| GeoError::Invalid {
        file: path.display().to_string(),
        message: format!("bad JSON at line {}, column {}: {e}", e.line(), e.column()),
    })
}

/// True when an alternate name is worth indexing for English news: Latin
/// script, capitalised, 3 to 60 characters, not an all-capital code of up to
/// five letters, not starting with "The " (GeoNames lists nicknames such as
/// "The Bank"), and not a single common English word (`common`, folded).
pub fn keep_alternate(name: &str, common: &HashSet<String>) -> bool {
    let len = name.chars().count();
    if !(3..=60).contains(&len) || !is_latin(name) {
        return false;
    }
    if !name.chars().next().is_some_and(char::is_uppercase) || name.starts_with("The ") {
        return false;
    }
    let letters: Vec<char> = name.chars().filter(|c| c.is_alphabetic()).collect();
    let all_caps = letters.iter().all(|c| c.is_uppercase());
    let code_like = all_caps && letters.len() <= 5;
    !code_like && !common.contains(&fold(name))
}

/// Builds the gazetteer text (the format described in [`crate::gazetteer`]) from `src_dir`.
///
/// `common_words` (folded) are kept out of the alternate names.
pub fn build_text(
    src_dir: &Path,
    common_words: &HashSet<String>,
) -> Result<(String, BuildReport), GeoError> {
    let mut report = BuildReport::default();
    let countries_path = src_dir.join("countries.json");
    let countries = json(&countries_path)?;
    let countries = countries.as_object().ok_or_else(|| GeoError::Invalid {
        file: countries_path.display().to_string(),
        message: "expected an object keyed by ISO alpha-2".into(),
    })?;
    let mut out = String::new();
    out.push_str("# dyad gazetteer, built by `dyad geo build` from GeoNames (CC BY 4.0); see NOTICE\n@countries\n");
    // Folded country/continent names → the capital of that country (if any).
    let mut blocked: HashMap<String, Option<String>> = HashMap::new();
    let mut country_rows: Vec<(String, String, String, u64)> = Vec::new();
    for (iso2, c) in countries {
        let s = |k: &str| c.get(k).and_then(|v| v.as_str()).unwrap_or("").to_string();
        let name = s("name");
        if iso2.len() != 2 || name.is_empty() {
            continue;
        }
        let pop = c
            .get("population")
            .and_then(serde_json::Value::as_u64)
            .unwrap_or(0);
        blocked.insert(fold(&name), Some(fold(&s("capital"))));
        country_rows.push((iso2.clone(), s("iso3"), name, pop));
    }
    country_rows.sort();
    for (iso2, iso3, name, pop) in &country_rows {
        let _ = writeln!(out, "{iso2}\t{iso3}\t{}\t{pop}", name.replace('\t', " "));
    }
    report.countries = country_rows.len();
    let continents_path = src_dir.join("continents.json");
    if continents_path.exists() {
        if let Some(map) = json(&continents_path)?.as_object() {
            for c in map.values() {
                for k in ["name", "toponymName", "asciiName"] {
                    if let Some(n) = c.get(k).and_then(|v| v.as_str()) {
                        blocked.entry(fold(n)).or_insert(None);
                    }
                }
            }
        }
    }

    let places_path = src_dir.join("places.tsv");
    let places_file = places_path.display().to_string();
    let text = read(&places_path)?;
    struct Row {
        id: u32,
        name: String,
        country: String,
        lat: f64,
        lon: f64,
        population: u64,
        keys: Vec<String>,
    }
    let mut rows: Vec<Row> = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let line_no = index + 1;
        if index == 0 && line.starts_with("geonameid") {
            continue;
        }
        if line.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 7 {
            return Err(GeoError::parse(
                &places_file,
                line_no,
                format!("expected 8 fields, found {}", f.len()),
            ));
        }
        let num_err = |what: &str, v: &str| {
            GeoError::parse(
                &places_file,
                line_no,
                format!("{what} {v:?} is not a number"),
            )
        };
        let id: u32 = f[0].parse().map_err(|_| num_err("geonameid", f[0]))?;
        let lat: f64 = f[4].parse().map_err(|_| num_err("latitude", f[4]))?;
        let lon: f64 = f[5].parse().map_err(|_| num_err("longitude", f[5]))?;
        let population: u64 = f[6].parse().map_err(|_| num_err("population", f[6]))?;
        let name = f[1].trim().replace('\t', " ");
        let country = f[2].trim();
        if name.is_empty() || country.len() != 2 || !country.bytes().all(|b| b.is_ascii_uppercase())
        {
            return Err(GeoError::parse(
                &places_file,
                line_no,
                "empty name or bad country code",
            ));
        }
        let name_key = fold(&name);
        let mut keys: Vec<String> = Vec::new();
        let mut add = |key: String, is_main: bool| {
            if key.chars().count() < 2 || key.bytes().all(|b| b.is_ascii_digit() || b == b' ') {
                return;
            }
            if let Some(capital) = blocked.get(&key) {
                // A country name stays only as the main name of that country's capital.
                if !(is_main && capital.as_deref() == Some(name_key.as_str())) {
                    return;
                }
            }
            if !keys.contains(&key) {
                keys.push(key);
            }
        };
        add(name_key.clone(), true);
        for alt in f.get(7).copied().unwrap_or("").split('|') {
            let alt = alt.trim();
            if alt.is_empty() {
                continue;
            }
            if keep_alternate(alt, common_words) {
                add(fold(alt), false);
            } else {
                report.dropped_alternates += 1;
            }
        }
        rows.push(Row {
            id,
            name,
            country: country.to_string(),
            lat,
            lon,
            population,
            keys,
        });
    }
    // Most populous first (stable for ties, keeping source order).
    rows.sort_by_key(|r| std::cmp::Reverse(r.population));
    out.push_str("@places\n");
    let mut names: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    let mut loose: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, r) in rows.iter().enumerate() {
        // Coordinates in 1e-4 degrees (about 11 m, finer than a town); integers parse fast.
        let _ = writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}\t{}",
            r.id,
            r.name,
            r.country,
            to_e4(r.lat),
            to_e4(r.lon),
            r.population
        );
        for k in &r.keys {
            names.entry(k.as_str()).or_default().push(i);
            // A loose key equal to the name itself is found through @names.
            // Nor is a loose key that spells a country or continent ("Kossovo" → "kosovo").
            if let Some(lk) = loose_key(k).filter(|lk| lk != k && !blocked.contains_key(lk)) {
                let v = loose.entry(lk).or_default();
                if v.last() != Some(&i) {
                    v.push(i);
                }
            }
        }
    }
    let write_index =
        |out: &mut String, title: &str, it: &mut dyn Iterator<Item = (&str, &Vec<usize>)>| {
            out.push_str(title);
            for (k, ids) in it {
                let mut seen = HashSet::new();
                let ids: Vec<String> = ids
                    .iter()
                    .filter(|i| seen.insert(**i))
                    .map(usize::to_string)
                    .collect();
                let _ = writeln!(out, "{k}\t{}", ids.join(","));
            }
        };
    write_index(
        &mut out,
        "@names\n",
        &mut names.iter().map(|(k, v)| (*k, v)),
    );
    write_index(
        &mut out,
        "@loose\n",
        &mut loose.iter().map(|(k, v)| (k.as_str(), v)),
    );
    report.places = rows.len();
    report.names = names.len();
    report.loose = loose.len();
    report.text_bytes = out.len();
    Ok((out, report))
}

/// Degrees as integer ten-thousandths (about 11 m), the file's unit.
fn to_e4(x: f64) -> i64 {
    (x * 10_000.0).round() as i64
}

/// Builds the gazetteer from `src_dir` and writes `out_dir/gazetteer.tsv.gz`;
/// `common_words` are kept out of the alternate names (see [`keep_alternate`]).
pub fn build(
    src_dir: &Path,
    out_dir: &Path,
    common_words: &[String],
) -> Result<BuildReport, GeoError> {
    let common: HashSet<String> = common_words.iter().map(|w| fold(w)).collect();
    let (text, report) = build_text(src_dir, &common)?;
    std::fs::create_dir_all(out_dir).map_err(|e| GeoError::io(out_dir, e))?;
    let path = out_dir.join("gazetteer.tsv.gz");
    let file = std::fs::File::create(&path).map_err(|e| GeoError::io(&path, e))?;
    let mut gz =
        flate2::write::GzEncoder::new(std::io::BufWriter::new(file), flate2::Compression::best());
    gz.write_all(text.as_bytes())
        .map_err(|e| GeoError::io(&path, e))?;
    gz.finish()
        .and_then(|mut w| w.flush())
        .map_err(|e| GeoError::io(&path, e))?;
    Ok(report)
}

/// Common lower-case English words from CoNLL-U treebanks in `ud_dir`: every
/// all-lower-case alphabetic form seen at least `min_count` times, plus
/// the month and weekday names of `dyad-text`, sorted.
pub fn common_words(ud_dir: &Path, min_count: usize) -> Result<Vec<String>, GeoError> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    let mut entries: Vec<_> = std::fs::read_dir(ud_dir)
        .map_err(|e| GeoError::io(ud_dir, e))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "conllu"))
        .collect();
    entries.sort();
    if entries.is_empty() {
        return Err(GeoError::Invalid {
            file: ud_dir.display().to_string(),
            message: "no .conllu files".into(),
        });
    }
    for path in entries {
        for line in read(&path)?.lines() {
            if line.starts_with('#') {
                continue;
            }
            let Some(form) = line.split('\t').nth(1) else {
                continue;
            };
            if form.len() >= 2 && form.bytes().all(|b| b.is_ascii_lowercase()) {
                *counts.entry(form.to_string()).or_default() += 1;
            }
        }
    }
    let mut words: Vec<String> = counts
        .into_iter()
        .filter(|(_, n)| *n >= min_count)
        .map(|(w, _)| w)
        .collect();
    // Month and weekday names are ordinary words that English always capitalises,
    // so the treebanks never show them in lower case.
    words.extend(
        dyad_text::MONTH_NAMES
            .iter()
            .chain(dyad_text::WEEKDAY_NAMES.iter())
            .map(|w| w.to_string()),
    );
    words.sort();
    words.dedup();
    Ok(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alternate_filter() {
        let common: HashSet<String> = ["police".to_string()].into_iter().collect();
        let keep = |s: &str| keep_alternate(s, &common);
        assert!(keep("Prishtina"));
        assert!(keep("Fushë Kosovë"));
        assert!(!keep("bryshtyna"), "lower-case romanisation");
        assert!(!keep("PRNA"), "airport code");
        assert!(!keep("Звечан"));
        assert!(!keep("Ho"), "too short");
        assert!(!keep("The Bank"), "nickname");
        assert!(!keep("Police"), "common word");
    }

    #[test]
    fn builds_from_a_small_source() {
        let dir = std::env::temp_dir().join(format!("dyad-geo-build-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("countries.json"),
            r#"{"XK":{"name":"Kosovo","iso3":"XKX","capital":"Pristina","population":1800000},
               "SG":{"name":"Singapore","iso3":"SGP","capital":"Singapore","population":5600000}}"#,
        )
        .unwrap();
        std::fs::write(
            dir.join("places.tsv"),
            "geonameid\tname\tcountry\tadmin1\tlatitude\tlongitude\tpopulation\talternate_names\n\
             1880252\tSingapore\tSG\t\t1.28967\t103.85007\t5638700\tSIN|Singapur\n\
             789228\tKosovo Polje\tXK\t1\t42.66394\t21.09611\t16154\tFushë Kosovë|Kosovo|fushe\n\
             783770\tZvečan\tXK\t1\t42.9075\t20.84028\t17000\tZvecan|Zvechan\n",
        )
        .unwrap();
        let report = build(&dir, &dir, &[]).unwrap();
        assert_eq!(report.places, 3);
        assert_eq!(report.dropped_alternates, 2);
        std::fs::write(dir.join("common.txt"), "then\n").unwrap();
        let g =
            crate::Gazetteer::from_files(&dir.join("gazetteer.tsv.gz"), &dir.join("common.txt"))
                .unwrap();
        assert_eq!(&*g.places()[1].name, "Zvečan", "sorted by population");
        assert!(
            g.lookup("Kosovo").is_empty(),
            "country name is not a place key"
        );
        assert_eq!(g.lookup("Fushe Kosove").len(), 1);
        assert_eq!(
            g.lookup("Singapore").len(),
            1,
            "capital named like its country"
        );
        assert_eq!(g.country("XK").unwrap().name, "Kosovo");
        let err = build(&dir.join("missing"), &dir, &[]).unwrap_err();
        assert!(err.to_string().contains("countries.json"), "{err}");
        std::fs::write(
            dir.join("places.tsv"),
            "geonameid\n1\tX\tXK\t\tnorth\t0\t0\n",
        )
        .unwrap();
        let err = build(&dir, &dir, &[]).unwrap_err().to_string();
        assert!(
            err.contains("places.tsv:2:") && err.contains("north"),
            "{err}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
