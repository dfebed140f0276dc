//! The one place where kubeforge turns values into YAML.
//!
//! Everything is written by serde-saphyr with its default, YAML 1.1 compatible options (never
//! `yaml_12`): it already quotes every YAML 1.1 spelling (`yes`, `on`, `y`, `~`, `0755`,
//! `1_000`, `12:30`, dates, `<<`, `=`) and escapes control characters, `\r`, BOM and
//! U+2028/U+2029, so kubectl (go-yaml v2, YAML 1.1) reads back exactly what was written.
//!
//! # The guard
//!
//! serde-saphyr 2.2 writes a multi-line string whose first non-empty line starts with a tab as a
//! `|` block scalar without an indentation indicator. YAML 1.2 allows that, but libyaml-based
//! readers (kubectl's included) refuse the whole file with "found a tab character where an
//! indentation space is expected" (see `shared/k8s-rules/YAML.md`). [`GuardedSerializer`] wraps
//! serde-saphyr's serializer, forwards every call unchanged and intercepts only `serialize_str`:
//! such strings are written double-quoted through [`serde_saphyr::DoubleQuoted`]. No value is
//! copied or converted on the way (no `serde_json::Value` detour).
//!
//! # What serde-saphyr writes for empty and missing values
//!
//! - `Option::None` as a struct field: `null`. k8s-openapi's `Serialize` impls skip `None`
//!   fields themselves, so unset fields never show up in manifests.
//! - Empty maps and lists: `{}` and `[]`. They appear only when an object holds
//!   `Some(empty)`, which kubeforge's builders never produce.

use serde::ser::{
    Serialize, SerializeMap, SerializeSeq, SerializeStruct, SerializeStructVariant, SerializeTuple,
    SerializeTupleStruct, SerializeTupleVariant, Serializer,
};
use serde_saphyr::{DoubleQuoted, SerializeError};

/// Appends `value` as ONE YAML document (no `---` marker) to `out`, with the guard applied.
///
/// The document ends with a newline. Documents appended one after another and joined with
/// `---\n` form a valid multi-document stream. On error, `out` is left as it was.
///
/// The guard costs a second layer of serializer calls for every value, so the document is first
/// written without it. The defect it guards against (a tab-led block scalar) needs a literal tab
/// in the output: when the unguarded document has no tab byte, every string the guard would
/// change was already written double-quoted with `\t` escapes, and the document is kept. Only a
/// document that contains a tab is written again through the guard.
///
/// # Errors
///
/// Fails when `value`'s `Serialize` impl fails.
pub(crate) fn append<T>(out: &mut String, value: &T) -> Result<(), SerializeError>
where
    T: Serialize + ?Sized,
{
    let start = out.len();
    let unguarded = serde_saphyr::to_fmt_writer(out, &value);
    let written = out.as_bytes().get(start..).unwrap_or_default();
    if unguarded.is_ok() && memchr::memchr(b'\t', written).is_none() {
        return Ok(());
    }
    out.truncate(start);
    let guarded = serde_saphyr::to_fmt_writer(out, &Guarded(value));
    if guarded.is_err() {
        out.truncate(start);
    }
    guarded
}

/// Returns `value` as ONE YAML document, with the guard applied (see [`append`]).
///
/// # Errors
///
/// Fails when `value`'s `Serialize` impl fails.
pub(crate) fn to_string<T>(value: &T) -> Result<String, SerializeError>
where
    T: Serialize + ?Sized,
{
    let mut out = String::new();
    append(&mut out, value)?;
    Ok(out)
}

/// Always guarded: the reference the fast path of [`append`] is tested against.
#[cfg(test)]
fn to_string_guarded<T: Serialize + ?Sized>(value: &T) -> Result<String, SerializeError> {
    serde_saphyr::to_string(&Guarded(value))
}

/// True for strings that serde-saphyr 2.2 would write as a block scalar kubectl cannot read:
/// multi-line strings whose first non-empty line (split on `\n`) starts with a tab.
#[inline]
pub(crate) fn needs_double_quotes(s: &str) -> bool {
    s.trim_start_matches('\n').starts_with('\t') && s.contains('\n')
}

/// A value serialized through [`GuardedSerializer`].
struct Guarded<'a, T: ?Sized>(&'a T);

impl<T: Serialize + ?Sized> Serialize for Guarded<'_, T> {
    #[inline]
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(GuardedSerializer(serializer))
    }
}

