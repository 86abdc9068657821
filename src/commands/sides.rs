//! The two sides a `diff` or a budget baseline compares: each a scenario, a set of
//! deployment configs (comma-separated), or a saved JSON output of hostcast.

use std::path::{Path, PathBuf};

use anyhow::{Result, bail};

use crate::cli::{CheckArgs, ConfigArgs, PriceArgs};
use crate::pricing::Prices;
use crate::results::Results;
use crate::results::model::Run;
use crate::scenario::Scenario;

/// Reads a saved JSON output of `compare --format json` (or `output --format json`);
/// `-` reads it from standard input.
pub fn read_json(path: &Path) -> Result<Results> {
    let (path, text) = super::input::read(path, "saved results")?;
    json_text(&path, &text)
}

/// Parses a saved JSON output, checked against the results model (see
/// [`crate::results::saved`]); `path` names it in messages.
pub fn json_text(path: &Path, text: &str) -> Result<Results> {
    Ok(crate::results::saved::read(path, text)?)
}

/// Prices one side: `spec` is a `.json` results file, a scenario (under its own
/// overlays too, see [`super::prices_for`]), or configs (`a,b,c`); `-` reads one of
/// them from standard input, told apart by its content; `tax` (from `--tax`) replaces
/// a priced side's `[tax]`.
pub fn load(spec: &str, prices: &Prices, layers: &PriceArgs, check: &CheckArgs, tax: Option<f64>) -> Result<Results> {
    if spec.trim() == "-" {
        return load_stdin(prices, layers, check, tax);
    }
    let files: Vec<PathBuf> = spec.split(',').filter(|s| !s.trim().is_empty()).map(|s| PathBuf::from(s.trim())).collect();
    let [first, ..] = files.as_slice() else { bail!("an empty side: give a scenario, configs or a saved JSON") };
    if files.len() == 1 && (first.extension().is_some_and(|x| x == "json") && first.file_name().is_none_or(|n| n != "vercel.json") || is_saved_results(first)) {
        return read_json(first);
    }
    if files.len() == 1 && is_scenario(first)? {
        return price_side(&mut super::input::scenario(first)?, prices, layers, check, tax);
    }
    let args = ConfigArgs { files: files.clone(), kind: None, env_file: None, profile: Vec::new() };
    let (top, emitted) = super::import::load(&args, prices)?;
    let name = first.with_extension("scenario.toml");
    let mut scenario = super::import::check(&name, &emitted)?;
    // an error in the generated scenario is shown at the config line it came from
    price_side(&mut scenario, prices, layers, check, tax).map_err(|e| super::import::relocate(e, &name, &emitted, &top))
}

/// Prices one side's scenario at every stage, under its own overlays when it names any.
fn price_side(scenario: &mut Scenario, prices: &Prices, layers: &PriceArgs, check: &CheckArgs, tax: Option<f64>) -> Result<Results> {
    let today = super::today(check)?;
    if let Some(rate) = tax {
        scenario.set_tax(rate);
    }
    let own;
    let prices = if scenario.file.overlays.is_empty() {
        prices
    } else {
        own = super::prices_for(layers, check, scenario)?;
        &own
    };
    let how = Run { timeline: Some(Vec::new()), ..super::stale_only(&today, check) };
    Ok(crate::results::model::price(scenario, prices, &how)?)
}

/// Whether a file whatever its name is a saved output of hostcast's (a JSON object
/// with a `schema_version`), to be read back rather than imported as a config.
fn is_saved_results(path: &Path) -> bool {
    let Ok(text) = crate::limits::read_text(path, "the file") else { return false };
    matches!(serde_json::from_str::<serde_json::Value>(&text), Ok(serde_json::Value::Object(m)) if m.contains_key("schema_version"))
}

/// Whether a file is a hostcast scenario (it has a `[scenario]` table), not a platform config.
pub fn is_scenario(path: &Path) -> Result<bool> {
    if path.extension().is_none_or(|x| x != "toml") {
        return Ok(false);
    }
    let text = crate::limits::read_text(path, "the file")?;
    Ok(text.lines().any(|l| l.trim() == "[scenario]"))
}

/// One side from standard input: saved JSON results (an object with `schema_version`),
/// a scenario (a `[scenario]` table), else a deployment config.
fn load_stdin(prices: &Prices, layers: &PriceArgs, check: &CheckArgs, tax: Option<f64>) -> Result<Results> {
    let text = super::input::stdin_text()?;
    let path = Path::new(super::input::STDIN);
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with('{') && text.contains("\"schema_version\"") {
        return json_text(path, &text);
    }
    let mut scenario = if text.lines().any(|l| l.trim() == "[scenario]") {
        let mut s = Scenario::parse(path, text)?;
        s.slug = "stdin".into();
        s
    } else {
        let kind = crate::import::detect(path, &text).or_else(|| text.parse::<toml::Table>().ok().map(|_| crate::import::Format::Fly));
        let imported = crate::import::import_text(path, &text, &crate::import::Options { kind, env: std::env::vars().collect(), ..Default::default() })?;
        let top = crate::import::combine(vec![imported])?;
        let emitted = crate::import::emit::scenario(&top, &crate::import::emit::Known::from_prices(prices));
        super::import::check(Path::new("stdin.scenario.toml"), &emitted)?
    };
    price_side(&mut scenario, prices, layers, check, tax)
}
