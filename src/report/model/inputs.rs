//! The inputs a report rests on, for the page: per stage the load, per service the
//! workload numbers and sizing basis, every `# assumed` note of the scenario with its
//! line, and the team-time basis. A reviewer signs a figure only with these in view.

use super::Table;
use crate::money::quantity;
use crate::results::Results;
use crate::scenario::Scenario;
use crate::scenario::model::{Kind, Service};

/// The Inputs section of a report.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Inputs {
    /// The scenario file, as shown (relative to the working folder).
    pub file: String,
    /// Per stage: users, daily active share, peak-to-average ratio, HA, month.
    pub stages: Table,
    /// Per service: the workload numbers, memory, scaling and storage.
    pub services: Table,
    /// Every `# assumed` note of the scenario, with its line and what it is under.
    pub notes: Table,
    /// Per option: the team's hours, the rate and their basis.
    pub team_time: Table,
    /// Which total ranks the options, in words.
    pub rank_by: String,
    /// How volumes per month are made: per day × 365/12, or the scenario's own
    /// `days_per_month`.
    pub volume_basis: String,
}

/// Builds the Inputs section of `scenario` with its priced `results`.
pub fn build(scenario: &Scenario, results: &Results) -> Inputs {
    let file = crate::pricing::shown_path(&scenario.path);
    Inputs {
        stages: stages(scenario),
        services: services(scenario),
        notes: notes(scenario, &file),
        team_time: team_time(results),
        rank_by: match scenario.file.scenario.rank_by {
            crate::scenario::model::RankBy::WithTeamTime => {
                "Options are ranked by the bill with the team's time (hosting + APIs + team time; `rank_by = \"with_team_time\"`, the default).".into()
            }
            crate::scenario::model::RankBy::Cash => "Options are ranked by the cash bill (hosting + APIs; `rank_by = \"cash\"`).".into(),
        },
        volume_basis: crate::money::volume_basis(scenario.file.scenario.days_per_month),
        file,
    }
}

fn stages(scenario: &Scenario) -> Table {
    let mut t = Table::new(
        &["Stage", "Users", "Daily active", "Active users", "Peak / average", "High availability", "Month"],
        &[false, true, true, true, true, false, true],
    );
    for s in &scenario.file.stages {
        t.rows.push(vec![
            s.name.clone(),
            quantity(s.users),
            format!("{}%", quantity(s.daily_active * 100.0)),
            quantity((s.users * s.daily_active).round()),
            quantity(s.peak_to_average),
            if s.high_availability { "yes".into() } else { "no".into() },
            s.month.map(|m| m.to_string()).unwrap_or_else(|| "-".into()),
        ]);
    }
    t
}

/// The workload of one service in words: the numbers that drive its load.
fn workload(s: &Service) -> String {
    let q = quantity;
    match s.kind {
        Kind::Worker | Kind::Bot => format!("{} jobs / active user / day × {} ms CPU", q(s.jobs_per_user_day), q(s.cpu_ms_per_job)),
        Kind::Cron => match (&s.schedule, s.runs_per_day) {
            (Some(cron), _) => format!("`{}`, {} min a run", cron.get_ref(), q(s.run_minutes)),
            (None, Some(n)) => format!("{} runs a day, {} min a run", q(n), q(s.run_minutes)),
            (None, None) => format!("{} min a run", q(s.run_minutes)),
        },
        Kind::Postgres | Kind::Redis => {
            let mut w = format!("{} GB + {} GB / 1,000 users; {} connections", q(s.storage_gb), q(s.storage_gb_per_1k_users), s.connections);
            if s.kind == Kind::Redis {
                w.push_str(&format!("; {} commands / active user / day", q(s.commands_per_user_day)));
            } else {
                w.push_str(&format!("; working set {}%", q(s.working_set_ratio * 100.0)));
            }
            w
        }
        Kind::ObjectStorage => format!(
            "{} GB + {} GB / 1,000 users; {} MB downloaded / active user / day",
            q(s.storage_gb),
            q(s.storage_gb_per_1k_users),
            q(s.download_mb_per_user_day)
        ),
        _ => format!(
            "{} requests / active user / day × {} ms CPU, {} ms latency, {} KB a response",
            q(s.requests_per_user_day),
            q(s.cpu_ms_per_request),
            q(s.latency_ms),
            q(s.response_kb)
        ),
    }
}

