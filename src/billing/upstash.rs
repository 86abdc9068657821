//! Upstash Redis bought directly (not through Fly).
//!
//! Rules (https://upstash.com/docs/redis/overall/billing; research/pricing.md §5):
//! the free plan allows 500K commands, 256 MB and 10 GB of bandwidth a month; past
//! it, pay-as-you-go bills per 100K commands and per GB-month of storage beyond the
//! first GB; a fixed plan is a flat fee. The cheapest that fits is taken.

use super::{Bill, Context};
use crate::scenario::model::Service;

/// Provider id of the Upstash price book.
pub const PROVIDER: &str = "upstash";

/// Bills a Redis service on Upstash directly.
pub fn bill_redis(ctx: &Context, service: &Service, bill: &mut Bill) {
    let demand = ctx.demand(service);
    let dataset_mb = demand.storage_gb * 1024.0;
    let Some(book) = ctx.prices.book(PROVIDER) else {
        bill.missing(crate::pricing::MissingPrice { provider: PROVIDER.into(), entry: "(price book)".into(), needed_for: format!("`{}`", service.name) });
        return;
    };
    if let Some(free) = book.plans.get("free") {
        let within = |k: &str, v: f64| free.limits.get(k).is_none_or(|l| v <= *l);
        if within("commands", demand.commands_per_month) && within("memory_mb", dataset_mb) {
            if let Ok(p) = ctx.prices.plan(PROVIDER, "plans", "free", "Upstash free plan") {
                bill.charge(
                    &service.name,
                    "redis",
                    format!("Upstash free plan, {} commands", crate::money::quantity(demand.commands_per_month)),
                    1.0,
                    &p,
                    PROVIDER,
                );
            }
            bill.summarise(service, PROVIDER, "Upstash free", 1.0, 1, "plan");
            return;
        }
    }
    match (
        ctx.prices.rate(PROVIDER, "payg_100k_commands", None, "Upstash pay-as-you-go commands"),
        ctx.prices.rate(PROVIDER, "payg_storage_gb", None, "Upstash pay-as-you-go storage"),
    ) {
        (Ok(c), Ok(s)) => {
            bill.charge(
                &service.name,
                "redis",
                format!("{} commands", crate::money::quantity(demand.commands_per_month)),
                demand.commands_per_month / 100_000.0,
                &c,
                PROVIDER,
            );
            bill.meter(&service.name, "storage", format!("{:.2} GB", demand.storage_gb), demand.storage_gb, &s, PROVIDER);
            bill.summarise(service, PROVIDER, "Upstash pay-as-you-go", 1.0, 1, "usage");
        }
        (c, s) => {
            for m in [c.err(), s.err()].into_iter().flatten() {
                bill.missing(m);
            }
            bill.summarise(service, PROVIDER, "Upstash (unpriced)", 1.0, 1, "-");
        }
    }
}
