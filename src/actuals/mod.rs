//! Actuals: what the providers billed, read from their exports, one charge at a
//! time. [`focus`] reads FOCUS exports (CSV and JSON Lines, FOCUS 1.0–1.2 columns)
//! and hands each [`Charge`] to a visitor without keeping it; [`groups`] sums the
//! charges as they stream by into [`groups::Groups`], one entry per month, provider,
//! service, resource, SKU, category, currency and unit, each keeping the file and
//! line of its first charge. Memory grows with the distinct entries, never with the
//! rows. Nothing here knows prices or scenarios: matching charges to a forecast is
//! `reconcile`'s work.

pub mod focus;
pub mod groups;

use serde::Serialize;

/// The highest-level kind of a charge (FOCUS `ChargeCategory`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Default)]
pub enum Category {
    /// Consumption of a service, billed in arrears.
    #[default]
    Usage,
    /// A purchase: a plan fee, a commitment, a one-off.
    Purchase,
    /// Tax the buyer pays on the bill.
    Tax,
    /// A credit (negative) the provider grants.
    Credit,
    /// A correction after the fact: refunds, rounding, corrections.
    Adjustment,
}

impl Category {
    /// Every category, in FOCUS's spelling.
    pub const ALL: [Category; 5] = [Category::Usage, Category::Purchase, Category::Tax, Category::Credit, Category::Adjustment];

    /// The value as FOCUS writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Usage => "Usage",
            Category::Purchase => "Purchase",
            Category::Tax => "Tax",
            Category::Credit => "Credit",
            Category::Adjustment => "Adjustment",
        }
    }

    /// The category written `text` (any case).
    pub fn parse(text: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.as_str().eq_ignore_ascii_case(text.trim()))
    }

    /// Whether the charge is consumption or a purchase: what a forecast line prices.
    /// Tax, credits and adjustments are rows of their own.
    pub fn is_priced(self) -> bool {
        matches!(self, Category::Usage | Category::Purchase)
    }
}

/// One charge of an export, as the reader hands it over (its buffers are reused for
/// the next row: copy what must outlive the call).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Charge {
    /// 1-based line the charge starts on in its file.
    pub line: u64,
    /// Calendar month of `ChargePeriodStart`: `YYYY-MM`.
    pub month: String,
    /// `ChargeCategory`.
    pub category: Category,
    /// `ServiceProviderName` when present, else `ProviderName`.
    pub provider: String,
    /// `ServiceName` (may be empty).
    pub service_name: String,
    /// `ResourceName` when present, else `ResourceId` (may be empty).
    pub resource: String,
    /// `SkuId` (may be empty).
    pub sku: String,
    /// `ChargeDescription` (may be empty).
    pub description: String,
    /// `BilledCost`, in `currency`.
    pub billed_cost: f64,
    /// `BillingCurrency`: an ISO 4217 code.
    pub currency: String,
    /// The billable quantity: `PricingQuantity` when `PricingUnit` is given, else
    /// `ConsumedQuantity` in `ConsumedUnit`; `None` when the row has neither.
    pub quantity: Option<f64>,
    /// The unit of `quantity` as the export writes it (empty without a quantity).
    pub unit: String,
    /// `x_Service`: the scenario's service the charge belongs to, when the export names it.
    pub x_service: String,
    /// `x_Component`: the forecast line's component, when the export names it.
    pub x_component: String,
}
