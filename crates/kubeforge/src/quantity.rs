//! Exact Kubernetes resource quantities (`resource.Quantity` of apimachinery).
//!
//! A [`Quantity`] is the decimal amount written in `resources.requests.cpu`,
//! `resources.limits.memory`, a PVC's `storage` and so on. Parsing follows the
//! kube-apiserver (`resource.ParseQuantity`), so a string this module accepts is
//! one the apiserver decodes to the same value, and [`Quantity::canonical`] gives
//! the string the apiserver writes back.
//!
//! # Grammar
//!
//! ```text
//! <quantity>        ::= <signedNumber><suffix>
//! <signedNumber>    ::= <number> | "+" <number> | "-" <number>
//! <number>          ::= <digits> | <digits> "." <digits> | <digits> "." | "." <digits>
//! <suffix>          ::= <binarySI> | <decimalSI> | <decimalExponent>
//! <binarySI>        ::= Ki | Mi | Gi | Ti | Pi | Ei              (powers of 1024)
//! <decimalSI>       ::= n | u | m | "" | k | M | G | T | P | E   (10^-9 ... 10^18)
//! <decimalExponent> ::= ("e" | "E") ["+" | "-"] <digits>         (an int32 exponent)
//! ```
//!
//! Suffixes are case-sensitive: `m` is milli, `M` is mega, `Mi` is mebi, `K`
//! alone is not a suffix (but `Ki` is), and `E` alone is exa (10^18) while
//! `1E3` is 1000. No whitespace is allowed anywhere.
//!
//! Like the apiserver, a string is first matched against the shape
//! `^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$` (failure is
//! [`QuantityError::Format`]), then its suffix is looked up (failure is
//! [`QuantityError::Suffix`], e.g. `1K`, `1mi`, `1i`, `1e`, or an exponent
//! outside the int32 range).
//!
//! # Value, rounding and limits
//!
//! * The value is kept exactly in units of 10^-9 (nano). A finer non-zero value
//!   is rounded away from zero to the next nano, as the apiserver does:
//!   `0.1n` is `1n`, `-0.1n` is `-1n`, `0.00000012345` is `124n`.
//! * A binary-suffixed (`BinarySI`) value larger in magnitude than 2^63-1 is
//!   silently capped to ±(2^63-1), as the apiserver does: `8Ei` and `1000000Ei`
//!   both become `9223372036854775807`.
//! * The format remembers the suffix family: `Ki`…`Ei` give
//!   [`QuantityFormat::BinarySI`], `e`/`E` exponents give
//!   [`QuantityFormat::DecimalExponent`], everything else gives
//!   [`QuantityFormat::DecimalSI`]. A binary value strictly between -1 and 1
//!   (other than 0) becomes `DecimalSI`.
//! * Equality, ordering and hashing look at the value only: `1Gi == 1024Mi`.
//!
//! # Canonical form
//!
//! [`Quantity::canonical`] (and `Display`) reproduce the apiserver's
//! `Quantity.String()`: zero is `0`; a `BinarySI` integer whose magnitude is at
//! least 1024 is written as `mantissa * 1024^k` with the largest `k`
//! (`1536Mi`, `1Gi`, `1025`); every other value is written as
//! `mantissa * 10^e` with `e` the largest multiple of 3 that keeps the mantissa
//! an integer (`1500m`, `100035`, `1500k`), using the SI letter for `e` in
//! `-9..=18` and `e<exp>` beyond (or always, for `DecimalExponent`: `1e3`,
//! `500e-3`).
//!
//! # Deliberate differences from the apiserver
//!
//! * The number must contain at least one digit. The apiserver's scanner reads
//!   `Mi`, `k`, `.`, `+`, `-` or `-.` as zero; here they are
//!   [`QuantityError::Format`], because a manifest containing them is almost
//!   certainly a mistake.
//! * An exponent outside the int32 range (`1e2147483648`) is
//!   [`QuantityError::Suffix`]; some apiserver versions parse it as int64 and
//!   truncate it to 32 bits.
//! * The value is held in an `i128` of nanos, so magnitudes beyond
//!   `i128::MAX` nanos (about 1.7·10^29 units, e.g. `1e30`) saturate there,
//!   where the apiserver keeps an arbitrary-precision decimal. No real resource
//!   comes near that bound.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

/// Nanos in one unit.
const NANOS_PER_UNIT: i128 = 1_000_000_000;
/// Largest magnitude, in units, of a `BinarySI` quantity (2^63 - 1).
const BINARY_MAX_UNITS: i128 = 9_223_372_036_854_775_807;
/// Largest magnitude, in nanos, of a `BinarySI` quantity.
const BINARY_MAX_NANOS: u128 = 9_223_372_036_854_775_807_000_000_000;
/// Largest magnitude, in nanos, of any quantity (`i128::MAX`).
const MAX_NANOS: u128 = i128::MAX.unsigned_abs();
/// Number of decimal digits of `u128::MAX`.
const U128_DIGITS: i64 = 39;

/// Exact decimal amount of a Kubernetes resource (CPU, memory, storage...), as `resource.Quantity`.
///
/// Build one with [`Quantity::parse`] (or `str::parse`) or with a constructor
/// such as [`Quantity::millicores`] or [`Quantity::mebibytes`]; print it with
/// `Display`, which gives the apiserver's canonical string. Comparison ignores
/// the format.
///
/// # Examples
///
/// ```
/// use kubeforge::Quantity;
///
/// let q: Quantity = "1.5Gi".parse()?;
/// assert_eq!(q.to_string(), "1536Mi");
/// assert_eq!(q, Quantity::mebibytes(1536));
/// assert!(Quantity::parse("1Gi")? > Quantity::parse("1000M")?);
/// # Ok::<(), kubeforge::QuantityError>(())
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Quantity {
    /// The value in units of 10^-9, rounded away from zero, within `±i128::MAX`.
    nanos: i128,
    /// The suffix family used when printing.
    format: QuantityFormat,
}

/// The three formats of the apiserver (`DecimalSI` 12M, `BinarySI` 12Mi, `DecimalExponent` 12e6).
///
/// # Examples
///
/// ```
/// use kubeforge::{Quantity, QuantityFormat};
///
/// assert_eq!(Quantity::parse("12M")?.format(), QuantityFormat::DecimalSI);
/// assert_eq!(Quantity::parse("12Mi")?.format(), QuantityFormat::BinarySI);
/// assert_eq!(Quantity::parse("12e6")?.format(), QuantityFormat::DecimalExponent);
/// # Ok::<(), kubeforge::QuantityError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum QuantityFormat {
    /// Powers of ten with SI letters: `n u m "" k M G T P E` (e.g. `12M`).
    DecimalSI,
    /// Powers of 1024 with IEC letters: `Ki Mi Gi Ti Pi Ei` (e.g. `12Mi`).
    BinarySI,
    /// Powers of ten written as an exponent (e.g. `12e6`).
    DecimalExponent,
}

