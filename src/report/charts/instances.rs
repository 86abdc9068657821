//! Instances per service per option by stage: one panel of grouped bars per option.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{DrawResult, Figure, GroupedBars, WIDTH, colour, grouped_bars, legend, legend_height};
use crate::results::ServiceCount;

/// Panels per row.
const PANEL_COLUMNS: usize = 2;
/// Height of one row of panels, pixels.
const PANEL_HEIGHT: u32 = 250;
/// Legend columns.
const COLUMNS: usize = 5;

/// The chart: one panel per option.
#[derive(Debug, Clone, PartialEq)]
pub struct Instances {
    /// Chart title.
    pub title: String,
    /// Services in scenario order (the legend).
    pub services: Vec<String>,
    /// One panel per option: groups are stages, series are services.
    pub panels: Vec<GroupedBars>,
}

/// Prepares one panel per option from the service counts (option, stage, service order).
/// Services that run nowhere (external, colocated) have no bar.
pub fn data(scenario_name: &str, counts: &[ServiceCount]) -> Instances {
    let mut services: Vec<String> = Vec::new();
    let mut stages: Vec<String> = Vec::new();
    for c in counts {
        if !services.contains(&c.service) {
            services.push(c.service.clone());
        }
        if !stages.contains(&c.stage) {
            stages.push(c.stage.clone());
        }
    }
    let mut panels: Vec<GroupedBars> = Vec::new();
    for c in counts {
        if panels.last().is_none_or(|p| p.caption != c.option) {
            panels.push(GroupedBars {
                caption: c.option.clone(),
                groups: stages.clone(),
                series: Vec::new(),
                y_desc: "instances".into(),
                dollars: false,
                top: None,
                lower_bound: Vec::new(),
            });
        }
        let Some(panel) = panels.last_mut() else { continue };
        let si = services.iter().position(|s| *s == c.service).unwrap_or(0);
        let gi = stages.iter().position(|s| *s == c.stage).unwrap_or(0);
        let i = match panel.series.iter().position(|s| s.1 == si) {
            Some(i) => i,
            None => {
                panel.series.push((c.service.clone(), si, vec![0.0; stages.len()]));
                panel.series.len() - 1
            }
        };
        panel.series[i].2[gi] = c.instances;
    }
    // one scale for every panel, so panels compare at a glance
    let max = counts.iter().map(|c| c.instances).fold(0.0f64, f64::max);
    let top = if max > 0.0 { (max * 1.1).max(max.ceil()) } else { 1.0 };
    for p in &mut panels {
        p.series.retain(|s| s.2.iter().any(|v| *v > 0.0));
        p.top = Some(top);
    }
    Instances { title: format!("{scenario_name}: instances per service (average running), by stage"), services, panels }
}

impl Figure for Instances {
    fn name(&self) -> String {
        "instances".into()
    }

    fn title(&self) -> String {
        self.title.clone()
    }

    fn size(&self) -> (u32, u32) {
        let rows = self.panels.len().div_ceil(PANEL_COLUMNS) as u32;
        (WIDTH, 50 + rows * PANEL_HEIGHT + legend_height(self.services.len(), COLUMNS))
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let (_, h) = area.dim_in_pixel();
        let (plots, key) = area.split_vertically(h - legend_height(self.services.len(), COLUMNS));
        let rows = self.panels.len().div_ceil(PANEL_COLUMNS);
        for (panel, cell) in self.panels.iter().zip(plots.split_evenly((rows, PANEL_COLUMNS))) {
            grouped_bars(&cell.margin(4, 8, 4, 8), panel)?;
        }
        let entries: Vec<(String, RGBColor)> = self.services.iter().enumerate().map(|(i, s)| (s.clone(), colour(i))).collect();
        legend(&key, &entries, COLUMNS)
    }
}
