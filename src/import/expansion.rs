//! The expansion budget of a YAML (or JSON) file, checked on the parser's events
//! before any tree is built: how deep its lists and mappings nest, and how many
//! bytes its aliases would add once expanded (every node an alias copies, aliases
//! inside anchors counted as often as they are copied, scalars by their length).
//! A file past [`MAX_EXPANSION_BYTES`] or [`MAX_NESTING`] is an error at the alias
//! or the opening bracket that crosses the cap, so that a few kilobytes of nested
//! aliases ("billion laughs") fail at once instead of filling memory.

use std::collections::HashMap;
use std::path::Path;

use saphyr_parser::{Event, Parser, Span};

use super::tree::{Pos, diag};
use crate::error::Diagnostic;
use crate::limits::{MAX_EXPANSION_BYTES, MAX_NESTING, NODE_BYTES, too_deep};

/// Checks the budget of `text`. Syntax errors are left to the loader, which reports
/// them with their place.
pub fn check(path: &Path, text: &str) -> Result<(), Diagnostic> {
    let mut budget = Budget::new(path, text);
    for event in Parser::new_from_str(text) {
        match event {
            Ok((event, span)) => budget.on_event(&event, span)?,
            Err(_) => return budget.at_syntax_error(),
        }
    }
    Ok(())
}

/// The budget followed event by event, so that the loader can build the tree from
/// the same parse: an event is passed to the loader only after [`Budget::on_event`]
/// accepted it, so nothing past a cap is ever built.
pub struct Budget<'a> {
    path: &'a Path,
    text: &'a str,
    /// The size of each anchored node, expanded.
    anchors: HashMap<usize, u64>,
    /// The open collections, with their anchor and size so far.
    open: Vec<(usize, u64)>,
    /// The bytes added by aliases so far.
    added: u64,
    /// Where the last event ended: the scanner reads ahead, so a flow nesting bomb can
    /// stop it (with a message naming no cap) before its events reach the cap here.
    resume: usize,
}

impl<'a> Budget<'a> {
    /// The budget of `text` (read from `path`), nothing seen yet.
    pub fn new(path: &'a Path, text: &'a str) -> Budget<'a> {
        Budget { path, text, anchors: HashMap::new(), open: Vec::new(), added: 0, resume: 0 }
    }

    /// Counts one event; an error when it crosses a cap.
    pub fn on_event(&mut self, event: &Event, span: Span) -> Result<(), Diagnostic> {
        self.resume = span.end.index();
        let at = || Pos { line: span.start.line().max(1), col: span.start.col() + 1 };
        let done = match event {
            Event::Scalar(value, _, anchor, _) => Some((*anchor, NODE_BYTES + value.len() as u64)),
            Event::Alias(id) => {
                let size = self.anchors.get(id).copied().unwrap_or(0);
                self.added = self.added.saturating_add(size);
                if self.added > MAX_EXPANSION_BYTES {
                    return Err(over_budget(self.path, at(), self.added));
                }
                Some((0, size))
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                self.open.push((*anchor, NODE_BYTES));
                if self.open.len() > MAX_NESTING {
                    return Err(too_deep(self.path, self.text, span.start.index().min(self.text.len())).with_help(format!(
                        "no config needs this much nesting: flatten the structure (line {}, column {})",
                        at().line,
                        at().col
                    )));
                }
                None
            }
            Event::SequenceEnd | Event::MappingEnd => self.open.pop(),
            _ => None,
        };
        if let Some((anchor, size)) = done {
            if anchor > 0 {
                self.anchors.insert(anchor, size);
            }
            if let Some(parent) = self.open.last_mut() {
                parent.1 = parent.1.saturating_add(size);
            }
        }
        Ok(())
    }

    /// When the parser stopped on a syntax error: an error when the rest of the text
    /// nests past the cap (what stopped the scanner), else `Ok` (the syntax error is
    /// the caller's to report).
    pub fn at_syntax_error(&self) -> Result<(), Diagnostic> {
        crate::limits::check_flow_nesting(self.path, self.text, self.resume, self.open.len())
    }
}

fn over_budget(path: &Path, at: Pos, added: u64) -> Diagnostic {
    diag(
        path,
        at,
        format!(
            "expanding the aliases up to here would add {added} bytes, past hostcast's budget of {MAX_EXPANSION_BYTES} bytes (16 MiB, `MAX_EXPANSION_BYTES`)"
        ),
    )
    .with_help("aliases of aliases multiply: write the repeated values out, or alias a smaller anchor")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An anchor holding a long string, aliased `fan` times per level for `levels` levels.
    pub(crate) fn bomb(levels: usize, fan: usize) -> String {
        let mut t = format!("x-0: &a0 \"{}\"\n", "x".repeat(20_000));
        for l in 1..=levels {
            let items = vec![format!("*a{}", l - 1); fan].join(", ");
            t.push_str(&format!("x-{l}: &a{l} [{items}]\n"));
        }
        t.push_str("services:\n  - type: web\n    name: a\n    runtime: node\n");
        t
    }

    #[test]
    fn real_aliases_pass() {
        let t = "x: &c\n  restart: always\nservices:\n  a:\n    <<: *c\n  b:\n    <<: *c\n";
        assert!(check(Path::new("c.yml"), t).is_ok());
    }

    #[test]
    fn alias_bombs_fail_at_the_alias_that_crosses_the_budget() {
        for levels in [4, 5] {
            let e = check(Path::new("render.yaml"), &bomb(levels, 10)).expect_err("over budget");
            assert!(e.message.contains("MAX_EXPANSION_BYTES"), "{e}");
            // `x-2` adds 10 × 10 copies of 20 kB (2.2 MB in all with `x-1`); the 8th
            // alias of `x-3` (line 4) adds 8 × 2 MB more and crosses 16 MiB
            assert_eq!(e.line, Some(4), "{e}");
        }
    }

    #[test]
    fn deep_nesting_fails_at_the_bracket_past_the_cap() {
        let t = format!("a: {}{}\n", "[".repeat(200), "]".repeat(200));
        let e = check(Path::new("c.yml"), &t).expect_err("too deep");
        assert!(e.message.contains("MAX_NESTING"), "{e}");
        assert_eq!((e.line, e.column), (Some(1), Some(MAX_NESTING + 3)));
    }
}