/// Why a string is not a quantity.
///
/// # Examples
///
/// ```
/// use kubeforge::{Quantity, QuantityError};
///
/// assert_eq!(Quantity::parse("1KB"), Err(QuantityError::Format));
/// assert_eq!(Quantity::parse("1K"), Err(QuantityError::Suffix));
/// assert_eq!(
///     QuantityError::Suffix.to_string(),
///     "unable to parse quantity's suffix"
/// );
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum QuantityError {
    /// The string does not have the shape of a quantity (apiserver `ErrFormatWrong`).
    Format,
    /// The string has the shape of a quantity but an unknown suffix (apiserver `ErrSuffix`).
    Suffix,
}

impl fmt::Display for QuantityError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Format => {
                "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
            }
            Self::Suffix => "unable to parse quantity's suffix",
        })
    }
}

impl std::error::Error for QuantityError {}

/// How a suffix scales the number.
#[derive(Clone, Copy)]
enum Scale {
    /// Multiply by 10^exponent.
    Decimal(i64),
    /// Multiply by 2^exponent.
    Binary(u32),
}

/// The pieces of a string that has the shape of a quantity.
struct Parts<'a> {
    /// A leading `-` was present.
    negative: bool,
    /// ASCII digits before the `.` (possibly empty).
    integer: &'a [u8],
    /// ASCII digits after the `.` (possibly empty).
    fraction: &'a [u8],
    /// Everything after the number (possibly empty).
    suffix: &'a [u8],
}

/// Number of leading bytes of `s` satisfying `pred`.
fn run_len(s: &[u8], pred: impl Fn(u8) -> bool) -> usize {
    s.iter().take_while(|&&b| pred(b)).count()
}

/// The exact nano-unit magnitude of a whole number (no fraction, at most 18 digits) with a
/// suffix that keeps it whole; `None` sends the value to the general digit-by-digit path.
/// `10^k` for every `k` whose power fits a `u128` (0..=38).
#[allow(clippy::indexing_slicing, reason = "const evaluation: 1 <= k < 39")]
static POW10: [u128; 39] = {
    let mut t = [1_u128; 39];
    let mut k = 1;
    while k < 39 {
        t[k] = t[k - 1] * 10;
        k += 1;
    }
    t
};

fn fast_magnitude(parts: &Parts<'_>, scale: Scale) -> Option<u128> {
    if !parts.fraction.is_empty() || parts.integer.len() > 18 {
        return None;
    }
    let mut n: u64 = 0;
    for &b in parts.integer {
        n = n * 10 + u64::from(b.wrapping_sub(b'0'));
    }
    let n = u128::from(n);
    let magnitude = match scale {
        Scale::Decimal(exponent) => {
            let k = usize::try_from(exponent.checked_add(9)?).ok()?;
            n.checked_mul(*POW10.get(k)?)?
        }
        Scale::Binary(shift) => n
            .checked_mul(1_u128.checked_shl(shift)?)?
            .checked_mul(NANOS_PER_UNIT.unsigned_abs())?,
    };
    (magnitude <= i128::MAX.unsigned_abs()).then_some(magnitude)
}

/// Splits `s` into sign, digits and suffix, checking only the overall shape.
fn scan(s: &[u8]) -> Result<Parts<'_>, QuantityError> {
    let (negative, rest) = match s.split_first() {
        Some((b'-', rest)) => (true, rest),
        Some((b'+', rest)) => (false, rest),
        _ => (false, s),
    };
    let (integer, rest) = rest.split_at(run_len(rest, |b| b.is_ascii_digit()));
    let (fraction, rest) = match rest.split_first() {
        Some((b'.', after_dot)) => after_dot.split_at(run_len(after_dot, |b| b.is_ascii_digit())),
        _ => (&[][..], rest),
    };
    if integer.is_empty() && fraction.is_empty() {
        // Deliberately stricter than the apiserver, which reads "Mi" or "." as 0.
        return Err(QuantityError::Format);
    }
    let suffix = rest;
    let letters = run_len(suffix, |b| b"eEinumkKMGTP".contains(&b));
    let mut tail = suffix.get(letters..).unwrap_or_default();
    if let Some((b'+' | b'-', after_sign)) = tail.split_first() {
        tail = after_sign;
    }
    if tail.iter().all(u8::is_ascii_digit) {
        Ok(Parts {
            negative,
            integer,
            fraction,
            suffix,
        })
    } else {
        Err(QuantityError::Format)
    }
}

/// Parses a signed decimal exponent that must fit an `i32`.
fn parse_exponent(s: &[u8]) -> Option<i64> {
    let (negative, digits) = match s.split_first() {
        Some((b'-', rest)) => (true, rest),
        Some((b'+', rest)) => (false, rest),
        _ => (false, s),
    };
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let limit = if negative {
        -i64::from(i32::MIN)
    } else {
        i64::from(i32::MAX)
    };
    let mut value: i64 = 0;
    for &d in digits {
        value = value * 10 + i64::from(d - b'0');
        if value > limit {
            return None;
        }
    }
    Some(if negative { -value } else { value })
}

/// Maps a suffix to its scale and format, like the apiserver's suffixer.
fn interpret(suffix: &[u8]) -> Option<(Scale, QuantityFormat)> {
    use QuantityFormat::{BinarySI, DecimalExponent, DecimalSI};
    let found = match suffix {
        b"" => (Scale::Decimal(0), DecimalSI),
        b"n" => (Scale::Decimal(-9), DecimalSI),
        b"u" => (Scale::Decimal(-6), DecimalSI),
        b"m" => (Scale::Decimal(-3), DecimalSI),
        b"k" => (Scale::Decimal(3), DecimalSI),
        b"M" => (Scale::Decimal(6), DecimalSI),
        b"G" => (Scale::Decimal(9), DecimalSI),
        b"T" => (Scale::Decimal(12), DecimalSI),
        b"P" => (Scale::Decimal(15), DecimalSI),
        b"E" => (Scale::Decimal(18), DecimalSI),
        b"Ki" => (Scale::Binary(10), BinarySI),
        b"Mi" => (Scale::Binary(20), BinarySI),
        b"Gi" => (Scale::Binary(30), BinarySI),
        b"Ti" => (Scale::Binary(40), BinarySI),
        b"Pi" => (Scale::Binary(50), BinarySI),
        b"Ei" => (Scale::Binary(60), BinarySI),
        [b'e' | b'E', exponent @ ..] => {
            (Scale::Decimal(parse_exponent(exponent)?), DecimalExponent)
        }
        _ => return None,
    };
    Some(found)
}

