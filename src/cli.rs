//! Command-line definitions (clap) and nothing else.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// Cost and capacity planning for web deployments: Fly.io, Render, Vercel + Fly,
/// and Docker Compose on a VPS, from MVP to enterprise load.
#[derive(Debug, Parser)]
#[command(name = "hostcast", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Price every option of each scenario at each load stage.
    Compare(CompareArgs),
    /// List the price books with their dates and ages; exit 1 if one is older than the limit.
    Pricing(PricingArgs),
    /// Write reports: data files, charts, Markdown and a self-contained HTML page.
    Report(ReportArgs),
    /// Price deployment configs (fly.toml, render.yaml, Compose, vercel.json) as written.
    Estimate(EstimateArgs),
    /// Write a scenario from deployment configs, ready to edit and compare.
    Import(ImportArgs),
}

/// Output formats of tabular commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Human-readable tables.
    Table,
    /// The versioned results model as JSON.
    Json,
    /// One row per line item.
    Csv,
}

/// `hostcast compare`.
#[derive(Debug, clap::Args)]
pub struct CompareArgs {
    /// Scenario files (`scenarios/*.toml`).
    #[arg(required = true)]
    pub scenarios: Vec<PathBuf>,
    /// Folder of price books. Default: the bundled `pricing/`.
    #[arg(long, value_name = "DIR")]
    pub pricing: Option<PathBuf>,
    /// Only this stage (repeatable).
    #[arg(long = "stage", value_name = "NAME")]
    pub stages: Vec<String>,
    /// Only this option (repeatable).
    #[arg(long = "option", value_name = "NAME")]
    pub options: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// `hostcast pricing`.
#[derive(Debug, clap::Args)]
pub struct PricingArgs {
    /// Folder of price books. Default: the bundled `pricing/`.
    #[arg(long, value_name = "DIR")]
    pub pricing: Option<PathBuf>,
    /// The day to measure age from (`YYYY-MM-DD`). Default: today.
    #[arg(long, value_name = "DATE")]
    pub today: Option<String>,
    /// A book older than this many days is stale.
    #[arg(long, value_name = "DAYS", default_value_t = 180)]
    pub max_age_days: u32,
}

/// `hostcast report`.
#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// Scenario files. Default: every bundled scenario (`scenarios/*.toml`).
    pub scenarios: Vec<PathBuf>,
    /// Folder to write into: one folder per scenario.
    #[arg(long, value_name = "DIR", default_value = "reports")]
    pub out: PathBuf,
    /// Folder of price books. Default: the bundled `pricing/`.
    #[arg(long, value_name = "DIR")]
    pub pricing: Option<PathBuf>,
    /// The report's date (`YYYY-MM-DD`), for price-book ages. Default: env
    /// `HOSTCAST_TODAY`, else the newest price book's date (never the clock).
    #[arg(long, value_name = "DATE")]
    pub today: Option<String>,
    /// Flag price books older than this many days.
    #[arg(long, value_name = "DAYS", default_value_t = 180)]
    pub max_age_days: u32,
}

/// Kinds of deployment config.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ConfigKind {
    /// fly.toml
    Fly,
    /// render.yaml
    Render,
    /// docker-compose.yml / compose.yaml
    Compose,
    /// vercel.json
    Vercel,
}

/// Output formats of `estimate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EstimateFormat {
    /// Itemised table per service and component.
    Table,
    /// The line items as JSON (the `compare` results model).
    Json,
}

/// Arguments shared by `estimate` and `import`: the configs and how to read them.
#[derive(Debug, clap::Args)]
pub struct ConfigArgs {
    /// Config files of one application (fly.toml, render.yaml, docker-compose.yml, vercel.json…).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// The config format, when the file name and content do not tell.
    #[arg(long, value_enum)]
    pub kind: Option<ConfigKind>,
    /// Variables for `${VAR}` in Compose files (the environment overrides them).
    #[arg(long, value_name = "FILE")]
    pub env_file: Option<PathBuf>,
}

/// `hostcast estimate`.
#[derive(Debug, clap::Args)]
pub struct EstimateArgs {
    /// The configs.
    #[command(flatten)]
    pub config: ConfigArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = EstimateFormat::Table)]
    pub format: EstimateFormat,
    /// Folder of price books. Default: the bundled `pricing/`.
    #[arg(long, value_name = "DIR")]
    pub pricing: Option<PathBuf>,
    /// Load stage whose traffic is assumed (MVP, Growth, Enterprise).
    #[arg(long, value_name = "NAME", default_value = "MVP")]
    pub stage: String,
    /// Exit 1 when the configs have any import warning (for CI).
    #[arg(long)]
    pub strict: bool,
}

/// `hostcast import`.
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The configs.
    #[command(flatten)]
    pub config: ConfigArgs,
    /// Write the scenario here (atomically) instead of to standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Folder of price books (for the regions they price). Default: the bundled `pricing/`.
    #[arg(long, value_name = "DIR")]
    pub pricing: Option<PathBuf>,
    /// Exit 1 when the configs have any import warning (for CI); nothing is written.
    #[arg(long)]
    pub strict: bool,
}
