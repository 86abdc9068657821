//! Command-line definitions (clap) and nothing else.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

mod pricing;

pub use pricing::{PricingAction, PricingArgs};

/// Cost and capacity planning for web deployments: Fly.io, Render, Vercel + Fly,
/// and Docker Compose on a VPS, from MVP to enterprise load.
#[derive(Debug, Parser)]
#[command(name = "hostcast", version, about, long_about = None, after_help = EXIT_CODES)]
pub struct Cli {
    /// No warnings or notes on standard error (errors are still printed).
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Table borders drawn in ASCII (the default when standard output is not a
    /// terminal); the cells are the same either way.
    #[arg(long, global = true)]
    pub ascii: bool,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The exit codes, as `--help` lists them.
pub const EXIT_CODES: &str = "Exit codes:
  0  success (warnings and lower-bound totals included)
  1  invalid input: a file hostcast cannot read, or a value the platform would refuse;
     with --strict (import, estimate), any import warning
  2  usage error (unknown flag, a flag value outside its range, unknown --stage/--option
     name, bad --today)
  3  a budget exceeded
  4  a total is a lower bound (a missing price) and --fail-on-missing was given
  5  a price book is past its age and `pricing check --fail-stale` was given
When several of 3-5 apply, the smallest wins.

A file argument of `-` reads standard input (named `<stdin>` in messages).";

/// The range of `--max-age-days`: 0 to 36,500 days (a hundred years).
fn max_age_days() -> clap::builder::RangedI64ValueParser<u32> {
    clap::value_parser!(u32).range(0..=36_500)
}

/// The range of `--timeout`: 1 second to an hour.
fn timeout() -> clap::builder::RangedU64ValueParser<u64> {
    clap::value_parser!(u64).range(1..=3_600)
}

/// The range of `--max-bytes`: 1 byte to [`crate::limits::MAX_FILE_BYTES`], the most
/// hostcast reads from any file.
fn max_bytes() -> clap::builder::RangedU64ValueParser<u64> {
    clap::value_parser!(u64).range(1..=crate::limits::MAX_FILE_BYTES)
}

/// Most a money flag (`--max`) may be: a trillion a month, far past any bill and
/// well within the precision of the cents.
pub const MAX_AMOUNT: f64 = 1e12;

/// A money amount from 0 to [`MAX_AMOUNT`]; NaN and infinities refused.
fn amount(text: &str) -> Result<f64, String> {
    let v: f64 = text.trim().parse().map_err(|_| format!("`{text}` is not a number: give an amount such as `250` or `99.50`"))?;
    if !v.is_finite() {
        return Err(format!("`{text}` is not a finite number: give an amount from 0 to 1,000,000,000,000"));
    }
    if !(0.0..=MAX_AMOUNT).contains(&v) {
        return Err(format!("`{text}` is outside 0 to 1,000,000,000,000"));
    }
    Ok(v)
}

/// Flags shared by the commands that price: the day, book ages, lower bounds.
#[derive(Debug, Clone, clap::Args)]
pub struct CheckArgs {
    /// The day to run on (`YYYY-MM-DD`), for price-book ages and API prices.
    /// Default: env `HOSTCAST_TODAY`, else today by the clock.
    #[arg(long, value_name = "DATE")]
    pub today: Option<String>,
    /// A price book checked longer ago than this many days is flagged (0 to 36,500:
    /// a hundred years).
    #[arg(long, value_name = "DAYS", default_value_t = 180, value_parser = max_age_days())]
    pub max_age_days: u32,
    /// Exit 4 when a total is a lower bound (a price is missing), after writing the output.
    #[arg(long)]
    pub fail_on_missing: bool,
}

/// The currency figures are shown in, and the tax the buyer pays.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct MoneyArgs {
    /// Show money in this ISO 4217 currency (`EUR`, `GBP`; default USD), at the rate of
    /// the exchange book (`[to_usd.CODE]`), which every output names with its date and
    /// source. A currency without a rate is an error (exit 1). JSON keeps every `_usd`
    /// field and adds `monthly_cost`, `currency` and `rate`.
    #[arg(long, value_name = "CODE")]
    pub currency: Option<String>,
    /// Add this tax (VAT, sales tax) to every provider's net prices, as a line per
    /// provider: `19%` or `0.19`. Replaces the scenario's `[tax]`.
    #[arg(long, value_name = "RATE")]
    pub tax: Option<String>,
}

/// Where prices come from: the base (embedded books, or `--pricing` folders), the
/// fetched books of the user's data folder, then overlays.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct PriceArgs {
    /// Folder of price books, in place of the embedded ones (repeatable: a later
    /// folder's book replaces an earlier one's).
    #[arg(long = "pricing", value_name = "DIR", global = true)]
    pub pricing: Vec<PathBuf>,
    /// Overlay file or folder laid over the books (repeatable, later wins; after
    /// those in env `HOSTCAST_OVERLAY`, a path list).
    #[arg(long = "overlay", value_name = "FILE_OR_DIR", global = true)]
    pub overlays: Vec<PathBuf>,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Price every option of each scenario at each load stage.
    #[command(after_help = EXIT_CODES)]
    Compare(CompareArgs),
    /// List the price books with where they came from, their dates and ages (warning
    /// when one is past the limit); `check`, `fetch`, `rollback`, `diff`.
    #[command(after_help = EXIT_CODES)]
    Pricing(PricingArgs),
    /// Write reports: data files, charts, Markdown and a self-contained HTML page.
    #[command(after_help = EXIT_CODES)]
    Report(ReportArgs),
    /// Price deployment configs (fly.toml, render.yaml, Compose, vercel.json) as written.
    #[command(after_help = EXIT_CODES)]
    Estimate(EstimateArgs),
    /// Write a scenario from deployment configs, ready to edit and compare.
    #[command(after_help = EXIT_CODES)]
    Import(ImportArgs),
    /// What changed between two versions: scenarios, configs (`a,b`) or saved JSON.
    #[command(after_help = EXIT_CODES)]
    Diff(DiffArgs),
    /// Exit 3 when the checked option's monthly cost crosses a limit (for CI).
    #[command(after_help = EXIT_CODES)]
    Budget(BudgetArgs),
    /// Re-render saved JSON results (from `compare --format json`) in any format.
    #[command(after_help = EXIT_CODES)]
    Output(OutputArgs),
    /// Set provider billing exports (FOCUS CSV or JSON Lines) against a scenario's
    /// forecast, month by month: gaps split into volume and rate.
    #[command(after_help = EXIT_CODES)]
    Reconcile(ReconcileArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    Completions(CompletionsArgs),
    /// Print the man page (roff), or write one page per subcommand with `-o DIR`.
    Man(ManArgs),
}

/// `hostcast completions`.
#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell to complete in.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// `hostcast man`.
#[derive(Debug, clap::Args)]
pub struct ManArgs {
    /// Write `hostcast.1` and one `hostcast-SUBCOMMAND.1` per subcommand into this folder
    /// instead of printing the main page.
    #[arg(short, long, value_name = "DIR")]
    pub output: Option<PathBuf>,
}

use crate::report::Format;

/// Where a tabular command writes, and in which format.
#[derive(Debug, clap::Args)]
pub struct FormatOutput {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Write here (atomically) instead of to standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// `hostcast compare`.
#[derive(Debug, clap::Args)]
pub struct CompareArgs {
    /// Scenario files (`scenarios/*.toml`; `-` reads one from standard input).
    #[arg(required = true)]
    pub scenarios: Vec<PathBuf>,
    /// Price books: base folders and overlays.
    #[command(flatten)]
    pub prices: PriceArgs,
    /// Price again under these books too and show what the change does to each
    /// option's total at each stage: a folder of books (replacing the base) or an
    /// overlay file (laid over the run's books).
    #[arg(long, value_name = "DIR_OR_OVERLAY")]
    pub against: Option<PathBuf>,
    /// Only this stage (repeatable).
    #[arg(long = "stage", value_name = "NAME")]
    pub stages: Vec<String>,
    /// Only this option (repeatable).
    #[arg(long = "option", value_name = "NAME")]
    pub options: Vec<String>,
    /// Currency and tax.
    #[command(flatten)]
    pub money: MoneyArgs,
    /// Format and destination (`markdown` also for `--against`).
    #[command(flatten)]
    pub out: FormatOutput,
    /// The day, book ages, lower bounds.
    #[command(flatten)]
    pub check: CheckArgs,
}

/// `hostcast diff`.
#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// Before: a scenario, configs (comma-separated: `fly.toml,vercel.json`) or a saved
    /// JSON output; `-` reads one of them from standard input.
    pub base: String,
    /// After: the same kinds.
    pub head: String,
    /// Only this stage (repeatable; any case).
    #[arg(long = "stage", value_name = "NAME")]
    pub stages: Vec<String>,
    /// Only this option (repeatable; any case).
    #[arg(long = "option", value_name = "NAME")]
    pub options: Vec<String>,
    /// Price books: base folders and overlays.
    #[command(flatten)]
    pub prices: PriceArgs,
    /// Currency and tax.
    #[command(flatten)]
    pub money: MoneyArgs,
    /// Format and destination.
    #[command(flatten)]
    pub out: FormatOutput,
    /// The day, book ages, lower bounds.
    #[command(flatten)]
    pub check: CheckArgs,
}

/// Which total a budget limits, on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BasisArg {
    /// The cash bill (hosting + APIs).
    Cash,
    /// The cash bill plus the team's time.
    WithTeamTime,
}

