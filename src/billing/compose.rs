//! Docker Compose on VPS nodes (Hetzner Cloud by default, or DigitalOcean).
//!
//! Rules (Hetzner: https://docs.hetzner.com/cloud/billing/faq and the price book's
//! sources; DigitalOcean: https://docs.digitalocean.com/products/droplets/details/pricing/):
//! - Nodes are billed by the month (hourly, capped at the monthly price), running or
//!   not, each with its public IPv4 (Hetzner: €0.50 a month per server, its own
//!   line; DigitalOcean includes it in the Droplet price). Every container of every
//!   service (replicas × reserved CPU and memory) is packed onto nodes, keeping
//!   `headroom` of each node free (see `crate::capacity::packing`).
//! - One node while everything fits on one and the stage needs no high
//!   availability. Past one node the option is the same Compose file run on Docker
//!   Swarm (`docker stack deploy`) across N nodes: app nodes behind the provider's
//!   load balancer on a private network, the database on its own node with its data
//!   on a volume and backed up. A high-availability stage runs at least two app
//!   nodes and a Postgres replica on its own node with its own volume. Neither
//!   provider's book sells a managed database, so the database runs on a node.
//! - Each node includes traffic; traffic beyond the pooled allowance is billed per
//!   TB (Hetzner) or GB (DigitalOcean).
//! - Backups cost a fraction of the node price (every node with `backups`, the
//!   database nodes always on Swarm). On one node, data lives on its local disk
//!   while it fits, else on a volume per GB-month.
//! - A container no node type holds is a blocking `NothingFits` finding naming it;
//!   the rest is still priced (the total is a lower bound).
//! - Running it takes the team's time, more with each node: see `team` (its own part
//!   of the bill, from `bill.compose_nodes`).

use std::collections::{HashMap, HashSet};

use super::{Bill, Context, Owner};
use crate::capacity::{self, Machine, data};
use crate::error::{Diagnostic, one_of};
use crate::findings::{Finding, FindingKind};
use crate::pricing::MissingPrice;
use crate::pricing::book::PriceBook;
use crate::scenario::model::{Kind, Service};

pub use super::nodes::choose_nodes;

mod storage;

pub use crate::capacity::packing::{Container, MAX_NODES, OS_MEMORY_MB, pack, pack_loads};
use storage::{storage, volumes};

/// Disk each node keeps for the OS and images, GB.
pub const OS_DISK_GB: f64 = 20.0;
/// Most containers hostcast will pack (see [`crate::limits::MAX_CONTAINERS`]).
pub const MAX_CONTAINERS: usize = crate::limits::MAX_CONTAINERS;
/// Line-item service of the nodes' costs.
const NODES: Owner = Owner::Nodes;

/// What the services ask of the nodes.
#[derive(Default)]
struct Load {
    /// Replicas of the app services (web, api, workers, crons).
    app: Vec<Container>,
    /// Replicas of the data services (Postgres, Redis, object storage).
    data: Vec<Container>,
    /// The Postgres services: the ones a high-availability stage replicates.
    replicated: Vec<String>,
    /// GB stored per service (volumes of app services, data of data services).
    stored: Vec<(String, f64)>,
    /// Outbound traffic, GB a month.
    egress_gb: f64,
    /// Object storage on the provider's object store: billed by its own lines, not the nodes.
    on_store: Vec<String>,
    /// GPU services on GPU servers of their own: billed by their own lines.
    on_gpu_servers: Vec<String>,
}

impl Load {
    fn app_gb(&self, data_services: &[String]) -> f64 {
        self.stored.iter().filter(|(n, _)| !data_services.contains(n)).map(|(_, g)| g).sum()
    }
    fn all(&self) -> Vec<Container> {
        self.app.iter().chain(self.data.iter()).cloned().collect()
    }
    fn to_replicate(&self) -> Vec<Container> {
        self.data.iter().filter(|c| self.replicated.contains(&c.service)).cloned().collect()
    }
    fn replicated_gb(&self) -> f64 {
        self.stored.iter().filter(|(n, _)| self.replicated.contains(n)).map(|(_, g)| g).sum()
    }
}

