//! Sizes as config files write them: `512mb`, `1gb`, `1.5G`, `512M`, `1024`,
//! `10GB`; and CPU counts like `'0.5'`.

use std::path::Path;

use super::tree::{self, Node, Value};
use crate::error::Diagnostic;

/// The unit a bare number means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bare {
    /// Bytes (Compose memory).
    Bytes,
    /// Megabytes (Fly memory).
    Megabytes,
    /// Gigabytes (volume sizes).
    Gigabytes,
}

/// A size in MB, from a number (in the `bare` unit) or a string with a unit
/// suffix (`b`, `k`, `m`, `g`, `t`, with or without `b`/`ib`, any case).
pub fn megabytes(node: &Node, bare: Bare) -> Option<f64> {
    let scale = |x: f64| match bare {
        Bare::Bytes => x / (1024.0 * 1024.0),
        Bare::Megabytes => x,
        Bare::Gigabytes => x * 1024.0,
    };
    let mb = match &node.value {
        Value::Int(i) => scale(*i as f64),
        Value::Float(f) => scale(*f),
        Value::Str(s) => parse_megabytes(s, bare)?,
        _ => return None,
    };
    (mb.is_finite() && mb >= 0.0).then_some(mb)
}

/// A size string in MB; see [`megabytes`].
pub fn parse_megabytes(s: &str, bare: Bare) -> Option<f64> {
    let t = s.trim().to_ascii_lowercase().replace(' ', "");
    let split = t.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let n: f64 = num.parse().ok()?;
    let mb = match unit {
        "" => match bare {
            Bare::Bytes => n / (1024.0 * 1024.0),
            Bare::Megabytes => n,
            Bare::Gigabytes => n * 1024.0,
        },
        "b" => n / (1024.0 * 1024.0),
        "k" | "kb" | "kib" => n / 1024.0,
        "m" | "mb" | "mib" => n,
        "g" | "gb" | "gib" => n * 1024.0,
        "t" | "tb" | "tib" => n * 1024.0 * 1024.0,
        _ => return None,
    };
    mb.is_finite().then_some(mb)
}

/// A size in GB; see [`megabytes`].
pub fn gigabytes(node: &Node, bare: Bare) -> Option<f64> {
    megabytes(node, bare).map(|mb| mb / 1024.0)
}

/// A CPU count from a number or a numeric string, above zero.
pub fn cpus(node: &Node) -> Option<f64> {
    node.as_f64().filter(|c| *c > 0.0 && *c < 1.0e4)
}

/// A whole count from a number or numeric string, at most `max`.
pub fn count(node: &Node, max: u32) -> Option<u32> {
    let f = node.as_f64()?;
    (f >= 0.0 && f <= max as f64 && f.fract() == 0.0).then_some(f as u32)
}

/// The value as the file writes it, for messages: `-1`, `NaN`, `"abc"`, a list.
pub fn shown(node: &Node) -> String {
    match &node.value {
        Value::Float(f) if f.is_nan() => "NaN".to_string(),
        Value::Float(f) if f.is_infinite() => if *f > 0.0 { "infinity" } else { "-infinity" }.to_string(),
        Value::Float(f) if f.abs() >= 1e9 => format!("`{f:e}`"),
        Value::Str(s) => format!("\"{}\"", s.chars().take(40).collect::<String>()),
        Value::Int(_) | Value::Float(_) | Value::Bool(_) => format!("`{}`", node.text().unwrap_or_default()),
        _ => node.type_name().to_string(),
    }
}

/// An error at `node`: `` `key` is SHOWN; expected EXPECTED ``.
pub fn invalid(path: &Path, node: &Node, key: &str, expected: &str) -> Diagnostic {
    tree::diag(path, node.at, format!("`{key}` is {}; expected {expected}", shown(node))).with_help(format!("set `{key}` to {expected}"))
}

/// A finite number, written as a number (not a string).
fn finite(node: &Node) -> Option<f64> {
    match &node.value {
        Value::Int(i) => Some(*i as f64),
        Value::Float(f) if f.is_finite() => Some(*f),
        _ => None,
    }
}

/// A size in GB, a number (or a size string when `strings`) above 0 and at most
/// `max`, or a located error naming `key`.
pub fn size_gb(path: &Path, node: &Node, key: &str, strings: bool, max: f64) -> Result<f64, Diagnostic> {
    let expected = format!("a size in GB above 0 and at most {max}");
    let gb = match &node.value {
        Value::Str(_) if strings => gigabytes(node, Bare::Gigabytes),
        _ => finite(node),
    };
    gb.filter(|g| *g > 0.0 && *g <= max).ok_or_else(|| invalid(path, node, key, &expected))
}

/// A whole number from `min` to `max` (a number, not a string), or a located error naming `key`.
pub fn whole(path: &Path, node: &Node, key: &str, min: u32, max: u32) -> Result<u32, Diagnostic> {
    finite(node)
        .filter(|f| f.fract() == 0.0 && *f >= min as f64 && *f <= max as f64)
        .map(|f| f as u32)
        .ok_or_else(|| invalid(path, node, key, &format!("a whole number from {min} to {max}")))
}

