//! The one error type of kubeforge, and the violations it carries.
//!
//! A [`Violation`] renders exactly like the apiserver's `field.Error`:
//! `<path>: <Type>[: <value>][: <detail>]`, for example
//! `spec.template.spec.containers[0].env[2].name: Invalid value: "1X": ...`.

use std::fmt;
use std::fmt::Write as _;

/// What kind of rule a [`Violation`] breaks; mirrors apimachinery's `field.ErrorType`.
///
/// # Examples
///
/// ```
/// use kubeforge::ViolationKind;
/// assert_eq!(ViolationKind::NotSupported.as_str(), "Unsupported value");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ViolationKind {
    /// A required field is missing (`Required value`).
    Required,
    /// A value has the wrong format or is out of range (`Invalid value`).
    Invalid,
    /// A value is not one of the supported values of an enum (`Unsupported value`).
    NotSupported,
    /// A field may not be set in this context (`Forbidden`).
    Forbidden,
    /// A value that must be unique appears twice (`Duplicate value`).
    Duplicate,
    /// A reference points at nothing (`Not found`).
    NotFound,
    /// A value or an object is too large (`Too long`).
    TooLong,
}

impl ViolationKind {
    /// The text the apiserver prints for this kind.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(kubeforge::ViolationKind::Required.as_str(), "Required value");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Required => "Required value",
            Self::Invalid => "Invalid value",
            Self::NotSupported => "Unsupported value",
            Self::Forbidden => "Forbidden",
            Self::Duplicate => "Duplicate value",
            Self::NotFound => "Not found",
            Self::TooLong => "Too long",
        }
    }
}

impl fmt::Display for ViolationKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One broken rule: where (`path`), what kind, the offending value and why.
///
/// # Examples
///
/// ```
/// use kubeforge::{ConfigMapBuilder, ViolationKind};
/// let err = ConfigMapBuilder::new("Bad_Name").build().unwrap_err();
/// let v = &err.violations()[0];
/// assert_eq!(v.path(), "metadata.name");
/// assert_eq!(v.kind(), ViolationKind::Invalid);
/// assert!(v.to_string().starts_with("metadata.name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    path: String,
    kind: ViolationKind,
    value: Option<String>,
    detail: Option<String>,
}

impl Violation {
    /// A violation; `value` is the already-rendered bad value (Go `%q` style for strings).
    pub(crate) fn new(
        path: String,
        kind: ViolationKind,
        value: Option<String>,
        detail: Option<String>,
    ) -> Self {
        Self {
            path,
            kind,
            value,
            detail,
        }
    }

    /// The field path, rendered as the apiserver does (`spec.containers[0].env[2].name`).
    ///
    /// # Examples
    ///
    /// ```
    /// # use kubeforge::ConfigMapBuilder;
    /// let err = ConfigMapBuilder::new("cfg").data("bad key", "x").build().unwrap_err();
    /// assert_eq!(err.violations()[0].path(), "data[bad key]");
    /// ```
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The kind of rule that is broken.
    ///
    /// # Examples
    ///
    /// ```
    /// # use kubeforge::{ConfigMapBuilder, ViolationKind};
    /// let err = ConfigMapBuilder::new("").build().unwrap_err();
    /// assert_eq!(err.violations()[0].kind(), ViolationKind::Required);
    /// ```
    pub fn kind(&self) -> ViolationKind {
        self.kind
    }

    /// The offending value as printed in the message (strings are quoted), if the kind prints one.
    ///
    /// # Examples
    ///
    /// ```
    /// # use kubeforge::ConfigMapBuilder;
    /// let err = ConfigMapBuilder::new("A").build().unwrap_err();
    /// assert_eq!(err.violations()[0].value(), Some("\"A\""));
    /// ```
    pub fn value(&self) -> Option<&str> {
        self.value.as_deref()
    }

    /// The explanation after the value, if any.
    ///
    /// # Examples
    ///
    /// ```
    /// # use kubeforge::ConfigMapBuilder;
    /// let err = ConfigMapBuilder::new("").build().unwrap_err();
    /// assert_eq!(err.violations()[0].detail(), Some("name or generateName is required"));
    /// ```
    pub fn detail(&self) -> Option<&str> {
        self.detail.as_deref()
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.kind)?;
        if let Some(value) = &self.value {
            write!(f, ": {value}")?;
        }
        if let Some(detail) = &self.detail {
            write!(f, ": {detail}")?;
        }
        Ok(())
    }
}

