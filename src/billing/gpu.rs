//! Services that need a GPU: never priced as CPU machines.
//!
//! - Fly.io sold GPU machines (A10, L40S, A100 40G, A100 80G) until 2026-08-01; the
//!   last published prices are kept in `pricing/archive/fly-gpus.toml` (embedded), and
//!   a GPU service on Fly is a blocking `no_longer_sold` finding quoting them.
//! - Render and Vercel sell no GPU: the option cannot host the service (`cannot_host`).
//! - Compose runs a GPU service on GPU servers of its host's book, one server per
//!   instance: a server with the same GPU model, or one listed as equivalent with at
//!   least the GPU's memory; without one the option cannot host it.

use std::collections::BTreeMap;

use super::Bill;
use crate::findings::{Finding, FindingKind};
use crate::platforms::gpus::fly_archive;
use crate::scenario::model::{Gpu, Service};

fn needs(g: &Gpu) -> String {
    format!("{} × GPU {}", g.count, g.kind)
}

/// A GPU service on Fly: no longer sold, with the last published price.
pub fn fly(_ctx: &super::Context, service: &Service, bill: &mut Bill) {
    let Some(g) = &service.gpu else { return };
    // a month is 730 hours (8,760 / 12) for prices quoted per hour
    let hours = 730.0;
    let message = match fly_archive().and_then(|a| a.gpus.get(&g.kind).map(|r| (a, r))) {
        Some((a, r)) => {
            let date = a.sources.get(&r.source).map(|s| s.date.clone()).unwrap_or_default();
            format!(
                "Fly no longer sells {} machines (GPUs unavailable after {}): last price ${:.2}/h per GPU as of {date} (${:.2} on demand before the wind-down), {} a month for {} GPU(s) over {hours} h on top of the {} machine; `{}` cannot run on this option",
                g.kind,
                a.last_sold,
                r.hourly,
                r.list_hourly,
                crate::money::usd(r.hourly * hours * g.count as f64),
                g.count,
                r.preset,
                service.name
            )
        }
        None => format!(
            "Fly sells no GPU machines (its A10, L40S and A100 machines were unavailable after 2026-08-01; `{}` is not one of them): `{}` ({}) cannot run on this option",
            g.kind,
            service.name,
            needs(g)
        ),
    };
    bill.flag(Finding::new(FindingKind::NoLongerSold, message).for_service(&service.name));
    bill.summarise(service, super::fly::PROVIDER, format!("(GPU {} no longer sold)", g.kind), 0.0, 0, "-");
}

/// A GPU service on a platform that sells no GPU: the option cannot host it.
pub fn cannot_host(platform: &str, provider: &str, service: &Service, bill: &mut Bill) {
    let Some(g) = &service.gpu else { return };
    bill.flag(
        Finding::new(
            FindingKind::CannotHost,
            format!("{platform} sells no GPU: this option is not available for this app (`{}` needs {})", service.name, needs(g)),
        )
        .for_service(&service.name),
    );
    bill.summarise(service, provider, "(no GPU)", 0.0, 0, "-");
}

/// Memory of a GPU named as a platform names it (Fly's presets), GB, when known.
fn gpu_memory_gb(kind: &str) -> Option<f64> {
    fly_archive().and_then(|a| a.gpus.get(kind)).map(|r| r.gpu_memory_gb)
}

/// Whether a server's GPUs hold `need`: the same model, or an equivalent with at least
/// its memory (`any`: every GPU), and at least as many of them.
fn holds(spec: &crate::pricing::book::GpuSpec, need: &Gpu) -> bool {
    let model = need.kind == "any"
        || spec.model == need.kind
        || (spec.equivalent.contains(&need.kind) && gpu_memory_gb(&need.kind).is_none_or(|m| spec.memory_gb + 1e-9 >= m));
    model && spec.count >= need.count
}

/// A GPU service on Compose: the cheapest GPU server of `host`'s book that holds its
/// GPUs and configured memory, one per instance; else the option cannot host it.
pub fn compose_node(ctx: &super::Context, host: &str, sizes: &BTreeMap<String, crate::pricing::book::Size>, service: &Service, bill: &mut Bill) {
    let Some(g) = &service.gpu else { return };
    let memory = service.memory_mb.unwrap_or(0.0);
    let best = sizes
        .iter()
        .filter(|(_, s)| s.gpu.as_ref().is_some_and(|spec| holds(spec, g)) && s.memory_mb + 1e-9 >= memory)
        .min_by(|a, b| a.1.price.total_cmp(&b.1.price).then(a.0.cmp(b.0)));
    let Some((name, size)) = best else {
        cannot_host(&format!("{host} (no GPU server with {} in its book)", needs(g)), host, service, bill);
        return;
    };
    let n = service.instances.unwrap_or(1).max(service.min_instances.unwrap_or(1)).max(1);
    match ctx.prices.size(host, name, None, &format!("GPU server for `{}`", service.name)) {
        Ok(p) => {
            let spec = size.gpu.as_ref();
            let card = spec.map(|s| format!("{} × {} {} GB", s.count, s.model, s.memory_gb)).unwrap_or_default();
            bill.charge(&service.name, "gpu server", format!("{name} ({card}) × {n}"), n as f64, &p, host);
            if let Some(fee) = size.setup_fee {
                bill.assume(format!("{host} `{name}`: a one-time setup fee of {fee} {} per server, not in the monthly total", p.currency));
            }
            if let Some(why) = spec.filter(|s| s.model != g.kind && g.kind != "any").and_then(|s| s.reason.clone()) {
                bill.assume(format!(
                    "`{}` needs {}: {name}'s {} stands in for it ({why})",
                    service.name,
                    needs(g),
                    spec.map(|s| s.model.as_str()).unwrap_or_default()
                ));
            }
        }
        Err(m) => bill.missing(m),
    }
    bill.summarise(service, host, name.clone(), n as f64, n, "gpu");
    bill.sized(size.vcpus, size.memory_mb);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_archive_parses_with_the_last_prices() {
        let a = fly_archive().expect("the embedded archive parses");
        // Fly's deprecation commit of 2026-02-11: A100 40G $2.50 -> $1.25 per hour
        let r = &a.gpus["a100-40gb"];
        assert_eq!((r.hourly, r.list_hourly), (1.25, 2.50));
        assert!(a.sources.contains_key(&r.source));
        assert_eq!(a.last_sold.to_string(), "2026-08-01");
    }
}
