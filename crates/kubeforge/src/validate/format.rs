//! The kube-apiserver's primitive format checks: DNS labels and subdomains, qualified names
//! (label and annotation keys), label values, `ConfigMap` keys, environment variable names, port
//! names and numbers, UIDs/GIDs, percent strings, HTTP header names, path-segment names (RBAC),
//! sysctl names, the relative-path helpers of core validation, and the `NameIs*` functions with
//! their "prefix" (`generateName`) mode.
//!
//! Every check returns the apiserver's messages for the value, word for word (an empty `Vec`,
//! which does not allocate, when the value is valid). The callers wrap each message into a field
//! error (`<path>: Invalid value: "<v>": <msg>`). Lengths are counted in bytes, as Go's `len`
//! does, and the regular expressions of the Go sources are implemented by hand over bytes (every
//! one of them is ASCII-only, so any non-ASCII byte simply fails to match).
//!
//! Version notes:
//! * `dns1123_label` reports `must not contain dots` (instead of the regex message) when the
//!   value is a valid DNS-1123 subdomain; that is the behaviour of recent releases (about 1.31 on),
//!   older ones printed the regex message.
//! * The "more than one `/`" message of `qualified_name_versioned` starts with
//!   `a valid label key` from 1.34 on (`content.IsLabelKey`) and with `a qualified name` up to
//!   1.33; `qualified_name` uses the 1.33 wording, matching the library's default target.
//! * `env_var_name` takes the rule as a flag: strict (`IsEnvVarName`, 1.8 – 1.31 default) or
//!   relaxed (`IsRelaxedEnvVarName`, default from 1.32, locked on from 1.34).
//! * `user_id` / `group_id` use the `math.MaxInt32` ceiling of `IsValidUserID` /
//!   `IsValidGroupID`; only container *status* UIDs were widened to `uint32`.
//! * Prefix mode of the `name_is_*` functions reproduces Go's `maskTrailingDash` exactly: a name
//!   longer than one byte that ends in `-` loses its last *two* bytes and gets an `a` appended,
//!   so `A-`, `--` and `a--` pass as `generateName` values while a lone `-` does not.
//! * `path_no_backsteps` splits on `/` only, as a Linux apiserver does (`filepath.ToSlash` is
//!   the identity there).

use std::iter::{Chain, Copied};
use std::slice::Iter;

/// Maximum length of a DNS-1123 label (`DNS1123LabelMaxLength`).
const DNS1123_LABEL_MAX_LEN: usize = 63;
/// Maximum length of a DNS-1123 subdomain (`DNS1123SubdomainMaxLength`).
const DNS1123_SUBDOMAIN_MAX_LEN: usize = 253;
/// Maximum length of a DNS-1035 label (`DNS1035LabelMaxLength`).
const DNS1035_LABEL_MAX_LEN: usize = 63;
/// Maximum length of the name part of a qualified name.
const QUALIFIED_NAME_MAX_LEN: usize = 63;
/// Maximum length of a label value (`LabelValueMaxLength`).
const LABEL_VALUE_MAX_LEN: usize = 63;
/// Maximum length of a ConfigMap/Secret key (the subdomain limit).
const CONFIG_MAP_KEY_MAX_LEN: usize = 253;
/// Maximum length of a port name (IANA service name).
const PORT_NAME_MAX_LEN: usize = 15;
/// Maximum length of a sysctl name (`SysctlMaxLength`).
const SYSCTL_MAX_LEN: usize = 253;
/// Largest UID/GID the apiserver accepts (`math.MaxInt32`).
const MAX_ID: i64 = 2_147_483_647;

const DNS1123_LABEL_FMT: &str = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
const DNS1123_LABEL_MSG: &str = "a lowercase RFC 1123 label must consist of lower case \
     alphanumeric characters or '-', and must start and end with an alphanumeric character";
const DNS1123_SUBDOMAIN_FMT: &str =
    "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
const DNS1123_SUBDOMAIN_MSG: &str = "a lowercase RFC 1123 subdomain must consist of lower case \
     alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
const DNS1035_LABEL_FMT: &str = "[a-z]([-a-z0-9]*[a-z0-9])?";
const DNS1035_LABEL_MSG: &str = "a DNS-1035 label must consist of lower case alphanumeric \
     characters or '-', start with an alphabetic character, and end with an alphanumeric character";
const QUALIFIED_NAME_FMT: &str = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
const QUALIFIED_NAME_MSG: &str = "must consist of alphanumeric characters, '-', '_' or '.', and \
     must start and end with an alphanumeric character";
const QUALIFIED_NAME_EXAMPLES: &[&str] = &["MyName", "my.name", "123-abc"];
const LABEL_VALUE_FMT: &str = "(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?";
const LABEL_VALUE_MSG: &str = "a valid label must be an empty string or consist of alphanumeric \
     characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const CONFIG_MAP_KEY_FMT: &str = "[-._a-zA-Z0-9]+";
const CONFIG_MAP_KEY_MSG: &str =
    "a valid config key must consist of alphanumeric characters, '-', '_' or '.'";
const ENV_VAR_NAME_FMT: &str = "[-._a-zA-Z][-._a-zA-Z0-9]*";
const ENV_VAR_NAME_MSG: &str = "a valid environment variable name must consist of alphabetic \
     characters, digits, '_', '-', or '.', and must not start with a digit";
const RELAXED_ENV_VAR_NAME_MSG: &str = "a valid environment variable name must consist only of \
     printable ASCII characters other than '='";
const PERCENT_FMT: &str = "[0-9]+%";
const PERCENT_MSG: &str =
    "a valid percent string must be a numeric string followed by an ending '%'";
const HTTP_HEADER_NAME_FMT: &str = "[-A-Za-z0-9]+";
const HTTP_HEADER_NAME_MSG: &str =
    "a valid HTTP header must consist of alphanumeric characters or '-'";

