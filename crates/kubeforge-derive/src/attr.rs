//! `#[kubeforge(...)]` parsed into typed attributes. Unknown, malformed or duplicated
//! attributes are recorded in the [`Ctxt`] and otherwise ignored, so every bad attribute is
//! reported at once (serde's `internals/attr.rs`).

use proc_macro2::Span;
use quote::ToTokens;
use syn::meta::ParseNestedMeta;
use syn::{Attribute, Expr, ExprLit, Lit, LitBool, LitStr, Meta, Path, Token};

use crate::case::RenameRule;
use crate::ctxt::Ctxt;
use crate::symbol::{self, Symbol};

/// One attribute value that may be set once (serde's `Attr<T>`).
pub(crate) struct Attr<'c, T> {
    cx: &'c Ctxt,
    name: Symbol,
    tokens: proc_macro2::TokenStream,
    value: Option<T>,
}

impl<'c, T> Attr<'c, T> {
    fn none(cx: &'c Ctxt, name: Symbol) -> Self {
        Attr {
            cx,
            name,
            tokens: proc_macro2::TokenStream::new(),
            value: None,
        }
    }

    fn set<A: ToTokens>(&mut self, obj: A, value: T) {
        let tokens = obj.into_token_stream();
        if self.value.is_some() {
            self.cx.error_spanned_by(
                tokens,
                format!("duplicate kubeforge attribute `{}`", self.name),
            );
        } else {
            self.tokens = tokens;
            self.value = Some(value);
        }
    }

    fn get(self) -> Option<T> {
        self.value
    }

    fn get_with_tokens(self) -> Option<(proc_macro2::TokenStream, T)> {
        match self.value {
            Some(v) => Some((self.tokens, v)),
            None => None,
        }
    }
}

/// A flag (`#[kubeforge(skip)]`), with the span of where it was set.
struct BoolAttr<'c>(Attr<'c, Span>);

impl<'c> BoolAttr<'c> {
    fn none(cx: &'c Ctxt, name: Symbol) -> Self {
        BoolAttr(Attr::none(cx, name))
    }

    fn set_true(&mut self, path: &Path) {
        let span = syn::spanned::Spanned::span(path);
        self.0.set(path, span);
    }

    fn get(self) -> Option<Span> {
        self.0.get()
    }
}

/// A string attribute with the span of its literal.
#[derive(Clone)]
pub(crate) struct Spanned<T> {
    pub(crate) value: T,
    pub(crate) span: Span,
}

fn get_lit_str(meta: &ParseNestedMeta<'_>) -> syn::Result<LitStr> {
    let expr: Expr = meta.value()?.parse()?;
    match expr {
        Expr::Lit(ExprLit {
            lit: Lit::Str(lit), ..
        }) => Ok(lit),
        other => Err(syn::Error::new_spanned(
            other,
            format!(
                "expected a string literal: `{} = \"...\"`",
                meta.path.to_token_stream()
            ),
        )),
    }
}

fn str_attr(meta: &ParseNestedMeta<'_>) -> syn::Result<Spanned<String>> {
    let lit = get_lit_str(meta)?;
    Ok(Spanned {
        value: lit.value(),
        span: lit.span(),
    })
}

/// `("key", "value")` after `label`/`annotation`.
fn pair(meta: &ParseNestedMeta<'_>) -> syn::Result<(LitStr, LitStr)> {
    let content;
    syn::parenthesized!(content in meta.input);
    let key: LitStr = content.parse()?;
    content.parse::<Token![,]>()?;
    let value: LitStr = content.parse()?;
    if !content.is_empty() {
        content.parse::<Token![,]>()?;
    }
    Ok((key, value))
}

fn unknown(meta: &ParseNestedMeta<'_>, kind: &str, known: &[Symbol]) -> syn::Error {
    let name = meta.path.to_token_stream().to_string().replace(' ', "");
    let message = if let Some(hint) = symbol::suggest(&name, known) {
        format!("unknown kubeforge {kind} attribute `{name}`, did you mean `{hint}`?")
    } else {
        let list: Vec<String> = known.iter().map(|s| format!("`{s}`")).collect();
        format!(
            "unknown kubeforge {kind} attribute `{name}`; expected one of {}",
            list.join(", ")
        )
    };
    meta.error(message)
}

