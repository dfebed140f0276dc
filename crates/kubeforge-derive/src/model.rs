//! The input, parsed and checked into a model that `expand` only reads (serde's
//! `internals/ast.rs` + `check.rs`). Every check records its errors in the [`Ctxt`] with the
//! span of the offending field or attribute, and goes on.

use std::collections::BTreeMap;

use proc_macro2::Span;
use quote::{ToTokens, quote};
use syn::{Data, DeriveInput, Fields, GenericArgument, Generics, Ident, Path, PathArguments, Type};

use crate::attr::{self, Spanned};
use crate::case::RenameRule;
use crate::ctxt::Ctxt;

/// The derived struct.
pub(crate) struct Input<'a> {
    pub(crate) ident: &'a Ident,
    pub(crate) generics: &'a Generics,
    pub(crate) krate: Path,
    pub(crate) prefix: String,
    pub(crate) config_map_name: String,
    pub(crate) secret_name: String,
    pub(crate) namespace: Option<String>,
    pub(crate) labels: Vec<(String, String)>,
    pub(crate) annotations: Vec<(String, String)>,
    pub(crate) immutable: Option<bool>,
    pub(crate) files_dir: String,
    pub(crate) secret_files_dir: String,
    pub(crate) fields: Vec<Field<'a>>,
}

/// One named field.
pub(crate) struct Field<'a> {
    pub(crate) member: &'a Ident,
    pub(crate) ty: &'a Type,
    pub(crate) kind: FieldKind<'a>,
}

pub(crate) enum FieldKind<'a> {
    /// `#[kubeforge(skip)]`: not in the objects, `Default` on read-back.
    Skip,
    /// `#[kubeforge(flatten)]`: the nested struct's keys, prefixed by `key` + `separator`.
    Flatten { key: String, separator: String },
    /// A value.
    Value(Value<'a>),
}

/// A field that holds one value.
pub(crate) struct Value<'a> {
    /// The key (`LOG_LEVEL`), or the file name for file fields.
    pub(crate) key: String,
    pub(crate) secret: bool,
    /// An `Option` field: absent key when `None`.
    pub(crate) optional: bool,
    /// Delivered as a file (`file = ...` or `binary`), not as an env var.
    pub(crate) file: bool,
    /// The type once `Option` is removed.
    pub(crate) inner: &'a Type,
    pub(crate) shape: Shape<'a>,
    pub(crate) doc: String,
    /// The type as written, for messages.
    pub(crate) expected: String,
}

