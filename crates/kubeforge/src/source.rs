//! File, env-file and literal sources read as `kubectl create configmap|secret generic` reads
//! its `--from-file`, `--from-env-file` and `--from-literal` flags (kubectl's
//! `create_configmap.go`, `create_secret.go`, `pkg/util` `ParseFileSource` /
//! `ParseLiteralSource`, `pkg/cmd/util` `AddFromEnvFile`), with kubectl's error texts.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use k8s_openapi::ByteString;

use crate::error::{Error, quote_bytes};
use crate::validate::format;

/// A directory entry that a directory source (`from_file("dir")`) left out because it is not a
/// regular file, as kubectl does: sub-folders, symbolic links (even to a regular file), pipes,
/// sockets and devices. kubectl skips them silently; kubeforge lists them in
/// `ConfigMapBuilder::skipped` / `SecretBuilder::skipped`.
///
/// # Examples
///
/// ```
/// use kubeforge::{ConfigMapBuilder, SkippedKind};
/// let dir = std::env::temp_dir().join(format!("kubeforge-doc-skipped-{}", std::process::id()));
/// std::fs::create_dir_all(dir.join("nested")).unwrap();
/// std::fs::write(dir.join("app.conf"), "a=1\n").unwrap();
/// let builder = ConfigMapBuilder::new("c").from_file(&dir);
/// assert_eq!(builder.skipped()[0].path(), dir.join("nested"));
/// assert_eq!(builder.skipped()[0].kind(), SkippedKind::Directory);
/// assert_eq!(builder.skipped()[0].to_string(), format!("{}: skipped, a directory", dir.join("nested").display()));
/// let cm = builder.build()?;
/// assert_eq!(cm.data.unwrap().len(), 1);
/// # std::fs::remove_dir_all(&dir).unwrap();
/// # Ok::<(), kubeforge::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    path: PathBuf,
    kind: SkippedKind,
}

impl Skipped {
    /// The entry's path (the directory joined with the entry's name).
    ///
    /// # Examples
    ///
    /// ```
    /// let dir = std::env::temp_dir().join(format!("kubeforge-doc-skipped-path-{}", std::process::id()));
    /// std::fs::create_dir_all(dir.join("sub")).unwrap();
    /// let b = kubeforge::SecretBuilder::new("s").from_file(&dir);
    /// assert_eq!(b.skipped()[0].path(), dir.join("sub"));
    /// # std::fs::remove_dir_all(&dir).unwrap();
    /// ```
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// What the entry is.
    ///
    /// # Examples
    ///
    /// ```
    /// # #[cfg(unix)] {
    /// use kubeforge::{ConfigMapBuilder, SkippedKind};
    /// let dir = std::env::temp_dir().join(format!("kubeforge-doc-skipped-kind-{}", std::process::id()));
    /// std::fs::create_dir_all(&dir).unwrap();
    /// std::fs::write(dir.join("real.conf"), "x").unwrap();
    /// std::os::unix::fs::symlink("real.conf", dir.join("alias.conf")).unwrap();
    /// let b = ConfigMapBuilder::new("c").from_file(&dir);
    /// assert_eq!(b.skipped()[0].kind(), SkippedKind::Symlink); // links in a directory are not followed
    /// # std::fs::remove_dir_all(&dir).unwrap();
    /// # }
    /// ```
    pub fn kind(&self) -> SkippedKind {
        self.kind
    }
}

impl std::fmt::Display for Skipped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let what = match self.kind {
            SkippedKind::Directory => "a directory",
            SkippedKind::Symlink => "a symbolic link",
            SkippedKind::Other => "not a regular file",
        };
        write!(f, "{}: skipped, {what}", self.path.display())
    }
}

/// Why a directory entry was skipped (see [`Skipped`]).
///
/// # Examples
///
/// ```
/// assert_ne!(kubeforge::SkippedKind::Directory, kubeforge::SkippedKind::Symlink);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SkippedKind {
    /// A sub-folder (directories are taken flat, never recursively).
    Directory,
    /// A symbolic link, whatever it points to.
    Symlink,
    /// A pipe, socket or device.
    Other,
}

/// The first error of a builder's sources, kept until `build()` (builders are `Clone` and
/// `PartialEq`, an `io::Error` is neither).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Deferred {
    message: String,
    io: Option<std::io::ErrorKind>,
}