/// `hostcast budget`.
#[derive(Debug, clap::Args)]
pub struct BudgetArgs {
    /// Scenario files (their `[budget]` tables give limits the flags do not; `-`: one
    /// from standard input).
    #[arg(required = true)]
    pub scenarios: Vec<PathBuf>,
    /// Most a month for the checked option, in the `--currency` (default USD): a
    /// number from 0 to 1,000,000,000,000.
    #[arg(long, value_name = "AMOUNT", value_parser = amount)]
    pub max: Option<f64>,
    /// Most increase over `--baseline`: USD (`50`) or a percentage (`10%`).
    #[arg(long, value_name = "USD|PCT%")]
    pub max_increase: Option<String>,
    /// The baseline: a saved JSON output, a scenario, or configs (`a,b`).
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<String>,
    /// Check this option instead of the recommended one.
    #[arg(long, value_name = "NAME")]
    pub option: Option<String>,
    /// Only these stages (repeatable).
    #[arg(long = "stage", value_name = "NAME")]
    pub stages: Vec<String>,
    /// Which total: `cash` (default) or `with-team-time`.
    #[arg(long, value_enum)]
    pub basis: Option<BasisArg>,
    /// Currency (of the output and of `--max`) and tax.
    #[command(flatten)]
    pub money: MoneyArgs,
    /// Price books: base folders and overlays.
    #[command(flatten)]
    pub prices: PriceArgs,
    /// Format and destination.
    #[command(flatten)]
    pub out: FormatOutput,
    /// The day, book ages, lower bounds.
    #[command(flatten)]
    pub check: CheckArgs,
}

