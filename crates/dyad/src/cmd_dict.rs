//! `dyad` subcommands for the dict layer.
use std::process::ExitCode;

/// Subcommands of the dict layer.
#[derive(clap::Subcommand)]
pub enum Commands {}

/// Runs one subcommand of the dict layer.
pub fn run(command: Commands) -> anyhow::Result<ExitCode> {
    match command {}
}
