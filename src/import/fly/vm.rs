//! `[[vm]]` in a `fly.toml`: machine sizes, Fly's size names and its GPU presets.

use std::path::Path;

use super::super::Imported;
use super::super::tree::{self, Node};
use super::super::units::{self, Bare};
use super::{SERVICE_ONLY, VM_KEYS};
use crate::error::Diagnostic;
use crate::platforms::gpus::is_fly_gpu;
use crate::scenario::model::Gpu;

/// A machine size: CPU kind, CPUs and memory.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Machine {
    /// `shared` or `performance`.
    pub performance: bool,
    /// vCPUs.
    pub cpus: u32,
    /// Memory, MB.
    pub memory_mb: u32,
}

impl Machine {
    /// Fly's size name: `shared-cpu-1x-256mb`, `performance-2x-4gb`. Memory is sold in
    /// 256 MB steps: memory between presets keeps its own name (`shared-cpu-2x-3gb`),
    /// which Fly bills as the CPU preset plus extra RAM.
    pub fn preset(&self) -> String {
        let limit = if self.performance { 16 } else { 8 };
        let mut cpus = self.cpus.clamp(1, limit).next_power_of_two();
        // more memory than a CPU count allows needs more CPUs (2 GB per shared, 8 GB per performance CPU)
        let per_cpu_max = if self.performance { 8192 } else { 2048 };
        while self.memory_mb > per_cpu_max * cpus && cpus < limit {
            cpus *= 2;
        }
        let (min, max) = if self.performance { (2048 * cpus, 8192 * cpus) } else { (256 * cpus, 2048 * cpus) };
        let mem = self.memory_mb.div_ceil(256).saturating_mul(256).clamp(min, max);
        let mem_label = if mem >= 1024 && mem % 1024 == 0 { format!("{}gb", mem / 1024) } else { format!("{mem}mb") };
        if self.performance { format!("performance-{cpus}x-{mem_label}") } else { format!("shared-cpu-{cpus}x-{mem_label}") }
    }
}

/// One `[[vm]]` entry as read.
pub(super) struct VmEntry {
    /// Process groups it applies to (empty: all).
    pub(super) processes: Vec<String>,
    /// A size preset: (performance, CPUs, default memory MB).
    pub(super) preset: Option<(bool, u32, u32)>,
    /// `cpu_kind`: performance (true) or shared.
    pub(super) performance: Option<bool>,
    /// `cpus`.
    pub(super) cpus: Option<u32>,
    /// `memory`/`memory_mb`, MB.
    pub(super) memory_mb: Option<u32>,
    /// GPUs from a GPU size or `gpu_kind`/`gpus`.
    pub(super) gpu: Option<Gpu>,
    /// Where the entry (or its `size`) is written.
    pub(super) at: tree::Pos,
    /// A size Fly sold earlier that the price book has no price for (kept as named).
    pub(super) unpriced: Option<String>,
}

/// The `[[vm]]` entries of the file, in order; an unknown size is invalid input.
pub(super) fn vm_entries(root: &Node, out: &mut Imported) -> Result<Vec<VmEntry>, Diagnostic> {
    let Some(vm) = root.get("vm") else { return Ok(Vec::new()) };
    let tables: Vec<&Node> = if vm.is_list() { vm.items().iter().collect() } else { vec![vm] };
    tables.into_iter().map(|t| vm_entry(t, out)).collect()
}

