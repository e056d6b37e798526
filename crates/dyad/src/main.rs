//! The `dyad` command-line program: a thin layer over the library crates.
use clap::Parser;

/// dyad: a fast, transparent political event coder.
#[derive(Parser)]
#[command(version, about)]
struct Cli {}

fn main() -> anyhow::Result<()> {
    let _cli = Cli::parse();
    Ok(())
}
