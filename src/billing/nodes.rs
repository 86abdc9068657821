//! The cheapest set of VPS node types for a set of containers: every node type the
//! price book sells is tried with the capacity model's first-fit packing, then the
//! least-loaded node moves to the cheapest type that holds its load.

use std::collections::BTreeMap;

use crate::capacity::packing::{Container, OS_MEMORY_MB, pack_loads};
use crate::pricing::book::Size;

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
    use crate::capacity::packing::pack;

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
