//! `hostcast output FILE...`: re-render saved JSON results in any format, merging
//! several files in order (price books listed once each).

use std::io::Write;

use anyhow::Result;

use crate::cli::OutputArgs;
use crate::simulate::Results;

/// Runs `output`, writing to `-o FILE` or `out`.
pub fn run(args: &OutputArgs, out: &mut dyn Write) -> Result<()> {
    let mut merged: Option<Results> = None;
    for f in &args.files {
        let mut r = super::sides::read_json(f)?;
        let shown = super::input::shown(f).display().to_string();
        super::names::keep(&mut r, &args.stages, &args.options, &shown)?;
        match &mut merged {
            None => merged = Some(r),
            Some(m) => {
                for b in r.price_books {
                    if !m.price_books.contains(&b) {
                        m.price_books.push(b);
                    }
                }
                m.results.extend(r.results);
                m.recommendations.extend(r.recommendations);
            }
        }
    }
    let Some(results) = merged else { return Ok(()) };
    let text = super::render(&results, args.out.format)?;
    super::emit(&text, args.out.output.as_deref(), out)
}