/// A serde `Serializer` (and compound serializer) adapter: forwards every call to the wrapped
/// serializer, wraps nested values so the guard reaches them, and writes strings that
/// [`needs_double_quotes`] as [`DoubleQuoted`].
struct GuardedSerializer<S>(S);

impl<S: Serializer> Serializer for GuardedSerializer<S> {
    type Ok = S::Ok;
    type Error = S::Error;
    type SerializeSeq = GuardedSerializer<S::SerializeSeq>;
    type SerializeTuple = GuardedSerializer<S::SerializeTuple>;
    type SerializeTupleStruct = GuardedSerializer<S::SerializeTupleStruct>;
    type SerializeTupleVariant = GuardedSerializer<S::SerializeTupleVariant>;
    type SerializeMap = GuardedSerializer<S::SerializeMap>;
    type SerializeStruct = GuardedSerializer<S::SerializeStruct>;
    type SerializeStructVariant = GuardedSerializer<S::SerializeStructVariant>;

    #[inline]
    fn serialize_str(self, v: &str) -> Result<S::Ok, S::Error> {
        if needs_double_quotes(v) {
            DoubleQuoted(v).serialize(self.0)
        } else {
            self.0.serialize_str(v)
        }
    }

    #[inline]
    fn serialize_bool(self, v: bool) -> Result<S::Ok, S::Error> {
        self.0.serialize_bool(v)
    }
    #[inline]
    fn serialize_i8(self, v: i8) -> Result<S::Ok, S::Error> {
        self.0.serialize_i8(v)
    }
    #[inline]
    fn serialize_i16(self, v: i16) -> Result<S::Ok, S::Error> {
        self.0.serialize_i16(v)
    }
    #[inline]
    fn serialize_i32(self, v: i32) -> Result<S::Ok, S::Error> {
        self.0.serialize_i32(v)
    }
    #[inline]
    fn serialize_i64(self, v: i64) -> Result<S::Ok, S::Error> {
        self.0.serialize_i64(v)
    }
    #[inline]
    fn serialize_i128(self, v: i128) -> Result<S::Ok, S::Error> {
        self.0.serialize_i128(v)
    }
    #[inline]
    fn serialize_u8(self, v: u8) -> Result<S::Ok, S::Error> {
        self.0.serialize_u8(v)
    }
    #[inline]
    fn serialize_u16(self, v: u16) -> Result<S::Ok, S::Error> {
        self.0.serialize_u16(v)
    }
    #[inline]
    fn serialize_u32(self, v: u32) -> Result<S::Ok, S::Error> {
        self.0.serialize_u32(v)
    }
    #[inline]
    fn serialize_u64(self, v: u64) -> Result<S::Ok, S::Error> {
        self.0.serialize_u64(v)
    }
    #[inline]
    fn serialize_u128(self, v: u128) -> Result<S::Ok, S::Error> {
        self.0.serialize_u128(v)
    }
    #[inline]
    fn serialize_f32(self, v: f32) -> Result<S::Ok, S::Error> {
        self.0.serialize_f32(v)
    }
    #[inline]
    fn serialize_f64(self, v: f64) -> Result<S::Ok, S::Error> {
        self.0.serialize_f64(v)
    }
    #[inline]
    fn serialize_char(self, v: char) -> Result<S::Ok, S::Error> {
        self.0.serialize_char(v)
    }
    #[inline]
    fn serialize_bytes(self, v: &[u8]) -> Result<S::Ok, S::Error> {
        self.0.serialize_bytes(v)
    }
    #[inline]
    fn serialize_none(self) -> Result<S::Ok, S::Error> {
        self.0.serialize_none()
    }
    #[inline]
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<S::Ok, S::Error> {
        self.0.serialize_some(&Guarded(value))
    }
    #[inline]
    fn serialize_unit(self) -> Result<S::Ok, S::Error> {
        self.0.serialize_unit()
    }
    #[inline]
    fn serialize_unit_struct(self, name: &'static str) -> Result<S::Ok, S::Error> {
        self.0.serialize_unit_struct(name)
    }
    #[inline]
    fn serialize_unit_variant(
        self,
        name: &'static str,
        variant_index: u32,
        variant: &'static str,
    ) -> Result<S::Ok, S::Error> {
        self.0.serialize_unit_variant(name, variant_index, variant)
    }
    #[inline]
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<S::Ok, S::Error> {
        self.0.serialize_newtype_struct(name, &Guarded(value))
    }
    #[inline]
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        variant_index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<S::Ok, S::Error> {
        self.0
            .serialize_newtype_variant(name, variant_index, variant, &Guarded(value))
    }
    #[inline]
    fn serialize_seq(self, len: Option<usize>) -> Result<Self::SerializeSeq, S::Error> {
        self.0.serialize_seq(len).map(GuardedSerializer)
    }
    #[inline]
    fn serialize_tuple(self, len: usize) -> Result<Self::SerializeTuple, S::Error> {
        self.0.serialize_tuple(len).map(GuardedSerializer)
    }
    #[inline]
    fn serialize_tuple_struct(
        self,
        name: &'static str,
        len: usize,
    ) -> Result<Self::SerializeTupleStruct, S::Error> {
        self.0
            .serialize_tuple_struct(name, len)
            .map(GuardedSerializer)
    }
    #[inline]
    fn serialize_tuple_variant(
        self,
        name: &'static str,
        variant_index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self::SerializeTupleVariant, S::Error> {
        self.0
            .serialize_tuple_variant(name, variant_index, variant, len)
            .map(GuardedSerializer)
    }
    #[inline]
    fn serialize_map(self, len: Option<usize>) -> Result<Self::SerializeMap, S::Error> {
        self.0.serialize_map(len).map(GuardedSerializer)
    }
    #[inline]
    fn serialize_struct(
        self,
        name: &'static str,
        len: usize,
    ) -> Result<Self::SerializeStruct, S::Error> {
        self.0.serialize_struct(name, len).map(GuardedSerializer)
    }
    #[inline]
    fn serialize_struct_variant(
        self,
        name: &'static str,
        variant_index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self::SerializeStructVariant, S::Error> {
        self.0
            .serialize_struct_variant(name, variant_index, variant, len)
            .map(GuardedSerializer)
    }
    #[inline]
    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }
}

impl<S: SerializeSeq> SerializeSeq for GuardedSerializer<S> {
    type Ok = S::Ok;
    type Error = S::Error;
    #[inline]
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), S::Error> {
        self.0.serialize_element(&Guarded(value))
    }
    #[inline]
    fn end(self) -> Result<S::Ok, S::Error> {
        self.0.end()
    }
}

