//! The gazetteer: places with coordinates, indexed by folded name, and the
//! matcher that finds place names in a sentence's tokens.
//!
//! Loads the compact file `data/geo/gazetteer.tsv.gz` (built by
//! [`crate::build`]) and answers lookups. It does not decide whether a place
//! named in a sentence is where the event happened; that is the coder's call.
//!
//! File format (UTF-8, tab-separated, gzip-compressed), four sections, each
//! introduced by a line `@countries`, `@places`, `@names` or `@loose`; lines
//! starting with `#` are comments:
//! - `@countries`: `iso2 iso3 name population`;
//! - `@places`: `geonameid name country lat lon population`, most populous
//!   first; `lat` and `lon` are integers in ten-thousandths of a degree;
//! - `@names` / `@loose`: `key ids`, where `key` is a folded name (or loose
//!   key) and `ids` comma-separated 0-based row numbers into `@places`;
//!   sorted by key, bytewise. `@loose` lists only loose keys that differ
//!   from the folded name they come from.
use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::sync::{Arc, Mutex, OnceLock};

use crate::error::GeoError;
use crate::fold::{fold, loose_key};

const EMBEDDED_GAZETTEER: &[u8] = include_bytes!("../../../data/geo/gazetteer.tsv.gz");
const EMBEDDED_COMMON_WORDS: &str = include_str!("../../../data/geo/common-words.txt");

/// The most tokens a place name may span in [`Gazetteer::find_places`].
pub const MAX_NAME_TOKENS: usize = 6;

/// A single-word place name that is also a common lower-case English word is
/// matched outside the hinted countries only when the place has at least
/// this many inhabitants ("Nice", "Mobile" yes; "Police", "March" no).
pub const COMMON_WORD_MIN_POPULATION: u64 = 100_000;

/// Any other single-word name is matched outside the hinted countries only
/// when the place has at least this many inhabitants: a village abroad that
/// shares a spelling with a person's name ("Corti") is not taken.
pub const SINGLE_WORD_MIN_POPULATION: u64 = 10_000;

/// A single word that is only an alternate name of a place (not its GeoNames
/// name) is matched outside the hinted countries only for places this big.
pub const ALTERNATE_NAME_MIN_POPULATION: u64 = 100_000;

/// A loose match ("Leposavik" for Leposavić) outside the hinted countries
/// needs a place this big ("Vantage" is not Wantage).
pub const LOOSE_MIN_POPULATION: u64 = 100_000;

/// Fuzzy matching (one edit) applies to words of at least this many characters.
pub const FUZZY_MIN_CHARS: usize = 6;

/// Fuzzy matching only considers places at least this big.
pub const FUZZY_MIN_POPULATION: u64 = 1_000;

/// The most bytes the decompressed gazetteer may have (guards against a bad file).
const MAX_GAZETTEER_BYTES: u64 = 512 * 1024 * 1024;

/// A populated place.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    /// The GeoNames id.
    pub geonameid: u32,
    /// The name as GeoNames spells it (`"Zvečan"`).
    pub name: Box<str>,
    country: [u8; 2],
    /// Latitude in degrees.
    pub lat: f64,
    /// Longitude in degrees.
    pub lon: f64,
    /// Population (GeoNames' figure).
    pub population: u64,
}

impl Place {
    /// The ISO 3166-1 alpha-2 country code (`"XK"` for Kosovo).
    pub fn country(&self) -> &str {
        std::str::from_utf8(&self.country).unwrap_or("")
    }

    /// The place as an event location.
    pub fn to_location(&self) -> dyad_event::Location {
        dyad_event::Location {
            name: self.name.to_string(),
            country: self.country().to_string(),
            lat: self.lat,
            lon: self.lon,
        }
    }
}

/// A country as the gazetteer knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Country {
    /// ISO 3166-1 alpha-2 (`"XK"`).
    pub iso2: String,
    /// ISO 3166-1 alpha-3 as GeoNames gives it (`"XKX"` for Kosovo).
    pub iso3: String,
    /// English name (`"Kosovo"`).
    pub name: String,
    /// Population.
    pub population: u64,
}

/// How a name was matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchKind {
    /// The folded text equals a folded name of the place.
    Exact,
    /// Only the loose keys agree ("Leposavik" for Leposavić).
    Loose,
    /// One edit away from the name of a place in a hinted country ("Zvecen").
    Fuzzy,
}

/// A place name found in a run of tokens.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceMatch<'a> {
    /// The first token of the name.
    pub start: usize,
    /// One past the last token of the name.
    pub end: usize,
    /// The place chosen among those with the name.
    pub place: &'a Place,
    /// How the name matched.
    pub kind: MatchKind,
    /// How many places share the name (1 when unambiguous).
    pub candidates: usize,
}