/// The container attributes: `#[kubeforge(...)]` on the struct.
pub(crate) struct Container {
    pub(crate) krate: Option<Path>,
    pub(crate) prefix: Option<Spanned<String>>,
    pub(crate) rename_all: Option<RenameRule>,
    pub(crate) config_map_name: Option<Spanned<String>>,
    pub(crate) secret_name: Option<Spanned<String>>,
    pub(crate) namespace: Option<Spanned<String>>,
    pub(crate) labels: Vec<(LitStr, LitStr)>,
    pub(crate) annotations: Vec<(LitStr, LitStr)>,
    pub(crate) immutable: Option<bool>,
    pub(crate) files_dir: Option<Spanned<String>>,
    pub(crate) secret_files_dir: Option<Spanned<String>>,
    /// Every field is secret.
    pub(crate) all_secret: bool,
}

impl Container {
    pub(crate) fn from_ast(cx: &Ctxt, attrs: &[Attribute]) -> Self {
        let mut krate = Attr::none(cx, symbol::CRATE);
        let mut prefix = Attr::none(cx, symbol::PREFIX);
        let mut rename_all = Attr::none(cx, symbol::RENAME_ALL);
        let mut config_map_name = Attr::none(cx, symbol::CONFIG_MAP_NAME);
        let mut secret_name = Attr::none(cx, symbol::SECRET_NAME);
        let mut namespace = Attr::none(cx, symbol::NAMESPACE);
        let mut labels = Vec::new();
        let mut annotations = Vec::new();
        let mut immutable = Attr::none(cx, symbol::IMMUTABLE);
        let mut files_dir = Attr::none(cx, symbol::FILES_DIR);
        let mut secret_files_dir = Attr::none(cx, symbol::SECRET_FILES_DIR);
        let mut all_secret = BoolAttr::none(cx, symbol::SECRET);

        for attr in attrs {
            if attr.path() != symbol::KUBEFORGE {
                continue;
            }
            if let Meta::List(list) = &attr.meta
                && list.tokens.is_empty()
            {
                continue;
            }
            let parsed = attr.parse_nested_meta(|meta| {
                let path = &meta.path;
                if path == symbol::CRATE {
                    let lit = get_lit_str(&meta)?;
                    let parsed: Path = lit.parse()?;
                    krate.set(path, parsed);
                } else if path == symbol::PREFIX {
                    prefix.set(path, str_attr(&meta)?);
                } else if path == symbol::RENAME_ALL {
                    let lit = get_lit_str(&meta)?;
                    match RenameRule::from_str(&lit.value()) {
                        Ok(rule) => rename_all.set(path, rule),
                        Err(err) => cx.error_spanned_by(&lit, err),
                    }
                } else if path == symbol::CONFIG_MAP_NAME {
                    config_map_name.set(path, str_attr(&meta)?);
                } else if path == symbol::SECRET_NAME {
                    secret_name.set(path, str_attr(&meta)?);
                } else if path == symbol::NAMESPACE {
                    namespace.set(path, str_attr(&meta)?);
                } else if path == symbol::LABEL {
                    labels.push(pair(&meta)?);
                } else if path == symbol::ANNOTATION {
                    annotations.push(pair(&meta)?);
                } else if path == symbol::IMMUTABLE {
                    let value = if meta.input.peek(Token![=]) {
                        meta.value()?.parse::<LitBool>()?.value
                    } else {
                        true
                    };
                    immutable.set(path, value);
                } else if path == symbol::FILES_DIR {
                    files_dir.set(path, str_attr(&meta)?);
                } else if path == symbol::SECRET_FILES_DIR {
                    secret_files_dir.set(path, str_attr(&meta)?);
                } else if path == symbol::SECRET {
                    all_secret.set_true(path);
                } else {
                    return Err(unknown(&meta, "container", symbol::CONTAINER_KEYS));
                }
                Ok(())
            });
            if let Err(err) = parsed {
                cx.syn_error(err);
            }
        }

        Container {
            krate: krate.get(),
            prefix: prefix.get(),
            rename_all: rename_all.get(),
            config_map_name: config_map_name.get(),
            secret_name: secret_name.get(),
            namespace: namespace.get(),
            labels,
            annotations,
            immutable: immutable.get(),
            files_dir: files_dir.get(),
            secret_files_dir: secret_files_dir.get(),
            all_secret: all_secret.get().is_some(),
        }
    }
}

