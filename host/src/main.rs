//! `jira-oauth-host`: serves the plugin's build and implements its host contract, standing in
//! for the Invicti platform's back end. Prints `listening on http://IP:PORT` once bound, then the
//! one-time sign-in link (`sign in: http://IP:PORT/sign-in?token=…`); logs go to standard error.

use clap::Parser;
use jira_oauth_host::serve::{self, Limits};
use jira_oauth_host::{
    Access, AccessError, Atlassian, Dist, Host, MissingBuild, Store, StoreError, Timeouts,
};
use jira_oauth_settings::atlassian::{API_URL, TOKEN_URL};
use jira_oauth_settings::host_api::DEFAULT_TIMEOUT_MS;
use reqwest::Url;
use std::io::{IsTerminal, Write};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;
use thiserror::Error;
use tokio::net::TcpListener;
use tokio::signal::unix::{SignalKind, signal};
use tracing::info;
use tracing_subscriber::EnvFilter;

/// How long Atlassian has to answer one request.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// How long a whole consent may take, the wait for another consent, the code exchange and the
/// list of sites together: less than the plugin waits for the host by default, so that the admin
/// reads why the consent failed rather than the plugin's own timeout.
const CONSENT_DEADLINE: Duration = Duration::from_secs(12);
const _: () = assert!(CONSENT_DEADLINE.as_millis() < DEFAULT_TIMEOUT_MS as u128);

/// Serves the Jira OAuth settings plugin and implements its host contract.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Options {
    /// The address to listen on; port 0 picks a free one.
    #[arg(long, env = "JOS_LISTEN", default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// The plugin's build (scripts/build writes it).
    #[arg(long, env = "JOS_DIST", default_value = "dist")]
    dist: PathBuf,
    /// Where the host keeps store.json; made (mode 0700) when missing.
    #[arg(long, env = "JOS_DATA_DIR", default_value = "data")]
    data_dir: PathBuf,
    /// Atlassian's token endpoint.
    #[arg(long, env = "JOS_TOKEN_URL", default_value = TOKEN_URL)]
    token_url: Url,
    /// The base of Atlassian's APIs.
    #[arg(long, env = "JOS_API_URL", default_value = API_URL)]
    api_url: Url,
    /// The address admins open the settings page at, such as https://scanner.corp.example,
    /// when a proxy in front changes the Host header; repeat it for several. By default, changes
    /// are taken from pages at the Host the request names.
    #[arg(long = "origin", env = "JOS_ORIGINS", value_delimiter = ',', value_parser = origin)]
    origins: Vec<String>,
}

/// An `--origin` value, as browsers write it in `Origin` headers.
fn origin(value: &str) -> Result<String, String> {
    let url = Url::parse(value).map_err(|error| format!("not a URL: {error}"))?;
    let origin = url.origin();
    let usable = matches!(url.scheme(), "http" | "https") && url.path() == "/";
    if !usable || url.query().is_some() || !origin.is_tuple() {
        return Err("give the scheme, host and port only, such as https://scanner.example".into());
    }
    Ok(origin.ascii_serialization())
}

/// Why the host did not start or stopped.
#[derive(Debug, Error)]
enum Failure {
    #[error(transparent)]
    Build(#[from] MissingBuild),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Access(#[from] AccessError),
    #[error("Cannot make the HTTP client for Atlassian: {0}.")]
    Client(#[from] reqwest::Error),
    #[error("Cannot listen on {address}: {source}. Choose another address with --listen.")]
    Listen { address: SocketAddr, source: std::io::Error },
    #[error("Cannot write the address to standard output: {0}.")]
    Announce(std::io::Error),
    #[error("Cannot watch for SIGTERM: {0}.")]
    Signal(std::io::Error),
}

#[tokio::main]
async fn main() -> ExitCode {
    let options = Options::parse();
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .init();
    match run(options).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("jira-oauth-host: {failure}");
            ExitCode::FAILURE
        }
    }
}

async fn run(options: Options) -> Result<(), Failure> {
    let dist = Dist::open(&options.dist)?;
    let store = Store::open(&options.data_dir)?;
    let (access, sign_in) = Access::open(&options.data_dir)?;
    let timeouts = Timeouts { request: REQUEST_TIMEOUT, consent: CONSENT_DEADLINE };
    let atlassian = Atlassian::new(options.token_url, &options.api_url, timeouts)?;
    let mut terminate = signal(SignalKind::terminate()).map_err(Failure::Signal)?;
    let address = options.listen;
    let listener =
        TcpListener::bind(address).await.map_err(|source| Failure::Listen { address, source })?;
    let bound = listener.local_addr().map_err(|source| Failure::Listen { address, source })?;
    // Behind a proxy, the links lead to the address admins use.
    let base = options.origins.first().cloned().unwrap_or_else(|| format!("http://{bound}"));
    let host = Host::new(store, atlassian, access, base.clone()).with_origins(options.origins);
    let app = jira_oauth_host::router(Arc::new(host), &dist);
    // Standard output has the address (the end-to-end suite reads the port from it) and the
    // sign-in links; the logs go to standard error.
    let mut stdout = std::io::stdout();
    writeln!(stdout, "listening on http://{bound}")
        .and_then(|()| writeln!(stdout, "sign in: {base}{}", sign_in.path()))
        .and_then(|()| stdout.flush())
        .map_err(Failure::Announce)?;
    info!("serving {} with the store in {}", options.dist.display(), options.data_dir.display());
    let stop = async move {
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = terminate.recv() => {}
        }
        info!("stopping: finishing the requests under way");
    };
    serve::serve(listener, app, Limits::DEFAULT, stop).await;
    Ok(())
}
