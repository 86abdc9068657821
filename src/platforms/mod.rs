//! What each platform sells and can host, as data: the size names it sells or sold
//! ([`size_names`]), the CPU class of each size ([`cpu_classes`]), Fly's retired GPU
//! presets ([`gpus`]), the hosting rules ([`can_host`]), and what the price books
//! know for importers ([`Known`]). Each table is embedded and read strictly; the
//! importers, the capacity model and the engines all read them here.

pub mod can_host;
pub mod cpu_classes;
pub mod gpus;
pub mod known;
pub mod size_names;

pub use known::Known;
