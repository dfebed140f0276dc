//! Reading inputs (files, directories, stdin) and splitting them into documents parsed as
//! [`serde_json::Value`]s.
//!
//! Nothing here knows about Kubernetes kinds: [`crate::check`] turns the values into objects.

use std::borrow::Cow;
use std::fmt;
use std::fs;
use std::io::{self, Read as _};
use std::path::{Path, PathBuf};

use serde_json::Value;
use serde_saphyr::MessageFormatter as _;

/// The name stdin gets in output lines.
pub const STDIN_NAME: &str = "<stdin>";

/// One named input: the bytes of a file (or of stdin) and the name output lines use for it.
///
/// # Examples
///
/// ```
/// use kubeforge_cli::input::Input;
/// let input = Input::new("cm.yaml", "apiVersion: v1\nkind: ConfigMap\n");
/// assert_eq!(input.name(), "cm.yaml");
/// assert!(!input.is_json());
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Input {
    name: String,
    bytes: Vec<u8>,
    json: bool,
}

impl Input {
    /// An input named `name`. It is read as JSON when the name ends in `.json`, or when it is
    /// stdin and its first non-blank character is `{` or `[`; as (multi-document) YAML otherwise.
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge_cli::input::Input;
    /// assert!(Input::new("list.json", "{}").is_json());
    /// assert!(Input::new("<stdin>", "  {\"kind\": \"List\"}").is_json());
    /// assert!(!Input::new("a.yaml", "{}").is_json());
    /// ```
    pub fn new(name: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        let name = name.into();
        let bytes = bytes.into();
        let json = Path::new(&name)
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"))
            || (name == STDIN_NAME
                && bytes
                    .iter()
                    .find(|b| !b.is_ascii_whitespace())
                    .is_some_and(|b| *b == b'{' || *b == b'['));
        Self { name, bytes, json }
    }

    /// The name output lines use (the path as given, or `<stdin>`).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The raw content.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// Whether the content is read as JSON rather than YAML.
    pub fn is_json(&self) -> bool {
        self.json
    }
}

/// Why an input argument could not be read (a usage error: exit code 2, message on stderr).
#[derive(Debug)]
pub struct ReadError {
    path: PathBuf,
    source: io::Error,
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot read {}: {}", self.path.display(), self.source)
    }
}

impl std::error::Error for ReadError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

/// Reads every argument: a file, a directory (every `*.yaml`, `*.yml` and `*.json` below it,
/// recursively, sorted by path), or `-` for stdin.
///
/// # Errors
///
/// The first argument that does not exist or cannot be read.
pub fn read_inputs<S: AsRef<str>>(args: &[S]) -> Result<Vec<Input>, ReadError> {
    let mut inputs = Vec::new();
    for arg in args {
        let arg = arg.as_ref();
        if arg == "-" {
            let mut bytes = Vec::new();
            io::stdin()
                .lock()
                .read_to_end(&mut bytes)
                .map_err(|source| ReadError {
                    path: PathBuf::from(STDIN_NAME),
                    source,
                })?;
            inputs.push(Input::new(STDIN_NAME, bytes));
            continue;
        }
        let path = PathBuf::from(arg);
        let meta = fs::metadata(&path).map_err(|source| ReadError {
            path: path.clone(),
            source,
        })?;
        if meta.is_dir() {
            let mut files = Vec::new();
            collect_manifests(&path, &mut files)?;
            files.sort();
            for file in files {
                inputs.push(read_file(&file)?);
            }
        } else {
            inputs.push(read_file(&path)?);
        }
    }
    Ok(inputs)
}

/// Reads one file into an [`Input`] named by its path.
fn read_file(path: &Path) -> Result<Input, ReadError> {
    let bytes = fs::read(path).map_err(|source| ReadError {
        path: path.to_owned(),
        source,
    })?;
    Ok(Input::new(path.display().to_string(), bytes))
}

/// Whether a file name is one of the manifest extensions.
fn is_manifest(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        ["yaml", "yml", "json"]
            .iter()
            .any(|x| e.eq_ignore_ascii_case(x))
    })
}

