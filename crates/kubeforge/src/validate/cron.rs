//! CronJob schedules and time zones, checked like the apiserver does: `cron.ParseStandard`
//! of robfig/cron v3 (five fields or a descriptor, with its error messages) and
//! `validateTimeZone` of `pkg/apis/batch/validation`.

use crate::error::quote;

/// The names a field accepts for its values (`jan`, `mon`...).
type Names = &'static [(&'static str, u64)];

/// `(name, min, max, names)` of the five standard fields.
const FIELDS: [(&str, u64, u64, Names); 5] = [
    ("minute", 0, 59, &[]),
    ("hour", 0, 23, &[]),
    ("day of month", 1, 31, &[]),
    (
        "month",
        1,
        12,
        &[
            ("jan", 1),
            ("feb", 2),
            ("mar", 3),
            ("apr", 4),
            ("may", 5),
            ("jun", 6),
            ("jul", 7),
            ("aug", 8),
            ("sep", 9),
            ("oct", 10),
            ("nov", 11),
            ("dec", 12),
        ],
    ),
    (
        "day of week",
        0,
        6,
        &[
            ("sun", 0),
            ("mon", 1),
            ("tue", 2),
            ("wed", 3),
            ("thu", 4),
            ("fri", 5),
            ("sat", 6),
        ],
    ),
];

/// The descriptors robfig/cron v3 accepts besides `@every <duration>`.
const DESCRIPTORS: [&str; 7] = [
    "@yearly",
    "@annually",
    "@monthly",
    "@weekly",
    "@daily",
    "@midnight",
    "@hourly",
];

/// `cron.ParseStandard(spec)`: `Err` holds robfig/cron's message, which the apiserver prints
/// after `spec.schedule: Invalid value: "<spec>": `.
pub(crate) fn parse_standard(spec: &str) -> Result<(), String> {
    if spec.is_empty() {
        return Err("empty spec string".into());
    }
    let mut spec = spec;
    if spec.starts_with("TZ=") || spec.starts_with("CRON_TZ=") {
        let Some(space) = spec.find(' ') else {
            return Err(format!("invalid timezone specification: {spec}"));
        };
        let eq = spec.find('=').unwrap_or(0);
        let zone = spec.get(eq + 1..space).unwrap_or("");
        if let Err(e) = load_location(zone) {
            return Err(format!("provided bad location {zone}: {e}"));
        }
        spec = spec.get(space..).unwrap_or("").trim();
    }
    if spec.starts_with('@') {
        return descriptor(spec);
    }
    let fields: Vec<&str> = spec.split_whitespace().collect();
    if fields.len() != FIELDS.len() {
        return Err(format!(
            "expected exactly {} fields, found {}: [{}]",
            FIELDS.len(),
            fields.len(),
            fields.join(" ")
        ));
    }
    for (field, (_, min, max, names)) in fields.iter().zip(FIELDS) {
        for expr in field.split(',').filter(|e| !e.is_empty()) {
            range(expr, min, max, names)?;
        }
    }
    Ok(())
}

/// `getRange`: `*`, `?`, a number or name, `a-b`, each with an optional `/step`.
fn range(expr: &str, min: u64, max: u64, names: &[(&str, u64)]) -> Result<(), String> {
    let range_and_step: Vec<&str> = expr.split('/').collect();
    let low_and_high: Vec<&str> = range_and_step
        .first()
        .copied()
        .unwrap_or("")
        .split('-')
        .collect();
    let first = low_and_high.first().copied().unwrap_or("");
    let (start, mut end) = if first == "*" || first == "?" {
        (min, max)
    } else {
        let start = int_or_name(first, names)?;
        match low_and_high.as_slice() {
            [_] => (start, start),
            [_, high] => (start, int_or_name(high, names)?),
            _ => return Err(format!("too many hyphens: {expr}")),
        }
    };
    let step = match range_and_step.as_slice() {
        [_] => 1,
        [_, step] => {
            let step = parse_uint(step)?;
            if low_and_high.len() == 1 {
                end = max;
            }
            step
        }
        _ => return Err(format!("too many slashes: {expr}")),
    };
    if start < min {
        return Err(format!(
            "beginning of range ({start}) below minimum ({min}): {expr}"
        ));
    }
    if end > max {
        return Err(format!(
            "end of range ({end}) above maximum ({max}): {expr}"
        ));
    }
    if start > end {
        return Err(format!(
            "beginning of range ({start}) beyond end of range ({end}): {expr}"
        ));
    }
    if step == 0 {
        return Err(format!("step of range should be a positive number: {expr}"));
    }
    Ok(())
}