impl Deferred {
    pub(crate) fn plain(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            io: None,
        }
    }

    pub(crate) fn io(message: impl Into<String>, error: &std::io::Error) -> Self {
        Self {
            message: message.into(),
            io: Some(error.kind()),
        }
    }

    /// The crate error: kubectl's message, with the I/O error behind it as `source()`.
    pub(crate) fn into_error(self) -> Error {
        let source = self
            .io
            .map(|kind| std::io::Error::new(kind, self.message.clone()));
        Error::input(self.message, source)
    }
}

/// The object receiving keys, which fixes kubectl's wording of key errors.
pub(crate) enum Target<'a> {
    /// `kubectl create configmap`: UTF-8 values go to `data`, others to `binaryData`.
    ConfigMap {
        name: &'a str,
        data: &'a mut BTreeMap<String, String>,
        binary_data: &'a mut BTreeMap<String, ByteString>,
    },
    /// `kubectl create secret generic`: every value goes to `data`.
    Secret {
        data: &'a mut BTreeMap<String, ByteString>,
        string_data: &'a BTreeMap<String, String>,
    },
}

impl Target<'_> {
    /// Adds one key, as kubectl's `addKeyFrom{File,Literal}To{ConfigMap,Secret}`: the key must
    /// be a valid config key and new. `text` forces a ConfigMap value into `data` (literals and
    /// env-files are Go strings there, whatever their bytes).
    fn add(&mut self, key: &[u8], value: Vec<u8>, text: bool) -> Result<(), Deferred> {
        let errs = format::config_map_key_bytes(key);
        match self {
            Self::ConfigMap {
                name,
                data,
                binary_data,
            } => {
                if !errs.is_empty() {
                    return Err(Deferred::plain(format!(
                        "{} is not a valid key name for a ConfigMap: {}",
                        quote_bytes(key),
                        errs.join(",")
                    )));
                }
                let key = String::from_utf8_lossy(key).into_owned();
                for (map, label) in [
                    (data.contains_key(&key), "Data"),
                    (binary_data.contains_key(&key), "BinaryData"),
                ] {
                    if map {
                        return Err(Deferred::plain(format!(
                            "cannot add key {}, another key by that name already exists in {label} for ConfigMap {}",
                            quote_bytes(key.as_bytes()),
                            quote_bytes(name.as_bytes())
                        )));
                    }
                }
                match String::from_utf8(value) {
                    Ok(text) => {
                        data.insert(key, text);
                    }
                    Err(e) if text => {
                        data.insert(key, String::from_utf8_lossy(e.as_bytes()).into_owned());
                    }
                    Err(e) => {
                        binary_data.insert(key, ByteString(e.into_bytes()));
                    }
                }
            }
            Self::Secret { data, string_data } => {
                if !errs.is_empty() {
                    return Err(Deferred::plain(format!(
                        "{} is not valid key name for a Secret {}",
                        quote_bytes(key),
                        errs.join(";")
                    )));
                }
                let key = String::from_utf8_lossy(key).into_owned();
                if data.contains_key(&key) || string_data.contains_key(&key) {
                    return Err(Deferred::plain(format!(
                        "cannot add key {key}, another key by that name already exists"
                    )));
                }
                data.insert(key, ByteString(value));
            }
        }
        Ok(())
    }

    fn env_dir_message(&self) -> &'static str {
        match self {
            Self::ConfigMap { .. } => "env config file cannot be a directory",
            Self::Secret { .. } => "env secret file cannot be a directory",
        }
    }
}

/// The bytes of an OS string (exact on Unix; elsewhere its lossy UTF-8).
fn os_bytes(s: &OsStr) -> Cow<'_, [u8]> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt as _;
        Cow::Borrowed(s.as_bytes())
    }
    #[cfg(not(unix))]
    {
        Cow::Owned(s.to_string_lossy().into_owned().into_bytes())
    }
}

/// The path with these bytes (exact on Unix; elsewhere from their lossy UTF-8).
fn bytes_path(b: &[u8]) -> PathBuf {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt as _;
        PathBuf::from(OsStr::from_bytes(b))
    }
    #[cfg(not(unix))]
    {
        PathBuf::from(String::from_utf8_lossy(b).into_owned())
    }
}

/// How Go prints an I/O error's cause (`syscall.Errno`): the C library's text with a lower-case
/// first letter, without Rust's ` (os error N)`.
pub(crate) fn go_errno(e: &std::io::Error) -> String {
    let text = e.to_string();
    let text = match e.raw_os_error() {
        Some(code) => text
            .strip_suffix(&format!(" (os error {code})"))
            .unwrap_or(&text)
            .to_owned(),
        None => text,
    };
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => text,
    }
}

