//! All integration tests, in one binary, organised by concern.

mod checks;
mod engines;
mod errors;
mod helpers;
mod cli;
mod report;
mod browser;
mod corpus;
mod estimate;
mod import;
mod import_compose_vercel;
