//! Charges summed as they stream by: one [`Group`] per file, month, category,
//! provider, service, resource, SKU, currency and unit (and the `x_` names), with
//! the line of its first charge, how many charges it holds, their billed cost and
//! their quantity. A million rows of a few hundred resources become a few thousand
//! groups; matching them to a forecast then costs nothing.

use std::collections::HashMap;
use std::path::Path;

use super::{Category, Charge};
use crate::error::Diagnostic;

/// Most groups held at once: 1,000,000 distinct (file, month, provider, service,
/// resource, SKU, unit) entries, some 200 MB; past it the run stops at the charge
/// that would open one more.
pub const MAX_GROUPS: usize = 1_000_000;

/// Charges that share everything a match reads, summed.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// Index of the file in [`Groups::files`].
    pub file: usize,
    /// Line of the first charge.
    pub line: u64,
    /// How many charges were summed.
    pub charges: u64,
    /// `YYYY-MM`.
    pub month: String,
    /// The charges' category.
    pub category: Category,
    /// Provider as the export names it.
    pub provider: String,
    /// `ServiceName`.
    pub service_name: String,
    /// `ResourceName`, else `ResourceId`.
    pub resource: String,
    /// `SkuId`.
    pub sku: String,
    /// `ChargeDescription` of the first charge.
    pub description: String,
    /// `BillingCurrency`.
    pub currency: String,
    /// Unit of `quantity` as the export writes it.
    pub unit: String,
    /// `x_Service`.
    pub x_service: String,
    /// `x_Component`.
    pub x_component: String,
    /// Sum of `BilledCost`, in `currency`.
    pub billed_cost: f64,
    /// Sum of the quantities (`None`: the charges carry none).
    pub quantity: Option<f64>,
}

/// The groups of every file read so far.
#[derive(Debug, Default)]
pub struct Groups {
    /// The files read, as named in messages, in the order read.
    pub files: Vec<String>,
    /// The groups, in the order their first charge came.
    pub groups: Vec<Group>,
    index: HashMap<String, usize, foldhash::fast::RandomState>,
    key: String,
}

impl Groups {
    /// Adds the charge `c` of file number `file`; `path` names the file in messages.
    pub fn add(&mut self, file: usize, path: &Path, c: &Charge) -> Result<(), Diagnostic> {
        self.key.clear();
        self.key.push_str(&file.to_string());
        for part in [&c.month, c.category.as_str(), &c.provider, &c.service_name, &c.resource, &c.sku, &c.currency, &c.unit, &c.x_service, &c.x_component] {
            self.key.push('\u{1f}');
            self.key.push_str(part);
        }
        self.key.push(if c.quantity.is_some() { 'q' } else { '-' });
        if let Some(&i) = self.index.get(self.key.as_str()) {
            let g = &mut self.groups[i];
            g.charges += 1;
            g.billed_cost += c.billed_cost;
            if let (Some(sum), Some(q)) = (g.quantity.as_mut(), c.quantity) {
                *sum += q;
            }
            return Ok(());
        }
        if self.groups.len() >= MAX_GROUPS {
            return Err(Diagnostic {
                path: path.to_path_buf(),
                line: Some(c.line as usize),
                column: Some(1),
                message: format!("more than {MAX_GROUPS} distinct month, provider, service, resource and SKU entries, past hostcast's cap (`MAX_GROUPS`)"),
                help: Some("reconcile fewer months at a time".into()),
            });
        }
        self.index.insert(self.key.clone(), self.groups.len());
        self.groups.push(Group {
            file,
            line: c.line,
            charges: 1,
            month: c.month.clone(),
            category: c.category,
            provider: c.provider.clone(),
            service_name: c.service_name.clone(),
            resource: c.resource.clone(),
            sku: c.sku.clone(),
            description: c.description.clone(),
            currency: c.currency.clone(),
            unit: c.unit.clone(),
            x_service: c.x_service.clone(),
            x_component: c.x_component.clone(),
            billed_cost: c.billed_cost,
            quantity: c.quantity,
        });
        Ok(())
    }

    /// Reads the export at `path` (shown as `shown`) into the groups.
    pub fn read_file(&mut self, path: &Path, shown: &str) -> Result<u64, Diagnostic> {
        let file = self.files.len();
        self.files.push(shown.to_string());
        let named = Path::new(shown).to_path_buf();
        super::focus::read_file(path, &mut |c| self.add(file, &named, c)).map_err(|mut d| {
            d.path = named.clone();
            d
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charges_of_one_resource_and_month_sum_into_one_group_at_the_first_line() {
        let text = "BilledCost,BillingCurrency,ChargeCategory,ChargePeriodStart,ProviderName,ResourceName,PricingQuantity,PricingUnit,ChargeDescription\n\
                    1.5,USD,Usage,2026-10-01T00:00:00Z,Fly.io,api,10,Hours,day 1\n\
                    2.5,USD,Usage,2026-10-02T00:00:00Z,Fly.io,api,20,Hours,day 2\n\
                    4,USD,Usage,2026-11-01T00:00:00Z,Fly.io,api,30,Hours,day 3\n";
        let mut g = Groups::default();
        let p = Path::new("a.csv");
        crate::actuals::focus::read(p, text.as_bytes(), &mut |c| g.add(0, p, c)).expect("reads");
        assert_eq!(g.groups.len(), 2);
        assert_eq!((g.groups[0].line, g.groups[0].charges, g.groups[0].billed_cost, g.groups[0].quantity), (2, 2, 4.0, Some(30.0)));
        assert_eq!(g.groups[0].description, "day 1");
        assert_eq!((g.groups[1].month.as_str(), g.groups[1].line), ("2026-11", 4));
    }
}
