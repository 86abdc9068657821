//! All integration tests, in one binary, organised by concern.

mod books;
mod browser;
mod checks;
mod cli;
mod corpus;
mod engines;
mod errors;
mod estimate;
mod helpers;
mod hosting;
mod import;
mod import_compose_vercel;
mod properties;
mod report;
mod report_safety;
