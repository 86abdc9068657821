//! Cost against users per option, with the crossover points marked and numbered.
//!
//! Both axes are logarithmic. Between two stages each option's cost is drawn as
//! linear in users (so a segment curves slightly on the log axis), the same
//! interpolation that places the crossovers, so every mark sits on both lines.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{DrawResult, Figure, GRID, INK, LABEL_SIZE, WIDTH, axis_usd, bold, colour, legend, legend_height, text};
use crate::money::quantity;
use crate::results::{Crossover, Total};

/// Legend columns.
const COLUMNS: usize = 2;
/// Points drawn per segment between two stages.
const STEPS: usize = 16;

/// One option's line: name, colour index, (users, cost) at each stage.
pub type Line = (String, usize, Vec<(f64, f64)>);

/// The chart: a line per option, stage markers, numbered crossovers.
#[derive(Debug, Clone, PartialEq)]
pub struct CostVsUsers {
    /// Chart title.
    pub title: String,
    /// Stages: name and users.
    pub stages: Vec<(String, f64)>,
    /// One line per option: name, colour index, (users, cost) at each stage.
    pub lines: Vec<Line>,
    /// Crossovers: number (1-based, as listed in the reports), users, cost.
    pub marks: Vec<(usize, f64, f64)>,
    /// Per line and stage point: a lower bound (a price is missing), drawn hollow.
    pub lower_bound: Vec<Vec<bool>>,
}

/// Prepares the lines from totals (scenario order) and the crossovers.
pub fn data(scenario_name: &str, totals: &[Total], crossovers: &[Crossover]) -> CostVsUsers {
    let mut stages: Vec<(String, f64)> = Vec::new();
    let mut lines: Vec<Line> = Vec::new();
    let mut lower_bound: Vec<Vec<bool>> = Vec::new();
    for t in totals {
        if !stages.iter().any(|s| s.0 == t.stage) {
            stages.push((t.stage.clone(), t.users));
        }
        match lines.iter().position(|l| l.0 == t.option) {
            Some(i) => {
                lines[i].2.push((t.users, t.rank_usd));
                lower_bound[i].push(!t.complete);
            }
            None => {
                lines.push((t.option.clone(), lines.len(), vec![(t.users, t.rank_usd)]));
                lower_bound.push(vec![!t.complete]);
            }
        }
    }
    let marks = crossovers.iter().enumerate().map(|(i, c)| (i + 1, c.users, c.monthly_cost_usd)).collect();
    CostVsUsers { title: format!("{scenario_name}: monthly cost against users, with crossover points"), stages, lines, marks, lower_bound }
}

/// The points of a line, linear in users between its stage points.
fn sampled(points: &[(f64, f64)]) -> Vec<(f64, f64)> {
    let mut out = Vec::new();
    for w in points.windows(2) {
        let ((u0, c0), (u1, c1)) = (w[0], w[1]);
        for s in 0..STEPS {
            let t = s as f64 / STEPS as f64;
            out.push((u0 + t * (u1 - u0), c0 + t * (c1 - c0)));
        }
    }
    if let Some(last) = points.last() {
        out.push(*last);
    }
    out
}

/// Ticks for a log axis from `lo` to `hi`: 1-2-5 steps per decade, or 1-3 or
/// whole decades when those would crowd the axis, or 1-2-3-5 when too few.
pub fn log_ticks(lo: f64, hi: f64) -> Vec<f64> {
    let ticks = |steps: &[f64]| -> Vec<f64> {
        let mut out = Vec::new();
        let mut decade = 10f64.powf(lo.max(1e-9).log10().floor());
        while decade <= hi {
            for m in steps {
                let v = m * decade;
                if v >= lo && v <= hi {
                    out.push(v);
                }
            }
            decade *= 10.0;
        }
        out
    };
    let mut best = ticks(&[1.0, 2.0, 5.0]);
    if best.len() > 7 {
        best = ticks(&[1.0, 3.0]);
    }
    if best.len() > 7 {
        best = ticks(&[1.0]);
    }
    if best.len() < 4 {
        let dense = ticks(&[1.0, 2.0, 3.0, 5.0]);
        if dense.len() <= 7 {
            best = dense;
        }
    }
    best
}

/// A log cost axis around costs from `lo` to `hi`: half a step of room either side,
/// never below half the `floor` nor a range narrower than one decade above it.
pub fn cost_axis(lo: f64, hi: f64, floor: f64) -> std::ops::Range<f64> {
    (lo.min(hi) / 1.5).max(floor * 0.5)..(hi * 1.5).max(floor * 10.0)
}

