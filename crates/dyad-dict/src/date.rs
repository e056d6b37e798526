//! Calendar dates and date ranges for dated actor codes.
//!
//! Reads ISO dates (`2021-03-22`) for the project format and PETRARCH's `YYMMDD` /
//! `YYYYMMDD` dates and restrictions (`<d`, `>d`, `d-d`). Not for: times of day, time
//! zones, or date arithmetic.
use std::fmt;

/// A calendar date (proleptic Gregorian), ordered chronologically.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year, 1..=9999.
    pub year: u16,
    /// Month, 1..=12.
    pub month: u8,
    /// Day of month, 1..=31 (checked against the month).
    pub day: u8,
}

/// Why a date could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{text:?}: {reason}")]
pub struct DateError {
    /// The text that was read.
    pub text: String,
    /// What was wrong.
    pub reason: &'static str,
}

fn err(text: &str, reason: &'static str) -> DateError {
    DateError {
        text: text.chars().take(40).collect(),
        reason,
    }
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

/// Two-digit PETRARCH years at or below this are read as 20yy, above it as 19yy.
pub const PIVOT_YEAR: u16 = 30;

impl Date {
    /// A date, if it exists in the calendar.
    pub fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        if (1..=9999).contains(&year)
            && (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month)
        {
            Some(Date { year, month, day })
        } else {
            None
        }
    }

    /// Reads `YYYY-MM-DD`.
    pub fn parse_iso(text: &str) -> Result<Date, DateError> {
        let t = text.trim();
        let b = t.as_bytes();
        if !t.is_ascii() || b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(err(text, "expected YYYY-MM-DD"));
        }
        let y = digits(&t[0..4]).ok_or_else(|| err(text, "year is not a number"))?;
        let m = digits(&t[5..7]).ok_or_else(|| err(text, "month is not a number"))?;
        let d = digits(&t[8..10]).ok_or_else(|| err(text, "day is not a number"))?;
        Date::new(y as u16, m as u8, d as u8).ok_or_else(|| err(text, "no such day"))
    }

    /// Reads PETRARCH's `YYMMDD` or `YYYYMMDD`. Two-digit years up to [`PIVOT_YEAR`] are
    /// 20yy, later ones 19yy.
    pub fn parse_petrarch(text: &str) -> Result<Date, DateError> {
        let t = text.trim();
        if !t.bytes().all(|c| c.is_ascii_digit()) {
            return Err(err(text, "expected digits YYMMDD or YYYYMMDD"));
        }
        let (y, rest) = match t.len() {
            6 => {
                let yy = digits(&t[0..2]).ok_or_else(|| err(text, "not a number"))? as u16;
                let y = if yy <= PIVOT_YEAR {
                    2000 + yy
                } else {
                    1900 + yy
                };
                (y, &t[2..])
            }
            8 => (
                digits(&t[0..4]).ok_or_else(|| err(text, "not a number"))? as u16,
                &t[4..],
            ),
            _ => return Err(err(text, "expected YYMMDD or YYYYMMDD")),
        };
        let m = digits(&rest[0..2]).ok_or_else(|| err(text, "not a number"))?;
        let d = digits(&rest[2..4]).ok_or_else(|| err(text, "not a number"))?;
        Date::new(y, m as u8, d as u8).ok_or_else(|| err(text, "no such day"))
    }

    /// The day before, if there is one.
    pub fn pred(self) -> Option<Date> {
        if self.day > 1 {
            return Some(Date {
                day: self.day - 1,
                ..self
            });
        }
        if self.month > 1 {
            let m = self.month - 1;
            return Some(Date {
                year: self.year,
                month: m,
                day: days_in_month(self.year, m),
            });
        }
        Date::new(self.year.checked_sub(1)?, 12, 31)
    }
}

fn digits(s: &str) -> Option<u32> {
    if s.is_empty() || !s.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// An inclusive range of dates; an absent end is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct DateRange {
    /// First day, inclusive; `None`: from the beginning of time.
    pub from: Option<Date>,
    /// Last day, inclusive; `None`: with no end.
    pub to: Option<Date>,
}

impl DateRange {
    /// The range with no limits.
    pub const ALWAYS: DateRange = DateRange {
        from: None,
        to: None,
    };

    /// Whether the date is within the range (limits included).
    pub fn contains(&self, d: Date) -> bool {
        self.from.map_or(true, |f| f <= d) && self.to.map_or(true, |t| d <= t)
    }

    /// Whether neither end is limited.
    pub fn is_always(&self) -> bool {
        self.from.is_none() && self.to.is_none()
    }