/// A group of nodes of one role.
struct Group {
    role: &'static str,
    nodes: Vec<(String, usize)>,
    backed_up: bool,
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
        bill.missing(MissingPrice { provider: host.clone(), entry: "(price book)".into(), needed_for: "the Compose nodes".into() });
        return Ok(bill);
    };
    let pinned = ctx.option.node_size.clone();
    if let Some(p) = &pinned
        && book.size_key(p.get_ref()).is_none()
    {
        let valid: Vec<String> = book.sizes.keys().cloned().collect();
        return Err(ctx.scenario.at(p.span(), format!("unknown {host} node size `{}`", p.get_ref())).with_help(format!("valid sizes: {}", one_of(&valid))));
    }
    // a renamed id (an alias) stands for its key
    let pinned = pinned.as_ref().and_then(|p| book.size_key(p.get_ref()));
    let mut load = containers(ctx, services, &host, book, &mut bill)?;
    // like for like: only dedicated-CPU node types when a service is configured dedicated
    let mut book = book.clone();
    book.sizes = node_classes(&host, &book.sizes, services, &mut bill);
    let book = &book;
    if load.all().is_empty() {
        // every service runs elsewhere (GPU servers, object stores): no CPU nodes
        attribute(&mut bill, &host, &load, &[], (0.0, 0.0));
        return Ok(bill);
    }
    drop_unplaceable(&mut load, book, ctx.option.headroom, pinned, &host, &mut bill);
    let ha = ctx.stage.high_availability;
    let headroom = ctx.option.headroom;
    let single = if ha { None } else { super::nodes::one_node(&book.sizes, &load.all(), headroom, pinned) };
    let data_services: Vec<String> = load.data.iter().map(|c| c.service.clone()).collect();
    let groups = match single {
        Some(nodes) => vec![Group { role: "node", nodes, backed_up: ctx.option.backups }],
        None => swarm_groups(ctx, book, &load, pinned, ha, &mut bill),
    };
    bill.assume(format!("Compose: each node keeps {:.0}% headroom, {OS_MEMORY_MB} MB and {OS_DISK_GB} GB for the OS", headroom * 100.0));
    let count: usize = groups.iter().flat_map(|g| g.nodes.iter().map(|(_, c)| c)).sum();
    bill.compose_nodes = count as u32;
    // the nodes' lines start here: their cost is shared out to the services below
    let first = bill.line_items.len();
    let (local, included) = charge_nodes(ctx, book, &host, &groups, &mut bill);
    let data_gb: f64 = load.stored.iter().filter(|(n, _)| data_services.contains(n)).map(|(_, g)| g).sum();
    let replica_gb = if groups.iter().any(|g| g.role == "database replica") { load.replicated_gb() } else { 0.0 };
    let volume_usd = if groups.len() == 1 {
        storage(ctx, &host, load.app_gb(&data_services) + data_gb, local, &mut bill)
    } else {
        let v = volumes(ctx, &host, load.app_gb(&data_services), data_gb, replica_gb, &mut bill);
        swarm_extras(ctx, &host, &groups, count, &mut bill);
        v
    };
    traffic(ctx, &host, load.egress_gb, included, &mut bill);
    let nodes_usd: f64 = bill.line_items[first..].iter().map(|l| l.monthly_cost_usd).sum::<f64>() - volume_usd;
    attribute(&mut bill, &host, &load, &groups, (volume_usd, nodes_usd));
    Ok(bill)
}

