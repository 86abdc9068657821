//! Fuzzes the Fly importer (`fly.toml`): arbitrary bytes must never panic.

#![no_main]

use hostcast::import::Format;
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| common::import("fly.toml", Format::Fly, data));
