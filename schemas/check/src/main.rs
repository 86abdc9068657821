//! `hostcast-schema-check SCHEMA FILE...`: validates each FILE (JSON, or TOML read as
//! the JSON it converts to, dates as `YYYY-MM-DD` strings) against the JSON Schema in
//! SCHEMA with `boon`, formats asserted. Prints one line per file (`ok` or the
//! errors) and exits 1 when any file is refused, 2 on a usage or read error.

use std::path::Path;
use std::process::ExitCode;

use serde_json::Value;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [schema, files @ ..] = args.as_slice() else {
        eprintln!("usage: hostcast-schema-check SCHEMA FILE...");
        return ExitCode::from(2);
    };
    match run(Path::new(schema), files) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

/// Validates every file; true when all pass.
fn run(schema: &Path, files: &[String]) -> Result<bool, String> {
    let schema_value = read_json(schema)?;
    let url = schema_value.get("$id").and_then(Value::as_str).unwrap_or("urn:hostcast:schema").to_string();
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    compiler.enable_format_assertions();
    compiler.add_resource(&url, schema_value).map_err(|e| format!("{}: {e}", schema.display()))?;
    let index = compiler.compile(&url, &mut schemas).map_err(|e| format!("{}: {e:#}", schema.display()))?;
    let mut all = true;
    for f in files {
        let path = Path::new(f);
        let doc = if path.extension().is_some_and(|x| x == "toml") { read_toml(path)? } else { read_json(path)? };
        match schemas.validate(&doc, index) {
            Ok(()) => println!("{f}: ok"),
            Err(e) => {
                all = false;
                println!("{f}: refused: {e:#}");
            }
        }
    }
    Ok(all)
}

fn read_json(path: &Path) -> Result<Value, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: not JSON: {e}", path.display()))
}

fn read_toml(path: &Path) -> Result<Value, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let v: toml::Value = toml::from_str(&text).map_err(|e| format!("{}: not TOML: {e}", path.display()))?;
    Ok(to_json(v))
}

/// A TOML value as JSON: tables as objects, dates as their text.
fn to_json(v: toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => serde_json::Number::from_f64(f).map(Value::Number).unwrap_or(Value::Null),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.into_iter().map(to_json).collect()),
        toml::Value::Table(t) => Value::Object(t.into_iter().map(|(k, v)| (k, to_json(v))).collect()),
    }
}
