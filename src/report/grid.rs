//! A plain grid of text cells, rendered as a terminal table, CSV or a Markdown
//! table: the one shape behind every `--format` of the smaller tabular outputs
//! (price books, price changes, budget checks, diffs, estimate line items).

use comfy_table::{Cell, CellAlignment};

use crate::report::Format;

/// Rows of cells under a header.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Grid {
    /// Column names.
    pub header: Vec<String>,
    /// Per column: right-aligned (a number).
    pub numeric: Vec<bool>,
    /// Rows of cells, as many as the header.
    pub rows: Vec<Vec<String>>,
}

impl Grid {
    /// An empty grid with these columns; names in `numeric` are right-aligned.
    pub fn new(header: &[&str], numeric: &[&str]) -> Grid {
        Grid { header: header.iter().map(|h| h.to_string()).collect(), numeric: header.iter().map(|h| numeric.contains(h)).collect(), rows: Vec::new() }
    }

    /// Adds a row.
    pub fn push(&mut self, row: Vec<String>) {
        self.rows.push(row);
    }

    /// A terminal table (see [`crate::report::table::styled`]), with a newline.
    pub fn text(&self) -> String {
        let mut t = crate::report::table::styled();
        t.set_header(self.header.iter().map(|h| crate::report::table::plain(h)));
        for r in &self.rows {
            t.add_row(r.iter().enumerate().map(|(i, c)| {
                let cell = Cell::new(crate::report::table::plain(c));
                if self.numeric.get(i).copied().unwrap_or(false) { cell.set_alignment(CellAlignment::Right) } else { cell }
            }));
        }
        crate::report::table::keep_whole(&mut t, self.numeric.iter().enumerate().filter(|(_, n)| **n).map(|(i, _)| i));
        format!("{t}\n")
    }

    /// CSV with a header row: a numeric column's cells and plain numbers as they
    /// are, every other cell as spreadsheet-safe text ([`crate::report::csv::text`]).
    pub fn csv(&self) -> String {
        let line = |r: &[String]| {
            r.iter()
                .enumerate()
                .map(|(i, c)| if self.numeric.get(i).copied().unwrap_or(false) { crate::report::csv::field(c) } else { crate::report::csv::cell(c) })
                .collect::<Vec<_>>()
                .join(",")
        };
        let mut out = line(&self.header);
        out.push('\n');
        for r in &self.rows {
            out.push_str(&line(r));
            out.push('\n');
        }
        out
    }

    /// A GitHub-flavoured Markdown table (`None.` when empty).
    pub fn markdown(&self) -> String {
        let t = crate::report::model::Table { header: self.header.clone(), rows: self.rows.clone(), numeric: self.numeric.clone() };
        crate::report::markdown::table(&t)
    }

    /// In `format`; `json` is the caller's (a grid has no JSON shape of its own) and
    /// gives the text table.
    pub fn render(&self, format: Format) -> String {
        match format {
            Format::Csv => self.csv(),
            Format::Markdown => self.markdown(),
            Format::Table | Format::Json => self.text(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid() -> Grid {
        let mut g = Grid::new(&["name", "usd"], &["usd"]);
        g.push(vec!["a, \"b\"".into(), "1.50".into()]);
        g.push(vec!["x|y".into(), "2".into()]);
        g
    }

    #[test]
    fn csv_quotes_commas_and_quotes() {
        assert_eq!(grid().csv(), "name,usd\n\"a, \"\"b\"\"\",1.50\nx|y,2\n");
    }

    #[test]
    fn markdown_escapes_pipes_and_right_aligns_numbers() {
        assert_eq!(grid().markdown(), "| name | usd |\n| --- | ---: |\n| a, \"b\" | 1.50 |\n| x\\|y | 2 |\n");
    }
}