/// The containers of every service this option runs on the nodes.
fn containers(ctx: &Context, services: &[&Service], host: &str, book: &PriceBook, bill: &mut Bill) -> Result<Load, Diagnostic> {
    let mut load = Load::default();
    for service in services {
        if super::placed_elsewhere(ctx, service, bill)? {
            continue;
        }
        if super::objects::served_by_store(ctx, service) {
            super::objects::bill(ctx, service, if host == "digitalocean" { "spaces" } else { "hetzner" }, None, bill)?;
            load.on_store.push(service.name.clone());
            continue;
        }
        if service.gpu.is_some() {
            super::gpu::compose_node(ctx, host, &book.sizes, service, bill);
            load.on_gpu_servers.push(service.name.clone());
            continue;
        }
        let pin = ctx.pin(&service.name);
        let hosted = ctx.with_colocated(service);
        let demand = ctx.load(service, &hosted);
        let own = capacity::Workload::of(service);
        load.egress_gb += demand.egress_gb_month;
        let util = capacity::target_utilisation(&own);
        if service.kind == Kind::Postgres {
            load.replicated.push(service.name.clone());
        }
        let (replicas, cpu, memory) = if service.kind.is_data() {
            load.stored.push((service.name.clone(), data::volume_gb(&own, &demand)));
            (pin.instances.unwrap_or(1), service.cpu_reserve.unwrap_or(0.25), data::self_run_memory_mb(&own, &demand))
        } else if service.kind == Kind::Cron {
            (1, service.cpu_reserve.unwrap_or(0.1), hosted.memory_base_mb)
        } else {
            // one core per replica as the unit of scaling; Compose does not autoscale
            let policy = ctx.policy(service, false);
            let one_core = Machine { vcpus: 1.0, sustained_cpu: 1.0, memory_mb: f64::MAX / 4.0 };
            let floor = ctx.requirement(service, hosted.clone()).availability_floor;
            let plan = capacity::plan_compute(&hosted, &demand, ctx.stage, floor, &one_core, &policy);
            bill.flag_all(&plan.warnings);
            let n = plan.peak_instances.max(1);
            let cpu = service.cpu_reserve.unwrap_or((demand.peak_cpu / n as f64 / util).max(0.1));
            let mem = hosted.memory_base_mb + hosted.memory_per_request_mb * demand.peak_in_flight / n as f64;
            (n, cpu, mem)
        };
        let (replicas, cpu, memory) = like_for_like(service, replicas, cpu, memory, bill);
        let one_volume = if service.kind.is_data() { data::volume_gb(&own, &demand) } else { pin.volume_gb.unwrap_or(service.volume_gb) };
        if let Some(why) = crate::platforms::can_host::rules()?.vps_volume_refusal(host, &service.name, one_volume) {
            bill.flag_service(FindingKind::CannotHost, &service.name, why);
        }
        if !service.kind.is_data() {
            load.stored.push((service.name.clone(), pin.volume_gb.unwrap_or(service.volume_gb) * replicas as f64));
        }
        if load.app.len() + load.data.len() + replicas as usize > MAX_CONTAINERS {
            bill.flag_service(
                FindingKind::BeyondModel,
                &service.name,
                format!("`{}` needs {replicas} containers: more than the {MAX_CONTAINERS} hostcast packs on a Compose host", service.name),
            );
            bill.summarise(service, host, "(too large for Compose)", 0.0, 0, "-");
            continue;
        }
        let target = if service.kind.is_data() { &mut load.data } else { &mut load.app };
        for _ in 0..replicas {
            target.push(Container { service: service.name.clone(), cpu, memory_mb: memory });
        }
        bill.summarise(service, host, format!("{} × {:.2} CPU / {:.0} MB", replicas, cpu, memory), replicas as f64, replicas, "containers");
        bill.sized(cpu, memory);
    }
    Ok(load)
}

/// Takes out the containers no usable node type holds, each a blocking finding
/// naming it; the rest is priced.
fn drop_unplaceable(load: &mut Load, book: &PriceBook, headroom: f64, pinned: Option<&str>, host: &str, bill: &mut Bill) {
    let fits = |c: &Container| super::nodes::fits_some(&book.sizes, c, headroom, pinned);
    for c in load.app.iter().chain(load.data.iter()).filter(|c| !fits(c)) {
        bill.nothing_fits(
            host,
            &c.service,
            format!(
                "no {host} node type holds a container of `{}` ({:.0} MB, {:.2} CPU) with {:.0}% headroom; it is left out of this total",
                c.service,
                c.memory_mb,
                c.cpu,
                headroom * 100.0
            ),
        );
    }
    load.app.retain(|c| fits(c));
    load.data.retain(|c| fits(c));
}

