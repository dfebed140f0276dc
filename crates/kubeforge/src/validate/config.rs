//! ConfigMap and Secret rules (RULES.md §4): names, keys, sizes, per-type required keys.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::{ConfigMap, Secret};

use super::meta::{self, NameRule};
use super::{Ctx, Path, Validate, format};

/// `core.MaxSecretSize`: the data of a ConfigMap or Secret may not exceed 1 MiB.
pub(crate) const MAX_SIZE: usize = 1024 * 1024;

impl Validate for ConfigMap {
    fn object_ref(&self) -> String {
        format!("ConfigMap/{}", self.metadata.name.as_deref().unwrap_or(""))
    }

    fn check(&self, ctx: &mut Ctx) {
        meta::object_meta(ctx, &self.metadata, NameRule::Subdomain, true);
        let data_path = Path::root("data");
        let bin_path = Path::root("binaryData");
        let mut size = 0usize;
        for (k, v) in self.data.iter().flatten() {
            let p = data_path.key(k);
            ctx.invalid_all(&p, k, format::config_map_key(k));
            if self.binary_data.as_ref().is_some_and(|b| b.contains_key(k)) {
                ctx.invalid(&p, k, "duplicate of key present in binaryData");
            }
            size = size.saturating_add(v.len());
        }
        for (k, v) in self.binary_data.iter().flatten() {
            ctx.invalid_all(&bin_path.key(k), k, format::config_map_key(k));
            size = size.saturating_add(v.0.len());
        }
        if size > MAX_SIZE {
            ctx.too_long(&Path::root("").key(""), MAX_SIZE);
        }
    }
}

impl Validate for Secret {
    fn object_ref(&self) -> String {
        format!("Secret/{}", self.metadata.name.as_deref().unwrap_or(""))
    }

    fn check(&self, ctx: &mut Ctx) {
        meta::object_meta(ctx, &self.metadata, NameRule::Subdomain, true);
        // stringData is merged into data before validation (and wins on equal keys).
        let mut merged: BTreeMap<&str, usize> = BTreeMap::new();
        for (k, v) in self.data.iter().flatten() {
            merged.insert(k, v.0.len());
        }
        for (k, v) in self.string_data.iter().flatten() {
            merged.insert(k, v.len());
        }
        let data_path = Path::root("data");
        let mut size = 0usize;
        for (k, len) in &merged {
            ctx.invalid_all(&data_path.key(k), k, format::config_map_key(k));
            size = size.saturating_add(*len);
        }
        if size > MAX_SIZE {
            ctx.too_long(&data_path, MAX_SIZE);
        }
        let value = |key: &str| -> Option<Vec<u8>> {
            self.string_data
                .as_ref()
                .and_then(|s| s.get(key))
                .map(|s| s.as_bytes().to_vec())
                .or_else(|| {
                    self.data
                        .as_ref()
                        .and_then(|d| d.get(key))
                        .map(|b| b.0.clone())
                })
        };
        match self.type_.as_deref().unwrap_or("Opaque") {
            "kubernetes.io/service-account-token" => {
                let name = self
                    .metadata
                    .annotations
                    .as_ref()
                    .and_then(|a| a.get("kubernetes.io/service-account.name"))
                    .map_or("", String::as_str);
                if name.is_empty() {
                    let ap = Path::root("metadata");
                    let ap = ap.child("annotations");
                    ctx.required(&ap.key("kubernetes.io/service-account.name"), "");
                }
            }
            t @ ("kubernetes.io/dockercfg" | "kubernetes.io/dockerconfigjson") => {
                let key = if t.ends_with("json") {
                    ".dockerconfigjson"
                } else {
                    ".dockercfg"
                };
                match value(key) {
                    None => ctx.required(&data_path.key(key), ""),
                    Some(bytes) => {
                        if let Some(message) = go_json_map_error(&bytes) {
                            ctx.invalid(&data_path.key(key), "<secret contents redacted>", message);
                        }
                    }
                }
            }
            "kubernetes.io/basic-auth"
                if value("username").is_none() && value("password").is_none() =>
            {
                ctx.required(&data_path.key("username"), "");
                ctx.required(&data_path.key("password"), "");
            }
            "kubernetes.io/ssh-auth" if value("ssh-privatekey").is_none_or(|v| v.is_empty()) => {
                ctx.required(&data_path.key("ssh-privatekey"), "");
            }
            "kubernetes.io/tls" => {
                for key in ["tls.crt", "tls.key"] {
                    if value(key).is_none() {
                        ctx.required(&data_path.key(key), "");
                    }
                }
            }
            _ => {}
        }
    }
}

