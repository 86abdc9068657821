//! `${VAR}` interpolation as Docker Compose does it, from a map of variables
//! (the environment, an `--env-file`); nothing is ever run.
//!
//! Forms: `$VAR`, `${VAR}`, `${VAR:-default}` (default when unset or empty),
//! `${VAR-default}` (when unset), `${VAR:+alt}` / `${VAR+alt}`, `${VAR:?msg}` (a
//! required variable: Compose stops when it is unset or empty) / `${VAR?msg}` (when
//! unset), and `$$` for a literal `$`. Defaults may nest (`${A:-${B}}`). An unset
//! variable without a default reads as empty, as in Compose (which warns); every
//! required one that is missing is recorded in [`Found::required`] and reads as
//! empty, for the importer to judge what it feeds (Compose itself stops there).
//!
//! The values substituted into one file share the expansion budget that YAML
//! aliases have ([`MAX_EXPANSION_BYTES`]): a long value used many times would
//! otherwise multiply a small file into gigabytes. Past the budget no value is
//! substituted any more and [`Found::over_budget`] names the variable that crossed
//! it, for the importer to refuse the file at that string ([`over_budget`]).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::tree::{Pos, diag};
use crate::error::Diagnostic;
use crate::limits::MAX_EXPANSION_BYTES;

/// Deepest nesting of `${…}` followed.
const MAX_DEPTH: usize = 16;

/// What interpolation met besides the values it used.
#[derive(Debug, Clone, Default)]
pub struct Found {
    /// Variables read that are not set (and have no default): read as empty.
    pub unset: BTreeSet<String>,
    /// Every required variable (`${VAR:?msg}`, `${VAR?msg}`) found missing, in the
    /// order met (once per use).
    pub required: Vec<Required>,
    /// Bytes the substituted values have added so far (the file's own text not counted).
    pub added: u64,
    /// The variable whose value took `added` past [`MAX_EXPANSION_BYTES`]; from
    /// then on values are left out.
    pub over_budget: Option<String>,
}

/// A required variable that is missing, where Compose stops with its message.
#[derive(Debug, Clone, PartialEq)]
pub struct Required {
    /// The variable.
    pub name: String,
    /// The message Compose stops with (empty when the file gives none).
    pub message: String,
    /// Set but empty (for `:?`), rather than unset.
    pub empty: bool,
}

/// Interpolates `text`. Unset variables without a default become empty and are
/// added to `found.unset`; a missing required one is added to `found.required`.
pub fn interpolate(text: &str, env: &BTreeMap<String, String>, found: &mut Found) -> String {
    if !text.contains('$') {
        return text.to_string();
    }
    expand(text, env, found, 0)
}

fn expand(text: &str, env: &BTreeMap<String, String>, found: &mut Found, depth: usize) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c != '$' {
            out.push(c);
            i += 1;
            continue;
        }
        match chars.get(i + 1) {
            Some('$') => {
                out.push('$');
                i += 2;
            }
            Some('{') if depth < MAX_DEPTH => {
                // find the matching brace
                let mut level = 1;
                let mut j = i + 2;
                while j < chars.len() && level > 0 {
                    match chars[j] {
                        '{' => level += 1,
                        '}' => level -= 1,
                        _ => {}
                    }
                    j += 1;
                }
                if level > 0 {
                    // unterminated: keep as written
                    out.extend(&chars[i..]);
                    break;
                }
                let inner: String = chars[i + 2..j - 1].iter().collect();
                out.push_str(&braced(&inner, env, found, depth));
                i = j;
            }
            Some(n) if n.is_ascii_alphabetic() || *n == '_' => {
                let mut j = i + 1;
                while j < chars.len() && (chars[j].is_ascii_alphanumeric() || chars[j] == '_') {
                    j += 1;
                }
                let name: String = chars[i + 1..j].iter().collect();
                out.push_str(&lookup(&name, env, found));
                i = j;
            }
            _ => {
                out.push('$');
                i += 1;
            }
        }
    }
    out
}