/// Renders Go's `RegexError(msg, fmt, examples...)`:
/// `<msg> (e.g. 'ex1',  or 'ex2', regex used for validation is '<fmt>')` (each example is
/// followed by `, ` and later ones are preceded by ` or `, hence the two spaces), or
/// `<msg> (regex used for validation is '<fmt>')` without examples.
#[cold]
pub(crate) fn regex_error(msg: &str, fmt: &str, examples: &[&str]) -> String {
    let mut out = String::with_capacity(
        msg.len() + fmt.len() + 40 + examples.iter().map(|e| e.len() + 8).sum::<usize>(),
    );
    out.push_str(msg);
    if examples.is_empty() {
        out.push_str(" (regex used for validation is '");
    } else {
        out.push_str(" (e.g. ");
        for (i, example) in examples.iter().enumerate() {
            if i > 0 {
                out.push_str(" or ");
            }
            out.push('\'');
            out.push_str(example);
            out.push_str("', ");
        }
        out.push_str("regex used for validation is '");
    }
    out.push_str(fmt);
    out.push_str("')");
    out
}

/// Go's `MaxLenError(n)`: `must be no more than <n> characters`.
#[cold]
fn max_len_error(n: usize) -> String {
    format!("must be no more than {n} characters")
}

/// Go's `InclusiveRangeError(lo, hi)`: `must be between <lo> and <hi>, inclusive`.
#[cold]
fn inclusive_range_error(lo: i64, hi: i64) -> String {
    format!("must be between {lo} and {hi}, inclusive")
}

// ---------------------------------------------------------------------------------------------
// Byte classes and hand-written matchers (all regexes are anchored: `^...$`).
// ---------------------------------------------------------------------------------------------

fn lower_alnum(b: u8) -> bool {
    b.is_ascii_lowercase() || b.is_ascii_digit()
}

fn lower_alnum_dash(b: u8) -> bool {
    lower_alnum(b) || b == b'-'
}

fn qname_ext(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.')
}

fn sysctl_ext(b: u8) -> bool {
    lower_alnum(b) || matches!(b, b'-' | b'_')
}

/// Matches `F(M*L)?` (or, identically for the classes used here, `(FM*)?L`): a non-empty string
/// whose first byte is in `first`, whose last byte (if it is not also the first) is in `last`,
/// and whose other bytes are in `mid`.
fn match_first_mid_last(
    bytes: impl IntoIterator<Item = u8>,
    first: fn(u8) -> bool,
    mid: fn(u8) -> bool,
    last: fn(u8) -> bool,
) -> bool {
    let mut iter = bytes.into_iter();
    let Some(head) = iter.next() else {
        return false;
    };
    if !first(head) {
        return false;
    }
    let mut pending: Option<u8> = None;
    for b in iter {
        if let Some(p) = pending
            && !mid(p)
        {
            return false;
        }
        pending = Some(b);
    }
    pending.is_none_or(last)
}

/// `[a-z0-9]([-a-z0-9]*[a-z0-9])?`
fn is_dns1123_label(bytes: impl IntoIterator<Item = u8>) -> bool {
    match_first_mid_last(bytes, lower_alnum, lower_alnum_dash, lower_alnum)
}

/// `[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*`: dot-separated DNS-1123
/// labels (no per-label length limit).
fn is_dns1123_subdomain(bytes: impl IntoIterator<Item = u8>) -> bool {
    let mut prev: Option<u8> = None;
    for b in bytes {
        let ok = match prev {
            Some(p) if b == b'.' => lower_alnum(p),
            None | Some(b'.') => lower_alnum(b),
            Some(_) => lower_alnum_dash(b),
        };
        if !ok {
            return false;
        }
        prev = Some(b);
    }
    prev.is_some_and(lower_alnum)
}

/// `[a-z]([-a-z0-9]*[a-z0-9])?`
fn is_dns1035_label(bytes: impl IntoIterator<Item = u8>) -> bool {
    match_first_mid_last(
        bytes,
        |b| b.is_ascii_lowercase(),
        lower_alnum_dash,
        lower_alnum,
    )
}

/// `([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]`
fn is_qualified_name_part(bytes: &[u8]) -> bool {
    match_first_mid_last(
        bytes.iter().copied(),
        |b| b.is_ascii_alphanumeric(),
        qname_ext,
        |b| b.is_ascii_alphanumeric(),
    )
}

/// `([a-z0-9]([-_a-z0-9]*[a-z0-9])?[\./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?`
fn is_sysctl(bytes: &[u8]) -> bool {
    bytes.split(|&b| b == b'.' || b == b'/').all(|segment| {
        match_first_mid_last(
            segment.iter().copied(),
            lower_alnum,
            sysctl_ext,
            lower_alnum,
        )
    })
}

/// Go's `hasChDirPrefix`: `.`, `..` and a `..` prefix are rejected.
fn push_chdir_prefix_errors(v: &str, errs: &mut Vec<String>) {
    if v == "." {
        errs.push("must not be '.'".to_owned());
    } else if v == ".." {
        errs.push("must not be '..'".to_owned());
    } else if v.starts_with("..") {
        errs.push("must not start with '..'".to_owned());
    }
}

// ---------------------------------------------------------------------------------------------
// Names, possibly with a masked trailing dash (prefix mode), viewed as bytes without allocating.
// ---------------------------------------------------------------------------------------------

/// A name as the Go checks see it: `head` followed by an optional extra byte (the `a` that
/// `maskTrailingDash` appends).
#[derive(Clone, Copy, Debug)]
struct Name<'a> {
    head: &'a [u8],
    tail: Option<u8>,
}

impl<'a> Name<'a> {
    fn plain(v: &'a str) -> Self {
        Self {
            head: v.as_bytes(),
            tail: None,
        }
    }

    /// Go's `maskTrailingDash` when `prefix` is set: a name longer than one byte that ends in
    /// `-` loses its last **two** bytes and gets an `a` appended (`name[:len(name)-2] + "a"`,
    /// an upstream quirk reproduced on purpose: `A-` is accepted as a `generateName`).
    fn masked(v: &'a str, prefix: bool) -> Self {
        if prefix
            && let Some((b'-', rest)) = v.as_bytes().split_last()
            && let Some((_, head)) = rest.split_last()
        {
            return Self {
                head,
                tail: Some(b'a'),
            };
        }
        Self::plain(v)
    }

    fn len(self) -> usize {
        self.head.len() + usize::from(self.tail.is_some())
    }

    fn bytes(self) -> Chain<Copied<Iter<'a, u8>>, std::option::IntoIter<u8>> {
        self.head.iter().copied().chain(self.tail)
    }
}

