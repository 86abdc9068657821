//! Choosing a size for a compute service from an engine's catalogue: the pinned
//! one, else the cheapest that holds the service's requirement — at least the
//! configured memory, vCPUs and CPU class under like-for-like sizing, or from the
//! workload alone under measured sizing (the saving against like-for-like noted).

use super::{Bill, Context};
use crate::capacity::ComputePlan;
use crate::capacity::floor::Floor;
use crate::capacity::requirement::Requirement;
use crate::capacity::{self, Machine, Policy};
use crate::error::Diagnostic;
use crate::findings::FindingKind;
use crate::pricing::Price;
use crate::scenario::model::{CpuKind, Service};

/// A candidate machine type: its name, resources and monthly price.
#[derive(Clone)]
pub struct Candidate {
    /// Size name in the price book.
    pub name: String,
    /// Resources.
    pub machine: Machine,
    /// Monthly price.
    pub price: Price,
    /// Memory beyond the preset, billed with it: the preset's name, the extra GB and
    /// the price per GB-month.
    pub extra_ram: Option<(String, f64, Price)>,
    /// CPU class of the size (`data/cpu-classes.toml`).
    pub class: CpuKind,
}

impl Candidate {
    /// Monthly price of one instance, USD, extra memory included.
    pub fn usd(&self) -> f64 {
        self.price.usd + self.extra_ram.as_ref().map(|(_, gb, p)| gb * p.usd).unwrap_or(0.0)
    }
}

/// An engine's sizes for a service: the candidates and the names it accepts.
pub struct Catalogue {
    /// Sizes to choose from.
    pub candidates: Vec<Candidate>,
    /// Every valid size name (for the error on an unknown pin).
    pub valid: Vec<String>,
}

/// The size chosen for a service and its plan.
pub struct Chosen {
    /// The size.
    pub candidate: Candidate,
    /// Instances.
    pub plan: ComputePlan,
}

/// When the pinned size is a name `platform` (a `data/size-names.toml` key) sells or
/// sold that the catalogue has no price for: a missing price for the service (the
/// total a lower bound), the service listed unpriced. Returns whether it was; a name
/// the platform does not know is left to [`choose_size`], which refuses it.
pub fn unpriced_pin(
    platform: &str,
    service: &Service,
    pinned: Option<&toml::Spanned<String>>,
    candidates: &[Candidate],
    bill: &mut Bill,
) -> Result<bool, Diagnostic> {
    let Some(pin) = pinned.map(|p| p.get_ref()) else { return Ok(false) };
    if candidates.iter().any(|c| &c.name == pin) {
        return Ok(false);
    }
    let names = crate::platforms::size_names::names()?;
    let Some(group) = names.find(platform, pin) else { return Ok(false) };
    let when = if group.sold { "sells" } else { "sold earlier" };
    bill.missing(crate::pricing::MissingPrice { provider: platform.into(), entry: format!("sizes.{pin}"), needed_for: format!("`{}`", service.name) });
    bill.flag_service(
        FindingKind::MissingPrice,
        &service.name,
        format!(
            "`{}` is on `{pin}`, a size {platform} {when} ({}), which the price book has no price for: it is not priced, so the total is a lower bound",
            service.name,
            names.cite(&group.source)
        ),
    );
    bill.summarise(service, platform, format!("{pin} (no price)"), 0.0, 0, "-");
    Ok(true)
}

/// Picks the size for a compute service: the pinned one, else the candidate with
/// the lowest `price × average running instances` (ties: less memory, then name).
/// An unknown pinned size is an error listing the valid ones.
pub fn choose_size(
    ctx: &Context,
    service: &Service,
    req: &Requirement,
    policy: &Policy,
    catalogue: &Catalogue,
    pinned: Option<&toml::Spanned<String>>,
    bill: &mut Bill,
) -> Result<Option<Chosen>, Diagnostic> {
    let Catalogue { candidates, valid } = catalogue;
    let demand = &req.demand;
    if let Some(pin) = pinned {
        let Some(c) = candidates.iter().find(|c| &c.name == pin.get_ref()).cloned() else {
            return Err(ctx
                .scenario
                .at(pin.span(), format!("unknown size `{}` for service `{}` on this platform", pin.get_ref(), service.name))
                .with_help(format!("valid sizes: {}", crate::error::one_of(valid))));
        };
        if !capacity::fits(&req.workload, &c.machine) {
            bill.flag_service(
                FindingKind::Undersized,
                &service.name,
                format!("`{}` needs {:.0} MB at rest but `{}` has {:.0} MB", service.name, req.workload.memory_base_mb, c.name, c.machine.memory_mb),
            );
        }
        let plan = capacity::plan_compute(&req.workload, demand, ctx.stage, req.availability_floor, &c.machine, policy);
        return Ok(Some(Chosen { candidate: c, plan }));
    }
    let floor = req.floor.clone();
    if !floor.is_sized() {
        return Ok(cheapest(ctx, req, policy, candidates).map(|(_, c)| c));
    }
    let (held, below): (Vec<&Candidate>, Vec<&Candidate>) =
        candidates.iter().partition(|c| Floor { binding: true, ..floor.clone() }.admits(c.machine.vcpus, c.machine.memory_mb, c.class));
    if floor.binding {
        bill.assume(format!("`{}` is sized like for like: at least {} per instance, as configured", service.name, floor.describe()));
        return Ok(cheapest(ctx, req, policy, held).map(|(_, c)| c));
    }
    let like = cheapest(ctx, req, policy, held.iter().copied());
    let best = cheapest(ctx, req, policy, held.into_iter().chain(below));
    if let (Some((a, _)), Some((b, chosen))) = (&like, &best)
        && a - b > 0.005
    {
        bill.flag_service(
            FindingKind::Note,
            &service.name,
            format!(
                "`{}` is right-sized from measured figures on `{}`: {} a month against {} like for like ({}), a saving of {}",
                service.name,
                chosen.candidate.name,
                crate::money::usd(*b),
                crate::money::usd(*a),
                floor.describe(),
                crate::money::usd(a - b)
            ),
        );
    }
    Ok(best.map(|(_, c)| c))
}

/// The candidate with the lowest `price × average running instances` among those the
/// service's base footprint fits (ties: less memory); over the instance limit only if
/// nothing else fits. Returns its monthly cost and plan.
fn cheapest<'a>(ctx: &Context, req: &Requirement, policy: &Policy, candidates: impl IntoIterator<Item = &'a Candidate>) -> Option<(f64, Chosen)> {
    let (workload, demand) = (&req.workload, &req.demand);
    // the best so far is borrowed; only the one chosen is copied out
    let mut best: Option<(bool, f64, &Candidate, capacity::ComputePlan)> = None;
    for c in candidates {
        if !capacity::fits(workload, &c.machine) {
            continue;
        }
        let plan = capacity::plan_compute(workload, demand, ctx.stage, req.availability_floor, &c.machine, policy);
        let over = !plan.warnings.is_empty() && policy.max_instances.is_some();
        let cost = c.usd() * plan.avg_running;
        let better = match &best {
            None => true,
            Some((o, b, chosen, _)) => {
                (!over && *o) || (over == *o && (cost < b - 1e-9 || ((cost - b).abs() <= 1e-9 && c.machine.memory_mb < chosen.machine.memory_mb)))
            }
        };
        if better {
            best = Some((over, cost, c, plan));
        }
    }
    best.map(|(_, cost, c, plan)| (cost, Chosen { candidate: c.clone(), plan }))
}