/// Multiplies a big-endian vector of decimal digit values (0..=9) by `factor`.
fn multiply_digits(digits: &[u8], factor: u64) -> Vec<u8> {
    let mut out = Vec::with_capacity(digits.len() + 20);
    let mut carry: u128 = 0;
    for &d in digits.iter().rev() {
        let product = u128::from(d) * u128::from(factor) + carry;
        out.push(low_digit(product));
        carry = product / 10;
    }
    while carry > 0 {
        out.push(low_digit(carry));
        carry /= 10;
    }
    out.reverse();
    out
}

/// The last decimal digit of `n`.
fn low_digit(n: u128) -> u8 {
    // `n % 10` is below 10, so the conversion never falls back.
    u8::try_from(n % 10).unwrap_or(0)
}

/// Reads big-endian digit values as a `u128`, or `None` on overflow.
fn digits_to_u128(digits: &[u8]) -> Option<u128> {
    digits.iter().try_fold(0_u128, |acc, &d| {
        acc.checked_mul(10)?.checked_add(u128::from(d))
    })
}

/// `ceil(digits * 10^exponent)` for a non-negative value, saturated at [`MAX_NANOS`].
fn ceil_scaled(digits: &[u8], exponent: i64) -> u128 {
    let start = run_len(digits, |d| d == 0);
    let significant = digits.get(start..).unwrap_or_default();
    let trailing = significant.iter().rev().take_while(|&&d| d == 0).count();
    let significant = significant
        .get(..significant.len() - trailing)
        .unwrap_or_default();
    if significant.is_empty() {
        return 0;
    }
    let exponent = exponent.saturating_add(i64::try_from(trailing).unwrap_or(i64::MAX));
    let len = i64::try_from(significant.len()).unwrap_or(i64::MAX);
    let magnitude = if exponent >= 0 {
        if len.saturating_add(exponent) > U128_DIGITS {
            return MAX_NANOS;
        }
        u32::try_from(exponent)
            .ok()
            .and_then(|e| 10_u128.checked_pow(e))
            .and_then(|scale| digits_to_u128(significant)?.checked_mul(scale))
    } else {
        // The last significant digit is non-zero, so some fraction is always cut off.
        let dropped = exponent.unsigned_abs();
        match usize::try_from(dropped) {
            Ok(dropped) if dropped < significant.len() => significant
                .get(..significant.len() - dropped)
                .and_then(digits_to_u128)
                .and_then(|whole| whole.checked_add(1)),
            _ => Some(1),
        }
    };
    magnitude.map_or(MAX_NANOS, |m| m.min(MAX_NANOS))
}

/// The decimal-SI suffix of a power of ten, if it has one.
fn decimal_si_suffix(exponent: i64) -> Option<&'static str> {
    Some(match exponent {
        -9 => "n",
        -6 => "u",
        -3 => "m",
        0 => "",
        3 => "k",
        6 => "M",
        9 => "G",
        12 => "T",
        15 => "P",
        18 => "E",
        _ => return None,
    })
}

/// Applies the `BinarySI` magnitude cap of the apiserver, in units, to a signed value.
const fn cap_binary_units(units: i128) -> i128 {
    if units > BINARY_MAX_UNITS {
        BINARY_MAX_UNITS
    } else if units < -BINARY_MAX_UNITS {
        -BINARY_MAX_UNITS
    } else {
        units
    }
}

/// A `BinarySI` quantity of `n * 2^shift` units, capped like the apiserver caps parsed values.
const fn binary_units(n: i64, shift: u32) -> Quantity {
    // |n| <= 2^63 and shift <= 40, so the product fits an i128.
    let units = cap_binary_units((n as i128) * (1_i128 << shift));
    Quantity {
        nanos: units * NANOS_PER_UNIT,
        format: QuantityFormat::BinarySI,
    }
}

/// A `DecimalSI` quantity of `n * nanos_per_n` nanos.
const fn decimal_nanos(n: i64, nanos_per_n: i128) -> Quantity {
    // |n| <= 2^63 and nanos_per_n <= 10^18, so the product fits an i128.
    Quantity {
        nanos: (n as i128) * nanos_per_n,
        format: QuantityFormat::DecimalSI,
    }
}

impl Quantity {
    /// Parses a quantity string exactly as the kube-apiserver does.
    ///
    /// Values finer than a nano are rounded away from zero, and binary-suffixed
    /// values are capped at ±(2^63-1) (see the module documentation).
    ///
    /// # Errors
    ///
    /// [`QuantityError::Format`] when the string does not have the shape of a
    /// quantity (`""`, `1KB`, `1 Gi`, `0x10`, `Mi`), [`QuantityError::Suffix`]
    /// when its suffix is unknown (`1K`, `1mi`, `1e`).
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::{Quantity, QuantityError};
    ///
    /// assert_eq!(Quantity::parse("1.5")?.to_string(), "1500m");
    /// assert_eq!(Quantity::parse("1024Mi")?.to_string(), "1Gi");
    /// assert_eq!(Quantity::parse("0.1n")?.to_string(), "1n");
    /// assert_eq!(Quantity::parse("1gi"), Err(QuantityError::Format));
    /// assert_eq!(Quantity::parse("1mi"), Err(QuantityError::Suffix));
    /// # Ok::<(), QuantityError>(())
    /// ```
    pub fn parse(s: &str) -> Result<Quantity, QuantityError> {
        let parts = scan(s.as_bytes())?;
        let (scale, mut format) = interpret(parts.suffix).ok_or(QuantityError::Suffix)?;
        if let Some(magnitude) = fast_magnitude(&parts, scale) {
            // Whole numbers with a common suffix: exact in 128-bit arithmetic, no rounding.
            if format == QuantityFormat::BinarySI && magnitude > BINARY_MAX_NANOS {
                // Rare: let the general path apply the cap.
            } else {
                if format == QuantityFormat::BinarySI
                    && magnitude > 0
                    && magnitude < NANOS_PER_UNIT.unsigned_abs()
                {
                    format = QuantityFormat::DecimalSI;
                }
                let nanos = i128::try_from(magnitude).unwrap_or(i128::MAX);
                return Ok(Quantity {
                    nanos: if parts.negative { -nanos } else { nanos },
                    format,
                });
            }
        }
        let digits: Vec<u8> = parts
            .integer
            .iter()
            .chain(parts.fraction)
            .map(|b| b - b'0')
            .collect();
        let to_nanos =
            9_i64.saturating_sub(i64::try_from(parts.fraction.len()).unwrap_or(i64::MAX));
        let mut magnitude = match scale {
            Scale::Decimal(exponent) => ceil_scaled(&digits, to_nanos.saturating_add(exponent)),
            Scale::Binary(shift) => {
                ceil_scaled(&multiply_digits(&digits, 1_u64 << shift), to_nanos)
            }
        };
        if format == QuantityFormat::BinarySI {
            magnitude = magnitude.min(BINARY_MAX_NANOS);
            if magnitude > 0 && magnitude < NANOS_PER_UNIT.unsigned_abs() {
                format = QuantityFormat::DecimalSI;
            }
        }
        // `magnitude <= MAX_NANOS == i128::MAX`, so the conversion never falls back.
        let nanos = i128::try_from(magnitude).unwrap_or(i128::MAX);
        Ok(Quantity {
            nanos: if parts.negative { -nanos } else { nanos },
            format,
        })
    }

