//! A topology → a scenario file (TOML text), ready to edit and `compare`.
//!
//! The scenario holds the imported services with a workload the configs do not
//! give (traffic, CPU per request, response sizes: stated defaults), three
//! default load stages, one option pinned as the files configure it ("As
//! configured on Fly.io") and the other platforms' options left for hostcast to
//! size. Every default taken is listed in [`Emitted::assumptions`], saying how to
//! change it. The caller passes the regions its price books know ([`Known`]), so
//! nothing here knows a price.

use std::fmt::Write as _;

use super::{Format, ImportedService, Topology};
pub use crate::platforms::Known;
use crate::scenario::model::Kind;
use crate::scenario::schedule;

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
        service(&mut t, s, known, &mut a, &mut groups);
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

/// Workload defaults per kind: requests (or jobs) per active user per day, CPU ms, latency ms, response KB.
fn workload(kind: Kind) -> (f64, f64, f64, f64) {
    match kind {
        Kind::Web => (20.0, 20.0, 150.0, 30.0),
        Kind::Api => (40.0, 10.0, 100.0, 10.0),
        Kind::Static => (20.0, 1.0, 10.0, 50.0),
        Kind::Proxy => (60.0, 1.0, 100.0, 20.0),
        Kind::Worker | Kind::Bot => (1.0, 200.0, 0.0, 0.0),
        _ => (0.0, 0.0, 0.0, 0.0),
    }
}

/// Assumptions shared by several services: the text after the names, and the names.
type Groups = Vec<(String, Vec<String>)>;

fn group(groups: &mut Groups, name: &str, text: String) {
    match groups.iter_mut().find(|(t, _)| *t == text) {
        Some((_, names)) => names.push(format!("`{name}`")),
        None => groups.push((text, vec![format!("`{name}`")])),
    }
}

fn service(t: &mut String, s: &ImportedService, known: &Known, a: &mut Vec<String>, groups: &mut Groups) {
    t.push_str("[[service]]\n");
    let _ = writeln!(t, "name = {}", q(&s.name));
    let _ = writeln!(t, "kind = {}", q(s.kind.as_str()));
    if let Some(f) = s.frontend {
        let _ = writeln!(t, "frontend = {}", q(f.as_str()));
    }
    let mut note = format!("{}: {}", s.location(), s.origin);
    for n in &s.notes {
        let _ = write!(note, "; {n}");
    }
    let _ = writeln!(t, "note = {}", q(&note));
    let (rate, cpu, latency, kb) = workload(s.kind);
    match s.kind {
        Kind::Web | Kind::Api | Kind::Static | Kind::Proxy => {
            let _ = writeln!(
                t,
                "requests_per_user_day = {}  # assumed\ncpu_ms_per_request = {}  # assumed\nlatency_ms = {}  # assumed\nresponse_kb = {}  # assumed",
                num(rate),
                num(cpu),
                num(latency),
                num(kb)
            );
            group(
                groups,
                &s.name,
                format!(
                    "({}): {} requests per active user per day, {} ms CPU and {} ms in the service per request, {} KB per response (egress) — edit `requests_per_user_day`, `cpu_ms_per_request`, `latency_ms`, `response_kb` in the scenario written by `hostcast import`",
                    s.kind.as_str(),
                    num(rate),
                    num(cpu),
                    num(latency),
                    num(kb)
                ),
            );
        }
        Kind::Worker | Kind::Bot => {
            let _ = writeln!(
                t,
                "jobs_per_user_day = {}  # assumed\ncpu_ms_per_job = {}  # assumed\nresponse_kb = 0  # no responses to the internet",
                num(rate),
                num(cpu)
            );
            group(
                groups,
                &s.name,
                format!("({}): {} job per active user per day at {} ms CPU — edit `jobs_per_user_day`, `cpu_ms_per_job`", s.kind.as_str(), num(rate), num(cpu)),
            );
        }
        Kind::Cron => cron(t, s, a, groups),
        Kind::Postgres | Kind::Redis | Kind::ObjectStorage => data(t, s, groups),
    }
    if let Some(mb) = s.memory_mb.filter(|_| s.format != Format::Vercel) {
        let base = (mb / 2.0).round().clamp(64.0, 1.0e7);
        let _ = writeln!(t, "memory_base_mb = {}  # assumed: half of the {} MB configured", num(base), num(mb));
        group(groups, &s.name, "use about half their configured memory at rest — edit `memory_base_mb`".into());
    }
    if let (Some(c), Format::Compose) = (s.cpus, s.format) {
        let _ = writeln!(t, "cpu_reserve = {}", num(c.clamp(0.01, 1000.0)));
    }
    if let Some(c) = s.concurrency {
        let _ = writeln!(t, "concurrency = {}", c.clamp(1, MAX_COUNT));
    }
    configured_size(t, s, known, a);
    super::runtime::emit(t, s, a);
    if s.volume {
        let gb = volume_size(s, groups);
        let _ = writeln!(t, "volume_gb = {}", num(gb));
    }
    t.push('\n');
}