/// Folded place names of one country with their rows, for fuzzy matching.
type FuzzyNames = Arc<Vec<(String, u32)>>;

/// A sorted key → place-rows index with its strings in one arena.
#[derive(Debug, Default)]
struct KeyIndex {
    arena: String,
    /// (key start, key end, ids start, ids end) into `arena` and `ids`.
    entries: Vec<(u32, u32, u32, u32)>,
    ids: Vec<u32>,
}

impl KeyIndex {
    fn key(&self, e: &(u32, u32, u32, u32)) -> &str {
        &self.arena[e.0 as usize..e.1 as usize]
    }

    fn get(&self, key: &str) -> &[u32] {
        match self.entries.binary_search_by(|e| self.key(e).cmp(key)) {
            Ok(i) => {
                let e = self.entries[i];
                &self.ids[e.2 as usize..e.3 as usize]
            }
            Err(_) => &[],
        }
    }

    fn len(&self) -> usize {
        self.entries.len()
    }
}

/// The gazetteer: places, countries, and name indexes. Immutable once loaded.
#[derive(Debug, Default)]
pub struct Gazetteer {
    places: Vec<Place>,
    countries: Vec<Country>,
    names: KeyIndex,
    loose: KeyIndex,
    common_words: HashSet<String>,
    country_names: HashSet<String>,
    /// Per country: folded GeoNames names of places eligible for fuzzy matching.
    fuzzy_cache: Mutex<HashMap<[u8; 2], FuzzyNames>>,
}