/// Reads one `[[vm]]` table, warning about the scaling keys that have no effect there.
fn vm_entry(t: &Node, out: &mut Imported) -> Result<VmEntry, Diagnostic> {
    out.unknown_keys(t, &[&VM_KEYS[..], &SERVICE_ONLY[..]].concat(), "`[[vm]]`");
    for key in SERVICE_ONLY {
        if let Some(e) = t.entry(key) {
            out.warn_help(
                e.at,
                format!("`{key}` inside `[[vm]]` has no effect: machines are started and stopped per service"),
                "move it to `[http_service]` or `[[services]]`",
            );
        }
    }
    let at = t.entry("size").map(|e| e.value.at).unwrap_or(t.at);
    let mut entry = VmEntry { processes: Vec::new(), preset: None, performance: None, cpus: None, memory_mb: None, gpu: None, unpriced: None, at };
    if let Some(p) = t.entry("processes") {
        if p.value.items().iter().all(|i| i.as_str().is_some()) {
            entry.processes = p.value.items().iter().filter_map(Node::text).collect();
        } else {
            out.warn_help(
                p.at,
                "`processes` in `[[vm]]` must list process group names; this one is a table and is ignored",
                "write `processes = [\"worker\"]` inside the `[[vm]]` entry",
            );
        }
    }
    if let Some(e) = t.entry("size") {
        size(&e.value, &mut entry, out)?;
    }
    if let Some(e) = t.entry("cpu_kind") {
        match e.value.text().as_deref() {
            Some("shared") => entry.performance = Some(false),
            Some("performance") => entry.performance = Some(true),
            _ => return Err(units::invalid(&out.path, &e.value, "cpu_kind", "\"shared\" or \"performance\"")),
        }
    }
    if let Some(e) = t.entry("cpus") {
        entry.cpus = Some(units::whole(&out.path, &e.value, "cpus", 1, 64)?);
    }
    for key in ["memory", "memory_mb"] {
        if let Some(e) = t.entry(key) {
            match units::megabytes(&e.value, Bare::Megabytes).filter(|m| *m >= 1.0 && *m <= 1.0e6) {
                Some(m) => entry.memory_mb = Some(m.round() as u32),
                None => return Err(units::invalid(&out.path, &e.value, key, "a memory size from 1 MB to 1,000,000 MB (`512mb`, `1gb`, `1024`)")),
            }
        }
    }
    gpus(t, &mut entry, &out.path)?;
    Ok(entry)
}

/// Reads `size`: a preset (a GPU size also sets the GPU), else a size Fly sold
/// earlier, kept unpriced with a warning; any other name is invalid input.
fn size(value: &Node, entry: &mut VmEntry, out: &mut Imported) -> Result<(), Diagnostic> {
    let raw = value.text().unwrap_or_default();
    let name = raw.trim();
    if name != raw {
        out.warn(value.at, format!("`size = \"{raw}\"` has surrounding spaces; read as `{name}`"));
    }
    if let Some(p) = parse_size(name) {
        entry.preset = Some(p);
        if is_fly_gpu(name) {
            entry.gpu = Some(Gpu { kind: name.to_string(), count: 1 });
        }
        return Ok(());
    }
    // every size Fly sells or sold is data (`data/size-names.toml`)
    let names = crate::platforms::size_names::names()?;
    if names.find("fly", name).is_none() {
        return Err(
            tree::diag(&out.path, value.at, format!("unknown Fly machine size `{name}`")).with_help(format!("valid sizes: {}", names.all("fly").join(", ")))
        );
    }
    out.warn(value.at, format!("`{name}` is a size Fly sold earlier; the price book has no price for it"));
    entry.unpriced = Some(name.to_string());
    Ok(())
}

/// Reads `gpu_kind` and `gpus`: the model, else `any`, and the count, else one.
fn gpus(t: &Node, entry: &mut VmEntry, path: &Path) -> Result<(), Diagnostic> {
    if let Some(e) = t.entry("gpu_kind") {
        let raw = e.value.text().unwrap_or_default();
        match gpu_preset(raw.trim()) {
            Some(k) => entry.gpu = Some(Gpu { kind: k.to_string(), count: entry.gpu.as_ref().map(|g| g.count).unwrap_or(1) }),
            None => {
                return Err(tree::diag(path, e.value.at, format!("unknown Fly GPU kind `{}`", raw.trim()))
                    .with_help("valid GPU kinds: a10, l40s, a100-pcie-40gb, a100-sxm4-80gb"));
            }
        }
    }
    if let Some(e) = t.entry("gpus") {
        let c = units::whole(path, &e.value, "gpus", 1, 16)?;
        match &mut entry.gpu {
            Some(g) => g.count = c,
            None => entry.gpu = Some(Gpu { kind: "any".into(), count: c }),
        }
    }
    Ok(())
}

/// What the `[[vm]]` entries that apply to one process group make of its machines.
pub(super) struct Sizing {
    /// The machine: Fly's default, `shared-cpu-1x` with 256 MB, where nothing is set.
    pub(super) machine: Machine,
    /// Whether any entry sets a size, CPUs, memory or CPU kind.
    pub(super) sized: bool,
    /// The GPUs the last entry with GPUs gives.
    pub(super) gpu: Option<Gpu>,
    /// The unpriced size the last entry with one names.
    pub(super) unpriced: Option<String>,
    /// How many entries apply.
    pub(super) applying: usize,
    /// Where the last entry that applies (or its `size`) is written.
    pub(super) at: Option<tree::Pos>,
}

