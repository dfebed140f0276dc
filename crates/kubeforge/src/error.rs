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
        matches!(*self.0, Repr::Io { .. })
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
            Repr::Io { .. } => None,
        }
    }
}

/// Renders a string the way Go's `%q` does (used for values in messages).
pub(crate) fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\u{b}' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if c.is_control() => {
                let n = c as u32;
                if n <= 0xffff {
                    let _ = write!(out, "\\u{n:04x}");
                } else {
                    let _ = write!(out, "\\U{n:08x}");
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
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
    }
}
