//! Priced third-party APIs (`pricing/apis.toml`): image processing, error tracking,
//! messaging, email. The numbers are book data; these are the rules.
//!
//! A product `P` of provider `V` is keyed `V.P` in the `apis` book:
//! - `[rates."V.P"]`: a price per unit with an optional `free` allowance and
//!   `minimum`; used alone (pay as you go), or as the overage of a plan;
//! - `[plans.NAME]` whose `included` has the key `"V.P"`: a plan step, its fee
//!   covering that many units a month. A plan with the feature `prepaid_bucket` is
//!   bought in whole buckets (`⌈used ÷ included⌉` of them; unused units do not
//!   roll over); another plan's units beyond its allowance are billed at the rate,
//!   and without a rate, or past the plan's `limits."V.P"` (a hard cap), it cannot
//!   take them.
//! - Without a pinned `plan`, the cheapest plan that covers the month's usage is
//!   taken (ties: the book's `rank`). When none covers it, the largest is billed
//!   and the units beyond it are a missing price, so the total is a lower bound.

use crate::error::{Diagnostic, one_of};
use crate::ledger::{Bill, Part};
use crate::pricing::book::Plan;
use crate::pricing::{MissingPrice, Prices};

/// Provider id of the book of priced APIs.
pub const BOOK: &str = "apis";
/// The plan feature of plans sold as prepaid buckets.
pub const PREPAID_BUCKET: &str = "prepaid_bucket";

/// One priced API entry at one stage: who pays, what, how much.
pub struct Metered<'a> {
    /// Service the cost belongs to, or `(product)`.
    pub owner: &'a crate::ledger::LineOwner,
    /// Entry name (the line's component).
    pub name: &'a str,
    /// API provider id (`photoroom`).
    pub provider: &'a str,
    /// Product (`remove_background`).
    pub product: &'a str,
    /// Units used this month.
    pub used: f64,
}

/// What a plan costs for `used` units: buckets or one fee, the units over its
/// allowance, and whether the rate can take them.
fn plan_cost(plan: &Plan, key: &str, used: f64, rate: Option<f64>) -> (f64, f64, f64) {
    let included = plan.included.get(key).copied().unwrap_or(0.0);
    if plan.features.iter().any(|f| f == PREPAID_BUCKET) && included > 0.0 {
        let n = (used / included - 1e-9).ceil().max(0.0);
        return (n, 0.0, n * plan.price);
    }
    let over = (used - included).max(0.0);
    if plan.limits.get(key).is_some_and(|cap| used > *cap) {
        return (1.0, over, f64::INFINITY);
    }
    let cost = plan.price + rate.map(|r| over * r).unwrap_or(if over > 0.0 { f64::INFINITY } else { 0.0 });
    (1.0, over, cost)
}

/// Where an entry's fields are written, to locate errors: its provider, product and plan.
pub struct Places {
    /// At `provider`.
    pub provider: Diagnostic,
    /// At `product`.
    pub product: Diagnostic,
    /// At `plan`, with the plan named, when the entry pins one.
    pub plan: Option<(String, Diagnostic)>,
}

/// Bills one priced API entry; `at` locates errors in the scenario.
pub fn charge(m: &Metered, at: Places, prices: &Prices, bill: &mut Bill) -> Result<(), Diagnostic> {
    let key = format!("{}.{}", m.provider, m.product);
    let needed_for = format!("API `{}`", m.name);
    let Some(book) = prices.book(BOOK) else {
        bill.missing(MissingPrice { provider: BOOK.into(), entry: format!("rates.\"{key}\""), needed_for });
        return Ok(());
    };
    let rate = book.rates.get(&key);
    let plans: Vec<(&String, &Plan)> = book.plans.iter().filter(|(_, p)| p.included.contains_key(&key)).collect();
    if rate.is_none() && plans.is_empty() {
        return Err(unknown_product(m, &at, book));
    }
    let Some((name, plan)) = choose_plan(m, &at, &key, plans, rate.map(|r| r.price))? else {
        // pay as you go at the rate
        match prices.rate(BOOK, &key, None, &needed_for) {
            Ok(p) => bill.meter(m.owner.clone(), m.name, format!("`{key}`: {} {}", crate::money::quantity(m.used), p.unit), m.used, &p, m.provider),
            Err(e) => bill.missing(e),
        }
        bill.last_in(Part::Apis);
        return Ok(());
    };
    on_plan(m, &key, name, plan, rate.map(|r| r.price), prices, bill);
    Ok(())
}

