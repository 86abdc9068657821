//! The PNG backend: plotters' bitmap backend with text drawn by ab_glyph from the
//! bundled font, glyph by glyph with side bearings, kerning and one baseline.
//!
//! plotters 0.3.7 places each rasterised glyph at its advance without its left side
//! bearing and rounds its vertical offset per glyph, so `$1,014.93` comes out as
//! `$1 ,01 4. 93`. Everything but text is passed through unchanged.

use ab_glyph::{Font, FontRef, PxScale, ScaleFont, point};
use plotters::prelude::*;
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind, FontStyle,
    text_anchor::{HPos, VPos},
};

/// A bitmap backend that draws text with the bundled font.
pub struct Png<'a> {
    inner: BitMapBackend<'a>,
    regular: FontRef<'static>,
    bold: FontRef<'static>,
}

type Res<'a> = Result<(), DrawingErrorKind<<BitMapBackend<'a> as DrawingBackend>::ErrorType>>;

impl<'a> Png<'a> {
    /// Draws into an RGB buffer of `w × h` pixels.
    pub fn new(buf: &'a mut [u8], (w, h): (u32, u32), regular: &'static [u8], bold: &'static [u8]) -> Option<Png<'a>> {
        Some(Png { inner: BitMapBackend::with_buffer(buf, (w, h)), regular: FontRef::try_from_slice(regular).ok()?, bold: FontRef::try_from_slice(bold).ok()? })
    }

    fn font(&self, style: FontStyle) -> &FontRef<'static> {
        if matches!(style, FontStyle::Bold) { &self.bold } else { &self.regular }
    }

    /// Width and height (ascent − descent) of `text`, and the positioned glyphs.
    fn layout(&self, text: &str, size: f64, style: FontStyle) -> (f32, f32, Vec<ab_glyph::Glyph>) {
        let scale = PxScale::from(size as f32);
        let font = self.font(style).as_scaled(scale);
        let mut x = 0.0f32;
        let mut prev = None;
        let mut glyphs = Vec::new();
        for c in text.chars() {
            let id = font.glyph_id(c);
            if let Some(p) = prev {
                x += font.kern(p, id);
            }
            glyphs.push(id.with_scale_and_position(scale, point(x, font.ascent())));
            x += font.h_advance(id);
            prev = Some(id);
        }
        (x, font.ascent() - font.descent(), glyphs)
    }
}

impl<'a> DrawingBackend for Png<'a> {
    type ErrorType = <BitMapBackend<'a> as DrawingBackend>::ErrorType;

    fn get_size(&self) -> (u32, u32) {
        self.inner.get_size()
    }

    fn ensure_prepared(&mut self) -> Res<'a> {
        self.inner.ensure_prepared()
    }

    fn present(&mut self) -> Res<'a> {
        self.inner.present()
    }

    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Res<'a> {
        self.inner.draw_pixel(point, color)
    }

    fn draw_line<S: BackendStyle>(&mut self, from: BackendCoord, to: BackendCoord, style: &S) -> Res<'a> {
        self.inner.draw_line(from, to, style)
    }

    fn draw_rect<S: BackendStyle>(&mut self, ul: BackendCoord, br: BackendCoord, style: &S, fill: bool) -> Res<'a> {
        self.inner.draw_rect(ul, br, style, fill)
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(&mut self, path: I, style: &S) -> Res<'a> {
        self.inner.draw_path(path, style)
    }

    fn draw_circle<S: BackendStyle>(&mut self, center: BackendCoord, radius: u32, style: &S, fill: bool) -> Res<'a> {
        self.inner.draw_circle(center, radius, style, fill)
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(&mut self, vert: I, style: &S) -> Res<'a> {
        self.inner.fill_polygon(vert, style)
    }

    fn blit_bitmap(&mut self, pos: BackendCoord, size: (u32, u32), src: &[u8]) -> Res<'a> {
        self.inner.blit_bitmap(pos, size, src)
    }

    fn estimate_text_size<S: BackendTextStyle>(&self, text: &str, style: &S) -> Result<(u32, u32), DrawingErrorKind<Self::ErrorType>> {
        let (w, h, _) = self.layout(text, style.size(), style.style());
        Ok((w.ceil() as u32, h.ceil() as u32))
    }

    fn draw_text<S: BackendTextStyle>(&mut self, text: &str, style: &S, pos: BackendCoord) -> Res<'a> {
        let color = style.color();
        if color.alpha == 0.0 {
            return Ok(());
        }
        let (w, h, glyphs) = self.layout(text, style.size(), style.style());
        let dx = match style.anchor().h_pos {
            HPos::Left => 0.0,
            HPos::Center => -w / 2.0,
            HPos::Right => -w,
        };
        let dy = match style.anchor().v_pos {
            VPos::Top => 0.0,
            VPos::Center => -h / 2.0,
            VPos::Bottom => -h,
        };
        let trans = style.transform();
        let (width, height) = self.get_size();
        let mut pixels: Vec<(i32, i32, f32)> = Vec::new();
        let font = self.font(style.style()).clone();
        for g in glyphs {
            if let Some(outline) = font.outline_glyph(g) {
                let b = outline.px_bounds();
                outline.draw(|gx, gy, coverage| {
                    let x = (b.min.x + dx).round() as i32 + gx as i32;
                    let y = (b.min.y + dy).round() as i32 + gy as i32;
                    pixels.push((x, y, coverage));
                });
            }
        }
        for (x, y, coverage) in pixels {
            let (x, y) = trans.transform(x, y);
            let (x, y) = (pos.0 + x, pos.1 + y);
            if x >= 0 && y >= 0 && (x as u32) < width && (y as u32) < height && coverage > 0.0 {
                let c = BackendColor { alpha: color.alpha * coverage.min(1.0) as f64, rgb: color.rgb };
                self.inner.draw_pixel((x, y), c)?;
            }
        }
        Ok(())
    }
}
