//! `hostcast report`: price each scenario, render its report folder, write it
//! atomically under `--out`, and print a summary per scenario.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::cli::ReportArgs;
use crate::pricing::Prices;
use crate::report::model::Settings;
use crate::report::model::risks::day_number;
use crate::report::{files, summary, write};
use crate::scenario::Scenario;
use crate::simulate::{self, Filter};

/// The bundled scenarios: `scenarios/*.toml` in the working directory, else beside
/// the source tree; sorted by file name.
pub fn bundled_scenarios() -> Result<Vec<PathBuf>> {
    let local = PathBuf::from("scenarios");
    let dir = if local.is_dir() { local } else { Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios") };
    let mut paths: Vec<PathBuf> =
        fs_err::read_dir(&dir)?.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|x| x == "toml")).collect();
    paths.sort();
    Ok(paths)
}

/// The report's date: `--today`, else `HOSTCAST_TODAY`, else the newest price book's date.
pub fn today(given: Option<&str>, prices: &Prices) -> Result<String> {
    let env = std::env::var("HOSTCAST_TODAY").ok().filter(|s| !s.trim().is_empty());
    let date = match given.map(str::to_string).or(env) {
        Some(d) => d.trim().to_string(),
        None => prices.infos().iter().map(|b| b.as_of.clone()).filter(|d| day_number(d).is_some()).max().unwrap_or_default(),
    };
    if day_number(&date).is_none() || date.len() != 10 {
        bail!("the report date `{date}` is not a date: give `--today YYYY-MM-DD` (or set `HOSTCAST_TODAY`)");
    }
    Ok(date)
}

/// Runs `report`, printing the summaries to `out`.
pub fn run(args: &ReportArgs, out: &mut dyn Write) -> Result<()> {
    let prices = Prices::load_dir(&super::pricing_dir(args.pricing.as_deref()))?;
    let paths = if args.scenarios.is_empty() { bundled_scenarios()? } else { args.scenarios.clone() };
    let scenarios = paths.iter().map(|p| Scenario::load(p)).collect::<Result<Vec<_>, _>>()?;
    let settings = Settings { today: today(args.today.as_deref(), &prices)?, max_age_days: args.max_age_days };
    // dated prices (LLM price histories) are read at the report date
    let prices = prices.with_date(&settings.today);
    for s in &scenarios {
        let results = simulate::run(std::slice::from_ref(s), &prices, &Filter::default())?;
        let description = s.file.scenario.description.clone().unwrap_or_default();
        let timeline = crate::timeline::run(s, &prices, &[])?;
        let bundle = files::bundle(&results, &timeline, &s.slug, &description, &settings).with_context(|| format!("rendering the report of `{}`", s.slug))?;
        let folder = args.out.join(&s.slug);
        write::replace_dir(&folder, &bundle.files).with_context(|| format!("writing `{}`", folder.display()))?;
        out.write_all(summary::render(&bundle.report, &folder.display().to_string()).as_bytes())?;
    }
    Ok(())
}