fn int_or_name(expr: &str, names: &[(&str, u64)]) -> Result<u64, String> {
    let lower = expr.to_lowercase();
    match names.iter().find(|(n, _)| *n == lower) {
        Some((_, v)) => Ok(*v),
        None => parse_uint(expr),
    }
}

/// `mustParseInt`: Go's `strconv.Atoi`, then no negative number.
fn parse_uint(expr: &str) -> Result<u64, String> {
    let n: i64 = expr.parse().map_err(|e: std::num::ParseIntError| {
        let why = match e.kind() {
            std::num::IntErrorKind::PosOverflow | std::num::IntErrorKind::NegOverflow => {
                "value out of range"
            }
            _ => "invalid syntax",
        };
        format!(
            "failed to parse int from {expr}: strconv.Atoi: parsing {}: {why}",
            quote(expr)
        )
    })?;
    u64::try_from(n).map_err(|_| format!("negative number ({n}) not allowed: {expr}"))
}

/// `parseDescriptor`: the named schedules and `@every <Go duration>`.
fn descriptor(spec: &str) -> Result<(), String> {
    if DESCRIPTORS.contains(&spec) {
        return Ok(());
    }
    if let Some(duration) = spec.strip_prefix("@every ") {
        return go_duration(duration).map_err(|e| format!("failed to parse duration {spec}: {e}"));
    }
    Err(format!("unrecognized descriptor: {spec}"))
}

/// Go's `time.ParseDuration` (the syntax and its errors; the value is not needed).
fn go_duration(orig: &str) -> Result<(), String> {
    let invalid = || format!("time: invalid duration {}", quote(orig));
    let mut s = orig.strip_prefix(['-', '+']).unwrap_or(orig);
    if s == "0" {
        return Ok(());
    }
    if s.is_empty() {
        return Err(invalid());
    }
    // The total in nanoseconds, to detect overflow (> 1<<63, as Go does).
    let mut total: u128 = 0;
    while !s.is_empty() {
        let digits = s.bytes().take_while(u8::is_ascii_digit).count();
        let (int, rest) = s.split_at(digits);
        s = rest;
        if let Some(rest) = s.strip_prefix('.') {
            let n = rest.bytes().take_while(u8::is_ascii_digit).count();
            s = rest.get(n..).unwrap_or("");
            if int.is_empty() && n == 0 {
                return Err(invalid());
            }
        } else if int.is_empty() {
            return Err(invalid());
        }
        let unit_len = s
            .char_indices()
            .find(|(_, c)| *c == '.' || c.is_ascii_digit())
            .map_or(s.len(), |(i, _)| i);
        if unit_len == 0 {
            return Err(format!("time: missing unit in duration {}", quote(orig)));
        }
        let (unit, rest) = s.split_at(unit_len);
        s = rest;
        let nanos: u128 = match unit {
            "ns" => 1,
            "us" | "\u{b5}s" | "\u{3bc}s" => 1_000,
            "ms" => 1_000_000,
            "s" => 1_000_000_000,
            "m" => 60_000_000_000,
            "h" => 3_600_000_000_000,
            _ => {
                return Err(format!(
                    "time: unknown unit {} in duration {}",
                    quote(unit),
                    quote(orig)
                ));
            }
        };
        let v: u128 = if int.is_empty() {
            0
        } else {
            int.parse().map_err(|_| invalid())?
        };
        total = total.saturating_add(v.saturating_mul(nanos));
        if total > 1 << 63 {
            return Err(invalid());
        }
    }
    Ok(())
}

