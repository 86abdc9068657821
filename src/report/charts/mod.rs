//! Charts (plotters): the style in one place, and the drawing shared by chart kinds.
//!
//! Each chart kind has its own file with a function that turns query results into
//! plain series and a [`Figure`] that draws them. [`render`] draws a figure twice,
//! as SVG (text kept as `<text>`, with a font-family fallback list, so the HTML
//! report can inline it) and as PNG (text rasterised with the bundled DejaVu Sans,
//! so it renders on a machine with no system fonts).

pub mod breakdown;
pub mod cost_by_stage;
pub mod cost_vs_users;
pub mod instances;
pub mod raster;
pub mod timeline;

use std::sync::Once;

use anyhow::{Result, anyhow};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::FontStyle;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Font family: the name the bundled font is registered under for PNGs, and the
/// fallback list an SVG viewer resolves.
pub const FONT: &str = "DejaVu Sans, Verdana, Arial, Helvetica, sans-serif";
/// Width of every chart, pixels.
pub const WIDTH: u32 = 1100;
/// Title size, pixels.
pub const TITLE_SIZE: u32 = 22;
/// Axis labels and legend size, pixels.
pub const LABEL_SIZE: u32 = 15;
/// Height of one legend row, pixels.
pub const LEGEND_ROW: u32 = 24;

/// Colour-blind-aware categorical palette (Tableau 10), in series order.
pub const PALETTE: [RGBColor; 10] = [
    RGBColor(0x4e, 0x79, 0xa7),
    RGBColor(0xf2, 0x8e, 0x2b),
    RGBColor(0xe1, 0x57, 0x59),
    RGBColor(0x76, 0xb7, 0xb2),
    RGBColor(0x59, 0xa1, 0x4f),
    RGBColor(0xed, 0xc9, 0x48),
    RGBColor(0xb0, 0x7a, 0xa1),
    RGBColor(0xff, 0x9d, 0xa7),
    RGBColor(0x9c, 0x75, 0x5f),
    RGBColor(0xba, 0xb0, 0xac),
];
/// Grid lines.
pub const GRID: RGBColor = RGBColor(0xe4, 0xe4, 0xe4);
/// Text and axes.
pub const INK: RGBColor = RGBColor(0x22, 0x22, 0x22);

static FONTS: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");
static FONTS_BOLD: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans-Bold.ttf");

/// The colour of the `i`th series.
pub fn colour(i: usize) -> RGBColor {
    PALETTE[i % PALETTE.len()]
}

/// Registers the bundled font (once per process).
fn register_fonts() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // the bytes are the bundled TTFs: they parse, or the build is broken
        let _ = plotters::style::register_font(FONT, FontStyle::Normal, FONTS);
        let _ = plotters::style::register_font(FONT, FontStyle::Bold, FONTS_BOLD);
    });
}

/// Text style of the given size.
pub fn text(size: u32) -> TextStyle<'static> {
    (FONT, size).into_font().color(&INK)
}

/// Bold text style of the given size.
pub fn bold(size: u32) -> TextStyle<'static> {
    (FONT, size, FontStyle::Bold).into_font().color(&INK)
}

/// Result of drawing on a backend.
pub type DrawResult<DB> = std::result::Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// A chart that can be drawn on any plotters backend.
pub trait Figure {
    /// File stem (`cost-by-stage`).
    fn name(&self) -> String;
    /// Title, drawn at the top and used as the SVG `<title>`.
    fn title(&self) -> String;
    /// Size in pixels.
    fn size(&self) -> (u32, u32);
    /// Draws the chart below its title.
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB>;
}

/// A chart drawn as SVG and as PNG.
#[derive(Debug, Clone)]
pub struct Chart {
    /// File stem.
    pub name: String,
    /// Title.
    pub title: String,
    /// What it shows, in a sentence.
    pub caption: String,
    /// SVG document.
    pub svg: String,
    /// PNG image.
    pub png: Vec<u8>,
}

fn draw_all<DB: DrawingBackend>(fig: &impl Figure, root: DrawingArea<DB, Shift>) -> DrawResult<DB> {
    root.fill(&WHITE)?;
    let root = root.margin(14, 10, 16, 16);
    let area = root.titled(&fig.title(), bold(TITLE_SIZE))?;
    fig.draw(&area)?;
    root.present()
}

/// Draws `fig` as SVG and PNG; `caption` says what it shows.
pub fn render(fig: &impl Figure, caption: &str) -> Result<Chart> {
    register_fonts();
    let (w, h) = fig.size();
    let mut svg = String::new();
    draw_all(fig, SVGBackend::with_string(&mut svg, (w, h)).into_drawing_area()).map_err(|e| anyhow!("drawing {}.svg: {e:?}", fig.name()))?;
    // an accessible name, and a class the HTML styles
    let title = format!("<title>{}</title>\n", crate::report::html::escape(&fig.title()));
    if let Some(end) = svg.find('>') {
        svg.insert_str(end + 1, &format!("\n{title}"));
        svg.replace_range(0..4, "<svg class=\"chart\" role=\"img\"");
    }
    let mut rgb = vec![0u8; (w * h * 3) as usize];
    let png = raster::Png::new(&mut rgb, (w, h), FONTS, FONTS_BOLD).ok_or_else(|| anyhow!("the bundled font does not load"))?;
    draw_all(fig, png.into_drawing_area()).map_err(|e| anyhow!("drawing {}.png: {e:?}", fig.name()))?;
    let mut png = Vec::new();
    image::codecs::png::PngEncoder::new(&mut png).write_image(&rgb, w, h, image::ColorType::Rgb8).map_err(|e| anyhow!("encoding {}.png: {e}", fig.name()))?;
    Ok(Chart { name: fig.name(), title: fig.title(), caption: caption.to_string(), svg, png })
}