/// `hostcast output`.
#[derive(Debug, clap::Args)]
pub struct OutputArgs {
    /// Saved JSON results (`compare --format json`); several are merged in order; `-`
    /// reads one from standard input.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Only this stage (repeatable; any case).
    #[arg(long = "stage", value_name = "NAME")]
    pub stages: Vec<String>,
    /// Only this option (repeatable; any case).
    #[arg(long = "option", value_name = "NAME")]
    pub options: Vec<String>,
    /// Show money in this ISO 4217 currency, at the rate of the exchange book in use
    /// (embedded, or fetched into the data folder).
    #[arg(long, value_name = "CODE")]
    pub currency: Option<String>,
    /// Format and destination.
    #[command(flatten)]
    pub out: FormatOutput,
}

/// `hostcast report`.
#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// Scenario files (`-`: one from standard input). Default: every bundled scenario
    /// (`scenarios/*.toml` of the current folder).
    pub scenarios: Vec<PathBuf>,
    /// Folder to write into: one folder per scenario.
    #[arg(short = 'o', long = "output", visible_alias = "out", value_name = "DIR", default_value = "reports")]
    pub out: PathBuf,
    /// Price books: base folders and overlays.
    #[command(flatten)]
    pub prices: PriceArgs,
    /// Currency and tax.
    #[command(flatten)]
    pub money: MoneyArgs,
    /// The report's date, book ages, lower bounds (pin `--today` or `HOSTCAST_TODAY`
    /// for byte-identical reports).
    #[command(flatten)]
    pub check: CheckArgs,
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

