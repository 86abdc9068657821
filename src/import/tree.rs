//! A located tree of config values, the same for TOML, YAML and JSON.
//!
//! Every importer walks this tree instead of a parser's own types, so each value
//! and key keeps the line and column it was read from (for warnings and errors),
//! and YAML's anchors, aliases and `<<` merge keys are already resolved.
//!
//! - TOML is read with `toml`'s span-keeping document parser; a key repeated in a
//!   table that does not matter for cost (`[env]`, `[build.args]`) is tolerated
//!   with a warning, as flyctl does.
//! - YAML and JSON are read with `saphyr` (YAML 1.2, which JSON is a subset of):
//!   it resolves aliases (with a bound on alias expansion) and keeps markers; merge
//!   keys (`<<: *a`, `<<: [*a, *b]`) are applied here, explicit keys winning.

use std::path::Path;

use saphyr::{MarkedYamlOwned, ScalarOwned, YamlDataOwned, YamlLoader};
use toml::de::{DeTable, DeValue};

use crate::error::Diagnostic;

/// A 1-based line and column in a file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Pos {
    /// Line, from 1.
    pub line: usize,
    /// Column, from 1.
    pub col: usize,
}

/// A value with the position it was read from.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// The value.
    pub value: Value,
    /// Where it starts.
    pub at: Pos,
}

/// One key of a mapping, with its position, and its value.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The key.
    pub key: String,
    /// Where the key is written.
    pub at: Pos,
    /// Its value.
    pub value: Node,
}

/// A config value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `null`, `~`, or an empty YAML value.
    Null,
    /// A boolean.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A floating-point number.
    Float(f64),
    /// A string.
    Str(String),
    /// A sequence or array.
    List(Vec<Node>),
    /// A mapping or table, in the order of the file.
    Map(Vec<Entry>),
}

static EMPTY_ENTRIES: [Entry; 0] = [];
static EMPTY_NODES: [Node; 0] = [];

impl Node {
    /// The value under `key` of a mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entries().iter().find(|e| e.key == key).map(|e| &e.value)
    }
    /// The entry of `key` of a mapping (for the key's position).
    pub fn entry(&self, key: &str) -> Option<&Entry> {
        self.entries().iter().find(|e| e.key == key)
    }
    /// The entries of a mapping (none for other values).
    pub fn entries(&self) -> &[Entry] {
        match &self.value {
            Value::Map(m) => m,
            _ => &EMPTY_ENTRIES,
        }
    }
    /// The items of a sequence (none for other values).
    pub fn items(&self) -> &[Node] {
        match &self.value {
            Value::List(l) => l,
            _ => &EMPTY_NODES,
        }
    }
    /// Whether the value is a mapping.
    pub fn is_map(&self) -> bool {
        matches!(self.value, Value::Map(_))
    }
    /// Whether the value is a sequence.
    pub fn is_list(&self) -> bool {
        matches!(self.value, Value::List(_))
    }
    /// A string value.
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }
    /// A scalar as text (strings, numbers, booleans).
    pub fn text(&self) -> Option<String> {
        match &self.value {
            Value::Str(s) => Some(s.clone()),
            Value::Int(i) => Some(i.to_string()),
            Value::Float(f) => Some(f.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }
    /// A number, from a number or a string holding one (`'0.5'`).
    pub fn as_f64(&self) -> Option<f64> {
        match &self.value {
            Value::Int(i) => Some(*i as f64),
            Value::Float(f) if f.is_finite() => Some(*f),
            Value::Str(s) => s.trim().parse::<f64>().ok().filter(|f| f.is_finite()),
            _ => None,
        }
    }
    /// A boolean, from a boolean or a string `true`/`false`.
    pub fn as_bool(&self) -> Option<bool> {
        match &self.value {
            Value::Bool(b) => Some(*b),
            Value::Str(s) if s.eq_ignore_ascii_case("true") => Some(true),
            Value::Str(s) if s.eq_ignore_ascii_case("false") => Some(false),
            _ => None,
        }
    }
    /// The type of the value, for messages.
    pub fn type_name(&self) -> &'static str {
        match &self.value {
            Value::Null => "nothing",
            Value::Bool(_) => "a boolean",
            Value::Int(_) | Value::Float(_) => "a number",
            Value::Str(_) => "a string",
            Value::List(_) => "a list",
            Value::Map(_) => "a table",
        }
    }
    /// Applies `f` to every string scalar of the tree (not to keys); `f` returns the
    /// new text, or `None` to keep the string as it is.
    pub fn map_strings(&mut self, f: &mut dyn FnMut(&str, Pos) -> Option<String>) {
        let at = self.at;
        match &mut self.value {
            Value::Str(s) => {
                if let Some(new) = f(s, at) {
                    *s = new;
                }
            }
            Value::List(l) => l.iter_mut().for_each(|n| n.map_strings(f)),
            Value::Map(m) => m.iter_mut().for_each(|e| e.value.map_strings(f)),
            _ => {}
        }
    }
}