/// The node groups of Docker Swarm: app nodes (two or more at high availability),
/// the database on its own node(s), and at high availability a replica of them.
fn swarm_groups(ctx: &Context, book: &PriceBook, load: &Load, pinned: Option<&str>, ha: bool, bill: &mut Bill) -> Vec<Group> {
    let headroom = ctx.option.headroom;
    let mut pick = |containers: &[Container], min: usize, role: &str| {
        choose_nodes(&book.sizes, containers, headroom, pinned, min).unwrap_or_else(|| {
            let host = ctx.option.host.as_ref().map(|h| h.get_ref().as_str()).unwrap_or("hetzner");
            bill.missing(MissingPrice { provider: host.into(), entry: format!("(more than {MAX_NODES} nodes)"), needed_for: format!("the {role} nodes") });
            bill.flag(Finding::new(FindingKind::BeyondModel, format!("the {role} containers need more than the {MAX_NODES} nodes hostcast packs")));
            Vec::new()
        })
    };
    let mut groups = Vec::new();
    if !load.app.is_empty() {
        let nodes = pick(&load.app, if ha { 2 } else { 1 }, "app");
        groups.push(Group { role: "app", nodes, backed_up: ctx.option.backups });
    }
    if !load.data.is_empty() {
        let nodes = pick(&load.data, 1, "database");
        let replicate = load.to_replicate();
        if ha && !replicate.is_empty() {
            let replica = pick(&replicate, 1, "database replica");
            groups.push(Group { role: "database replica", nodes: replica, backed_up: ctx.option.backups });
        }
        groups.insert(usize::from(!load.app.is_empty()), Group { role: "database", nodes, backed_up: true });
    }
    groups
}

/// Charges every node (its price, IPv4 and backups); returns the local disk free
/// for data and the traffic included, GB.
fn charge_nodes(ctx: &Context, book: &PriceBook, host: &str, groups: &[Group], bill: &mut Bill) -> (f64, f64) {
    let (mut local, mut included) = (0.0, 0.0);
    let ipv4 = book.rates.contains_key("ipv4").then(|| ctx.prices.rate(host, "ipv4", None, "each node's public IPv4"));
    for g in groups {
        for (node, c) in &g.nodes {
            let c = *c as f64;
            let Some(size) = book.sizes.get(node) else { continue };
            local += c * (size.disk_gb.unwrap_or(0.0) - OS_DISK_GB).max(0.0);
            included += c * size.included_traffic_gb.unwrap_or(0.0);
            if !size.orderable {
                bill.flag(Finding::new(
                    FindingKind::NotOrderable,
                    format!("{host} `{node}` was reported not orderable; it is priced as listed, but a new order may have to take another type"),
                ));
            }
            let label = if g.role == "node" { format!("{node} × {c}") } else { format!("{}: {node} × {c}", g.role) };
            match ctx.prices.size(host, node, None, "Compose nodes") {
                Ok(p) => {
                    bill.charge(NODES, "nodes", label.clone(), c, &p, host);
                    if g.backed_up {
                        match ctx.prices.rate(host, "backup_fraction", None, "node backups") {
                            Ok(mut b) => {
                                b.unit = format!("{} of node price", b.currency);
                                bill.charge(NODES, "backups", format!("{}% of {label}", b.amount * 100.0), c * p.amount, &b, host);
                                bill.assume(format!(
                                    "Compose: {host}'s node backups are on ({}% of each node's price), as the option's `backups` (default true) says; `backups = false` leaves them out",
                                    b.amount * 100.0
                                ));
                            }
                            Err(m) => bill.missing(m),
                        }
                    }
                }
                Err(m) => bill.missing(m),
            }
            match &ipv4 {
                Some(Ok(p)) => bill.charge(NODES, "ipv4", format!("primary IPv4 of {label}"), c, p, host),
                Some(Err(m)) => bill.missing(m.clone()),
                None => bill.assume(format!("Compose on {host}: each node's public IPv4 is included in its price (the book has no `rates.ipv4`)")),
            }
        }
    }
    (local, included)
}

/// What Swarm adds: the load balancer, the private network, and a finding saying
/// what is run.
fn swarm_extras(ctx: &Context, host: &str, groups: &[Group], count: usize, bill: &mut Bill) {
    match ctx.prices.rate(host, "load_balancer", None, "a load balancer in front of the app nodes") {
        Ok(p) => bill.charge(NODES, "load balancer", "1 load balancer", 1.0, &p, host),
        Err(m) => bill.missing(m),
    }
    match ctx.prices.rate(host, "private_network", None, "the private network between the nodes") {
        Ok(p) => bill.charge(NODES, "private network", "1 private network", 1.0, &p, host),
        Err(m) => bill.missing(m),
    }
    let parts: Vec<String> = groups
        .iter()
        .map(|g| {
            format!(
                "{} × {} ({})",
                g.nodes.iter().map(|(_, c)| c).sum::<usize>(),
                g.role,
                g.nodes.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>().join(", ")
            )
        })
        .collect();
    bill.flag(Finding::new(
        FindingKind::MultiNode,
        format!(
            "Compose on {count} nodes: the same Compose file on Docker Swarm (`docker stack deploy`): {}, behind a {host} load balancer on a private network",
            parts.join(", ")
        ),
    ));
}

