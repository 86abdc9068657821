//! File-name parts made from names in the inputs (stages, scenarios): one function,
//! so that no name can reach the file system any other way.

/// Longest file-name part made from a name, before a hash is appended.
pub const MAX_SLUG: usize = 48;

/// The one way a name from an input becomes part of a file name: lower-case ASCII
/// letters and digits with single `-` between words (`Growth 2 (EU)` → `growth-2-eu`).
/// Path separators, dots, control characters and every other character become `-`;
/// a name with nothing left (`..`, `!!!`) or longer than [`MAX_SLUG`] keeps a short
/// hash of the whole name, so two such names stay apart (`x-1a2b3c4d`).
pub fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_matches('-').to_string();
    if out.is_empty() {
        return format!("x-{:08x}", short_hash(s));
    }
    if out.len() > MAX_SLUG {
        let cut = out[..MAX_SLUG].trim_end_matches('-');
        return format!("{cut}-{:08x}", short_hash(s));
    }
    out
}

/// 32 bits of FNV-1a over the name's bytes: stable across runs and machines.
fn short_hash(s: &str) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in s.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_become_safe_distinct_file_names() {
        assert_eq!(slug("Growth 2 (EU)"), "growth-2-eu");
        assert_eq!(slug("../../etc/passwd"), "etc-passwd");
        for odd in ["..", ".", "!!!", "\u{7}", ""] {
            let s = slug(odd);
            assert!(s.starts_with("x-") && s.len() == 10, "{odd:?} → {s}");
        }
        assert_ne!(slug(".."), slug("..."));
        let long_a = "a".repeat(300);
        let long_b = format!("{}b", "a".repeat(299));
        assert!(slug(&long_a).len() <= MAX_SLUG + 9);
        assert_ne!(slug(&long_a), slug(&long_b), "over-long names keep a hash apart");
        assert_eq!(slug(&long_a), slug(&long_a), "and the same name the same hash");
    }
}
