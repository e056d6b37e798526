//! `dyad` subcommands for the codebook layer.
use std::process::ExitCode;

/// Subcommands of the codebook layer.
#[derive(clap::Subcommand)]
pub enum Commands {}

/// Runs one subcommand of the codebook layer.
pub fn run(command: Commands) -> anyhow::Result<ExitCode> {
    match command {}
}
