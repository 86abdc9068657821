//! What each platform can host: the rule table of `data/hosting.toml` and the
//! checks that read it.
//!
//! The rules are data (each with its vendor source and date); this module only
//! reads them strictly and answers "can this platform run this service, and if
//! not, why". A service a platform cannot run gets a blocking
//! [`FindingKind::CannotHost`](crate::findings::FindingKind::CannotHost) finding
//! from the engine that asked, and the option is not available for the app.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::error::Diagnostic;
use crate::scenario::model::{Kind, Service};

/// The rule table, embedded at build time.
pub const RULES_TOML: &str = include_str!("../../data/hosting.toml");

/// Where a rule comes from.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// A page a reader can open.
    pub url: String,
    /// Date of the page read, or `undated`.
    pub date: String,
    /// What the page is and says.
    pub title: String,
}

/// One size of a Vercel function (memory and CPU go together).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VercelSize {
    /// Name as Vercel's dashboard gives it (`standard`, `performance`).
    pub name: String,
    /// Memory of an instance, MB.
    pub memory_mb: f64,
    /// vCPUs of an instance.
    pub vcpus: f64,
    /// Vercel plans that may choose this size.
    pub plans: Vec<String>,
}

/// What Vercel Functions can run.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VercelRules {
    /// Source of the limits.
    pub source: String,
    /// Service kinds a function can serve.
    pub kinds: Vec<Kind>,
    /// Runtimes Vercel builds functions for (as named in scenario files).
    pub runtimes: Vec<String>,
    /// Source of the runtime list.
    pub runtimes_source: String,
    /// Longest a function may run, seconds, by Vercel plan.
    pub max_duration_s: BTreeMap<String, f64>,
    /// Whether a function can hold a long-lived connection (a websocket).
    pub long_lived_connections: bool,
    /// Source of the connection rule.
    pub long_lived_source: String,
    /// Function sizes, smallest first (the first is Vercel's default).
    pub sizes: Vec<VercelSize>,
    /// Source of the sizes.
    pub sizes_source: String,
    /// Whether a function can have a persistent volume.
    pub volumes: bool,
    /// Whether a function can have a GPU.
    pub gpu: bool,
    /// Most runs per day of one cron job, by Vercel plan.
    pub cron_runs_per_day_max: BTreeMap<String, f64>,
    /// Source of the cron rules.
    pub cron_source: String,
}

/// What a Fly Machine's storage allows.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FlyRules {
    /// Source of the rules.
    pub source: String,
    /// Largest volume, GB.
    pub max_volume_gb: f64,
    /// Volumes one machine can mount.
    pub volumes_per_machine: u32,
}

/// What a Render disk allows.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RenderRules {
    /// Source of the rule.
    pub source: String,
    /// Instances a service with a disk can run.
    pub disk_max_instances: u32,
    /// Largest persistent disk, GB, when Render publishes one.
    #[serde(default)]
    pub disk_max_gb: Option<f64>,
}

/// What a VPS provider's block volumes allow.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VolumeRules {
    /// Source of the rule.
    pub source: String,
    /// Largest volume, GB.
    pub max_volume_gb: f64,
}

/// The whole rule table.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    /// Format version.
    pub schema: u32,
    /// Sources by id.
    pub sources: BTreeMap<String, Source>,
    /// Vercel Functions.
    pub vercel: VercelRules,
    /// Fly Machines.
    pub fly: FlyRules,
    /// Render services.
    pub render: RenderRules,
    /// Block volumes by VPS provider (the price book's provider id).
    #[serde(default)]
    pub volumes: BTreeMap<String, VolumeRules>,
}

/// Reads a rule table strictly: unknown keys, missing rules and uncited sources are errors.
pub fn parse(text: &str) -> Result<Rules, Diagnostic> {
    let path = Path::new("data/hosting.toml");
    let rules: Rules = toml::from_str(text).map_err(|e| Diagnostic::from_toml(path, text, &e))?;
    if let Some((p, v)) = rules.volumes.iter().find(|(_, v)| !rules.sources.contains_key(&v.source)) {
        return Err(Diagnostic::file(path, format!("`[volumes.{p}]` cites source `{}`, which `[sources]` does not define", v.source)));
    }
    let cited = [
        &rules.vercel.source,
        &rules.vercel.runtimes_source,
        &rules.vercel.long_lived_source,
        &rules.vercel.cron_source,
        &rules.vercel.sizes_source,
        &rules.fly.source,
        &rules.render.source,
    ];
    if let Some(missing) = cited.iter().find(|id| !rules.sources.contains_key(id.as_str())) {
        return Err(Diagnostic::file(path, format!("a rule cites source `{missing}`, which `[sources]` does not define")));
    }
    for plan in ["hobby", "pro"] {
        if !rules.vercel.max_duration_s.contains_key(plan) || !rules.vercel.cron_runs_per_day_max.contains_key(plan) {
            return Err(Diagnostic::file(path, format!("`[vercel]` needs `max_duration_s.{plan}` and `cron_runs_per_day_max.{plan}`")));
        }
    }
    if rules.vercel.sizes.is_empty() || rules.vercel.sizes.windows(2).any(|w| w[1].memory_mb <= w[0].memory_mb) {
        return Err(Diagnostic::file(path, "`[vercel].sizes` needs at least one size, smallest memory first"));
    }
    Ok(rules)
}

