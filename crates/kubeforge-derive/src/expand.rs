//! The model turned into trait impls. Generated code sits in `const _: () = { ... };`, uses
//! absolute paths only (`::kubeforge::config::__private`, `::core`), and carries
//! `#[automatically_derived]`. On error: the errors plus a stub impl, so that uses of the
//! trait elsewhere do not add spurious errors (thiserror's `fallback.rs`).

use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{DeriveInput, Path};

use crate::ctxt::Ctxt;
use crate::model::{FieldKind, Input, Shape, Value};

/// Which derive is expanding.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Derive {
    ConfigMap,
    Secret,
    FromEnv,
}

/// The entry point of the three derives.
pub(crate) fn derive(input: TokenStream, which: Derive) -> TokenStream {
    let input: DeriveInput = match syn::parse2(input) {
        Ok(input) => input,
        Err(err) => return err.to_compile_error(),
    };
    let cx = Ctxt::new();
    let model = Input::from_ast(&cx, &input);
    match (cx.check(), model) {
        (Ok(()), Some(model)) => expand(&model, which),
        (Err(err), _) => {
            let mut out = err.to_compile_error();
            out.extend(stub(&input, which));
            out
        }
        (Ok(()), None) => stub(&input, which),
    }
}

fn private(krate: &Path) -> TokenStream {
    quote!(#krate::config::__private)
}

fn layout(input: &Input<'_>) -> TokenStream {
    let p = private(&input.krate);
    let type_name = input.ident.to_string();
    let prefix = &input.prefix;
    let config_map_name = &input.config_map_name;
    let secret_name = &input.secret_name;
    let namespace = input.namespace.as_ref().map_or_else(
        || quote!(::core::option::Option::None),
        |ns| quote!(::core::option::Option::Some(#ns)),
    );
    let labels = input.labels.iter().map(|(k, v)| quote!((#k, #v)));
    let annotations = input.annotations.iter().map(|(k, v)| quote!((#k, #v)));
    let immutable = input.immutable.map_or_else(
        || quote!(::core::option::Option::None),
        |b| quote!(::core::option::Option::Some(#b)),
    );
    let files_dir = &input.files_dir;
    let secret_files_dir = &input.secret_files_dir;
    quote! {
        &#p::Layout {
            type_name: #type_name,
            prefix: #prefix,
            config_map_name: #config_map_name,
            secret_name: #secret_name,
            namespace: #namespace,
            labels: &[#(#labels),*],
            annotations: &[#(#annotations),*],
            immutable: #immutable,
            files_dir: #files_dir,
            secret_files_dir: #secret_files_dir,
        }
    }
}

fn field_info(p: &TokenStream, value: &Value<'_>) -> TokenStream {
    let Value {
        key,
        secret,
        optional,
        file,
        doc,
        expected,
        ..
    } = value;
    let binary = matches!(value.shape, Shape::Bytes);
    quote! {
        &#p::Field {
            key: #key,
            file: #file,
            secret: #secret,
            optional: #optional,
            binary: #binary,
            doc: #doc,
            expected: #expected,
        }
    }
}

/// An expression of type `String` from `v: &T`.
fn encode(p: &TokenStream, shape: &Shape<'_>, v: &TokenStream) -> TokenStream {
    match shape {
        Shape::Text(ty) => quote_spanned!(ty.span()=> #p::to_text::<#ty>(#v)),
        Shape::Duration => quote!(#p::to_duration(#v)),
        Shape::PathBuf => quote!(#p::to_path(#v)),
        Shape::With(path) => quote_spanned!(path.span()=> #path::to_env(#v)),
        Shape::List { separator, item } => {
            let item = encode(p, item, &quote!(__kubeforge_item));
            quote!(#p::join(#v, #separator, |__kubeforge_item| #item))
        }
        Shape::SecretString => quote!(#p::expose_str(#v)),
        Shape::SecretBox(inner) => {
            let inner = encode(p, inner, &quote!(__kubeforge_exposed));
            quote!({
                let __kubeforge_exposed = #p::expose(#v);
                #inner
            })
        }
        Shape::Bytes => quote!(#p::to_bytes(#v)),
    }
}

/// An expression of type `Result<T, String>` from `s: &str`.
fn decode(p: &TokenStream, shape: &Shape<'_>, s: &TokenStream) -> TokenStream {
    match shape {
        Shape::Text(ty) => quote_spanned!(ty.span()=> #p::from_text::<#ty>(#s)),
        Shape::Duration => quote!(#p::from_duration(#s)),
        Shape::PathBuf => quote!(#p::from_path(#s)),
        Shape::With(path) => quote_spanned!(path.span()=> #p::from_with(#path::from_env(#s))),
        Shape::List { separator, item } => {
            let item = decode(p, item, &quote!(__kubeforge_item));
            quote!(#p::split(#s, #separator, |__kubeforge_item| #item))
        }
        Shape::SecretString => quote!(#p::secret_string(#s)),
        Shape::SecretBox(inner) => {
            let inner = decode(p, inner, s);
            quote!(#p::secret_box(#inner))
        }
        // Read as bytes (`Reader::*_bytes`), never as text.
        Shape::Bytes => quote!(::core::result::Result::Err(::std::string::String::new())),
    }
}

/// `__out.push(...)` / nested `__describe_*` calls for the fields `keep` selects.
fn describe(
    input: &Input<'_>,
    trait_path: &TokenStream,
    method: &syn::Ident,
    keep: impl Fn(&Value<'_>) -> bool,
) -> TokenStream {
    let p = private(&input.krate);
    let calls = input.fields.iter().map(|field| match &field.kind {
        FieldKind::Value(value) if keep(value) => {
            let info = field_info(&p, value);
            quote!(__kubeforge_out.push(__kubeforge_scope, #info);)
        }
        FieldKind::Flatten { key, separator } => {
            let ty = field.ty;
            quote_spanned! {ty.span()=>
                <#ty as #trait_path>::#method(&__kubeforge_scope.nest(#key, #separator), __kubeforge_out);
            }
        }
        _ => TokenStream::new(),
    });
    quote!(#(#calls)*)
}

/// The entries of the ConfigMap (`secret == false`) or the Secret.
fn entries(
    input: &Input<'_>,
    trait_path: &TokenStream,
    method: &syn::Ident,
    secret: bool,
) -> TokenStream {
    let p = private(&input.krate);
    let calls = input.fields.iter().map(|field| {
        let member = field.member;
        match &field.kind {
            FieldKind::Value(value) if value.secret == secret => {
                let info = field_info(&p, value);
                let sink = if matches!(value.shape, Shape::Bytes) {
                    quote!(bytes)
                } else {
                    quote!(text)
                };
                let encoded = if value.optional {
                    let enc = encode(&p, &value.shape, &quote!(__kubeforge_value));
                    quote! {
                        ::core::option::Option::map(
                            ::core::option::Option::as_ref(&self.#member),
                            |__kubeforge_value| #enc,
                        )
                    }
                } else {
                    let enc = encode(&p, &value.shape, &quote!(&self.#member));
                    quote!(::core::option::Option::Some(#enc))
                };
                quote!(__kubeforge_out.#sink(__kubeforge_scope, #info, #encoded);)
            }
            FieldKind::Flatten { key, separator } => {
                let ty = field.ty;
                quote_spanned! {ty.span()=>
                    <#ty as #trait_path>::#method(&self.#member, &__kubeforge_scope.nest(#key, #separator), __kubeforge_out);
                }
            }
            _ => TokenStream::new(),
        }
    });
    quote!(#(#calls)*)
}

/// Compile-time check that `Self` also derives the other object's trait, spanned at the
/// first field that needs it.
fn require_other(input: &Input<'_>, secret: bool) -> TokenStream {
    let p = private(&input.krate);
    let Some((field, _)) = input.values(secret).next() else {
        return TokenStream::new();
    };
    let span = field.member.span();
    if secret {
        quote_spanned!(span=> #p::require_secret_derive::<Self>();)
    } else {
        quote_spanned!(span=> #p::require_config_map_derive::<Self>();)
    }
}

fn wrap(input: &Input<'_>, trait_path: &TokenStream, body: &TokenStream) -> TokenStream {
    let ident = input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    quote! {
        #[doc(hidden)]
        const _: () = {
            #[automatically_derived]
            impl #impl_generics #trait_path for #ident #ty_generics #where_clause {
                #body
            }
        };
    }
}

fn expand(input: &Input<'_>, which: Derive) -> TokenStream {
    let krate = &input.krate;
    let p = private(krate);
    let layout = layout(input);
    match which {
        Derive::ConfigMap | Derive::Secret => {
            let secret = which == Derive::Secret;
            let (trait_path, layout_const, describe_fn, entries_fn) = if secret {
                (
                    quote!(#krate::config::ToSecret),
                    format_ident!("__SECRET_LAYOUT"),
                    format_ident!("__describe_secret"),
                    format_ident!("__secret_entries"),
                )
            } else {
                (
                    quote!(#krate::config::ToConfigMap),
                    format_ident!("__CONFIG_MAP_LAYOUT"),
                    format_ident!("__describe_config_map"),
                    format_ident!("__config_map_entries"),
                )
            };
            let described = describe(input, &trait_path, &describe_fn, |v| v.secret == secret);
            let entries = entries(input, &trait_path, &entries_fn, secret);
            // The fields that belong to the other object need the other derive.
            let require = require_other(input, !secret);
            let body = quote! {
                const #layout_const: &'static #p::Layout = #layout;

                fn #describe_fn(__kubeforge_scope: &#p::Scope, __kubeforge_out: &mut #p::Vars) {
                    #described
                }

                fn #entries_fn(&self, __kubeforge_scope: &#p::Scope, __kubeforge_out: &mut #p::Entries) {
                    #require
                    #entries
                }
            };
            wrap(input, &trait_path, &body)
        }
        Derive::FromEnv => {
            let trait_path = quote!(#krate::config::FromEnv);
            let describe_fn = format_ident!("__describe_env");
            let described = describe(input, &trait_path, &describe_fn, |_| true);
            let read = read(input, &trait_path);
            let body = quote! {
                const __ENV_LAYOUT: &'static #p::Layout = #layout;

                fn __describe_env(__kubeforge_scope: &#p::Scope, __kubeforge_out: &mut #p::Vars) {
                    #described
                }

                fn __read(
                    __kubeforge_reader: &mut #p::Reader<'_>,
                    __kubeforge_scope: &#p::Scope,
                ) -> ::core::option::Option<Self> {
                    #read
                }
            };
            wrap(input, &trait_path, &body)
        }
    }
}

/// The body of `FromEnv::__read`: every field is read (so every problem is recorded)
/// before any is checked.
fn read(input: &Input<'_>, trait_path: &TokenStream) -> TokenStream {
    let p = private(&input.krate);
    let mut reads = Vec::new();
    let mut locals = Vec::new();
    let mut inits = Vec::new();
    for (i, field) in input.fields.iter().enumerate() {
        let member = field.member;
        let local = format_ident!("__kubeforge_field{}", i);
        match &field.kind {
            FieldKind::Skip => {
                inits.push(quote!(#member: ::core::default::Default::default()));
                continue;
            }
            FieldKind::Flatten { key, separator } => {
                let ty = field.ty;
                reads.push(quote_spanned! {ty.span()=>
                    let #local = <#ty as #trait_path>::__read(__kubeforge_reader, &__kubeforge_scope.nest(#key, #separator));
                });
            }
            FieldKind::Value(value) => reads.push(read_value(&p, value, &local)),
        }
        locals.push(local.clone());
        inits.push(quote!(#member: #local));
    }
    let check = if locals.is_empty() {
        TokenStream::new()
    } else {
        quote! {
            let (#(::core::option::Option::Some(#locals),)*) = (#(#locals,)*) else {
                return ::core::option::Option::None;
            };
        }
    };
    quote! {
        #(#reads)*
        #check
        ::core::option::Option::Some(Self { #(#inits),* })
    }
}

fn read_value(p: &TokenStream, value: &Value<'_>, local: &syn::Ident) -> TokenStream {
    let info = field_info(p, value);
    if matches!(value.shape, Shape::Bytes) {
        let inner = value.inner;
        let method = if value.optional {
            quote!(optional_bytes)
        } else {
            quote!(required_bytes)
        };
        return quote_spanned! {inner.span()=>
            let #local = __kubeforge_reader.#method::<#inner>(__kubeforge_scope, #info);
        };
    }
    let method = if value.optional {
        quote!(optional)
    } else {
        quote!(required)
    };
    let dec = decode(p, &value.shape, &quote!(__kubeforge_text));
    quote! {
        let #local = __kubeforge_reader.#method(__kubeforge_scope, #info, |__kubeforge_text| #dec);
    }
}

/// A do-nothing impl for an input with errors, so the errors above stay the only ones.
fn stub(input: &DeriveInput, which: Derive) -> TokenStream {
    let cx = Ctxt::new();
    let attrs = crate::attr::Container::from_ast(&cx, &input.attrs);
    let _ = cx.check();
    let krate: Path = attrs
        .krate
        .unwrap_or_else(|| syn::parse_quote!(::kubeforge));
    let p = private(&krate);
    let ident = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    let type_name = ident.to_string();
    let layout = quote! {
        &#p::Layout {
            type_name: #type_name,
            prefix: "",
            config_map_name: "",
            secret_name: "",
            namespace: ::core::option::Option::None,
            labels: &[],
            annotations: &[],
            immutable: ::core::option::Option::None,
            files_dir: "",
            secret_files_dir: "",
        }
    };
    let body = match which {
        Derive::ConfigMap => quote! {
            impl #impl_generics #krate::config::ToConfigMap for #ident #ty_generics #where_clause {
                const __CONFIG_MAP_LAYOUT: &'static #p::Layout = #layout;
                fn __describe_config_map(_: &#p::Scope, _: &mut #p::Vars) {}
                fn __config_map_entries(&self, _: &#p::Scope, _: &mut #p::Entries) {}
            }
        },
        Derive::Secret => quote! {
            impl #impl_generics #krate::config::ToSecret for #ident #ty_generics #where_clause {
                const __SECRET_LAYOUT: &'static #p::Layout = #layout;
                fn __describe_secret(_: &#p::Scope, _: &mut #p::Vars) {}
                fn __secret_entries(&self, _: &#p::Scope, _: &mut #p::Entries) {}
            }
        },
        Derive::FromEnv => quote! {
            impl #impl_generics #krate::config::FromEnv for #ident #ty_generics #where_clause {
                const __ENV_LAYOUT: &'static #p::Layout = #layout;
                fn __describe_env(_: &#p::Scope, _: &mut #p::Vars) {}
                fn __read(_: &mut #p::Reader<'_>, _: &#p::Scope) -> ::core::option::Option<Self> {
                    ::core::option::Option::None
                }
            }
        },
    };
    quote! {
        #[doc(hidden)]
        const _: () = {
            #[automatically_derived]
            #body
        };
    }
}
