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

/// One step of a path into a JSON value: a key of an object or an index of a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// A key of an object.
    Key(String),
    /// An index of a list (0-based).
    Index(usize),
}

/// The byte offset in `text` (a JSON document) where the value at `path` starts, for
/// locating a value that was checked after parsing; `None` when the path is not in
/// the text. Reads the text as it is, without building it.
pub fn offset_of(text: &str, path: &[Step]) -> Option<usize> {
    let b = text.as_bytes();
    let mut i = space(b, 0);
    for step in path {
        i = match (step, b.get(i)) {
            (Step::Key(key), Some(b'{')) => member(text, i, key)?,
            (Step::Index(n), Some(b'[')) => element(b, i, *n)?,
            _ => return None,
        };
    }
    Some(i)
}

/// The offset of the value of `key` in the object that opens at `i`.
fn member(text: &str, mut i: usize, key: &str) -> Option<usize> {
    let b = text.as_bytes();
    i = space(b, i + 1);
    while b.get(i) == Some(&b'"') {
        let end = string_end(b, i)?;
        let raw = &text[i + 1..end - 1];
        let same = if raw.contains('\\') { serde_json::from_str::<String>(&text[i..end]).ok().as_deref() == Some(key) } else { raw == key };
        i = space(b, end);
        if b.get(i) != Some(&b':') {
            return None;
        }
        i = space(b, i + 1);
        if same {
            return Some(i);
        }
        i = space(b, value_end(b, i)?);
        if b.get(i) != Some(&b',') {
            return None;
        }
        i = space(b, i + 1);
    }
    None
}

/// The offset of the `n`th element of the list that opens at `i`.
fn element(b: &[u8], mut i: usize, n: usize) -> Option<usize> {
    i = space(b, i + 1);
    if b.get(i) == Some(&b']') {
        return None;
    }
    for _ in 0..n {
        i = space(b, value_end(b, i)?);
        if b.get(i) != Some(&b',') {
            return None;
        }
        i = space(b, i + 1);
    }
    Some(i)
}

fn space(b: &[u8], mut i: usize) -> usize {
    while b.get(i).is_some_and(|c| c.is_ascii_whitespace()) {
        i += 1;
    }
    i
}

/// The offset just past the string that opens at `i`.
fn string_end(b: &[u8], mut i: usize) -> Option<usize> {
    i += 1;
    loop {
        match b.get(i)? {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            _ => i += 1,
        }
    }
}

/// The offset just past the value that starts at `i` (nesting counted, not recursed).
fn value_end(b: &[u8], mut i: usize) -> Option<usize> {
    let mut depth = 0usize;
    loop {
        match b.get(i) {
            Some(b'"') => i = string_end(b, i)?,
            Some(b'{' | b'[') => {
                depth += 1;
                i += 1;
            }
            Some(b'}' | b']') if depth > 0 => {
                depth -= 1;
                i += 1;
            }
            Some(b',' | b'}' | b']') | None if depth == 0 => return Some(i),
            None => return None,
            Some(c) if depth == 0 && c.is_ascii_whitespace() => return Some(i),
            Some(_) => i += 1,
        }
        if depth == 0 && b.get(i.wrapping_sub(1)).is_some_and(|c| matches!(c, b'"' | b'}' | b']')) {
            return Some(i);
        }
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

    #[test]
    fn a_value_is_found_by_its_path() {
        use super::{Step, offset_of};
        let text = "{\n  \"a\": [1, {\"b\": \"x,]}\"}, {\"c\\u0064\": [], \"d\": -2.5e3}],\n  \"e\": null\n}";
        let at = |path: &[Step]| offset_of(text, path).map(|i| &text[i..i + 4]);
        let k = |s: &str| Step::Key(s.to_string());
        assert_eq!(at(&[k("a"), Step::Index(0)]), Some("1, {"));
        assert_eq!(at(&[k("a"), Step::Index(1), k("b")]), Some("\"x,]"));
        assert_eq!(at(&[k("a"), Step::Index(2), k("cd")]), Some("[], "));
        assert_eq!(at(&[k("a"), Step::Index(2), k("d")]), Some("-2.5"));
        assert_eq!(at(&[k("e")]), Some("null"));
        assert_eq!(offset_of(text, &[k("a"), Step::Index(3)]), None);
        assert_eq!(offset_of(text, &[k("z")]), None);
        assert_eq!(offset_of(text, &[k("e"), k("f")]), None);
    }
}
