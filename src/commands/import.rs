//! `hostcast import`: read deployment configs, write a scenario (atomically, to a
//! file, or to standard output) that loads and compares as it is.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::cli::{ConfigArgs, ConfigKind, ImportArgs};
use crate::error::Exit;
use crate::import::emit::{self, Emitted, Known};
use crate::import::{self, Format, Options, Topology, interpolate};
use crate::pricing::Prices;
use crate::scenario::Scenario;

/// Runs `import`, writing the scenario to `-o FILE` or to `out`; warnings go to
/// standard error. With `--usage FILE` the usage file's numbers replace the assumed
/// ones; with `--write-usage FILE` the scenario's numbers are written there. A
/// single hostcast scenario given in place of configs is not imported: with
/// `--write-usage` its numbers are written out.
pub fn run(args: &ImportArgs, out: &mut dyn Write) -> Result<()> {
    if let Some(scenario) = given_scenario(&args.config.files) {
        return from_scenario(args, &scenario);
    }
    for path in args.output.iter().chain(&args.write_usage) {
        refuse_overwrite(path, args.force)?;
    }
    let prices = super::load_prices(&args.prices)?;
    let (top, mut emitted) = load(&args.config, &prices)?;
    for w in top.warnings() {
        super::input::warn(w);
    }
    if args.strict {
        strict(&top)?;
    }
    let target = args.output.clone().unwrap_or_else(|| Path::new("imported.toml").to_path_buf());
    let mut scenario = check(&target, &emitted)?;
    if let Some(usage_path) = &args.usage {
        (scenario, emitted.text) = with_usage(usage_path, &target, &scenario, &emitted.text)?;
    }
    if let Some(path) = &args.write_usage {
        write_atomically(path, &crate::import::usage::write(&scenario))?;
        super::input::note(format!("wrote {}", path.display()));
    }
    match &args.output {
        Some(path) => {
            write_atomically(path, &emitted.text)?;
            super::input::note(format!("wrote {} ({} services, option `{}`)", path.display(), top.services.len(), emitted.option));
        }
        None => out.write_all(emitted.text.as_bytes())?,
    }
    Ok(())
}

/// The first file given that is a hostcast scenario rather than a deployment config.
fn given_scenario(files: &[PathBuf]) -> Option<PathBuf> {
    files.iter().find(|f| !super::input::is_stdin(f) && super::sides::is_scenario(f).unwrap_or(false)).cloned()
}

/// A scenario given in place of configs: with `--write-usage` (and nothing else
/// given), its usage file is written; otherwise a usage error (exit 2).
fn from_scenario(args: &ImportArgs, path: &Path) -> Result<()> {
    match (&args.write_usage, args.config.files.len()) {
        (Some(usage_out), 1) => {
            let scenario = super::input::scenario(path)?;
            refuse_overwrite(usage_out, args.force)?;
            write_atomically(usage_out, &crate::import::usage::write(&scenario))?;
            super::input::note(format!("wrote {} from {}", usage_out.display(), path.display()));
            Ok(())
        }
        _ => Err(Exit::usage(format!(
            "{} is a hostcast scenario, not a deployment config: import reads fly.toml, render.yaml, Compose files and vercel.json \
             (to write a usage file from the scenario: `hostcast import {} --write-usage FILE`)",
            path.display(),
            path.display()
        ))
        .into()),
    }
}

/// The imported scenario with the numbers of the usage file at `usage_path` laid
/// over it, and its text; a service the configs no longer have is a warning.
fn with_usage(usage_path: &Path, target: &Path, scenario: &Scenario, text: &str) -> Result<(Scenario, String)> {
    let (shown, usage_text) = super::input::read(usage_path, "usage file")?;
    let usage = crate::import::usage::parse(&shown, &usage_text)?;
    let names: Vec<String> = scenario.file.services.iter().map(|s| s.name.clone()).collect();
    let (merged, unknown) = crate::import::usage::apply(text, &names, &usage);
    for n in unknown {
        super::input::warn(format!("{}: service `{n}` is not in the configs any more; its numbers are not used", shown.display()));
    }
    // a value the scenario refuses is shown at its line in the usage file, not in the
    // scenario being written
    let scenario = Scenario::parse(target, merged.clone()).map_err(|d| in_usage_file(d, &merged, &shown, &usage_text, &usage))?;
    Ok((scenario, merged))
}