/// How a value is written and read.
pub(crate) enum Shape<'a> {
    /// `Display` + `FromStr`.
    Text(&'a Type),
    /// `std::time::Duration`, in the human format.
    Duration,
    /// `std::path::PathBuf` (no `Display`: written with `to_string_lossy`).
    PathBuf,
    /// `#[kubeforge(with = module)]`.
    With(Path),
    /// `Vec<T>`, items joined with the separator.
    List {
        separator: String,
        item: Box<Shape<'a>>,
    },
    /// `secrecy::SecretString`.
    SecretString,
    /// `secrecy::SecretBox<T>`.
    SecretBox(Box<Shape<'a>>),
    /// `#[kubeforge(binary)]`.
    Bytes,
}

impl<'a> Input<'a> {
    pub(crate) fn from_ast(cx: &Ctxt, input: &'a DeriveInput) -> Option<Self> {
        let attrs = attr::Container::from_ast(cx, &input.attrs);
        let named = named_fields(cx, input)?;

        let rename_all = attrs.rename_all.unwrap_or(RenameRule::ScreamingSnakeCase);
        let mut fields = Vec::new();
        for field in named {
            let Some(member) = field.ident.as_ref() else {
                continue;
            };
            let field_attrs = attr::Field::from_ast(cx, &field.attrs);
            if let Some(kind) = field_kind(cx, member, &field.ty, field_attrs, &attrs, rename_all) {
                fields.push(Field {
                    member,
                    ty: &field.ty,
                    kind,
                });
            }
        }

        check_duplicate_keys(cx, &fields);
        if let Some(prefix) = &attrs.prefix {
            check_prefix(cx, prefix);
        }
        let default_name = RenameRule::kebab_type_name(&input.ident.to_string());
        for name in [&attrs.config_map_name, &attrs.secret_name]
            .into_iter()
            .flatten()
        {
            check_object_name(cx, name);
        }
        for dir in [&attrs.files_dir, &attrs.secret_files_dir]
            .into_iter()
            .flatten()
        {
            if !dir.value.starts_with('/') {
                cx.syn_error(syn::Error::new(
                    dir.span,
                    "a mount path for the files: an absolute path such as \"/etc/app\"",
                ));
            }
        }

        Some(Input {
            ident: &input.ident,
            generics: &input.generics,
            krate: attrs
                .krate
                .unwrap_or_else(|| syn::parse_quote!(::kubeforge)),
            prefix: attrs.prefix.map(|p| p.value).unwrap_or_default(),
            config_map_name: attrs
                .config_map_name
                .map_or_else(|| default_name.clone(), |n| n.value),
            secret_name: attrs
                .secret_name
                .map_or_else(|| format!("{default_name}-secret"), |n| n.value),
            namespace: attrs.namespace.map(|n| n.value),
            labels: attrs
                .labels
                .iter()
                .map(|(k, v)| (k.value(), v.value()))
                .collect(),
            annotations: attrs
                .annotations
                .iter()
                .map(|(k, v)| (k.value(), v.value()))
                .collect(),
            immutable: attrs.immutable,
            files_dir: attrs
                .files_dir
                .map_or_else(|| "/etc/config".to_owned(), |d| d.value),
            secret_files_dir: attrs
                .secret_files_dir
                .map_or_else(|| "/run/secrets/config".to_owned(), |d| d.value),
            fields,
        })
    }

    /// The value fields, secret or not.
    pub(crate) fn values(&self, secret: bool) -> impl Iterator<Item = (&Field<'a>, &Value<'a>)> {
        self.fields.iter().filter_map(move |f| match &f.kind {
            FieldKind::Value(v) if v.secret == secret => Some((f, v)),
            _ => None,
        })
    }
}

/// The named fields of a struct; an error for anything else.
fn named_fields<'a>(
    cx: &Ctxt,
    input: &'a DeriveInput,
) -> Option<&'a syn::punctuated::Punctuated<syn::Field, syn::Token![,]>> {
    match &input.data {
        Data::Struct(data) => match &data.fields {
            Fields::Named(named) => Some(&named.named),
            Fields::Unnamed(unnamed) => {
                cx.error_spanned_by(
                    unnamed,
                    "kubeforge derives need named fields (their names make the keys); \
                     found a tuple struct",
                );
                None
            }
            Fields::Unit => {
                cx.error_spanned_by(
                    &input.ident,
                    "kubeforge derives need a struct with named fields; found a unit struct",
                );
                None
            }
        },
        Data::Enum(data) => {
            let (enum_token, ident) = (&data.enum_token, &input.ident);
            cx.error_spanned_by(
                quote!(#enum_token #ident),
                "kubeforge derives need a struct with named fields; found an enum",
            );
            None
        }
        Data::Union(data) => {
            cx.syn_error(syn::Error::new(
                data.union_token.span,
                "kubeforge derives need a struct with named fields; found a union",
            ));
            None
        }
    }
}

fn field_kind<'a>(
    cx: &Ctxt,
    member: &Ident,
    ty: &'a Type,
    attrs: attr::Field,
    container: &attr::Container,
    rename_all: RenameRule,
) -> Option<FieldKind<'a>> {
    let name = member.to_string();
    let name = name.strip_prefix("r#").unwrap_or(&name);
    let key = attrs
        .rename
        .as_ref()
        .map_or_else(|| rename_all.apply_to_field(name), |r| r.value.clone());

    if let Some(span) = attrs.skip {
        check_skip(cx, span, &attrs);
        return Some(FieldKind::Skip);
    }
    if let Some(span) = attrs.flatten {
        check_flatten(cx, span, &attrs);
        check_key(
            cx,
            &key,
            attrs.rename.as_ref().map_or(member.span(), |r| r.span),
            member,
        );
        let separator = attrs
            .nested_separator
            .map_or_else(|| "__".to_owned(), |(_, s)| s.value);
        return Some(FieldKind::Flatten { key, separator });
    }
    if let Some((tokens, _)) = &attrs.nested_separator {
        cx.error_spanned_by(
            tokens,
            "`nested_separator` applies only to `#[kubeforge(flatten)]` fields",
        );
    }

    let (optional, inner) = match generic_arg("Option", ty) {
        Some(inner) => (true, inner),
        None => (false, ty),
    };
    let secret_type = is_secrecy_type(inner);
    let secret = attrs.secret.is_some() || container.all_secret || secret_type;

    let binary = attrs.binary.is_some();
    let (file, key, key_span) = match &attrs.file {
        Some(file) => (true, file.value.clone(), file.span),
        None => (
            binary,
            key,
            attrs.rename.as_ref().map_or(member.span(), |r| r.span),
        ),
    };
    check_key(cx, &key, key_span, member);

    let shape = if binary {
        if let Some((tokens, _)) = &attrs.with {
            cx.error_spanned_by(tokens, "`with` cannot be combined with `binary`");
        }
        if let Some((tokens, _)) = &attrs.separator {
            cx.error_spanned_by(tokens, "`separator` cannot be combined with `binary`");
        }
        Shape::Bytes
    } else if let Some((_, path)) = attrs.with {
        if let Some((tokens, _)) = &attrs.separator {
            cx.error_spanned_by(
                tokens,
                "`separator` cannot be combined with `with`: the `with` functions write the whole value",
            );
        }
        Shape::With(path)
    } else {
        let separator = attrs.separator.map(|(tokens, s)| (tokens, s.value));
        let shape = shape_of(cx, inner, separator.as_ref().map(|(_, s)| s.as_str()))?;
        if let Some((tokens, separator)) = &separator {
            if !matches!(shape, Shape::List { .. }) {
                cx.error_spanned_by(tokens, "`separator` applies only to `Vec<T>` fields");
            } else if separator.is_empty() {
                cx.error_spanned_by(tokens, "the separator cannot be empty");
            }
        }
        shape
    };

    Some(FieldKind::Value(Value {
        key,
        secret,
        optional,
        file,
        inner,
        shape,
        doc: attrs.doc,
        // What the text must parse as: `u32` for a `SecretBox<u32>`.
        expected: generic_arg("SecretBox", inner)
            .unwrap_or(inner)
            .to_token_stream()
            .to_string()
            .replace(' ', ""),
    }))
}

