//! `hostcast pricing`: checking, fetching, updating, rolling back and comparing the
//! price books.

use std::path::PathBuf;

use super::*;

/// `hostcast pricing`.
#[derive(Debug, clap::Args)]
pub struct PricingArgs {
    /// What to do; none: list the books.
    #[command(subcommand)]
    pub action: Option<PricingAction>,
    /// Price books: base folders and overlays.
    #[command(flatten)]
    pub prices: PriceArgs,
    /// The day to measure age from (`YYYY-MM-DD`). Default: env `HOSTCAST_TODAY`, else today.
    #[arg(long, value_name = "DATE", global = true)]
    pub today: Option<String>,
    /// A book checked longer ago than this many days is stale (0 to 36,500).
    #[arg(long, value_name = "DAYS", default_value_t = 180, global = true, value_parser = max_age_days())]
    pub max_age_days: u32,
    /// Output format of the list, `check` and `diff`.
    #[arg(long, value_enum, default_value_t = Format::Table, global = true)]
    pub format: Format,
}

/// `hostcast pricing` subcommands.
#[derive(Debug, Subcommand)]
pub enum PricingAction {
    /// Check every book in use: invalid exits 1; stale warns (exit 0), or exits 5 with `--fail-stale`.
    Check {
        /// Exit 5 when a book's `checked` date is past `--max-age-days`.
        #[arg(long)]
        fail_stale: bool,
    },
    /// Download price books over HTTPS, validate each whole, and install them
    /// (the previous file kept as `NAME.toml.prev`); any failure changes nothing.
    Fetch {
        /// Book URLs (`https://`; `http://` only to a loopback address).
        #[arg(required = true, value_name = "URL")]
        urls: Vec<String>,
        /// Install into this folder. Default: `$XDG_DATA_HOME/hostcast/pricing`
        /// (else `~/.local/share/hostcast/pricing`), which later runs layer over the embedded books.
        #[arg(long, value_name = "DIR")]
        into: Option<PathBuf>,
        /// Seconds allowed for the whole download of one book, connecting included
        /// (1 to 3,600).
        #[arg(long, value_name = "SECS", default_value_t = 30, value_parser = timeout())]
        timeout: u64,
        /// Largest book accepted, in bytes (1 to 33,554,432: 32 MiB, the most
        /// hostcast reads from any file).
        #[arg(long, value_name = "BYTES", default_value_t = 1_048_576, value_parser = max_bytes())]
        max_bytes: u64,
    },
    /// Fetch every book listed in an index (TOML: `[[book]]` with `url` and `sha256`),
    /// each digest verified and each book validated before any file changes.
    Update {
        /// The index URL. Default: env `HOSTCAST_PRICE_INDEX`, else the project's published
        /// `pricing/index.toml` (https://raw.githubusercontent.com/hostcast/hostcast/main/pricing/index.toml).
        #[arg(long, value_name = "URL")]
        index: Option<String>,
        /// Install into this folder. Default: the user's data folder.
        #[arg(long, value_name = "DIR")]
        into: Option<PathBuf>,
        /// Seconds allowed for the whole download of one file, connecting included
        /// (1 to 3,600).
        #[arg(long, value_name = "SECS", default_value_t = 30, value_parser = timeout())]
        timeout: u64,
        /// Largest file accepted, in bytes (1 to 33,554,432: 32 MiB).
        #[arg(long, value_name = "BYTES", default_value_t = 1_048_576, value_parser = max_bytes())]
        max_bytes: u64,
    },
    /// Restore the previous version (`NAME.toml.prev`) of a fetched book.
    Rollback {
        /// Provider id (`fly`) or file stem (`fly-io`).
        provider: String,
        /// The folder of fetched books. Default: the user's data folder.
        #[arg(long, value_name = "DIR")]
        into: Option<PathBuf>,
    },
    /// The prices that changed, were added or were removed between two books or folders.
    Diff {
        /// The old book file or folder (`-`: a book from standard input).
        old: PathBuf,
        /// The new book file or folder.
        new: PathBuf,
    },
}
