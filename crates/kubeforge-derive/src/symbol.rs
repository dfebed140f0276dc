//! The attribute keywords, as constants (serde's `symbol.rs`): a typo cannot hide in a string.

use std::fmt;

use syn::{Ident, Path};

#[derive(Copy, Clone)]
pub(crate) struct Symbol(pub(crate) &'static str);

pub(crate) const KUBEFORGE: Symbol = Symbol("kubeforge");
pub(crate) const DOC: Symbol = Symbol("doc");

// Container attributes.
pub(crate) const CRATE: Symbol = Symbol("crate");
pub(crate) const PREFIX: Symbol = Symbol("prefix");
pub(crate) const RENAME_ALL: Symbol = Symbol("rename_all");
pub(crate) const CONFIG_MAP_NAME: Symbol = Symbol("config_map_name");
pub(crate) const SECRET_NAME: Symbol = Symbol("secret_name");
pub(crate) const NAMESPACE: Symbol = Symbol("namespace");
pub(crate) const LABEL: Symbol = Symbol("label");
pub(crate) const ANNOTATION: Symbol = Symbol("annotation");
pub(crate) const IMMUTABLE: Symbol = Symbol("immutable");
pub(crate) const FILES_DIR: Symbol = Symbol("files_dir");
pub(crate) const SECRET_FILES_DIR: Symbol = Symbol("secret_files_dir");

// Field attributes (`secret` is also a container attribute).
pub(crate) const SECRET: Symbol = Symbol("secret");
pub(crate) const RENAME: Symbol = Symbol("rename");
pub(crate) const SKIP: Symbol = Symbol("skip");
pub(crate) const FLATTEN: Symbol = Symbol("flatten");
pub(crate) const NESTED_SEPARATOR: Symbol = Symbol("nested_separator");
pub(crate) const SEPARATOR: Symbol = Symbol("separator");
pub(crate) const WITH: Symbol = Symbol("with");
pub(crate) const FILE: Symbol = Symbol("file");
pub(crate) const BINARY: Symbol = Symbol("binary");

pub(crate) const CONTAINER_KEYS: &[Symbol] = &[
    CRATE,
    PREFIX,
    RENAME_ALL,
    CONFIG_MAP_NAME,
    SECRET_NAME,
    NAMESPACE,
    LABEL,
    ANNOTATION,
    IMMUTABLE,
    FILES_DIR,
    SECRET_FILES_DIR,
    SECRET,
];

pub(crate) const FIELD_KEYS: &[Symbol] = &[
    SECRET,
    RENAME,
    SKIP,
    FLATTEN,
    NESTED_SEPARATOR,
    SEPARATOR,
    WITH,
    FILE,
    BINARY,
];

impl PartialEq<Symbol> for Ident {
    fn eq(&self, word: &Symbol) -> bool {
        self == word.0
    }
}

impl PartialEq<Symbol> for &Ident {
    fn eq(&self, word: &Symbol) -> bool {
        *self == word.0
    }
}

impl PartialEq<Symbol> for Path {
    fn eq(&self, word: &Symbol) -> bool {
        self.is_ident(word.0)
    }
}

impl PartialEq<Symbol> for &Path {
    fn eq(&self, word: &Symbol) -> bool {
        self.is_ident(word.0)
    }
}

impl fmt::Display for Symbol {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.0)
    }
}

/// The known keyword closest to `unknown`, if it is close enough to be a typo.
pub(crate) fn suggest(unknown: &str, known: &[Symbol]) -> Option<&'static str> {
    known
        .iter()
        .map(|s| (distance(unknown, s.0), s.0))
        .filter(|(d, s)| *d <= 2.max(s.len() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, s)| s)
}

/// Levenshtein distance.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row.first().copied().unwrap_or(0);
        if let Some(first) = row.first_mut() {
            *first = i + 1;
        }
        for (j, cb) in b.iter().enumerate() {
            let above = row.get(j + 1).copied().unwrap_or(0);
            let left = row.get(j).copied().unwrap_or(0);
            let cost = usize::from(ca != *cb);
            let value = (previous + cost).min(above + 1).min(left + 1);
            previous = above;
            if let Some(cell) = row.get_mut(j + 1) {
                *cell = value;
            }
        }
    }
    row.last().copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        assert_eq!(distance("renam", "rename"), 1);
        assert_eq!(distance("kitten", "sitting"), 3);
        assert_eq!(suggest("renam", FIELD_KEYS), Some("rename"));
        assert_eq!(suggest("seperator", FIELD_KEYS), Some("separator"));
        assert_eq!(suggest("flaten", FIELD_KEYS), Some("flatten"));
        assert_eq!(suggest("zzz", FIELD_KEYS), None);
        assert_eq!(suggest("prefx", CONTAINER_KEYS), Some("prefix"));
    }
}
