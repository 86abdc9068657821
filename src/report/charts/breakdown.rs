//! Cost breakdown by component per option at one stage: horizontal stacked bars.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{DrawResult, Figure, GRID, INK, LABEL_SIZE, WIDTH, axis_usd, colour, legend, legend_height, text};
use crate::money::quantity;
use crate::results::ComponentCost;

/// Legend columns.
const COLUMNS: usize = 4;
/// Components drawn separately; the rest are summed as `other`.
const MAX_LAYERS: usize = 9;
/// Height per option bar, pixels.
const ROW: u32 = 44;

/// The chart: one bar per option, one layer per component.
#[derive(Debug, Clone, PartialEq)]
pub struct Breakdown {
    /// File stem (`breakdown-mvp`).
    pub name: String,
    /// Chart title.
    pub title: String,
    /// Options, top to bottom.
    pub bars: Vec<String>,
    /// Components, most expensive first: name and one value per option.
    pub layers: Vec<(String, Vec<f64>)>,
}

/// Prepares the layers from the breakdown query at one stage.
pub fn data(scenario_name: &str, stage: &str, users: f64, slug: &str, costs: &[ComponentCost]) -> Breakdown {
    let mut bars: Vec<String> = Vec::new();
    let mut components: Vec<String> = Vec::new();
    for c in costs {
        if !bars.contains(&c.option) {
            bars.push(c.option.clone());
        }
    }
    // the query sorts components most expensive first within each option; rank them over all
    let mut totals: Vec<(String, f64)> = Vec::new();
    for c in costs {
        match totals.iter_mut().find(|t| t.0 == c.component) {
            Some(t) => t.1 += c.monthly_cost_usd,
            None => totals.push((c.component.clone(), c.monthly_cost_usd)),
        }
    }
    totals.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let keep = if totals.len() > MAX_LAYERS { MAX_LAYERS - 1 } else { totals.len() };
    components.extend(totals.iter().take(keep).map(|t| t.0.clone()));
    let mut layers: Vec<(String, Vec<f64>)> = components.iter().map(|c| (c.clone(), vec![0.0; bars.len()])).collect();
    if totals.len() > keep {
        layers.push(("other".into(), vec![0.0; bars.len()]));
    }
    for c in costs {
        let b = bars.iter().position(|o| *o == c.option).unwrap_or(0);
        let l = components.iter().position(|n| *n == c.component).unwrap_or(layers.len() - 1);
        layers[l].1[b] += c.monthly_cost_usd;
    }
    Breakdown {
        name: format!("breakdown-{slug}"),
        title: format!("{scenario_name}: cost by component at {stage} ({} users)", quantity(users)),
        bars,
        layers,
    }
}

impl Figure for Breakdown {
    fn name(&self) -> String {
        self.name.clone()
    }

    fn title(&self) -> String {
        self.title.clone()
    }

    fn size(&self) -> (u32, u32) {
        (WIDTH, 110 + ROW * self.bars.len() as u32 + legend_height(self.layers.len(), COLUMNS))
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let (_, h) = area.dim_in_pixel();
        let (plot, key) = area.split_vertically(h - legend_height(self.layers.len(), COLUMNS));
        let n = self.bars.len().max(1);
        let stack: Vec<f64> = (0..n).map(|b| self.layers.iter().map(|l| l.1.get(b).copied().unwrap_or(0.0)).sum()).collect();
        let max = stack.iter().copied().fold(0.0f64, f64::max);
        let right = if max > 0.0 { max * 1.16 } else { 1.0 };
        let label_w = self.bars.iter().map(|b| plot.estimate_text_size(b, &text(LABEL_SIZE)).map(|s| s.0).unwrap_or(200)).max().unwrap_or(100);
        // y in thousandths of a bar, so bars sit on whole key points
        let keys: Vec<i32> = (0..n as i32).map(|i| i * 1000).collect();
        let mut chart = ChartBuilder::on(&plot)
            .margin(6)
            .margin_right(24)
            .x_label_area_size(46)
            .y_label_area_size(label_w + 14)
            .build_cartesian_2d(0.0..right, (-500..n as i32 * 1000 - 500).with_key_points(keys))?;
        let names = self.bars.clone();
        // bars top to bottom in scenario order: bar i sits at y = n − 1 − i
        let y_fmt = move |y: &i32| names.get(n - 1 - (*y / 1000).clamp(0, n as i32 - 1) as usize).cloned().unwrap_or_default();
        let x_fmt = |x: &f64| axis_usd(*x);
        chart
            .configure_mesh()
            .disable_y_mesh()
            .light_line_style(WHITE)
            .bold_line_style(GRID)
            .axis_style(INK)
            .x_labels(8)
            .x_label_formatter(&x_fmt)
            .y_label_formatter(&y_fmt)
            .x_desc("US dollars per month")
            .label_style(text(LABEL_SIZE))
            .axis_desc_style(text(LABEL_SIZE))
            .draw()?;
        let mut base = vec![0.0; n];
        for (li, (_, values)) in self.layers.iter().enumerate() {
            let c = colour(li);
            chart.draw_series(values.iter().enumerate().map(|(b, v)| {
                let y = (n - 1 - b) as i32 * 1000;
                let r = Rectangle::new([(base[b], y - 320), (base[b] + v, y + 320)], c.filled());
                base[b] += v;
                r
            }))?;
        }
        for (b, total) in stack.iter().enumerate() {
            let y = (n - 1 - b) as i32 * 1000 + 120;
            chart.draw_series(std::iter::once(Text::new(format!(" {}", crate::money::usd(*total)), (*total, y), text(LABEL_SIZE - 2))))?;
        }
        let entries: Vec<(String, RGBColor)> = self.layers.iter().enumerate().map(|(i, l)| (l.0.clone(), colour(i))).collect();
        legend(&key, &entries, COLUMNS)
    }
}
