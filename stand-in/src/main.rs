//! The stand-in as a program, for the end-to-end suite: it prints the one line
//! `listening on http://HOST:PORT`, then serves until it gets SIGTERM or Ctrl-C.

use std::io::{self, Write as _};
use std::net::SocketAddr;

use atlassian_stand_in::StandIn;
use clap::Parser;

/// A strict stand-in for Atlassian's OAuth 2.0 (3LO) endpoints, for the tests.
#[derive(Parser)]
#[command(version, about)]
struct Args {
    /// The address to listen on; port 0 picks a free port.
    #[arg(long, default_value = "127.0.0.1:0")]
    listen: SocketAddr,
}

#[tokio::main]
async fn main() -> io::Result<()> {
    let args = Args::parse();
    let stand_in = StandIn::listen(args.listen).await?;
    println!("listening on {}", stand_in.base_url());
    io::stdout().flush()?;
    stopped().await
}

/// Waits for SIGTERM or Ctrl-C.
async fn stopped() -> io::Result<()> {
    #[cfg(unix)]
    {
        let mut terminate =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
        tokio::select! {
            interrupted = tokio::signal::ctrl_c() => interrupted,
            _ = terminate.recv() => Ok(()),
        }
    }
    #[cfg(not(unix))]
    {
        tokio::signal::ctrl_c().await
    }
}
