//! Benchmark: import the real configs of `tests/fixtures/corpus/` (or of the corpus
//! corpus folder given as the first argument) over and over until 1,000 files
//! have been read (parse, interpolate, classify, lint), then write each import's
//! scenario too, and print the times.
//!
//! `CARGO_TARGET_DIR=… cargo run --release --example bench_import [CORPUS_DIR]`

use std::path::{Path, PathBuf};
use std::time::Instant;

use hostcast::import::{self, Options, emit};

const IMPORTS: usize = 1000;

fn main() {
    let dir = std::env::args().nth(1).map(PathBuf::from).unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/corpus"));
    let mut files: Vec<(PathBuf, String)> = Vec::new();
    for sub in ["fly.toml", "render.yaml", "docker-compose", "vercel.json"] {
        let Ok(entries) = std::fs::read_dir(dir.join(sub)) else { continue };
        for e in entries.flatten() {
            if let Ok(text) = std::fs::read_to_string(e.path()) {
                files.push((e.path(), text));
            }
        }
    }
    files.sort();
    if files.is_empty() {
        eprintln!("no corpus files under {}", dir.display());
        std::process::exit(1);
    }
    let bytes: usize = files.iter().map(|(_, t)| t.len()).sum();
    let options = Options::default();
    let known = emit::Known { fly_regions: vec!["iad".into(), "ams".into()], vercel_regions: vec!["iad1".into()], ..Default::default() };
    for (with_scenario, label) in [(false, "import"), (true, "import + write the scenario")] {
        let start = Instant::now();
        let (mut ok, mut services) = (0usize, 0usize);
        for i in 0..IMPORTS {
            let (path, text) = &files[i % files.len()];
            if let Ok(imported) = import::import_text(path, text, &options) {
                ok += 1;
                services += imported.services.len();
                if with_scenario && let Ok(top) = import::combine(vec![imported]) {
                    std::hint::black_box(emit::scenario(&top, &known));
                }
            }
        }
        let elapsed = start.elapsed();
        println!(
            "{label}: {IMPORTS} files ({} distinct, {:.0} KB, {ok} imported, {services} services) in {:.1} ms ({:.1} µs per file)",
            files.len(),
            bytes as f64 / 1024.0,
            elapsed.as_secs_f64() * 1000.0,
            elapsed.as_secs_f64() * 1e6 / IMPORTS as f64
        );
    }
}