/// The error for a provider or product the book has neither a rate nor a plan for,
/// at the line that names it, listing what the book has.
fn unknown_product(m: &Metered, at: &Places, book: &crate::pricing::book::PriceBook) -> Diagnostic {
    let keys: Vec<(String, String)> = book
        .rates
        .keys()
        .chain(book.plans.values().flat_map(|p| p.included.keys()))
        .filter_map(|k| k.split_once('.').map(|(v, p)| (v.to_string(), p.to_string())))
        .collect();
    let mut products: Vec<String> = keys.iter().filter(|(v, _)| v == m.provider).map(|(_, p)| p.clone()).collect();
    products.sort();
    products.dedup();
    if products.is_empty() {
        let mut providers: Vec<String> = keys.into_iter().map(|(v, _)| v).collect();
        providers.sort();
        providers.dedup();
        return Diagnostic { message: format!("no API provider `{}` in the `{BOOK}` price book", m.provider), ..at.provider.clone() }
            .with_help(format!("providers: {}; an LLM names a `model` instead of a `product`", one_of(&providers)));
    }
    Diagnostic { message: format!("`{}` has no product `{}` in the `{BOOK}` price book", m.provider, m.product), ..at.product.clone() }.with_help(format!(
        "products of `{}`: {}",
        m.provider,
        one_of(&products)
    ))
}

/// The plan an API is on: the one named (an error at its line when the book has no
/// such plan for the product), else the cheapest for the use; `None`: pay as you go.
fn choose_plan<'a>(
    m: &Metered,
    at: &Places,
    key: &str,
    mut plans: Vec<(&'a String, &'a Plan)>,
    rate: Option<f64>,
) -> Result<Option<(&'a String, &'a Plan)>, Diagnostic> {
    Ok(match &at.plan {
        Some((name, at)) => match plans.iter().find(|(n, _)| **n == *name) {
            Some(p) => Some(*p),
            None => {
                let names: Vec<String> = plans.iter().map(|(n, _)| (*n).clone()).collect();
                return Err(Diagnostic { message: format!("unknown plan `{name}` for `{key}`"), ..at.clone() }.with_help(format!("plans: {}", one_of(&names))));
            }
        },
        None => {
            plans.sort_by(|a, b| {
                let ca = plan_cost(a.1, key, m.used, rate).2;
                let cb = plan_cost(b.1, key, m.used, rate).2;
                ca.total_cmp(&cb).then(a.1.rank.cmp(&b.1.rank)).then(a.0.cmp(b.0))
            });
            match plans.first() {
                Some(p) if plan_cost(p.1, key, m.used, rate).2.is_finite() => Some(*p),
                Some(_) => plans.iter().max_by(|a, b| a.1.included.get(key).unwrap_or(&0.0).total_cmp(b.1.included.get(key).unwrap_or(&0.0))).copied(),
                None => None,
            }
        }
    })
}

/// Charges an API on a plan: the plan fee (a prepaid bucket, or a monthly fee) and
/// the use beyond what it includes at the rate.
fn on_plan(m: &Metered, key: &str, name: &str, plan: &Plan, rate: Option<f64>, prices: &Prices, bill: &mut Bill) {
    let needed_for = format!("API `{}`", m.name);
    let included = plan.included.get(key).copied().unwrap_or(0.0);
    let (n, over, _) = plan_cost(plan, key, m.used, rate);
    match prices.plan(BOOK, "plans", name, &needed_for) {
        Ok(mut p) => {
            let bucket = plan.features.iter().any(|f| f == PREPAID_BUCKET);
            p.unit = if bucket { format!("bucket of {}", crate::money::quantity(included)) } else { "month".into() };
            let how = if bucket { "prepaid buckets, no rollover" } else { "included" };
            let detail = format!("`{key}`: {} used; plan `{name}`, {} {how}", crate::money::quantity(m.used), crate::money::quantity(included));
            bill.charge(m.owner.clone(), m.name, detail, n, &p, m.provider);
            bill.last_in(Part::Apis);
        }
        Err(e) => bill.missing(e),
    }
    if over > 0.0 {
        match prices.rate(BOOK, key, None, &needed_for) {
            Ok(mut p) => {
                p.free = 0.0;
                bill.charge(m.owner.clone(), m.name, format!("`{key}`: {} over plan `{name}`", crate::money::quantity(over)), over, &p, m.provider);
                bill.last_in(Part::Apis);
            }
            Err(_) => bill.missing(MissingPrice {
                provider: BOOK.into(),
                entry: format!("rates.\"{key}\""),
                needed_for: format!("{needed_for}: {} units over plan `{name}`", crate::money::quantity(over)),
            }),
        }
    }
}
