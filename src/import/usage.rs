//! The usage file (`hostcast.usage.toml`): the numbers a team sets by hand that no
//! deployment config says — each stage's users and traffic, each service's workload —
//! kept apart from the imported scenario, so that re-importing changed configs keeps
//! them. `import --usage FILE` lays them over the scenario it writes;
//! `import --write-usage FILE` writes them from a scenario.
//!
//! ```toml
//! [[stage]]
//! name = "MVP"
//! users = 1000
//! daily_active = 0.2
//! peak_to_average = 2.5
//! high_availability = false
//!
//! [service."api"]
//! requests_per_user_day = 40
//! cpu_ms_per_request = 25
//! ```
//!
//! Parsing is strict: an unknown key, a wrong type or a negative number is an error
//! at its `file:line:col`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use crate::error::Diagnostic;
use crate::scenario::Scenario;
use crate::scenario::model::{Kind, Service};

/// One stage's numbers.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UsageStage {
    /// The stage's name, as the scenario spells it.
    pub name: String,
    /// Registered users.
    pub users: Spanned<f64>,
    /// Share of users active on a day (0–1).
    pub daily_active: Spanned<f64>,
    /// Peak-hour rate over the daily average.
    #[serde(default)]
    pub peak_to_average: Option<Spanned<f64>>,
    /// At least two instances of every stateless service.
    #[serde(default)]
    pub high_availability: Option<bool>,
    /// Month from launch at which the stage is reached.
    #[serde(default)]
    pub month: Option<u32>,
    /// Where the numbers come from.
    #[serde(default)]
    pub note: Option<String>,
}

/// The workload keys a usage file may set for a service, in the order written.
pub const WORKLOAD_KEYS: [&str; 14] = [
    "requests_per_user_day",
    "cpu_ms_per_request",
    "latency_ms",
    "response_kb",
    "jobs_per_user_day",
    "cpu_ms_per_job",
    "runs_per_day",
    "run_minutes",
    "memory_base_mb",
    "memory_per_request_mb",
    "storage_gb",
    "storage_gb_per_1k_users",
    "working_set_ratio",
    "latency_target_ms",
];

/// A usage file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Usage {
    /// The stages, replacing the scenario's (none: the scenario's are kept).
    pub stages: Vec<UsageStage>,
    /// Per service name, workload key → value.
    pub services: BTreeMap<String, BTreeMap<String, f64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    #[serde(rename = "stage", default)]
    stages: Vec<UsageStage>,
    #[serde(rename = "service", default)]
    services: BTreeMap<String, BTreeMap<String, Spanned<toml::Value>>>,
}

/// Parses a usage file strictly; `path` names it in messages.
pub fn parse(path: &Path, text: &str) -> Result<Usage, Diagnostic> {
    let help = "see the README's \"Usage file\" section for the format";
    let raw: Raw = toml::from_str(text).map_err(|e| Diagnostic::from_toml(path, text, &e).with_help(help))?;
    let at = |span: std::ops::Range<usize>, m: String| Diagnostic::at(path, text, span.start, m).with_help(help);
    let mut seen: Vec<&str> = Vec::new();
    for s in &raw.stages {
        if seen.contains(&s.name.as_str()) {
            return Err(at(s.users.span(), format!("stage `{}` is given twice", s.name)));
        }
        seen.push(&s.name);
        for (key, v) in [("users", Some(&s.users)), ("daily_active", Some(&s.daily_active)), ("peak_to_average", s.peak_to_average.as_ref())] {
            if let Some(v) = v
                && (!v.get_ref().is_finite() || *v.get_ref() < 0.0)
            {
                return Err(at(v.span(), format!("`{key}` of stage `{}` must be a number of 0 or more", s.name)));
            }
        }
        if *s.daily_active.get_ref() > 1.0 {
            return Err(at(s.daily_active.span(), format!("`daily_active` of stage `{}` is a share of users: between 0 and 1", s.name)));
        }
    }
    let mut services = BTreeMap::new();
    for (name, keys) in raw.services {
        let mut out = BTreeMap::new();
        for (key, v) in keys {
            if !WORKLOAD_KEYS.contains(&key.as_str()) {
                return Err(at(v.span(), format!("`{key}` is not a workload key of service `{name}`"))
                    .with_help(format!("workload keys: {}", WORKLOAD_KEYS.join(", "))));
            }
            let n = match v.get_ref() {
                toml::Value::Integer(i) => *i as f64,
                toml::Value::Float(f) => *f,
                other => return Err(at(v.span(), format!("`{key}` of service `{name}` must be a number, not {}", other.type_str()))),
            };
            if !n.is_finite() || n < 0.0 {
                return Err(at(v.span(), format!("`{key}` of service `{name}` must be a number of 0 or more")));
            }
            out.insert(key, n);
        }
        services.insert(name, out);
    }
    Ok(Usage { stages: raw.stages, services })
}