/// Go's `path.Base` (kubectl's key for `--from-file=PATH`).
fn go_base(p: &[u8]) -> &[u8] {
    if p.is_empty() {
        return b".";
    }
    let mut end = p.len();
    while end > 0 && p.get(end - 1) == Some(&b'/') {
        end -= 1;
    }
    if end == 0 {
        return b"/";
    }
    let trimmed = p.get(..end).unwrap_or_default();
    match trimmed.iter().rposition(|&b| b == b'/') {
        Some(i) => trimmed.get(i + 1..).unwrap_or_default(),
        None => trimmed,
    }
}

/// Go's `path.Clean`, which `filepath.Join` applies (kubectl names directory entries so).
fn go_clean(p: &[u8]) -> Vec<u8> {
    if p.is_empty() {
        return b".".to_vec();
    }
    let rooted = p.first() == Some(&b'/');
    let n = p.len();
    let mut out: Vec<u8> = Vec::with_capacity(n);
    let (mut r, mut dotdot) = (0, 0);
    if rooted {
        out.push(b'/');
        r = 1;
        dotdot = 1;
    }
    let at = |i: usize| p.get(i).copied();
    while r < n {
        let empty_or_dot =
            at(r) == Some(b'/') || (at(r) == Some(b'.') && (r + 1 == n || at(r + 1) == Some(b'/')));
        if empty_or_dot {
            r += 1;
        } else if at(r) == Some(b'.')
            && at(r + 1) == Some(b'.')
            && (r + 2 == n || at(r + 2) == Some(b'/'))
        {
            r += 2;
            if out.len() > dotdot {
                // Back up to the previous separator (or to `dotdot`).
                let mut w = out.len() - 1;
                while w > dotdot && out.get(w) != Some(&b'/') {
                    w -= 1;
                }
                out.truncate(w);
            } else if !rooted {
                if !out.is_empty() {
                    out.push(b'/');
                }
                out.extend_from_slice(b"..");
                dotdot = out.len();
            }
        } else {
            if (rooted && out.len() != 1) || (!rooted && !out.is_empty()) {
                out.push(b'/');
            }
            while r < n && at(r) != Some(b'/') {
                out.extend(at(r));
                r += 1;
            }
        }
    }
    if out.is_empty() {
        return b".".to_vec();
    }
    out
}

/// Go's `filepath.Join(dir, name)` on Unix.
fn go_join(dir: &[u8], name: &[u8]) -> Vec<u8> {
    let mut joined = dir.to_vec();
    if !dir.is_empty() {
        joined.push(b'/');
    }
    joined.extend_from_slice(name);
    go_clean(&joined)
}

/// Shows a path as Go's `%s`/`%v` would (its bytes; invalid UTF-8 replaced for display).
fn show(p: &[u8]) -> Cow<'_, str> {
    String::from_utf8_lossy(p)
}

/// `--from-file=SOURCE`: `PATH`, `KEY=PATH`, or a directory (`ParseFileSource`).
pub(crate) fn add_file_source(
    target: &mut Target<'_>,
    source: &OsStr,
    skipped: &mut Vec<Skipped>,
) -> Result<(), Deferred> {
    let raw = os_bytes(source);
    let separators = raw.split(|&b| b == b'=').count() - 1;
    let trim = |b: &[u8]| show(b).into_owned();
    match separators {
        0 => add_path(target, go_base(&raw), &raw, false, skipped),
        1 if raw.first() == Some(&b'=') => Err(Deferred::plain(format!(
            "key name for file path {} missing",
            trim(raw.get(1..).unwrap_or_default())
        ))),
        1 if raw.last() == Some(&b'=') => Err(Deferred::plain(format!(
            "file path for key name {} missing",
            trim(raw.get(..raw.len() - 1).unwrap_or_default())
        ))),
        1 => {
            let at = raw.iter().position(|&b| b == b'=').unwrap_or_default();
            let (key, path) = (
                raw.get(..at).unwrap_or_default(),
                raw.get(at + 1..).unwrap_or_default(),
            );
            add_path(target, key, path, true, skipped)
        }
        _ => Err(Deferred::plain(
            "key names or file paths cannot contain '='",
        )),
    }
}