fn services(scenario: &Scenario) -> Table {
    let mut t = Table::new(&["Service", "Kind", "Workload", "Memory", "Scaling", "Volume"], &[false, false, false, false, false, true]);
    for s in &scenario.file.services {
        let min = s.min_instances.unwrap_or(if s.scale_to_zero { 0 } else { 1 });
        let scaling = if s.kind.is_data() {
            "a plan, or one node (more with high availability)".to_string()
        } else {
            format!(
                "{}{}, {} in flight each{}",
                min,
                s.max_instances.map(|n| format!(" to {n} instances")).unwrap_or_else(|| " or more instances, as the load needs".into()),
                s.concurrency,
                if s.scale_to_zero { ", stops when idle" } else { "" }
            )
        };
        let memory = if s.kind.is_data() {
            "from the working set".to_string()
        } else {
            format!("{} MB + {} MB / request", quantity(s.memory_base_mb), quantity(s.memory_per_request_mb))
        };
        t.rows.push(vec![
            s.name.clone(),
            s.kind.as_str().to_string(),
            workload(s),
            memory,
            scaling,
            if s.volume_gb > 0.0 { format!("{} GB", quantity(s.volume_gb)) } else { "-".into() },
        ]);
    }
    t
}

/// Every comment block of the scenario that says `assumed` (or carries an import
/// warning, as `hostcast import` writes them), with its first line and
/// the table it sits in (`[[service]] api`, `[[stage]] MVP`, …).
fn notes(scenario: &Scenario, file: &str) -> Table {
    let mut t = Table::new(&["Where", "Under", "Note"], &[false, false, false]);
    let lines: Vec<&str> = scenario.text.lines().collect();
    let mut table = String::from("(top)");
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i].trim();
        if line.starts_with('[') {
            table = header_of(line, &lines[i + 1..]);
        }
        if let Some(text) = line.strip_prefix('#').map(str::trim)
            && (text.to_ascii_lowercase().starts_with("assumed") || text.starts_with("import warning:"))
        {
            let start = i + 1;
            let mut note = text.to_string();
            // the note runs on over the comment lines that follow it
            while let Some(more) = lines.get(i + 1).map(|l| l.trim()).and_then(|l| l.strip_prefix('#')) {
                let more = more.trim();
                if more.is_empty() || more.to_ascii_lowercase().starts_with("assumed") || more.starts_with("import warning:") {
                    break;
                }
                note.push(' ');
                note.push_str(more);
                i += 1;
            }
            t.rows.push(vec![format!("{file}:{start}"), table.clone(), note]);
        }
        i += 1;
    }
    t
}

/// `[[service]] api`: a table header and the `name` under it, when it has one.
fn header_of(header: &str, after: &[&str]) -> String {
    let name = after
        .iter()
        .map(|l| l.trim())
        .take_while(|l| !l.starts_with('['))
        .find_map(|l| l.strip_prefix("name").map(str::trim).and_then(|r| r.strip_prefix('=')).map(|v| v.trim().trim_matches('"').to_string()));
    match name {
        Some(n) => format!("{header} {n}"),
        None => header.to_string(),
    }
}

fn team_time(results: &Results) -> Table {
    let mut t = Table::new(&["Option", "Stages", "Hours a month", "Team time a month", "Basis"], &[false, false, true, true, false]);
    let mut seen: Vec<(String, String, String, Vec<String>)> = Vec::new();
    for r in &results.results {
        let key = (r.option.clone(), quantity(r.team_hours), crate::money::usd(r.team_time_usd));
        match seen.iter_mut().find(|s| (s.0.clone(), s.1.clone(), s.2.clone()) == key) {
            Some(s) => s.3.push(r.stage.clone()),
            None => seen.push((key.0, key.1, key.2, vec![r.stage.clone()])),
        }
    }
    for (option, hours, cost, stages) in seen {
        let basis = results.results.iter().find(|r| r.option == option && stages.contains(&r.stage)).map(|r| r.team_time_basis.clone()).unwrap_or_default();
        t.rows.push(vec![option, stages.join(", "), hours, cost, basis]);
    }
    t
}
