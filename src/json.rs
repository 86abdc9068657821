//! JSON as hostcast writes it: pretty-printed with two-space indents, byte for byte
//! what `serde_json::to_string_pretty` gives, written as it is serialised. Each
//! line break and its indent is one write (serde_json's own pretty printer writes
//! the indent two bytes at a time), which matters for the results of a large
//! scenario: a 10,000-service run is over 100 MB of JSON.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::ser::Formatter;

/// A line break followed by indents of two spaces, sliced to the depth needed.
const BREAKS: &[u8; 2 + 2 * DEEPEST] = &{
    let mut b = [b' '; 2 + 2 * DEEPEST];
    b[0] = b',';
    b[1] = b'\n';
    b
};
/// The depth [`BREAKS`] covers in one write; deeper levels are written in pieces.
const DEEPEST: usize = 32;

/// Writes `value` to `out` as pretty-printed JSON (no trailing newline).
pub fn to_writer_pretty<W: Write, T: Serialize + ?Sized>(out: W, value: &T) -> serde_json::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(out, Pretty::default());
    value.serialize(&mut ser)
}

/// `value` as pretty-printed JSON text (no trailing newline).
pub fn to_string_pretty<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<String> {
    let mut out = Vec::with_capacity(128);
    to_writer_pretty(&mut out, value)?;
    // serde_json writes UTF-8 only
    String::from_utf8(out).map_err(|e| serde::ser::Error::custom(e.to_string()))
}

/// serde_json's pretty printer with two-space indents, each break written at once.
#[derive(Default)]
struct Pretty {
    depth: usize,
    has_value: bool,
}

impl Pretty {
    /// A line break (after a comma when `comma`) and the indent of the current depth.
    fn line<W: ?Sized + Write>(&self, w: &mut W, comma: bool) -> io::Result<()> {
        let start = usize::from(!comma);
        let mut left = self.depth;
        let first = left.min(DEEPEST);
        w.write_all(&BREAKS[start..2 + 2 * first])?;
        left -= first;
        while left > 0 {
            let n = left.min(DEEPEST);
            w.write_all(&BREAKS[2..2 + 2 * n])?;
            left -= n;
        }
        Ok(())
    }

    /// Opens a list or a mapping one level deeper.
    fn open<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(bracket)
    }

    /// Closes a list or a mapping, on a line of its own unless it was empty.
    fn close<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            self.line(w, false)?;
        }
        w.write_all(bracket)
    }
}

impl Formatter for Pretty {
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.open(w, b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.line(w, !first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.open(w, b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.line(w, !first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    /// A zero is written `0.0`, never `-0.0` (a sum of no lines, a credit of nothing).
    fn write_f64<W: ?Sized + Write>(&mut self, w: &mut W, value: f64) -> io::Result<()> {
        let value = if value == 0.0 { 0.0 } else { value };
        serde_json::ser::CompactFormatter.write_f64(w, value)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn negative_zero_is_written_as_zero() {
        assert_eq!(to_string_pretty(&json!({"a": -0.0, "b": [0.0, -1.5]})).expect("json"), "{\n  \"a\": 0.0,\n  \"b\": [\n    0.0,\n    -1.5\n  ]\n}");
    }

    #[test]
    fn the_same_bytes_as_serde_json() {
        // empty containers, nesting past the one-write depth, strings to escape, numbers
        let mut deep = json!({"leaf": [1, 2.5, -3e-7, null, true, "a\"b\\c\n\u{1}é"]});
        for i in 0..(DEEPEST + 7) {
            deep = json!({ format!("k{i}"): [deep, {}, [], [[]], {"x": {}}] });
        }
        let values = [json!(null), json!([]), json!({}), json!([1, [2, [3]], {"a": []}]), deep];
        for v in &values {
            assert_eq!(to_string_pretty(v).ok(), serde_json::to_string_pretty(v).ok(), "{v}");
        }
    }
}
