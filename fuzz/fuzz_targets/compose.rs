//! Fuzzes the Compose importer (`docker-compose.yml`): arbitrary bytes must never panic.

#![no_main]

use hostcast::import::Format;
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| common::import("docker-compose.yml", Format::Compose, data));
