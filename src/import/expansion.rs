//! The expansion budget of a YAML (or JSON) file, checked on the parser's events
//! before any tree is built: how deep its lists and mappings nest, and how many
//! bytes its aliases would add once expanded (every node an alias copies, aliases
//! inside anchors counted as often as they are copied, scalars by their length).
//! A file past [`MAX_EXPANSION_BYTES`] or [`MAX_NESTING`] is an error at the alias
//! or the opening bracket that crosses the cap, so that a few kilobytes of nested
//! aliases ("billion laughs") fail at once instead of filling memory.

use std::collections::HashMap;
use std::path::Path;

use saphyr_parser::{Event, Parser};

use super::tree::{Pos, diag};
use crate::error::Diagnostic;
use crate::limits::{MAX_EXPANSION_BYTES, MAX_NESTING, NODE_BYTES, too_deep};

/// Checks the budget of `text`. Syntax errors are left to the loader, which reports
/// them with their place.
pub fn check(path: &Path, text: &str) -> Result<(), Diagnostic> {
    // the size of each anchored node, expanded; the open collections (with their
    // anchor and size so far); the bytes added by aliases so far
    let mut anchors: HashMap<usize, u64> = HashMap::new();
    let mut open: Vec<(usize, u64)> = Vec::new();
    let mut added: u64 = 0;
    // where the last event ended: the scanner reads ahead, so a flow nesting bomb can
    // stop it (with a message naming no cap) before its events reach the cap here
    let mut resume = 0;
    for event in Parser::new_from_str(text) {
        let Ok((event, span)) = event else { return crate::limits::check_flow_nesting(path, text, resume, open.len()) };
        resume = span.end.index();
        let at = || Pos { line: span.start.line().max(1), col: span.start.col() + 1 };
        let done = match event {
            Event::Scalar(value, _, anchor, _) => Some((anchor, NODE_BYTES + value.len() as u64)),
            Event::Alias(id) => {
                let size = anchors.get(&id).copied().unwrap_or(0);
                added = added.saturating_add(size);
                if added > MAX_EXPANSION_BYTES {
                    return Err(over_budget(path, at(), added));
                }
                Some((0, size))
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                open.push((anchor, NODE_BYTES));
                if open.len() > MAX_NESTING {
                    return Err(too_deep(path, text, span.start.index().min(text.len())).with_help(format!(
                        "no config needs this much nesting: flatten the structure (line {}, column {})",
                        at().line,
                        at().col
                    )));
                }
                None
            }
            Event::SequenceEnd | Event::MappingEnd => open.pop(),
            _ => None,
        };
        if let Some((anchor, size)) = done {
            if anchor > 0 {
                anchors.insert(anchor, size);
            }
            if let Some(parent) = open.last_mut() {
                parent.1 = parent.1.saturating_add(size);
            }
        }
    }
    Ok(())
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
