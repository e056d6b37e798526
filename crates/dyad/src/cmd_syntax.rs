//! `dyad` subcommands for the syntax layer.
use std::process::ExitCode;

/// Subcommands of the syntax layer.
#[derive(clap::Subcommand)]
pub enum Commands {}

/// Runs one subcommand of the syntax layer.
pub fn run(command: Commands) -> anyhow::Result<ExitCode> {
    match command {}
}
