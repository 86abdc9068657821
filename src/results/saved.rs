//! Saved results read back (`output`, a side of `diff`, `budget --baseline`): a JSON
//! output of hostcast is untrusted input, checked against the results model before
//! any of it is used. Every error is located at `FILE:LINE:COL`: parse and type
//! errors where serde_json stops, value errors at the value itself.
//!
//! What is checked: the text is JSON no deeper than the nesting cap; `schema_version`
//! is the one this hostcast reads ([`SCHEMA_VERSION`]); `kind` is an output that
//! holds priced options (`compare`, `costs`); the document is a results model; every
//! number is 0 or more, except the money of a discount or credit line; every amount
//! of money is at most [`crate::money::MAX_USD`] either way; a rate is above 0; and
//! each row's cash bill is its hosting plus its APIs, and its bill with team time the
//! cash bill plus the team's time.

use std::path::Path;

use serde_json::Value;

use super::model::{Results, SCHEMA_VERSION};
use crate::error::Diagnostic;
use crate::json::Step;

/// Components of lines that take money off the bill: their amounts are negative.
pub const CREDIT_COMPONENTS: [&str; 3] = ["discount", "credit", "usage credit"];

/// Reads saved results from `text`; `path` names the file in messages.
pub fn read(path: &Path, text: &str) -> Result<Results, Diagnostic> {
    crate::limits::check_json_nesting(path, text)?;
    let value: Value =
        serde_json::from_str(text).map_err(|e| serde_error(path, text, &e, "not JSON").with_help("give a saved output of hostcast, JSON as it was written"))?;
    let at = |steps: &[Step], message: String| Diagnostic::at(path, text, crate::json::offset_of(text, steps).unwrap_or(0), message);
    let key = |k: &str| [Step::Key(k.to_string())];
    let save = "save one with `hostcast compare SCENARIO --format json -o FILE`";
    if !value.is_object() {
        return Err(Diagnostic::at(path, text, 0, "not a saved hostcast output: the file holds no JSON object").with_help(save));
    }
    match value.get("schema_version") {
        None => return Err(Diagnostic::at(path, text, 0, "no `schema_version`: not a saved hostcast output").with_help(save)),
        Some(v) => match v.as_u64() {
            Some(v) if v == u64::from(SCHEMA_VERSION) => {}
            Some(1) => {
                return Err(at(
                    &key("schema_version"),
                    "schema_version 1 (hostcast before the bill was split into hosting, APIs and team time) cannot be read".into(),
                )
                .with_help("price its scenario again, or save it again with this hostcast"));
            }
            Some(n) if n > u64::from(SCHEMA_VERSION) => {
                return Err(at(&key("schema_version"), format!("schema_version {n} is newer than this hostcast reads ({SCHEMA_VERSION})"))
                    .with_help("use a newer hostcast"));
            }
            _ => {
                return Err(at(&key("schema_version"), format!("schema_version {v} is not one hostcast writes ({SCHEMA_VERSION})")).with_help(save));
            }
        },
    }
    match value.get("kind").map(|k| (k, k.as_str())) {
        None | Some((_, Some("compare" | "costs"))) => {}
        Some((_, Some(kind))) => {
            return Err(at(&key("kind"), format!("a saved `{kind}` output holds no priced options to read back"))
                .with_help("give a `compare --format json` output (or a report's costs.json), or the scenario itself"));
        }
        Some((k, None)) => return Err(at(&key("kind"), format!("`kind` is {k}, not the name of an output")).with_help(save)),
    }
    let results: Results = serde_json::from_str(text).map_err(|e| serde_error(path, text, &e, "not a hostcast results file").with_help(save))?;
    let mut problems = Vec::new();
    numbers(&value, &mut Vec::new(), false, &mut problems);
    sums(&value, &mut problems);
    match problems.len() {
        0 => Ok(results),
        n => {
            let (steps, message) = problems.swap_remove(0);
            let more = if n > 1 { format!(" (and {} more problem(s) in the file)", n - 1) } else { String::new() };
            Err(at(&steps, format!("{message}{more}"))
                .with_help("a saved output is read as hostcast wrote it: write it again with `hostcast compare … --format json`"))
        }
    }
}

