//! The tax its buyer pays (VAT, sales tax), per provider, as its own line.
//!
//! A scenario's `[tax]` (one `rate`, or a rate per provider) or `--tax RATE` sets
//! the rate. Every price book says whether its prices are `net` of tax or `gross`;
//! on a net book's lines the tax is one line per provider and part, component
//! `tax`, service `(tax)`, in the same part as what it taxes (hosting or APIs). It
//! stays in that part, not a part of its own, so the cash bill remains hosting +
//! APIs (what an invoice shows, tax included) and options compare on what the
//! buyer pays; the lines keep it apart and `tax_usd` sums them. Discounts and
//! credits (overlays) come first: tax is charged on what is billed. A gross book
//! already includes tax: nothing is added, and a note says so. The team's time is
//! never taxed.

use crate::billing::{LineItem, Owner, Part};
use crate::findings::{Finding, FindingKind};
use crate::money::percent;
use crate::pricing::book::TaxBasis;
use crate::pricing::{Prices, SourceRef};
use crate::scenario::model::Tax;

/// Component name of a tax line.
pub const COMPONENT: &str = "tax";

/// The tax lines for `items` under `tax` (none without a rate), and notes on books
/// that include tax or do not say. `origin` names where the rates were set
/// (the scenario file, or `--tax`).
pub fn lines(tax: &Tax, origin: &str, prices: &Prices, items: &[LineItem]) -> (Vec<LineItem>, Vec<Finding>) {
    let mut groups: Vec<(Part, String, f64, Option<TaxBasis>)> = Vec::new();
    for l in items.iter().filter(|l| l.part != Part::TeamTime && l.owner != Owner::Tax) {
        match groups.iter_mut().find(|g| g.0 == l.part && g.1 == l.provider) {
            Some(g) => g.2 += l.monthly_cost_usd,
            None => groups.push((l.part, l.provider.clone(), l.monthly_cost_usd, basis(prices, l))),
        }
    }
    let mut out = Vec::new();
    let mut findings = Vec::new();
    for (part, provider, base, basis) in groups {
        let Some(rate) = tax.rate_for(&provider).filter(|r| *r > 0.0) else { continue };
        match basis {
            Some(TaxBasis::Gross) => {
                findings
                    .push(Finding::new(FindingKind::Note, format!("{provider}'s prices already include tax (its book is `tax = \"gross\"`): no tax added")));
                continue;
            }
            Some(TaxBasis::None) => continue,
            None => findings.push(Finding::new(
                FindingKind::Assumption,
                format!("{provider}'s price book does not say whether its prices include tax: taken as net, {} added", percent(rate)),
            )),
            Some(TaxBasis::Net) => {}
        }
        let entry = if tax.providers.contains_key(&provider) { format!("tax.providers.{provider}") } else { "tax.rate".to_string() };
        out.push(LineItem {
            part,
            owner: Owner::Tax,
            service: Owner::Tax.label().into(),
            provider: provider.clone(),
            component: COMPONENT.into(),
            detail: format!("{} tax on {provider}'s net bill of {}", percent(rate), crate::money::usd(base)),
            quantity: base,
            unit: "USD".into(),
            unit_price: rate,
            currency: "USD".into(),
            unit_price_usd: rate,
            monthly_cost_usd: base * rate,
            source: SourceRef { book: origin.to_string(), entry, url: String::new(), date: String::new(), secondary: false, quoted: None, list: None },
        });
    }
    (out, findings)
}

/// The tax basis of the book a line's price comes from: the provider's book, else
/// the book the line cites.
fn basis(prices: &Prices, line: &LineItem) -> Option<TaxBasis> {
    prices.book(&line.provider).or_else(|| prices.book_at(&line.source.book)).and_then(|b| b.tax)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn book(provider: &str, tax: &str) -> String {
        format!(
            "schema = 1\nprovider = \"{provider}\"\ntitle = \"T\"\ncurrency = \"USD\"\nas_of = 2026-11-01\n{tax}\n[sources.S]\nurl = \"https://example.com\"\ndate = \"2026-11-01\"\n"
        )
    }

    fn line(provider: &str, part: Part, cost: f64) -> LineItem {
        LineItem {
            part,
            owner: Owner::Service,
            service: "web".into(),
            provider: provider.into(),
            component: "compute".into(),
            detail: String::new(),
            quantity: 1.0,
            unit: "month".into(),
            unit_price: cost,
            currency: "USD".into(),
            unit_price_usd: cost,
            monthly_cost_usd: cost,
            source: SourceRef::default(),
        }
    }

    #[test]
    fn net_books_are_taxed_per_provider_gross_ones_are_not_and_team_time_never() {
        let mut prices = Prices::empty();
        for (p, t) in [("hetzner", "tax = \"net\""), ("render", "tax = \"gross\""), ("tigris", "")] {
            prices.add(std::path::Path::new(&format!("{p}.toml")), &book(p, t)).expect("book");
        }
        let items = [
            line("hetzner", Part::Hosting, 10.0),
            line("hetzner", Part::Hosting, 30.0),
            line("render", Part::Hosting, 50.0),
            line("tigris", Part::Hosting, 20.0),
            line("hetzner", Part::TeamTime, 100.0),
        ];
        let tax = Tax { rate: Some(0.2), providers: [("tigris".to_string(), crate::scenario::model::TaxRate(0.1))].into(), ..Default::default() };
        let (lines, notes) = lines(&tax, "s.toml#tax", &prices, &items);
        // net (hetzner): 20% of $40 = $8 (the team's $100 untaxed); unsaid (tigris): its own 10% of $20 = $2, taken as net; gross (render): none
        let cost = |p: &str| lines.iter().filter(|l| l.provider == p).map(|l| l.monthly_cost_usd).sum::<f64>();
        assert!((cost("hetzner") - 8.0).abs() < 1e-9 && (cost("tigris") - 2.0).abs() < 1e-9 && cost("render") == 0.0, "{lines:?}");
        assert_eq!(lines.len(), 2);
        assert!(lines.iter().all(|l| l.component == COMPONENT && l.part == Part::Hosting));
        assert_eq!(lines.iter().find(|l| l.provider == "tigris").map(|l| l.source.entry.as_str()), Some("tax.providers.tigris"));
        assert!(notes.iter().any(|n| n.kind == FindingKind::Note && n.message.contains("gross")));
        assert!(notes.iter().any(|n| n.kind == FindingKind::Assumption && n.message.contains("tigris")));
    }
}
