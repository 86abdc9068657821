//! Object storage priced as object storage: an `object_storage` service is billed on
//! its platform's object store, not as a MinIO container on block volumes.
//!
//! Rules (each store's price book cites the vendor's page):
//! - Fly: Tigris (`pricing/tigris.toml`), storage per GB-month and Class A / B
//!   requests per thousand, each with a monthly free allowance; no egress fees.
//! - Compose on Hetzner: Hetzner Object Storage, a monthly base that includes 1 TB of
//!   storage and 1 TB of traffic, storage beyond it per TB-hour, traffic per TB; no
//!   request charges.
//! - Compose on DigitalOcean: Spaces, a monthly subscription with 250 GiB and 1 TiB of
//!   transfer, beyond them per GiB; no request charges.
//! - Render has no object store: the default is Cloudflare R2, an S3-compatible store
//!   with no egress fees (so serving files costs only its requests), storage per
//!   GB-month and operations per million beyond a free allowance.
//!
//! The option can name another store (`store = "…"`), or run the service itself
//! (`deploy = "machine"`: MinIO on a machine with its volume, as before).

use super::{Bill, Context};
use crate::error::{Diagnostic, one_of};
use crate::scenario::model::Service;

/// Hours in a month (the month rule: 8,760 / 12).
pub const MONTH_HOURS: f64 = 730.0;

/// How a quantity is turned into the rate's unit.
#[derive(Debug, Clone, Copy)]
enum Per {
    /// GB as is.
    Gb,
    /// TB (1,024 GB).
    Tb,
    /// TB held for every hour of the month.
    TbHour,
    /// Thousands of requests.
    Thousand,
    /// Millions of requests.
    Million,
}

impl Per {
    fn of(self, x: f64) -> f64 {
        match self {
            Per::Gb => x,
            Per::Tb => x / 1024.0,
            Per::TbHour => x / 1024.0 * MONTH_HOURS,
            Per::Thousand => x / 1e3,
            Per::Million => x / 1e6,
        }
    }
}

