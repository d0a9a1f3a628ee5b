//! `lifeboat-sim --scenario FILE --port 0`: serves a scenario and prints its base URL on the first line.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use lifeboat_sim::{Scenario, SimServer};

/// Simulated Microsoft Entra ID and Microsoft Graph for Lifeboat.
#[derive(Debug, Parser)]
#[command(name = "lifeboat-sim", version, about)]
struct Args {
    /// Scenario file (TOML). Without it, the built-in practice scenario is served.
    #[arg(long, value_name = "FILE")]
    scenario: Option<PathBuf>,
    /// Port on 127.0.0.1; 0 picks a free one.
    #[arg(long, default_value_t = 0)]
    port: u16,
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .with_writer(std::io::stderr)
        .init();
    let scenario = match &args.scenario {
        Some(path) => match Scenario::from_file(path) {
            Ok(scenario) => scenario,
            Err(error) => {
                eprintln!("lifeboat-sim: {error}");
                return ExitCode::from(2);
            }
        },
        None => Scenario::practice(),
    };
    let server = match SimServer::start(scenario, &format!("127.0.0.1:{}", args.port)).await {
        Ok(server) => server,
        Err(error) => {
            eprintln!("lifeboat-sim: {error}");
            return ExitCode::FAILURE;
        }
    };
    let mut stdout = std::io::stdout();
    let _ = writeln!(stdout, "{}", server.base_url());
    let _ = stdout.flush();
    if let Err(error) = tokio::signal::ctrl_c().await {
        eprintln!("lifeboat-sim: cannot wait for Ctrl+C: {error}");
    }
    server.shutdown().await;
    ExitCode::SUCCESS
}