/// The embedded rule table, read once.
pub fn rules() -> Result<&'static Rules, Diagnostic> {
    static RULES: OnceLock<Result<Rules, Diagnostic>> = OnceLock::new();
    RULES.get_or_init(|| parse(RULES_TOML)).as_ref().map_err(Clone::clone)
}

impl Rules {
    /// `url (date)` of a source, for a message.
    pub fn cite(&self, id: &str) -> String {
        self.sources.get(id).map(|s| format!("{} ({})", s.url, s.date)).unwrap_or_else(|| id.to_string())
    }

    /// Longest a Vercel function may run on `plan`, seconds (Pro's when the plan is not listed).
    pub fn vercel_max_duration(&self, plan: &str) -> f64 {
        let v = &self.vercel.max_duration_s;
        v.get(plan).or_else(|| v.get("pro")).copied().unwrap_or(0.0)
    }

    /// Why Vercel Functions on `plan` cannot host `service` (with `volume_gb` of
    /// volume), or `None` when they can.
    pub fn vercel_refusal(&self, service: &Service, plan: &str, volume_gb: f64) -> Option<String> {
        let v = &self.vercel;
        let name = &service.name;
        let why = if !v.kinds.contains(&service.kind) {
            format!("`{name}` is a `{}` service, an always-on process; Vercel Functions only answer requests and cron invocations", service.kind.as_str())
        } else if service.long_lived_connections && !v.long_lived_connections {
            format!("`{name}` holds long-lived connections (websockets); Vercel Functions cannot keep a connection open ({})", self.cite(&v.long_lived_source))
        } else if let Some(mb) = service.memory_mb.filter(|mb| self.vercel_size(Some(*mb)).is_none()) {
            let largest = v.sizes.last().map(|s| s.memory_mb).unwrap_or(0.0);
            format!("`{name}` is configured with {mb:.0} MB per instance; the largest Vercel function has {largest:.0} MB ({})", self.cite(&v.sizes_source))
        } else if volume_gb > 0.0 && !v.volumes {
            format!("`{name}` needs a {volume_gb} GB volume; Vercel Functions have no persistent volumes")
        } else if let Some(r) = service.runtime.filter(|r| !v.runtimes.iter().any(|x| x == r.as_str())) {
            format!("`{name}` runs on `{}`, a runtime Vercel Functions do not support ({})", r.as_str(), self.cite(&v.runtimes_source))
        } else if let Some(d) = self.longest_run_s(service).filter(|d| *d > self.vercel_max_duration(plan)) {
            format!("`{name}` needs up to {d:.0} s per run; a Vercel function on `{plan}` stops after {:.0} s", self.vercel_max_duration(plan))
        } else {
            return None;
        };
        Some(format!("Vercel cannot host this: {why} ({})", self.cite(&v.source)))
    }

    /// The Vercel function size a service with `memory_mb` configured runs at: the
    /// smallest that holds it, or the default (the first) when nothing is
    /// configured; `None` when no size holds it.
    pub fn vercel_size(&self, memory_mb: Option<f64>) -> Option<&VercelSize> {
        let sizes = &self.vercel.sizes;
        match memory_mb {
            None => sizes.first(),
            Some(mb) => sizes.iter().find(|s| s.memory_mb + 1e-6 >= mb),
        }
    }