/// An object store: its price book and the rates of each meter.
#[derive(Debug, Clone, Copy)]
pub struct Store {
    /// Id a scenario names it by (`store = "…"`).
    pub id: &'static str,
    /// Name shown on bills.
    pub name: &'static str,
    /// Provider id of its price book.
    pub book: &'static str,
    base: Option<&'static str>,
    storage: (&'static str, Per),
    class_a: Option<(&'static str, Per)>,
    class_b: Option<(&'static str, Per)>,
    egress: Option<(&'static str, Per)>,
}

/// Every store hostcast prices.
pub const STORES: [Store; 4] = [
    Store {
        id: "tigris",
        name: "Tigris",
        book: "tigris",
        base: None,
        storage: ("storage_gb", Per::Gb),
        class_a: Some(("class_a_1k", Per::Thousand)),
        class_b: Some(("class_b_1k", Per::Thousand)),
        egress: Some(("egress_gb", Per::Gb)),
    },
    Store {
        id: "cloudflare_r2",
        name: "Cloudflare R2",
        book: "cloudflare",
        base: None,
        storage: ("r2_storage_gb", Per::Gb),
        class_a: Some(("r2_class_a_1m", Per::Million)),
        class_b: Some(("r2_class_b_1m", Per::Million)),
        egress: Some(("r2_egress_gb", Per::Gb)),
    },
    Store {
        id: "hetzner",
        name: "Hetzner Object Storage",
        book: "hetzner",
        base: Some("object_storage_base"),
        storage: ("object_storage_tb_hour", Per::TbHour),
        class_a: None,
        class_b: None,
        egress: Some(("object_storage_traffic_tb", Per::Tb)),
    },
    Store {
        id: "spaces",
        name: "DigitalOcean Spaces",
        book: "digitalocean",
        base: Some("spaces_base"),
        storage: ("spaces_storage_gb", Per::Gb),
        class_a: None,
        class_b: None,
        egress: Some(("spaces_transfer_gb", Per::Gb)),
    },
];

/// The store a platform's engine uses by default, by id.
pub fn store(id: &str) -> Option<&'static Store> {
    STORES.iter().find(|s| s.id == id)
}

/// Whether the option runs this object store itself (MinIO with a volume).
pub fn self_run(ctx: &Context, service: &Service) -> bool {
    ctx.pin(&service.name).deploy.as_ref().is_some_and(|d| d.get_ref() == "machine")
}

/// Whether `service` is an object store bought as a service (not self-run on a
/// machine or node): it sends its downloads itself, so they are its store's egress
/// and never the platform's bandwidth. Each byte has one sender.
pub fn served_by_store(ctx: &Context, service: &Service) -> bool {
    service.kind == crate::scenario::model::Kind::ObjectStorage && !self_run(ctx, service)
}

/// Bills an `object_storage` service on the option's store: the pinned `store`, else
/// `default_id`. `why_default` says why that store, when the platform has none of its own.
pub fn bill(ctx: &Context, service: &Service, default_id: &str, why_default: Option<&str>, bill: &mut Bill) -> Result<(), Diagnostic> {
    let pin = ctx.pin(&service.name);
    let chosen = match &pin.store {
        Some(p) => store(p.get_ref()).ok_or_else(|| {
            let ids: Vec<String> = STORES.iter().map(|s| s.id.to_string()).collect();
            ctx.scenario
                .at(p.span(), format!("unknown object store `{}` for service `{}`", p.get_ref(), service.name))
                .with_help(format!("valid stores: {}", one_of(&ids)))
        })?,
        None => {
            let Some(s) = store(default_id) else { return Ok(()) };
            if let Some(why) = why_default {
                bill.assume(format!("`{}` is priced on {}: {why}", service.name, s.name));
            }
            s
        }
    };
    let d = ctx.demand(service);
    let days = ctx.scenario.file.scenario.days_per_month;
    let reads = d.requests_per_month;
    let writes = d.active_users * service.uploads_per_user_day * days;
    let name = &service.name;
    let q = crate::money::quantity;
    let meter = |rate: &str, per: Per, used: f64, component: &str, detail: String, bill: &mut Bill| match ctx.prices.rate(
        chosen.book,
        rate,
        None,
        &format!("{} for `{name}`", chosen.name),
    ) {
        Ok(p) => bill.meter(name, component, detail, per.of(used), &p, chosen.book),
        Err(m) => bill.missing(m),
    };
    if let Some(base) = chosen.base {
        match ctx.prices.rate(chosen.book, base, None, &format!("{} for `{name}`", chosen.name)) {
            Ok(p) => bill.charge(name, "object storage", format!("{} base", chosen.name), 1.0, &p, chosen.book),
            Err(m) => bill.missing(m),
        }
    }
    let (rate, per) = chosen.storage;
    meter(rate, per, d.storage_gb, "storage", format!("{} GB stored on {}", q(d.storage_gb), chosen.name), bill);
    if let Some((rate, per)) = chosen.class_a {
        meter(rate, per, writes, "requests", format!("{} writes (Class A)", q(writes)), bill);
    }
    if let Some((rate, per)) = chosen.class_b {
        meter(rate, per, reads, "requests", format!("{} reads (Class B)", q(reads)), bill);
    }
    if let Some((rate, per)) = chosen.egress {
        meter(rate, per, d.egress_gb_month, "egress", format!("{} GB served", q(d.egress_gb_month)), bill);
    }
    bill.summarise(service, chosen.book, chosen.name, 1.0, 1, "usage");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_convert_as_the_books_bill() {
        assert_eq!(Per::Tb.of(2048.0), 2.0);
        assert_eq!(Per::TbHour.of(1024.0), 730.0);
        assert_eq!(Per::Million.of(3e6), 3.0);
        assert!(store("cloudflare_r2").is_some() && store("minio").is_none());
    }
}
