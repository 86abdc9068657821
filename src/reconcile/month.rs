//! One month of a reconciliation: the forecast lines and the actual charges of the
//! month matched, summed and split into volume and rate effects.

use super::*;

/// One month being reconciled.
pub(super) struct Month<'a> {
    month: &'a str,
    basis: String,
    rows: Vec<Acc>,
    index: HashMap<(String, String, String), usize>,
    unmatched: Vec<Unmatched>,
    actual_by_provider: BTreeMap<String, f64>,
}

impl<'a> Month<'a> {
    pub(super) fn new(month: &'a str, basis: String, lines: &[&LineItem]) -> Month<'a> {
        let mut m = Month { month, basis, rows: Vec::new(), index: HashMap::new(), unmatched: Vec::new(), actual_by_provider: BTreeMap::new() };
        for l in lines {
            let i = m.row(&l.provider, &l.service, &l.component, &l.unit);
            let acc = &mut m.rows[i];
            acc.forecast_usd += l.monthly_cost_usd;
            acc.unit_price.get_or_insert(l.unit_price_usd);
            if let Some(r) = units::ratio(&l.unit, &acc.unit) {
                *acc.forecast_quantity.get_or_insert(0.0) += l.quantity * r;
            }
        }
        m
    }

    /// The index of the row (provider, service, component), opened with `unit` when new.
    fn row(&mut self, provider: &str, service: &str, component: &str, unit: &str) -> usize {
        let key = (provider.to_string(), service.to_string(), component.to_string());
        if let Some(&i) = self.index.get(&key) {
            return i;
        }
        let i = self.rows.len();
        self.rows.push(Acc {
            provider: key.0.clone(),
            service: key.1.clone(),
            component: key.2.clone(),
            unit: unit.to_string(),
            quantities_known: true,
            ..Acc::default()
        });
        self.index.insert(key, i);
        i
    }

    pub(super) fn add(&mut self, g: &Group, usd: f64, lines: &[&LineItem], map: &map::Map, files: &[String]) {
        let provider = lines.iter().find(|l| same_provider(&g.provider, &l.provider)).map(|l| l.provider.clone()).unwrap_or_else(|| g.provider.clone());
        *self.actual_by_provider.entry(provider.clone()).or_default() += usd;
        let own = match g.category {
            Category::Tax => Some(("(tax)", "tax")),
            Category::Credit => Some(("(account)", "credit")),
            Category::Adjustment => Some(("(account)", "adjustment")),
            Category::Usage | Category::Purchase => None,
        };
        if let Some((service, component)) = own {
            let i = self.row(&provider, service, component, "");
            let acc = &mut self.rows[i];
            acc.unpriced = true;
            acc.actual_usd += usd;
            acc.charges += g.charges;
            return;
        }
        let Some((service, component)) = target(g, &provider, lines, map) else {
            self.unmatched.push(Unmatched {
                file: files.get(g.file).cloned().unwrap_or_default(),
                line: g.line,
                month: g.month.clone(),
                provider: g.provider.clone(),
                description: describe(g),
                actual_usd: usd,
                charges: g.charges,
            });
            return;
        };
        let i = self.row(&provider, &service, &component, &g.unit);
        let acc = &mut self.rows[i];
        acc.actual_usd += usd;
        acc.charges += g.charges;
        match (g.quantity, units::ratio(&g.unit, &acc.unit)) {
            (Some(q), Some(r)) => acc.actual_quantity += q * r,
            _ => acc.quantities_known = false,
        }
    }

    pub(super) fn finish(self, out: &mut Reconciliation) {
        let mut forecast_by_provider: BTreeMap<String, f64> = BTreeMap::new();
        for a in self.rows {
            *forecast_by_provider.entry(a.provider.clone()).or_default() += a.forecast_usd;
            let gap = a.actual_usd - a.forecast_usd;
            let actual_quantity = (!a.unpriced && a.quantities_known).then_some(a.actual_quantity);
            let forecast_quantity = if a.unpriced { None } else { a.forecast_quantity };
            let (volume, rate) = effects(a.forecast_usd, forecast_quantity, a.unit_price, a.actual_usd, actual_quantity);
            out.rows.push(Row {
                month: self.month.to_string(),
                provider: a.provider,
                service: a.service,
                component: a.component,
                unit: a.unit,
                forecast_quantity,
                actual_quantity,
                forecast_usd: a.forecast_usd,
                actual_usd: a.actual_usd,
                gap_usd: gap,
                volume_effect_usd: volume,
                rate_effect_usd: rate,
                charges: a.charges,
                forecast_basis: self.basis.clone(),
            });
        }
        let mut providers: Vec<String> = forecast_by_provider.keys().chain(self.actual_by_provider.keys()).cloned().collect();
        providers.sort();
        providers.dedup();
        for p in providers {
            let forecast = forecast_by_provider.get(&p).copied().unwrap_or(0.0);
            let actual = self.actual_by_provider.get(&p).copied().unwrap_or(0.0);
            out.totals.push(Total { month: self.month.to_string(), provider: p, forecast_usd: forecast, actual_usd: actual, gap_usd: actual - forecast });
        }
        out.unmatched.extend(self.unmatched);
    }
}