    /// A CPU amount in thousandths of a core, `DecimalSI` (`250` is `250m`, `1000` is `1`).
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::Quantity;
    ///
    /// assert_eq!(Quantity::millicores(250).to_string(), "250m");
    /// assert_eq!(Quantity::millicores(1000).to_string(), "1");
    /// assert_eq!(Quantity::millicores(500), "0.5".parse()?);
    /// # Ok::<(), kubeforge::QuantityError>(())
    /// ```
    #[must_use]
    pub const fn millicores(m: i64) -> Quantity {
        decimal_nanos(m, 1_000_000)
    }

    /// A CPU amount in whole cores, `DecimalSI` (`2` is `2`).
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::Quantity;
    ///
    /// assert_eq!(Quantity::cores(2).to_string(), "2");
    /// assert_eq!(Quantity::cores(1), Quantity::millicores(1000));
    /// ```
    #[must_use]
    pub const fn cores(n: i64) -> Quantity {
        decimal_nanos(n, NANOS_PER_UNIT)
    }

    /// An amount of bytes, `BinarySI` like the memory amounts the apiserver reports.
    ///
    /// `BinarySI` prints multiples of 1024 with a binary suffix (`1024` is
    /// `1Ki`); any other value prints as a plain number, and a magnitude below
    /// 1024 prints in `DecimalSI` form exactly as the apiserver prints it
    /// (`1000` is `1k`). The magnitude is capped at 2^63-1 bytes, the
    /// apiserver's cap for binary quantities, so `bytes(i64::MIN)` is
    /// `-9223372036854775807`.
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::Quantity;
    ///
    /// assert_eq!(Quantity::bytes(1024).to_string(), "1Ki");
    /// assert_eq!(Quantity::bytes(1_610_612_736).to_string(), "1536Mi");
    /// assert_eq!(Quantity::bytes(1500).to_string(), "1500");
    /// assert_eq!(Quantity::bytes(1000).to_string(), "1k");
    /// ```
    #[must_use]
    pub const fn bytes(n: i64) -> Quantity {
        binary_units(n, 0)
    }

    /// An amount of kibibytes (1024 bytes), `BinarySI`, capped at 2^63-1 bytes.
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::Quantity;
    ///
    /// assert_eq!(Quantity::kibibytes(512).to_string(), "512Ki");
    /// assert_eq!(Quantity::kibibytes(2048).to_string(), "2Mi");
    /// ```
    #[must_use]
    pub const fn kibibytes(n: i64) -> Quantity {
        binary_units(n, 10)
    }

    /// An amount of mebibytes (2^20 bytes), `BinarySI`, capped at 2^63-1 bytes.
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::Quantity;
    ///
    /// assert_eq!(Quantity::mebibytes(64).to_string(), "64Mi");
    /// assert_eq!(Quantity::mebibytes(128), "134217728".parse()?);
    /// # Ok::<(), kubeforge::QuantityError>(())
    /// ```
    #[must_use]
    pub const fn mebibytes(n: i64) -> Quantity {
        binary_units(n, 20)
    }

    /// An amount of gibibytes (2^30 bytes), `BinarySI`, capped at 2^63-1 bytes.
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::Quantity;
    ///
    /// assert_eq!(Quantity::gibibytes(4).to_string(), "4Gi");
    /// assert_eq!(Quantity::gibibytes(1), Quantity::mebibytes(1024));
    /// ```
    #[must_use]
    pub const fn gibibytes(n: i64) -> Quantity {
        binary_units(n, 30)
    }

    /// An amount of tebibytes (2^40 bytes), `BinarySI`, capped at 2^63-1 bytes.
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::Quantity;
    ///
    /// assert_eq!(Quantity::tebibytes(3).to_string(), "3Ti");
    /// assert_eq!(Quantity::tebibytes(i64::MAX).to_string(), "9223372036854775807");
    /// ```
    #[must_use]
    pub const fn tebibytes(n: i64) -> Quantity {
        binary_units(n, 40)
    }

    /// An amount of kilobytes (1000 bytes), `DecimalSI`.
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::Quantity;
    ///
    /// assert_eq!(Quantity::kilobytes(8).to_string(), "8k");
    /// assert_eq!(Quantity::kilobytes(1500).to_string(), "1500k");
    /// ```
    #[must_use]
    pub const fn kilobytes(n: i64) -> Quantity {
        decimal_nanos(n, 1_000 * NANOS_PER_UNIT)
    }

    /// An amount of megabytes (10^6 bytes), `DecimalSI`.
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::Quantity;
    ///
    /// assert_eq!(Quantity::megabytes(500).to_string(), "500M");
    /// assert!(Quantity::megabytes(1000) < Quantity::gibibytes(1));
    /// ```
    #[must_use]
    pub const fn megabytes(n: i64) -> Quantity {
        decimal_nanos(n, 1_000_000 * NANOS_PER_UNIT)
    }

    /// An amount of gigabytes (10^9 bytes), `DecimalSI`.
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::Quantity;
    ///
    /// assert_eq!(Quantity::gigabytes(2).to_string(), "2G");
    /// assert_eq!(Quantity::gigabytes(1), Quantity::megabytes(1000));
    /// ```
    #[must_use]
    pub const fn gigabytes(n: i64) -> Quantity {
        decimal_nanos(n, 1_000_000_000 * NANOS_PER_UNIT)
    }

    /// The format used when printing, taken from the parsed suffix or the constructor.
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::{Quantity, QuantityFormat};
    ///
    /// assert_eq!(Quantity::parse("1Gi")?.format(), QuantityFormat::BinarySI);
    /// assert_eq!(Quantity::parse("1e3")?.format(), QuantityFormat::DecimalExponent);
    /// // A binary value strictly between 0 and 1 switches to DecimalSI.
    /// assert_eq!(Quantity::parse("0.0001Ki")?.format(), QuantityFormat::DecimalSI);
    /// assert_eq!(Quantity::megabytes(1).format(), QuantityFormat::DecimalSI);
    /// # Ok::<(), kubeforge::QuantityError>(())
    /// ```
    #[must_use]
    pub fn format(&self) -> QuantityFormat {
        self.format
    }

    /// Whether the value is zero.
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::Quantity;
    ///
    /// assert!(Quantity::parse("0Mi")?.is_zero());
    /// assert!(!Quantity::parse("1n")?.is_zero());
    /// # Ok::<(), kubeforge::QuantityError>(())
    /// ```
    #[must_use]
    pub fn is_zero(&self) -> bool {
        self.nanos == 0
    }