/// Byte offsets of line starts, to turn offsets into positions quickly.
pub struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    /// Indexes `text`.
    pub fn new(text: &str) -> Lines {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Lines { starts }
    }
    /// The position of byte `offset` of `text` (columns in characters).
    pub fn pos(&self, text: &str, offset: usize) -> Pos {
        let line = self.starts.partition_point(|s| *s <= offset).max(1);
        let start = self.starts.get(line - 1).copied().unwrap_or(0);
        let col = text.get(start..offset.min(text.len())).map(|s| s.chars().count()).unwrap_or(0) + 1;
        Pos { line, col }
    }
}

/// A diagnostic at a position of a file.
pub fn diag(path: &Path, at: Pos, message: impl Into<String>) -> Diagnostic {
    Diagnostic { path: path.to_path_buf(), line: Some(at.line), column: Some(at.col), message: message.into(), help: None }
}

/// Tables in which a repeated key is tolerated: they hold nothing that changes cost.
const DUPLICATES_TOLERATED_IN: [&str; 3] = ["[env]", "[build.args]", "[experimental]"];

/// Parses a TOML document. A repeated key inside one of the tables that do not
/// change cost is a warning (the first value is kept); any other error is fatal.
pub fn parse_toml(path: &Path, text: &str, warnings: &mut Vec<Diagnostic>) -> Result<Node, Diagnostic> {
    crate::limits::check_toml_nesting(path, text)?;
    let lines = Lines::new(text);
    let (table, errors) = DeTable::parse_recoverable(text);
    for e in errors {
        let at = e.span().map(|s| lines.pos(text, s.start)).unwrap_or(Pos { line: 1, col: 1 });
        let mut message = e.message().trim().to_string();
        if message.contains("recursion") {
            message = format!("arrays or tables nested too deeply ({message})");
        }
        let header = enclosing_header(text, at.line);
        if message.starts_with("duplicate key") && DUPLICATES_TOLERATED_IN.contains(&header.as_str()) {
            warnings.push(
                diag(path, at, format!("key repeated in `{header}`; strict TOML rejects this, flyctl keeps one value")).with_help("remove the repeated key"),
            );
            continue;
        }
        return Err(diag(path, at, format!("invalid TOML: {message}")).with_help("fix the file so that `fly config validate` accepts it"));
    }
    let span = table.span();
    let at = lines.pos(text, span.start);
    Ok(Node { value: toml_table(table.into_inner(), text, &lines), at })
}

/// The `[header]` line above `line` (1-based), or empty for the top level.
fn enclosing_header(text: &str, line: usize) -> String {
    text.lines()
        .take(line)
        .collect::<Vec<_>>()
        .iter()
        .rev()
        .map(|l| l.trim())
        .find(|l| l.starts_with('['))
        .map(|l| l.split('#').next().unwrap_or(l).trim().replace(' ', ""))
        .unwrap_or_default()
}

fn toml_table(t: DeTable<'_>, text: &str, lines: &Lines) -> Value {
    let mut entries: Vec<(usize, Entry)> = t
        .into_iter()
        .map(|(k, v)| {
            let key_at = k.span().start;
            let v_at = v.span().start;
            let value = Node { value: toml_value(v.into_inner(), text, lines), at: lines.pos(text, v_at) };
            (key_at, Entry { key: k.into_inner().into_owned(), at: lines.pos(text, key_at), value })
        })
        .collect();
    // the parser keeps keys sorted; the file's order is the order of the spans
    entries.sort_by_key(|(at, _)| *at);
    Value::Map(entries.into_iter().map(|(_, e)| e).collect())
}

fn toml_value(v: DeValue<'_>, text: &str, lines: &Lines) -> Value {
    match v {
        DeValue::String(s) => Value::Str(s.into_owned()),
        DeValue::Integer(i) => {
            let digits = i.as_str().replace('_', "");
            let (neg, digits) = match digits.strip_prefix('-') {
                Some(d) => (true, d.to_string()),
                None => (false, digits.trim_start_matches('+').to_string()),
            };
            let digits = if i.radix() == 10 { digits.as_str() } else { digits.get(2..).unwrap_or("") };
            match i64::from_str_radix(digits, i.radix()) {
                Ok(n) => Value::Int(if neg { -n } else { n }),
                Err(_) => Value::Str(i.as_str().to_string()),
            }
        }
        DeValue::Float(f) => match f.as_str().replace('_', "").parse::<f64>() {
            Ok(x) => Value::Float(x),
            Err(_) => Value::Str(f.as_str().to_string()),
        },
        DeValue::Boolean(b) => Value::Bool(b),
        DeValue::Datetime(d) => Value::Str(d.to_string()),
        DeValue::Array(a) => Value::List(
            a.into_iter()
                .map(|n| {
                    let at = lines.pos(text, n.span().start);
                    Node { value: toml_value(n.into_inner(), text, lines), at }
                })
                .collect(),
        ),
        DeValue::Table(t) => toml_table(t, text, lines),
    }
}