    /// Reads a PETRARCH restriction: `<d` (to d), `>d` (from d), `d-d`; blanks after the
    /// sign are allowed. Limits are inclusive as PETRARCH documents.
    pub fn parse_petrarch(text: &str) -> Result<DateRange, DateError> {
        let t = text.trim();
        if let Some(rest) = t.strip_prefix('<') {
            let d = Date::parse_petrarch(rest.trim_start_matches('=').trim())?;
            return Ok(DateRange {
                from: None,
                to: Some(d),
            });
        }
        if let Some(rest) = t.strip_prefix('>') {
            let d = Date::parse_petrarch(rest.trim_start_matches('=').trim())?;
            return Ok(DateRange {
                from: Some(d),
                to: None,
            });
        }
        match t.split_once('-') {
            Some((a, b)) => {
                let from = Date::parse_petrarch(a)?;
                let to = Date::parse_petrarch(b)?;
                if to < from {
                    return Err(err(text, "range ends before it starts"));
                }
                Ok(DateRange {
                    from: Some(from),
                    to: Some(to),
                })
            }
            None => Err(err(text, "expected <date, >date or date-date")),
        }
    }

    /// Reads the project format's `FROM..TO` (ISO dates, either side may be empty).
    pub fn parse_iso(text: &str) -> Result<DateRange, DateError> {
        let t = text.trim();
        let (a, b) = t
            .split_once("..")
            .ok_or_else(|| err(text, "expected FROM..TO"))?;
        let from = if a.is_empty() {
            None
        } else {
            Some(Date::parse_iso(a)?)
        };
        let to = if b.is_empty() {
            None
        } else {
            Some(Date::parse_iso(b)?)
        };
        if let (Some(f), Some(t)) = (from, to) {
            if t < f {
                return Err(err(text, "range ends before it starts"));
            }
        }
        Ok(DateRange { from, to })
    }
}

impl fmt::Display for DateRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(d) = self.from {
            write!(f, "{d}")?;
        }
        f.write_str("..")?;
        if let Some(d) = self.to {
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn petrarch_dates() {
        assert_eq!(
            Date::parse_petrarch("110407"),
            Ok(Date::new(2011, 4, 7).unwrap())
        );
        assert_eq!(
            Date::parse_petrarch("320101"),
            Ok(Date::new(1932, 1, 1).unwrap())
        );
        assert_eq!(
            Date::parse_petrarch("18970101"),
            Ok(Date::new(1897, 1, 1).unwrap())
        );
        assert!(Date::parse_petrarch("2004017").is_err());
        assert!(Date::parse_petrarch("110231").is_err());
    }

    #[test]
    fn petrarch_restrictions() {
        let r = DateRange::parse_petrarch(">110407").unwrap();
        assert_eq!(r.from, Date::new(2011, 4, 7));
        assert_eq!(r.to, None);
        let r = DateRange::parse_petrarch("> 080109").unwrap();
        assert_eq!(r.from, Date::new(2008, 1, 9));
        let r = DateRange::parse_petrarch("<920428").unwrap();
        assert_eq!(r.to, Date::new(1992, 4, 28));
        let r = DateRange::parse_petrarch("18970101-450703").unwrap();
        assert!(r.contains(Date::new(1945, 7, 3).unwrap()));
        assert!(!r.contains(Date::new(1945, 7, 4).unwrap()));
        assert!(DateRange::parse_petrarch("450703-18970101").is_err());
    }

    #[test]
    fn iso_ranges() {
        let r = DateRange::parse_iso("2021-03-22..").unwrap();
        assert_eq!(r.to_string(), "2021-03-22..");
        assert!(r.contains(Date::new(2023, 5, 27).unwrap()));
        assert!(DateRange::parse_iso("..").unwrap().is_always());
        assert!(DateRange::parse_iso("2021-02-30..").is_err());
        assert_eq!(
            Date::new(2021, 3, 1).unwrap().pred(),
            Date::new(2021, 2, 28)
        );
    }

    proptest! {
        #[test]
        fn parsers_never_panic(s in "\\PC{0,20}") {
            let _ = Date::parse_iso(&s);
            let _ = Date::parse_petrarch(&s);
            let _ = DateRange::parse_iso(&s);
            let _ = DateRange::parse_petrarch(&s);
        }

        #[test]
        fn iso_round_trip(y in 1u16..9999, m in 1u8..=12, d in 1u8..=28) {
            let date = Date::new(y, m, d).unwrap();
            prop_assert_eq!(Date::parse_iso(&date.to_string()), Ok(date));
        }
    }
}