impl Figure for CostVsUsers {
    fn name(&self) -> String {
        "cost-vs-users".into()
    }

    fn title(&self) -> String {
        self.title.clone()
    }

    fn size(&self) -> (u32, u32) {
        (WIDTH, 560 + legend_height(self.lines.len(), COLUMNS))
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let (_, h) = area.dim_in_pixel();
        let (plot, key) = area.split_vertically(h - legend_height(self.lines.len(), COLUMNS));
        let floor = 1.0;
        let users = || self.stages.iter().map(|s| s.1.max(1.0));
        let costs = || self.lines.iter().flat_map(|l| l.2.iter().map(|p| p.1.max(floor)));
        let (u_lo, u_hi) = (users().fold(f64::MAX, f64::min), users().fold(0.0, f64::max));
        let (c_lo, c_hi) = (costs().fold(f64::MAX, f64::min), costs().fold(floor, f64::max));
        let x_range = (u_lo / 1.6).max(1.0)..(u_hi * 1.6).max(10.0);
        let y_range = cost_axis(c_lo, c_hi, floor);
        let mut chart = ChartBuilder::on(&plot).margin(6).margin_right(24).x_label_area_size(46).y_label_area_size(78).build_cartesian_2d(
            x_range.clone().log_scale().with_key_points(log_ticks(x_range.start, x_range.end)),
            y_range.clone().log_scale().with_key_points(log_ticks(y_range.start, y_range.end)),
        )?;
        let x_fmt = |x: &f64| quantity(*x);
        let y_fmt = |y: &f64| axis_usd(*y);
        chart
            .configure_mesh()
            .light_line_style(WHITE)
            .bold_line_style(GRID)
            .axis_style(INK)
            .x_label_formatter(&x_fmt)
            .y_label_formatter(&y_fmt)
            .x_desc("users (log scale)")
            .y_desc("US dollars per month (log scale; hollow: a lower bound)")
            .label_style(text(LABEL_SIZE))
            .axis_desc_style(text(LABEL_SIZE))
            .draw()?;
        for (name, u) in &self.stages {
            let dashed = DashedLineSeries::new(vec![(*u, y_range.start), (*u, y_range.end)], 4, 4, RGBColor(0x99, 0x99, 0x99).stroke_width(1));
            chart.draw_series(dashed)?;
            chart.draw_series(std::iter::once(Text::new(format!(" {name}"), (*u, y_range.end), text(LABEL_SIZE - 1))))?;
        }
        for (li, (_, c, points)) in self.lines.iter().enumerate() {
            let style = colour(*c).stroke_width(3);
            let pts: Vec<(f64, f64)> = sampled(points).into_iter().map(|(u, v)| (u, v.max(floor))).collect();
            chart.draw_series(LineSeries::new(pts, style))?;
            let low = |i: usize| self.lower_bound.get(li).and_then(|l| l.get(i)).copied().unwrap_or(false);
            chart
                .draw_series(points.iter().enumerate().filter(|(i, _)| !low(*i)).map(|(_, (u, v))| Circle::new((*u, v.max(floor)), 5, colour(*c).filled())))?;
            // a lower bound: a hollow ring
            for (_, (u, v)) in points.iter().enumerate().filter(|(i, _)| low(*i)) {
                let ring = EmptyElement::at((*u, v.max(floor))) + Circle::new((0, 0), 6, WHITE.filled()) + Circle::new((0, 0), 6, colour(*c).stroke_width(2));
                chart.draw_series(std::iter::once(ring))?;
            }
        }
        // a numbered badge on each crossing
        let centred = Pos::new(HPos::Center, VPos::Center);
        for (n, u, v) in &self.marks {
            let badge = EmptyElement::at((*u, v.max(floor)))
                + Circle::new((0, 0), 10, WHITE.filled())
                + Circle::new((0, 0), 10, INK.stroke_width(2))
                + Text::new(format!("{n}"), (0, 0), bold(LABEL_SIZE - 3).pos(centred));
            chart.draw_series(std::iter::once(badge))?;
        }
        let entries: Vec<(String, RGBColor)> = self.lines.iter().map(|(n, c, _)| (n.clone(), colour(*c))).collect();
        legend(&key, &entries, COLUMNS)
    }
}