impl Gazetteer {
    /// The gazetteer compiled into the binary, decompressed and indexed on first use.
    ///
    /// # Panics
    /// Only if the embedded file is malformed, which this crate's tests rule out.
    pub fn embedded() -> &'static Gazetteer {
        static GAZ: OnceLock<Gazetteer> = OnceLock::new();
        GAZ.get_or_init(|| {
            Gazetteer::from_gzip(
                EMBEDDED_GAZETTEER,
                "gazetteer.tsv.gz",
                EMBEDDED_COMMON_WORDS,
            )
            .expect("embedded gazetteer is valid (checked by tests)")
        })
    }

    /// Loads a gazetteer file (`.gz` or plain) and a common-words list (one word a line).
    pub fn from_files(
        gazetteer: &std::path::Path,
        common_words: &std::path::Path,
    ) -> Result<Gazetteer, GeoError> {
        let bytes = std::fs::read(gazetteer).map_err(|e| GeoError::io(gazetteer, e))?;
        let words =
            std::fs::read_to_string(common_words).map_err(|e| GeoError::io(common_words, e))?;
        let name = gazetteer.display().to_string();
        if bytes.starts_with(&[0x1f, 0x8b]) {
            Gazetteer::from_gzip(&bytes, &name, &words)
        } else {
            let text = String::from_utf8(bytes).map_err(|e| GeoError::Invalid {
                file: name.clone(),
                message: format!("not UTF-8 at byte {}", e.utf8_error().valid_up_to()),
            })?;
            Gazetteer::from_text(&text, &name, &words)
        }
    }

    /// Decompresses and parses a gzip-compressed gazetteer. Decompression runs
    /// on a second thread, overlapping with parsing.
    pub fn from_gzip(bytes: &[u8], file: &str, common_words: &str) -> Result<Gazetteer, GeoError> {
        const CHUNK: usize = 1 << 20;
        let bad = |message: String| GeoError::Invalid {
            file: file.to_string(),
            message,
        };
        std::thread::scope(|scope| {
            let (tx, rx) = std::sync::mpsc::sync_channel::<std::io::Result<Vec<u8>>>(8);
            scope.spawn(move || {
                let mut reader = flate2::read::GzDecoder::new(bytes).take(MAX_GAZETTEER_BYTES);
                loop {
                    let mut buf = Vec::with_capacity(CHUNK);
                    match (&mut reader).take(CHUNK as u64).read_to_end(&mut buf) {
                        Ok(0) => return,
                        Ok(_) => {
                            if tx.send(Ok(buf)).is_err() {
                                return;
                            }
                        }
                        Err(e) => {
                            let _ = tx.send(Err(e));
                            return;
                        }
                    }
                }
            });
            let mut loader = Loader::new(file);
            let mut pending: Vec<u8> = Vec::new();
            let mut line_no = 0usize;
            let feed =
                |chunk: &[u8], line_no: &mut usize, loader: &mut Loader| -> Result<(), GeoError> {
                    let text = std::str::from_utf8(chunk).map_err(|e| {
                        bad(format!(
                            "not UTF-8 after line {line_no}, byte {}",
                            e.valid_up_to()
                        ))
                    })?;
                    for line in text.lines() {
                        *line_no += 1;
                        loader.line(*line_no, line)?;
                    }
                    Ok(())
                };
            for chunk in rx {
                let chunk = chunk.map_err(|e| bad(format!("cannot decompress: {e}")))?;
                pending.extend_from_slice(&chunk);
                if let Some(cut) = pending.iter().rposition(|&b| b == b'\n') {
                    feed(&pending[..=cut], &mut line_no, &mut loader)?;
                    pending.drain(..=cut);
                }
            }
            feed(&pending, &mut line_no, &mut loader)?;
            loader.finish(common_words)
        })
    }

    /// Parses a gazetteer from its text form (see the module docs for the format).
    pub fn from_text(text: &str, file: &str, common_words: &str) -> Result<Gazetteer, GeoError> {
        let mut loader = Loader::new(file);
        for (index, line) in text.lines().enumerate() {
            loader.line(index + 1, line)?;
        }
        loader.finish(common_words)
    }

    /// All places, most populous first.
    pub fn places(&self) -> &[Place] {
        &self.places
    }

    /// All countries.
    pub fn countries(&self) -> &[Country] {
        &self.countries
    }

    /// The number of distinct folded names and loose keys indexed.
    pub fn key_counts(&self) -> (usize, usize) {
        (self.names.len(), self.loose.len())
    }

    /// A country by ISO alpha-2, alpha-3, CAMEO code (`KOS`/`KSV` for Kosovo) or English name.
    pub fn country(&self, code_or_name: &str) -> Option<&Country> {
        let q = code_or_name.trim();
        let q = match q.to_ascii_uppercase().as_str() {
            "KOS" | "KSV" => "XK".to_string(),
            _ => q.to_string(),
        };
        self.countries
            .iter()
            .find(|c| c.iso2.eq_ignore_ascii_case(&q) || c.iso3.eq_ignore_ascii_case(&q))
            .or_else(|| {
                let f = fold(&q);
                self.countries.iter().find(|c| fold(&c.name) == f)
            })
    }

    /// True when `word` (folded) is a common lower-case English word.
    pub fn is_common_word(&self, word: &str) -> bool {
        self.common_words.contains(&fold(word))
    }

    fn rows_to_places(&self, rows: &[u32]) -> Vec<&Place> {
        rows.iter()
            .filter_map(|&r| self.places.get(r as usize))
            .collect()
    }

    /// The places called `name` (folded: "Zvecan" finds Zvečan), most populous
    /// first; when no name matches exactly, the places whose loose key matches
    /// ("Leposavik" finds Leposavić).
    pub fn lookup(&self, name: &str) -> Vec<&Place> {
        self.lookup_with_kind(name).0
    }

    /// Like [`Gazetteer::lookup`], but places in the `hints` countries (ISO
    /// alpha-2, alpha-3 or CAMEO codes) come first.
    pub fn lookup_in(&self, name: &str, hints: &[&str]) -> Vec<&Place> {
        let hints = self.hint_codes(hints);
        let mut places = self.lookup(name);
        places.sort_by_key(|p| !hints.iter().any(|h| h == &p.country));
        places
    }

    fn lookup_with_kind(&self, name: &str) -> (Vec<&Place>, MatchKind) {
        let key = fold(name);
        if key.is_empty() {
            return (Vec::new(), MatchKind::Exact);
        }
        let exact = self.names.get(&key);
        if !exact.is_empty() {
            return (self.rows_to_places(exact), MatchKind::Exact);
        }
        // A country's name is never loosely a place ("Kosovo" is not "Kosava").
        if self.country_names.contains(&key) {
            return (Vec::new(), MatchKind::Loose);
        }
        let Some(lk) = loose_key(&key) else {
            return (Vec::new(), MatchKind::Loose);
        };
        // @loose holds only keys that differ from the name they come from;
        // names whose loose key is the name itself are in @names.
        let mut rows: Vec<u32> = self.loose.get(&lk).to_vec();
        rows.extend_from_slice(self.names.get(&lk));
        rows.sort_unstable();
        rows.dedup();
        (self.rows_to_places(&rows), MatchKind::Loose)
    }

    fn hint_codes(&self, hints: &[&str]) -> Vec<[u8; 2]> {
        hints
            .iter()
            .filter_map(|h| self.country(h))
            .filter_map(|c| {
                let b = c.iso2.as_bytes();
                (b.len() == 2).then(|| [b[0], b[1]])
            })
            .collect()
    }

    /// Finds place names in a sentence's tokens (surface forms, as written).
    ///
    /// Scans left to right, trying the longest span first (up to
    /// [`MAX_NAME_TOKENS`]), so "Zubin Potok" beats "Zubin". Among places
    /// sharing a name, one in a `hints` country (countries the document has
    /// already mentioned; ISO alpha-2, alpha-3 or CAMEO codes) wins, then the
    /// most populous. The rules that keep ordinary words out:
    /// - every word of a name must be capitalised in the text, except the
    ///   connectors inside it (`de`, `la`, `i`, `upon`…);
    /// - an all-capital token of up to five letters is an acronym, not a place;
    /// - a single-word name that is a common lower-case English word ("May",
    ///   "Police", "March") never matches as the first token of a sentence,
    ///   and elsewhere only for places with at least
    ///   [`COMMON_WORD_MIN_POPULATION`] inhabitants, or in a hinted country
    ///   when a locative preposition precedes it ("in Police");
    /// - any other single-word name needs a place in a hinted country or with
    ///   at least [`SINGLE_WORD_MIN_POPULATION`] inhabitants
    ///   ([`ALTERNATE_NAME_MIN_POPULATION`] when the word is only an alternate
    ///   name of the place);
    /// - a loose match needs a hinted country or [`LOOSE_MIN_POPULATION`];
    /// - a single-word name directly next to another capitalised word (part of
    ///   a longer proper name such as "Maria Zakharova" or "Washington Post")
    ///   matches only places in a hinted country.
    ///
    /// Last resort, with hints only: a capitalised single word of at least
    /// [`FUZZY_MIN_CHARS`] characters after a locative preposition ("in",
    /// "near", "from"…), that names no place at all, is not a common word and
    /// is not followed by another capitalised word, matches a
    /// place of [`FUZZY_MIN_POPULATION`]+ in a hinted country whose name is
    /// one edit (insertion, deletion or substitution) away ([`MatchKind::Fuzzy`]).
    pub fn find_places<'a>(&'a self, tokens: &[&str], hints: &[&str]) -> Vec<PlaceMatch<'a>> {
        let hints = self.hint_codes(hints);
        let in_hints = |p: &Place| hints.contains(&p.country);
        let mut out = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            let mut matched = None;
            if is_capitalised(tokens[i]) && !is_acronym(tokens[i]) {
                let longest = MAX_NAME_TOKENS.min(tokens.len() - i);
                for len in (1..=longest).rev() {
                    let span = &tokens[i..i + len];
                    if !is_name_span(span) {
                        continue;
                    }
                    let mut text = span.join(" ");
                    // A possessive is not part of the name: "Pristina's".
                    for suffix in ["'s", "’s"] {
                        if let Some(stem) = text.strip_suffix(suffix) {
                            text = stem.to_string();
                            break;
                        }
                    }
                    let (mut candidates, kind) = self.lookup_with_kind(&text);
                    if candidates.is_empty() {
                        continue;
                    }
                    if len == 1 {
                        let key = fold(&text);
                        let common = self.common_words.contains(&key);
                        if common && i == 0 {
                            continue;
                        }
                        let min_population = if common {
                            COMMON_WORD_MIN_POPULATION
                        } else {
                            SINGLE_WORD_MIN_POPULATION
                        };
                        // A common word in a hinted country still needs a
                        // locative preposition before it ("in Police").
                        let hint_ok = !common || after_locative(tokens, i);
                        let in_hints = |p: &Place| hint_ok && in_hints(p);
                        // A name that is only an alternate spelling of the place
                        // ("Chavez" for Francisco I. Madero) needs a big place.
                        candidates.retain(|p| {
                            let bar = if fold(&p.name) == key {
                                min_population
                            } else {
                                min_population.max(ALTERNATE_NAME_MIN_POPULATION)
                            };
                            in_hints(p) || p.population >= bar
                        });
                        let name_word = |j: usize| {
                            tokens.get(j).is_some_and(|t| {
                                is_capitalised(t) && !(j == 0 && self.is_common_word(t))
                            })
                        };
                        let next_is_name = name_word(i + 1);
                        let prev_is_name = i > 0 && name_word(i - 1);
                        if next_is_name || prev_is_name {
                            // Beside another name ("Li Wei"), a word is more likely part
                            // of a person's name: only a hinted place's own name counts.
                            candidates.retain(|p| in_hints(p) && fold(&p.name) == key);
                        }
                    }
                    if kind == MatchKind::Loose {
                        candidates.retain(|p| in_hints(p) || p.population >= LOOSE_MIN_POPULATION);
                    }
                    let count = candidates.len();
                    // Stable: hinted first, population order otherwise.
                    candidates.sort_by_key(|p| !in_hints(p));
                    if let Some(place) = candidates.first() {
                        matched = Some(PlaceMatch {
                            start: i,
                            end: i + len,
                            place,
                            kind,
                            candidates: count,
                        });
                        break;
                    }
                }
            }
            if matched.is_none() && !hints.is_empty() {
                matched = self.fuzzy_at(tokens, i, &hints);
            }
            match matched {
                Some(m) => {
                    i = m.end;
                    out.push(m);
                }
                None => i += 1,
            }
        }
        out
    }
}

