//! Monthly cost per option at each stage: grouped bars, one group per stage.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{DrawResult, Figure, GroupedBars, WIDTH, colour, grouped_bars, legend, legend_height};
use crate::money::quantity;
use crate::results::Total;

/// Legend columns.
const COLUMNS: usize = 2;

/// The chart: a title and the bars.
#[derive(Debug, Clone, PartialEq)]
pub struct CostByStage {
    /// Chart title.
    pub title: String,
    /// Groups (stages) and series (options).
    pub bars: GroupedBars,
}

/// Prepares the series from totals in scenario order.
pub fn data(scenario_name: &str, totals: &[Total]) -> CostByStage {
    let mut groups: Vec<String> = Vec::new();
    let mut stages: Vec<&str> = Vec::new();
    let mut series: Vec<(String, usize, Vec<f64>)> = Vec::new();
    let mut lower: Vec<Vec<bool>> = Vec::new();
    for t in totals {
        if !stages.contains(&t.stage.as_str()) {
            stages.push(&t.stage);
            groups.push(format!("{} ({} users)", t.stage, quantity(t.users)));
        }
        let si = stages.iter().position(|s| *s == t.stage).unwrap_or(0);
        let i = match series.iter().position(|s| s.0 == t.option) {
            Some(i) => i,
            None => {
                series.push((t.option.clone(), series.len(), Vec::new()));
                lower.push(Vec::new());
                series.len() - 1
            }
        };
        let values = &mut series[i].2;
        values.resize(si + 1, 0.0);
        values[si] = t.rank_usd;
        lower[i].resize(si + 1, false);
        lower[i][si] = !t.complete;
    }
    for s in &mut series {
        s.2.resize(groups.len(), 0.0);
    }
    for l in &mut lower {
        l.resize(groups.len(), false);
    }
    let with_team = totals.first().is_none_or(|t| t.ranked_with_team_time);
    CostByStage {
        title: format!("{scenario_name}: monthly cost per option at each stage ({})", if with_team { "cash bill + team time" } else { "cash bill" }),
        bars: GroupedBars {
            caption: String::new(),
            groups,
            series,
            y_desc: "US dollars per month (hollow ≥: a price is missing)".into(),
            dollars: true,
            top: None,
            lower_bound: lower,
        },
    }
}

impl Figure for CostByStage {
    fn name(&self) -> String {
        "cost-by-stage".into()
    }

    fn title(&self) -> String {
        self.title.clone()
    }

    fn size(&self) -> (u32, u32) {
        (WIDTH, 520 + legend_height(self.bars.series.len(), COLUMNS))
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let (_, h) = area.dim_in_pixel();
        let (plot, key) = area.split_vertically(h - legend_height(self.bars.series.len(), COLUMNS));
        grouped_bars(&plot, &self.bars)?;
        let entries: Vec<(String, RGBColor)> = self.bars.series.iter().map(|(n, c, _)| (n.clone(), colour(*c))).collect();
        legend(&key, &entries, COLUMNS)
    }
}
