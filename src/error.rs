//! Errors that point at the input: a file, a line, a column, and what would fix it.
//!
//! Every error caused by a user's file is a [`Diagnostic`]. Its `Display` reads
//! `path:line:col: message` followed by an indented `help:` line, the way compilers
//! report, so an editor can jump to it.

use std::fmt;
use std::path::{Path, PathBuf};

/// An error in an input file, located as precisely as the parser allows.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    /// The file the error is in.
    pub path: PathBuf,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// 1-based column, when known.
    pub column: Option<usize>,
    /// What is wrong.
    pub message: String,
    /// What would fix it, when there is something useful to say.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A diagnostic for a whole file (no position).
    pub fn file(path: &Path, message: impl Into<String>) -> Self {
        Diagnostic { path: path.to_path_buf(), line: None, column: None, message: message.into(), help: None }
    }

    /// A diagnostic at a byte offset of `text` (the file's contents).
    pub fn at(path: &Path, text: &str, offset: usize, message: impl Into<String>) -> Self {
        let (line, column) = line_col(text, offset);
        Diagnostic { path: path.to_path_buf(), line: Some(line), column: Some(column), message: message.into(), help: None }
    }

    /// Adds a hint on how to fix the input.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Turns a `toml` parse or deserialisation error into a located diagnostic.
    /// When the error is at a value, the message names its key: `` `users`: … ``.
    pub fn from_toml(path: &Path, text: &str, err: &toml::de::Error) -> Self {
        let mut message = err.message().trim().to_string();
        if message.contains("recursion") {
            message = format!("arrays or tables nested too deeply ({message}); no hostcast file nests more than a few levels");
        }
        match err.span() {
            Some(span) => {
                let message = match key_before(text, span.start) {
                    Some(key) if !message.contains(&format!("`{key}`")) => format!("`{key}`: {message}"),
                    _ => message,
                };
                Diagnostic::at(path, text, span.start, message)
            }
            None => Diagnostic::file(path, message),
        }
    }
}

/// The key of the `key = value` whose value starts at byte `offset`, if any.
fn key_before(text: &str, offset: usize) -> Option<String> {
    let before = text.get(..offset)?;
    let line = &before[before.rfind('\n').map(|i| i + 1).unwrap_or(0)..];
    let lhs = line.trim_end().strip_suffix('=')?.trim_end();
    let key: String = lhs.chars().rev().take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '"')).collect();
    let key: String = key.chars().rev().collect::<String>().trim_matches('"').to_string();
    (!key.is_empty()).then_some(key)
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(col) = self.column {
                write!(f, ":{col}")?;
            }
        }
        write!(f, ": {}", self.message)?;
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostic {}

/// A run that must end with a given exit code: a usage error (2) found after
/// argument parsing, or a check that failed after the output was written (3–5).
#[derive(Debug, Clone, PartialEq)]
pub struct Exit {
    /// The exit code (see `cli::EXIT_CODES`).
    pub code: u8,
    /// What to tell the user on standard error.
    pub message: String,
}

impl Exit {
    /// A usage error (exit 2).
    pub fn usage(message: impl Into<String>) -> Self {
        Exit { code: 2, message: message.into() }
    }

    /// A lower-bound total under `--fail-on-missing` (exit 4).
    pub fn lower_bound(message: impl Into<String>) -> Self {
        Exit { code: 4, message: message.into() }
    }
}

impl fmt::Display for Exit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Exit {}

/// Formats a list of valid names for an error's help line: `a`, `b`, `c`.
pub fn one_of<'a>(names: impl IntoIterator<Item = &'a String>) -> String {
    let names: Vec<String> = names.into_iter().map(|n| format!("`{n}`")).collect();
    if names.is_empty() { "(none defined)".to_string() } else { names.join(", ") }
}

/// The edit (Levenshtein) distance between two strings, in characters: what a
/// did-you-mean suggestion ranks names by.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            let next = (row[j + 1] + 1).min(row[j] + 1).min(prev + cost);
            prev = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_are_one_based() {
        let text = "a = 1\nbb = 2\n";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 6), (2, 1));
        assert_eq!(line_col(text, 11), (2, 6));
    }

    #[test]
    fn display_reads_like_a_compiler() {
        let d = Diagnostic::at(Path::new("s.toml"), "x\ny = -1", 6, "must be >= 0").with_help("use a positive number");
        assert_eq!(d.to_string(), "s.toml:2:5: must be >= 0\n  help: use a positive number");
    }
}