#[derive(PartialEq)]
enum Section {
    None,
    Countries,
    Places,
    Names,
    Loose,
}

/// Parses a gazetteer line by line.
struct Loader<'f> {
    file: &'f str,
    g: Gazetteer,
    section: Section,
    seen: [bool; 4],
}

impl<'f> Loader<'f> {
    fn new(file: &'f str) -> Self {
        Loader {
            file,
            g: Gazetteer::default(),
            section: Section::None,
            seen: [false; 4],
        }
    }

    fn line(&mut self, line_no: usize, line: &str) -> Result<(), GeoError> {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.is_empty() || line.starts_with('#') {
            return Ok(());
        }
        if let Some(name) = line.strip_prefix('@') {
            self.section = match name.trim() {
                "countries" => Section::Countries,
                "places" => Section::Places,
                "names" => Section::Names,
                "loose" => Section::Loose,
                other => {
                    return Err(GeoError::parse(
                        self.file,
                        line_no,
                        format!("unknown section @{other}"),
                    ))
                }
            };
            let slot = match self.section {
                Section::Countries => 0,
                Section::Places => 1,
                Section::Names => 2,
                _ => 3,
            };
            if self.seen[slot] {
                return Err(GeoError::parse(
                    self.file,
                    line_no,
                    format!("section @{} repeated", name.trim()),
                ));
            }
            self.seen[slot] = true;
            return Ok(());
        }
        let mut f = line.split('\t');
        match self.section {
            Section::None => {
                return Err(GeoError::parse(
                    self.file,
                    line_no,
                    "data before the first @section",
                ))
            }
            Section::Countries => {
                let (Some(iso2), Some(iso3), Some(name), Some(pop)) =
                    (f.next(), f.next(), f.next(), f.next())
                else {
                    return Err(GeoError::parse(
                        self.file,
                        line_no,
                        "country: expected 4 fields",
                    ));
                };
                if iso2.len() != 2 || !iso2.bytes().all(|b| b.is_ascii_uppercase()) {
                    return Err(GeoError::parse(
                        self.file,
                        line_no,
                        format!("bad country code {iso2:?}"),
                    ));
                }
                self.g.countries.push(Country {
                    iso2: iso2.to_string(),
                    iso3: iso3.to_string(),
                    name: name.to_string(),
                    population: parse_num(pop, self.file, line_no, "population")?,
                });
            }
            Section::Places => {
                let fields: Vec<&str> = f.collect();
                let [id, name, country, lat, lon, pop] = fields[..] else {
                    return Err(GeoError::parse(
                        self.file,
                        line_no,
                        "place: expected 6 fields",
                    ));
                };
                let cb = country.as_bytes();
                if cb.len() != 2 || !cb.iter().all(u8::is_ascii_uppercase) {
                    return Err(GeoError::parse(
                        self.file,
                        line_no,
                        format!("bad country code {country:?}"),
                    ));
                }
                let lat: i32 = parse_num(lat, self.file, line_no, "latitude")?;
                let lon: i32 = parse_num(lon, self.file, line_no, "longitude")?;
                let (lat, lon) = (f64::from(lat) / 10_000.0, f64::from(lon) / 10_000.0);
                if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
                    return Err(GeoError::parse(
                        self.file,
                        line_no,
                        "coordinates out of range",
                    ));
                }
                if name.is_empty() {
                    return Err(GeoError::parse(self.file, line_no, "empty place name"));
                }
                self.g.places.push(Place {
                    geonameid: parse_num(id, self.file, line_no, "geonameid")?,
                    name: name.into(),
                    country: [cb[0], cb[1]],
                    lat,
                    lon,
                    population: parse_num(pop, self.file, line_no, "population")?,
                });
            }
            Section::Names | Section::Loose => {
                let (Some(key), Some(ids), None) = (f.next(), f.next(), f.next()) else {
                    return Err(GeoError::parse(
                        self.file,
                        line_no,
                        "name: expected key and ids",
                    ));
                };
                let places = self.g.places.len();
                let index = if self.section == Section::Names {
                    &mut self.g.names
                } else {
                    &mut self.g.loose
                };
                if let Some(last) = index.entries.last() {
                    if index.key(last) >= key {
                        return Err(GeoError::parse(
                            self.file,
                            line_no,
                            format!("key {key:?} out of order"),
                        ));
                    }
                }
                let key_start = index.arena.len();
                index.arena.push_str(key);
                let ids_start = index.ids.len();
                for id in ids.split(',') {
                    let id: u32 = parse_num(id, self.file, line_no, "place row")?;
                    if id as usize >= places {
                        return Err(GeoError::parse(
                            self.file,
                            line_no,
                            format!("place row {id} out of range"),
                        ));
                    }
                    index.ids.push(id);
                }
                let to_u32 = |n: usize| {
                    u32::try_from(n)
                        .map_err(|_| GeoError::parse(self.file, line_no, "index too large"))
                };
                index.entries.push((
                    to_u32(key_start)?,
                    to_u32(index.arena.len())?,
                    to_u32(ids_start)?,
                    to_u32(index.ids.len())?,
                ));
            }
        }
        Ok(())
    }

    fn finish(self, common_words: &str) -> Result<Gazetteer, GeoError> {
        let mut g = self.g;
        if !self.seen[1] || !self.seen[2] {
            return Err(GeoError::Invalid {
                file: self.file.to_string(),
                message: "missing @places or @names section".into(),
            });
        }
        g.common_words = common_words
            .lines()
            .map(str::trim)
            .filter(|w| !w.is_empty() && !w.starts_with('#'))
            .map(fold)
            .collect();
        g.country_names = g.countries.iter().map(|c| fold(&c.name)).collect();
        Ok(g)
    }
}

