//! The JSON Schemas hostcast ships, generated from its own types: the scenario file
//! (`schemas/scenario.schema.json`), the price book (`schemas/price-book.schema.json`)
//! and every JSON output (`schemas/results.schema.json`: one of `compare`, `costs`,
//! `estimate`, `diff` and `budget`, told apart by their `kind`).
//!
//! TOML files are checked as the JSON they convert to (dates as `YYYY-MM-DD`
//! strings). The committed files are compared with these by a test;
//! `UPDATE_GOLDEN=1 cargo test --test tests schemas` (or `cargo run --example
//! schemas`) writes them again.

use schemars::JsonSchema;
use schemars::r#gen::SchemaSettings;
use serde_json::{Value, json};

use crate::diff::Diff;
use crate::platforms::gpus::GpuArchive;
use crate::pricing::PriceBook;
use crate::provenance::OutputKind;
use crate::report::budget::Outcome;
use crate::report::estimate::Estimate;
use crate::report::files::Costs;
use crate::results::Results;
use crate::scenario::model::ScenarioFile;

/// The shipped schemas: file name under `schemas/` and what it describes.
pub const NAMES: [(&str, &str); 3] = [
    ("scenario.schema.json", "a scenario file (scenarios/*.toml)"),
    ("price-book.schema.json", "a price book (pricing/*.toml, pricing/archive/**)"),
    ("results.schema.json", "every JSON output of hostcast"),
];

/// Where the schemas say they live.
const BASE: &str = "https://hostcast.invalid/schemas/";

fn root_of<T: JsonSchema>(file: &str, title: &str) -> Value {
    let generator = SchemaSettings::draft07().into_generator();
    let mut v = serde_json::to_value(generator.into_root_schema_for::<T>()).unwrap_or(Value::Null);
    if let Some(o) = v.as_object_mut() {
        o.insert("$id".into(), json!(format!("{BASE}{file}")));
        o.insert("title".into(), json!(title));
    }
    v
}

/// The schema of a scenario file.
pub fn scenario() -> Value {
    root_of::<ScenarioFile>("scenario.schema.json", "hostcast scenario")
}

/// A price book, or the archive of a product no longer sold.
#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
enum AnyBook {
    Book(Box<PriceBook>),
    RetiredGpus(GpuArchive),
}

/// The schema of a price book: one of a provider's book (`pricing/*.toml` and the
/// archived books) or the archive of Fly's retired GPU machines.
pub fn price_book() -> Value {
    let mut v = root_of::<AnyBook>("price-book.schema.json", "hostcast price book");
    one_of(&mut v);
    v
}

/// Makes an untagged enum's `anyOf` a `oneOf` (its branches exclude each other).
fn one_of(v: &mut Value) {
    if let Some(o) = v.as_object_mut()
        && let Some(branches) = o.remove("anyOf")
    {
        o.insert("oneOf".into(), branches);
    }
}

/// Every JSON output hostcast writes, told apart by its `kind`.
#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
enum AnyOutput {
    Compare(Results),
    Costs(Costs),
    Estimate(Estimate),
    Diff(Diff),
    Budget(Outcome<'static>),
}

/// The schema of every JSON output: one of the five kinds, each requiring its own
/// `kind` tag (so exactly one branch matches).
pub fn results() -> Value {
    let mut v = root_of::<AnyOutput>("results.schema.json", "hostcast results (every JSON output)");
    let kinds = [
        ("Results", OutputKind::Compare),
        ("Costs", OutputKind::Costs),
        ("Estimate", OutputKind::Estimate),
        ("Diff", OutputKind::Diff),
        ("Outcome", OutputKind::Budget),
    ];
    let Some(o) = v.as_object_mut() else { return v };
    let branches: Vec<Value> = kinds.iter().map(|(name, kind)| json!({ "$ref": format!("#/definitions/{name}"), "title": kind.as_str() })).collect();
    o.remove("anyOf");
    o.insert("oneOf".into(), Value::Array(branches));
    // `Costs` flattens `Results` into itself, so it is its own definition; move the
    // inline schemas of the five kinds into the definitions when schemars inlined them
    let Some(defs) = o.get_mut("definitions").and_then(Value::as_object_mut) else { return v };
    for (name, kind) in kinds {
        if let Some(def) = defs.get_mut(name).and_then(Value::as_object_mut) {
            tag(def, kind);
        }
    }
    v
}

/// Requires `kind` to be `kind` in an output's definition.
fn tag(def: &mut serde_json::Map<String, Value>, kind: OutputKind) {
    if let Some(p) = def.get_mut("properties").and_then(Value::as_object_mut) {
        p.insert("kind".into(), json!({ "description": "Which output this is.", "const": kind.as_str() }));
    }
    let required = def.entry("required").or_insert_with(|| json!([]));
    if let Some(r) = required.as_array_mut()
        && !r.iter().any(|x| x == "kind")
    {
        r.push(json!("kind"));
    }
}

/// The text of a shipped schema by its file name (pretty JSON, trailing newline).
pub fn text(name: &str) -> Option<String> {
    let v = match name {
        "scenario.schema.json" => scenario(),
        "price-book.schema.json" => price_book(),
        "results.schema.json" => results(),
        _ => return None,
    };
    serde_json::to_string_pretty(&v).ok().map(|mut s| {
        s.push('\n');
        s
    })
}
