//! All integration tests, in one binary, organised by concern.

mod browser;
mod checks;
mod cli;
mod corpus;
mod engines;
mod errors;
mod estimate;
mod helpers;
mod import;
mod import_compose_vercel;
mod like_for_like;
mod report;
