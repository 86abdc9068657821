//! `hostcast report`: price each scenario, render its report folder, write it
//! atomically under `--out`, and print a summary per scenario.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::cli::ReportArgs;
use crate::report::model::Settings;
use crate::report::{files, summary, write};
use crate::results::Results;
use crate::results::model::Run;

/// The bundled scenarios: `scenarios/*.toml` in the working directory (a checkout,
/// or a copy of its `scenarios/`), sorted by file name. Scenarios are the user's
/// files, so they are not embedded; price books are.
/// With none there, a usage error (exit 2) saying what to pass instead; nothing is
/// written anywhere.
pub fn bundled_scenarios() -> Result<Vec<PathBuf>> {
    let dir = PathBuf::from("scenarios");
    let mut paths: Vec<PathBuf> = if dir.is_dir() {
        fs_err::read_dir(&dir)?.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|x| x == "toml")).collect()
    } else {
        Vec::new()
    };
    if paths.is_empty() {
        return Err(crate::error::Exit::usage(
            "no scenario files given and no bundled scenarios here (`scenarios/*.toml` in the current folder): \
             name the scenarios to report on (`hostcast report my.toml -o reports`), \
             write one from your configs first (`hostcast import fly.toml -o my.toml`), or run in a folder that has `scenarios/`",
        )
        .into());
    }
    paths.sort();
    Ok(paths)
}

/// Runs `report`, printing the summaries to `out`.
pub fn run(args: &ReportArgs, out: &mut dyn Write) -> Result<()> {
    let prices = super::load_prices(&args.prices)?;
    let paths = if args.scenarios.is_empty() { bundled_scenarios()? } else { args.scenarios.clone() };
    let mut scenarios = super::input::scenarios(&paths)?;
    super::apply_tax(&mut scenarios, &args.money)?;
    let today = super::today(&args.check)?;
    let currency = super::display_currency(&prices, args.money.currency.as_deref())?;
    let settings = Settings { today: today.clone(), max_age_days: args.check.max_age_days, currency: currency.clone() };
    let mut incomplete = Results::empty();
    // every folder's name once, through the one name-making function; two scenarios
    // may not share a folder
    let mut names: Vec<(String, &Path)> = Vec::new();
    for s in &scenarios {
        let name = files::slug(&s.slug);
        if let Some((_, other)) = names.iter().find(|(n, _)| *n == name) {
            return Err(crate::error::Diagnostic::file(&s.path, format!("its report folder `{name}` is also the folder of `{}`", other.display()))
                .with_help("rename one of the scenario files")
                .into());
        }
        names.push((name, &s.path));
    }
    // build every folder first, then swap them all into place in one pass
    let mut folders: Vec<write::Folder> = Vec::new();
    let mut summaries = String::new();
    for (s, (name, _)) in scenarios.iter().zip(&names) {
        let prices = super::prices_for(&args.prices, &args.check, s)?;
        let how = Run { timeline: Some(Vec::new()), currency: currency.clone(), ..super::stale_only(&today, &args.check) };
        let mut results = crate::results::model::price(s, &prices, &how)?;
        // the report shows the timeline apart; its costs.json holds the stages
        let timeline = std::mem::take(&mut results.timeline);
        let description = s.file.scenario.description.clone().unwrap_or_default();
        let inputs = crate::report::model::inputs::build(s, &results);
        let bundle =
            files::bundle(&results, &timeline, &s.slug, &description, inputs, &settings).with_context(|| format!("rendering the report of `{}`", s.slug))?;
        let folder = args.out.join(name);
        summaries.push_str(&summary::render(&bundle.report, &folder.display().to_string()));
        folders.push((name.clone(), bundle.files));
        incomplete.results.extend(results.results.into_iter().filter(|r| !r.complete));
    }
    write::replace_dirs(&args.out, &folders).with_context(|| format!("writing the reports into `{}`", args.out.display()))?;
    out.write_all(summaries.as_bytes())?;
    super::finish(&incomplete, &args.check)
}