fn check_skip(cx: &Ctxt, span: Span, attrs: &attr::Field) {
    let others = [
        attrs.rename.as_ref().map(|_| "rename"),
        attrs.secret.map(|_| "secret"),
        attrs.flatten.map(|_| "flatten"),
        attrs.separator.as_ref().map(|_| "separator"),
        attrs.with.as_ref().map(|_| "with"),
        attrs.file.as_ref().map(|_| "file"),
        attrs.binary.map(|_| "binary"),
    ];
    if let Some(other) = others.into_iter().flatten().next() {
        cx.syn_error(syn::Error::new(
            span,
            format!("`skip` cannot be combined with `{other}`: a skipped field has no key"),
        ));
    }
}

fn check_flatten(cx: &Ctxt, span: Span, attrs: &attr::Field) {
    let others = [
        attrs.secret.map(|_| "secret"),
        attrs.separator.as_ref().map(|_| "separator"),
        attrs.with.as_ref().map(|_| "with"),
        attrs.file.as_ref().map(|_| "file"),
        attrs.binary.map(|_| "binary"),
    ];
    if let Some(other) = others.into_iter().flatten().next() {
        cx.syn_error(syn::Error::new(
            span,
            format!(
                "`flatten` cannot be combined with `{other}`: set it on the fields of the nested struct"
            ),
        ));
    }
}

/// The shape of a value type, or an error for the types that cannot be one.
fn shape_of<'a>(cx: &Ctxt, ty: &'a Type, separator: Option<&str>) -> Option<Shape<'a>> {
    let unsupported = |what: &str| {
        cx.error_spanned_by(
            ty,
            format!(
                "unsupported field type: {what} cannot be a config value; use a type with \
                 `Display` + `FromStr`, `Option<T>`, `Vec<T>`, `Duration`, a secrecy type, \
                 or `#[kubeforge(with = module)]` / `#[kubeforge(skip)]`"
            ),
        );
        None
    };
    match ty {
        Type::Group(group) => return shape_of(cx, &group.elem, separator),
        Type::Paren(paren) => return shape_of(cx, &paren.elem, separator),
        Type::Reference(_) => return unsupported("a reference"),
        Type::Tuple(tuple) if tuple.elems.is_empty() => return unsupported("`()`"),
        Type::Tuple(_) => return unsupported("a tuple"),
        Type::Array(_) | Type::Slice(_) => return unsupported("an array"),
        Type::Ptr(_) => return unsupported("a raw pointer"),
        Type::BareFn(_) => return unsupported("a function pointer"),
        Type::TraitObject(_) | Type::ImplTrait(_) => return unsupported("a trait object"),
        Type::Never(_) => return unsupported("`!`"),
        Type::Path(_) => {}
        _ => return unsupported("this type"),
    }
    let Some(last) = last_segment(ty) else {
        return unsupported("this type");
    };
    let name = last.ident.to_string();
    match name.as_str() {
        "Option" => unsupported("a nested `Option`"),
        "HashMap" | "BTreeMap" | "HashSet" | "BTreeSet" | "VecDeque" | "LinkedList"
        | "BinaryHeap" => unsupported(&format!("`{name}`")),
        "Duration" => Some(Shape::Duration),
        "PathBuf" => Some(Shape::PathBuf),
        "SecretString" => Some(Shape::SecretString),
        "SecretBox" => {
            let inner = generic_arg("SecretBox", ty)?;
            Some(Shape::SecretBox(Box::new(shape_of(cx, inner, separator)?)))
        }
        "SecretSlice" => unsupported("`SecretSlice` without `#[kubeforge(binary)]`"),
        "Vec" => {
            let item = generic_arg("Vec", ty)?;
            if let Some(seg) = last_segment(item) {
                let inner_name = seg.ident.to_string();
                if matches!(
                    inner_name.as_str(),
                    "Vec" | "Option" | "SecretString" | "SecretBox"
                ) {
                    return unsupported(&format!("a `Vec` of `{inner_name}`"));
                }
            }
            let item = shape_of(cx, item, None)?;
            Some(Shape::List {
                separator: separator.unwrap_or(",").to_owned(),
                item: Box::new(item),
            })
        }
        _ => Some(Shape::Text(ty)),
    }
}