    /// Whether the value is below zero (the apiserver rejects negative resources).
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::Quantity;
    ///
    /// assert!(Quantity::parse("-1")?.is_negative());
    /// assert!(!Quantity::parse("-0")?.is_negative());
    /// # Ok::<(), kubeforge::QuantityError>(())
    /// ```
    #[must_use]
    pub fn is_negative(&self) -> bool {
        self.nanos < 0
    }

    /// Whether the value has no fractional part (memory such as `128m` is not an integer).
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::Quantity;
    ///
    /// assert!(Quantity::parse("128Mi")?.is_integer());
    /// assert!(Quantity::parse("1.5k")?.is_integer());
    /// assert!(!Quantity::parse("128m")?.is_integer());
    /// # Ok::<(), kubeforge::QuantityError>(())
    /// ```
    #[must_use]
    pub fn is_integer(&self) -> bool {
        self.nanos % NANOS_PER_UNIT == 0
    }

    /// The exact value in units of 10^-9, saturated at `±i128::MAX`.
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::Quantity;
    ///
    /// assert_eq!(Quantity::parse("250m")?.nanos(), 250_000_000);
    /// assert_eq!(Quantity::parse("1Ki")?.nanos(), 1_024_000_000_000);
    /// assert_eq!(Quantity::parse("1e100")?.nanos(), i128::MAX);
    /// # Ok::<(), kubeforge::QuantityError>(())
    /// ```
    #[must_use]
    pub fn nanos(&self) -> i128 {
        self.nanos
    }

    /// The apiserver's canonical string for this quantity (the same as `Display`).
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::Quantity;
    ///
    /// assert_eq!(Quantity::parse("1.5Gi")?.canonical(), "1536Mi");
    /// assert_eq!(Quantity::parse("100.035k")?.canonical(), "100035");
    /// assert_eq!(Quantity::parse("1500000")?.canonical(), "1500k");
    /// assert_eq!(Quantity::parse("1e3")?.canonical(), "1e3");
    /// assert_eq!(Quantity::parse("1000E")?.canonical(), "1e21");
    /// # Ok::<(), kubeforge::QuantityError>(())
    /// ```
    #[must_use]
    pub fn canonical(&self) -> String {
        use fmt::Write as _;
        if self.nanos == 0 {
            return "0".to_owned();
        }
        let mut out = String::with_capacity(16);
        if self.nanos < 0 {
            out.push('-');
        }
        let magnitude = self.nanos.unsigned_abs();
        let unit = NANOS_PER_UNIT.unsigned_abs();
        if self.format == QuantityFormat::BinarySI
            && magnitude >= 1024 * unit
            && magnitude.is_multiple_of(unit)
        {
            let (mantissa, power) = strip_1024(magnitude / unit);
            let suffix = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"]
                .get(power)
                .copied()
                .unwrap_or_default();
            push_u128(&mut out, mantissa);
            out.push_str(suffix);
            return out;
        }
        let (mut mantissa, mut exponent) = strip_10(magnitude);
        // Lower the exponent to a multiple of 3. Only factors of ten removed above
        // are put back (the exponent stays >= -9), so this cannot overflow.
        for _ in 0..exponent.rem_euclid(3) {
            mantissa = mantissa.saturating_mul(10);
            exponent -= 1;
        }
        push_u128(&mut out, mantissa);
        match (self.format, decimal_si_suffix(exponent)) {
            (QuantityFormat::DecimalExponent, _) | (_, None) if exponent != 0 => {
                let _ = write!(out, "e{exponent}");
            }
            (_, si) => out.push_str(si.unwrap_or_default()),
        }
        out
    }
}

/// Appends `n` in decimal (64-bit formatting when it fits: 128-bit formatting is slow).
fn push_u128(out: &mut String, n: u128) {
    let mut digits = itoa::Buffer::new();
    out.push_str(match u64::try_from(n) {
        Ok(small) => digits.format(small),
        Err(_) => digits.format(n),
    });
}

/// Divides `nanos` by 10 as long as it is a multiple of 10: (mantissa, base-10 exponent).
/// Uses 64-bit arithmetic when the value fits (128-bit division is slow).
fn strip_10(nanos: u128) -> (u128, i64) {
    let mut exponent: i64 = -9;
    if let Ok(mut m) = u64::try_from(nanos) {
        while m.is_multiple_of(10) {
            m /= 10;
            exponent += 1;
        }
        return (u128::from(m), exponent);
    }
    let mut m = nanos;
    while m.is_multiple_of(10) {
        m /= 10;
        exponent += 1;
    }
    (m, exponent)
}

/// Divides `units` by 1024 at most six times while it is a multiple: (mantissa, power).
fn strip_1024(units: u128) -> (u128, usize) {
    let mut power = 0_usize;
    if let Ok(mut m) = u64::try_from(units) {
        while power < 6 && m.is_multiple_of(1024) {
            m /= 1024;
            power += 1;
        }
        return (u128::from(m), power);
    }
    let mut m = units;
    while power < 6 && m.is_multiple_of(1024) {
        m /= 1024;
        power += 1;
    }
    (m, power)
}

impl FromStr for Quantity {
    type Err = QuantityError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.canonical())
    }
}

impl PartialEq for Quantity {
    fn eq(&self, other: &Self) -> bool {
        self.nanos == other.nanos
    }
}

impl Eq for Quantity {}

impl PartialOrd for Quantity {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Quantity {
    fn cmp(&self, other: &Self) -> Ordering {
        self.nanos.cmp(&other.nanos)
    }
}

impl Hash for Quantity {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.nanos.hash(state);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn q(s: &str) -> Quantity {
        Quantity::parse(s).unwrap_or_else(|e| panic!("{s:?} should parse: {e}"))
    }

    fn canon(s: &str) -> String {
        q(s).canonical()
    }

