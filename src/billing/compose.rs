//! Docker Compose on VPS nodes (Hetzner Cloud by default, or DigitalOcean).
//!
//! Rules (Hetzner: API snapshot of 2026-09-08 and https://docs.hetzner.com/cloud/billing/faq;
//! DigitalOcean: https://docs.digitalocean.com/products/droplets/details/pricing/,
//! validated 2026-05-28; research/pricing.md §4):
//! - Nodes are billed by the month (hourly, capped at the monthly price), running or
//!   not. Every container of every service (replicas × reserved CPU and memory) is
//!   packed onto nodes, keeping `headroom` of each node free; hostcast takes the
//!   cheapest set: each node type packed first-fit decreasing, its least-loaded node
//!   moved to the cheapest type that holds it.
//! - Each node includes traffic; traffic beyond the pooled allowance is billed per
//!   TB (Hetzner) or GB (DigitalOcean).
//! - Backups cost a fraction of the node price. Data lives on the nodes' local disks
//!   while it fits, else on volumes per GB-month.
//! - More than one node needs a load balancer, and Compose alone does not span
//!   nodes (a warning says so).
//! - Running it takes the team's time: an ops-labour line (hours × rate, from the
//!   scenario) is shown separately.

use super::{Bill, Context};
use crate::capacity::{self, Machine, data};
use crate::error::{Diagnostic, one_of};
use crate::pricing::{Price, SourceRef};
use crate::scenario::model::{Kind, Service};

/// Disk each node keeps for the OS and images, GB.
pub const OS_DISK_GB: f64 = 20.0;
/// Memory each node keeps for the OS and Docker, MB.
pub const OS_MEMORY_MB: f64 = 512.0;
/// Most nodes hostcast will pack onto.
pub const MAX_NODES: usize = 1000;
/// Most containers hostcast will pack.
pub const MAX_CONTAINERS: usize = 20_000;

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
    let mut nodes: Vec<(f64, f64)> = Vec::new();
    for c in items {
        if c.cpu > cpu + 1e-9 || c.memory_mb > memory_mb + 1e-9 {
            return None;
        }
        match nodes.iter_mut().find(|(u, m)| *u + c.cpu <= cpu + 1e-9 && *m + c.memory_mb <= memory_mb + 1e-9) {
            Some(n) => {
                n.0 += c.cpu;
                n.1 += c.memory_mb;
            }
            None => {
                if nodes.len() >= MAX_NODES {
                    return None;
                }
                nodes.push((c.cpu, c.memory_mb));
            }
        }
    }
    if nodes.is_empty() {
        nodes.push((0.0, 0.0));
    }
    Some(nodes)
}

/// Number of nodes [`pack_loads`] needs.
pub fn pack(containers: &[Container], cpu: f64, memory_mb: f64) -> Option<usize> {
    pack_loads(containers, cpu, memory_mb).map(|n| n.len())
}

/// A node type's usable room: (cores, MB) after headroom and the OS's share.
fn room(size: &crate::pricing::book::Size, headroom: f64) -> (f64, f64) {
    (size.sustained_cpu * (1.0 - headroom), (size.memory_mb - OS_MEMORY_MB).max(0.0) * (1.0 - headroom))
}

/// A set of nodes: its monthly cost, node count, and node types with counts.
type NodeChoice = (f64, usize, Vec<(String, usize)>);

