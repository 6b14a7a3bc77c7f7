//! A reference host for the Jira OAuth settings plugin: the part of the Invicti platform's back
//! end that the plugin talks to. It serves the plugin's build, implements the contract under
//! [`API_BASE`] (save the app, complete the consent, choose the site, disconnect) and keeps what
//! it learns in one JSON file.
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use jira_oauth_host::{Atlassian, Dist, Host, Store, Timeouts, router};
//! use jira_oauth_settings::atlassian::{API_URL, TOKEN_URL};
//! use std::path::Path;
//! use std::sync::Arc;
//! use std::time::Duration;
//!
//! let timeouts = Timeouts { request: Duration::from_secs(10), consent: Duration::from_secs(12) };
//! let atlassian = Atlassian::new(TOKEN_URL.parse()?, &API_URL.parse()?, timeouts)?;
//! let host = Arc::new(Host::new(Store::open(Path::new("data"))?, atlassian));
//! let app = router(host, &Dist::open(Path::new("dist"))?);
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await?;
//! axum::serve(listener, app).await?;
//! # Ok(())
//! # }
//! ```

#![warn(missing_docs)]

mod atlassian;
mod contract;
mod refresh;
mod secret;
mod store;

pub use atlassian::{Atlassian, AtlassianError, NoAnswer, Step, Timeouts};
pub use contract::API_BASE;
pub use refresh::RefreshError;
pub use store::{STORE_FILE, Store, StoreError};

use axum::Router;
use jira_oauth_settings::atlassian::CALLBACK_PATH;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use store::SpentCode;
use thiserror::Error;
use tokio::sync::Mutex;
use tower_http::services::{ServeDir, ServeFile};

/// The host's state: its store, its client of Atlassian's service, and the gate that lets one
/// consent complete at a time.
#[derive(Debug)]
pub struct Host {
    store: Store,
    atlassian: Atlassian,
    /// Held across a whole consent, Atlassian's answers included, so that two tabs sending the
    /// same callback do not both exchange its code; only consents wait for it. It holds the
    /// digest of the last code sent to Atlassian since the host started: the store keeps it
    /// too, but this copy stays when the store could not be written.
    consents: Mutex<Option<SpentCode>>,
}

impl Host {
    /// The host that keeps its settings in `store` and talks to `atlassian`.
    pub fn new(store: Store, atlassian: Atlassian) -> Host {
        Host { store, atlassian, consents: Mutex::new(None) }
    }
}

/// The plugin's build (Trunk's output), checked to hold the page the host serves.
#[derive(Clone, Debug)]
pub struct Dist {
    folder: PathBuf,
}

/// A build folder without its page.
#[derive(Debug, Error)]
#[error(
    "{} has no index.html: build the plugin first (run scripts/build), or point --dist at its \
     output.",
    .0.display()
)]
pub struct MissingBuild(PathBuf);

impl Dist {
    /// The build in `folder`.
    ///
    /// # Errors
    ///
    /// When `folder` has no `index.html`.
    pub fn open(folder: &Path) -> Result<Dist, MissingBuild> {
        if folder.join("index.html").is_file() {
            Ok(Dist { folder: folder.to_owned() })
        } else {
            Err(MissingBuild(folder.to_owned()))
        }
    }
}

/// The whole server: the contract under [`API_BASE`], the settings page at `/` and at the
/// callback path (the plugin tells the two apart by the path), and the build's other files.
pub fn router(host: Arc<Host>, dist: &Dist) -> Router {
    let page = dist.folder.join("index.html");
    Router::new()
        .nest(API_BASE, contract::routes(host))
        .merge(contract::unknown_api())
        .route_service("/", ServeFile::new(&page))
        .route_service(CALLBACK_PATH, ServeFile::new(&page))
        .fallback_service(ServeDir::new(&dist.folder))
}
