//! The house flows one way: every top-level module of `src/` stands on a floor, and
//! imports (`crate::` paths, in `use` lines or inline) reach only lower floors or its
//! own folder. A new module must be given a floor here; an import against the order
//! fails with its file and line. `PENDING` lists the imports still against the order,
//! each to be moved away; an entry no longer needed fails too, so the list only shrinks.

use std::collections::BTreeMap;
use std::path::Path;

/// The floors, lowest first. Siblings share a floor and do not import each other.
const FLOORS: &[(u32, &[&str])] = &[
    (0, &["error"]),
    (1, &["limits", "money", "dates", "json", "slug", "parallel", "findings", "provenance"]),
    (2, &["pricing", "actuals"]),
    (3, &["scenario"]),
    (4, &["platforms", "ledger"]),
    (5, &["import", "capacity"]),
    (6, &["billing", "apis"]),
    (7, &["simulate"]),
    (8, &["rank", "timeline"]),
    (9, &["results"]),
    (10, &["diff", "budget", "reconcile"]),
    (11, &["report"]),
    (12, &["cli", "schema"]),
    (13, &["commands"]),
    (14, &["main", "lib"]),
];

/// Imports against the floors that are still to be moved away, as `from -> to`.
const PENDING: &[&str] = &[];

fn floor_of(room: &str) -> Option<u32> {
    FLOORS.iter().find(|(_, rooms)| rooms.contains(&room)).map(|(floor, _)| *floor)
}

/// The top-level module a file of `src/` belongs to: `src/billing/fly.rs` → `billing`,
/// `src/rank.rs` → `rank`, `src/results/queries.rs` → `results`.
fn room_of(relative: &Path) -> String {
    let first = relative.components().next().map(|c| c.as_os_str().to_string_lossy().into_owned()).unwrap_or_default();
    first.strip_suffix(".rs").unwrap_or(&first).to_string()
}

/// The top-level modules a line names through `crate::` (`crate::a::b`, `crate::{a, b::c}`).
fn imports(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // the first segment of each top-level item of the group
            let mut depth = 0usize;
            let mut item = String::new();
            let mut items = Vec::new();
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => items.push(std::mem::take(&mut item)),
                    _ => {}
                }
                if depth == 0 && c != ',' {
                    item.push(c);
                }
            }
            items.push(item);
            out.extend(items.iter().map(|i| first_segment(i.trim())).filter(|s| !s.is_empty() && s != "self"));
        } else {
            out.push(first_segment(rest));
        }
    }
    out
}

fn first_segment(path: &str) -> String {
    path.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect()
}

/// Every `from -> to` import of `src/` with the places it is made.
fn edges() -> BTreeMap<(String, String), Vec<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut edges: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    let mut stack = vec![src.clone()];
    while let Some(dir) = stack.pop() {
        for entry in fs_err::read_dir(&dir).expect("src is readable") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let relative = path.strip_prefix(&src).expect("under src").to_path_buf();
            let room = room_of(&relative);
            let text = fs_err::read_to_string(&path).expect("source");
            for (n, line) in text.lines().enumerate() {
                let code = line.trim_start();
                if code.starts_with("//") {
                    continue;
                }
                for to in imports(code) {
                    if to != room && !to.is_empty() {
                        edges.entry((room.clone(), to)).or_default().push(format!("src/{}:{}", relative.display(), n + 1));
                    }
                }
            }
        }
    }
    edges
}

#[test]
fn the_import_parser_reads_paths_and_groups() {
    assert_eq!(imports("use crate::billing::{Bill, LineItem};"), ["billing"]);
    assert_eq!(imports("use crate::{error::Diagnostic, money::{Money, usd}, self};"), ["error", "money"]);
    assert_eq!(imports("let x = crate::pricing::age(crate::dates::today());"), ["pricing", "dates"]);
    assert_eq!(room_of(Path::new("billing/fly.rs")), "billing");
    assert_eq!(room_of(Path::new("rank.rs")), "rank");
}

#[test]
fn imports_follow_the_floors() {
    let mut against = Vec::new();
    let mut unplaced = Vec::new();
    for ((from, to), places) in edges() {
        let (Some(a), Some(b)) = (floor_of(&from), floor_of(&to)) else {
            unplaced.push(format!("{}: `{from}` or `{to}` has no floor in tests/layers.rs", places[0]));
            continue;
        };
        if b >= a && !PENDING.contains(&format!("{from} -> {to}").as_str()) {
            against.extend(places.iter().map(|p| format!("{p}: {from} may not import {to} (floor {b} >= {a})")));
        }
    }
    assert!(unplaced.is_empty(), "every module stands on a floor:\n{}", unplaced.join("\n"));
    assert!(against.is_empty(), "imports against the floors:\n{}", against.join("\n"));
}

#[test]
fn the_pending_list_only_shrinks() {
    let edges = edges();
    let stale: Vec<&&str> = PENDING
        .iter()
        .filter(|entry| {
            let (from, to) = entry.split_once(" -> ").expect("`from -> to`");
            !edges.contains_key(&(from.to_string(), to.to_string()))
        })
        .collect();
    assert!(stale.is_empty(), "these imports are gone: take them off PENDING in tests/layers.rs: {stale:?}");
}