    /// (input, canonical) pairs; most come from apimachinery's `quantity_test.go`
    /// (`TestQuantityParse`, `TestQuantityString`, `TestQuantityParseEmit`).
    const CANONICAL: &[(&str, &str)] = &[
        // TestQuantityParse
        ("0", "0"),
        ("0n", "0"),
        ("0u", "0"),
        ("0m", "0"),
        ("0Ki", "0"),
        ("0k", "0"),
        ("0Mi", "0"),
        ("0M", "0"),
        ("0Gi", "0"),
        ("0G", "0"),
        ("0Ti", "0"),
        ("0T", "0"),
        ("1", "1"),
        ("1Ki", "1Ki"),
        ("8Ki", "8Ki"),
        ("7Mi", "7Mi"),
        ("6Gi", "6Gi"),
        ("5Ti", "5Ti"),
        ("4Pi", "4Pi"),
        ("3Ei", "3Ei"),
        ("10Ti", "10Ti"),
        ("100Ti", "100Ti"),
        ("5n", "5n"),
        ("4u", "4u"),
        ("3m", "3m"),
        ("9", "9"),
        ("8k", "8k"),
        ("50k", "50k"),
        ("7M", "7M"),
        ("6G", "6G"),
        ("5T", "5T"),
        ("40T", "40T"),
        ("300T", "300T"),
        ("2P", "2P"),
        ("1E", "1E"),
        ("1E-3", "1e-3"),
        ("1e3", "1e3"),
        ("1E6", "1e6"),
        ("1e9", "1e9"),
        ("1E12", "1e12"),
        ("1e15", "1e15"),
        ("1E18", "1e18"),
        ("1e14", "100e12"),
        ("1e13", "10e12"),
        ("100.035k", "100035"),
        ("0.001", "1m"),
        ("0.0005k", "500m"),
        ("0.005", "5m"),
        ("0.05", "50m"),
        ("0.5", "500m"),
        ("0.00050k", "500m"),
        ("0.00500", "5m"),
        ("0.05000", "50m"),
        ("0.50000", "500m"),
        ("0.5e0", "500e-3"),
        ("0.5e-1", "50e-3"),
        ("0.5e-2", "5e-3"),
        ("10.035M", "10035k"),
        ("1.2e3", "1200"),
        ("1.3E+6", "1300e3"),
        ("1.40e9", "1400e6"),
        ("1.53E12", "1530e9"),
        ("1.6e15", "1600e12"),
        ("1.7E18", "1700e15"),
        ("9.01", "9010m"),
        ("8.1k", "8100"),
        ("7.123456M", "7123456"),
        ("6.987654321G", "6987654321"),
        ("5.444T", "5444G"),
        ("40.1T", "40100G"),
        ("300.2T", "300200G"),
        ("2.5P", "2500T"),
        ("1.01E", "1010P"),
        ("3.001n", "4n"),
        ("1.1E-9", "2e-9"),
        ("0.0000000001", "1n"),
        ("0.0000000005", "1n"),
        ("0.00000000050", "1n"),
        ("0.5e-9", "1e-9"),
        ("0.9n", "1n"),
        ("0.00000012345", "124n"),
        ("0.00000012354", "124n"),
        ("9Ei", "9223372036854775807"),
        ("9223372036854775807Ki", "9223372036854775807"),
        ("12E", "12E"),
        ("100.035Ki", "102435840m"),
        ("0.5Mi", "512Ki"),
        ("0.05Gi", "53687091200m"),
        ("0.025Ti", "27487790694400m"),
        ("0.000000000001Ki", "2n"),
        (".001", "1m"),
        (".0001k", "100m"),
        ("1.", "1"),
        ("1.G", "1G"),
        // TestQuantityString (canonical strings and their alternates)
        ("1Gi", "1Gi"),
        ("1024Mi", "1Gi"),
        ("300Mi", "300Mi"),
        ("307200Ki", "300Mi"),
        ("6Ki", "6Ki"),
        ("1001Gi", "1001Gi"),
        ("1025024Mi", "1001Gi"),
        ("1Ti", "1Ti"),
        ("1024Gi", "1Ti"),
        ("5", "5"),
        ("5000m", "5"),
        ("500m", "500m"),
        ("1G", "1G"),
        ("1000M", "1G"),
        ("0.001T", "1G"),
        ("1m", "1m"),
        ("1000u", "1m"),
        ("80m", "80m"),
        ("1080m", "1080m"),
        ("1.08", "1080m"),
        ("1080000000n", "1080m"),
        ("300M", "300M"),
        ("1T", "1T"),
        ("1e21", "1e21"),
        ("1000E", "1e21"),
        ("5e21", "5e21"),
        ("5000E", "5e21"),
        ("1e24", "1e24"),
        ("1000000E", "1e24"),
        ("1234567M", "1234567M"),
        ("1234567m", "1234567m"),
        ("3k", "3k"),
        ("1025", "1025"),
        (".001e12", "1e9"),
        ("0.001e0", "1e-3"),
        ("1e-9", "1e-9"),
        ("1000e-12", "1e-9"),
        ("80e-3", "80e-3"),
        ("300e6", "300e6"),
        ("3e3", "3e3"),
        ("00", "0"),
        ("1n", "1n"),
        ("80n", "80n"),
        ("1080n", "1080n"),
        ("1u", "1u"),
        ("80u", "80u"),
        ("1080u", "1080u"),
        // TestQuantityParseEmit
        ("1Mi", "1Mi"),
        (".001Ki", "1024m"),
        (".000001Ki", "1024u"),
        (".000000001Ki", "1024n"),
        (".000000000001Ki", "2n"),
        // Brief / RULES.md examples
        ("1.5Gi", "1536Mi"),
        ("0.5Gi", "512Mi"),
        ("1.5", "1500m"),
        ("1500", "1500"),
        ("1000", "1k"),
        ("1500000", "1500k"),
        ("1500e3", "1500e3"),
        ("128m", "128m"),
        ("0.0001", "100u"),
        ("0.1n", "1n"),
        ("+1", "1"),
        ("-1", "-1"),
        ("1000000Ei", "9223372036854775807"),
        ("8Ei", "9223372036854775807"),
        ("-8Ei", "-9223372036854775807"),
        ("1536", "1536"),
        ("1536Ki", "1536Ki"),
        ("1.5Ki", "1536"),
        ("1.1Ki", "1126400m"),
        ("512Ki", "512Ki"),
        ("1023Ki", "1023Ki"),
        ("1e+3", "1e3"),
        ("1E0", "1"),
        ("1e00003", "1e3"),
        ("1e-2147483648", "1e-9"),
        ("0e2147483647", "0"),
        ("-0", "0"),
        ("-.5", "-500m"),
        ("-0.1n", "-1n"),
    ];

    #[test]
    fn canonical_table() {
        assert!(CANONICAL.len() >= 40);
        for &(input, expected) in CANONICAL {
            assert_eq!(canon(input), expected, "canonical({input:?})");
            // The canonical string is itself canonical and has the same value.
            assert_eq!(canon(expected), expected, "canonical({expected:?})");
            assert_eq!(q(expected), q(input), "value of {expected:?} vs {input:?}");
        }
    }

    #[test]
    fn negated_table() {
        for &(input, expected) in CANONICAL {
            let negated = match input.strip_prefix(['+', '-']) {
                Some(_) => continue,
                None => format!("-{input}"),
            };
            let want = if expected == "0" {
                "0".to_owned()
            } else {
                format!("-{expected}")
            };
            assert_eq!(canon(&negated), want, "canonical({negated:?})");
            assert_eq!(
                canon(&format!("+{input}")),
                expected,
                "canonical(+{input:?})"
            );
        }
    }

