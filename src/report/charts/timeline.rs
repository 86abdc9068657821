//! The monthly timeline: each option's median monthly cost from launch on, with
//! the P10–P90 band from the uncertainty of the user count, and the stages marked.
//!
//! The y axis is logarithmic (costs span orders of magnitude between options and
//! stages); the bands are translucent so overlapping options stay readable.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::cost_vs_users::{cost_axis, log_ticks};
use super::{DrawResult, Figure, GRID, INK, LABEL_SIZE, WIDTH, axis_usd, colour, legend, legend_height, text};
use crate::timeline::TimelinePoint;

/// Legend columns.
const COLUMNS: usize = 2;

/// Month, and cost at P10, P50, P90 users; a cost is none where a price is
/// missing (it is then only a lower bound).
pub type Row = (u32, Option<f64>, Option<f64>, Option<f64>);

/// The chart: per option a median line and a P10–P90 band over the months.
#[derive(Debug, Clone, PartialEq)]
pub struct Timeline {
    /// Chart title.
    pub title: String,
    /// Stages: name and month.
    pub stages: Vec<(String, u32)>,
    /// One series per option: name, colour index, (month, P10, P50, P90); a cost
    /// is none where the option could not be fully priced (the line breaks there).
    pub series: Vec<(String, usize, Vec<Row>)>,
    /// Per option: (month, median cost) where the median is only a lower bound,
    /// drawn dotted.
    pub lower_bounds: Vec<Vec<(u32, f64)>>,
}

/// Prepares the series from timeline points (options in scenario order); stages
/// come with the month each is reached.
pub fn data(scenario_name: &str, points: &[TimelinePoint], stages: &[(String, u32)]) -> Timeline {
    let mut series: Vec<(String, usize, Vec<Row>)> = Vec::new();
    let mut lower_bounds: Vec<Vec<(u32, f64)>> = Vec::new();
    for p in points {
        let keep = |k: usize, v: f64| p.complete[k].then_some(v);
        let row = (p.month, keep(0, p.cost_p10_usd), keep(1, p.cost_p50_usd), keep(2, p.cost_p90_usd));
        let i = match series.iter().position(|s| s.0 == p.option) {
            Some(i) => i,
            None => {
                series.push((p.option.clone(), series.len(), Vec::new()));
                lower_bounds.push(Vec::new());
                series.len() - 1
            }
        };
        series[i].2.push(row);
        if !p.complete[1] {
            lower_bounds[i].push((p.month, p.cost_p50_usd));
        }
    }
    Timeline { title: format!("{scenario_name}: monthly cost over time, median with P10–P90 band"), stages: stages.to_vec(), series, lower_bounds }
}

impl Figure for Timeline {
    fn name(&self) -> String {
        "timeline".into()
    }

    fn title(&self) -> String {
        self.title.clone()
    }

    fn size(&self) -> (u32, u32) {
        (WIDTH, 560 + legend_height(self.series.len(), COLUMNS))
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let (_, h) = area.dim_in_pixel();
        let (plot, key) = area.split_vertically(h - legend_height(self.series.len(), COLUMNS));
        let floor = 1.0;
        let months = self.series.iter().flat_map(|s| s.2.iter().map(|p| p.0)).max().unwrap_or(1).max(1);
        let lo = self.series.iter().flat_map(|s| s.2.iter().filter_map(|p| p.1.or(p.2)).map(|v| v.max(floor))).fold(f64::MAX, f64::min);
        let hi = self.series.iter().flat_map(|s| s.2.iter().filter_map(|p| p.3.or(p.2)).map(|v| v.max(floor))).fold(floor, f64::max);
        let y_range = cost_axis(lo, hi, floor);
        let mut chart = ChartBuilder::on(&plot)
            .margin(6)
            .margin_right(24)
            .x_label_area_size(46)
            .y_label_area_size(78)
            .build_cartesian_2d(0u32..months, y_range.clone().log_scale().with_key_points(log_ticks(y_range.start, y_range.end)))?;
        let y_fmt = |y: &f64| axis_usd(*y);
        chart
            .configure_mesh()
            .light_line_style(WHITE)
            .bold_line_style(GRID)
            .axis_style(INK)
            .x_labels(13)
            .y_label_formatter(&y_fmt)
            .x_desc("months from launch")
            .y_desc("US dollars per month (log scale)")
            .label_style(text(LABEL_SIZE))
            .axis_desc_style(text(LABEL_SIZE))
            .draw()?;
        for (name, m) in &self.stages {
            let dashed = DashedLineSeries::new(vec![(*m, y_range.start), (*m, y_range.end)], 4, 4, RGBColor(0x99, 0x99, 0x99).stroke_width(1));
            chart.draw_series(dashed)?;
            // labels near the right edge go left of their line
            let label = if *m * 5 > months * 4 {
                Text::new(format!("{name} "), (*m, y_range.end), text(LABEL_SIZE - 1).pos(Pos::new(HPos::Right, VPos::Top)))
            } else {
                Text::new(format!(" {name}"), (*m, y_range.end), text(LABEL_SIZE - 1).pos(Pos::new(HPos::Left, VPos::Top)))
            };
            chart.draw_series(std::iter::once(label))?;
        }
        for (_, c, rows) in &self.series {
            // one band per run of months priced at every percentile
            for run in runs(rows, |r| r.1.zip(r.3)) {
                let mut band: Vec<(u32, f64)> = run.iter().map(|(m, (_, hi))| (*m, hi.max(floor))).collect();
                band.extend(run.iter().rev().map(|(m, (lo, _))| (*m, lo.max(floor))));
                chart.draw_series(std::iter::once(Polygon::new(band, colour(*c).mix(0.14).filled())))?;
            }
        }
        for ((_, c, _), points) in self.series.iter().zip(&self.lower_bounds) {
            // lower bounds (a price missing): dots, no band
            chart.draw_series(points.iter().map(|(m, v)| Circle::new((*m, v.max(floor)), 2, colour(*c).filled())))?;
        }
        for (_, c, rows) in &self.series {
            for run in runs(rows, |r| r.2) {
                chart.draw_series(LineSeries::new(run.into_iter().map(|(m, v)| (m, v.max(floor))), colour(*c).stroke_width(3)))?;
            }
        }
        let entries: Vec<(String, RGBColor)> = self.series.iter().map(|(n, c, _)| (n.clone(), colour(*c))).collect();
        legend(&key, &entries, COLUMNS)
    }
}

/// Splits rows into runs of consecutive months where `value` is some.
fn runs<T>(rows: &[Row], value: impl Fn(&Row) -> Option<T>) -> Vec<Vec<(u32, T)>> {
    let mut out: Vec<Vec<(u32, T)>> = Vec::new();
    let mut current: Vec<(u32, T)> = Vec::new();
    for r in rows {
        match value(r) {
            Some(v) => current.push((r.0, v)),
            None => {
                if !current.is_empty() {
                    out.push(std::mem::take(&mut current));
                }
            }
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}