fn cron(t: &mut String, s: &ImportedService, a: &mut Vec<String>, groups: &mut Groups) {
    let minutes = s.run_minutes.unwrap_or(CRON_MINUTES).clamp(0.01, 1440.0);
    match s.schedule.as_deref().map(|x| (x, schedule::runs_per_day(x))) {
        Some((sched, Ok(_))) => {
            let _ = writeln!(t, "schedule = {}", q(sched));
        }
        Some((sched, Err(e))) => {
            let _ = writeln!(t, "runs_per_day = 1  # the schedule {} was not understood", q(sched));
            a.push(format!("`{}`: schedule `{sched}` not understood ({e}); one run a day assumed", s.name));
        }
        None => {
            t.push_str("runs_per_day = 1  # assumed: no schedule in the file\n");
            a.push(format!("`{}`: no schedule in the file; one run a day assumed", s.name));
        }
    }
    let _ = writeln!(
        t,
        "run_minutes = {}{}\nresponse_kb = 0",
        num(minutes),
        if s.run_minutes.is_some() { "  # the function's maxDuration" } else { "  # assumed" }
    );
    if s.run_minutes.is_none() {
        group(groups, &s.name, format!("(cron): each run takes {} minutes — edit `run_minutes`", num(CRON_MINUTES)));
    }
}

fn volume_size(s: &ImportedService, groups: &mut Groups) -> f64 {
    match s.volume_gb {
        Some(g) => g.clamp(0.0, 1.0e6),
        None => {
            let (gb, why) = match s.format {
                Format::Fly => (super::fly::DEFAULT_VOLUME_GB, "Fly's default size"),
                _ => (VOLUME_GB, "assumed"),
            };
            group(groups, &s.name, format!("volume size not in the file: {} GB ({why}) — set `volume_gb`", num(gb)));
            gb
        }
    }
}

fn data(t: &mut String, s: &ImportedService, groups: &mut Groups) {
    match (s.kind, s.storage_gb) {
        (_, Some(gb)) => {
            // a managed database's disk: billed as provisioned, not grown with users
            let _ = writeln!(
                t,
                "storage_gb = {}  # the configured disk\nworking_set_ratio = 0.05  # assumed: the disk is provisioned ahead of the data\nconnections = 20  # assumed",
                num(gb.clamp(0.0, 1.0e6))
            );
            group(groups, &s.name, "(database): the configured disk is billed as provisioned; 5% of it is the working set, 20 connections — edit `working_set_ratio`, `connections`".into());
        }
        (Kind::Redis, None) => {
            t.push_str("storage_gb = 0.1  # assumed\ncommands_per_user_day = 100  # assumed\n");
            group(groups, &s.name, "(key-value): 100 MB of data, 100 commands per active user per day — edit `storage_gb`, `commands_per_user_day`".into());
        }
        (Kind::ObjectStorage, None) => {
            t.push_str("storage_gb = 5  # assumed\nstorage_gb_per_1k_users = 1  # assumed\ndownload_mb_per_user_day = 1  # assumed\n");
            group(groups, &s.name, "(object storage): 5 GB + 1 GB per 1,000 users, 1 MB downloaded per active user per day — edit `storage_gb`, `storage_gb_per_1k_users`, `download_mb_per_user_day`".into());
        }
        (_, None) => {
            t.push_str("storage_gb = 1  # assumed\nstorage_gb_per_1k_users = 0.2  # assumed\nconnections = 20  # assumed\n");
            group(
                groups,
                &s.name,
                "(database): 1 GB at launch + 0.2 GB per 1,000 users, 20 connections — edit `storage_gb`, `storage_gb_per_1k_users`, `connections`".into(),
            );
        }
    }
}

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

