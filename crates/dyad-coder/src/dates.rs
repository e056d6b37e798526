//! Event dates: the document date (given, or read from the text's dateline) anchors
//! relative expressions in a sentence ("on Friday" → the last Friday before the document
//! date, "yesterday", "a day after", "last week", "in April").
//!
//! Not for: parsing arbitrary date formats of input files (`dyad-docs` does that).
use dyad_text::{MONTH_NAMES as MONTHS, WEEKDAY_NAMES as WEEKDAYS};

/// A calendar day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Day {
    /// Year.
    pub year: i32,
    /// Month, 1–12.
    pub month: u32,
    /// Day of month, 1–31.
    pub day: u32,
}

/// True for a month or weekday name (folded), which is never a person's name.
pub fn is_calendar_word(w: &str) -> bool {
    MONTHS.contains(&w) || WEEKDAYS.contains(&w)
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

impl Day {
    /// A valid day, or `None`.
    pub fn new(year: i32, month: u32, day: u32) -> Option<Day> {
        ((1..=9999).contains(&year)
            && (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month))
        .then_some(Day { year, month, day })
    }

    /// Reads `YYYY-MM-DD` (anything after the tenth character is ignored: a time).
    pub fn parse_iso(s: &str) -> Option<Day> {
        let s = s.trim();
        let b = s.as_bytes();
        if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let y = s.get(0..4)?.parse().ok()?;
        let m = s.get(5..7)?.parse().ok()?;
        let d = s.get(8..10)?.parse().ok()?;
        Day::new(y, m, d)
    }

    /// Days since 1970-01-01.
    pub fn ordinal(self) -> i64 {
        let (y, m, d) = (
            i64::from(self.year),
            i64::from(self.month),
            i64::from(self.day),
        );
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The day `n` days after this one (negative: before).
    pub fn plus(self, n: i64) -> Day {
        let z = self.ordinal() + n + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let y = (yoe + era * 400 + i64::from(m <= 2)) as i32;
        Day {
            year: y,
            month: m,
            day: d,
        }
    }

    /// 0 = Monday … 6 = Sunday.
    pub fn weekday(self) -> usize {
        (self.ordinal() + 3).rem_euclid(7) as usize
    }
}

impl std::fmt::Display for Day {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// The date of the events a sentence reports, from its relative expressions and the
/// document date. `folds` are the sentence's folded tokens.
pub fn sentence_date(doc: Day, folds: &[&str]) -> Day {
    for (i, w) in folds.iter().enumerate() {
        let prev = if i > 0 { folds[i - 1] } else { "" };
        if let Some(wd) = WEEKDAYS.iter().position(|d| d == w) {
            if matches!(prev, "on" | "last" | "since" | "late" | "early") {
                // The most recent such weekday, the document's own day included (a
                // Saturday paper's "on Saturday" is that day).
                let back = (doc.weekday() + 7 - wd) % 7;
                return doc.plus(-(back as i64));
            }
        }
        match *w {
            "yesterday" => return doc.plus(-1),
            "week" if prev == "last" => return doc.plus(-7),
            _ => {}
        }
        if let Some(m) = MONTHS.iter().position(|x| x == w) {
            let month = m as u32 + 1;
            let next = folds.get(i + 1).and_then(|n| n.parse::<u32>().ok());
            if prev == "in" && next.is_none_or(|n| n > 31) {
                let year = if month > doc.month {
                    doc.year - 1
                } else {
                    doc.year
                };
                if month != doc.month {
                    return Day::new(year, month, 1).unwrap_or(doc);
                }
            }
            if let Some(d) = next.filter(|d| (1..=31).contains(d)) {
                let year = if month > doc.month {
                    doc.year - 1
                } else {
                    doc.year
                };
                if let Some(day) = Day::new(year, month, d) {
                    return day;
                }
            }
        }
    }
    doc
}

/// A dateline date near the start of a text ("May 27, 2023", "27 May 2023",
/// "2023-05-27"), searched in its first 300 bytes.
pub fn dateline(text: &str) -> Option<Day> {
    let head: String = text.chars().take(300).collect();
    let words: Vec<String> = head
        .split(|c: char| c.is_whitespace() || c == ',' || c == '(' || c == ')')
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
        .collect();
    for (i, w) in words.iter().enumerate() {
        if let Some(d) = Day::parse_iso(w) {
            return Some(d);
        }
        let Some(m) = MONTHS.iter().position(|x| x == w) else {
            continue;
        };
        let month = m as u32 + 1;
        let num = |k: usize| {
            words
                .get(k)
                .and_then(|x| x.trim_end_matches('.').parse::<i32>().ok())
        };
        if let (Some(d), Some(y)) = (num(i + 1), num(i + 2)) {
            if let Some(day) = Day::new(y, month, d as u32) {
                return Some(day);
            }
        }
        if let (Some(d), Some(y)) = (i.checked_sub(1).and_then(num), num(i + 1)) {
            if let Some(day) = Day::new(y, month, d as u32) {
                return Some(day);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> Day {
        Day::parse_iso(s).expect("valid test date")
    }

    #[test]
    fn weekday_and_arithmetic() {
        assert_eq!(d("2023-05-27").weekday(), 5); // a Saturday
        assert_eq!(d("2023-03-01").plus(-1).to_string(), "2023-02-28");
        assert_eq!(d("2024-12-31").plus(1).to_string(), "2025-01-01");
    }

    #[test]
    fn relative_expressions() {
        let doc = d("2023-05-27");
        assert_eq!(
            sentence_date(doc, &["clashes", "on", "friday"]).to_string(),
            "2023-05-26"
        );
        assert_eq!(
            sentence_date(doc, &["on", "saturday"]).to_string(),
            "2023-05-27"
        );
        assert_eq!(
            sentence_date(doc, &["last", "sunday"]).to_string(),
            "2023-05-21"
        );
        assert_eq!(
            sentence_date(doc, &["said", "yesterday"]).to_string(),
            "2023-05-26"
        );
        assert_eq!(
            sentence_date(doc, &["elected", "in", "april"]).to_string(),
            "2023-04-01"
        );
        assert_eq!(
            sentence_date(doc, &["in", "june"]).to_string(),
            "2022-06-01"
        );
        assert_eq!(
            sentence_date(doc, &["on", "may", "3"]).to_string(),
            "2023-05-03"
        );
        assert_eq!(sentence_date(doc, &["no", "date"]), doc);
    }

    #[test]
    fn datelines() {
        assert_eq!(
            dateline("— Vjosa (@x) May 26, 2023").map(|d| d.to_string()),
            Some("2023-05-26".into())
        );
        assert_eq!(
            dateline("PRISTINA, 27 May 2023 (AFP)").map(|d| d.to_string()),
            Some("2023-05-27".into())
        );
        assert_eq!(dateline("no date here"), None);
        assert_eq!(Day::parse_iso("2023-02-30"), None);
    }

    proptest! {
        #[test]
        fn plus_round_trips(days in -100_000i64..100_000) {
            let base = Day { year: 2000, month: 1, day: 1 };
            let x = base.plus(days);
            prop_assert_eq!(x.ordinal() - base.ordinal(), days);
            prop_assert!(Day::new(x.year, x.month, x.day).is_some());
        }

        #[test]
        fn dateline_never_panics(s in ".{0,200}") {
            let _ = dateline(&s);
            let _ = Day::parse_iso(&s);
        }
    }
}