impl Gazetteer {
    fn fuzzy_at<'a>(
        &'a self,
        tokens: &[&str],
        i: usize,
        hints: &[[u8; 2]],
    ) -> Option<PlaceMatch<'a>> {
        let token = tokens[i];
        if !is_capitalised(token) || is_acronym(token) {
            return None;
        }
        let token = token
            .strip_suffix("'s")
            .or_else(|| token.strip_suffix("’s"))
            .unwrap_or(token);
        let key = fold(token);
        if key.contains(' ')
            || key.chars().count() < FUZZY_MIN_CHARS
            || self.common_words.contains(&key)
        {
            return None;
        }
        let capital_at = |j: usize| tokens.get(j).is_some_and(|t| is_capitalised(t));
        if !after_locative(tokens, i) || capital_at(i + 1) || !self.lookup(token).is_empty() {
            return None;
        }
        let mut rows: Vec<u32> = Vec::new();
        for country in hints {
            for (name, row) in self.fuzzy_names(*country).iter() {
                if within_one_edit(name, &key) {
                    rows.push(*row);
                }
            }
        }
        rows.sort_unstable();
        rows.dedup();
        let place = self.places.get(*rows.first()? as usize)?;
        Some(PlaceMatch {
            start: i,
            end: i + 1,
            place,
            kind: MatchKind::Fuzzy,
            candidates: rows.len(),
        })
    }

    /// The folded names of `country`'s places eligible for fuzzy matching, built once.
    fn fuzzy_names(&self, country: [u8; 2]) -> FuzzyNames {
        let mut cache = self.fuzzy_cache.lock().unwrap_or_else(|e| e.into_inner());
        cache
            .entry(country)
            .or_insert_with(|| {
                let list = self
                    .places
                    .iter()
                    .enumerate()
                    .filter(|(_, p)| p.country == country && p.population >= FUZZY_MIN_POPULATION)
                    .filter_map(|(row, p)| {
                        let name = fold(&p.name);
                        let row = u32::try_from(row).ok()?;
                        (name.chars().count() + 1 >= FUZZY_MIN_CHARS).then_some((name, row))
                    })
                    .collect();
                Arc::new(list)
            })
            .clone()
    }
}

