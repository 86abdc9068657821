//! The team's time: hours a month to run a deployment, times what an hour costs.
//!
//! Team time is its own part of the bill ([`Part::TeamTime`]): never inside the cash
//! bill, always beside it. The hours come, in order, from the option
//! (`ops_hours_per_month`), else from the scenario's `[team_time]` table for the
//! option's kind of platform, else from hostcast's defaults (see
//! [`TeamTime`]); a reference deployment (a planning document's own estimate) counts
//! none unless the option says so. Compose past one node adds
//! `hours_per_extra_node` for each further node. Zero hours are allowed, and stated.

use super::{Bill, Context, Owner, Part};
use crate::money::quantity;
use crate::pricing::{Price, SourceRef};
use crate::scenario::model::{Platform, TeamTime};

/// Provider id of team-time lines.
pub const PROVIDER: &str = "team";
/// The service name team-time lines carry.
pub const OWNER: Owner = Owner::Team;

/// The hours and rate of one option, and where each came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Hours {
    /// Hours a month.
    pub hours: f64,
    /// USD an hour.
    pub rate_usd: f64,
    /// Where the hours come from (a scenario key or hostcast's default), for the line's source.
    pub entry: String,
    /// The basis in words.
    pub basis: String,
}

/// The team hours of the option in `ctx` with `nodes` Compose nodes (0 or 1: one).
pub fn hours(ctx: &Context, nodes: u32) -> Hours {
    let stated = ctx.scenario.file.team_time.as_ref();
    let table = stated.cloned().unwrap_or_default();
    let whose = if stated.is_some() { "the scenario's `[team_time]`" } else { "hostcast's default" };
    let rate_usd = ctx.option.ops_hourly_rate_usd.unwrap_or(table.hourly_rate_usd);
    if let Some(h) = ctx.option.ops_hours_per_month {
        return Hours {
            hours: h,
            rate_usd,
            entry: format!("option `{}` ops_hours_per_month", ctx.option.name),
            basis: format!("{} h a month, as the option `{}` states", quantity(h), ctx.option.name),
        };
    }
    if ctx.option.reference {
        return Hours {
            hours: 0.0,
            rate_usd,
            entry: format!("option `{}` (reference: none stated)", ctx.option.name),
            basis: "none: a reference deployment counts the team's time only where its document does".into(),
        };
    }
    let extra = nodes.saturating_sub(1) as f64;
    match ctx.option.platform {
        Platform::Compose => Hours {
            hours: table.vps_hours_per_month + extra * table.hours_per_extra_node,
            rate_usd,
            entry: if extra > 0.0 {
                "team_time.vps_hours_per_month + team_time.hours_per_extra_node × further nodes".into()
            } else {
                "team_time.vps_hours_per_month".into()
            },
            basis: if extra > 0.0 {
                format!(
                    "{} h a month to run Compose on one VPS node plus {} h for each of {} further node(s) ({whose})",
                    quantity(table.vps_hours_per_month),
                    quantity(table.hours_per_extra_node),
                    quantity(extra)
                )
            } else {
                format!(
                    "{} h a month to run Compose on a VPS: patching, image updates, backups and restore checks, monitoring, on-call ({whose})",
                    quantity(table.vps_hours_per_month)
                )
            },
        },
        _ => Hours {
            hours: table.paas_hours_per_month,
            rate_usd,
            entry: "team_time.paas_hours_per_month".into(),
            basis: format!(
                "{} h a month to run a deployment on a PaaS: pipeline and dependency upkeep, alert triage ({whose})",
                quantity(table.paas_hours_per_month)
            ),
        },
    }
}

/// Adds the option's team-time line (also when it is zero hours, so the figure is on
/// the page) and states its basis; returns the hours (none for `files_only`).
pub fn bill(ctx: &Context, nodes: u32, bill: &mut Bill) -> Option<Hours> {
    if ctx.option.files_only {
        return None;
    }
    let h = hours(ctx, nodes);
    let price = Price {
        amount: h.rate_usd,
        currency: "USD".into(),
        usd: h.rate_usd,
        unit: "hour".into(),
        free: 0.0,
        minimum: None,
        min_quantity: None,
        free_scope: Default::default(),
        source: SourceRef { book: crate::pricing::shown_path(&ctx.scenario.path), entry: h.entry.clone(), ..SourceRef::default() },
    };
    bill.charge(OWNER, "team time", format!("{} h × ${}/h", quantity(h.hours), quantity(h.rate_usd)), h.hours, &price, PROVIDER);
    bill.last_in(Part::TeamTime);
    bill.assume(format!("Team time: {} at ${}/h", h.basis, quantity(h.rate_usd)));
    Some(h)
}

/// hostcast's default team-time table, for listing in reports and imports.
pub fn defaults() -> TeamTime {
    TeamTime::default()
}
