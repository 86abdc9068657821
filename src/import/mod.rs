//! Importing the configs teams already have (`fly.toml`, `render.yaml`, Compose
//! files, `vercel.json`) into a topology: the services, what each runs on, and
//! the warnings found on the way, each with its file, line and column.
//!
//! One module per format reads a located tree ([`tree`]) into [`Imported`];
//! [`combine`] joins several files into one [`Topology`] (one Fly app per
//! service, or a Vercel front end with a Fly back end); [`emit`] turns a topology
//! into a scenario file. Importers know file formats and nothing about prices.

pub mod caps;
pub mod compose;
pub mod detect;
pub mod emit;
pub mod expansion;
pub mod fly;
pub mod frontend;
pub mod interpolate;
pub mod origin;
pub mod render;
pub mod runtime;
pub mod tree;
pub mod units;
pub mod usage;
pub mod vercel;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::error::Diagnostic;
use crate::scenario::model::{CpuKind, Frontend, Gpu, Kind, Runtime};
pub use detect::detect;
pub use frontend::frontend_hint;
use tree::Pos;

/// A config format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// Fly.io app config (`fly.toml`).
    Fly,
    /// Render Blueprint (`render.yaml`).
    Render,
    /// Docker Compose file.
    Compose,
    /// Vercel project config (`vercel.json`).
    Vercel,
}

impl Format {
    /// The name used on the command line (`--kind`).
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Fly => "fly",
            Format::Render => "render",
            Format::Compose => "compose",
            Format::Vercel => "vercel",
        }
    }
    /// The platform's name for people.
    pub fn label(self) -> &'static str {
        match self {
            Format::Fly => "Fly.io",
            Format::Render => "Render",
            Format::Compose => "Docker Compose",
            Format::Vercel => "Vercel",
        }
    }
}

/// What a config says about one service. `None` means the file does not say.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImportedService {
    /// Name, unique within the topology.
    pub name: String,
    /// What it is.
    pub kind: Kind,
    /// Format of the file it comes from.
    pub format: Format,
    /// The file (its name only in serialised output).
    #[serde(serialize_with = "file_name")]
    pub file: PathBuf,
    /// Line where it is defined.
    pub line: usize,
    /// Where it is defined (line and column).
    #[serde(skip)]
    pub at: Pos,
    /// Where the file gives each value written to the scenario, by the scenario's
    /// key (`plan`, `size`, `instances`, `storage_gb`…): errors found in the
    /// scenario point back to these.
    #[serde(skip)]
    pub origins: BTreeMap<String, Pos>,
    /// How the file defines it, e.g. "process group `web`".
    pub origin: String,
    /// Container image, when named.
    pub image: Option<String>,
    /// Provider size: a Fly preset (`shared-cpu-1x-512mb`) or a Render instance type.
    pub size: Option<String>,
    /// CPUs per instance (as configured, or the size's).
    pub cpus: Option<f64>,
    /// Memory per instance, MB.
    pub memory_mb: Option<f64>,
    /// CPU class, when the file settles it (a Fly `cpu_kind`/size).
    pub cpu_kind: Option<CpuKind>,
    /// GPUs per instance.
    pub gpu: Option<Gpu>,
    /// A fixed instance count.
    pub instances: Option<u32>,
    /// Whether the file states the instance count (not a platform default).
    pub count_configured: bool,
    /// Deviations from the file, each with its rule: a platform default taken, a
    /// value ignored or read otherwise.
    pub assumed: Vec<String>,
    /// Fewest instances when autoscaled or auto-stopped.
    pub min_instances: Option<u32>,
    /// Most instances when autoscaled or auto-stopped.
    pub max_instances: Option<u32>,
    /// Stops when idle (Fly auto-stop).
    pub scale_to_zero: bool,
    /// Concurrency soft limit per instance.
    pub concurrency: Option<u32>,
    /// Concurrency hard limit per instance.
    pub hard_limit: Option<u32>,
    /// Takes traffic from outside (HTTP service, published ports).
    pub public: bool,
    /// Has a volume or disk.
    pub volume: bool,
    /// Volume or disk size per instance, GB, when the file says.
    pub volume_gb: Option<f64>,
    /// Cron schedule.
    pub schedule: Option<String>,
    /// Longest run, minutes (Vercel `maxDuration`).
    pub run_minutes: Option<f64>,
    /// Region as the file names it.
    pub region: Option<String>,
    /// Database or key-value plan.
    pub plan: Option<String>,
    /// Database disk, GB.
    pub storage_gb: Option<f64>,
    /// Database high availability (a standby).
    pub high_availability: bool,
    /// Services it depends on.
    pub depends_on: Vec<String>,
    /// Facts worth keeping that do not change cost (checks, statics, deploy strategy).
    pub notes: Vec<String>,
    /// The front-end framework its image, command, build or `vercel.json` names.
    pub frontend: Option<Frontend>,
    /// The language runtime the config names plainly (see `runtime`), else unknown.
    pub runtime: Option<Runtime>,
    /// Why the service holds long-lived connections, when the config says so plainly
    /// (a raw TCP/UDP port, a known real-time server image); `None`: unknown.
    pub long_lived: Option<String>,
    /// Longest a request or run may take, seconds, as configured (`maxDuration`).
    pub max_duration_s: Option<f64>,
    /// Why the service manages the host it runs on (it mounts the Docker socket),
    /// when the config says so: only a server of one's own can host it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub manages_host: Option<String>,
}