impl<S: SerializeTuple> SerializeTuple for GuardedSerializer<S> {
    type Ok = S::Ok;
    type Error = S::Error;
    #[inline]
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), S::Error> {
        self.0.serialize_element(&Guarded(value))
    }
    #[inline]
    fn end(self) -> Result<S::Ok, S::Error> {
        self.0.end()
    }
}

impl<S: SerializeTupleStruct> SerializeTupleStruct for GuardedSerializer<S> {
    type Ok = S::Ok;
    type Error = S::Error;
    #[inline]
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), S::Error> {
        self.0.serialize_field(&Guarded(value))
    }
    #[inline]
    fn end(self) -> Result<S::Ok, S::Error> {
        self.0.end()
    }
}

impl<S: SerializeTupleVariant> SerializeTupleVariant for GuardedSerializer<S> {
    type Ok = S::Ok;
    type Error = S::Error;
    #[inline]
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), S::Error> {
        self.0.serialize_field(&Guarded(value))
    }
    #[inline]
    fn end(self) -> Result<S::Ok, S::Error> {
        self.0.end()
    }
}

impl<S: SerializeMap> SerializeMap for GuardedSerializer<S> {
    type Ok = S::Ok;
    type Error = S::Error;
    #[inline]
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), S::Error> {
        self.0.serialize_key(&Guarded(key))
    }
    #[inline]
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), S::Error> {
        self.0.serialize_value(&Guarded(value))
    }
    #[inline]
    fn serialize_entry<K: Serialize + ?Sized, V: Serialize + ?Sized>(
        &mut self,
        key: &K,
        value: &V,
    ) -> Result<(), S::Error> {
        self.0.serialize_entry(&Guarded(key), &Guarded(value))
    }
    #[inline]
    fn end(self) -> Result<S::Ok, S::Error> {
        self.0.end()
    }
}

impl<S: SerializeStruct> SerializeStruct for GuardedSerializer<S> {
    type Ok = S::Ok;
    type Error = S::Error;
    #[inline]
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), S::Error> {
        self.0.serialize_field(key, &Guarded(value))
    }
    #[inline]
    fn skip_field(&mut self, key: &'static str) -> Result<(), S::Error> {
        self.0.skip_field(key)
    }
    #[inline]
    fn end(self) -> Result<S::Ok, S::Error> {
        self.0.end()
    }
}

