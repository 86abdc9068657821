//! Embeds the bundled price books (`pricing/*.toml`, not `pricing/archive/`) in the
//! binary: writes `embedded_books.rs`, a list of `(file name, include_str!(…))`
//! pairs that `hostcast::pricing::embedded` reads; and sets `GENAI_PRICES_VERSION`
//! to the version of the `genai-prices` crate in `Cargo.lock`, which every output's
//! provenance records.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    genai_prices_version();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("pricing");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut names: Vec<String> = match std::fs::read_dir(&dir) {
        Ok(entries) => entries
            .filter_map(|e| e.ok())
            .filter(|e| e.path().is_file() && e.path().extension().is_some_and(|x| x == "toml") && e.file_name() != "index.toml")
            .map(|e| e.file_name().to_string_lossy().to_string())
            .collect(),
        Err(e) => panic!("cannot read {}: {e}", dir.display()),
    };
    names.sort();
    let mut code = String::from("/// The bundled price books: file name and text.\npub const BOOKS: &[(&str, &str)] = &[\n");
    for name in &names {
        let path = dir.join(name);
        println!("cargo:rerun-if-changed={}", path.display());
        let _ = writeln!(code, "    ({name:?}, include_str!({:?})),", path.display().to_string());
    }
    code.push_str("];\n");
    let out = Path::new(&std::env::var("OUT_DIR").unwrap_or_else(|_| ".".into())).join("embedded_books.rs");
    if let Err(e) = std::fs::write(&out, code) {
        panic!("cannot write {}: {e}", out.display());
    }
}

/// The locked version of `genai-prices` (`unknown` when `Cargo.lock` does not say).
fn genai_prices_version() {
    let lock = Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.lock");
    println!("cargo:rerun-if-changed={}", lock.display());
    let text = std::fs::read_to_string(&lock).unwrap_or_default();
    let mut lines = text.lines();
    let mut version = String::from("unknown");
    while let Some(line) = lines.next() {
        if line.trim() == "name = \"genai-prices\"" {
            if let Some(v) = lines.next().and_then(|l| l.trim().strip_prefix("version = ")) {
                version = v.trim_matches('"').to_string();
            }
            break;
        }
    }
    println!("cargo:rustc-env=GENAI_PRICES_VERSION={version}");
}