/// A whole number from `min` to `max`, written as a number or as a string holding
/// one (Compose reads `"${REPLICAS:-1}"` once interpolated), or a located error.
pub fn whole_or_text(path: &Path, node: &Node, key: &str, min: u32, max: u32) -> Result<u32, Diagnostic> {
    node.as_f64()
        .filter(|f| f.fract() == 0.0 && *f >= min as f64 && *f <= max as f64)
        .map(|f| f as u32)
        .ok_or_else(|| invalid(path, node, key, &format!("a whole number from {min} to {max}")))
}

/// A number from `min` to `max` (a number, not a string), or a located error naming `key`.
pub fn number(path: &Path, node: &Node, key: &str, min: f64, max: f64) -> Result<f64, Diagnostic> {
    finite(node).filter(|f| *f >= min && *f <= max).ok_or_else(|| invalid(path, node, key, &format!("a number from {min} to {max}")))
}

/// A cron schedule (five fields or `@daily`-style), or a located error naming `key`.
pub fn schedule(path: &Path, node: &Node, key: &str) -> Result<String, Diagnostic> {
    let Some(text) = node.as_str() else {
        return Err(invalid(path, node, key, "a cron expression such as \"0 6 * * *\""));
    };
    match crate::scenario::schedule::runs_per_day(text) {
        Ok(_) => Ok(text.to_string()),
        Err(e) => Err(tree::diag(path, node.at, format!("`{key}` \"{text}\" is not a cron expression: {e}"))
            .with_help("write five fields, minute hour day-of-month month day-of-week, e.g. \"0 6 * * *\"")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_in_their_forms() {
        let mb = |s: &str, b| parse_megabytes(s, b);
        assert_eq!(mb("1gb", Bare::Megabytes), Some(1024.0));
        assert_eq!(mb("512mb", Bare::Megabytes), Some(512.0));
        assert_eq!(mb("1024", Bare::Megabytes), Some(1024.0));
        assert_eq!(mb("4096mb", Bare::Megabytes), Some(4096.0));
        assert_eq!(mb("512M", Bare::Bytes), Some(512.0));
        assert_eq!(mb("1G", Bare::Bytes), Some(1024.0));
        assert_eq!(mb("1.5gb", Bare::Bytes), Some(1536.0));
        assert_eq!(mb("2GiB", Bare::Bytes), Some(2048.0));
        assert_eq!(mb("1048576", Bare::Bytes), Some(1.0));
        assert_eq!(mb("10GB", Bare::Gigabytes), Some(10240.0));
        assert_eq!(mb("1", Bare::Gigabytes), Some(1024.0));
        assert_eq!(mb("lots", Bare::Bytes), None);
    }

    fn node(value: Value) -> Node {
        Node { value, at: tree::Pos { line: 3, col: 7 } }
    }

    #[test]
    fn checked_values_are_refused_at_their_position_with_what_was_written() {
        let p = Path::new("f.yaml");
        let err = |r: Result<f64, Diagnostic>| r.expect_err("refused").to_string();
        assert_eq!(size_gb(p, &node(Value::Int(20)), "sizeGB", false, 100.0), Ok(20.0));
        assert!(err(size_gb(p, &node(Value::Float(f64::NAN)), "sizeGB", false, 100.0)).starts_with("f.yaml:3:7: `sizeGB` is NaN;"));
        assert!(err(size_gb(p, &node(Value::Float(f64::INFINITY)), "sizeGB", false, 100.0)).contains("is infinity"));
        assert!(err(size_gb(p, &node(Value::Int(-1)), "sizeGB", false, 100.0)).contains("is `-1`"));
        // a size string is read only where the format allows one
        assert!(err(size_gb(p, &node(Value::Str("10gb".into())), "sizeGB", false, 100.0)).contains("is \"10gb\""));
        assert_eq!(size_gb(p, &node(Value::Str("10gb".into())), "initial_size", true, 100.0), Ok(10.0));
        assert_eq!(whole(p, &node(Value::Int(3)), "n", 1, 100), Ok(3));
        assert!(whole(p, &node(Value::Float(1e308)), "n", 1, 100).expect_err("huge").to_string().contains("is `1e308`"));
        assert!(whole(p, &node(Value::Float(1.5)), "n", 1, 100).is_err());
        assert!(whole(p, &node(Value::Str("3".into())), "n", 1, 100).is_err());
        assert_eq!(whole_or_text(p, &node(Value::Str("3".into())), "n", 1, 100), Ok(3));
        assert_eq!(number(p, &node(Value::Float(60.0)), "maxDuration", 1.0, 86_400.0), Ok(60.0));
        assert!(number(p, &node(Value::Int(-5)), "maxDuration", 1.0, 86_400.0).is_err());
        assert_eq!(schedule(p, &node(Value::Str("0 6 * * *".into())), "schedule"), Ok("0 6 * * *".to_string()));
        assert!(schedule(p, &node(Value::Str("every day".into())), "schedule").is_err());
        assert!(schedule(p, &node(Value::Int(5)), "schedule").is_err());
    }
}
