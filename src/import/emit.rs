//! A topology → a scenario file (TOML text), ready to edit and `compare`.
//!
//! The scenario holds the imported services with a workload the configs do not
//! give (traffic, CPU per request, response sizes: stated defaults), three
//! default load stages, one option pinned as the files configure it ("As
//! configured on Fly.io") and the other platforms' options left for hostcast to
//! size. Every default taken is listed in [`Emitted::assumptions`], saying how to
//! change it. The caller passes the regions its price books know ([`Known`]), so
//! nothing here knows a price.

mod service;

use std::fmt::Write as _;

use service::Groups;

use super::{Format, ImportedService, Topology};
pub use crate::platforms::Known;
use crate::scenario::model::Kind;

/// A scenario written from a topology.
#[derive(Debug, Clone, PartialEq)]
pub struct Emitted {
    /// The scenario file's text.
    pub text: String,
    /// Name of the option pinned as configured.
    pub option: String,
    /// Defaults taken where the files do not say, each with how to change it.
    pub assumptions: Vec<String>,
}

/// A default load stage: name, users, daily active share, high availability.
pub const STAGES: [(&str, u32, f64, bool); 3] = [("MVP", 1_000, 0.2, false), ("Growth", 20_000, 0.15, false), ("Enterprise", 200_000, 0.1, true)];
/// Peak-hour traffic over the daily average in the default stages.
pub const PEAK_TO_AVERAGE: f64 = 2.5;
/// Minutes a scheduled job runs when the file does not say.
pub const CRON_MINUTES: f64 = 5.0;
/// Volume size of a Compose named volume or Render disk the file does not size, GB.
pub const VOLUME_GB: f64 = 10.0;
/// Largest count written (the scenario format's limit).
const MAX_COUNT: u32 = 100_000;

/// The option names of the platforms.
fn platform_option(f: Format) -> (&'static str, &'static str) {
    match f {
        Format::Fly => ("Fly.io", "fly"),
        Format::Render => ("Render", "render"),
        Format::Vercel => ("Vercel + Fly.io", "vercel_fly"),
        Format::Compose => ("Compose on Hetzner", "compose"),
    }
}

/// The team's time to run each kind of deployment, as hostcast's stated defaults:
/// the files say nothing of it, so every option carries the same basis.
fn team_time(t: &mut String, a: &mut Vec<String>) {
    let d = crate::scenario::model::TeamTime::default();
    t.push_str("# The team's own time to run each deployment: its own part of the bill, beside the\n");
    t.push_str("# cash bill. The configs say nothing of it: these are hostcast's planning defaults.\n");
    t.push_str("[team_time]\n");
    let _ = writeln!(t, "# assumed: ${} an hour, a typical contractor rate.", d.hourly_rate_usd);
    let _ = writeln!(t, "hourly_rate_usd = {}", d.hourly_rate_usd);
    t.push_str("# assumed: on a PaaS (Fly.io, Render, Vercel + Fly): deploy pipeline and dependency upkeep, alert triage.\n");
    let _ = writeln!(t, "paas_hours_per_month = {}", d.paas_hours_per_month);
    t.push_str("# assumed: Compose on one VPS node: OS and Docker patching, image updates, backups and a restore test,\n");
    t.push_str("# monitoring upkeep, an on-call share.\n");
    let _ = writeln!(t, "vps_hours_per_month = {}", d.vps_hours_per_month);
    t.push_str("# assumed: each further node of a Swarm.\n");
    let _ = writeln!(t, "hours_per_extra_node = {}\n", d.hours_per_extra_node);
    a.push(format!(
        "the team's time is hostcast's default: {} h a month on a PaaS, {} h on one VPS node and {} h for each further node, at ${}/h; edit `[team_time]`",
        d.paas_hours_per_month, d.vps_hours_per_month, d.hours_per_extra_node, d.hourly_rate_usd
    ));
}