/// A path taken as is (never split at `=`): keyed by `key`, or by its base name.
pub(crate) fn add_unparsed_path(
    target: &mut Target<'_>,
    key: Option<&[u8]>,
    path: &Path,
    skipped: &mut Vec<Skipped>,
) -> Result<(), Deferred> {
    let raw = os_bytes(path.as_os_str());
    match key {
        Some(key) => add_path(target, key, &raw, true, skipped),
        None => add_path(target, go_base(&raw), &raw, false, skipped),
    }
}

/// A file or directory under `key` (`named`: the key was given, which a directory refuses).
fn add_path(
    target: &mut Target<'_>,
    key: &[u8],
    path: &[u8],
    named: bool,
    skipped: &mut Vec<Skipped>,
) -> Result<(), Deferred> {
    let fs_path = bytes_path(path);
    let meta = std::fs::metadata(&fs_path).map_err(|e| {
        Deferred::io(
            format!("error reading {}: {}", show(path), go_errno(&e)),
            &e,
        )
    })?;
    if !meta.is_dir() {
        return add_file(target, key, path);
    }
    if named {
        return Err(Deferred::plain(
            "cannot give a key name for a directory path",
        ));
    }
    let listing_error = |e: &std::io::Error| {
        Deferred::io(
            format!(
                "error listing files in {p}: open {p}: {}",
                go_errno(e),
                p = show(path)
            ),
            e,
        )
    };
    let mut entries = Vec::new();
    for entry in std::fs::read_dir(&fs_path).map_err(|e| listing_error(&e))? {
        let entry = entry.map_err(|e| listing_error(&e))?;
        let kind = entry.file_type().map_err(|e| listing_error(&e))?;
        entries.push((os_bytes(&entry.file_name()).into_owned(), kind));
    }
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    for (name, kind) in entries {
        let item = go_join(path, &name);
        if kind.is_file() {
            add_file(target, &name, &item)?;
        } else {
            let kind = if kind.is_dir() {
                SkippedKind::Directory
            } else if kind.is_symlink() {
                SkippedKind::Symlink
            } else {
                SkippedKind::Other
            };
            skipped.push(Skipped {
                path: fs_path.join(bytes_path(&name)),
                kind,
            });
        }
    }
    Ok(())
}

/// One regular file (`addKeyFromFileTo...`): read errors are Go's `*PathError` text.
fn add_file(target: &mut Target<'_>, key: &[u8], path: &[u8]) -> Result<(), Deferred> {
    let bytes = std::fs::read(bytes_path(path)).map_err(|e| {
        let op = if e.kind() == std::io::ErrorKind::IsADirectory {
            "read"
        } else {
            "open"
        };
        Deferred::io(format!("{op} {}: {}", show(path), go_errno(&e)), &e)
    })?;
    target.add(key, bytes, false)
}

/// `--from-literal=KEY=VALUE` (`ParseLiteralSource`): split at the first `=`; the key may not be
/// empty.
pub(crate) fn add_literal(target: &mut Target<'_>, source: &str) -> Result<(), Deferred> {
    match source.split_once('=') {
        Some((key, value)) if !key.is_empty() => {
            target.add(key.as_bytes(), value.as_bytes().to_vec(), true)
        }
        _ => Err(Deferred::plain(format!(
            "invalid literal source {source}, expected key=value"
        ))),
    }
}

/// Go's `bufio.MaxScanTokenSize`: a longer line ends the scan, silently in kubectl.
const MAX_LINE: usize = 64 * 1024;