/// The cheapest set of nodes: for each node type, pack everything onto nodes of that
/// type, then move the least-loaded node to the cheapest type that holds its load.
/// Returns (node type, count) pairs, most nodes first; ties go to fewer nodes, then name.
pub fn choose_nodes(
    sizes: &std::collections::BTreeMap<String, crate::pricing::book::Size>,
    containers: &[Container],
    headroom: f64,
    pinned: Option<&str>,
) -> Option<Vec<(String, usize)>> {
    let mut best: Option<NodeChoice> = None;
    for (name, s) in sizes {
        if pinned.is_some_and(|p| p != name) || (pinned.is_none() && !s.selectable) {
            continue;
        }
        let (cpu, mem) = room(s, headroom);
        let Some(loads) = pack_loads(containers, cpu, mem) else { continue };
        let n = loads.len();
        let mut set = vec![(name.clone(), n)];
        let mut cost = n as f64 * s.price;
        if pinned.is_none()
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

/// Bills every service as containers on VPS nodes.
pub fn bill(ctx: &Context, services: &[&Service]) -> Result<Bill, Diagnostic> {
    let mut bill = Bill::default();
    let host = ctx.option.host.as_ref().map(|h| h.get_ref().clone()).unwrap_or_else(|| "hetzner".into());
    if let Some(h) = &ctx.option.host
        && !["hetzner", "digitalocean"].contains(&h.get_ref().as_str())
    {
        return Err(ctx.scenario.at(h.span(), format!("unknown Compose host `{}`", h.get_ref())).with_help("valid hosts: `hetzner`, `digitalocean`"));
    }
    let Some(book) = ctx.prices.book(&host) else {
        bill.missing(crate::pricing::MissingPrice { provider: host.clone(), entry: "(price book)".into(), needed_for: "the Compose nodes".into() });
        return Ok(bill);
    };
    let headroom = ctx.option.headroom;
    let mut containers = Vec::new();
    let mut storage_gb = 0.0;
    let mut stored: Vec<(String, f64)> = Vec::new();
    let mut egress_gb = 0.0;
    let mut on_gpu_servers: Vec<String> = Vec::new();
    for service in services {
        if super::placed_elsewhere(ctx, service, &mut bill)? {
            continue;
        }
        if service.gpu.is_some() {
            super::gpu::compose_node(ctx, &host, &book.sizes, service, &mut bill);
            on_gpu_servers.push(service.name.clone());
            continue;
        }
        let pin = ctx.pin(&service.name);
        let hosted = ctx.with_colocated(service);
        let demand = ctx.load(service, &hosted);
        let own = capacity::Workload::of(service);
        egress_gb += demand.egress_gb_month;
        let util = capacity::target_utilisation(&own);
        let (replicas, cpu, memory) = if service.kind.is_data() {
            let v = data::volume_gb(&own, &demand);
            storage_gb += v;
            stored.push((service.name.clone(), v));
            let n = pin.instances.unwrap_or(1);
            (n, service.cpu_reserve.unwrap_or(0.25), data::self_run_memory_mb(&own, &demand))
        } else if service.kind == Kind::Cron {
            (1, service.cpu_reserve.unwrap_or(0.1), hosted.memory_base_mb)
        } else {
            // one core per replica as the unit of scaling; Compose does not autoscale
            let policy = ctx.policy(service, false);
            let one_core = Machine { vcpus: 1.0, sustained_cpu: 1.0, memory_mb: f64::MAX / 4.0 };
            let plan = capacity::plan_compute(&hosted, &demand, ctx.stage, &one_core, &policy);
            bill.flag_all(&plan.warnings);
            let n = plan.peak_instances.max(1);
            let cpu = service.cpu_reserve.unwrap_or((demand.peak_cpu / n as f64 / util).max(0.1));
            let mem = hosted.memory_base_mb + hosted.memory_per_request_mb * demand.peak_in_flight / n as f64;
            (n, cpu, mem)
        };
        let (replicas, cpu, memory) = like_for_like(service, replicas, cpu, memory, &mut bill);
        let volume = pin.volume_gb.unwrap_or(service.volume_gb);
        if !service.kind.is_data() {
            storage_gb += volume * replicas as f64;
            stored.push((service.name.clone(), volume * replicas as f64));
        }
        if containers.len() + replicas as usize > MAX_CONTAINERS {
            bill.flag_service(
                crate::findings::FindingKind::BeyondModel,
                &service.name,
                format!("`{}` needs {replicas} containers: more than the {MAX_CONTAINERS} hostcast packs on a Compose host", service.name),
            );
            bill.summarise(service, &host, "(too large for Compose)", 0.0, 0, "-");
            continue;
        }
        for _ in 0..replicas {
            containers.push(Container { service: service.name.clone(), cpu, memory_mb: memory });
        }
        bill.summarise(service, &host, format!("{} × {:.2} CPU / {:.0} MB", replicas, cpu, memory), replicas as f64, replicas, "containers");
        bill.sized(cpu, memory);
    }
    // choose the node type
    let valid: Vec<String> = book.sizes.keys().cloned().collect();
    let pinned = ctx.option.node_size.clone();
    if let Some(p) = &pinned
        && !book.sizes.contains_key(p.get_ref())
    {
        return Err(ctx.scenario.at(p.span(), format!("unknown {host} node size `{}`", p.get_ref())).with_help(format!("valid sizes: {}", one_of(&valid))));
    }
    let sizes = node_classes(&host, &book.sizes, services, &mut bill);
    // no containers (every service on GPU servers or elsewhere): no CPU nodes
    let chosen =
        if containers.is_empty() { Some(Vec::new()) } else { choose_nodes(&sizes, &containers, headroom, pinned.as_ref().map(|p| p.get_ref().as_str())) };
    let Some(nodes) = chosen else {
        let largest = containers.iter().max_by(|a, b| a.memory_mb.total_cmp(&b.memory_mb).then(a.cpu.total_cmp(&b.cpu)));
        let name = largest.map(|c| c.service.clone()).unwrap_or_default();
        bill.nothing_fits(
            &host,
            &name,
            format!(
                "no {host} node type holds `{name}` ({:.0} MB, {:.2} CPU) with {:.0}% headroom",
                largest.map(|c| c.memory_mb).unwrap_or_default(),
                largest.map(|c| c.cpu).unwrap_or_default(),
                headroom * 100.0
            ),
        );
        return Ok(bill);
    };
    let count: usize = nodes.iter().map(|(_, c)| c).sum();
    let node_names = nodes.iter().map(|(t, c)| format!("{t} × {c}")).collect::<Vec<_>>().join(" + ");
    bill.assume(format!("Compose: each node keeps {:.0}% headroom, {OS_MEMORY_MB} MB and {OS_DISK_GB} GB for the OS", headroom * 100.0));
    let (mut local, mut included) = (0.0, 0.0);
    for (node, c) in &nodes {
        let c = *c as f64;
        let Some(size) = book.sizes.get(node) else { continue };
        local += c * (size.disk_gb.unwrap_or(0.0) - OS_DISK_GB).max(0.0);
        included += c * size.included_traffic_gb.unwrap_or(0.0);
        match ctx.prices.size(&host, node, None, "Compose nodes") {
            Ok(p) => {
                bill.charge("(nodes)", "nodes", format!("{node} × {c}"), c, &p, &host);
                if ctx.option.backups {
                    match ctx.prices.rate(&host, "backup_fraction", None, "node backups") {
                        Ok(mut b) => {
                            b.unit = format!("{} of node price", b.currency);
                            bill.charge("(nodes)", "backups", format!("{}% of {node} × {c}", b.amount * 100.0), c * p.amount, &b, &host);
                        }
                        Err(m) => bill.missing(m),
                    }
                }
            }
            Err(m) => bill.missing(m),
        }
    }
    if storage_gb > 0.0 {
        if storage_gb <= local {
            bill.assume(format!("Compose: {storage_gb:.0} GB of data fits on the nodes' local disks ({local:.0} GB free)"));
        } else {
            match ctx.prices.rate(&host, "volume_gb", None, "volumes for data") {
                Ok(p) => bill.charge("(nodes)", "volume", format!("{storage_gb:.0} GB of data"), storage_gb, &p, &host),
                Err(m) => bill.missing(m),
            }
        }
    }
    if egress_gb > included {
        let over = egress_gb - included;
        match ctx.prices.rate(&host, "traffic_gb", None, "traffic beyond the included amount") {
            Ok(p) => bill.charge("(nodes)", "traffic", format!("{over:.0} GB beyond {included:.0} GB included"), over, &p, &host),
            Err(_) => match ctx.prices.rate(&host, "traffic_tb", None, "traffic beyond the included amount") {
                Ok(p) => bill.charge("(nodes)", "traffic", format!("{over:.0} GB beyond {included:.0} GB included"), over / 1024.0, &p, &host),
                Err(m) => bill.missing(m),
            },
        }
    }
    if count > 1 {
        match ctx.prices.rate(&host, "load_balancer", None, "a load balancer in front of several nodes") {
            Ok(p) => bill.charge("(nodes)", "load balancer", "1 load balancer", 1.0, &p, &host),
            Err(m) => bill.missing(m),
        }
        bill.flag(
            crate::findings::Finding::new(
                crate::findings::FindingKind::MultiNode,
                format!(
                    "Compose on {count} nodes: Compose alone does not span nodes; run one Compose project per node behind the load balancer, or move to Swarm or Kubernetes"
                ),
            )
            .with_severity(crate::findings::Severity::Caution),
        );
    }
    if ctx.option.ops_hours_per_month > 0.0 {
        let price = Price {
            amount: ctx.option.ops_hourly_rate_usd,
            currency: "USD".into(),
            usd: ctx.option.ops_hourly_rate_usd,
            unit: "hour".into(),
            free: 0.0,
            minimum: None,
            source: SourceRef {
                book: ctx.scenario.path.to_string_lossy().to_string(),
                entry: format!("option `{}` ops_hours_per_month × ops_hourly_rate_usd", ctx.option.name),
                url: String::new(),
                date: String::new(),
            },
        };
        bill.charge(
            "(operations)",
            "ops labour",
            format!("{} h of the team's time", ctx.option.ops_hours_per_month),
            ctx.option.ops_hours_per_month,
            &price,
            "team",
        );
        bill.last_in(super::Part::TeamTime);
    }
    // attribute the nodes' cost to services: volumes by the data each stores, the rest
    // (nodes, backups, traffic, load balancer) by reserved memory
    let of = |component: &str, same: bool| -> f64 {
        bill.line_items.iter().filter(|l| l.service == "(nodes)" && ((l.component == component) == same)).map(|l| l.monthly_cost_usd).sum()
    };
    let (volume_cost, node_cost) = (of("volume", true), of("volume", false));
    let total_mem: f64 = containers.iter().map(|c| c.memory_mb).sum();
    for s in bill.services.iter_mut().filter(|s| s.provider == host && !on_gpu_servers.contains(&s.name)) {
        let mem: f64 = containers.iter().filter(|c| c.service == s.name).map(|c| c.memory_mb).sum();
        let data: f64 = stored.iter().filter(|(n, _)| *n == s.name).map(|(_, g)| g).sum();
        s.monthly_cost_usd =
            if total_mem > 0.0 { node_cost * mem / total_mem } else { 0.0 } + if storage_gb > 0.0 { volume_cost * data / storage_gb } else { 0.0 };
        s.size = format!("{} on {node_names}", s.size);
    }
    Ok(bill)
}

/// A container's replicas, CPU and memory raised to the configured floor (replicas,
/// `cpus`, memory limit) when the service is sized like for like.
fn like_for_like(service: &Service, replicas: u32, cpu: f64, memory: f64, bill: &mut Bill) -> (u32, f64, f64) {
    let floor = capacity::floor::Floor::of(service);
    if !floor.binding || (!floor.is_sized() && floor.instances == 0) {
        return (replicas, cpu, memory);
    }
    if floor.is_sized() {
        bill.assume(format!("`{}` is sized like for like: each container reserves at least {}, as configured", service.name, floor.describe()));
    }
    (replicas.max(floor.instances), cpu.max(floor.binding_vcpus()), memory.max(floor.memory_mb))
}

/// The node types that may host the services: only dedicated-CPU types
/// (`data/cpu-classes.toml`) when a service sized like for like is configured
/// `dedicated`.
fn node_classes(
    host: &str,
    sizes: &std::collections::BTreeMap<String, crate::pricing::book::Size>,
    services: &[&Service],
    bill: &mut Bill,
) -> std::collections::BTreeMap<String, crate::pricing::book::Size> {
    let dedicated: Vec<&str> = services
        .iter()
        .filter(|s| s.gpu.is_none())
        .filter(|s| {
            let f = capacity::floor::Floor::of(s);
            f.binding && f.dedicated()
        })
        .map(|s| s.name.as_str())
        .collect();
    if dedicated.is_empty() {
        return sizes.clone();
    }
    bill.assume(format!(
        "{host}: dedicated-CPU node types only, as {} configure dedicated CPUs",
        dedicated.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
    ));
    sizes
        .iter()
        .filter(|(n, _)| capacity::floor::cpu_class(host, n).0 == crate::scenario::model::CpuKind::Dedicated)
        .map(|(n, s)| (n.clone(), s.clone()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pricing::book::Size;
    use std::collections::BTreeMap;

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
        let set = choose_nodes(&sizes, &c, 0.2, None);
        assert_eq!(set, Some(vec![("large".to_string(), 1), ("small".to_string(), 1)]));
        // pinned: only that type
        assert_eq!(choose_nodes(&sizes, &c, 0.2, Some("small")), Some(vec![("small".to_string(), 4)]));
        // a container larger than every node: nothing fits
        let huge = vec![Container { service: "x".into(), cpu: 1.0, memory_mb: 100_000.0 }];
        assert_eq!(choose_nodes(&sizes, &huge, 0.2, None), None);
    }
}
