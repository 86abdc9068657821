//! Discounts, markups and credits that overlays state, as line items of their own:
//! each names the lines it applies to and cites the overlay's source.

use crate::ledger::{LineItem, Part};
use crate::pricing::overlay::{Adjustment, AdjustmentKind};
use crate::pricing::{Prices, SourceRef};

/// The adjustment lines for a bill's `items`: per provider with adjustments, each
/// one on the sum of that provider's hosting lines (of the named components).
pub fn lines(prices: &Prices, items: &[LineItem]) -> Vec<LineItem> {
    let mut out = Vec::new();
    for (provider, adjustments) in prices.adjustments() {
        for a in adjustments {
            let base: f64 = items.iter().filter(|l| applies(a, provider, l)).map(|l| l.monthly_cost_usd).sum();
            if base <= 0.0 {
                continue;
            }
            if let Some(line) = line(prices, provider, a, base) {
                out.push(line);
            }
        }
    }
    out
}

fn line(prices: &Prices, provider: &str, a: &Adjustment, base: f64) -> Option<LineItem> {
    let currency = prices.book(provider).map(|b| b.currency.clone()).unwrap_or_else(|| "USD".into());
    let on = match a.components.as_slice() {
        [] => format!("{provider} hosting lines"),
        c => format!("{provider} {} lines", c.join(", ")),
    };
    let (cost, detail) = match a.kind {
        AdjustmentKind::Discount => {
            let p = a.percent.unwrap_or(0.0);
            (-base * p / 100.0, format!("{} % discount on {} USD of {on}", crate::money::quantity(p), crate::money::quantity(base)))
        }
        AdjustmentKind::Markup => {
            let p = a.percent.unwrap_or(0.0);
            (base * p / 100.0, format!("{} % markup on {} USD of {on}", crate::money::quantity(p), crate::money::quantity(base)))
        }
        AdjustmentKind::Credit => {
            let amount = prices.usd(a.amount.unwrap_or(0.0), &currency).ok()?;
            let used = amount.min(base);
            (-used, format!("credit of {} {currency} a month on {on} (at most their cost)", crate::money::quantity(a.amount.unwrap_or(0.0))))
        }
    };
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

fn applies(a: &Adjustment, provider: &str, l: &LineItem) -> bool {
    l.part == Part::Hosting && l.provider == provider && (a.components.is_empty() || a.components.contains(&l.component))
}