/// Writes the scenario of `top`.
pub fn scenario(top: &Topology, known: &Known) -> Emitted {
    let mut a: Vec<String> = Vec::new();
    let mut t = String::new();
    let files: Vec<String> = top.files.iter().map(|f| f.path.display().to_string()).collect();
    let _ = writeln!(t, "# Written by `hostcast import` from {}.", files.join(", "));
    t.push_str("# Services, sizes and counts come from the files; traffic and workload figures are\n");
    t.push_str("# assumptions (marked `assumed`): edit them, then run `hostcast compare` on this file.\n");
    for w in top.warnings() {
        let _ = writeln!(t, "# import warning: {}", w.to_string().replace("\n  help:", " —").replace('\n', " "));
    }
    t.push('\n');
    t.push_str("[scenario]\n");
    let _ = writeln!(t, "name = {}", q(&top.name));
    let _ = writeln!(t, "source = {}", q(&files.join(", ")));
    t.push_str("commercial = true\n\n");
    a.push("the product is commercial (Vercel is priced on Pro, not Hobby); set `commercial = false` in `[scenario]` otherwise".into());
    team_time(&mut t, &mut a);
    let mut groups = Groups::new();
    for s in &top.services {
        service::table(&mut t, s, known, &mut a, &mut groups);
    }
    for (text, names) in groups {
        a.push(format!("{} {text}", names.join(", ")));
    }
    stages(&mut t, &mut a);
    let fly_region = fly_region(top, known, &mut a);
    let (label, platform) = platform_option(top.platform);
    let option = format!("As configured on {}", if top.platform == Format::Compose { "Compose (Hetzner)" } else { label });
    t.push_str("[[option]]\n");
    let _ = writeln!(t, "name = {}", q(&option));
    let _ = writeln!(t, "platform = {}", q(platform));
    let _ = writeln!(t, "note = {}", q(&format!("the services as {} configure them", files.join(", "))));
    if matches!(top.platform, Format::Fly | Format::Vercel) {
        let _ = writeln!(t, "region = {}", q(&fly_region));
    }
    if top.platform == Format::Vercel {
        let _ = writeln!(t, "vercel_region = {}", q(&vercel_region(top, known, &mut a)));
    }
    if top.platform == Format::Compose {
        t.push_str("host = \"hetzner\"\n");
        a.push("Compose runs on Hetzner Cloud nodes, packed with 20% headroom".into());
    }
    t.push('\n');
    for s in &top.services {
        pins(&mut t, s, top.platform, &mut a);
    }
    for f in [Format::Fly, Format::Render, Format::Vercel, Format::Compose] {
        if f == top.platform {
            continue;
        }
        let (label, platform) = platform_option(f);
        let _ = writeln!(t, "[[option]]\nname = {}\nplatform = {}", q(label), q(platform));
        if matches!(f, Format::Fly | Format::Vercel) {
            let _ = writeln!(t, "region = {}", q(&fly_region));
        }
        if f == Format::Compose {
            t.push_str("host = \"hetzner\"\n");
        }
        t.push('\n');
    }
    Emitted { text: t, option, assumptions: a }
}

/// Writes the default load stages and the assumption that states them.
fn stages(t: &mut String, a: &mut Vec<String>) {
    for (name, users, active, ha) in STAGES {
        let _ = writeln!(
            t,
            "[[stage]]\nname = {}\nusers = {users}  # assumed\ndaily_active = {active}  # assumed\npeak_to_average = {PEAK_TO_AVERAGE}  # assumed\nhigh_availability = {ha}\n",
            q(name)
        );
    }
    let list: Vec<String> =
        STAGES.iter().map(|(n, u, d, _)| format!("{n} {} users ({}% active daily)", crate::money::quantity(*u as f64), num(d * 100.0))).collect();
    a.push(format!("traffic: stages {}; peak hour {PEAK_TO_AVERAGE}× the daily average — pick one with `--stage`, or edit `[[stage]]` in the scenario written by `hostcast import`", list.join(", ")));
}