    #[test]
    fn invalid_inputs() {
        use QuantityError::{Format, Suffix};
        let table: &[(&str, QuantityError)] = &[
            ("", Format),
            ("1Kb", Format),
            ("1KB", Format),
            ("1MB", Format),
            ("1Mib", Format),
            ("1gi", Format),
            ("1 Gi", Format),
            (" 1", Format),
            ("1 ", Format),
            ("1,5", Format),
            ("0x10", Format),
            ("1.1.M", Format),
            ("1+1.0M", Format),
            ("abc", Format),
            ("aoeu", Format),
            ("Non-Numeric", Format),
            // Go: the scanner stops at 'a' (not a suffix letter): ErrFormatWrong.
            ("0.1am", Format),
            ("1e3e3", Format),
            ("1.5.", Format),
            ("--1", Format),
            ("1-", Suffix),
            // Deliberate: the apiserver reads these as 0.
            ("Mi", Format),
            ("k", Format),
            (".", Format),
            ("+", Format),
            ("-", Format),
            ("-.", Format),
            (".Ki", Format),
            ("e3", Format),
            ("1K", Suffix),
            ("1mi", Suffix),
            ("0.1mi", Suffix),
            ("1i", Suffix),
            (".5i", Suffix),
            ("-3.01i", Suffix),
            ("1e", Suffix),
            ("1E+", Suffix),
            // Go: the scanner accepts suffix "e-", strconv.ParseInt("-") fails: ErrSuffix.
            ("-3.01e-", Suffix),
            ("1ee3", Suffix),
            ("1Ki3", Suffix),
            ("1e2147483648", Suffix),
            ("1e-2147483649", Suffix),
            ("1e99999999999999999999", Suffix),
        ];
        for &(input, err) in table {
            assert_eq!(Quantity::parse(input), Err(err), "parse({input:?})");
            assert_eq!(input.parse::<Quantity>(), Err(err), "from_str({input:?})");
        }
    }

    #[test]
    fn error_messages() {
        assert_eq!(
            QuantityError::Format.to_string(),
            "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
        );
        assert_eq!(
            QuantityError::Suffix.to_string(),
            "unable to parse quantity's suffix"
        );
        let boxed: Box<dyn std::error::Error> = Box::new(QuantityError::Suffix);
        assert_eq!(boxed.to_string(), "unable to parse quantity's suffix");
    }

    #[test]
    fn formats() {
        use QuantityFormat::{BinarySI, DecimalExponent, DecimalSI};
        let table: &[(&str, QuantityFormat)] = &[
            ("0", DecimalSI),
            ("0Ki", BinarySI),
            ("0e3", DecimalExponent),
            ("12M", DecimalSI),
            ("12Mi", BinarySI),
            ("12e6", DecimalExponent),
            ("1E", DecimalSI),
            ("1E3", DecimalExponent),
            ("0.5Gi", BinarySI),
            ("0.000000000001Ki", DecimalSI),
            ("-0.000000000001Ki", DecimalSI),
            ("0.0001Ki", DecimalSI),
            ("0.001Ki", BinarySI),
            ("9Ei", BinarySI),
        ];
        for &(input, format) in table {
            assert_eq!(q(input).format(), format, "format({input:?})");
        }
    }

    #[test]
    fn ordering_and_equality_across_units() {
        assert!(q("1Gi") > q("1000M"));
        assert!(q("500m") < q("1"));
        assert_eq!(q("128Mi"), q("134217728"));
        assert_eq!(q("1Gi"), q("1024Mi"));
        assert_eq!(q("1Gi"), q("1073741824"));
        assert_eq!(q("1e3"), q("1k"));
        assert_eq!(q("1.5"), q("1500m"));
        assert!(q("10000T") > q("100Gi"));
        assert!(q("100m") > q("50m"));
        assert!(q("-1") < q("0"));
        assert!(q("1n") > q("0"));
        assert_eq!(q("0Ki").cmp(&q("0")), Ordering::Equal);

        let hash = |x: &Quantity| {
            use std::collections::hash_map::DefaultHasher;
            let mut h = DefaultHasher::new();
            x.hash(&mut h);
            h.finish()
        };
        assert_eq!(hash(&q("1Gi")), hash(&q("1024Mi")));
        assert_eq!(hash(&q("1Gi")), hash(&q("1073741824")));
        let set: std::collections::HashSet<Quantity> = ["1Gi", "1024Mi", "1073741824", "1G"]
            .iter()
            .map(|s| q(s))
            .collect();
        assert_eq!(set.len(), 2);
    }

    #[test]
    fn constructors() {
        const CONST_OK: Quantity = Quantity::mebibytes(64);
        assert_eq!(CONST_OK.to_string(), "64Mi");
        assert_eq!(Quantity::millicores(250).to_string(), "250m");
        assert_eq!(Quantity::millicores(1000).to_string(), "1");
        assert_eq!(Quantity::millicores(500), q("0.5"));
        assert_eq!(Quantity::cores(2).to_string(), "2");
        assert_eq!(Quantity::cores(1), Quantity::millicores(1000));
        assert_eq!(Quantity::bytes(1024).to_string(), "1Ki");
        assert_eq!(Quantity::bytes(1_610_612_736).to_string(), "1536Mi");
        assert_eq!(Quantity::bytes(1500).to_string(), "1500");
        assert_eq!(Quantity::bytes(1000).to_string(), "1k");
        assert_eq!(Quantity::bytes(0).to_string(), "0");
        assert_eq!(Quantity::bytes(-2048).to_string(), "-2Ki");
        assert_eq!(
            Quantity::bytes(i64::MIN).to_string(),
            "-9223372036854775807"
        );
        assert_eq!(Quantity::bytes(i64::MAX), q("8Ei"));
        assert_eq!(Quantity::kibibytes(512).to_string(), "512Ki");
        assert_eq!(Quantity::kibibytes(2048).to_string(), "2Mi");
        assert_eq!(Quantity::mebibytes(64).to_string(), "64Mi");
        assert_eq!(Quantity::mebibytes(128), q("134217728"));
        assert_eq!(Quantity::gibibytes(4).to_string(), "4Gi");
        assert_eq!(Quantity::gibibytes(1), Quantity::mebibytes(1024));
        assert_eq!(Quantity::tebibytes(3).to_string(), "3Ti");
        assert_eq!(
            Quantity::tebibytes(i64::MAX).to_string(),
            "9223372036854775807"
        );
        assert_eq!(
            Quantity::tebibytes(i64::MIN).to_string(),
            "-9223372036854775807"
        );
        assert_eq!(Quantity::kilobytes(8).to_string(), "8k");
        assert_eq!(Quantity::kilobytes(1500).to_string(), "1500k");
        assert_eq!(Quantity::megabytes(500).to_string(), "500M");
        assert!(Quantity::megabytes(1000) < Quantity::gibibytes(1));
        assert_eq!(Quantity::gigabytes(2).to_string(), "2G");
        assert_eq!(Quantity::gigabytes(1), Quantity::megabytes(1000));
        assert_eq!(
            Quantity::gigabytes(i64::MAX).to_string(),
            "9223372036854775807G"
        );
        assert_eq!(
            Quantity::millicores(i64::MIN).to_string(),
            "-9223372036854775808m"
        );
        for f in [
            Quantity::bytes,
            Quantity::kibibytes,
            Quantity::mebibytes,
            Quantity::gibibytes,
            Quantity::tebibytes,
        ] {
            assert_eq!(f(1).format(), QuantityFormat::BinarySI);
        }
        for f in [
            Quantity::millicores,
            Quantity::cores,
            Quantity::kilobytes,
            Quantity::megabytes,
            Quantity::gigabytes,
        ] {
            assert_eq!(f(1).format(), QuantityFormat::DecimalSI);
        }
    }