/// Prepositions that introduce a place.
const LOCATIVES: &[&str] = &[
    "in", "near", "at", "from", "outside", "around", "into", "towards", "toward", "across",
    "through", "via", "inside", "between", "nearby",
];

/// True when the token before `i` is a locative preposition (any case).
fn after_locative(tokens: &[&str], i: usize) -> bool {
    i > 0
        && tokens
            .get(i - 1)
            .is_some_and(|t| LOCATIVES.iter().any(|l| t.eq_ignore_ascii_case(l)))
}

/// True when `a` and `b` differ by at most one insertion, deletion or substitution.
fn within_one_edit(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    if long.len() - short.len() > 1 {
        return false;
    }
    let prefix = short
        .iter()
        .zip(long.iter())
        .take_while(|(x, y)| x == y)
        .count();
    if prefix == short.len() {
        return true;
    }
    if short.len() == long.len() {
        short[prefix + 1..] == long[prefix + 1..]
    } else {
        short[prefix..] == long[prefix + 1..]
    }
}

fn parse_num<T: std::str::FromStr>(
    s: &str,
    file: &str,
    line: usize,
    what: &str,
) -> Result<T, GeoError> {
    s.trim()
        .parse()
        .map_err(|_| GeoError::parse(file, line, format!("{what} {s:?} is not a number")))
}