fn file_name<S: serde::Serializer>(p: &Path, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&p.file_name().map(|f| f.to_string_lossy().to_string()).unwrap_or_default())
}

impl ImportedService {
    /// A service with nothing known but its name, kind and origin.
    pub fn new(name: impl Into<String>, kind: Kind, format: Format, file: &Path, at: Pos, origin: impl Into<String>) -> Self {
        ImportedService {
            name: name.into(),
            kind,
            format,
            file: file.to_path_buf(),
            line: at.line,
            at,
            origins: BTreeMap::new(),
            origin: origin.into(),
            image: None,
            size: None,
            cpus: None,
            memory_mb: None,
            cpu_kind: None,
            gpu: None,
            instances: None,
            count_configured: false,
            assumed: Vec::new(),
            min_instances: None,
            max_instances: None,
            scale_to_zero: false,
            concurrency: None,
            hard_limit: None,
            public: false,
            volume: false,
            volume_gb: None,
            schedule: None,
            run_minutes: None,
            region: None,
            plan: None,
            storage_gb: None,
            high_availability: false,
            depends_on: Vec::new(),
            notes: Vec::new(),
            frontend: None,
            runtime: None,
            long_lived: None,
            max_duration_s: None,
            manages_host: None,
        }
    }
    /// Records where the file gives the value written as scenario key `key`.
    pub fn origin(&mut self, key: &str, at: Pos) {
        self.origins.insert(key.to_string(), at);
    }
    /// `file:line` of the definition.
    pub fn location(&self) -> String {
        format!("{}:{}", self.file.file_name().map(|f| f.to_string_lossy().to_string()).unwrap_or_default(), self.line)
    }
}

/// One imported file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Imported {
    /// The file.
    #[serde(serialize_with = "file_name")]
    pub path: PathBuf,
    /// Its format.
    pub format: Format,
    /// App or project name, when the file has one.
    pub app: Option<String>,
    /// Primary region as the file names it.
    pub region: Option<String>,
    /// Regions of Vercel functions.
    pub regions: Vec<String>,
    /// Services.
    pub services: Vec<ImportedService>,
    /// Things the file leaves out or does that a reader should know (not errors).
    pub notes: Vec<String>,
    /// Unknown keys, keys in the wrong place, values that were not understood.
    #[serde(skip)]
    pub warnings: Vec<Diagnostic>,
    /// Why the file cannot be priced, found after the whole file was read (every
    /// missing required Compose variable that settles cost): `warnings` then hold
    /// everything else the same reading pass found.
    #[serde(skip)]
    pub refused: Option<Diagnostic>,
}

impl Imported {
    /// An empty import of `path`.
    pub fn new(path: &Path, format: Format) -> Self {
        Imported {
            path: path.to_path_buf(),
            format,
            app: None,
            region: None,
            regions: Vec::new(),
            services: Vec::new(),
            notes: Vec::new(),
            warnings: Vec::new(),
            refused: None,
        }
    }
    /// Records a warning at a position.
    pub fn warn(&mut self, at: Pos, message: impl Into<String>) {
        self.warnings.push(tree::diag(&self.path, at, message));
    }
    /// Records a warning with a hint.
    pub fn warn_help(&mut self, at: Pos, message: impl Into<String>, help: impl Into<String>) {
        self.warnings.push(tree::diag(&self.path, at, message).with_help(help));
    }
    /// Warns about every key of `node` not in `known`.
    pub fn unknown_keys(&mut self, node: &tree::Node, known: &[&str], context: &str) {
        for e in node.entries() {
            if !known.contains(&e.key.as_str()) && !e.key.starts_with("x-") {
                self.warn(e.at, format!("unknown key `{}` in {context}; ignored", e.key));
            }
        }
    }
}

