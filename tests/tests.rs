//! All integration tests, in one binary, organised by concern.

mod apis;
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
mod like_for_like;
mod limits;
mod prices;
mod properties;
mod report;
mod report_safety;
mod review;