/// Why Go's `json.Unmarshal` into a `map[string]interface{}` fails on `bytes`, in Go's words
/// (`None` when it succeeds: an object, or `null`). Syntax errors at the start of the document
/// are worded as Go does; deeper syntax errors keep serde_json's wording.
fn go_json_map_error(bytes: &[u8]) -> Option<String> {
    match serde_json::from_slice::<serde_json::Value>(bytes) {
        Ok(serde_json::Value::Object(_) | serde_json::Value::Null) => None,
        Ok(other) => {
            let ty = match other {
                serde_json::Value::Array(_) => "array",
                serde_json::Value::String(_) => "string",
                serde_json::Value::Number(_) => "number",
                _ => "bool",
            };
            Some(format!(
                "json: cannot unmarshal {ty} into Go value of type map[string]interface {{}}"
            ))
        }
        Err(e) => Some(go_syntax_error(bytes).unwrap_or_else(|| e.to_string())),
    }
}

/// Go's message for a syntax error in the first token, if that is where it is.
fn go_syntax_error(bytes: &[u8]) -> Option<String> {
    let quote = |b: u8| match b {
        b'\'' => "'\\''".to_owned(),
        b if b.is_ascii_graphic() || b == b' ' => format!("'{}'", char::from(b)),
        b => format!("'\\x{b:02x}'"),
    };
    let start = bytes.iter().position(|b| !b" \t\r\n".contains(b));
    let Some(start) = start else {
        return Some("unexpected end of JSON input".to_owned());
    };
    let rest = bytes.get(start..).unwrap_or_default();
    let first = *rest.first()?;
    let literal: &[u8] = match first {
        b'n' => b"null",
        b't' => b"true",
        b'f' => b"false",
        b'{' | b'[' | b'"' | b'-' | b'0'..=b'9' => return None,
        other => {
            return Some(format!(
                "invalid character {} looking for beginning of value",
                quote(other)
            ));
        }
    };
    let name = std::str::from_utf8(literal).unwrap_or_default();
    for (i, expected) in literal.iter().enumerate().skip(1) {
        match rest.get(i) {
            None => return Some("unexpected end of JSON input".to_owned()),
            Some(got) if got != expected => {
                return Some(format!(
                    "invalid character {} in literal {name} (expecting {})",
                    quote(*got),
                    quote(*expected)
                ));
            }
            Some(_) => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::go_json_map_error;

    #[test]
    fn json_errors_in_go_words() {
        assert_eq!(
            go_json_map_error(b"notjson").as_deref(),
            Some("invalid character 'o' in literal null (expecting 'u')")
        );
        assert_eq!(
            go_json_map_error(b"[]").as_deref(),
            Some("json: cannot unmarshal array into Go value of type map[string]interface {}")
        );
        assert_eq!(
            go_json_map_error(b"x").as_deref(),
            Some("invalid character 'x' looking for beginning of value")
        );
        assert_eq!(
            go_json_map_error(b"").as_deref(),
            Some("unexpected end of JSON input")
        );
        assert_eq!(go_json_map_error(br#"{"auths":{}}"#), None);
        assert_eq!(go_json_map_error(b"null"), None);
    }
}
