//! Bin packing: containers (reserved CPU and memory) onto VPS nodes, and the
//! cheapest set of node types for them.
//!
//! Containers are placed first-fit decreasing (by memory, then CPU) on nodes whose
//! usable room is the node's sustained CPU and memory less the OS's share, each
//! kept `headroom` free. The cheapest set tries every node type, then moves the
//! least-loaded node to the cheapest type that holds its load.

use std::collections::BTreeMap;

use crate::pricing::book::Size;

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

/// A node type's usable room: (cores, MB) after headroom and the OS's share.
pub fn room(size: &Size, headroom: f64) -> (f64, f64) {
    (size.sustained_cpu * (1.0 - headroom), (size.memory_mb - OS_MEMORY_MB).max(0.0) * (1.0 - headroom))
}

/// The cheapest single node that holds every container (ties: the smaller, then the
/// name), if one does: a team runs one node while one is enough, however cheap two
/// smaller ones would be, since a second node brings a load balancer, a network and a
/// database node of its own.
pub fn one_node(sizes: &BTreeMap<String, Size>, containers: &[Container], headroom: f64, pinned: Option<&str>) -> Option<NodeSet> {
    sizes
        .iter()
        .filter(|(n, s)| usable(n, s, pinned))
        .filter(|(_, s)| {
            let (cpu, mem) = room(s, headroom);
            pack_loads(containers, cpu, mem).is_some_and(|loads| loads.len() == 1)
        })
        .min_by(|a, b| a.1.price.total_cmp(&b.1.price).then(a.1.memory_mb.total_cmp(&b.1.memory_mb)).then(a.0.cmp(b.0)))
        .map(|(n, _)| vec![(n.clone(), 1)])
}

/// A set of nodes: (node type, count) pairs.
pub type NodeSet = Vec<(String, usize)>;

/// Whether `size` may be used: the pinned type only, else every selectable type.
fn usable(name: &str, size: &Size, pinned: Option<&str>) -> bool {
    match pinned {
        Some(p) => p == name,
        None => size.selectable,
    }
}

/// Whether some usable node type holds `container` on an empty node.
pub fn fits_some(sizes: &BTreeMap<String, Size>, container: &Container, headroom: f64, pinned: Option<&str>) -> bool {
    sizes.iter().filter(|(n, s)| usable(n, s, pinned)).any(|(_, s)| {
        let (c, m) = room(s, headroom);
        container.cpu <= c + 1e-9 && container.memory_mb <= m + 1e-9
    })
}

/// The cheapest set of at least `min_nodes` nodes: for each node type, pack
/// everything onto nodes of that type, then move the least-loaded node to the
/// cheapest type that holds its load (unless the count was raised to `min_nodes`,
/// when every node is of the same type). Returns (node type, count) pairs, most
/// nodes first; ties go to fewer nodes, then name.
pub fn choose_nodes(sizes: &BTreeMap<String, Size>, containers: &[Container], headroom: f64, pinned: Option<&str>, min_nodes: usize) -> Option<NodeSet> {
    let mut best: Option<(f64, usize, NodeSet)> = None;
    for (name, s) in sizes {
        if !usable(name, s, pinned) {
            continue;
        }
        let (cpu, mem) = room(s, headroom);
        let Some(loads) = pack_loads(containers, cpu, mem) else { continue };
        let n = loads.len().max(min_nodes);
        let mut set = vec![(name.clone(), n)];
        let mut cost = n as f64 * s.price;
        if pinned.is_none()
            && loads.len() >= min_nodes
            && let Some(last) = loads.iter().min_by(|a, b| a.1.total_cmp(&b.1))
            && let Some((small, ss)) = sizes
                .iter()
                .filter(|(_, t)| t.selectable && t.price < s.price)
                .filter(|(_, t)| {
                    let (c, m) = room(t, headroom);
                    last.0 <= c + 1e-9 && last.1 <= m + 1e-9
                })
                .min_by(|a, b| a.1.price.total_cmp(&b.1.price).then(a.0.cmp(b.0)))
        {
            cost = cost - s.price + ss.price;
            set = if n > 1 { vec![(name.clone(), n - 1), (small.clone(), 1)] } else { vec![(small.clone(), 1)] };
        }
        let better = match &best {
            None => true,
            Some((b, bn, bs)) => cost < b - 1e-9 || ((cost - b).abs() <= 1e-9 && (n < *bn || (n == *bn && set < *bs))),
        };
        if better {
            best = Some((cost, n, set));
        }
    }
    best.map(|(_, _, set)| set)
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

    fn size(vcpus: f64, memory_mb: f64, price: f64) -> Size {
        Size {
            vcpus,
            cpu_kind: "shared".into(),
            sustained_cpu: vcpus,
            memory_mb,
            price,
            source: "T".into(),
            disk_gb: None,
            included_traffic_gb: None,
            selectable: true,
            orderable: true,
            aliases: Vec::new(),
            gpu: None,
            setup_fee: None,
            note: None,
        }
    }

    #[test]
    fn the_cheapest_set_may_mix_node_types() {
        // four containers of 0.5 CPU / 1,700 MB; 20% headroom and 512 MB for the OS:
        //   small (2 CPU, 4 GB, 5.49): room 1.6 CPU / 2,867 MB → one per node → 4 × 5.49 = 21.96
        //   large (4 CPU, 8 GB, 8.49): room 3.2 CPU / 6,144 MB → three per node → 2 × 8.49 = 16.98
        //   large × 1 + small × 1 for the fourth: 8.49 + 5.49 = 13.98 (cheapest)
        let mut sizes = BTreeMap::new();
        sizes.insert("small".to_string(), size(2.0, 4096.0, 5.49));
        sizes.insert("large".to_string(), size(4.0, 8192.0, 8.49));
        let c: Vec<Container> = (0..4).map(|i| Container { service: format!("s{i}"), cpu: 0.5, memory_mb: 1700.0 }).collect();
        assert_eq!(pack(&c, 1.6, 2867.2), Some(4));
        assert_eq!(pack(&c, 3.2, 6144.0), Some(2));
        let set = choose_nodes(&sizes, &c, 0.2, None, 1);
        assert_eq!(set, Some(vec![("large".to_string(), 1), ("small".to_string(), 1)]));
        // pinned: only that type
        assert_eq!(choose_nodes(&sizes, &c, 0.2, Some("small"), 1), Some(vec![("small".to_string(), 4)]));
        // a container larger than every node: nothing fits
        let huge = vec![Container { service: "x".into(), cpu: 1.0, memory_mb: 100_000.0 }];
        assert_eq!(choose_nodes(&sizes, &huge, 0.2, None, 1), None);
        assert!(!fits_some(&sizes, &huge[0], 0.2, None));
    }

    #[test]
    fn a_floor_of_two_nodes_takes_two_of_the_cheapest_type_that_holds_them() {
        // two containers of 0.5 CPU / 1,000 MB fit one small node (2,867 MB); a floor
        // of two nodes gives 2 × small = 10.98, not large + small
        let mut sizes = BTreeMap::new();
        sizes.insert("small".to_string(), size(2.0, 4096.0, 5.49));
        sizes.insert("large".to_string(), size(4.0, 8192.0, 8.49));
        let c: Vec<Container> = (0..2).map(|i| Container { service: format!("s{i}"), cpu: 0.5, memory_mb: 1000.0 }).collect();
        assert_eq!(choose_nodes(&sizes, &c, 0.2, None, 1), Some(vec![("small".to_string(), 1)]));
        assert_eq!(choose_nodes(&sizes, &c, 0.2, None, 2), Some(vec![("small".to_string(), 2)]));
    }
}