impl<S: SerializeStructVariant> SerializeStructVariant for GuardedSerializer<S> {
    type Ok = S::Ok;
    type Error = S::Error;
    #[inline]
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), S::Error> {
        self.0.serialize_field(key, &Guarded(value))
    }
    #[inline]
    fn skip_field(&mut self, key: &'static str) -> Result<(), S::Error> {
        self.0.skip_field(key)
    }
    #[inline]
    fn end(self) -> Result<S::Ok, S::Error> {
        self.0.end()
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use std::collections::BTreeMap;

    use k8s_openapi::api::core::v1::ConfigMap;
    use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
    use proptest::prelude::*;

    use super::*;

    fn config_map(data: &[(&str, &str)]) -> ConfigMap {
        ConfigMap {
            metadata: ObjectMeta {
                name: Some("cfg".to_owned()),
                ..ObjectMeta::default()
            },
            data: Some(
                data.iter()
                    .map(|&(k, v)| (k.to_owned(), v.to_owned()))
                    .collect(),
            ),
            ..ConfigMap::default()
        }
    }

    fn value_yaml(v: &str) -> String {
        let map = BTreeMap::from([("k", v)]);
        to_string(&map).unwrap()
    }

    #[test]
    fn tab_led_multi_line_string_is_double_quoted() {
        let yaml = to_string(&config_map(&[("k", "\tx\n")])).unwrap();
        assert_eq!(
            yaml,
            "apiVersion: v1\nkind: ConfigMap\ndata:\n  k: \"\\tx\\n\"\nmetadata:\n  name: cfg\n"
        );
        // The unguarded form is the one kubectl refuses.
        let unguarded = serde_saphyr::to_string(&config_map(&[("k", "\tx\n")])).unwrap();
        assert!(unguarded.contains("k: |\n    \tx\n"), "{unguarded}");
    }

    #[test]
    fn guard_also_applies_after_leading_empty_lines_and_in_lists() {
        assert_eq!(value_yaml("\n\n\tx"), "k: \"\\n\\n\\tx\"\n");
        let list = vec!["\tcmd\n".to_owned(), "plain".to_owned()];
        assert_eq!(to_string(&list).unwrap(), "- \"\\tcmd\\n\"\n- plain\n");
        let nested = BTreeMap::from([("a", Some(BTreeMap::from([("b", "\t1\n2\n")])))]);
        assert_eq!(to_string(&nested).unwrap(), "a:\n  b: \"\\t1\\n2\\n\"\n");
    }

    #[test]
    fn guard_predicate() {
        assert!(needs_double_quotes("\tx\n"));
        assert!(needs_double_quotes("\n\tx"));
        assert!(needs_double_quotes("\t\n"));
        assert!(
            !needs_double_quotes("\tx"),
            "single line: never a block scalar"
        );
        assert!(
            !needs_double_quotes("x\n\ty\n"),
            "the first line sets the indentation"
        );
        assert!(
            !needs_double_quotes(" \tx\n"),
            "a leading space gets an indentation indicator"
        );
        assert!(!needs_double_quotes("\n\n"));
        assert!(!needs_double_quotes(""));
    }

    #[test]
    fn normal_multi_line_config_file_stays_a_literal_block() {
        let conf = "server {\n  listen 80;\n  root /srv;\n}\n";
        let yaml = to_string(&config_map(&[("nginx.conf", conf)])).unwrap();
        assert!(
            yaml.contains(
                "  nginx.conf: |\n    server {\n      listen 80;\n      root /srv;\n    }\n"
            ),
            "{yaml}"
        );
        // Tabs after the first line do not matter: the first line sets the indentation.
        let makefile = "all:\n\tcc -o x x.c\n";
        assert_eq!(value_yaml(makefile), "k: |\n  all:\n  \tcc -o x x.c\n");
    }

    #[test]
    fn yaml_1_1_spellings_are_quoted() {
        for s in [
            "yes", "on", "0755", "12:30", "~", "1e3", "y", "No", "OFF", "null", "1_000",
        ] {
            let yaml = value_yaml(s);
            assert!(
                yaml == format!("k: '{s}'\n") || yaml == format!("k: \"{s}\"\n"),
                "{s:?} -> {yaml:?}"
            );
        }
        let keys = BTreeMap::from([("on", "x"), ("0755", "z")]);
        let yaml = to_string(&keys).unwrap();
        assert!(
            yaml.contains("\"on\": x") || yaml.contains("'on': x"),
            "{yaml}"
        );
        assert!(
            yaml.contains("\"0755\": z") || yaml.contains("'0755': z"),
            "{yaml}"
        );
    }

    #[test]
    fn empty_and_missing_values() {
        // k8s-openapi skips None fields: an object with only a name is just that.
        let yaml = to_string(&ConfigMap {
            metadata: ObjectMeta {
                name: Some("cfg".to_owned()),
                ..ObjectMeta::default()
            },
            ..ConfigMap::default()
        })
        .unwrap();
        assert_eq!(
            yaml,
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\n"
        );
        // Some(empty) is written as {} / [], so builders must not produce it.
        assert_eq!(
            to_string(&config_map(&[])).unwrap().lines().nth(2),
            Some("data: {}")
        );
        assert_eq!(
            to_string(&BTreeMap::from([("a", Vec::<u8>::new())])).unwrap(),
            "a: []\n"
        );
        assert_eq!(
            to_string(&BTreeMap::from([("a", None::<u8>)])).unwrap(),
            "a: null\n"
        );
    }

    #[test]
    fn output_is_deterministic_and_append_matches_to_string() {
        let cm = config_map(&[("b", "2"), ("a", "1\n2\n"), ("c", "\tx\n")]);
        let first = to_string(&cm).unwrap();
        assert_eq!(first, to_string_guarded(&cm).unwrap());
        for _ in 0..3 {
            assert_eq!(to_string(&cm).unwrap(), first);
            let mut out = "before\n".to_owned();
            append(&mut out, &cm).unwrap();
            assert_eq!(out, format!("before\n{first}"));
        }
    }

    #[test]
    fn guard_changes_nothing_but_tab_led_multi_line_strings() {
        let cm = config_map(&[
            ("a", "line\n"),
            ("b", "yes"),
            ("c", &"long ".repeat(40)),
            ("d", "a\r\nb"),
            ("e", " indented\n"),
        ]);
        assert_eq!(
            to_string(&cm).unwrap(),
            serde_saphyr::to_string(&cm).unwrap()
        );
    }

    /// A value whose serialization fails half way, after one `half: written` entry.
    pub(crate) struct Failing;

    impl Serialize for Failing {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            use serde::ser::Error as _;
            let mut map = serializer.serialize_map(None)?;
            map.serialize_entry("half", "written")?;
            Err(S::Error::custom("broken"))
        }
    }

    #[test]
    fn a_failed_document_leaves_the_output_as_it_was() {
        let mut out = "kept\n".to_owned();
        assert!(append(&mut out, &Failing).is_err());
        assert_eq!(out, "kept\n");
    }

    #[test]
    fn fast_path_and_guard_agree_when_tabs_are_not_in_block_scalars() {
        // A tab in a single-line or double-quoted string sends the document through the guard,
        // which writes it the same way.
        for v in ["a\tb", "\tx", "x\n\ty\n", "\t\r\n", "\u{7}\tx\n"] {
            let cm = config_map(&[("k", v), ("other", "line\n")]);
            assert_eq!(
                to_string(&cm).unwrap(),
                to_string_guarded(&cm).unwrap(),
                "{v:?}"
            );
        }
    }

    proptest! {
        #[test]
        fn strings_round_trip_and_guarded_ones_are_quoted(
            s in "[\t\n a-z:#\\-|>'\"\r\u{85}\u{2028}\u{feff}é]{0,24}",
        ) {
            let yaml = value_yaml(&s);
            let back: BTreeMap<String, String> = serde_saphyr::from_str(&yaml).unwrap();
            prop_assert_eq!(back.get("k").map(String::as_str), Some(s.as_str()));
            if needs_double_quotes(&s) {
                prop_assert!(yaml.starts_with("k: \""), "{:?}", yaml);
            } else {
                prop_assert_eq!(&yaml, &serde_saphyr::to_string(&BTreeMap::from([("k", &s)])).unwrap());
            }
            // No line of a block scalar body may start (after its spaces) with a tab unless an
            // earlier body line fixed the indentation: the guarded form never has a tab right
            // after `|`.
            prop_assert!(!yaml.starts_with("k: |\n  \t") && !yaml.starts_with("k: |-\n  \t")
                && !yaml.starts_with("k: |+\n  \t"), "{:?}", yaml);
        }

        #[test]
        fn fast_path_equals_the_guarded_serializer(
            data in proptest::collection::btree_map(
                "[a-z.]{1,6}", "[\t\n a-z:#\\-|>'\"\r\u{85}\u{2028}]{0,16}", 0..4),
        ) {
            let cm = ConfigMap { data: Some(data), ..ConfigMap::default() };
            prop_assert_eq!(to_string(&cm).unwrap(), to_string_guarded(&cm).unwrap());
        }
    }
}
