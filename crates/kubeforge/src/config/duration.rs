//! The human duration format of [`Duration`] config values: `1h30m`, `250ms`, `10s`.
//!
//! # Format
//!
//! A duration is written as one or more `<integer><unit>` components, with no spaces, units in
//! strictly decreasing order and each at most once. The units are `d` (24 hours), `h`, `m`,
//! `s`, `ms`, `us` (or `µs`) and `ns`.
//!
//! - [`format()`] writes the canonical form: every non-zero component, largest unit first, each
//!   below its unit's natural range (`1h30m`, `1d2h`, `1s500ms`), and `0s` for zero.
//! - [`parse()`] also accepts components above their natural range (`90m`, `1500ms`), so a
//!   value written by hand need not be canonical.
//!
//! The round trip is exact for every [`Duration`], up to [`Duration::MAX`]
//! (`213503982334601d7h15s999ms999us999ns`).
//!
//! # Examples
//!
//! ```
//! use std::time::Duration;
//! use kubeforge::config::duration;
//! assert_eq!(duration::format(Duration::from_secs(5400)), "1h30m");
//! assert_eq!(duration::parse("90m")?, Duration::from_secs(5400));
//! assert_eq!(duration::parse("1s500ms")?, Duration::from_millis(1500));
//! # Ok::<(), kubeforge::config::duration::ParseError>(())
//! ```

use std::fmt;
use std::time::Duration;

/// The units, largest first: suffix and length in nanoseconds.
const UNITS: [(&str, u128); 7] = [
    ("d", 86_400_000_000_000),
    ("h", 3_600_000_000_000),
    ("m", 60_000_000_000),
    ("s", 1_000_000_000),
    ("ms", 1_000_000),
    ("us", 1_000),
    ("ns", 1),
];

/// Writes `d` in the canonical human format (`1h30m`, `250ms`, `0s`).
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use kubeforge::config::duration::format;
/// assert_eq!(format(Duration::from_millis(250)), "250ms");
/// assert_eq!(format(Duration::from_secs(90_061)), "1d1h1m1s");
/// assert_eq!(format(Duration::ZERO), "0s");
/// ```
pub fn format(d: Duration) -> String {
    let mut rest = d.as_nanos();
    if rest == 0 {
        return "0s".to_owned();
    }
    let mut out = String::new();
    for (suffix, nanos) in UNITS {
        let n = rest / nanos;
        if n > 0 {
            out.push_str(&n.to_string());
            out.push_str(suffix);
            rest %= nanos;
        }
    }
    out
}

/// Reads a duration written in the human format (see the [module docs](self)).
///
/// # Errors
///
/// A [`ParseError`] for an empty string, a component without a number or a unit, an
/// unknown unit, units out of order or repeated, or a duration above [`Duration::MAX`].
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use kubeforge::config::duration::parse;
/// assert_eq!(parse("1h30m")?, Duration::from_secs(5400));
/// assert_eq!(parse("2us")?, Duration::from_micros(2));
/// assert_eq!(parse("10").unwrap_err().to_string(), "invalid duration \"10\": missing unit after 10 (e.g. 10s)");
/// assert!(parse("30s1m").is_err());
/// # Ok::<(), kubeforge::config::duration::ParseError>(())
/// ```
pub fn parse(s: &str) -> Result<Duration, ParseError> {
    let err = |reason: String| ParseError {
        input: s.to_owned(),
        reason,
    };
    if s.is_empty() {
        return Err(err("empty string (write 0s for zero)".to_owned()));
    }
    let mut total: u128 = 0;
    // Index in UNITS of the last unit read: the next one must be smaller.
    let mut last: Option<usize> = None;
    let mut rest = s;
    while !rest.is_empty() {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return Err(err(format!("expected a number at {rest:?}")));
        }
        let (number, tail) = rest.split_at(digits);
        let unit_len = tail
            .char_indices()
            .find(|(_, c)| c.is_ascii_digit())
            .map_or(tail.len(), |(i, _)| i);
        let (unit, tail) = tail.split_at(unit_len);
        if unit.is_empty() {
            return Err(err(format!("missing unit after {number} (e.g. {number}s)")));
        }
        let unit = if unit == "µs" { "us" } else { unit };
        let Some(index) = UNITS.iter().position(|(suffix, _)| *suffix == unit) else {
            return Err(err(format!(
                "unknown unit {unit:?} (expected d, h, m, s, ms, us or ns)"
            )));
        };
        if last.is_some_and(|l| index <= l) {
            return Err(err(format!(
                "unit {unit:?} out of order (largest unit first, each unit once)"
            )));
        }
        last = Some(index);
        let nanos = UNITS.get(index).map_or(1, |(_, n)| *n);
        let component = number
            .parse::<u128>()
            .ok()
            .and_then(|n| n.checked_mul(nanos))
            .and_then(|n| total.checked_add(n));
        total = component.ok_or_else(|| err("too large".to_owned()))?;
        rest = tail;
    }
    let secs = u64::try_from(total / 1_000_000_000).map_err(|_| err("too large".to_owned()))?;
    // Below 10^9, so it fits.
    let nanos = u32::try_from(total % 1_000_000_000).unwrap_or(0);
    Ok(Duration::new(secs, nanos))
}

/// A string that is not a duration in the human format.
///
/// # Examples
///
/// ```
/// let err = kubeforge::config::duration::parse("5 minutes").unwrap_err();
/// assert_eq!(err.to_string(), "invalid duration \"5 minutes\": unknown unit \" minutes\" (expected d, h, m, s, ms, us or ns)");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    input: String,
    reason: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid duration {:?}: {}", self.input, self.reason)
    }
}

impl std::error::Error for ParseError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_forms() {
        let cases = [
            (Duration::from_secs(5400), "1h30m"),
            (Duration::from_millis(250), "250ms"),
            (Duration::from_secs(10), "10s"),
            (Duration::from_nanos(1), "1ns"),
            (Duration::new(86_400, 1_001_000), "1d1ms1us"),
            (Duration::MAX, "213503982334601d7h15s999ms999us999ns"),
        ];
        for (d, s) in cases {
            assert_eq!(format(d), s);
            assert_eq!(parse(s), Ok(d));
        }
    }

    #[test]
    fn rejects() {
        for s in [
            "",
            "s",
            "10",
            "1x",
            "1h1h",
            "1m1h",
            "1.5s",
            "-1s",
            " 1s",
            "1s ",
            "213503982334602d",
        ] {
            assert!(parse(s).is_err(), "{s:?} accepted");
        }
        assert_eq!(
            parse("µs").unwrap_err().reason,
            "expected a number at \"µs\""
        );
        assert_eq!(parse("3µs"), Ok(Duration::from_micros(3)));
        assert_eq!(parse("1500ms"), Ok(Duration::from_millis(1500)));
    }

    proptest::proptest! {
        #[test]
        fn round_trip(secs in proptest::prelude::any::<u64>(), nanos in 0u32..1_000_000_000) {
            let d = Duration::new(secs, nanos);
            proptest::prop_assert_eq!(parse(&format(d)), Ok(d));
        }
    }
}