    /// The longest a request or run of `service` takes, seconds, if known.
    pub fn longest_run_s(&self, service: &Service) -> Option<f64> {
        let run = if service.kind == Kind::Cron && service.run_minutes > 0.0 { Some(service.run_minutes * 60.0) } else { None };
        match (service.max_duration_s, run) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        }
    }

    /// Why a Render persistent disk of `disk_gb` cannot be made, or `None` when it
    /// can (or Render publishes no maximum).
    pub fn render_disk_refusal(&self, service: &str, disk_gb: f64) -> Option<String> {
        let max = self.render.disk_max_gb?;
        (disk_gb > max).then(|| {
            format!(
                "Render cannot host this: `{service}` needs a {disk_gb} GB disk, and a Render persistent disk holds at most {max} GB ({})",
                self.cite(&self.render.source)
            )
        })
    }

    /// Why a block volume of `volume_gb` on VPS provider `provider` cannot be made,
    /// or `None` when it can (or the table has no rule for the provider).
    pub fn vps_volume_refusal(&self, provider: &str, service: &str, volume_gb: f64) -> Option<String> {
        let rule = self.volumes.get(provider)?;
        (volume_gb > rule.max_volume_gb).then(|| {
            format!(
                "{provider} cannot host this: `{service}` needs {volume_gb:.0} GB on one volume, and a {provider} volume holds at most {} GB ({})",
                rule.max_volume_gb,
                self.cite(&rule.source)
            )
        })
    }

    /// Why a Fly volume of `volume_gb` cannot be made, or `None` when it can.
    pub fn fly_volume_refusal(&self, service: &str, volume_gb: f64) -> Option<String> {
        (volume_gb > self.fly.max_volume_gb).then(|| {
            format!(
                "Fly cannot host this: `{service}` needs a {volume_gb} GB volume, and a Fly volume holds at most {} GB, one volume per machine ({})",
                self.fly.max_volume_gb,
                self.cite(&self.fly.source)
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_table_parses_and_cites_its_sources() {
        let r = rules().map_err(|d| d.to_string());
        assert!(r.is_ok(), "{r:?}");
        if let Ok(r) = r {
            assert_eq!(r.fly.max_volume_gb, 500.0);
            assert_eq!(r.vercel_max_duration("hobby"), 300.0);
            assert!(r.cite(&r.fly.source).starts_with("https://fly.io/docs/volumes"));
        }
    }

    fn service(extra: &str) -> Option<Service> {
        let text = format!("name = \"s\"\nkind = \"web\"\nfrontend = \"nextjs\"\n{extra}");
        toml::from_str(&text).ok()
    }

    #[test]
    fn vercel_refuses_what_functions_cannot_run() {
        let r = rules().unwrap_or_else(|e| panic!("{e}"));
        assert!(service("").is_some(), "the test service parses");
        let why = |extra: &str, plan: &str| service(extra).and_then(|s| r.vercel_refusal(&s, plan, s.volume_gb));
        assert_eq!(why("", "pro"), None);
        assert!(why("long_lived_connections = true", "pro").is_some_and(|w| w.contains("websockets")));
        assert!(why("runtime = \"elixir\"", "pro").is_some_and(|w| w.contains("`elixir`")));
        assert_eq!(why("runtime = \"python\"", "pro"), None);
        // 600 s fits Pro's 800 s, not Hobby's 300 s
        assert_eq!(why("max_duration_s = 600", "pro"), None);
        assert!(why("max_duration_s = 600", "hobby").is_some_and(|w| w.contains("300 s")));
        assert!(why("volume_gb = 5", "pro").is_some_and(|w| w.contains("5 GB volume")));
        let worker = service("").map(|mut s| {
            s.kind = Kind::Worker;
            s
        });
        assert!(worker.and_then(|s| r.vercel_refusal(&s, "pro", 0.0)).is_some_and(|w| w.contains("always-on")));
    }

    #[test]
    fn a_function_runs_at_the_smallest_vercel_size_holding_its_memory() {
        let r = rules().unwrap_or_else(|e| panic!("{e}"));
        let size = |mb: Option<f64>| r.vercel_size(mb).map(|s| (s.name.as_str(), s.memory_mb, s.vcpus));
        // nothing configured: Standard, Vercel's default (2 GB, 1 vCPU)
        assert_eq!(size(None), Some(("standard", 2048.0, 1.0)));
        assert_eq!(size(Some(1024.0)), Some(("standard", 2048.0, 1.0)));
        assert_eq!(size(Some(2048.0)), Some(("standard", 2048.0, 1.0)));
        // 3 GB needs Performance (4 GB, 2 vCPUs); 8 GB fits no Vercel function
        assert_eq!(size(Some(3072.0)), Some(("performance", 4096.0, 2.0)));
        assert_eq!(size(Some(8192.0)), None);
        assert!(service("memory_mb = 8192").and_then(|s| r.vercel_refusal(&s, "pro", 0.0)).is_some_and(|w| w.contains("4096 MB")));
        assert_eq!(service("memory_mb = 4096").and_then(|s| r.vercel_refusal(&s, "pro", 0.0)), None);
    }

    #[test]
    fn vps_volumes_stop_at_their_published_maximum() {
        let r = rules().unwrap_or_else(|e| panic!("{e}"));
        // Hetzner: 10 TB = 10,240 GB; DigitalOcean: 16 TiB = 16,384 GiB
        assert_eq!(r.vps_volume_refusal("hetzner", "s", 10_240.0), None);
        assert!(r.vps_volume_refusal("hetzner", "s", 10_241.0).is_some_and(|w| w.contains("at most 10240 GB")));
        assert_eq!(r.vps_volume_refusal("digitalocean", "s", 16_384.0), None);
        assert!(r.vps_volume_refusal("digitalocean", "s", 20_000.0).is_some_and(|w| w.contains("at most 16384 GB")));
        // a Render disk maximum, when the table gives one
        let mut with_max = r.clone();
        with_max.render.disk_max_gb = Some(1000.0);
        assert!(with_max.render_disk_refusal("s", 1500.0).is_some_and(|w| w.contains("at most 1000 GB")));
        assert_eq!(r.render_disk_refusal("s", 1500.0), None);
    }

    #[test]
    fn unknown_keys_and_missing_sources_are_errors() {
        let typo = RULES_TOML.replace("max_volume_gb = 500", "max_volume = 500");
        assert!(parse(&typo).is_err());
        let uncited = RULES_TOML.replace("source = \"FLY-VOL\"", "source = \"NOPE\"");
        assert!(parse(&uncited).is_err());
    }
}