/// `--from-env-file=PATH` (`AddFromEnvFile` / `processEnvFileLine`).
pub(crate) fn add_env_file(target: &mut Target<'_>, path: &Path) -> Result<(), Deferred> {
    let raw = os_bytes(path.as_os_str());
    let meta = std::fs::metadata(path).map_err(|e| {
        Deferred::io(
            format!("error reading {}: {}", show(&raw), go_errno(&e)),
            &e,
        )
    })?;
    if meta.is_dir() {
        return Err(Deferred::plain(target.env_dir_message()));
    }
    let content = std::fs::read(path)
        .map_err(|e| Deferred::io(format!("open {}: {}", show(&raw), go_errno(&e)), &e))?;
    for (number, line) in scan_lines(&content).enumerate() {
        let Ok(text) = std::str::from_utf8(line) else {
            let mut list = String::from("[");
            for (i, b) in line.iter().enumerate() {
                if i > 0 {
                    list.push(' ');
                }
                let _ = write!(list, "{b}");
            }
            list.push(']');
            return Err(Deferred::plain(format!(
                "env file {} contains invalid utf8 bytes at line {}: {list}",
                show(&raw),
                number + 1
            )));
        };
        let text = if number == 0 {
            text.strip_prefix('\u{feff}').unwrap_or(text)
        } else {
            text
        };
        let text = text.trim_start();
        if text.is_empty() || text.starts_with('#') {
            continue;
        }
        let (key, value) = match text.split_once('=') {
            Some((key, value)) => (key, Some(value)),
            None => (text, None),
        };
        let errs = format::env_var_name(key, false);
        if !errs.is_empty() {
            return Err(Deferred::plain(format!(
                "{} is not a valid key name: {}",
                quote_bytes(key.as_bytes()),
                errs.join(";")
            )));
        }
        let value = match value {
            Some(v) => v.as_bytes().to_vec(),
            // No `=`: the value comes from the environment (empty when unset), as in kubectl.
            None => std::env::var_os(key)
                .map(|v| os_bytes(&v).into_owned())
                .unwrap_or_default(),
        };
        target.add(key.as_bytes(), value, true)?;
    }
    Ok(())
}

/// The lines `bufio.Scanner` with `ScanLines` yields: split at `\n`, one trailing `\r` dropped,
/// no empty last line; the scan stops at a line of 64 KiB or more (kubectl ignores that error,
/// so the keys read so far are kept).
fn scan_lines(content: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut rest = content;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let (line, next) = match rest.iter().position(|&b| b == b'\n') {
            Some(i) => (rest.get(..i)?, rest.get(i + 1..)?),
            None => (rest, &[][..]),
        };
        if line.len() >= MAX_LINE {
            rest = &[];
            return None;
        }
        rest = next;
        Some(line.strip_suffix(b"\r").unwrap_or(line))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_like_go() {
        for (p, b) in [
            ("", "."),
            ("/", "/"),
            ("//", "/"),
            ("a/b", "b"),
            ("a/b/", "b"),
            ("b", "b"),
            ("a/.", "."),
            ("./x.conf", "x.conf"),
        ] {
            assert_eq!(go_base(p.as_bytes()), b.as_bytes(), "{p}");
        }
    }

    #[test]
    fn clean_like_go() {
        for (p, c) in [
            ("", "."),
            ("abc", "abc"),
            ("abc/def", "abc/def"),
            ("a/b/c", "a/b/c"),
            (".", "."),
            ("..", ".."),
            ("../..", "../.."),
            ("../../abc", "../../abc"),
            ("/abc", "/abc"),
            ("/", "/"),
            ("abc/", "abc"),
            ("abc/def/", "abc/def"),
            ("/abc/", "/abc"),
            ("abc//def//ghi", "abc/def/ghi"),
            ("//abc", "/abc"),
            ("abc/./def", "abc/def"),
            ("/./abc/def", "/abc/def"),
            ("abc/.", "abc"),
            ("abc/def/ghi/../jkl", "abc/def/jkl"),
            ("abc/def/../ghi/../jkl", "abc/jkl"),
            ("abc/def/..", "abc"),
            ("abc/def/../..", "."),
            ("/abc/def/../..", "/"),
            ("abc/def/../../..", ".."),
            ("/abc/def/../../..", "/"),
            ("abc/def/../../../ghi/jkl/../../../mno", "../../mno"),
            ("./d/a", "d/a"),
        ] {
            assert_eq!(
                String::from_utf8(go_clean(p.as_bytes())).unwrap(),
                c,
                "clean({p})"
            );
        }
        assert_eq!(go_join(b"d/", b"a"), b"d/a");
    }

    #[test]
    fn scans_lines_like_bufio() {
        let lines: Vec<&[u8]> = scan_lines(b"a\r\nb\n\nc").collect();
        assert_eq!(lines, [&b"a"[..], b"b", b"", b"c"]);
        assert_eq!(scan_lines(b"a\n").count(), 1);
        let long = [b"A=1\n".to_vec(), vec![b'x'; MAX_LINE], b"\nB=2\n".to_vec()].concat();
        assert_eq!(scan_lines(&long).count(), 1);
        let fits = [vec![b'x'; MAX_LINE - 1], b"\nB=2\n".to_vec()].concat();
        assert_eq!(scan_lines(&fits).count(), 2);
    }

    #[test]
    fn errno_like_go() {
        let e = std::io::Error::from_raw_os_error(2);
        assert_eq!(go_errno(&e), "no such file or directory");
    }
}