/// The one error type of kubeforge.
///
/// An invalid object yields **all** its violations at once ([`Error::violations`]); writing
/// output can also fail with a serialization or I/O error, which keeps its cause as `source()`.
///
/// # Examples
///
/// ```
/// use kubeforge::ConfigMapBuilder;
/// let err = ConfigMapBuilder::new("UPPER").data("a b", "x").build().unwrap_err();
/// assert!(err.is_invalid());
/// assert_eq!(err.violations().len(), 2);
/// assert!(err.to_string().starts_with("The ConfigMap \"UPPER\" is invalid: ["));
/// ```
#[derive(Debug, thiserror::Error)]
#[error(transparent)]
pub struct Error(Box<Repr>);

#[derive(Debug, thiserror::Error)]
enum Repr {
    #[error("{}", render_invalid(.object.as_deref(), .violations))]
    Invalid {
        object: Option<String>,
        violations: Vec<Violation>,
    },
    #[error("cannot serialize {object}: {source}")]
    Serialize {
        object: String,
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    #[error("{path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    /// A file, env-file or literal source refused as kubectl refuses it, in kubectl's words.
    #[error("{message}")]
    Input {
        message: String,
        #[source]
        source: Option<std::io::Error>,
    },
}

fn render_invalid(object: Option<&str>, violations: &[Violation]) -> String {
    let head = match object {
        Some(object) => match object.split_once('/') {
            Some((kind, name)) => format!("The {kind} \"{name}\" is invalid: "),
            None => format!("The {object} is invalid: "),
        },
        None => "invalid object: ".to_owned(),
    };
    match violations {
        [one] => format!("{head}{one}"),
        many => {
            let list: Vec<String> = many.iter().map(ToString::to_string).collect();
            format!("{head}[{}]", list.join(", "))
        }
    }
}

impl Error {
    /// An invalid-object error; `object` is `Kind/name`.
    pub(crate) fn invalid(object: Option<String>, violations: Vec<Violation>) -> Self {
        Self(Box::new(Repr::Invalid { object, violations }))
    }

    pub(crate) fn serialize(
        object: String,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> Self {
        Self(Box::new(Repr::Serialize {
            object,
            source: Box::new(source),
        }))
    }

    pub(crate) fn io(path: impl Into<String>, source: std::io::Error) -> Self {
        Self(Box::new(Repr::Io {
            path: path.into(),
            source,
        }))
    }

    /// A source refused before the object is assembled (`message` is kubectl's text); `source`
    /// is the I/O error behind it, if any.
    pub(crate) fn input(message: impl Into<String>, source: Option<std::io::Error>) -> Self {
        Self(Box::new(Repr::Input {
            message: message.into(),
            source,
        }))
    }

    /// True when the error lists violations of Kubernetes rules.
    ///
    /// # Examples
    ///
    /// ```
    /// # use kubeforge::ConfigMapBuilder;
    /// assert!(ConfigMapBuilder::new("").build().unwrap_err().is_invalid());
    /// ```
    pub fn is_invalid(&self) -> bool {
        matches!(*self.0, Repr::Invalid { .. })
    }

    /// True when writing output failed in the serializer.
    ///
    /// # Examples
    ///
    /// ```
    /// # use kubeforge::ConfigMapBuilder;
    /// assert!(!ConfigMapBuilder::new("").build().unwrap_err().is_serialize());
    /// ```
    pub fn is_serialize(&self) -> bool {
        matches!(*self.0, Repr::Serialize { .. })
    }

    /// True when reading an input file or writing output failed.
    ///
    /// # Examples
    ///
    /// ```
    /// # use kubeforge::ConfigMapBuilder;
    /// let err = ConfigMapBuilder::new("cfg").file("/no/such/file.conf").build().unwrap_err();
    /// assert!(err.is_io());
    /// ```
    pub fn is_io(&self) -> bool {
        matches!(
            *self.0,
            Repr::Io { .. }
                | Repr::Input {
                    source: Some(_),
                    ..
                }
        )
    }

    /// True when a file, env-file, literal or key source given to a builder was refused before
    /// the object was assembled, as `kubectl create configmap|secret` refuses it: the message
    /// is kubectl's (without its `error: ` prefix), e.g. `cannot give a key name for a directory
    /// path`. An unreadable file is both [`is_input`](Self::is_input) and [`is_io`](Self::is_io).
    ///
    /// # Examples
    ///
    /// ```
    /// # use kubeforge::ConfigMapBuilder;
    /// let err = ConfigMapBuilder::new("cfg").from_literal("no-equals-sign").build().unwrap_err();
    /// assert!(err.is_input() && !err.is_io());
    /// assert_eq!(err.to_string(), "invalid literal source no-equals-sign, expected key=value");
    /// ```
    pub fn is_input(&self) -> bool {
        matches!(*self.0, Repr::Input { .. })
    }

    /// Every violation found (empty for I/O and serialization errors).
    ///
    /// # Examples
    ///
    /// ```
    /// # use kubeforge::ConfigMapBuilder;
    /// let err = ConfigMapBuilder::new("-x-").build().unwrap_err();
    /// assert_eq!(err.violations()[0].path(), "metadata.name");
    /// ```
    pub fn violations(&self) -> &[Violation] {
        match &*self.0 {
            Repr::Invalid { violations, .. } => violations,
            _ => &[],
        }
    }

    /// The object the error is about, as `Kind/name`, when known.
    ///
    /// # Examples
    ///
    /// ```
    /// # use kubeforge::ConfigMapBuilder;
    /// let err = ConfigMapBuilder::new("X").build().unwrap_err();
    /// assert_eq!(err.object(), Some("ConfigMap/X"));
    /// ```
    pub fn object(&self) -> Option<&str> {
        match &*self.0 {
            Repr::Invalid { object, .. } => object.as_deref(),
            Repr::Serialize { object, .. } => Some(object),
            Repr::Io { .. } | Repr::Input { .. } => None,
        }
    }
}

/// Renders a string the way Go's `%q` does (used for values in messages).
pub(crate) fn quote(s: &str) -> String {
    quote_bytes(s.as_bytes())
}

/// Go's `strconv.Quote` over bytes (a Go string may hold any bytes): invalid UTF-8 bytes as
/// `\xNN`, non-printable runes escaped, printable ones kept.
pub(crate) fn quote_bytes(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() + 2);
    out.push('"');
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\u{7}' => out.push_str("\\a"),
                '\u{8}' => out.push_str("\\b"),
                '\u{c}' => out.push_str("\\f"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                '\u{b}' => out.push_str("\\v"),
                c if go_is_print(c) => out.push(c),
                c if (c as u32) < 0x20 || c == '\u{7f}' => {
                    let _ = write!(out, "\\x{:02x}", c as u32);
                }
                c => {
                    let n = c as u32;
                    if n <= 0xffff {
                        let _ = write!(out, "\\u{n:04x}");
                    } else {
                        let _ = write!(out, "\\U{n:08x}");
                    }
                }
            }
        }
        for b in chunk.invalid() {
            let _ = write!(out, "\\x{b:02x}");
        }
    }
    out.push('"');
    out
}

