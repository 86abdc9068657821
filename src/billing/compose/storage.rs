//! Where a Compose option's data is kept: on the nodes' local disks while it fits,
//! else on the provider's volumes, each billed at least its smallest size.

use super::*;

/// One node's data: on its local disk while it fits, else on a volume. Returns what
/// the volume costs, USD a month.
pub(super) fn storage(ctx: &Context, host: &str, gb: f64, local: f64, bill: &mut Bill) -> f64 {
    if gb <= 0.0 {
        return 0.0;
    }
    if gb <= local {
        bill.assume(format!("Compose: {gb:.0} GB of data fits on the nodes' local disks ({local:.0} GB free)"));
        return 0.0;
    }
    match ctx.prices.rate(host, "volume_gb", None, "volumes for data") {
        Ok(p) => {
            let billed = at_least(gb, &p);
            bill.charge(NODES, "volume", volume_detail(format!("{gb:.0} GB of data"), gb, billed), billed, &p, host);
            billed * p.usd
        }
        Err(m) => {
            bill.missing(m);
            0.0
        }
    }
}

/// What one volume of `gb` is billed for: at least the provider's smallest volume.
fn at_least(gb: f64, p: &crate::pricing::Price) -> f64 {
    gb.max(p.min_quantity.unwrap_or(0.0))
}

/// A volume line's detail, saying when the smallest volume size raised it.
fn volume_detail(what: String, gb: f64, billed: f64) -> String {
    if billed > gb + 1e-9 { format!("{what}, billed as {billed:.0} GB: the provider's smallest volumes") } else { what }
}

/// Swarm's data on volumes: the app services' volumes, the data services' data on
/// the database node, and at high availability Postgres's data again on its replica.
pub(super) fn volumes(ctx: &Context, host: &str, app_gb: f64, data_gb: f64, replica_gb: f64, bill: &mut Bill) -> f64 {
    let gb = app_gb + data_gb + replica_gb;
    if gb <= 0.0 {
        return 0.0;
    }
    let what = if replica_gb > 0.0 {
        format!("{data_gb:.0} GB of database data + {replica_gb:.0} GB on the replica")
    } else {
        format!("{data_gb:.0} GB of database data")
    };
    let detail = if app_gb > 0.0 { format!("{what} + {app_gb:.0} GB of app volumes") } else { what };
    match ctx.prices.rate(host, "volume_gb", None, "volumes for data") {
        Ok(p) => {
            // each volume is billed at least the provider's smallest size
            let billed = [app_gb, data_gb, replica_gb].iter().filter(|g| **g > 0.0).map(|g| at_least(*g, &p)).sum::<f64>();
            bill.charge(NODES, "volume", volume_detail(detail, gb, billed), billed, &p, host);
            billed * p.usd
        }
        Err(m) => {
            bill.missing(m);
            0.0
        }
    }
}