    #[test]
    fn predicates_and_accessors() {
        assert!(q("0Mi").is_zero());
        assert!(q("-0").is_zero());
        assert!(!q("1n").is_zero());
        assert!(q("-1").is_negative());
        assert!(q("-1n").is_negative());
        assert!(!q("-0").is_negative());
        assert!(!q("1").is_negative());
        assert!(q("128Mi").is_integer());
        assert!(q("1.5k").is_integer());
        assert!(q("0").is_integer());
        assert!(q("-3").is_integer());
        assert!(!q("128m").is_integer());
        assert!(!q("1.5").is_integer());
        assert!(!q("-0.5").is_integer());
        assert!(!q("1.1Ki").is_integer());
        assert_eq!(q("250m").nanos(), 250_000_000);
        assert_eq!(q("1Ki").nanos(), 1_024_000_000_000);
        assert_eq!(q("-1n").nanos(), -1);
        assert_eq!(q("1e100").nanos(), i128::MAX);
        assert_eq!(q("-1e100").nanos(), -i128::MAX);
        assert_eq!(q("1e2147483647").nanos(), i128::MAX);
        assert_eq!(
            q("99999999999999999999999999999999999999999999999999").nanos(),
            i128::MAX
        );
        assert_eq!(q("1e-100").nanos(), 1);
        assert_eq!(q("1.5Gi").canonical(), q("1.5Gi").to_string());
        assert_eq!(q("1.5Gi").canonical(), "1536Mi");
        // i128::MAX nanos still round-trips through its canonical form.
        let big = q("1e100");
        assert_eq!(q(&big.canonical()), big);
    }

    #[test]
    fn long_inputs() {
        let tiny = format!("0.{}1", "0".repeat(5000));
        assert_eq!(canon(&tiny), "1n");
        let tiny_binary = format!("0.{}1Ki", "0".repeat(5000));
        assert_eq!(canon(&tiny_binary), "1n");
        let padded = format!("{}1.5{}Gi", "0".repeat(5000), "0".repeat(5000));
        assert_eq!(canon(&padded), "1536Mi");
        let huge = format!("1{}", "0".repeat(5000));
        assert_eq!(q(&huge).nanos(), i128::MAX);
        let huge_binary = format!("1{}Ki", "0".repeat(5000));
        assert_eq!(canon(&huge_binary), "9223372036854775807");
    }

    fn suffix_strategy() -> impl Strategy<Value = String> {
        prop_oneof![
            prop::sample::select(vec![
                "", "n", "u", "m", "k", "M", "G", "T", "P", "E", "Ki", "Mi", "Gi", "Ti", "Pi",
                "Ei",
            ])
            .prop_map(str::to_owned),
            (any::<bool>(), any::<i32>())
                .prop_map(|(upper, e)| { format!("{}{e}", if upper { 'E' } else { 'e' }) }),
            (any::<bool>(), -40_i32..40)
                .prop_map(|(upper, e)| { format!("{}{e}", if upper { 'E' } else { 'e' }) }),
        ]
    }

    fn assert_round_trip(input: &str) -> Result<(), TestCaseError> {
        let parsed = Quantity::parse(input);
        prop_assert!(parsed.is_ok(), "{:?} should parse: {:?}", input, parsed);
        let parsed = parsed.unwrap_or(Quantity::bytes(0));
        let text = parsed.canonical();
        prop_assert_eq!(&text, &parsed.to_string());
        let reparsed = Quantity::parse(&text);
        prop_assert_eq!(reparsed, Ok(parsed), "{} -> {}", input, text);
        let again = reparsed.map(|r| r.canonical()).unwrap_or_default();
        prop_assert_eq!(again, text, "canonical is not a fixed point for {}", input);
        Ok(())
    }

    proptest! {
        #[test]
        fn parse_never_panics(s in any::<String>()) {
            let _ = Quantity::parse(&s);
        }

        #[test]
        fn parse_never_panics_on_grammar_soup(s in "[-+.0-9eEinumkKMGTPi ]{0,24}") {
            if let Ok(parsed) = Quantity::parse(&s) {
                let reparsed = Quantity::parse(&parsed.canonical());
                prop_assert_eq!(reparsed, Ok(parsed));
            }
        }

        #[test]
        fn integer_mantissa_round_trips(m in any::<i64>(), suffix in suffix_strategy()) {
            assert_round_trip(&format!("{m}{suffix}"))?;
        }

        #[test]
        fn fractional_mantissa_round_trips(
            m in any::<i64>(),
            frac in "[0-9]{0,25}",
            suffix in suffix_strategy(),
        ) {
            assert_round_trip(&format!("{m}.{frac}{suffix}"))?;
        }

        #[test]
        fn constructors_never_panic(n in any::<i64>()) {
            let all = [
                Quantity::millicores(n),
                Quantity::cores(n),
                Quantity::bytes(n),
                Quantity::kibibytes(n),
                Quantity::mebibytes(n),
                Quantity::gibibytes(n),
                Quantity::tebibytes(n),
                Quantity::kilobytes(n),
                Quantity::megabytes(n),
                Quantity::gigabytes(n),
            ];
            for quantity in all {
                let text = quantity.canonical();
                let reparsed = Quantity::parse(&text);
                prop_assert_eq!(reparsed, Ok(quantity), "{}", text);
                prop_assert_eq!(quantity.is_negative(), n < 0);
                prop_assert_eq!(quantity.is_zero(), n == 0);
            }
            prop_assert_eq!(Quantity::cores(n).nanos(), i128::from(n) * 1_000_000_000);
            prop_assert_eq!(Quantity::millicores(n), Quantity::parse(&format!("{n}m")).unwrap_or(Quantity::cores(0)));
            prop_assert_eq!(Quantity::mebibytes(n), Quantity::parse(&format!("{n}Mi")).unwrap_or(Quantity::cores(0)));
        }

        #[test]
        fn order_matches_nanos(a in any::<i64>(), b in any::<i64>()) {
            let (x, y) = (Quantity::millicores(a), Quantity::bytes(b));
            prop_assert_eq!(x.cmp(&y), x.nanos().cmp(&y.nanos()));
            prop_assert_eq!(x == y, x.nanos() == y.nanos());
        }
    }
}
