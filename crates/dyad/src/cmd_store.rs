//! `dyad` subcommands for the store layer.
use std::process::ExitCode;

/// Subcommands of the store layer.
#[derive(clap::Subcommand)]
pub enum Commands {}

/// Runs one subcommand of the store layer.
pub fn run(command: Commands) -> anyhow::Result<ExitCode> {
    match command {}
}