/// Most times a YAML file is re-read after closing brackets were re-indented.
const MAX_REINDENTS: usize = 64;

/// Parses a YAML (or JSON) document into a tree: aliases resolved, merge keys
/// applied. An empty file is an empty mapping.
///
/// Docker Compose's parser accepts a flow sequence or mapping whose closing
/// bracket sits at its key's indentation (`command: [` … `]`), which YAML 1.2 does
/// not; such a line is read as if indented, with a warning.
pub fn parse_yaml(path: &Path, text: &str, warnings: &mut Vec<Diagnostic>) -> Result<Node, Diagnostic> {
    let mut text = std::borrow::Cow::Borrowed(text);
    for _ in 0..=MAX_REINDENTS {
        match load_yaml(path, &text)? {
            Ok(docs) => {
                if docs.len() > 1 {
                    warnings.push(diag(path, Pos { line: 1, col: 1 }, format!("{} YAML documents in one file; only the first is read", docs.len())));
                }
                return Ok(match docs.into_iter().next() {
                    Some(d) => yaml_node(d, 0),
                    None => Node { value: Value::Map(Vec::new()), at: Pos { line: 1, col: 1 } },
                });
            }
            Err(e) => {
                let line = e.marker().line();
                let at = Pos { line: line.max(1), col: e.marker().col() + 1 };
                let info = e.info().to_string();
                match reindent_closing_bracket(&text, line) {
                    Some(fixed) if info.contains("indentation") => {
                        warnings.push(diag(
                            path,
                            at,
                            "closing bracket at its key's indentation: YAML 1.2 rejects this, Docker Compose accepts it; read as if indented",
                        ));
                        text = std::borrow::Cow::Owned(fixed);
                    }
                    _ => return Err(diag(path, at, format!("invalid YAML: {info}")).with_help("fix the file so that a YAML parser accepts it")),
                }
            }
        }
    }
    Err(diag(path, Pos { line: 1, col: 1 }, "invalid YAML: too many badly indented brackets"))
}

/// The documents of a YAML text, aliases expanded, or its syntax error; an error
/// (outside) when the text crosses the expansion budget or the nesting cap. One parse
/// feeds both: each event is counted against the budget (see `expansion`) before
/// the loader sees it, so nothing past a cap is built, and the loader's own count of
/// alias nodes is lifted (it would refuse a large file whose services all merge one
/// block).
fn load_yaml(path: &Path, text: &str) -> Result<Result<Vec<MarkedYamlOwned>, saphyr::ScanError>, Diagnostic> {
    use saphyr_parser::SpannedEventReceiver as _;
    let mut budget = super::expansion::Budget::new(path, text);
    let mut loader: YamlLoader<MarkedYamlOwned> = YamlLoader::default();
    loader.alias_limit(usize::MAX);
    for event in saphyr_parser::Parser::new_from_str(text) {
        match event {
            Ok((event, span)) => {
                budget.on_event(&event, span)?;
                loader.on_event(event, span);
            }
            Err(e) => {
                budget.at_syntax_error()?;
                return Ok(Err(e));
            }
        }
    }
    Ok(match loader.error() {
        Some(e) => Err(e.clone()),
        None => Ok(loader.into_documents()),
    })
}

/// The text with line `line` (1-based) indented by two more spaces, when that line
/// starts with a closing bracket.
fn reindent_closing_bracket(text: &str, line: usize) -> Option<String> {
    let target = text.lines().nth(line.checked_sub(1)?)?;
    let t = target.trim_start();
    if !(t.starts_with(']') || t.starts_with('}')) {
        return None;
    }
    let mut out = String::with_capacity(text.len() + 2);
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            out.push_str("  ");
        }
        out.push_str(l);
    }
    Some(out)
}

/// Deepest nesting of merge keys followed (guards against pathological input).
const MAX_DEPTH: usize = 256;

