//! A strict stand-in for Atlassian's OAuth 2.0 (3LO) endpoints: authorize, token and accessible
//! resources, served on the loopback interface for the tests, refusing whatever Atlassian would.

mod authorize;
mod http;
mod store;
mod token;

#[cfg(test)]
mod tests;

use std::io;
use std::net::{Ipv4Addr, SocketAddr};

use serde::{Deserialize, Serialize};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

use crate::http::Shared;

// Deliberately not imported from the plugin: sharing it would hide a typo in the plugin.
/// The four classic Jira platform scopes the product needs: an app registers them by default and
/// every authorize request must ask for all of them.
pub const CLASSIC_SCOPES: [&str; 4] =
    ["read:jira-work", "read:jira-user", "write:jira-work", "manage:jira-webhook"];

/// The stand-in server, serving in a background task until it is dropped.
pub struct StandIn {
    base_url: String,
    store: Shared,
    server: JoinHandle<()>,
}

impl StandIn {
    /// Binds 127.0.0.1:0 and serves in a background tokio task (needs a tokio runtime).
    pub async fn start() -> io::Result<StandIn> {
        StandIn::listen(SocketAddr::from((Ipv4Addr::LOCALHOST, 0))).await
    }

    /// Binds `address` (port 0 picks a free port) and serves in a background tokio task.
    pub async fn listen(address: SocketAddr) -> io::Result<StandIn> {
        let listener = TcpListener::bind(address).await?;
        let base_url = format!("http://{}", listener.local_addr()?);
        let store = Shared::default();
        let router = http::router(store.clone());
        let server = tokio::spawn(async move {
            if let Err(error) = axum::serve(listener, router).await {
                eprintln!("atlassian-stand-in: {error}");
            }
        });
        Ok(StandIn { base_url, store, server })
    }

    /// The server's address, e.g. `http://127.0.0.1:41234`, without a trailing slash. The token
    /// endpoint is `{base_url}/oauth/token`, the accessible resources
    /// `{base_url}/oauth/token/accessible-resources`, the consent screen `{base_url}/authorize`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Registers an app, replacing one with the same client ID.
    pub fn register(&self, app: App) {
        http::lock(&self.store).register(app);
    }

    /// Every request received, in order.
    pub fn calls(&self) -> Vec<Call> {
        http::lock(&self.store).calls.clone()
    }

    /// Runs what `GET /authorize` does for the raw query string (without `?`), for tests without
    /// a browser: the redirect's Location (with `code` and `state`, or `error=access_denied`), or
    /// the fault that Atlassian's error page would show, as `fault_word: description`. It is not
    /// a request, so it is not recorded in [`StandIn::calls`].
    pub fn authorize(&self, query: &str) -> Result<String, String> {
        authorize::authorize(&mut http::lock(&self.store), query).map_err(|fault| fault.to_string())
    }
}

impl Drop for StandIn {
    fn drop(&mut self) {
        self.server.abort();
    }
}

/// An OAuth 2.0 (3LO) app as registered in Atlassian's developer console.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct App {
    /// The Client ID, from the console's Settings tab.
    pub client_id: String,
    /// The Client secret, from the console's Settings tab.
    pub client_secret: String,
    /// The one registered callback URL, compared byte for byte.
    pub callback_url: String,
    /// The scopes added in the console; by default the four classic ones.
    #[serde(default = "default_scopes")]
    pub scopes: Vec<String>,
    /// The sites the consenting user grants, as accessible resources answers them.
    #[serde(default)]
    pub sites: Vec<Site>,
    /// Whether the user presses Cancel on the consent screen.
    #[serde(default)]
    pub declines: bool,
}

fn default_scopes() -> Vec<String> {
    CLASSIC_SCOPES.map(str::to_owned).to_vec()
}

/// A site that a consent grants, as accessible resources lists it.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Site {
    /// The cloud ID, used in `https://api.atlassian.com/ex/jira/{id}/...`.
    pub id: String,
    /// The site's name.
    pub name: String,
    /// The site's address, e.g. `https://example.atlassian.net`.
    pub url: String,
    /// The scopes granted on the site; when empty, the consent's scopes are answered.
    #[serde(default)]
    pub scopes: Vec<String>,
    /// The site's avatar, possibly empty.
    #[serde(default)]
    pub avatar_url: String,
}

/// A request the stand-in received, and what it answered.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Call {
    /// The HTTP method, e.g. `POST`.
    pub method: String,
    /// The path, without the query.
    pub path: String,
    /// The `grant_type` of a token request, when it was a string.
    pub grant_type: Option<String>,
    /// The status answered.
    pub status: u16,
}