fn lookup(name: &str, env: &BTreeMap<String, String>, found: &mut Found) -> String {
    match env.get(name) {
        Some(v) => substitute(name, v, found),
        None => {
            found.unset.insert(name.to_string());
            String::new()
        }
    }
}

fn braced(inner: &str, env: &BTreeMap<String, String>, found: &mut Found, depth: usize) -> String {
    let name_len = inner.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(inner.len());
    let (name, rest) = inner.split_at(name_len);
    let value = env.get(name);
    let set = value.is_some();
    let non_empty = value.is_some_and(|v| !v.is_empty());
    let arg = |skip: usize, found: &mut Found| expand(rest.get(skip..).unwrap_or(""), env, found, depth + 1);
    if rest.is_empty() {
        return lookup(name, env, found);
    }
    if rest.starts_with(":-") {
        return if non_empty { lookup(name, env, found) } else { arg(2, found) };
    }
    if rest.starts_with(":+") {
        return if non_empty { arg(2, found) } else { String::new() };
    }
    if let Some(message) = rest.strip_prefix(":?").or_else(|| rest.strip_prefix('?')) {
        // `:?` requires a value, `?` only that the variable is set
        let missing = if rest.starts_with(':') { !non_empty } else { !set };
        if !missing {
            return lookup(name, env, found);
        }
        found.required.push(Required { name: name.to_string(), message: message.to_string(), empty: set });
        return String::new();
    }
    match rest.chars().next() {
        Some('-') => {
            if set {
                lookup(name, env, found)
            } else {
                arg(1, found)
            }
        }
        Some('+') => {
            if set {
                arg(1, found)
            } else {
                String::new()
            }
        }
        _ => lookup(name, env, found),
    }
}

/// `value` of `name`, counted in the budget; empty once the budget is passed.
fn substitute(name: &str, value: &str, found: &mut Found) -> String {
    if found.over_budget.is_some() {
        return String::new();
    }
    found.added = found.added.saturating_add(value.len() as u64);
    if found.added > MAX_EXPANSION_BYTES {
        found.over_budget = Some(name.to_string());
        return String::new();
    }
    value.to_string()
}

/// The error at the string `at` of `path` where the values substituted passed the
/// budget (`found.over_budget` is set).
pub fn over_budget(path: &Path, at: Pos, found: &Found) -> Diagnostic {
    let name = found.over_budget.as_deref().unwrap_or_default();
    diag(
        path,
        at,
        format!(
            "interpolating `${{{name}}}` here brings the values substituted in this file to {} bytes, past hostcast's budget of {MAX_EXPANSION_BYTES} bytes (16 MiB, `MAX_EXPANSION_BYTES`)",
            found.added
        ),
    )
    .with_help(format!("a long value used many times multiplies: shorten `{name}` (in `--env-file` or the environment) or use it fewer times"))
}

/// Reads an env file: `KEY=VALUE` lines, `#` comments, optional `export `, values
/// optionally quoted. Lines that are not assignments are skipped.
pub fn parse_env_file(text: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let line = line.strip_prefix("export ").unwrap_or(line);
        let Some((k, v)) = line.split_once('=') else { continue };
        let k = k.trim();
        if k.is_empty() || !k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            continue;
        }
        let v = v.trim();
        let v = if v.len() >= 2 && ((v.starts_with('"') && v.ends_with('"')) || (v.starts_with('\'') && v.ends_with('\''))) {
            &v[1..v.len() - 1]
        } else {
            v.split(" #").next().unwrap_or(v).trim()
        };
        out.insert(k.to_string(), v.to_string());
    }
    out
}