/// Lays the entries that apply to a group over Fly's default machine, in file order:
/// each later one overrides what it sets, and memory once set survives a later preset.
pub(super) fn sizing<'a>(entries: impl Iterator<Item = &'a VmEntry>) -> Sizing {
    let mut m = Machine { performance: false, cpus: 1, memory_mb: 256 };
    let mut memory_set = false;
    let mut sizing = Sizing { machine: m, sized: false, gpu: None, unpriced: None, applying: 0, at: None };
    for vm in entries {
        sizing.applying += 1;
        sizing.at = Some(vm.at);
        sizing.sized |= vm.preset.is_some() || vm.memory_mb.is_some() || vm.cpus.is_some() || vm.performance.is_some();
        if vm.gpu.is_some() {
            sizing.gpu = vm.gpu.clone();
        }
        if vm.unpriced.is_some() {
            sizing.unpriced = vm.unpriced.clone();
        }
        if let Some((p, c, mem)) = vm.preset {
            m = Machine { performance: p, cpus: c, memory_mb: if memory_set { m.memory_mb } else { mem } };
        }
        if let Some(p) = vm.performance {
            m.performance = p;
            if p && !memory_set && m.memory_mb < 2048 {
                m.memory_mb = 2048 * m.cpus;
            }
        }
        if let Some(c) = vm.cpus {
            m.cpus = c;
        }
        if let Some(mem) = vm.memory_mb {
            m.memory_mb = mem;
            memory_set = true;
        }
    }
    sizing.machine = m;
    sizing
}

/// The GPU preset of a `gpu_kind` as Fly names the cards (`a100-pcie-40gb`).
fn gpu_preset(kind: &str) -> Option<&'static str> {
    match kind {
        "a10" => Some("a10"),
        "l40s" => Some("l40s"),
        "a100-pcie-40gb" | "a100-40gb" => Some("a100-40gb"),
        "a100-sxm4-80gb" | "a100-80gb" => Some("a100-80gb"),
        _ => None,
    }
}

/// A Fly size preset name → (performance, cpus, default memory MB).
fn parse_size(s: &str) -> Option<(bool, u32, u32)> {
    if is_fly_gpu(s) {
        return Some((true, 8, 32768));
    }
    let (perf, rest) = if let Some(r) = s.strip_prefix("shared-cpu-") {
        (false, r)
    } else if let Some(r) = s.strip_prefix("performance-") {
        (true, r)
    } else {
        return None;
    };
    let sold: &[u32] = if perf { &[1, 2, 4, 8, 16] } else { &[1, 2, 4, 8] };
    let cpus: u32 = rest.strip_suffix('x')?.parse().ok().filter(|c: &u32| sold.contains(c))?;
    Some((perf, cpus, if perf { 2048 * cpus } else { 256 * cpus }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(preset: Option<(bool, u32, u32)>, performance: Option<bool>, memory_mb: Option<u32>) -> VmEntry {
        VmEntry { processes: Vec::new(), preset, performance, cpus: None, memory_mb, gpu: None, at: tree::Pos { line: 1, col: 1 }, unpriced: None }
    }

    #[test]
    fn later_entries_override_and_set_memory_survives_a_preset() {
        let entries = [entry(Some((false, 1, 256)), None, Some(1024)), entry(Some((true, 2, 4096)), None, None)];
        let s = sizing(entries.iter());
        assert_eq!(s.machine, Machine { performance: true, cpus: 2, memory_mb: 1024 });
        assert_eq!((s.applying, s.sized), (2, true));
        // a performance CPU kind alone raises the default memory to 2 GB per CPU
        let s = sizing([entry(None, Some(true), None)].iter());
        assert_eq!(s.machine, Machine { performance: true, cpus: 1, memory_mb: 2048 });
        let s = sizing(std::iter::empty());
        assert_eq!((s.machine, s.applying, s.sized), (Machine { performance: false, cpus: 1, memory_mb: 256 }, 0, false));
    }
}
