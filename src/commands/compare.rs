//! `hostcast compare`: load scenarios and price books, price every option at every
//! stage (names of stages and options in any case), print the result in the chosen
//! format.

use std::io::Write;

use anyhow::Result;

use crate::cli::CompareArgs;
use crate::report;
use crate::report::Format;
use crate::results::Results;
use crate::results::model::Run;
use crate::scenario::Scenario;

/// Prices the scenarios again under `against`: a folder of books in place of the
/// base, or an overlay file laid over the run's books (after every other overlay).
fn price_against(scenarios: &[Scenario], args: &CompareArgs, against: &std::path::Path) -> Result<Results> {
    let mut prices = args.prices.clone();
    if against.is_dir() && !is_overlay_dir(against) {
        prices.pricing = vec![against.to_path_buf()];
    } else {
        prices.overlays.push(against.to_path_buf());
    }
    super::price_all(scenarios, &prices, &args.check, (&args.stages, &args.options), &Run::default())
}

/// A folder of overlays (partial books), laid over the base rather than in its place:
/// a folder none of whose files reads as a whole price book.
fn is_overlay_dir(dir: &std::path::Path) -> bool {
    let Ok(entries) = fs_err::read_dir(dir) else { return false };
    let files: Vec<std::path::PathBuf> =
        entries.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|x| x == "toml") && !p.ends_with("index.toml")).collect();
    !files.is_empty() && files.iter().all(|p| crate::limits::read_text(p, "the book").map(|t| crate::pricing::parse_book(p, &t).is_err()).unwrap_or(true))
}

/// Runs `compare`, writing to `out`.
pub fn run(args: &CompareArgs, out: &mut dyn Write) -> Result<()> {
    let prices = super::dated(super::load_prices(&args.prices)?, &args.check)?;
    let mut scenarios = super::input::scenarios(&args.scenarios)?;
    super::apply_tax(&mut scenarios, &args.money)?;
    let display = super::display_currency(&prices, args.money.currency.as_deref())?;
    let today = super::today(&args.check)?;
    // the growth timeline of each scenario, under its own books, in JSON of all stages
    let timeline = args.against.is_none() && matches!(args.out.format, Format::Json) && args.stages.is_empty();
    let how = Run { timeline: timeline.then(Vec::new), currency: display.clone(), ..super::stale_only(&today, &args.check) };
    let results = super::price_all(&scenarios, &args.prices, &args.check, (&args.stages, &args.options), &how)?;
    if let Some(against) = &args.against {
        let mut new = price_against(&scenarios, args, against)?;
        crate::results::model::apply_currency(&mut new, display);
        let change = report::against::Against::new(&results, &new, &super::layers(&args.prices).describe(), &against.display().to_string());
        let text = match args.out.format {
            Format::Json => report::against::json(&change)?,
            Format::Markdown => report::against::markdown(&change),
            Format::Table | Format::Csv => report::against::table(&change),
        };
        super::emit(&text, args.out.output.as_deref(), out)?;
        return super::finish(&results, &args.check);
    }
    super::write_results(&results, args.out.format, args.out.output.as_deref(), out)?;
    super::finish(&results, &args.check)
}
