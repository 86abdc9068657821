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
    /// Components present at this stage: name, colour index and one value per option.
    pub layers: Vec<(String, usize, Vec<f64>)>,
}

/// Prepares the layers from the breakdown query at one stage. `order` ranks the
/// scenario's components (the [`crate::results::components`] query): the first
/// [`MAX_LAYERS`] − 1 keep their own colour in every stage's chart, the rest are
/// summed as `other`.
pub fn data(scenario_name: &str, stage: &str, users: f64, slug: &str, costs: &[ComponentCost], order: &[String]) -> Breakdown {
    let mut bars: Vec<String> = Vec::new();
    for c in costs {
        if !bars.contains(&c.option) {
            bars.push(c.option.clone());
        }
    }
    let keep = if order.len() > MAX_LAYERS { MAX_LAYERS - 1 } else { order.len() };
    let mut layers: Vec<(String, usize, Vec<f64>)> = order.iter().take(keep).enumerate().map(|(i, c)| (c.clone(), i, vec![0.0; bars.len()])).collect();
    layers.push(("other".into(), keep, vec![0.0; bars.len()]));
    for c in costs {
        let b = bars.iter().position(|o| *o == c.option).unwrap_or(0);
        let l = layers.iter().position(|l| l.0 == c.component).filter(|l| *l < keep).unwrap_or(keep);
        layers[l].2[b] += c.monthly_cost_usd;
    }
    layers.retain(|l| l.2.iter().any(|v| *v != 0.0));
    Breakdown { name: format!("breakdown-{slug}"), title: format!("{scenario_name}: cost by component at {stage} ({} users)", quantity(users)), bars, layers }
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
        let stack: Vec<f64> = (0..n).map(|b| self.layers.iter().map(|l| l.2.get(b).copied().unwrap_or(0.0)).sum()).collect();
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
        for (_, ci, values) in &self.layers {
            let c = colour(*ci);
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
        let entries: Vec<(String, RGBColor)> = self.layers.iter().map(|l| (l.0.clone(), colour(l.1))).collect();
        legend(&key, &entries, COLUMNS)
    }
}