/// Traffic beyond the nodes' pooled allowance.
fn traffic(ctx: &Context, host: &str, egress_gb: f64, included: f64, bill: &mut Bill) {
    if egress_gb <= included {
        return;
    }
    let over = egress_gb - included;
    match ctx.prices.rate(host, "traffic_gb", None, "traffic beyond the included amount") {
        Ok(p) => bill.charge(NODES, "traffic", format!("{over:.0} GB beyond {included:.0} GB included"), over, &p, host),
        Err(_) => match ctx.prices.rate(host, "traffic_tb", None, "traffic beyond the included amount") {
            Ok(p) => bill.charge(NODES, "traffic", format!("{over:.0} GB beyond {included:.0} GB included"), over / 1024.0, &p, host),
            Err(m) => bill.missing(m),
        },
    }
}

/// Attributes the nodes' cost to services: volumes by the data each stores, the
/// rest (nodes, IPv4s, backups, traffic, load balancer) by reserved memory.
/// `costs` is what the volumes and what the rest of the nodes' lines cost, USD a month.
fn attribute(bill: &mut Bill, host: &str, load: &Load, groups: &[Group], costs: (f64, f64)) {
    let (volume_cost, node_cost) = costs;
    let all = load.all();
    let total_mem: f64 = all.iter().map(|c| c.memory_mb).sum();
    let storage_gb: f64 = load.stored.iter().map(|(_, g)| g).sum();
    let data_names: HashSet<&str> = load.data.iter().map(|c| c.service.as_str()).collect();
    let replicated_names: HashSet<&str> = load.replicated.iter().map(String::as_str).collect();
    let off_nodes: HashSet<&str> = load.on_store.iter().chain(&load.on_gpu_servers).map(String::as_str).collect();
    let mem_of = crate::ledger::index::sums(all.iter().map(|c| (c.service.as_str(), c.memory_mb)));
    let stored_of = crate::ledger::index::sums(load.stored.iter().map(|(n, g)| (n.as_str(), *g)));
    let empty: f64 = std::iter::empty::<f64>().sum();
    let on = |data: bool, replicated: bool| -> String {
        groups
            .iter()
            .filter(|g| match g.role {
                "node" => true,
                "app" => !data,
                "database" => data,
                _ => replicated,
            })
            .map(|g| {
                let nodes = g.nodes.iter().map(|(t, c)| format!("{t} × {c}")).collect::<Vec<_>>().join(" + ");
                if g.role == "node" { nodes } else { format!("{} {nodes}", g.role) }
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut by_roles: HashMap<(bool, bool), String> = HashMap::new();
    for s in bill.services.iter_mut().filter(|s| s.provider == host && !off_nodes.contains(s.name.as_str())) {
        let roles = (data_names.contains(s.name.as_str()), replicated_names.contains(s.name.as_str()));
        let node_names = by_roles.entry(roles).or_insert_with(|| on(roles.0, roles.1));
        let mem: f64 = mem_of.get(s.name.as_str()).copied().unwrap_or(empty);
        let data: f64 = stored_of.get(s.name.as_str()).copied().unwrap_or(empty);
        s.monthly_cost_usd =
            if total_mem > 0.0 { node_cost * mem / total_mem } else { 0.0 } + if storage_gb > 0.0 { volume_cost * data / storage_gb } else { 0.0 };
        s.size = format!("{} on {node_names}", s.size);
    }
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
        .filter(|(n, _)| crate::platforms::cpu_classes::cpu_class(host, n).0 == crate::scenario::model::CpuKind::Dedicated)
        .map(|(n, s)| (n.clone(), s.clone()))
        .collect()
}
