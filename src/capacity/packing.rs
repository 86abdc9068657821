//! Bin packing: containers (reserved CPU and memory) onto VPS nodes of a given room.
//!
//! Containers are placed first-fit decreasing (by memory, then CPU) on nodes whose
//! usable room is the node's sustained CPU and memory less the OS's share, each
//! kept `headroom` free. Which node types to buy is billing's choice
//! (`billing::nodes`), made with this packing.

/// Memory each node keeps for the OS and Docker, MB.
pub const OS_MEMORY_MB: f64 = 512.0;
/// Most nodes hostcast will pack onto.
pub const MAX_NODES: usize = 1000;

/// One container to place: a replica of a service.
#[derive(Debug, Clone, PartialEq)]
pub struct Container {
    /// Service name.
    pub service: String,
    /// Cores reserved.
    pub cpu: f64,
    /// Memory reserved, MB.
    pub memory_mb: f64,
}

/// Packs containers onto nodes of `cpu` cores and `memory_mb` each (first-fit
/// decreasing by memory, then CPU). Returns each node's load (cores, MB), or `None`
/// if a container does not fit on an empty node.
pub fn pack_loads(containers: &[Container], cpu: f64, memory_mb: f64) -> Option<Vec<(f64, f64)>> {
    let mut items: Vec<&Container> = containers.iter().collect();
    items.sort_by(|a, b| b.memory_mb.total_cmp(&a.memory_mb).then(b.cpu.total_cmp(&a.cpu)).then(a.service.cmp(&b.service)));
    let mut nodes = Nodes::new();
    for c in items {
        if c.cpu > cpu + 1e-9 || c.memory_mb > memory_mb + 1e-9 {
            return None;
        }
        let fits = |(u, m): (f64, f64)| u + c.cpu <= cpu + 1e-9 && m + c.memory_mb <= memory_mb + 1e-9;
        match nodes.first_fit(1, &fits) {
            Some(k) => {
                let (u, m) = nodes.loads.get(k).copied().unwrap_or_default();
                nodes.set(k, (u + c.cpu, m + c.memory_mb));
            }
            None => {
                if nodes.loads.len() >= MAX_NODES {
                    return None;
                }
                nodes.loads.push((c.cpu, c.memory_mb));
                nodes.set(nodes.loads.len() - 1, (c.cpu, c.memory_mb));
            }
        }
    }
    let mut nodes = nodes.loads;
    if nodes.is_empty() {
        nodes.push((0.0, 0.0));
    }
    Some(nodes)
}

/// The loads of the nodes opened so far, in order, with a tree holding the least
/// cores and the least memory used below each branch: first fit skips every branch
/// where even those least loads leave no room, so placing a container takes about
/// log(nodes) steps instead of a scan of every node.
struct Nodes {
    loads: Vec<(f64, f64)>,
    /// Heap order: branch `i` has children `2i` and `2i + 1`; leaf `k` is `LEAVES + k`.
    least: Vec<(f64, f64)>,
}

/// Leaves of the tree: [`MAX_NODES`] rounded up to a power of two.
const LEAVES: usize = MAX_NODES.next_power_of_two();

impl Nodes {
    fn new() -> Self {
        Nodes { loads: Vec::new(), least: vec![(f64::INFINITY, f64::INFINITY); 2 * LEAVES] }
    }

    /// The first node below branch `i` whose load `fits`.
    fn first_fit(&self, i: usize, fits: &dyn Fn((f64, f64)) -> bool) -> Option<usize> {
        if !self.least.get(i).is_some_and(|l| fits(*l)) {
            return None;
        }
        if i >= LEAVES {
            let k = i - LEAVES;
            return self.loads.get(k).is_some_and(|l| fits(*l)).then_some(k);
        }
        self.first_fit(2 * i, fits).or_else(|| self.first_fit(2 * i + 1, fits))
    }

    /// Sets node `k`'s load and the least loads above it.
    fn set(&mut self, k: usize, load: (f64, f64)) {
        if let Some(l) = self.loads.get_mut(k) {
            *l = load;
        }
        let mut i = LEAVES + k;
        if let Some(l) = self.least.get_mut(i) {
            *l = load;
        }
        while i > 1 {
            i /= 2;
            let (a, b) = (self.least.get(2 * i).copied(), self.least.get(2 * i + 1).copied());
            if let (Some(a), Some(b), Some(l)) = (a, b, self.least.get_mut(i)) {
                *l = (a.0.min(b.0), a.1.min(b.1));
            }
        }
    }
}

/// Number of nodes [`pack_loads`] needs.
pub fn pack(containers: &[Container], cpu: f64, memory_mb: f64) -> Option<usize> {
    pack_loads(containers, cpu, memory_mb).map(|n| n.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// First fit as a scan of every node, to check the tree against.
    fn scan(containers: &[Container], cpu: f64, memory_mb: f64) -> Vec<(f64, f64)> {
        let mut items: Vec<&Container> = containers.iter().collect();
        items.sort_by(|a, b| b.memory_mb.total_cmp(&a.memory_mb).then(b.cpu.total_cmp(&a.cpu)).then(a.service.cmp(&b.service)));
        let mut nodes: Vec<(f64, f64)> = Vec::new();
        for c in items {
            match nodes.iter_mut().find(|(u, m)| *u + c.cpu <= cpu + 1e-9 && *m + c.memory_mb <= memory_mb + 1e-9) {
                Some(n) => *n = (n.0 + c.cpu, n.1 + c.memory_mb),
                None => nodes.push((c.cpu, c.memory_mb)),
            }
        }
        nodes
    }

    #[test]
    fn first_fit_by_the_tree_places_as_a_scan_does() {
        // CPU-heavy and memory-heavy containers interleaved, so that the least cores
        // and the least memory of a branch come from different nodes
        let containers: Vec<Container> = (0..3000)
            .map(|i| Container {
                service: format!("s{i}"),
                cpu: [0.25, 1.5, 0.5, 3.0, 0.1][i % 5],
                memory_mb: [3000.0, 256.0, 1024.0, 128.0, 700.0][i % 7 % 5],
            })
            .collect();
        for (cpu, mem) in [(4.0, 8192.0), (8.0, 4096.0), (16.0, 32768.0), (6.0, 6000.0)] {
            let want = scan(&containers, cpu, mem);
            assert!(want.len() > 100 && want.len() <= MAX_NODES);
            assert!(pack_loads(&containers, cpu, mem) == Some(want), "{cpu} × {mem}");
        }
    }
}