/// Go's `unicode.IsPrint` (letters, marks, numbers, punctuation, symbols and the ASCII space),
/// without Unicode tables: control, separator, format and private-use characters are the
/// non-printable ones recognised; an unassigned code point is taken as printable.
fn go_is_print(c: char) -> bool {
    if c == ' ' {
        return true;
    }
    if c.is_control() || c.is_whitespace() {
        return false;
    }
    let n = c as u32;
    let format = matches!(
        n,
        0xad | 0x600..=0x605
            | 0x61c
            | 0x6dd
            | 0x70f
            | 0x890..=0x891
            | 0x8e2
            | 0x180e
            | 0x200b..=0x200f
            | 0x202a..=0x202e
            | 0x2060..=0x2064
            | 0x2066..=0x206f
            | 0xfeff
            | 0xfff9..=0xfffb
            | 0x110bd
            | 0x110cd
            | 0x13430..=0x1343f
            | 0x1bca0..=0x1bca3
            | 0x1d173..=0x1d17a
            | 0xe0001
            | 0xe0020..=0xe007f
    );
    let private_use =
        matches!(n, 0xe000..=0xf8ff | 0x000f_0000..=0x000f_fffd | 0x0010_0000..=0x0010_fffd);
    !(format || private_use)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_like_field_error() {
        let v = Violation::new(
            "spec.containers[0].env[2].name".into(),
            ViolationKind::Invalid,
            Some(quote("1X")),
            Some("bad".into()),
        );
        assert_eq!(
            v.to_string(),
            "spec.containers[0].env[2].name: Invalid value: \"1X\": bad"
        );
        let r = Violation::new(
            "spec.containers".into(),
            ViolationKind::Required,
            None,
            None,
        );
        assert_eq!(r.to_string(), "spec.containers: Required value");
    }

    #[test]
    fn quote_escapes_like_go() {
        assert_eq!(quote("a\"b\\c\n\t\u{1}"), "\"a\\\"b\\\\c\\n\\t\\x01\"");
        assert_eq!(quote("é"), "\"é\"");
        assert_eq!(quote_bytes(b"caf\xe9\xff.txt"), "\"caf\\xe9\\xff.txt\"");
        assert_eq!(
            quote("a\u{a0}b\u{feff}\u{85}"),
            "\"a\\u00a0b\\ufeff\\u0085\""
        );
    }
}