/// The option pins of one service on the configured platform.
fn pins(t: &mut String, s: &ImportedService, platform: Format, a: &mut Vec<String>) {
    let mut p: Vec<String> = Vec::new();
    let on_own = s.format == platform || (platform == Format::Vercel && s.format == Format::Fly) || (s.format == Format::Compose);
    if s.format == Format::Vercel {
        if s.origin.starts_with("rewrite") {
            p.push("provider = \"external\"".into());
            a.push(format!("`{}` is an external origin the Vercel rewrites point to: not priced (import its config alongside to price it)", s.name));
        } else if !matches!(s.kind, Kind::Web | Kind::Static) || (platform == Format::Vercel && s.frontend.is_none()) {
            // the Vercel project runs on Vercel as written, whatever framework it uses
            p.push("provider = \"vercel\"".into());
        }
        if let Some(mb) = s.memory_mb {
            a.push(format!(
                "`{}`: Vercel functions are priced at the smallest Vercel size holding the {} MB set (Standard 2 GB or Performance 4 GB)",
                s.name,
                num(mb)
            ));
        }
    } else if !on_own {
        p.push(format!("provider = {}", q(s.format.as_str())));
    } else if platform == Format::Vercel && matches!(s.kind, Kind::Web | Kind::Static) {
        p.push("provider = \"fly\"".into());
    }
    if s.format == Format::Compose && platform != Format::Compose {
        a.push(format!("`{}` comes from a Compose file; it is priced on the option's platform", s.name));
    }
    let data = s.kind.is_data();
    match s.format {
        Format::Fly | Format::Render if data && s.size.is_some() => {
            p.push("deploy = \"machine\"".into());
        }
        _ => {}
    }
    if let Some(size) = &s.size {
        p.push(format!("size = {}", q(size)));
    }
    if let Some(plan) = &s.plan {
        p.push(format!("plan = {}", q(plan)));
    }
    if s.format != Format::Vercel && !(data && s.size.is_none()) && s.kind != Kind::Static && s.kind != Kind::Cron {
        match (s.instances, s.scale_to_zero, s.min_instances, s.max_instances) {
            (Some(n), _, _, _) => p.push(format!("instances = {}", n.min(MAX_COUNT))),
            (None, true, min, max) => {
                p.push("scale_to_zero = true".into());
                p.push(format!("min_instances = {}", min.unwrap_or(0).min(MAX_COUNT)));
                if let Some(m) = max {
                    p.push(format!("max_instances = {}", m.max(min.unwrap_or(0)).min(MAX_COUNT)));
                }
            }
            (None, false, min, max) => {
                if min.is_none() && max.is_none() {
                    p.push("instances = 1".into());
                }
                if let Some(m) = min {
                    p.push(format!("min_instances = {}", m.min(MAX_COUNT)));
                }
                if let Some(m) = max {
                    p.push(format!("max_instances = {}", m.max(min.unwrap_or(0)).min(MAX_COUNT)));
                }
            }
        }
        if !s.scale_to_zero {
            p.push("scale_to_zero = false".into());
        }
    }
    if s.high_availability {
        a.push(format!("`{}`: high availability (a standby) is configured; the standby is not priced", s.name));
    }
    if p.is_empty() {
        return;
    }
    let _ = writeln!(t, "[option.service.{}]\n{}\n", q(&s.name), p.join("\n"));
}

/// Nearby Fly regions with prices, for regions the books may not price.
fn fly_fallbacks(region: &str) -> &'static [&'static str] {
    match region {
        "fra" | "otp" | "waw" => &["ams", "arn", "cdg", "lhr"],
        "lhr" | "cdg" | "ams" | "arn" | "mad" => &["cdg", "ams", "lhr", "arn", "mad"],
        "yul" | "yyz" | "bos" | "ewr" => &["ewr", "iad"],
        "gru" | "gig" | "scl" | "eze" | "bog" | "qro" => &["gru", "iad"],
        "jnb" => &["mad", "cdg"],
        _ => &["iad"],
    }
}

/// The Fly region the options run in: the fly.toml's `primary_region` when the books
/// price it, else a nearby one they price; without one, `iad` (else the first priced).
fn fly_region(top: &Topology, known: &Known, a: &mut Vec<String>) -> String {
    let given = top.files.iter().find(|f| f.format == Format::Fly).and_then(|f| f.region.clone());
    let default = if known.fly_regions.iter().any(|r| r == "iad") || known.fly_regions.is_empty() { "iad".to_string() } else { known.fly_regions[0].clone() };
    match given {
        Some(r) if known.fly_regions.is_empty() || known.fly_regions.contains(&r) => r,
        Some(r) => {
            let near = fly_fallbacks(&r).iter().find(|c| known.fly_regions.iter().any(|k| k == *c)).map(|c| c.to_string()).unwrap_or(default);
            a.push(format!("Fly region `{r}` (primary_region) has no prices in the book: priced in `{near}`, the nearest region that has"));
            near
        }
        None => {
            if top.has(Format::Fly) {
                a.push(format!("no `primary_region` in the fly.toml: priced in `{default}`"));
            }
            default
        }
    }
}

/// The Vercel region the functions run in: the vercel.json's when the books price it,
/// else `iad1`.
fn vercel_region(top: &Topology, known: &Known, a: &mut Vec<String>) -> String {
    let given = top.files.iter().find(|f| f.format == Format::Vercel).and_then(|f| f.region.clone());
    match given {
        Some(r) if known.vercel_regions.is_empty() || known.vercel_regions.contains(&r) => r,
        Some(r) => {
            a.push(format!("Vercel region `{r}` has no prices in the book: priced in `iad1`"));
            "iad1".into()
        }
        None => "iad1".into(),
    }
}

/// A TOML string literal.
pub fn q(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// A number as TOML: whole numbers without a decimal point.
pub fn num(x: f64) -> String {
    if (x - x.round()).abs() < 1e-9 && x.abs() < 1e15 { format!("{}", x.round() as i64) } else { format!("{}", (x * 1e6).round() / 1e6) }
}