fn last_segment(ty: &Type) -> Option<&syn::PathSegment> {
    match ty {
        Type::Path(path) if path.qself.is_none() => path.path.segments.last(),
        Type::Group(group) => last_segment(&group.elem),
        _ => None,
    }
}

/// `T` in `Name<T>`, when `ty` is (a path ending in) `Name<T>`.
fn generic_arg<'a>(name: &str, ty: &'a Type) -> Option<&'a Type> {
    let seg = last_segment(ty)?;
    if seg.ident != name {
        return None;
    }
    let PathArguments::AngleBracketed(args) = &seg.arguments else {
        return None;
    };
    args.args.iter().find_map(|arg| match arg {
        GenericArgument::Type(t) => Some(t),
        _ => None,
    })
}

fn is_secrecy_type(ty: &Type) -> bool {
    last_segment(ty).is_some_and(|seg| {
        seg.ident == "SecretString" || seg.ident == "SecretBox" || seg.ident == "SecretSlice"
    })
}

/// `IsConfigMapKey` (RULES.md): `[-._a-zA-Z0-9]+`, at most 253 characters, not `.`, `..`,
/// nor starting with `..`; with the apiserver's messages.
fn check_key(cx: &Ctxt, key: &str, span: Span, member: &Ident) {
    let mut problems = Vec::new();
    if key.len() > 253 {
        problems.push("must be no more than 253 characters".to_owned());
    }
    if key.is_empty()
        || !key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
    {
        problems.push(
            "a valid config key must consist of alphanumeric characters, '-', '_' or '.' \
             (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is \
             '[-._a-zA-Z0-9]+')"
                .to_owned(),
        );
    }
    if key == "." {
        problems.push("must not be '.'".to_owned());
    } else if key == ".." {
        problems.push("must not be '..'".to_owned());
    } else if key.starts_with("..") {
        problems.push("must not start with '..'".to_owned());
    }
    for problem in problems {
        cx.syn_error(syn::Error::new(
            span,
            format!(
                "field `{member}`: the apiserver would refuse the key {key:?} of a ConfigMap or Secret: {problem}"
            ),
        ));
    }
}

fn check_prefix(cx: &Ctxt, prefix: &Spanned<String>) {
    let p = &prefix.value;
    let valid = p
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
        && !p.starts_with(|c: char| c.is_ascii_digit());
    if !valid {
        cx.syn_error(syn::Error::new(
            prefix.span,
            format!(
                "the prefix {p:?} makes invalid environment variable names: it must consist of \
                 alphabetic characters, digits, '_', '-', or '.', and must not start with a digit"
            ),
        ));
    }
}

/// A DNS-1123 subdomain (the names of ConfigMaps and Secrets).
fn check_object_name(cx: &Ctxt, name: &Spanned<String>) {
    let n = &name.value;
    let label_ok = |label: &str| {
        !label.is_empty()
            && label
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !label.starts_with('-')
            && !label.ends_with('-')
    };
    if n.len() > 253 || !n.split('.').all(label_ok) {
        cx.syn_error(syn::Error::new(
            name.span,
            format!(
                "the apiserver would refuse the name {n:?}: a lowercase RFC 1123 subdomain must \
                 consist of lower case alphanumeric characters, '-' or '.', and must start and end \
                 with an alphanumeric character (e.g. 'example.com', regex used for validation is \
                 '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
            ),
        ));
    }
}

/// Two fields mapping to one key: an error on the second, naming the first.
fn check_duplicate_keys(cx: &Ctxt, fields: &[Field<'_>]) {
    let mut seen: BTreeMap<String, &Ident> = BTreeMap::new();
    for field in fields {
        let key = match &field.kind {
            FieldKind::Value(v) => v.key.clone(),
            FieldKind::Flatten { key, separator } => format!("{key}{separator}*"),
            FieldKind::Skip => continue,
        };
        if let Some(first) = seen.get(&key) {
            cx.error_spanned_by(
                field.member,
                format!(
                    "two fields map to the key {key:?}: `{first}` and `{}`; give one of them \
                     `#[kubeforge(rename = \"...\")]`",
                    field.member
                ),
            );
        } else {
            seen.insert(key, field.member);
        }
    }
}