/// Settings of an import.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The format, when forced (`--kind`); else from the file name, then the content.
    pub kind: Option<Format>,
    /// Variables for `${VAR}` interpolation in Compose files.
    pub env: BTreeMap<String, String>,
    /// Compose profiles enabled (`--profile`); when empty, `COMPOSE_PROFILES` in `env`.
    pub profiles: Vec<String>,
}

/// Several files read as one application.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Topology {
    /// Application name (the first file's app, else its folder or file stem).
    pub name: String,
    /// The platform the files deploy to as written.
    pub platform: Format,
    /// The files.
    pub files: Vec<Imported>,
    /// All services, names unique.
    pub services: Vec<ImportedService>,
}

impl Topology {
    /// Every warning of every file.
    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.files.iter().flat_map(|f| f.warnings.iter())
    }
    /// The formats present.
    pub fn has(&self, f: Format) -> bool {
        self.files.iter().any(|x| x.format == f)
    }
}

/// Reads and imports one file.
pub fn import_file(path: &Path, options: &Options) -> Result<Imported, Diagnostic> {
    let text = crate::limits::read_text(path, "the config")?;
    import_text(path, &text, options)
}

/// Imports a config from its text; `path` names it in messages and tells its format.
/// A file refused after a whole reading pass ([`Imported::refused`]) is an error.
pub fn import_text(path: &Path, text: &str, options: &Options) -> Result<Imported, Diagnostic> {
    let mut imported = read_text(path, text, options)?;
    match imported.refused.take() {
        Some(d) => Err(d),
        None => Ok(imported),
    }
}

/// Reads one file as [`read_text`] does.
pub fn read_file(path: &Path, options: &Options) -> Result<Imported, Diagnostic> {
    let text = crate::limits::read_text(path, "the config")?;
    read_text(path, &text, options)
}

/// Imports a config from its text, keeping in [`Imported::refused`] the error found
/// after a whole reading pass, beside the warnings of that pass; an error that stops
/// the reading is returned.
pub fn read_text(path: &Path, text: &str, options: &Options) -> Result<Imported, Diagnostic> {
    crate::limits::check_text_size(path, text.len())?;
    if options.kind.is_none()
        && let Some(what) = detect::not_a_config(path, text)
    {
        return Err(Diagnostic::at(path, text, 0, format!("this is {what}, not a deployment config")).with_help(
            "hostcast reads fly.toml, render.yaml, docker-compose.yml (compose.yaml), vercel.json and hostcast scenarios; name the deployment config, or pass `--kind` if this is one",
        ));
    }
    let format = match options.kind.or_else(|| detect(path, text)) {
        Some(f) => f,
        None => {
            return Err(
                Diagnostic::file(path, "cannot tell what kind of config this is from its name or content").with_help("pass `--kind fly|render|compose|vercel`")
            );
        }
    };
    let mut warnings = Vec::new();
    let root = match format {
        Format::Fly => tree::parse_toml(path, text, &mut warnings)?,
        Format::Vercel => tree::parse_yaml(path, text, &mut warnings).map_err(|mut d| {
            if d.message.starts_with("invalid YAML") {
                d.message = d.message.replace("invalid YAML", "invalid JSON");
                d.help = Some("fix the file so that a JSON parser accepts it".into());
            }
            d
        })?,
        _ => tree::parse_yaml(path, text, &mut warnings)?,
    };
    if root.is_map() && root.entries().is_empty() {
        return Err(tree::diag(path, Pos { line: 1, col: 1 }, format!("the file has no settings: nothing to price as a {} config", format.label()))
            .with_help(format!("a {} config names at least one service; check that this is the right file", format.label())));
    }
    if !root.is_map() {
        return Err(tree::diag(path, root.at, format!("the file holds {}, not a {} config", root.type_name(), format.label()))
            .with_help(format!("a {} config is a mapping of keys at the top level", format.label())));
    }
    caps::check(path, format, &root)?;
    let mut imported = match format {
        Format::Fly => fly::import(path, &root)?,
        Format::Render => render::import(path, &root)?,
        Format::Compose => compose::import(path, root, options)?,
        Format::Vercel => vercel::import(path, &root)?,
    };
    warnings.append(&mut imported.warnings);
    imported.warnings = warnings;
    frontend::back_ends_as_api(&mut imported);
    Ok(imported)
}

/// Imports several files as one application.
pub fn import_files(paths: &[PathBuf], options: &Options) -> Result<Topology, Diagnostic> {
    let files = paths.iter().map(|p| import_file(p, options)).collect::<Result<Vec<_>, _>>()?;
    combine(files)
}