/// Lower-case words allowed inside a multi-word place name.
const CONNECTORS: &[&str] = &[
    "de", "del", "della", "di", "da", "do", "dos", "das", "la", "le", "les", "el", "al", "an",
    "am", "der", "den", "i", "e", "y", "upon", "on", "in", "of", "sur", "en", "na", "nad", "pod",
    "u", "ul", "bin", "ibn", "van", "von", "aan", "op", "and",
];

fn is_capitalised(token: &str) -> bool {
    token.chars().next().is_some_and(char::is_uppercase)
}

fn is_acronym(token: &str) -> bool {
    let letters = token.chars().filter(|c| c.is_alphabetic()).count();
    (2..=5).contains(&letters)
        && token
            .chars()
            .all(|c| !c.is_alphabetic() || c.is_uppercase())
}

fn is_joiner(token: &str) -> bool {
    !token.is_empty() && token.chars().all(|c| matches!(c, '-' | '\'' | '’' | '.'))
}

/// A span can be a place name: capitalised words, with connectors and
/// joiners (`-`, `'`) allowed only inside.
fn is_name_span(span: &[&str]) -> bool {
    let last = span.len() - 1;
    span.iter().enumerate().all(|(k, t)| {
        if is_capitalised(t) {
            return true;
        }
        let inside = k > 0 && k < last;
        inside && (is_joiner(t) || CONNECTORS.contains(t))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const SMALL: &str = "# test gazetteer
@countries
FR\tFRA\tFrance\t67000000
US\tUSA\tUnited States\t330000000
XK\tXKX\tKosovo\t1800000
PL\tPOL\tPoland\t38000000
@places
2988507\tParis\tFR\t488534\t23488\t2138551
4717560\tParis\tUS\t336609\t-955555\t24782
3088848\tPolice\tPL\t535521\t145718\t33000
788731\tLeposaviq\tXK\t431039\t208028\t19000
783770\tZvečan\tXK\t429075\t208403\t17000
783802\tZubin Potok\tXK\t429144\t206897\t14900
@names
leposavic\t3
leposaviq\t3
paris\t0,1
police\t2
zubin potok\t5
zveca\t4
zvecan\t4
@loose
leposavik\t3
zubin potok\t5
zvekan\t4
";

    fn small() -> Gazetteer {
        Gazetteer::from_text(SMALL, "small.tsv", "police\nmay\nthe\nthen\n").unwrap()
    }

    #[test]
    fn lookup_folds_and_loosens() {
        let g = small();
        assert_eq!(&*g.lookup("Zvecan")[0].name, "Zvečan");
        assert_eq!(&*g.lookup("ZVEČAN")[0].name, "Zvečan");
        assert_eq!(&*g.lookup("Leposavik")[0].name, "Leposaviq");
        assert_eq!(&*g.lookup("Leposavić")[0].name, "Leposaviq");
        assert!(g.lookup("Nowhere").is_empty());
        assert!(g.lookup("").is_empty());
        let paris = g.lookup("Paris");
        assert_eq!(paris.len(), 2);
        assert_eq!(paris[0].country(), "FR");
        assert_eq!(g.lookup_in("Paris", &["US"])[0].country(), "US");
        assert_eq!(g.lookup_in("Paris", &["USA"])[0].country(), "US");
    }

    #[test]
    fn alternate_name_beside_a_name_is_a_person() {
        let g = small();
        // "Zveca" is only an alternate name of Zvečan: alone it is the place, beside
        // another capitalised word it is read as part of a person's name.
        assert_eq!(g.find_places(&["in", "Zveca", "."], &["XK"]).len(), 1);
        assert!(g
            .find_places(&["Ivan", "Zveca", "said"], &["XK"])
            .is_empty());
        assert_eq!(g.find_places(&["Ivan", "Zvecan", "said"], &["XK"]).len(), 1);
    }

    #[test]
    fn finds_multi_word_and_guards_common_words() {
        let g = small();
        let toks = ["Clashes", "in", "Zubin", "Potok", "and", "Leposavik", "."];
        // A loose match abroad needs a hint (or a big place).
        assert_eq!(g.find_places(&toks, &[]).len(), 1);
        let m = g.find_places(&toks, &["XK"]);
        assert_eq!(m.len(), 2);
        assert_eq!((m[0].start, m[0].end), (2, 4));
        assert_eq!(&*m[0].place.name, "Zubin Potok");
        assert_eq!(m[1].kind, MatchKind::Loose);
        // "Police" is a common word: not at sentence start, not small places unhinted.
        assert!(g.find_places(&["Police", "said"], &["PL"]).is_empty());
        assert!(g.find_places(&["Then", "Police", "said"], &[]).is_empty());
        assert!(g
            .find_places(&["Then", "Police", "said"], &["PL"])
            .is_empty());
        assert_eq!(
            g.find_places(&["riots", "in", "Police", "."], &["PL"])
                .len(),
            1
        );
        // Lower-case text never matches.
        assert!(g
            .find_places(&["the", "police", "in", "paris"], &[])
            .is_empty());
        // Part of a longer proper name: only hinted countries.
        assert!(g.find_places(&["Paris", "Hilton", "came"], &[]).is_empty());
        assert_eq!(
            g.find_places(&["Paris", "Hilton", "came"], &["FR"]).len(),
            1
        );
        // Ambiguity: hint beats population.
        assert_eq!(
            g.find_places(&["in", "Paris"], &[])[0].place.country(),
            "FR"
        );
        let m = g.find_places(&["in", "Paris"], &["US"]);
        assert_eq!(m[0].place.country(), "US");
        assert_eq!(m[0].candidates, 2);
        // Acronyms are not places.
        assert!(g.find_places(&["in", "PARIS"], &[]).is_empty());
        // Possessives.
        assert_eq!(
            g.find_places(&["Zvečan's", "mayor"], &[])[0].kind,
            MatchKind::Exact
        );
    }

    #[test]
    fn one_edit() {
        assert!(within_one_edit("zvecan", "zvecan"));
        assert!(within_one_edit("zvecan", "zvecen"));
        assert!(within_one_edit("zvecan", "zvecann"));
        assert!(within_one_edit("zvecan", "zecan"));
        assert!(!within_one_edit("zvecan", "zvacen"));
        assert!(!within_one_edit("zvecan", "zvecanic"));
        assert!(within_one_edit("", "a"));
    }

    #[test]
    fn fuzzy_only_with_hints_and_alone() {
        let g = small();
        let m = g.find_places(&["near", "Zvecen", "."], &["XK"]);
        assert_eq!(m.len(), 1);
        assert_eq!((&*m[0].place.name, m[0].kind), ("Zvečan", MatchKind::Fuzzy));
        assert!(g.find_places(&["near", "Zvecen", "."], &[]).is_empty());
        assert!(
            g.find_places(&["the", "Zvecen", "."], &["XK"]).is_empty(),
            "no locative"
        );
        assert!(g
            .find_places(&["near", "Zvecen", "Town"], &["XK"])
            .is_empty());
        assert!(g
            .find_places(&["near", "Zvecenovo", "."], &["XK"])
            .is_empty());
    }

    #[test]
    fn bad_files_name_the_line() {
        let err =
            Gazetteer::from_text("@places\n1\tX\tfr\t0\t0\t0\n@names\n", "g.tsv", "").unwrap_err();
        assert!(err.to_string().starts_with("g.tsv:2:"), "{err}");
        let err = Gazetteer::from_text(
            "@places\n1\tX\tFR\t0\t0\t0\n@names\nb\t0\na\t0\n",
            "g.tsv",
            "",
        )
        .unwrap_err();
        assert!(err.to_string().contains("out of order"), "{err}");
        let err = Gazetteer::from_text("@places\n1\tX\tFR\t0\t0\t0\n@names\na\t7\n", "g.tsv", "")
            .unwrap_err();
        assert!(err.to_string().contains("out of range"), "{err}");
        let err = Gazetteer::from_text("@places\n1\tX\tFR\t990000\t0\t0\n@names\n", "g.tsv", "")
            .unwrap_err();
        assert!(err.to_string().contains("out of range"), "{err}");
        assert!(Gazetteer::from_text("@places\n", "g.tsv", "").is_err());
        assert!(Gazetteer::from_gzip(b"not gzip", "g.gz", "").is_err());
    }

    proptest! {
        #[test]
        fn from_text_never_panics(s in "(@places\n|@names\n|@loose\n|@countries\n|[a-z0-9,.\t-]{0,20}\n){0,10}") {
            let _ = Gazetteer::from_text(&s, "p.tsv", "");
        }

        #[test]
        fn find_places_never_panics(toks in proptest::collection::vec("\\PC{0,8}", 0..12)) {
            let g = small();
            let refs: Vec<&str> = toks.iter().map(String::as_str).collect();
            for m in g.find_places(&refs, &["XK"]) {
                prop_assert!(m.start < m.end && m.end <= refs.len());
            }
        }
    }
}
