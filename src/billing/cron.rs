//! Cron runs on every platform: how long a run is priced for when the scenario does
//! not say, so a scheduled job is never a silent $0.

use super::Bill;
use crate::scenario::model::Service;

/// Minutes a cron run is priced at when the scenario gives no `run_minutes`.
pub const DEFAULT_RUN_MINUTES: f64 = 1.0;

/// Wall-clock minutes of one run of a cron service: its `run_minutes`, else
/// [`DEFAULT_RUN_MINUTES`] (an assumption of the bill), so a cron is never a silent $0.
pub fn run_minutes(service: &Service, bill: &mut Bill) -> f64 {
    if service.run_minutes > 0.0 {
        return service.run_minutes;
    }
    bill.assume(format!("cron `{}` gives no `run_minutes`: each run is priced as {DEFAULT_RUN_MINUTES} minute (set `run_minutes`)", service.name));
    DEFAULT_RUN_MINUTES
}