/// A number as TOML writes it: whole numbers without a fraction.
fn num(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 { format!("{}", v as i64) } else { format!("{v}") }
}

/// A string as a TOML literal.
fn quoted(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// The workload keys that matter for a service of this kind, with its values.
fn workload(s: &Service) -> Vec<(&'static str, f64)> {
    let mut out = Vec::new();
    if s.kind.serves_requests() || s.kind == Kind::Bot {
        out.extend([
            ("requests_per_user_day", s.requests_per_user_day),
            ("cpu_ms_per_request", s.cpu_ms_per_request),
            ("latency_ms", s.latency_ms),
            ("response_kb", s.response_kb),
        ]);
    }
    if matches!(s.kind, Kind::Worker | Kind::Bot) {
        out.extend([("jobs_per_user_day", s.jobs_per_user_day), ("cpu_ms_per_job", s.cpu_ms_per_job)]);
    }
    if s.kind == Kind::Cron {
        if let Some(r) = s.runs_per_day {
            out.push(("runs_per_day", r));
        }
        out.push(("run_minutes", s.run_minutes));
    }
    if s.kind.is_data() {
        out.extend([("storage_gb", s.storage_gb), ("storage_gb_per_1k_users", s.storage_gb_per_1k_users), ("working_set_ratio", s.working_set_ratio)]);
    } else {
        out.push(("memory_base_mb", s.memory_base_mb));
        if s.kind.serves_requests() {
            out.push(("memory_per_request_mb", s.memory_per_request_mb));
        }
    }
    out
}

/// The usage file of a scenario: its stages and each service's workload.
pub fn write(scenario: &Scenario) -> String {
    let mut t = format!(
        "# hostcast usage file: the stage and workload numbers of `{}`, kept apart from the\n\
         # configs. Edit them, then re-import with `hostcast import CONFIGS --usage FILE`.\n",
        scenario.path.display()
    );
    for s in &scenario.file.stages {
        let _ = write!(
            t,
            "\n[[stage]]\nname = {}\nusers = {}\ndaily_active = {}\npeak_to_average = {}\nhigh_availability = {}\n",
            quoted(&s.name),
            num(s.users),
            num(s.daily_active),
            num(s.peak_to_average),
            s.high_availability
        );
        if let Some(m) = s.month {
            let _ = writeln!(t, "month = {m}");
        }
        if let Some(n) = &s.note {
            let _ = writeln!(t, "note = {}", quoted(n));
        }
    }
    for s in &scenario.file.services {
        let _ = writeln!(t, "\n[service.{}]", quoted(&s.name));
        for (k, v) in workload(s) {
            let _ = writeln!(t, "{k} = {}", num(v));
        }
    }
    t
}

/// The stages of a usage file as scenario `[[stage]]` tables.
fn stage_tables(stages: &[UsageStage]) -> String {
    let mut t = String::new();
    for s in stages {
        let _ = write!(
            t,
            "[[stage]]\nname = {}\nusers = {}  # usage file\ndaily_active = {}  # usage file\n",
            quoted(&s.name),
            num(*s.users.get_ref()),
            num(*s.daily_active.get_ref())
        );
        if let Some(p) = &s.peak_to_average {
            let _ = writeln!(t, "peak_to_average = {}  # usage file", num(*p.get_ref()));
        }
        if let Some(h) = s.high_availability {
            let _ = writeln!(t, "high_availability = {h}");
        }
        if let Some(m) = s.month {
            let _ = writeln!(t, "month = {m}");
        }
        if let Some(n) = &s.note {
            let _ = writeln!(t, "note = {}", quoted(n));
        }
        t.push('\n');
    }
    t
}

/// The key of a `key = value` line, if it is one.
fn line_key(line: &str) -> Option<&str> {
    let (k, _) = line.split_once('=')?;
    let k = k.trim();
    (!k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')).then_some(k)
}

/// Lays a usage file over an imported scenario's text: its stages replace the
/// scenario's `[[stage]]` tables, and each workload value replaces (or joins) the
/// key of its `[[service]]` table. `services` are the scenario's service names in
/// file order. Returns the new text and the usage file's service names that the
/// scenario does not have.
pub fn apply(text: &str, services: &[String], usage: &Usage) -> (String, Vec<String>) {
    let mut out: Vec<String> = Vec::new();
    let mut section = String::new();
    let mut service_index = 0usize;
    let mut current: Option<&BTreeMap<String, f64>> = None;
    let mut pending: Vec<(String, f64)> = Vec::new();
    let mut stages_written = false;
    let flush = |out: &mut Vec<String>, pending: &mut Vec<(String, f64)>| {
        // keys the table did not have go after its last key line
        let at = out.iter().rposition(|l| line_key(l).is_some()).map(|i| i + 1).unwrap_or(out.len());
        for (i, (k, v)) in pending.drain(..).enumerate() {
            out.insert(at + i, format!("{k} = {}  # usage file", num(v)));
        }
    };
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            flush(&mut out, &mut pending);
            section = trimmed.to_string();
            current = None;
            if section == "[[service]]" {
                current = services.get(service_index).and_then(|n| usage.services.get(n));
                service_index += 1;
                pending = current.map(|m| m.iter().map(|(k, v)| (k.clone(), *v)).collect()).unwrap_or_default();
            }
            if section == "[[stage]]" && !usage.stages.is_empty() {
                if !stages_written {
                    out.push(stage_tables(&usage.stages).trim_end().to_string());
                    out.push(String::new());
                    stages_written = true;
                }
                continue;
            }
        } else if section == "[[stage]]" && !usage.stages.is_empty() {
            continue;
        } else if let (Some(values), Some(key)) = (current, line_key(line))
            && let Some(v) = values.get(key)
        {
            pending.retain(|(k, _)| k != key);
            out.push(format!("{key} = {}  # usage file", num(*v)));
            continue;
        }
        out.push(line.to_string());
    }
    flush(&mut out, &mut pending);
    let unknown = usage.services.keys().filter(|n| !services.contains(n)).cloned().collect();
    let mut text = out.join("\n");
    text.push('\n');
    (text, unknown)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCENARIO: &str = "[scenario]\nname = \"a\"\n\n[[service]]\nname = \"api\"\nkind = \"api\"\nrequests_per_user_day = 20  # assumed\n\n[[service]]\nname = \"db\"\nkind = \"postgres\"\n\n[[stage]]\nname = \"MVP\"\nusers = 1000  # assumed\ndaily_active = 0.2  # assumed\n\n[[stage]]\nname = \"Growth\"\nusers = 20000  # assumed\ndaily_active = 0.15  # assumed\n\n[[option]]\nname = \"Fly.io\"\nplatform = \"fly\"\n";

    fn scenario(text: &str) -> Scenario {
        Scenario::parse(Path::new("s.toml"), text.to_string()).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn a_usage_file_replaces_the_stages_and_sets_each_workload_key() {
        let usage = parse(
            Path::new("u.toml"),
            "[[stage]]\nname = \"MVP\"\nusers = 50\ndaily_active = 0.5\n\n[service.api]\nrequests_per_user_day = 7\ncpu_ms_per_request = 3\n\n[service.gone]\nlatency_ms = 1\n",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let names = vec!["api".to_string(), "db".to_string()];
        let (text, unknown) = apply(SCENARIO, &names, &usage);
        assert_eq!(unknown, vec!["gone".to_string()]);
        let s = scenario(&text);
        // the usage file's one stage replaces both; the key the table had is replaced,
        // the one it lacked joins it
        assert_eq!(s.file.stages.len(), 1);
        assert_eq!((s.file.stages[0].users, s.file.stages[0].daily_active), (50.0, 0.5));
        assert_eq!((s.file.services[0].requests_per_user_day, s.file.services[0].cpu_ms_per_request), (7.0, 3.0));
        assert_eq!(s.file.options.len(), 1, "the options stay");
        assert!(text.contains("requests_per_user_day = 7  # usage file") && !text.contains("= 20"));
    }

    #[test]
    fn a_written_usage_file_reads_back_and_changes_nothing() {
        let s = scenario(SCENARIO);
        let text = write(&s);
        let usage = parse(Path::new("u.toml"), &text).unwrap_or_else(|e| panic!("{e}\n{text}"));
        let names: Vec<String> = s.file.services.iter().map(|x| x.name.clone()).collect();
        let (merged, unknown) = apply(SCENARIO, &names, &usage);
        assert!(unknown.is_empty());
        let again = scenario(&merged);
        let stages = |s: &Scenario| s.file.stages.iter().map(|x| (x.name.clone(), x.users, x.daily_active, x.peak_to_average)).collect::<Vec<_>>();
        assert_eq!(stages(&again), stages(&s));
        assert_eq!(again.file.services[0].requests_per_user_day, 20.0);
        assert_eq!(again.file.services[1].storage_gb, s.file.services[1].storage_gb);
    }

    #[test]
    fn no_stages_in_the_usage_file_keeps_the_scenarios() {
        let usage = parse(Path::new("u.toml"), "[service.db]\nstorage_gb = 12\n").unwrap_or_else(|e| panic!("{e}"));
        let (text, _) = apply(SCENARIO, &["api".to_string(), "db".to_string()], &usage);
        let s = scenario(&text);
        assert_eq!(s.file.stages.len(), 2);
        assert_eq!(s.file.services[1].storage_gb, 12.0);
    }

    #[test]
    fn a_stage_given_twice_is_an_error_at_its_line() {
        let e = parse(Path::new("u.toml"), "[[stage]]\nname = \"a\"\nusers = 1\ndaily_active = 0.1\n[[stage]]\nname = \"a\"\nusers = 2\ndaily_active = 0.1\n")
            .unwrap_err();
        assert_eq!((e.line, e.column), (Some(7), Some(9)));
        assert!(e.message.contains("given twice"));
    }
}
