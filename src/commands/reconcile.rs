//! `hostcast reconcile`: read the billing exports (streamed, summed as they are
//! read), price the scenario's forecast for each month they cover, set one against
//! the other and print the result in the chosen format.

use std::io::Write;
use std::path::Path;

use anyhow::Result;

use crate::actuals::groups::Groups;
use crate::cli::ReconcileArgs;
use crate::report::Format;

/// Runs `reconcile`, writing to `out`.
pub fn run(args: &ReconcileArgs, out: &mut dyn Write) -> Result<()> {
    let today = super::today(&args.check)?;
    let scenario = super::input::scenario(&args.scenario)?;
    let file = scenario.path.display().to_string();
    let stage_names: Vec<String> = scenario.file.stages.iter().map(|s| s.name.clone()).collect();
    let stage = match &args.stage {
        Some(typed) => super::names::resolve("stage", typed, &stage_names, &file)?,
        None => stage_names.first().cloned().ok_or_else(|| crate::error::Exit::usage(format!("{file} has no stage to forecast from")))?,
    };
    let option_names: Vec<String> = scenario.file.options.iter().map(|o| o.name.clone()).collect();
    let option = args.option.as_deref().map(|typed| super::names::resolve("option", typed, &option_names, &file)).transpose()?;
    let map = match &args.map {
        Some(path) => {
            let (shown, text) = super::input::read(path, "map")?;
            crate::reconcile::map::parse(&shown, &text)?
        }
        None => crate::reconcile::map::Map::default(),
    };
    let mut groups = Groups::default();
    for path in &args.actuals {
        read_export(&mut groups, path)?;
    }
    let prices = super::prices_for(&args.prices, &args.check, &scenario)?;
    let setup = crate::reconcile::Setup { scenario: &scenario, prices: &prices, stage: &stage, option: option.as_deref(), today: &today, map: &map };
    let result = crate::reconcile::reconcile(&setup, &groups)?;
    let text = match args.out.format {
        Format::Table => crate::report::reconcile::table(&result),
        Format::Json => crate::report::reconcile::json(&result)?,
        Format::Csv => crate::report::reconcile::csv(&result),
        Format::Markdown => crate::report::reconcile::markdown(&result),
    };
    super::emit(&text, args.out.output.as_deref(), out)
}

/// Reads one export into `groups`: a file streamed from disk, or standard input
/// (`-`, read with the size cap).
fn read_export(groups: &mut Groups, path: &Path) -> Result<()> {
    if super::input::is_stdin(path) {
        let text = super::input::stdin_text()?;
        let shown = Path::new(super::input::STDIN);
        let file = groups.files.len();
        groups.files.push(super::input::STDIN.to_string());
        crate::actuals::focus::read(shown, text.as_bytes(), &mut |c| groups.add(file, shown, c))?;
        return Ok(());
    }
    groups.read_file(path, &path.display().to_string())?;
    Ok(())
}
