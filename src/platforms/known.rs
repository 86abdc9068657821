//! What the price books know that an importer maps a config onto: the regions of
//! Fly and Vercel, Render's instance types and data plans. Built from the books by
//! the caller, so the importer itself knows no price.

/// Regions the price books know, for mapping the files' regions.
#[derive(Debug, Clone, Default)]
pub struct Known {
    /// Fly regions with prices.
    pub fly_regions: Vec<String>,
    /// Vercel regions with prices.
    pub vercel_regions: Vec<String>,
    /// Render instance types the book lists: name → (vCPUs, memory MB).
    pub render_sizes: std::collections::BTreeMap<String, (f64, f64)>,
    /// Render Postgres and Key Value plans the book lists: (`postgres`|`redis`, name) → memory MB.
    pub render_data_plans: std::collections::BTreeMap<(String, String), f64>,
}

impl Known {
    /// What the price books `prices` know: regions, Render instance types, Render data plans.
    pub fn from_prices(prices: &crate::pricing::Prices) -> Known {
        let regions = |p: &str| prices.book(p).map(|b| b.regions.keys().cloned().collect()).unwrap_or_default();
        // each instance type by its name and by its aliases (Render's newer ids)
        let render_sizes = prices
            .book("render")
            .map(|b| b.sizes.iter().flat_map(|(n, s)| std::iter::once(n).chain(&s.aliases).map(move |a| (a.clone(), (s.vcpus, s.memory_mb)))).collect())
            .unwrap_or_default();
        let render_data_plans = prices
            .book("render")
            .map(|b| {
                let pg = b.postgres.iter().map(|(n, p)| (("postgres".to_string(), n.clone()), p.memory_mb));
                pg.chain(b.redis.iter().map(|(n, p)| (("redis".to_string(), n.clone()), p.memory_mb))).collect()
            })
            .unwrap_or_default();
        Known { fly_regions: regions("fly"), vercel_regions: regions("vercel"), render_sizes, render_data_plans }
    }
}