/// Joins imported files into one topology: service names made unique (prefixed
/// with the app name on a clash), a Vercel front end's external origin matched
/// with the Fly back end, and the platform the files deploy to as written.
pub fn combine(files: Vec<Imported>) -> Result<Topology, Diagnostic> {
    let Some(first) = files.first() else {
        return Err(Diagnostic::file(Path::new("."), "no config file given").with_help("name at least one fly.toml, render.yaml, Compose file or vercel.json"));
    };
    let platform = if files.iter().any(|f| f.format == Format::Vercel) { Format::Vercel } else { first.format };
    let name = first.app.clone().unwrap_or_else(|| app_name_from_path(&first.path));
    let has_backend = files.iter().any(|f| f.format != Format::Vercel && !f.services.is_empty());
    let mut services: Vec<ImportedService> = Vec::new();
    let mut taken: std::collections::HashSet<String> = std::collections::HashSet::new();
    for f in &files {
        for s in &f.services {
            let mut s = s.clone();
            if f.format == Format::Vercel && s.origin.starts_with("rewrite") && has_backend {
                continue; // the external origin is the back end given alongside
            }
            if platform == Format::Vercel && f.format != Format::Vercel && s.kind == Kind::Web {
                s.kind = Kind::Api; // behind a Vercel front end, an HTTP app is the API
            }
            if taken.contains(&s.name) {
                let prefix = f.app.clone().unwrap_or_else(|| app_name_from_path(&f.path));
                s.name = format!("{prefix}-{}", s.name);
            }
            let base = s.name.clone();
            let mut n = 2;
            while taken.contains(&s.name) {
                s.name = format!("{base}-{n}");
                n += 1;
            }
            taken.insert(s.name.clone());
            services.push(s);
        }
    }
    if services.is_empty() {
        let what: Vec<String> = files.iter().map(|f| f.path.display().to_string()).collect();
        return Err(tree::diag(&first.path, Pos { line: 1, col: 1 }, "no service to price in the config")
            .with_help(format!("files read: {}; a config needs at least one service (process, web service, container or function)", what.join(", "))));
    }
    Ok(Topology { name, platform, files, services })
}

/// A name for an app from its file: the folder it sits in, else the file stem.
pub fn app_name_from_path(path: &Path) -> String {
    let generic = ["fly", "render", "docker-compose", "compose", "vercel", "docker-stack"];
    let is_generic = |s: &str| generic.iter().any(|g| s == *g || s.starts_with(&format!("{g}.")) || s.starts_with(&format!("{g}_")));
    let full = path.file_stem().map(|s| s.to_string_lossy().to_string()).unwrap_or_else(|| "app".into());
    // `owner__repo__dir__fly.production` (a flattened path): the part before the generic name
    let parts: Vec<&str> = full.split("__").filter(|p| !p.is_empty()).collect();
    let stem = match parts.as_slice() {
        [.., before, last] if is_generic(last) => before.to_string(),
        [.., last] => last.to_string(),
        [] => full.clone(),
    };
    if is_generic(&stem)
        && let Some(dir) = path.parent().and_then(|d| d.file_name())
    {
        let d = dir.to_string_lossy().to_string();
        if !d.is_empty() && d != "." {
            return d;
        }
    }
    stem
}

/// Classifies a service by its image or name: data stores, proxies; `None` when
/// neither says.
pub fn classify(image_or_name: &str) -> Option<(Kind, &'static str)> {
    let s = image_or_name.to_lowercase();
    // the repository part of an image reference: `docker.io/library/postgres:16` → `postgres`
    let repo = s.split('@').next().unwrap_or(&s);
    let repo = repo.rsplit('/').next().unwrap_or(repo);
    let repo = repo.split(':').next().unwrap_or(repo);
    let has = |words: &[&str]| words.iter().any(|w| repo.contains(w));
    if has(&["postgres", "pgvector", "postgis", "timescale", "pg_", "vectorchord", "supabase/postgres", "pgbouncer"])
        || repo == "pg"
        || repo.starts_with("pg-")
        || repo.ends_with("-pg")
    {
        return Some((Kind::Postgres, "PostgreSQL"));
    }
    if has(&["mysql", "mariadb", "percona"]) {
        return Some((Kind::Postgres, "MySQL-compatible database, modelled as a relational database"));
    }
    if has(&["redis", "valkey", "keydb", "dragonfly", "memcached"]) {
        return Some((Kind::Redis, "Redis-compatible key-value store"));
    }
    if has(&["minio", "seaweedfs", "garage", "localstack"]) {
        return Some((Kind::ObjectStorage, "S3-compatible object storage"));
    }
    if has(&["nginx", "traefik", "caddy", "haproxy", "envoy", "openresty"]) || repo.ends_with("-proxy") {
        return Some((Kind::Proxy, "reverse proxy"));
    }
    None
}

#[cfg(test)]
mod tests;