/// A serde_json error at its line and column.
fn serde_error(path: &Path, text: &str, e: &serde_json::Error, what: &str) -> Diagnostic {
    let start: usize = text.split_inclusive('\n').take(e.line().saturating_sub(1)).map(str::len).sum();
    // the message without serde_json's own ` at line L column C`: the location leads
    let message = e.to_string();
    let message = match message.rfind(" at line ") {
        Some(i) if e.line() > 0 => message[..i].to_string(),
        _ => message,
    };
    Diagnostic::at(path, text, (start + e.column().saturating_sub(1)).min(text.len()), format!("{what}: {message}"))
}

/// Money fields: every key ending in `_usd`, `monthly_cost` (the display currency)
/// and a line's `unit_price` (the book's currency).
fn is_money(key: &str) -> bool {
    key.ends_with("_usd") || key == "monthly_cost" || key == "unit_price"
}

/// Collects every number out of range under `v` (at `steps`); `credit`: `v` is in a
/// line that takes money off the bill.
fn numbers(v: &Value, steps: &mut Vec<Step>, credit: bool, out: &mut Vec<(Vec<Step>, String)>) {
    match v {
        Value::Object(m) => {
            let credit = m.get("component").and_then(Value::as_str).is_some_and(|c| CREDIT_COMPONENTS.contains(&c));
            for (k, x) in m {
                steps.push(Step::Key(k.clone()));
                numbers(x, steps, credit, out);
                steps.pop();
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                steps.push(Step::Index(i));
                numbers(x, steps, credit, out);
                steps.pop();
            }
        }
        Value::Number(n) => {
            let x = n.as_f64().unwrap_or(f64::NAN);
            let key = match steps.last() {
                Some(Step::Key(k)) => k.as_str(),
                _ => "",
            };
            let name = dotted(steps);
            let problem = if !x.is_finite() {
                Some(format!("`{name}` is not a finite number"))
            } else if matches!(key, "rate" | "usd_per_unit") && x <= 0.0 {
                Some(format!("`{name}` is {x}: a rate is above 0"))
            } else if is_money(key) && x.abs() > crate::money::MAX_USD {
                Some(format!("`{name}` is {x:e}: beyond the {} hostcast holds to the cent", crate::money::usd(crate::money::MAX_USD)))
            } else if x < 0.0 && !(credit && is_money(key)) {
                let what = if is_money(key) { "an amount of money is 0 or more (only a discount or credit line takes money off)" } else { "it is 0 or more" };
                Some(format!("`{name}` is {x}: {what}"))
            } else {
                None
            };
            if let Some(p) = problem {
                out.push((steps.clone(), p));
            }
        }
        _ => {}
    }
}

/// Each row's cash bill is hosting + APIs, and its bill with team time the cash bill
/// plus the team's time (to the cent).
fn sums(v: &Value, out: &mut Vec<(Vec<Step>, String)>) {
    let Some(rows) = v.get("results").and_then(Value::as_array) else { return };
    for (i, r) in rows.iter().enumerate() {
        let f = |k: &str| r.get(k).and_then(Value::as_f64).unwrap_or(0.0);
        let checks = [
            ("monthly_cost_usd", f("hosting_usd") + f("apis_usd"), "`hosting_usd` + `apis_usd`"),
            ("with_team_time_usd", f("monthly_cost_usd") + f("team_time_usd"), "`monthly_cost_usd` + `team_time_usd`"),
        ];
        for (key, want, what) in checks {
            if (f(key) - want).abs() > 0.005 {
                let steps = vec![Step::Key("results".into()), Step::Index(i), Step::Key(key.into())];
                out.push((steps, format!("`results.{i}.{key}` is {}, not {what} ({})", f(key), want)));
            }
        }
    }
}

/// `results.3.hosting_usd`.
fn dotted(steps: &[Step]) -> String {
    steps
        .iter()
        .map(|s| match s {
            Step::Key(k) => k.clone(),
            Step::Index(i) => i.to_string(),
        })
        .collect::<Vec<_>>()
        .join(".")
}