fn dns1123_label_of(name: Name<'_>) -> Vec<String> {
    let mut errs = Vec::new();
    if name.len() > DNS1123_LABEL_MAX_LEN {
        errs.push(max_len_error(DNS1123_LABEL_MAX_LEN));
    }
    if !is_dns1123_label(name.bytes()) {
        if is_dns1123_subdomain(name.bytes()) {
            errs.push("must not contain dots".to_owned());
        } else {
            errs.push(regex_error(
                DNS1123_LABEL_MSG,
                DNS1123_LABEL_FMT,
                &["my-name", "123-abc"],
            ));
        }
    }
    errs
}

/// Byte classes of DNS-1123 names: 1 = `[a-z0-9]`, 2 = `-`, 3 = `.`, 0 = anything else.
#[allow(clippy::indexing_slicing, reason = "const evaluation: i < 256")]
static DNS_CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        #[allow(clippy::cast_possible_truncation, reason = "i < 256")]
        let b = i as u8;
        t[i] = if b.is_ascii_lowercase() || b.is_ascii_digit() {
            1
        } else if b == b'-' {
            2
        } else if b == b'.' {
            3
        } else {
            0
        };
        i += 1;
    }
    t
};

#[allow(clippy::indexing_slicing, reason = "a u8 index into a 256-entry table")]
fn dns_class(b: u8) -> u8 {
    DNS_CLASS[usize::from(b)]
}

/// The common case of [`is_dns1123_subdomain`] on a plain slice, in one table-driven pass:
/// only `[-.a-z0-9]`, alphanumerics first and last, and around every dot.
fn is_dns1123_subdomain_slice(b: &[u8]) -> bool {
    // `prev` starts as a virtual dot, so the first byte must be alphanumeric.
    let mut prev = 3;
    for &c in b {
        let class = dns_class(c);
        let ok = match class {
            1 => true,
            2 => prev != 3,
            3 => prev == 1,
            _ => false,
        };
        if !ok {
            return false;
        }
        prev = class;
    }
    prev == 1
}

fn dns1123_subdomain_of(name: Name<'_>) -> Vec<String> {
    if name.tail.is_none()
        && name.head.len() <= DNS1123_SUBDOMAIN_MAX_LEN
        && is_dns1123_subdomain_slice(name.head)
    {
        return Vec::new();
    }
    let mut errs = Vec::new();
    if name.len() > DNS1123_SUBDOMAIN_MAX_LEN {
        errs.push(max_len_error(DNS1123_SUBDOMAIN_MAX_LEN));
    }
    if !is_dns1123_subdomain(name.bytes()) {
        errs.push(regex_error(
            DNS1123_SUBDOMAIN_MSG,
            DNS1123_SUBDOMAIN_FMT,
            &["example.com"],
        ));
    }
    errs
}

fn dns1035_label_of(name: Name<'_>) -> Vec<String> {
    let mut errs = Vec::new();
    if name.len() > DNS1035_LABEL_MAX_LEN {
        errs.push(max_len_error(DNS1035_LABEL_MAX_LEN));
    }
    if !is_dns1035_label(name.bytes()) {
        errs.push(regex_error(
            DNS1035_LABEL_MSG,
            DNS1035_LABEL_FMT,
            &["my-name", "abc-123"],
        ));
    }
    errs
}

// ---------------------------------------------------------------------------------------------
// Public checks.
// ---------------------------------------------------------------------------------------------

/// `IsDNS1123Label`: at most 63 bytes of `[a-z0-9]([-a-z0-9]*[a-z0-9])?` (`must not contain dots`
/// for an otherwise valid subdomain).
pub(crate) fn dns1123_label(v: &str) -> Vec<String> {
    dns1123_label_of(Name::plain(v))
}

/// `IsDNS1123Subdomain`: at most 253 bytes of dot-separated DNS-1123 labels.
pub(crate) fn dns1123_subdomain(v: &str) -> Vec<String> {
    dns1123_subdomain_of(Name::plain(v))
}

/// `IsDNS1035Label`: at most 63 bytes of `[a-z]([-a-z0-9]*[a-z0-9])?` (Service names).
#[allow(
    dead_code,
    reason = "for Service ports and names of later builders; tested here"
)]
pub(crate) fn dns1035_label(v: &str) -> Vec<String> {
    dns1035_label_of(Name::plain(v))
}

/// `IsQualifiedName` with the Kubernetes 1.33 wording (see [`qualified_name_versioned`]).
pub(crate) fn qualified_name(v: &str) -> Vec<String> {
    qualified_name_versioned(v, 33)
}

/// `IsQualifiedName` / `content.IsLabelKey` (label keys, annotation keys after lower-casing,
/// finalizers): `[prefix/]name`, prefix a DNS-1123 subdomain, name at most 63 bytes of
/// `([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]`. `minor` selects the wording of the
/// "more than one `/`" message (`a valid label key` from 1.34 on, `a qualified name` before).
pub(crate) fn qualified_name_versioned(v: &str, minor: u32) -> Vec<String> {
    // The common case, valid, in one pass over each part and without allocation.
    let (prefix, name) = match v.split_once('/') {
        Some((prefix, name)) => (Some(prefix), name),
        None => (None, v),
    };
    if !name.is_empty()
        && name.len() <= QUALIFIED_NAME_MAX_LEN
        && is_qualified_name_part(name.as_bytes())
        && prefix.is_none_or(|p| {
            p.len() <= DNS1123_SUBDOMAIN_MAX_LEN && is_dns1123_subdomain_slice(p.as_bytes())
        })
    {
        return Vec::new();
    }
    let mut errs = Vec::new();
    let mut parts = v.split('/');
    let first = parts.next().unwrap_or_default();
    let name = match (parts.next(), parts.next()) {
        (None, _) => first,
        (Some(name), None) => {
            if first.is_empty() {
                errs.push("prefix part must be non-empty".to_owned());
            } else {
                errs.extend(
                    dns1123_subdomain(first)
                        .into_iter()
                        .map(|m| format!("prefix part {m}")),
                );
            }
            name
        }
        (Some(_), Some(_)) => {
            let lead = if minor >= 34 {
                "a valid label key "
            } else {
                "a qualified name "
            };
            let mut msg = String::from(lead);
            msg.push_str(&regex_error(
                QUALIFIED_NAME_MSG,
                QUALIFIED_NAME_FMT,
                QUALIFIED_NAME_EXAMPLES,
            ));
            msg.push_str(
                " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
            );
            errs.push(msg);
            return errs;
        }
    };
    if name.is_empty() {
        errs.push("name part must be non-empty".to_owned());
    } else if name.len() > QUALIFIED_NAME_MAX_LEN {
        errs.push(format!(
            "name part {}",
            max_len_error(QUALIFIED_NAME_MAX_LEN)
        ));
    }
    if !is_qualified_name_part(name.as_bytes()) {
        errs.push(format!(
            "name part {}",
            regex_error(
                QUALIFIED_NAME_MSG,
                QUALIFIED_NAME_FMT,
                QUALIFIED_NAME_EXAMPLES
            )
        ));
    }
    errs
}

