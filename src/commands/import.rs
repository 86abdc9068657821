//! `hostcast import`: read deployment configs, write a scenario (atomically, to a
//! file, or to standard output) that loads and compares as it is.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};

use crate::cli::{ConfigArgs, ConfigKind, ImportArgs};
use crate::error::Diagnostic;
use crate::import::emit::{self, Emitted, Known};
use crate::import::{self, Format, Options, Topology, interpolate};
use crate::pricing::Prices;
use crate::scenario::Scenario;

/// Runs `import`, writing the scenario to `-o FILE` or to `out`; warnings go to
/// standard error.
pub fn run(args: &ImportArgs, out: &mut dyn Write) -> Result<()> {
    let prices = super::load_prices(&args.prices)?;
    let (top, emitted) = load(&args.config, &prices)?;
    for w in top.warnings() {
        eprintln!("warning: {w}");
    }
    if args.strict {
        strict(&top)?;
    }
    let target = args.output.clone().unwrap_or_else(|| Path::new("imported.toml").to_path_buf());
    check(&target, &emitted)?;
    match &args.output {
        Some(path) => {
            write_atomically(path, &emitted.text)?;
            eprintln!("wrote {} ({} services, option `{}`)", path.display(), top.services.len(), emitted.option);
        }
        None => out.write_all(emitted.text.as_bytes())?,
    }
    Ok(())
}

/// Reads the configs of `args` as one application and writes its scenario.
pub fn load(args: &ConfigArgs, prices: &Prices) -> Result<(Topology, Emitted)> {
    let mut env = match &args.env_file {
        Some(p) => {
            crate::limits::check_file_size(p)?;
            interpolate::parse_env_file(&fs_err::read_to_string(p).map_err(|e| Diagnostic::file(p, format!("cannot read the env file: {e}")))?)
        }
        None => Default::default(),
    };
    env.extend(std::env::vars());
    let kind = args.kind.map(|k| match k {
        ConfigKind::Fly => Format::Fly,
        ConfigKind::Render => Format::Render,
        ConfigKind::Compose => Format::Compose,
        ConfigKind::Vercel => Format::Vercel,
    });
    let top = import::import_files(&args.files, &Options { kind, env })?;
    let emitted = emit::scenario(&top, &known(prices));
    Ok((top, emitted))
}

/// With `--strict`: an error (exit 1) when the configs have any import warning.
pub fn strict(top: &Topology) -> Result<()> {
    let n = top.warnings().count();
    if n > 0 {
        anyhow::bail!("--strict: the configs have {n} import warning(s) (listed above); fix them or drop `--strict`");
    }
    Ok(())
}

/// The regions the price books price.
pub fn known(prices: &Prices) -> Known {
    let regions = |p: &str| prices.book(p).map(|b| b.regions.keys().cloned().collect()).unwrap_or_default();
    let render_sizes = prices.book("render").map(|b| b.sizes.iter().map(|(n, s)| (n.clone(), (s.vcpus, s.memory_mb))).collect()).unwrap_or_default();
    let render_data_plans = prices
        .book("render")
        .map(|b| {
            let pg = b.postgres.iter().map(|(n, p)| (("postgres".to_string(), n.clone()), p.memory_mb));
            pg.chain(b.redis.iter().map(|(n, p)| (("redis".to_string(), n.clone()), p.memory_mb))).collect()
        })
        .unwrap_or_default();
    Known { fly_regions: regions("fly"), vercel_regions: regions("vercel"), render_sizes, render_data_plans }
}

/// Parses the written scenario as `compare` would (an error here is hostcast's bug, said so).
pub fn check(path: &Path, emitted: &Emitted) -> Result<Scenario> {
    Scenario::parse(path, emitted.text.clone())
        .context("the scenario written from the configs does not load (a bug in hostcast import; please report it with the config)")
}

/// Writes `text` to `path` through a temporary file in the same folder, renamed
/// into place, so a reader never sees half a file.
pub fn write_atomically(path: &Path, text: &str) -> Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => Path::new(".").to_path_buf(),
    };
    let mut tmp = tempfile::NamedTempFile::new_in(&dir).with_context(|| format!("cannot create a temporary file in {}", dir.display()))?;
    tmp.write_all(text.as_bytes()).with_context(|| format!("cannot write {}", tmp.path().display()))?;
    tmp.as_file().sync_all().ok();
    tmp.persist(path).map_err(|e| e.error).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}