/// The size the file settles, written on the service (like-for-like sizing), and
/// each deviation from the file as a comment and an assumption.
fn configured_size(t: &mut String, s: &ImportedService, known: &Known, a: &mut Vec<String>) {
    let mut lines: Vec<String> = Vec::new();
    let (mut cpus, mut memory, mut class) = (s.cpus, s.memory_mb, s.cpu_kind);
    if s.format == Format::Render
        && let Some((c, m)) = s.size.as_ref().and_then(|p| known.render_sizes.get(p))
    {
        cpus = Some(*c);
        memory = Some(*m);
        class = s.size.as_ref().map(|p| crate::platforms::cpu_classes::cpu_class("render", p).0);
        lines.push(format!("# `{}`: {} CPU, {} MB (the Render price book)", s.size.as_deref().unwrap_or_default(), num(*c), num(*m)));
    }
    if s.format == Format::Render
        && s.kind.is_data()
        && s.size.is_none()
        && let Some(m) =
            s.plan.as_ref().and_then(|p| known.render_data_plans.get(&(if s.kind == Kind::Redis { "redis" } else { "postgres" }.to_string(), p.clone())))
    {
        memory = Some(*m);
        lines.push(format!("# plan `{}`: {} MB (the Render price book)", s.plan.as_deref().unwrap_or_default(), num(*m)));
    }
    if let Some(c) = cpus.filter(|c| *c >= 0.01) {
        lines.push(format!("vcpus = {}", num(c.min(1024.0))));
    }
    if let Some(k) = class {
        lines.push(format!("cpu_kind = {}", q(k.as_str())));
    }
    if let Some(m) = memory.filter(|m| *m >= 1.0) {
        lines.push(format!("memory_mb = {}", num(m.min(4.0e6).round())));
    }
    if let Some(g) = &s.gpu {
        lines.push(format!("gpu = {{ kind = {}, count = {} }}", q(&g.kind), g.count.clamp(1, 16)));
    }
    if s.count_configured
        && let Some(n) = s.instances
    {
        lines.push(format!("instances = {}", n.min(MAX_COUNT)));
    }
    let scales = s.format != Format::Vercel && !(s.kind.is_data() && s.size.is_none()) && !matches!(s.kind, Kind::Static | Kind::Cron);
    if scales && (s.min_instances.is_some() || s.max_instances.is_some()) {
        // the configured autoscaling bounds (Render `scaling`, Fly auto-stop), on every platform
        let min = s.min_instances.unwrap_or(0).min(MAX_COUNT);
        if s.scale_to_zero {
            lines.push("scale_to_zero = true".into());
        }
        lines.push(format!("min_instances = {min}"));
        // Fly's auto-stop ceiling is its default machine count, not a configured bound
        if let Some(m) = s.max_instances.filter(|_| s.format != Format::Fly) {
            lines.push(format!("max_instances = {}", m.max(min).min(MAX_COUNT)));
        }
    }
    if lines.iter().any(|l| !l.starts_with('#')) {
        lines.push("sizing = \"like_for_like\"  # the other options hold at least this size".into());
    }
    for d in &s.assumed {
        lines.push(format!("# assumed: {d}"));
        a.push(format!("`{}`: {d}", s.name));
    }
    for l in lines {
        let _ = writeln!(t, "{l}");
    }
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