/// `IsValidLabelValue`: empty, or at most 63 bytes of `([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]`.
pub(crate) fn label_value(v: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if v.len() > LABEL_VALUE_MAX_LEN {
        errs.push(max_len_error(LABEL_VALUE_MAX_LEN));
    }
    if !v.is_empty() && !is_qualified_name_part(v.as_bytes()) {
        errs.push(regex_error(
            LABEL_VALUE_MSG,
            LABEL_VALUE_FMT,
            &["MyValue", "my_value", "12345"],
        ));
    }
    errs
}

/// `IsConfigMapKey`: at most 253 bytes of `[-._a-zA-Z0-9]+`, not `.`/`..`/`..`-prefixed.
pub(crate) fn config_map_key(v: &str) -> Vec<String> {
    if !v.is_empty()
        && v.len() <= CONFIG_MAP_KEY_MAX_LEN
        && v.bytes()
            .all(|b| dns_class(b) != 0 || b.is_ascii_uppercase() || b == b'_')
        && v != "."
        && !v.starts_with("..")
    {
        return Vec::new();
    }
    let mut errs = Vec::new();
    if v.len() > CONFIG_MAP_KEY_MAX_LEN {
        errs.push(max_len_error(CONFIG_MAP_KEY_MAX_LEN));
    }
    let ok = !v.is_empty()
        && v.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_'));
    if !ok {
        errs.push(regex_error(
            CONFIG_MAP_KEY_MSG,
            CONFIG_MAP_KEY_FMT,
            &["key.name", "KEY_NAME", "key-name"],
        ));
    }
    push_chdir_prefix_errors(v, &mut errs);
    errs
}

/// `IsConfigMapKey` over raw bytes: a file name that is not UTF-8 (`--from-file` of such a
/// file) is checked as Go checks its string, byte by byte.
pub(crate) fn config_map_key_bytes(v: &[u8]) -> Vec<String> {
    if let Ok(s) = std::str::from_utf8(v) {
        return config_map_key(s);
    }
    // Not UTF-8, so not ASCII: the regex fails; only the length and `..` prefix may add to it.
    let mut errs = Vec::new();
    if v.len() > CONFIG_MAP_KEY_MAX_LEN {
        errs.push(max_len_error(CONFIG_MAP_KEY_MAX_LEN));
    }
    errs.push(regex_error(
        CONFIG_MAP_KEY_MSG,
        CONFIG_MAP_KEY_FMT,
        &["key.name", "KEY_NAME", "key-name"],
    ));
    if v.starts_with(b"..") {
        errs.push("must not start with '..'".to_owned());
    }
    errs
}

/// `IsEnvVarName` (`relaxed == false`: `[-._a-zA-Z][-._a-zA-Z0-9]*`, not `.`/`..`/`..`-prefixed)
/// or `IsRelaxedEnvVarName` (`relaxed == true`: non-empty printable ASCII other than `=`).
pub(crate) fn env_var_name(v: &str, relaxed: bool) -> Vec<String> {
    let mut errs = Vec::new();
    if relaxed {
        if v.is_empty() {
            errs.push("environment variable name must be non-empty".to_owned());
        }
        if v.bytes().any(|b| !(b' '..=b'~').contains(&b) || b == b'=') {
            errs.push(RELAXED_ENV_VAR_NAME_MSG.to_owned());
        }
        return errs;
    }
    let word = |b: u8| b.is_ascii_alphabetic() || matches!(b, b'-' | b'.' | b'_');
    let mut bytes = v.bytes();
    let ok = bytes.next().is_some_and(word) && bytes.all(|b| word(b) || b.is_ascii_digit());
    if !ok {
        errs.push(regex_error(
            ENV_VAR_NAME_MSG,
            ENV_VAR_NAME_FMT,
            &["my.env-name", "MY_ENV.NAME", "MyEnvName1"],
        ));
    }
    push_chdir_prefix_errors(v, &mut errs);
    errs
}

/// `IsValidPortName` (IANA service name): each failing condition is its own message.
pub(crate) fn port_name(v: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if v.len() > PORT_NAME_MAX_LEN {
        errs.push(max_len_error(PORT_NAME_MAX_LEN));
    }
    if v.is_empty() || !v.bytes().all(lower_alnum_dash) {
        errs.push(
            "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)".to_owned(),
        );
    }
    if !v.bytes().any(|b| b.is_ascii_lowercase()) {
        errs.push("must contain at least one letter (a-z)".to_owned());
    }
    if v.contains("--") {
        errs.push("must not contain consecutive hyphens".to_owned());
    }
    if v.starts_with('-') || v.ends_with('-') {
        errs.push("must not begin or end with a hyphen".to_owned());
    }
    errs
}

/// `IsValidPortNum`: 1 to 65535.
pub(crate) fn port_number(v: i32) -> Vec<String> {
    if (1..=65535).contains(&v) {
        Vec::new()
    } else {
        vec![inclusive_range_error(1, 65535)]
    }
}

/// `IsValidPercent`: `[0-9]+%`.
pub(crate) fn percent(v: &str) -> Vec<String> {
    let ok = v
        .strip_suffix('%')
        .is_some_and(|digits| !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()));
    if ok {
        Vec::new()
    } else {
        vec![regex_error(PERCENT_MSG, PERCENT_FMT, &["1%", "93%"])]
    }
}

/// `IsHTTPHeaderName`: `[-A-Za-z0-9]+`.
pub(crate) fn http_header_name(v: &str) -> Vec<String> {
    if !v.is_empty() && v.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
        Vec::new()
    } else {
        vec![regex_error(
            HTTP_HEADER_NAME_MSG,
            HTTP_HEADER_NAME_FMT,
            &["X-Header-Name"],
        )]
    }
}