use image::ImageEncoder;

/// An axis label in dollars: `$1,200`, `$45`, `$2.50`.
pub fn axis_usd(v: f64) -> String {
    if v.abs() >= 10.0 || v == 0.0 {
        let s = crate::money::usd(v.round());
        s.trim_end_matches(".00").to_string()
    } else {
        crate::money::usd(v)
    }
}

/// Height of a legend of `n` entries in `columns` columns.
pub fn legend_height(n: usize, columns: usize) -> u32 {
    n.div_ceil(columns.max(1)) as u32 * LEGEND_ROW + 8
}

/// Draws a legend: a swatch and a name per entry, filled row by row in `columns`.
pub fn legend<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, entries: &[(String, RGBColor)], columns: usize) -> DrawResult<DB> {
    let (w, _) = area.dim_in_pixel();
    let col_w = w as i32 / columns.max(1) as i32;
    for (i, (name, c)) in entries.iter().enumerate() {
        let x = (i % columns) as i32 * col_w + 8;
        let y = (i / columns) as i32 * LEGEND_ROW as i32 + 8;
        area.draw(&Rectangle::new([(x, y + 2), (x + 14, y + 16)], c.filled()))?;
        area.draw(&Text::new(name.clone(), (x + 22, y + 9), text(LABEL_SIZE).pos(Pos::new(HPos::Left, VPos::Center))))?;
    }
    Ok(())
}

/// Bars in groups: one group per x label, one bar per series in each group.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupedBars {
    /// Panel caption (empty for none).
    pub caption: String,
    /// One label per group (x axis).
    pub groups: Vec<String>,
    /// Series: name, colour index and one value per group.
    pub series: Vec<(String, usize, Vec<f64>)>,
    /// y-axis description.
    pub y_desc: String,
    /// Whether values are dollars (axis labels as `$`).
    pub dollars: bool,
    /// Top of the y axis (None: from the largest value), so panels can share a scale.
    pub top: Option<f64>,
    /// Per series and group: the value is a lower bound (a price is missing), drawn
    /// as a hollow bar marked `≥`. Empty: every value is complete.
    pub lower_bound: Vec<Vec<bool>>,
}

/// Draws grouped vertical bars on `area`.
pub fn grouped_bars<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, g: &GroupedBars) -> DrawResult<DB> {
    let n = g.groups.len().max(1);
    let k = g.series.len().max(1);
    let max = g.series.iter().flat_map(|s| s.2.iter().copied()).fold(0.0f64, f64::max);
    let top = g.top.unwrap_or(if max > 0.0 { max * 1.08 } else { 1.0 });
    // x in thousandths of a group, so groups sit on whole key points
    let keys: Vec<i32> = (0..n as i32).map(|i| i * 1000).collect();
    let mut b = ChartBuilder::on(area);
    b.margin(6).x_label_area_size(34).y_label_area_size(if g.dollars { 74 } else { 44 });
    if !g.caption.is_empty() {
        b.caption(&g.caption, bold(LABEL_SIZE + 1));
    }
    let mut chart = b.build_cartesian_2d((-500..n as i32 * 1000 - 500).with_key_points(keys), 0.0..top)?;
    let groups = g.groups.clone();
    let x_fmt = move |x: &i32| groups.get((*x / 1000).max(0) as usize).cloned().unwrap_or_default();
    let y_fmt = |y: &f64| if g.dollars { axis_usd(*y) } else { crate::money::quantity(*y) };
    chart
        .configure_mesh()
        .disable_x_mesh()
        .light_line_style(WHITE)
        .bold_line_style(GRID)
        .axis_style(INK)
        .y_labels(6)
        .x_label_formatter(&x_fmt)
        .y_label_formatter(&y_fmt)
        .y_desc(g.y_desc.as_str())
        .label_style(text(LABEL_SIZE))
        .axis_desc_style(text(LABEL_SIZE))
        .draw()?;
    // bars share 80% of a group, each at most a fifth of it, centred
    let slot = (0.8 / k as f64).min(0.2);
    let start = -slot * k as f64 / 2.0;
    for (j, (_, c, values)) in g.series.iter().enumerate() {
        let colour = self::colour(*c);
        let low = |i: usize| g.lower_bound.get(j).and_then(|s| s.get(i)).copied().unwrap_or(false);
        let span = |i: usize| {
            let x0 = i as f64 + start + j as f64 * slot;
            (((x0 + slot * 0.08) * 1000.0) as i32, ((x0 + slot * 0.92) * 1000.0) as i32)
        };
        chart.draw_series(values.iter().enumerate().filter(|(i, _)| !low(*i)).map(|(i, v)| {
            let (l, r) = span(i);
            Rectangle::new([(l, 0.0), (r, *v)], colour.filled())
        }))?;
        // a lower bound: a hollow bar (white inside, the series' colour round it) and `≥` above
        for (i, v) in values.iter().enumerate().filter(|(i, _)| low(*i)) {
            let (l, r) = span(i);
            chart.draw_series(std::iter::once(Rectangle::new([(l, 0.0), (r, *v)], WHITE.filled())))?;
            chart.draw_series(std::iter::once(Rectangle::new([(l, 0.0), (r, *v)], colour.stroke_width(2))))?;
            let above = text(LABEL_SIZE + 2).color(&INK).pos(Pos::new(HPos::Center, VPos::Bottom));
            chart.draw_series(std::iter::once(Text::new("≥", ((l + r) / 2, *v + top * 0.005), above)))?;
        }
    }
    Ok(())
}
