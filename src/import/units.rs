//! Sizes as config files write them: `512mb`, `1gb`, `1.5G`, `512M`, `1024`,
//! `10GB`; and CPU counts like `'0.5'`.

use super::tree::{Node, Value};

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
}