/// `path.ValidatePathSegmentName` (RBAC object names): not `.` or `..` (skipped in prefix mode),
/// no `/`, no `%`.
pub(crate) fn path_segment_name(v: &str, prefix: bool) -> Vec<String> {
    if !prefix {
        if v == "." {
            return vec!["may not be '.'".to_owned()];
        }
        if v == ".." {
            return vec!["may not be '..'".to_owned()];
        }
    }
    let mut errs = Vec::new();
    if v.contains('/') {
        errs.push("may not contain '/'".to_owned());
    }
    if v.contains('%') {
        errs.push("may not contain '%'".to_owned());
    }
    errs
}

/// `IsValidUserID`: 0 to 2147483647.
pub(crate) fn user_id(v: i64) -> Vec<String> {
    if (0..=MAX_ID).contains(&v) {
        Vec::new()
    } else {
        vec![inclusive_range_error(0, MAX_ID)]
    }
}

/// `IsValidGroupID`: 0 to 2147483647.
pub(crate) fn group_id(v: i64) -> Vec<String> {
    user_id(v)
}

/// `IsValidSysctlName`: at most 253 bytes of segments `[a-z0-9]([-_a-z0-9]*[a-z0-9])?` joined by
/// `.` or `/`. The caller renders the message (`must have at most 253 characters and match regex
/// ...`).
pub(crate) fn sysctl_name(v: &str) -> bool {
    v.len() <= SYSCTL_MAX_LEN && is_sysctl(v.as_bytes())
}

/// `validateLocalDescendingPath`: `must be a relative path` if it starts with `/`, then
/// [`path_no_backsteps`].
pub(crate) fn local_descending_path(p: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if p.starts_with('/') {
        errs.push("must be a relative path".to_owned());
    }
    if p.split('/').any(|part| part == "..") {
        errs.push("must not contain '..'".to_owned());
    }
    errs
}

/// `validatePathNoBacksteps`: one `must not contain '..'` if any `/`-separated element is `..`.
pub(crate) fn path_no_backsteps(p: &str) -> Vec<String> {
    if p.split('/').any(|part| part == "..") {
        vec!["must not contain '..'".to_owned()]
    } else {
        Vec::new()
    }
}

/// `ValidateLocalNonReservedPath`: [`local_descending_path`] plus `must not start with '..'` when
/// it starts with `..` but not `../` (so `..` alone gets both `..` messages).
pub(crate) fn local_non_reserved_path(p: &str) -> Vec<String> {
    let mut errs = local_descending_path(p);
    if p.starts_with("..") && !p.starts_with("../") {
        errs.push("must not start with '..'".to_owned());
    }
    errs
}

/// `NameIsDNSSubdomain`: [`dns1123_subdomain`], after `maskTrailingDash` in prefix mode.
pub(crate) fn name_is_dns_subdomain(v: &str, prefix: bool) -> Vec<String> {
    dns1123_subdomain_of(Name::masked(v, prefix))
}

/// `NameIsDNSLabel`: [`dns1123_label`], after `maskTrailingDash` in prefix mode.
pub(crate) fn name_is_dns_label(v: &str, prefix: bool) -> Vec<String> {
    dns1123_label_of(Name::masked(v, prefix))
}

