//! The `hostcast` binary: parse arguments, run the command, map errors to exit codes.
//!
//! Exit codes (`cli::EXIT_CODES`): 0 success; 1 invalid input (a scenario, config or
//! price book that cannot be used) or any other failure; 2 usage error (clap's own,
//! or an unknown stage or option name); 3–5 a check failed after the output was
//! written ([`hostcast::error::Exit`]). A closed output pipe ends the program quietly,
//! and so does a closed standard error: messages that cannot be written are dropped,
//! the exit code stays.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;
use hostcast::cli::{Cli, Command};
use hostcast::report::table::plain;

fn main() -> ExitCode {
    let cli = Cli::parse();
    hostcast::commands::input::set_quiet(cli.quiet);
    let stdout = std::io::stdout();
    // borders in ASCII on request or when not writing to a terminal; the width to fit
    // from `COLUMNS`, else the terminal's
    let tty = stdout.is_terminal();
    let width = std::env::var("COLUMNS").ok().and_then(|c| c.trim().parse::<u16>().ok()).filter(|w| *w > 0);
    let width = width.or_else(|| if tty { comfy_table::Table::new().width() } else { None });
    hostcast::report::table::configure(hostcast::report::table::Terminal { ascii: cli.ascii || !tty, width });
    let mut out = stdout.lock();
    let result = match &cli.command {
        Command::Compare(args) => hostcast::commands::compare::run(args, &mut out),
        Command::Pricing(args) => hostcast::commands::pricing::run(args, &mut out),
        Command::Report(args) => hostcast::commands::report::run(args, &mut out),
        Command::Estimate(args) => hostcast::commands::estimate::run(args, &mut out),
        Command::Import(args) => hostcast::commands::import::run(args, &mut out),
        Command::Diff(args) => hostcast::commands::diff::run(args, &mut out),
        Command::Budget(args) => hostcast::commands::budget::run(args, &mut out),
        Command::Output(args) => hostcast::commands::output::run(args, &mut out),
        Command::Reconcile(args) => hostcast::commands::reconcile::run(args, &mut out),
        Command::Completions(args) => hostcast::commands::man::completions(args, &mut out),
        Command::Man(args) => hostcast::commands::man::man(args, &mut out),
    };
    let _ = out.flush();
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            if e.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe) {
                return ExitCode::SUCCESS;
            }
            if let Some(exit) = e.downcast_ref::<hostcast::error::Exit>() {
                let word = if exit.code == 2 { "error" } else { "check failed" };
                let _ = writeln!(std::io::stderr(), "{word}: {}", plain(&exit.message));
                return ExitCode::from(exit.code);
            }
            // names from the inputs reach the terminal without their control characters
            let _ = writeln!(std::io::stderr(), "error: {}", plain(&format!("{e:#}")));
            ExitCode::from(1)
        }
    }
}