/// The field attributes: `#[kubeforge(...)]` on a field.
pub(crate) struct Field {
    pub(crate) rename: Option<Spanned<String>>,
    pub(crate) secret: Option<Span>,
    pub(crate) skip: Option<Span>,
    pub(crate) flatten: Option<Span>,
    pub(crate) nested_separator: Option<(proc_macro2::TokenStream, Spanned<String>)>,
    pub(crate) separator: Option<(proc_macro2::TokenStream, Spanned<String>)>,
    pub(crate) with: Option<(proc_macro2::TokenStream, Path)>,
    pub(crate) file: Option<Spanned<String>>,
    pub(crate) binary: Option<Span>,
    /// The doc comment, lines trimmed and joined with `\n`.
    pub(crate) doc: String,
}

impl Field {
    pub(crate) fn from_ast(cx: &Ctxt, attrs: &[Attribute]) -> Self {
        let mut rename = Attr::none(cx, symbol::RENAME);
        let mut secret = BoolAttr::none(cx, symbol::SECRET);
        let mut skip = BoolAttr::none(cx, symbol::SKIP);
        let mut flatten = BoolAttr::none(cx, symbol::FLATTEN);
        let mut nested_separator = Attr::none(cx, symbol::NESTED_SEPARATOR);
        let mut separator = Attr::none(cx, symbol::SEPARATOR);
        let mut with = Attr::none(cx, symbol::WITH);
        let mut file = Attr::none(cx, symbol::FILE);
        let mut binary = BoolAttr::none(cx, symbol::BINARY);
        let mut doc = Vec::new();

        for attr in attrs {
            if attr.path() == symbol::DOC {
                if let Meta::NameValue(nv) = &attr.meta
                    && let Expr::Lit(ExprLit {
                        lit: Lit::Str(lit), ..
                    }) = &nv.value
                {
                    doc.push(lit.value().trim().to_owned());
                }
                continue;
            }
            if attr.path() != symbol::KUBEFORGE {
                continue;
            }
            let parsed = attr.parse_nested_meta(|meta| {
                let path = &meta.path;
                if path == symbol::RENAME {
                    rename.set(path, str_attr(&meta)?);
                } else if path == symbol::SECRET {
                    secret.set_true(path);
                } else if path == symbol::SKIP {
                    skip.set_true(path);
                } else if path == symbol::FLATTEN {
                    flatten.set_true(path);
                } else if path == symbol::NESTED_SEPARATOR {
                    nested_separator.set(path, str_attr(&meta)?);
                } else if path == symbol::SEPARATOR {
                    separator.set(path, str_attr(&meta)?);
                } else if path == symbol::WITH {
                    // `with = module::path` or `with = "module::path"` (serde's spelling).
                    let value = meta.value()?;
                    let parsed = if value.peek(LitStr) {
                        value.parse::<LitStr>()?.parse::<Path>()?
                    } else {
                        value.parse::<Path>()?
                    };
                    with.set(path, parsed);
                } else if path == symbol::FILE {
                    file.set(path, str_attr(&meta)?);
                } else if path == symbol::BINARY {
                    binary.set_true(path);
                } else {
                    return Err(unknown(&meta, "field", symbol::FIELD_KEYS));
                }
                Ok(())
            });
            if let Err(err) = parsed {
                cx.syn_error(err);
            }
        }

        // Doc comments: drop leading and trailing blank lines.
        while doc.first().is_some_and(String::is_empty) {
            doc.remove(0);
        }
        while doc.last().is_some_and(String::is_empty) {
            doc.pop();
        }

        Field {
            rename: rename.get(),
            secret: secret.get(),
            skip: skip.get(),
            flatten: flatten.get(),
            nested_separator: nested_separator.get_with_tokens(),
            separator: separator.get_with_tokens(),
            with: with.get_with_tokens(),
            file: file.get(),
            binary: binary.get(),
            doc: doc.join("\n"),
        }
    }
}