/// Collects manifest files below `dir`. Symbolic links to files are followed, symbolic links
/// to directories are not (no loops).
fn collect_manifests(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), ReadError> {
    let err = |source| ReadError {
        path: dir.to_owned(),
        source,
    };
    for entry in fs::read_dir(dir).map_err(err)? {
        let entry = entry.map_err(err)?;
        let path = entry.path();
        let file_type = entry.file_type().map_err(err)?;
        if file_type.is_dir() {
            collect_manifests(&path, out)?;
        } else if is_manifest(&path)
            && (file_type.is_file() || fs::metadata(&path).is_ok_and(|m| m.is_file()))
        {
            out.push(path);
        }
    }
    Ok(())
}

/// A syntax error in an input: its 1-based line and column, and the parser's message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    /// 1-based line in the input.
    pub line: u64,
    /// 1-based column.
    pub column: u64,
    /// The parser's message, without location.
    pub message: String,
}

/// One document of an input: where it starts and what it holds.
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    /// 1-based line of the document's first content line (comments, blank lines and the
    /// `---` separator are skipped, unless the separator line carries content).
    pub line: u64,
    /// The parsed value, or the syntax error that stopped it.
    pub value: Result<Value, SyntaxError>,
}

/// Splits an input into its non-empty documents and parses each one.
///
/// YAML is split at `---` and `...` marker lines (which always end a document in YAML, even
/// inside block scalars), so a syntax error in one document does not hide the others. JSON
/// holds one value. Empty documents (nothing but comments, or `null`) are dropped.
///
/// # Examples
///
/// ```
/// use kubeforge_cli::input::{documents, Input};
/// let docs = documents(&Input::new("a.yaml", "# c\na: 1\n---\n\n---\nb: [\n"));
/// assert_eq!(docs.len(), 2);
/// assert_eq!(docs[0].line, 2);
/// assert_eq!(docs[1].value.as_ref().unwrap_err().line, 6);
/// ```
pub fn documents(input: &Input) -> Vec<Document> {
    let text = match std::str::from_utf8(input.bytes()) {
        Ok(text) => text,
        Err(e) => {
            let valid = input.bytes().get(..e.valid_up_to()).unwrap_or_default();
            let line = valid.split(|b| *b == b'\n').count();
            let column = 1 + valid.iter().rev().take_while(|b| **b != b'\n').count();
            return vec![Document {
                line: as_u64(line),
                value: Err(SyntaxError {
                    line: as_u64(line),
                    column: as_u64(column),
                    message: "invalid UTF-8".to_owned(),
                }),
            }];
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if input.is_json() {
        json_document(text).into_iter().collect()
    } else {
        split_yaml(text)
            .into_iter()
            .filter_map(|(first, segment)| yaml_document(first, &segment))
            .collect()
    }
}

/// Converts a count to `u64` (lossless on every supported platform).
fn as_u64(n: usize) -> u64 {
    u64::try_from(n).unwrap_or(u64::MAX)
}

/// Parses a JSON input.
fn json_document(text: &str) -> Option<Document> {
    let line = first_content_line(text, |l| !l.trim().is_empty())?;
    let value = serde_json::from_str::<Value>(text).map_err(|e| {
        let message = e.to_string();
        let suffix = format!(" at line {} column {}", e.line(), e.column());
        SyntaxError {
            line: as_u64(e.line().max(1)),
            column: as_u64(e.column().max(1)),
            message: message
                .strip_suffix(&suffix)
                .map_or_else(|| message.clone(), str::to_owned),
        }
    });
    match value {
        Ok(Value::Null) => None,
        value => Some(Document {
            line: as_u64(line),
            value,
        }),
    }
}

/// 0-based index of the first line `keep` accepts, plus one.
fn first_content_line(text: &str, keep: impl Fn(&str) -> bool) -> Option<usize> {
    text.lines().position(keep).map(|i| i + 1)
}

/// Whether a YAML line carries content (not blank, not a comment, not a directive).
fn is_yaml_content(line: &str) -> bool {
    let t = line.trim_start();
    !(t.is_empty() || t.starts_with('#') || line.starts_with('%'))
}

/// Whether `line` is a document marker (`---` or `...` followed by nothing or whitespace).
/// Returns the text that follows the marker, blanked-out marker included so that columns stay
/// right.
fn marker(line: &str) -> Option<Cow<'_, str>> {
    for m in ["---", "..."] {
        if let Some(rest) = line.strip_prefix(m)
            && (rest.is_empty() || rest.starts_with([' ', '\t', '\r']))
        {
            return Some(if m == "---" && is_yaml_content(rest) {
                Cow::Owned(format!("   {rest}"))
            } else {
                Cow::Borrowed("")
            });
        }
    }
    None
}

/// Splits YAML into segments at document markers: (0-based index of the segment's first
/// line, segment text). Each segment keeps its lines' columns.
fn split_yaml(text: &str) -> Vec<(usize, String)> {
    let mut segments = Vec::new();
    let mut current = String::new();
    let mut start = 0;
    for (i, line) in text.split('\n').enumerate() {
        if let Some(rest) = marker(line) {
            segments.push((start, std::mem::take(&mut current)));
            start = i;
            current.push_str(&rest);
            current.push('\n');
        } else {
            current.push_str(line);
            current.push('\n');
        }
    }
    segments.push((start, current));
    segments
}

/// Parses one YAML segment whose first line is line `first + 1` of the input.
fn yaml_document(first: usize, segment: &str) -> Option<Document> {
    let line = first + first_content_line(segment, is_yaml_content)?;
    let value = serde_saphyr::from_str::<Value>(segment).map_err(|e| {
        let (l, c) = e
            .location()
            .map_or((1, 1), |loc| (loc.line().max(1), loc.column().max(1)));
        let message = serde_saphyr::DefaultMessageFormatter.format_message(e.without_snippet());
        SyntaxError {
            line: as_u64(first).saturating_add(l),
            column: c,
            message: message.into_owned(),
        }
    });
    match value {
        Ok(Value::Null) => None,
        value => Some(Document {
            line: as_u64(line),
            value,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_at_markers_and_keeps_lines() {
        let docs = documents(&Input::new(
            "a.yaml",
            "---\na: 1\n--- # two\n\nb: 2\n...\n--- {c: 3}\n",
        ));
        let lines: Vec<u64> = docs.iter().map(|d| d.line).collect();
        assert_eq!(lines, [2, 5, 7]);
        assert_eq!(
            docs[2].value.as_ref().ok(),
            Some(&serde_json::json!({"c": 3}))
        );
    }

    #[test]
    fn block_scalar_content_is_not_a_marker() {
        let docs = documents(&Input::new("a.yaml", "a: |\n  ---\n  x\n"));
        assert_eq!(docs.len(), 1);
        assert_eq!(
            docs[0].value.as_ref().ok(),
            Some(&serde_json::json!({"a": "---\nx\n"}))
        );
    }

    #[test]
    fn syntax_error_lines_are_file_lines() {
        let docs = documents(&Input::new("a.yaml", "a: 1\n---\nb: 1\nc: [\n"));
        let err = docs[1].value.as_ref().unwrap_err();
        assert!(err.line >= 4, "{err:?}");
        assert!(!err.message.contains("line"), "{err:?}");
    }

    #[test]
    fn json_errors_have_locations() {
        let docs = documents(&Input::new("a.json", "{\n  \"a\": 1,\n}\n"));
        let err = docs[0].value.as_ref().unwrap_err();
        assert_eq!((err.line, err.column), (3, 1));
        assert_eq!(err.message, "trailing comma");
    }

    #[test]
    fn invalid_utf8_is_a_syntax_error() {
        let docs = documents(&Input::new("a.yaml", b"a: 1\nb: \xff\n".to_vec()));
        let err = docs[0].value.as_ref().unwrap_err();
        assert_eq!(
            (err.line, err.column, err.message.as_str()),
            (2, 4, "invalid UTF-8")
        );
    }
}
