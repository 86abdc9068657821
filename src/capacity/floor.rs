//! The configured floor of a service: what its deployment config settles (memory,
//! CPU count and class, GPU, disk, instances), carried over to every platform by
//! like-for-like sizing.
//!
//! Provider-neutral: a billing engine asks [`Floor::admits`] whether one of its sizes
//! holds the floor, and `platforms::cpu_classes` which class a size of its catalogue is in.

use crate::scenario::model::{CpuKind, Gpu, Service, Sizing};

/// What one instance of a service must have on any platform.
#[derive(Debug, Clone, PartialEq)]
pub struct Floor {
    /// Memory of one instance, MB (0: not configured).
    pub memory_mb: f64,
    /// vCPUs of one instance (0: not configured).
    pub vcpus: f64,
    /// CPU class, when configured.
    pub cpu_class: Option<CpuKind>,
    /// GPUs of one instance, when configured.
    pub gpu: Option<Gpu>,
    /// Disk (volume) of one instance, GB.
    pub disk_gb: f64,
    /// Fewest instances as configured.
    pub instances: u32,
    /// Whether the floor binds (like-for-like), or only informs (measured).
    pub binding: bool,
}

impl Floor {
    /// The floor of `service`. With `sizing = "measured"` it does not bind sizes
    /// (the GPU always does: a GPU service is never a CPU machine).
    pub fn of(service: &Service) -> Floor {
        Floor {
            memory_mb: service.memory_mb.unwrap_or(0.0),
            vcpus: service.vcpus.unwrap_or(0.0),
            cpu_class: service.cpu_kind,
            gpu: service.gpu.clone(),
            disk_gb: service.volume_gb,
            instances: service.instances.unwrap_or(0),
            binding: service.sizing() == Sizing::LikeForLike,
        }
    }

    /// The configured instance count when the floor binds, else 0.
    pub fn binding_instances(&self) -> u32 {
        if self.binding { self.instances } else { 0 }
    }

    /// Whether the floor constrains a size: configured memory, or dedicated CPUs.
    pub fn is_sized(&self) -> bool {
        self.memory_mb > 0.0 || self.dedicated()
    }

    /// Whether one instance of `vcpus` vCPUs, `memory_mb` MB in CPU class `class`
    /// holds the floor: at least the memory; for a dedicated floor, a dedicated class
    /// and at least the vCPUs. A shared floor takes either class and any vCPU count: a
    /// shared vCPU is a time share that differs by platform (Fly 1/16 of a core, Render
    /// starter half a CPU), so its count does not carry over; the load still sizes CPU.
    pub fn admits(&self, vcpus: f64, memory_mb: f64, class: CpuKind) -> bool {
        if !self.binding {
            return true;
        }
        let cpu_ok = !self.dedicated() || (class == CpuKind::Dedicated && vcpus + 1e-6 >= self.vcpus);
        cpu_ok && memory_mb + 1e-6 >= self.memory_mb
    }

    /// Whether the floor asks for dedicated CPUs.
    pub fn dedicated(&self) -> bool {
        self.cpu_class == Some(CpuKind::Dedicated)
    }

    /// The vCPUs that carry over: the configured count of a dedicated floor, else 0.
    pub fn binding_vcpus(&self) -> f64 {
        if self.binding && self.dedicated() { self.vcpus } else { 0.0 }
    }

    /// The floor in words, e.g. `2 dedicated vCPUs, 4096 MB`.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if self.dedicated() {
            let n = if self.vcpus > 0.0 { format!("{} ", crate::money::quantity(self.vcpus)) } else { String::new() };
            parts.push(format!("{n}dedicated vCPU(s)"));
        }
        if self.memory_mb > 0.0 {
            parts.push(format!("{:.0} MB", self.memory_mb));
        }
        if let Some(g) = &self.gpu {
            parts.push(format!("{} × GPU {}", g.count, g.kind));
        }
        parts.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dedicated_floor_needs_a_dedicated_size_with_the_memory() {
        let f = Floor { memory_mb: 2048.0, vcpus: 1.0, cpu_class: Some(CpuKind::Dedicated), gpu: None, disk_gb: 0.0, instances: 0, binding: true };
        assert!(!f.admits(2.0, 4096.0, CpuKind::Shared));
        assert!(!f.admits(1.0, 1024.0, CpuKind::Dedicated));
        assert!(f.admits(1.0, 2048.0, CpuKind::Dedicated));
        let measured = Floor { binding: false, ..f.clone() };
        assert!(measured.admits(0.5, 512.0, CpuKind::Shared));
        // a shared floor carries its memory, not its vCPU count (Fly's shared-cpu-1x on Render starter)
        let shared = Floor { cpu_class: Some(CpuKind::Shared), vcpus: 1.0, memory_mb: 256.0, ..f };
        assert!(shared.admits(0.5, 512.0, CpuKind::Shared));
        assert!(!shared.admits(0.5, 128.0, CpuKind::Shared));
    }
}
