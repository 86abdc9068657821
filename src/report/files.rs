//! Everything in one scenario's report folder, as bytes: the pure part of
//! `hostcast report` (results in, files out; no I/O).

use anyhow::Result;

use super::charts::{self, Chart};
use super::model::{self, ChartRef, Report, Settings};
use super::{data, html, markdown};
use crate::results::Results;
use crate::results::{self, Frames};
use crate::timeline::TimelinePoint;

/// A report's `costs.json`: the `compare` results model of its scenario (kind
/// `costs`, with `schema_version` and `provenance`), and the long-form cost rows of
/// `costs.csv` (one per line item, the columns as there) under `rows`.
#[derive(Debug, Clone, serde::Serialize, schemars::JsonSchema)]
pub struct Costs {
    /// The results model of the report's scenario.
    #[serde(flatten)]
    pub results: Results,
    /// One record per line item: the columns of `costs.csv`.
    pub rows: Vec<serde_json::Map<String, serde_json::Value>>,
}

/// `costs.json`: the scenario's results (as `compare --format json` writes them, with
/// the scenario's timeline), pretty-printed, then the long-form rows under `rows`, one
/// record per line with the columns in `costs.csv`'s order (so diffs stay readable).
pub fn costs_json(results: &Results, timeline: &[TimelinePoint], scenario: &str, frames: &Frames) -> Result<Vec<u8>> {
    let mut own = results.clone();
    own.kind = crate::provenance::OutputKind::Costs;
    own.results.retain(|r| r.scenario == scenario);
    own.recommendations.retain(|r| r.scenario == scenario);
    own.timeline = timeline.to_vec();
    let head = crate::json::to_string_pretty(&own)?;
    let Some(open) = head.strip_suffix("\n}") else { anyhow::bail!("costs.json: the results model is not a JSON object") };
    let records = String::from_utf8(data::json(&frames.costs)?)?;
    let lines: Vec<&str> = records.lines().filter(|l| l.starts_with('{')).map(|l| l.trim_end_matches(',')).collect();
    let rows = if lines.is_empty() { "[]".to_string() } else { format!("[\n    {}\n  ]", lines.join(",\n    ")) };
    Ok(format!("{open},\n  \"rows\": {rows}\n}}\n").into_bytes())
}

/// A rendered report: the view model and the files of its folder.
#[derive(Debug, Clone)]
pub struct Bundle {
    /// The view model (the terminal summary renders it too).
    pub report: Report,
    /// File name in the folder and bytes, in a fixed order.
    pub files: Vec<(String, Vec<u8>)>,
}

pub use crate::slug::{MAX_SLUG, slug};

/// The charts of a scenario, in reading order.
pub fn charts(scenario_name: &str, frames: &Frames, timeline: &[TimelinePoint]) -> Result<Vec<Chart>> {
    let totals = results::totals(frames)?;
    let crossings = results::crossovers(&totals);
    let mut out = vec![
        charts::render(&charts::cost_by_stage::data(scenario_name, &totals), "Monthly cost of each option at each stage; lower is cheaper.")?,
        charts::render(
            &charts::cost_vs_users::data(scenario_name, &totals, &crossings),
            "Each option's monthly cost as users grow (log scales); numbered circles mark where two options cost the same (see Crossover points).",
        )?,
    ];
    if !timeline.is_empty() {
        let mut marks: Vec<(String, u32)> = Vec::new();
        for t in &totals {
            if let Some(m) = t.month
                && !marks.iter().any(|s| s.0 == t.stage)
            {
                marks.push((t.stage.clone(), m));
            }
        }
        out.push(charts::render(
            &charts::timeline::data(scenario_name, timeline, &marks),
            "Each option's monthly cost month by month from launch: the line is the median, the band runs from the 10th to the 90th percentile of the users the scenario allows for. Dots mark months where a price is missing (the cost shown is a lower bound).",
        )?);
    }
    let mut stages: Vec<(String, f64)> = Vec::new();
    for t in &totals {
        if !stages.iter().any(|s| s.0 == t.stage) {
            stages.push((t.stage.clone(), t.users));
        }
    }
    let order = results::components(frames)?;
    for (stage, users) in &stages {
        let costs = results::breakdown(frames, stage)?;
        let fig = charts::breakdown::data(scenario_name, stage, *users, &slug(stage), &costs, &order);
        out.push(charts::render(&fig, &format!("What each option pays for at {stage}, by cost component; the label is the monthly total."))?);
    }
    let counts = results::service_counts(frames)?;
    out.push(charts::render(
        &charts::instances::data(scenario_name, &counts),
        "Instances of each service per option and stage (average running count for autoscaled services; databases count as one plan).",
    )?);
    Ok(out)
}

/// Renders one scenario's report folder from its results.
/// `timeline` is the scenario's growth timeline (empty when it has none).
/// `inputs` is the Inputs section (built from the scenario with [`model::inputs::build`]).
pub fn bundle(results: &Results, timeline: &[TimelinePoint], scenario: &str, description: &str, inputs: model::Inputs, settings: &Settings) -> Result<Bundle> {
    let frames = Frames::build(results, scenario)?;
    let timeline_frame = if timeline.is_empty() { None } else { Some(results::timeline::frame(timeline)?) };
    let scenario_name = results.results.iter().find(|r| r.scenario == scenario).map(|r| r.scenario_name.clone()).unwrap_or_default();
    let charts = charts(&scenario_name, &frames, timeline)?;
    let refs = charts.iter().map(|c| ChartRef { name: c.name.clone(), title: c.title.clone(), caption: c.caption.clone() }).collect();
    let report = model::build(results, &frames, timeline_frame.as_ref(), description, refs, inputs, settings)?;
    let mut files = vec![
        ("costs.csv".to_string(), data::csv(&frames.costs)?),
        ("costs.json".to_string(), costs_json(results, timeline, scenario, &frames)?),
        ("costs.parquet".to_string(), data::parquet(&frames.costs)?),
    ];
    if let Some(t) = &timeline_frame {
        files.push(("timeline.csv".to_string(), data::csv(t)?));
    }
    for c in &charts {
        files.push((format!("{}.svg", c.name), c.svg.clone().into_bytes()));
        files.push((format!("{}.png", c.name), c.png.clone()));
    }
    files.push(("report.md".to_string(), markdown::render(&report).into_bytes()));
    files.push(("report.html".to_string(), html::render(&report, &charts).into_bytes()));
    Ok(Bundle { report, files })
}