/// The syntax of a tz name the apiserver accepts before loading it
/// (`validTimeZoneCharacters` on each `/`-separated part).
fn tz_syntax_ok(zone: &str) -> bool {
    zone.split('/').all(|part| {
        part != "."
            && part != ".."
            && !part.starts_with('-')
            && (1..=14).contains(&part.len())
            && part
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"._-+".contains(&b))
    })
}

/// Go's `time.LoadLocation` against the IANA database (`""` and `UTC` are UTC, `Local` the
/// machine's zone).
fn load_location(zone: &str) -> Result<(), String> {
    if zone.is_empty()
        || zone == "UTC"
        || zone == "Local"
        || super::tz_names::TZ_NAMES.binary_search(&zone).is_ok()
    {
        Ok(())
    } else {
        Err(format!("unknown time zone {zone}"))
    }
}

/// `validateTimeZone`: the messages for a CronJob's `timeZone` (none when valid).
pub(crate) fn time_zone(zone: &str) -> Vec<String> {
    if zone.is_empty() {
        return vec!["timeZone must be nil or non-empty string".into()];
    }
    if !tz_syntax_ok(zone) {
        return vec![format!("unknown time zone {zone}")];
    }
    let mut out = Vec::new();
    if zone.eq_ignore_ascii_case("Local") {
        out.push(
            "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones"
                .into(),
        );
    }
    if let Err(e) = load_location(zone) {
        out.push(e);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standard_schedules_parse() {
        for ok in [
            "* * * * *",
            "0 3 * * *",
            "*/15 0-6 1,15 jan-mar MON-FRI",
            "5/10 * ? * *",
            "@daily",
            "@every 1h30m",
            "@every 1.5s",
            "TZ=Europe/Paris 0 3 * * *",
            "0 0 31 12 6",
        ] {
            assert_eq!(parse_standard(ok), Ok(()), "{ok}");
        }
    }

    #[test]
    fn robfig_messages() {
        let cases = [
            ("* * * *", "expected exactly 5 fields, found 4: [* * * *]"),
            ("60 * * * *", "end of range (60) above maximum (59): 60"),
            ("* * 0 * *", "beginning of range (0) below minimum (1): 0"),
            (
                "5-1 * * * *",
                "beginning of range (5) beyond end of range (1): 5-1",
            ),
            (
                "*/0 * * * *",
                "step of range should be a positive number: */0",
            ),
            ("1-2-3 * * * *", "too many hyphens: 1-2-3"),
            ("*/2/3 * * * *", "too many slashes: */2/3"),
            (
                "x * * * *",
                "failed to parse int from x: strconv.Atoi: parsing \"x\": invalid syntax",
            ),
            ("*/-1 * * * *", "negative number (-1) not allowed: -1"),
            (
                "* * * foo *",
                "failed to parse int from foo: strconv.Atoi: parsing \"foo\": invalid syntax",
            ),
            ("@fortnightly", "unrecognized descriptor: @fortnightly"),
            (
                "@every 5x",
                "failed to parse duration @every 5x: time: unknown unit \"x\" in duration \"5x\"",
            ),
            (
                "@every 5",
                "failed to parse duration @every 5: time: missing unit in duration \"5\"",
            ),
            (
                "TZ=Mars/Base 0 * * * *",
                "provided bad location Mars/Base: unknown time zone Mars/Base",
            ),
        ];
        for (spec, msg) in cases {
            assert_eq!(parse_standard(spec), Err(msg.to_owned()), "{spec}");
        }
    }

    #[test]
    fn time_zones() {
        assert!(time_zone("Europe/Paris").is_empty());
        assert!(time_zone("Etc/UTC").is_empty());
        assert_eq!(time_zone("Mars/Base"), ["unknown time zone Mars/Base"]);
        assert_eq!(time_zone("../etc"), ["unknown time zone ../etc"]);
        assert_eq!(time_zone(""), ["timeZone must be nil or non-empty string"]);
        assert_eq!(
            time_zone("local"),
            [
                "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones",
                "unknown time zone local"
            ]
        );
    }
}