fn yaml_node(n: MarkedYamlOwned, depth: usize) -> Node {
    let at = Pos { line: n.span.start.line().max(1), col: n.span.start.col() + 1 };
    if depth > MAX_DEPTH {
        return Node { value: Value::Null, at };
    }
    let value = match n.data {
        YamlDataOwned::Value(s) => scalar(s),
        YamlDataOwned::Representation(s, _, _) => Value::Str(s),
        YamlDataOwned::Sequence(items) => Value::List(items.into_iter().map(|i| yaml_node(i, depth + 1)).collect()),
        YamlDataOwned::Mapping(map) => {
            let mut entries: Vec<Entry> = Vec::with_capacity(map.len());
            let mut merged: Vec<Entry> = Vec::new();
            let mut merged_keys: std::collections::HashSet<String> = std::collections::HashSet::new();
            for (k, v) in map {
                let key_at = Pos { line: k.span.start.line().max(1), col: k.span.start.col() + 1 };
                let key = match yaml_node(k, depth + 1).value {
                    Value::Str(s) => s,
                    Value::Int(i) => i.to_string(),
                    Value::Float(f) => f.to_string(),
                    Value::Bool(b) => b.to_string(),
                    Value::Null => "null".to_string(),
                    _ => "(complex key)".to_string(),
                };
                let value = yaml_node(v, depth + 1);
                if key == "<<" {
                    // `<<: *a` or `<<: [*a, *b]`: earlier sources win over later ones
                    let sources: Vec<Node> = match value.value {
                        Value::List(l) => l,
                        other => vec![Node { value: other, at: value.at }],
                    };
                    for s in sources {
                        if let Value::Map(m) = s.value {
                            for e in m {
                                if merged_keys.insert(e.key.clone()) {
                                    merged.push(e);
                                }
                            }
                        }
                    }
                    continue;
                }
                entries.push(Entry { key, at: key_at, value });
            }
            if !merged.is_empty() {
                let explicit: std::collections::HashSet<&str> = entries.iter().map(|e| e.key.as_str()).collect();
                let inherited: Vec<Entry> = merged.into_iter().filter(|e| !explicit.contains(e.key.as_str())).collect();
                entries.extend(inherited);
            }
            Value::Map(entries)
        }
        YamlDataOwned::Tagged(_, inner) => yaml_node(*inner, depth + 1).value,
        YamlDataOwned::Alias(_) | YamlDataOwned::BadValue => Value::Null,
    };
    Node { value, at }
}

fn scalar(s: ScalarOwned) -> Value {
    match s {
        ScalarOwned::Null => Value::Null,
        ScalarOwned::Boolean(b) => Value::Bool(b),
        ScalarOwned::Integer(i) => Value::Int(i),
        ScalarOwned::FloatingPoint(f) => Value::Float(f.into_inner()),
        ScalarOwned::String(s) => Value::Str(s),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yaml(text: &str) -> Node {
        parse_yaml(Path::new("t.yaml"), text, &mut Vec::new()).expect("parses")
    }

    #[test]
    fn merge_keys_apply_with_explicit_keys_winning() {
        let n = yaml("a: &a\n  x: 1\n  y: 2\nb: &b\n  z: 9\nc:\n  <<: [*a, *b]\n  y: 3\n");
        let c = n.get("c").expect("c");
        assert_eq!(c.get("x").and_then(Node::as_f64), Some(1.0));
        assert_eq!(c.get("y").and_then(Node::as_f64), Some(3.0));
        assert_eq!(c.get("z").and_then(Node::as_f64), Some(9.0));
        assert_eq!(c.get("y").map(|v| v.at.line), Some(8));
    }

    #[test]
    fn nested_merges_resolve() {
        let n = yaml("x-db: &db\n  A: 1\nx-rails: &rails\n  <<: *db\n  B: 2\ns:\n  environment:\n    <<: *rails\n    C: 3\n");
        let env = n.get("s").and_then(|s| s.get("environment")).expect("env");
        let keys: Vec<&str> = env.entries().iter().map(|e| e.key.as_str()).collect();
        assert_eq!(keys, ["C", "B", "A"]);
    }

    #[test]
    fn closing_bracket_at_key_indentation_is_tolerated() {
        let mut w = Vec::new();
        let n = parse_yaml(Path::new("c.yml"), "s:\n  a:\n    command: [\n      \"x\"\n    ]\n    ports:\n      - 1\n", &mut w).expect("parses");
        assert_eq!(w.len(), 1);
        assert!(n.get("s").and_then(|s| s.get("a")).and_then(|a| a.get("ports")).is_some());
    }

    #[test]
    fn toml_keeps_file_order_and_positions() {
        let mut w = Vec::new();
        let n = parse_toml(Path::new("f.toml"), "b = 1\na = \"x\"\n[env]\nK = \"1\"\nK = \"2\"\n", &mut w).expect("parses");
        let keys: Vec<&str> = n.entries().iter().map(|e| e.key.as_str()).collect();
        assert_eq!(keys, ["b", "a", "env"]);
        assert_eq!(n.entry("a").map(|e| e.at), Some(Pos { line: 2, col: 1 }));
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(parse_toml(Path::new("f.toml"), "a = 1\na = 2\n", &mut w).is_err());
    }
}