/// Arguments shared by `estimate` and `import`: the configs and how to read them.
#[derive(Debug, clap::Args)]
pub struct ConfigArgs {
    /// Config files of one application (fly.toml, render.yaml, docker-compose.yml,
    /// vercel.json…); `-` reads one from standard input (give `--kind`, or it is told
    /// from the content).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// The config format, when the file name and content do not tell.
    #[arg(long, value_enum)]
    pub kind: Option<ConfigKind>,
    /// Variables for `${VAR}` in Compose files (the environment overrides them; `-`:
    /// standard input).
    #[arg(long, value_name = "FILE")]
    pub env_file: Option<PathBuf>,
    /// A Compose profile to enable (repeatable): its services are read with the
    /// always-enabled ones, as `docker compose --profile NAME up` starts them; `*`
    /// enables every profile. Without it, `COMPOSE_PROFILES` (comma-separated) from
    /// the environment or `--env-file`.
    #[arg(long = "profile", value_name = "NAME")]
    pub profile: Vec<String>,
}

/// `hostcast estimate`.
#[derive(Debug, clap::Args)]
pub struct EstimateArgs {
    /// The configs.
    #[command(flatten)]
    pub config: ConfigArgs,
    /// Format and destination.
    #[command(flatten)]
    pub out: FormatOutput,
    /// Price books: base folders and overlays.
    #[command(flatten)]
    pub prices: PriceArgs,
    /// Currency and tax.
    #[command(flatten)]
    pub money: MoneyArgs,
    /// Load stage whose traffic is assumed (MVP, Growth, Enterprise; any case).
    #[arg(long, value_name = "NAME", default_value = "MVP")]
    pub stage: String,
    /// The day, book ages, lower bounds.
    #[command(flatten)]
    pub check: CheckArgs,
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
    /// Overwrite the `-o` file when it exists.
    #[arg(long)]
    pub force: bool,
    /// A usage file (`hostcast.usage.toml`): its stage and workload numbers replace
    /// the assumed ones, so edits survive a re-import.
    #[arg(long, value_name = "FILE")]
    pub usage: Option<PathBuf>,
    /// Write the stage and workload numbers of the scenario to this usage file
    /// (atomically; `--force` to overwrite).
    #[arg(long, value_name = "FILE")]
    pub write_usage: Option<PathBuf>,
    /// Price books: base folders and overlays.
    #[command(flatten)]
    pub prices: PriceArgs,
    /// Exit 1 when the configs have any import warning (for CI); nothing is written.
    #[arg(long)]
    pub strict: bool,
}

/// `hostcast reconcile`.
#[derive(Debug, clap::Args)]
pub struct ReconcileArgs {
    /// The scenario whose forecast the actuals are set against (`-`: standard input).
    pub scenario: PathBuf,
    /// Billing exports: FOCUS 1.0-1.2 as CSV or JSON Lines (recognised by content).
    #[arg(required = true, value_name = "ACTUALS")]
    pub actuals: Vec<PathBuf>,
    /// The option the bill belongs to; needed when several non-reference options
    /// use the export's providers.
    #[arg(long, value_name = "NAME")]
    pub option: Option<String>,
    /// The stage forecast for months outside the growth timeline (default: the first).
    #[arg(long, value_name = "NAME")]
    pub stage: Option<String>,
    /// A TOML file of `[[match]]` entries (`provider`, `service_name`, `resource`,
    /// `sku` -> `service`, `component`) for charges names cannot place.
    #[arg(long, value_name = "FILE")]
    pub map: Option<PathBuf>,
    /// Price books: base folders and overlays.
    #[command(flatten)]
    pub prices: PriceArgs,
    /// Format and destination.
    #[command(flatten)]
    pub out: FormatOutput,
    /// The day (its month is month 0 of the timeline), book ages, lower bounds.
    #[command(flatten)]
    pub check: CheckArgs,
}