/// An error of the scenario written with a usage file's numbers (`merged`), moved to
/// the usage file: at the value it came from (a line marked `# usage file`), else at
/// the top of the usage file.
fn in_usage_file(d: crate::error::Diagnostic, merged: &str, shown: &Path, usage_text: &str, usage: &crate::import::usage::Usage) -> anyhow::Error {
    let help = "fix the value in the usage file";
    let lines: Vec<&str> = merged.lines().collect();
    let from_usage = d.line.and_then(|l| lines.get(l.wrapping_sub(1)).map(|t| (l - 1, *t))).filter(|(_, t)| t.ends_with("# usage file"));
    let keys = from_usage.and_then(|(i, t)| {
        let key = t.split('=').next()?.trim();
        // the table the line is in, and its `name`
        let header = lines[..i].iter().rposition(|h| h.trim_start().starts_with('['))?;
        let name = lines[header + 1..i].iter().find_map(|n| {
            let (k, v) = n.split_once('=')?;
            (k.trim() == "name").then(|| format!("v = {}", v.trim()).parse::<toml::Table>().ok()?.get("v")?.as_str().map(str::to_string))?
        })?;
        match lines[header].trim() {
            "[[stage]]" => Some(vec!["stage".to_string(), usage.stages.iter().position(|s| s.name == name)?.to_string(), key.to_string()]),
            "[[service]]" => Some(vec!["service".to_string(), name, key.to_string()]),
            _ => None,
        }
    });
    match keys {
        Some(keys) => {
            crate::pricing::validate::locate(shown, usage_text, &crate::pricing::validate::Problem { keys, message: d.message }).with_help(help).into()
        }
        None => crate::error::Diagnostic::at(shown, usage_text, 0, format!("the scenario with this usage file's numbers does not load: {}", d.message))
            .with_help(help)
            .into(),
    }
}

/// A usage error (exit 2) when `path` exists and `--force` was not given.
fn refuse_overwrite(path: &Path, force: bool) -> Result<()> {
    if !force && path.exists() {
        return Err(Exit::usage(format!(
            "{} exists: pass `--force` to overwrite it (keep your edited numbers with `--write-usage FILE` first, then re-import with `--usage FILE`)",
            path.display()
        ))
        .into());
    }
    Ok(())
}

/// Reads the configs of `args` as one application and writes its scenario; `-`
/// reads one config from standard input.
pub fn load(args: &ConfigArgs, prices: &Prices) -> Result<(Topology, Emitted)> {
    let mut env = match &args.env_file {
        Some(p) => {
            let (shown, text) = super::input::read(p, "env file")?;
            interpolate::read_env_file(&shown, &text)?
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
    let options = Options { kind, env, profiles: args.profile.clone() };
    let mut files = Vec::new();
    for f in &args.files {
        if super::input::is_stdin(f) {
            let text = super::input::stdin_text()?;
            let path = Path::new(super::input::STDIN);
            let kind = options.kind.or_else(|| stdin_kind(&text));
            files.push(import::read_text(path, &text, &Options { kind, ..options.clone() })?);
        } else {
            files.push(import::read_file(f, &options)?);
        }
    }
    refused(&files)?;
    let top = import::combine(files)?;
    name_lengths(&top)?;
    let emitted = emit::scenario(&top, &Known::from_prices(prices));
    Ok((top, emitted))
}

/// The first file refused after its whole reading pass, as an error, once every
/// warning of every file is printed: all a run finds is reported at once.
fn refused(files: &[import::Imported]) -> Result<(), crate::error::Diagnostic> {
    let Some(refusal) = files.iter().find_map(|f| f.refused.clone()) else { return Ok(()) };
    for w in files.iter().flat_map(|f| &f.warnings) {
        super::input::warn(w);
    }
    Err(refusal)
}

/// The names the configs give within [`crate::limits::MAX_NAME_CHARS`]: a service's
/// (with the app prefix a clash adds) at its definition, the app's where its file
/// gives it (at `FILE:1:1` for standard input or a name taken from the path).
fn name_lengths(top: &Topology) -> Result<(), crate::error::Diagnostic> {
    use crate::limits::{long_name, name_too_long};
    if let Some(s) = top.services.iter().find(|s| name_too_long(&s.name)) {
        let mut d = long_name(&s.file, "", 0, "the service name", &s.name);
        (d.line, d.column) = (Some(s.at.line), Some(s.at.col));
        return Err(d);
    }
    if name_too_long(&top.name) {
        let file = top.files.first().map(|f| f.path.clone()).unwrap_or_default();
        let text = if super::input::is_stdin(&file) { String::new() } else { crate::limits::read_text(&file, "the config").unwrap_or_default() };
        return Err(long_name(&file, &text, text.find(&top.name).unwrap_or(0), "the app name", &top.name));
    }
    Ok(())
}

/// The format of a config read from standard input, told from its content: JSON is
/// a vercel.json, a TOML table a fly.toml, YAML a Compose file or render.yaml.
fn stdin_kind(text: &str) -> Option<Format> {
    import::detect(Path::new(super::input::STDIN), text).or_else(|| text.parse::<toml::Table>().ok().map(|_| Format::Fly))
}

/// With `--strict`: an error (exit 1) when the configs have any import warning.
pub fn strict(top: &Topology) -> Result<()> {
    let n = top.warnings().count();
    if n > 0 {
        anyhow::bail!("--strict: the configs have {n} import warning(s) (listed above); fix them or drop `--strict`");
    }
    Ok(())
}

/// An error of the scenario `generated` written from `top`, moved to the config
/// line its value came from (any other error as it is).
pub fn relocate(e: anyhow::Error, generated: &Path, emitted: &Emitted, top: &Topology) -> anyhow::Error {
    let moved = e.downcast_ref::<crate::error::Diagnostic>().and_then(|d| import::origin::relocate(d, generated, &emitted.text, top));
    match moved {
        Some(d) => d.into(),
        None => e,
    }
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