/// Reads an env file as [`parse_env_file`] does, refusing a line that is neither an
/// assignment (`KEY=VALUE`), a bare name (taken from the environment by Compose), a
/// comment nor blank: an error at its line naming what is wrong.
pub fn read_env_file(path: &std::path::Path, text: &str) -> Result<BTreeMap<String, String>, crate::error::Diagnostic> {
    let name_ok = |k: &str| !k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    let mut start = 0;
    for raw in text.split_inclusive('\n') {
        let line_start = start;
        start += raw.len();
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let line = line.strip_prefix("export ").unwrap_or(line);
        let key = line.split_once('=').map(|(k, _)| k.trim()).unwrap_or(line);
        if !name_ok(key) {
            let offset = line_start + raw.len() - raw.trim_start().len();
            return Err(crate::error::Diagnostic::at(
                path,
                text,
                offset,
                format!("`{}` is not a variable assignment", line.chars().take(40).collect::<String>()),
            )
            .with_help("write one `NAME=value` a line (NAME of letters, digits and `_`)"));
        }
    }
    Ok(parse_env_file(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env() -> BTreeMap<String, String> {
        [("SET", "x"), ("EMPTY", "")].into_iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn compose_forms() {
        let mut found = Found::default();
        let e = env();
        let cases = [
            ("${SET}", "x"),
            ("$SET/y", "x/y"),
            ("${UNSET:-d}", "d"),
            ("${EMPTY:-d}", "d"),
            ("${EMPTY-d}", ""),
            ("${UNSET-d}", "d"),
            ("${SET:+alt}", "alt"),
            ("${UNSET:+alt}", ""),
            ("${UNSET:-${SET}}@${UNSET2:-db}", "x@db"),
            ("$$HOME", "$HOME"),
            ("${EXPOSE_PORT-:2283:2283}", ":2283:2283"),
            ("a ${unterminated", "a ${unterminated"),
            ("${SET:?must be set}", "x"),
            ("${EMPTY?may be empty}", ""),
            ("$NOT_SET/x", "/x"),
        ];
        for (input, want) in cases {
            assert_eq!(interpolate(input, &e, &mut found), want, "{input}");
        }
        assert!(found.required.is_empty(), "{:?}", found.required);
        assert!(found.unset.contains("NOT_SET"));
        assert!(!found.unset.contains("UNSET"));
        // required and missing: Compose stops with the message
        for (input, name, message, empty) in
            [("${NEED:?must be set}", "NEED", "must be set", false), ("${EMPTY:?}", "EMPTY", "", true), ("${NEED?x}", "NEED", "x", false)]
        {
            let mut found = Found::default();
            assert_eq!(interpolate(input, &e, &mut found), "", "{input}");
            assert_eq!(found.required, [Required { name: name.into(), message: message.into(), empty }], "{input}");
        }
        // every missing one is kept, not only the first
        let mut found = Found::default();
        assert_eq!(interpolate("${A:?a}-${SET:?s}-${B?b}", &e, &mut found), "-x-");
        let names: Vec<&str> = found.required.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["A", "B"]);
    }

    #[test]
    fn values_past_the_budget_are_left_out_and_the_variable_named() {
        let e: BTreeMap<String, String> = [("BIG".to_string(), "x".repeat(1 << 16))].into_iter().collect();
        let mut found = Found::default();
        // 256 uses of 64 KiB make exactly the 16 MiB budget; the 257th is past it
        let within = interpolate(&"${BIG}".repeat(256), &e, &mut found);
        assert_eq!((within.len() as u64, found.added, found.over_budget.as_deref()), (MAX_EXPANSION_BYTES, MAX_EXPANSION_BYTES, None));
        let past = interpolate("${X:-${BIG}}$BIG", &e, &mut found);
        assert_eq!((past.as_str(), found.over_budget.as_deref()), ("", Some("BIG")));
        // once past, nothing more is substituted
        assert_eq!(interpolate("a${BIG}b", &e, &mut found), "ab");
    }

    #[test]
    fn env_files() {
        let m = parse_env_file("# c\nA=1\nexport B=\"two words\"\nC='q' \nD=v # comment\nbad line\n");
        assert_eq!(m.get("A").map(String::as_str), Some("1"));
        assert_eq!(m.get("B").map(String::as_str), Some("two words"));
        assert_eq!(m.get("C").map(String::as_str), Some("q"));
        assert_eq!(m.get("D").map(String::as_str), Some("v"));
        assert_eq!(m.len(), 4);
    }
}
