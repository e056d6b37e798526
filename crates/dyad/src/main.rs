//! The `dyad` command-line program: a thin layer over the library crates.
//!
//! Each family of subcommands lives in its own module with a `Commands` enum
//! and a `run` function; this file only dispatches.
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod cmd_bench;
mod cmd_code;
mod cmd_codebook;
mod cmd_dict;
mod cmd_serve;
mod cmd_store;
mod cmd_syntax;

/// dyad: a fast, transparent political event coder.
#[derive(Parser)]
#[command(version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    #[command(flatten)]
    Code(cmd_code::Commands),
    #[command(flatten)]
    Syntax(cmd_syntax::Commands),
    #[command(flatten)]
    Dict(cmd_dict::Commands),
    #[command(flatten)]
    Codebook(cmd_codebook::Commands),
    #[command(flatten)]
    Store(cmd_store::Commands),
    #[command(flatten)]
    Serve(cmd_serve::Commands),
    #[command(flatten)]
    Bench(cmd_bench::Commands),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Code(c) => cmd_code::run(c),
        Command::Syntax(c) => cmd_syntax::run(c),
        Command::Dict(c) => cmd_dict::run(c),
        Command::Codebook(c) => cmd_codebook::run(c),
        Command::Store(c) => cmd_store::run(c),
        Command::Serve(c) => cmd_serve::run(c),
        Command::Bench(c) => cmd_bench::run(c),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("dyad: error: {err:#}");
            ExitCode::from(2)
        }
    }
}
