//! Discounts, markups and credits that overlays state, as line items of their own:
//! each names the lines it applies to and cites the overlay's source.
//!
//! Per provider, discounts apply first, then markups, then credits, each kind in the
//! order the overlays state them. A discount or markup is a percentage of what its
//! lines cost before any adjustment; a discount or credit takes at most what its
//! lines still cost after the adjustments before it, so stacked adjustments (an
//! overlay laid twice over, a discount and a credit) never take a provider's hosting
//! below zero. A capped line says so in its detail.

use crate::ledger::{LineItem, Part};
use crate::pricing::overlay::{Adjustment, AdjustmentKind};
use crate::pricing::{Prices, SourceRef};

/// The adjustment lines for a bill's `items`: per provider with adjustments, each
/// one on that provider's hosting lines (of the named components).
pub fn lines(prices: &Prices, items: &[LineItem]) -> Vec<LineItem> {
    let mut out = Vec::new();
    for (provider, adjustments) in prices.adjustments() {
        // what each of the provider's hosting lines costs so far, as adjustments apply
        let mut left: Vec<(usize, f64)> =
            items.iter().enumerate().filter(|(_, l)| l.part == Part::Hosting && l.provider == *provider).map(|(i, l)| (i, l.monthly_cost_usd)).collect();
        let order = [AdjustmentKind::Discount, AdjustmentKind::Markup, AdjustmentKind::Credit];
        for a in order.iter().flat_map(|k| adjustments.iter().filter(move |a| a.kind == *k)) {
            let applies = |i: usize| applies(a, &items[i]);
            let base: f64 = left.iter().filter(|(i, _)| applies(*i)).map(|(i, _)| items[*i].monthly_cost_usd).sum();
            if base <= 0.0 {
                continue;
            }
            let still = left.iter().filter(|(i, _)| applies(*i)).map(|(_, v)| *v).sum::<f64>().max(0.0);
            let Some(line) = line(prices, provider, a, base, still) else { continue };
            // spread the line over the lines it applies to: a markup in proportion to
            // their cost, a discount or credit in proportion to what they still cost
            let cost = line.monthly_cost_usd;
            for (i, v) in left.iter_mut().filter(|(i, _)| applies(*i)) {
                *v += if cost >= 0.0 {
                    cost * items[*i].monthly_cost_usd / base
                } else if still > 0.0 {
                    cost * *v / still
                } else {
                    0.0
                };
            }
            out.push(line);
        }
    }
    out
}

/// The line of adjustment `a` on lines costing `base` before any adjustment and
/// `still` after those before it (USD).
fn line(prices: &Prices, provider: &str, a: &Adjustment, base: f64, still: f64) -> Option<LineItem> {
    let currency = prices.book(provider).map(|b| b.currency.clone()).unwrap_or_else(|| "USD".into());
    let on = match a.components.as_slice() {
        [] => format!("{provider} hosting lines"),
        c => format!("{provider} {} lines", c.join(", ")),
    };
    let q = crate::money::quantity;
    let capped = |wanted: f64| {
        if wanted > still + 1e-9 {
            (-still, format!("; capped at {} USD, what those lines still cost after the adjustments before it", q(still)))
        } else {
            (-wanted, String::new())
        }
    };
    let (cost, detail) = match a.kind {
        AdjustmentKind::Discount => {
            let p = a.percent.unwrap_or(0.0);
            let (cost, cap) = capped(base * p / 100.0);
            (cost, format!("{} % discount on {} USD of {on}{cap}", q(p), q(base)))
        }
        AdjustmentKind::Markup => {
            let p = a.percent.unwrap_or(0.0);
            (base * p / 100.0, format!("{} % markup on {} USD of {on}", q(p), q(base)))
        }
        AdjustmentKind::Credit => {
            let amount = prices.usd(a.amount.unwrap_or(0.0), &currency).ok()?;
            let (cost, cap) = capped(amount);
            (cost, format!("credit of {} {currency} a month on {on} (at most their cost){cap}", q(a.amount.unwrap_or(0.0))))
        }
    };
    // no negative zero in outputs
    let cost = if cost == 0.0 { 0.0 } else { cost };
    let cited = a.cited.as_ref();
    Some(LineItem {
        part: Part::Hosting,
        owner: crate::ledger::Owner::Account,
        service: crate::ledger::Owner::Account.label().into(),
        provider: provider.into(),
        component: match a.kind {
            AdjustmentKind::Discount => "discount",
            AdjustmentKind::Markup => "markup",
            AdjustmentKind::Credit => "credit",
        }
        .into(),
        detail,
        quantity: 1.0,
        unit: "month".into(),
        unit_price: cost,
        currency: "USD".into(),
        unit_price_usd: cost,
        monthly_cost_usd: cost,
        source: SourceRef {
            book: a.file.clone(),
            entry: format!("adjustments.{}", a.name),
            url: cited.map(|s| s.url.clone()).unwrap_or_default(),
            date: cited.map(|s| s.date.clone()).unwrap_or_default(),
            ..SourceRef::default()
        },
    })
}

fn applies(a: &Adjustment, l: &LineItem) -> bool {
    a.components.is_empty() || a.components.contains(&l.component)
}