/// `NameIsDNS1035Label`: [`dns1035_label`], after `maskTrailingDash` in prefix mode.
pub(crate) fn name_is_dns1035_label(v: &str, prefix: bool) -> Vec<String> {
    dns1035_label_of(Name::masked(v, prefix))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const LABEL_RE: &str = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
    const SUBDOMAIN_RE: &str = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
    const DNS1035_RE: &str = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
    const NAME_PART_RE: &str = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
    const LABEL_VALUE_RE: &str = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
    const CONFIG_KEY_RE: &str = "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";
    const ENV_RE: &str = "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')";
    const RELAXED_ENV: &str = "a valid environment variable name must consist only of printable ASCII characters other than '='";
    const PORT_CHARSET: &str =
        "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)";
    const PORT_LETTER: &str = "must contain at least one letter (a-z)";
    const PORT_DOUBLE: &str = "must not contain consecutive hyphens";
    const PORT_EDGE: &str = "must not begin or end with a hyphen";

    fn ok(errs: &[String]) {
        assert!(errs.is_empty(), "unexpected errors: {errs:?}");
    }

    #[test]
    fn regex_error_layout() {
        assert_eq!(
            regex_error("m", "f", &[]),
            "m (regex used for validation is 'f')"
        );
        assert_eq!(
            regex_error("m", "f", &["a"]),
            "m (e.g. 'a', regex used for validation is 'f')"
        );
        assert_eq!(
            regex_error("m", "f", &["a", "b"]),
            "m (e.g. 'a',  or 'b', regex used for validation is 'f')"
        );
        assert_eq!(
            regex_error("m", "f", &["a", "b", "c"]),
            "m (e.g. 'a',  or 'b',  or 'c', regex used for validation is 'f')"
        );
    }

    #[test]
    fn dns1123_label_cases() {
        for v in ["a", "0", "a-1", "1--a--b--2", "my-name", &"a".repeat(63)] {
            ok(&dns1123_label(v));
        }
        assert_eq!(dns1123_label("My_Name"), vec![LABEL_RE.to_owned()]);
        assert_eq!(dns1123_label(""), vec![LABEL_RE.to_owned()]);
        assert_eq!(dns1123_label("-a"), vec![LABEL_RE.to_owned()]);
        assert_eq!(
            dns1123_label("a.b"),
            vec!["must not contain dots".to_owned()]
        );
        assert_eq!(dns1123_label("a..b"), vec![LABEL_RE.to_owned()]);
        assert_eq!(
            dns1123_label(&"a".repeat(64)),
            vec!["must be no more than 63 characters".to_owned()]
        );
        assert_eq!(
            dns1123_label(&format!("{}.b", "a".repeat(63))),
            vec![
                "must be no more than 63 characters".to_owned(),
                "must not contain dots".to_owned()
            ]
        );
        assert_eq!(dns1123_label("ä"), vec![LABEL_RE.to_owned()]);
        assert_eq!(dns1123_label("a\tb"), vec![LABEL_RE.to_owned()]);
    }

    #[test]
    fn dns1123_subdomain_cases() {
        for v in [
            "a",
            "example.com",
            "a-1.b-2.c",
            "1.2.3.4",
            "a--b.c",
            &"a".repeat(253),
        ] {
            ok(&dns1123_subdomain(v));
        }
        // each dot-separated part is not limited to 63
        ok(&dns1123_subdomain(&format!("{}.com", "a".repeat(100))));
        assert_eq!(dns1123_subdomain("a..b"), vec![SUBDOMAIN_RE.to_owned()]);
        for v in ["", ".a", "a.", "a-.b", "a.-b", "A.b", "a_b", "ä", "a b"] {
            assert_eq!(dns1123_subdomain(v), vec![SUBDOMAIN_RE.to_owned()], "{v:?}");
        }
        assert_eq!(
            dns1123_subdomain(&"a".repeat(254)),
            vec!["must be no more than 253 characters".to_owned()]
        );
        assert_eq!(
            dns1123_subdomain(&format!("{}-", "a".repeat(254))),
            vec![
                "must be no more than 253 characters".to_owned(),
                SUBDOMAIN_RE.to_owned()
            ]
        );
    }

    #[test]
    fn dns1035_label_cases() {
        for v in ["a", "my-name", "abc-123", &"a".repeat(63)] {
            ok(&dns1035_label(v));
        }
        for v in ["1abc", "", "a.b", "a-", "A", "ä"] {
            assert_eq!(dns1035_label(v), vec![DNS1035_RE.to_owned()], "{v:?}");
        }
        assert_eq!(
            dns1035_label(&"a".repeat(64)),
            vec!["must be no more than 63 characters".to_owned()]
        );
    }

    #[test]
    fn qualified_name_cases() {
        for v in [
            "simple",
            "example.com/MyName",
            "Uppercase_Is_OK_123",
            "a.b-c_d",
            "1234/5678",
            "kubernetes.io/metadata.name",
            &"a".repeat(63),
            &format!("{}/{}", "a".repeat(253), "b".repeat(63)),
        ] {
            ok(&qualified_name(v));
        }
        assert_eq!(
            qualified_name("/x"),
            vec!["prefix part must be non-empty".to_owned()]
        );
        assert_eq!(
            qualified_name("Example.COM/x"),
            vec![format!("prefix part {SUBDOMAIN_RE}")]
        );
        assert_eq!(
            qualified_name("example.com/"),
            vec![
                "name part must be non-empty".to_owned(),
                NAME_PART_RE.to_owned()
            ]
        );
        assert_eq!(
            qualified_name(""),
            vec![
                "name part must be non-empty".to_owned(),
                NAME_PART_RE.to_owned()
            ]
        );
        assert_eq!(qualified_name("-bad"), vec![NAME_PART_RE.to_owned()]);
        assert_eq!(
            qualified_name(&"a".repeat(64)),
            vec!["name part must be no more than 63 characters".to_owned()]
        );
        assert_eq!(
            qualified_name(&format!("{}/a", "a".repeat(254))),
            vec!["prefix part must be no more than 253 characters".to_owned()]
        );
        let tail = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')";
        assert_eq!(
            qualified_name("a/b/c"),
            vec![format!("a qualified name {tail}")]
        );
        assert_eq!(
            qualified_name_versioned("a/b/c", 33),
            vec![format!("a qualified name {tail}")]
        );
        assert_eq!(
            qualified_name_versioned("a/b/c", 34),
            vec![format!("a valid label key {tail}")]
        );
        assert_eq!(
            qualified_name_versioned("//", 37),
            vec![format!("a valid label key {tail}")]
        );
        // annotation keys are checked after lower-casing by the caller
        ok(&qualified_name(&"Example.COM/Foo".to_lowercase()));
    }

    #[test]
    fn label_value_cases() {
        for v in [
            "",
            "a",
            "MyValue",
            "my_value",
            "12345",
            "a.b-c_d",
            &"a".repeat(63),
        ] {
            ok(&label_value(v));
        }
        assert_eq!(label_value("-bad"), vec![LABEL_VALUE_RE.to_owned()]);
        assert_eq!(label_value("my value"), vec![LABEL_VALUE_RE.to_owned()]);
        assert_eq!(label_value("ä"), vec![LABEL_VALUE_RE.to_owned()]);
        assert_eq!(
            label_value(&"a".repeat(64)),
            vec!["must be no more than 63 characters".to_owned()]
        );
        assert_eq!(
            label_value(&format!("{}-", "a".repeat(64))),
            vec![
                "must be no more than 63 characters".to_owned(),
                LABEL_VALUE_RE.to_owned()
            ]
        );
    }

    #[test]
    fn config_map_key_cases() {
        for v in [
            "key.name",
            "KEY_NAME",
            "key-name",
            ".env",
            "a..b",
            "-",
            "_",
            &"a".repeat(253),
        ] {
            ok(&config_map_key(v));
        }
        assert_eq!(config_map_key("a b"), vec![CONFIG_KEY_RE.to_owned()]);
        assert_eq!(config_map_key(""), vec![CONFIG_KEY_RE.to_owned()]);
        assert_eq!(config_map_key("a/b"), vec![CONFIG_KEY_RE.to_owned()]);
        assert_eq!(config_map_key("."), vec!["must not be '.'".to_owned()]);
        assert_eq!(config_map_key(".."), vec!["must not be '..'".to_owned()]);
        assert_eq!(
            config_map_key("..a"),
            vec!["must not start with '..'".to_owned()]
        );
        assert_eq!(
            config_map_key("../x"),
            vec![
                CONFIG_KEY_RE.to_owned(),
                "must not start with '..'".to_owned()
            ]
        );
        assert_eq!(
            config_map_key(&"a".repeat(254)),
            vec!["must be no more than 253 characters".to_owned()]
        );
    }

    #[test]
    fn env_var_name_strict() {
        for v in [
            "MY_VAR",
            "my.var-1",
            "-x",
            ".x",
            "_",
            ".env",
            "a..b",
            "MyEnvName1",
        ] {
            ok(&env_var_name(v, false));
        }
        for v in ["1VAR", "MY VAR", "a:b", "A=B", "ä", "a\tb", "", "$x"] {
            assert_eq!(env_var_name(v, false), vec![ENV_RE.to_owned()], "{v:?}");
        }
        assert_eq!(env_var_name(".", false), vec!["must not be '.'".to_owned()]);
        assert_eq!(
            env_var_name("..", false),
            vec!["must not be '..'".to_owned()]
        );
        assert_eq!(
            env_var_name("..x", false),
            vec!["must not start with '..'".to_owned()]
        );
        assert_eq!(
            env_var_name("../x", false),
            vec![ENV_RE.to_owned(), "must not start with '..'".to_owned()]
        );
    }

    #[test]
    fn env_var_name_relaxed() {
        for v in [
            "1VAR", "MY VAR", "a:b", "$x", ".", "..", "..x", " ", "~", "-x",
        ] {
            ok(&env_var_name(v, true));
        }
        for v in ["A=B", "=", "ä", "a\tb", "a\u{7f}", "a\nb"] {
            assert_eq!(env_var_name(v, true), vec![RELAXED_ENV.to_owned()], "{v:?}");
        }
        assert_eq!(
            env_var_name("", true),
            vec!["environment variable name must be non-empty".to_owned()]
        );
    }

    #[test]
    fn port_name_cases() {
        for v in ["http", "h-p", "a", "8080a", "metrics-2", &"a".repeat(15)] {
            ok(&port_name(v));
        }
        assert_eq!(port_name("h--p"), vec![PORT_DOUBLE.to_owned()]);
        assert_eq!(port_name("-http"), vec![PORT_EDGE.to_owned()]);
        assert_eq!(port_name("http-"), vec![PORT_EDGE.to_owned()]);
        assert_eq!(port_name("8080"), vec![PORT_LETTER.to_owned()]);
        assert_eq!(
            port_name("HTTP"),
            vec![PORT_CHARSET.to_owned(), PORT_LETTER.to_owned()]
        );
        assert_eq!(
            port_name(""),
            vec![PORT_CHARSET.to_owned(), PORT_LETTER.to_owned()]
        );
        assert_eq!(
            port_name(&"a".repeat(16)),
            vec!["must be no more than 15 characters".to_owned()]
        );
        assert_eq!(
            port_name("-HTTP--1234567890-"),
            vec![
                "must be no more than 15 characters".to_owned(),
                PORT_CHARSET.to_owned(),
                PORT_LETTER.to_owned(),
                PORT_DOUBLE.to_owned(),
                PORT_EDGE.to_owned(),
            ]
        );
        assert_eq!(
            port_name("-"),
            vec![PORT_LETTER.to_owned(), PORT_EDGE.to_owned()]
        );
        assert_eq!(
            port_name("ä"),
            vec![PORT_CHARSET.to_owned(), PORT_LETTER.to_owned()]
        );
    }

    #[test]
    fn numeric_ranges() {
        for v in [1, 80, 65535] {
            ok(&port_number(v));
        }
        for v in [0, -1, 65536, i32::MIN, i32::MAX] {
            assert_eq!(
                port_number(v),
                vec!["must be between 1 and 65535, inclusive".to_owned()]
            );
        }
        for v in [0, 1000, 2_147_483_647] {
            ok(&user_id(v));
            ok(&group_id(v));
        }
        for v in [-1, 2_147_483_648, 4_294_967_295, i64::MIN, i64::MAX] {
            let want = vec!["must be between 0 and 2147483647, inclusive".to_owned()];
            assert_eq!(user_id(v), want);
            assert_eq!(group_id(v), want);
        }
    }

    #[test]
    fn percent_cases() {
        for v in ["0%", "1%", "93%", "150%", "007%"] {
            ok(&percent(v));
        }
        let want = vec!["a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')".to_owned()];
        for v in ["%", "", "1", "1.5%", "-1%", "1%%", " 1%", "٣%"] {
            assert_eq!(percent(v), want, "{v:?}");
        }
    }

    #[test]
    fn http_header_name_cases() {
        for v in ["X-Header-Name", "a", "-", "Content-Type", "X1"] {
            ok(&http_header_name(v));
        }
        let want = vec!["a valid HTTP header must consist of alphanumeric characters or '-' (e.g. 'X-Header-Name', regex used for validation is '[-A-Za-z0-9]+')".to_owned()];
        for v in ["", "X_Header", "X Header", "X:1", "ä"] {
            assert_eq!(http_header_name(v), want, "{v:?}");
        }
    }

    #[test]
    fn path_segment_name_cases() {
        for v in [
            "system:controller:foo",
            "Admin Role",
            "UPPER",
            "...",
            ".a",
            "",
            "ä",
        ] {
            ok(&path_segment_name(v, false));
        }
        assert_eq!(
            path_segment_name(".", false),
            vec!["may not be '.'".to_owned()]
        );
        assert_eq!(
            path_segment_name("..", false),
            vec!["may not be '..'".to_owned()]
        );
        assert_eq!(
            path_segment_name("a/b", false),
            vec!["may not contain '/'".to_owned()]
        );
        assert_eq!(
            path_segment_name("a%b", false),
            vec!["may not contain '%'".to_owned()]
        );
        assert_eq!(
            path_segment_name("/%", false),
            vec![
                "may not contain '/'".to_owned(),
                "may not contain '%'".to_owned()
            ]
        );
        ok(&path_segment_name(".", true));
        ok(&path_segment_name("..", true));
        assert_eq!(
            path_segment_name("a/", true),
            vec!["may not contain '/'".to_owned()]
        );
    }

    #[test]
    fn sysctl_name_cases() {
        for v in [
            "kernel.shm_rmid_forced",
            "net.ipv4.ip_local_port_range",
            "net/ipv4/conf/eth0.100/forwarding",
            "a",
            "a_b-c",
            &"a".repeat(253),
        ] {
            assert!(sysctl_name(v), "{v:?}");
        }
        for v in [
            "",
            "Kernel.x",
            "a..b",
            ".a",
            "a.",
            "_a",
            "a_",
            "a./b",
            "a b",
            "ä",
            &"a".repeat(254),
        ] {
            assert!(!sysctl_name(v), "{v:?}");
        }
    }

    #[test]
    fn path_helpers() {
        for v in ["a", "a/b", "..foo", "foo..", "a/..b/c", "", ".", "./a"] {
            ok(&path_no_backsteps(v));
            ok(&local_descending_path(v));
        }
        let back = vec!["must not contain '..'".to_owned()];
        for v in ["..", "../x", "a/../b", "a/..", "../../.."] {
            assert_eq!(path_no_backsteps(v), back, "{v:?}");
        }
        ok(&path_no_backsteps("/etc"));
        assert_eq!(
            local_descending_path("/etc"),
            vec!["must be a relative path".to_owned()]
        );
        assert_eq!(
            local_descending_path("/../x"),
            vec![
                "must be a relative path".to_owned(),
                "must not contain '..'".to_owned()
            ]
        );
        assert_eq!(local_descending_path("../secret"), back);
        ok(&local_descending_path("..foo"));

        ok(&local_non_reserved_path("a/b"));
        ok(&local_non_reserved_path("a..b"));
        assert_eq!(
            local_non_reserved_path("..foo"),
            vec!["must not start with '..'".to_owned()]
        );
        assert_eq!(local_non_reserved_path("../x"), back);
        assert_eq!(
            local_non_reserved_path(".."),
            vec![
                "must not contain '..'".to_owned(),
                "must not start with '..'".to_owned()
            ]
        );
        assert_eq!(
            local_non_reserved_path("/etc/x"),
            vec!["must be a relative path".to_owned()]
        );
    }

    #[test]
    fn name_functions() {
        // plain mode equals the underlying checks
        assert_eq!(
            name_is_dns_subdomain("my-", false),
            vec![SUBDOMAIN_RE.to_owned()]
        );
        assert_eq!(name_is_dns_label("my-", false), vec![LABEL_RE.to_owned()]);
        assert_eq!(
            name_is_dns1035_label("my-", false),
            vec![DNS1035_RE.to_owned()]
        );
        // prefix mode masks one trailing dash
        ok(&name_is_dns_subdomain("my-", true));
        ok(&name_is_dns_label("my-", true));
        ok(&name_is_dns1035_label("my-", true));
        ok(&name_is_dns_subdomain("a.b-", true));
        // upstream quirk: the last two bytes are replaced by "a"
        ok(&name_is_dns_label("A-", true));
        ok(&name_is_dns_subdomain("a.-", true));
        ok(&name_is_dns1035_label("1-", true));
        // a lone "-" is not masked
        assert_eq!(name_is_dns_label("-", true), vec![LABEL_RE.to_owned()]);
        assert_eq!(
            name_is_dns_subdomain("-", true),
            vec![SUBDOMAIN_RE.to_owned()]
        );
        // "--" becomes "a"
        ok(&name_is_dns_subdomain("--", true));
        // "a--" becomes "aa", "a---" becomes "a-a"
        ok(&name_is_dns_label("a--", true));
        ok(&name_is_dns_label("a---", true));
        assert_eq!(
            name_is_dns_label("a.b-", true),
            vec!["must not contain dots".to_owned()]
        );
        assert_eq!(name_is_dns_label("-a-", true), vec![LABEL_RE.to_owned()]);
        // lengths are those of the masked name (one byte shorter)
        ok(&name_is_dns_label(&format!("{}-", "a".repeat(63)), true));
        assert_eq!(
            name_is_dns_label(&format!("{}-", "a".repeat(64)), true),
            vec!["must be no more than 63 characters".to_owned()]
        );
        ok(&name_is_dns_subdomain(
            &format!("{}-", "a".repeat(253)),
            true,
        ));
        // a multi-byte character before the dash is split, like Go's byte slicing
        assert_eq!(name_is_dns_label("aä-", true), vec![LABEL_RE.to_owned()]);
        assert_eq!(name_is_dns_label("aé-", true), vec![LABEL_RE.to_owned()]);
        // without prefix mode nothing is masked
        ok(&name_is_dns_subdomain("example.com", false));
        ok(&name_is_dns_label("web-0", true));
    }

    fn interesting() -> impl Strategy<Value = String> {
        prop_oneof![
            any::<String>(),
            "[a-z0-9.\\-]{0,70}",
            "[a-z0-9.\\-]{240,270}",
            "[A-Za-z0-9_./%= \\-]{0,80}",
            "[a-zä\\-./]{0,8}",
        ]
    }

    proptest! {
        #[test]
        fn never_panics(v in interesting(), prefix: bool, relaxed: bool, minor in 0u32..50, n: i64, p: i32) {
            let _ = dns1123_label(&v);
            let _ = dns1123_subdomain(&v);
            let _ = dns1035_label(&v);
            let _ = qualified_name(&v);
            let _ = qualified_name_versioned(&v, minor);
            let _ = label_value(&v);
            let _ = config_map_key(&v);
            let _ = env_var_name(&v, relaxed);
            let _ = port_name(&v);
            let _ = port_number(p);
            let _ = percent(&v);
            let _ = http_header_name(&v);
            let _ = path_segment_name(&v, prefix);
            let _ = user_id(n);
            let _ = group_id(n);
            let _ = sysctl_name(&v);
            let _ = local_descending_path(&v);
            let _ = path_no_backsteps(&v);
            let _ = local_non_reserved_path(&v);
            let _ = name_is_dns_subdomain(&v, prefix);
            let _ = name_is_dns_label(&v, prefix);
            let _ = name_is_dns1035_label(&v, prefix);
        }

        #[test]
        fn label_implies_subdomain(v in interesting()) {
            if dns1123_label(&v).is_empty() {
                prop_assert!(dns1123_subdomain(&v).is_empty());
            }
            if dns1035_label(&v).is_empty() {
                prop_assert!(dns1123_label(&v).is_empty());
            }
            if dns1123_label(&v).is_empty() {
                prop_assert!(label_value(&v).is_empty());
                prop_assert!(qualified_name(&v).is_empty());
            }
            if dns1123_subdomain(&v).is_empty() {
                prop_assert!(config_map_key(&v).is_empty());
            }
        }

        #[test]
        fn plain_name_functions_match(v in interesting()) {
            prop_assert_eq!(name_is_dns_subdomain(&v, false), dns1123_subdomain(&v));
            prop_assert_eq!(name_is_dns_label(&v, false), dns1123_label(&v));
            prop_assert_eq!(name_is_dns1035_label(&v, false), dns1035_label(&v));
            if !v.ends_with('-') || v.len() < 2 {
                prop_assert_eq!(name_is_dns_subdomain(&v, true), dns1123_subdomain(&v));
            }
        }

        #[test]
        fn errors_only_when_invalid(v in "[a-z0-9]{1,63}") {
            prop_assert!(dns1123_label(&v).is_empty());
            prop_assert!(label_value(&v).is_empty());
            let key = format!("example.com/{v}");
            prop_assert!(qualified_name(&key).is_empty());
            prop_assert!(config_map_key(&v).is_empty());
        }
    }
}
