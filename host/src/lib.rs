//! A reference host for the Jira OAuth settings plugin: the part of the Invicti platform's back
//! end that the plugin talks to. It serves the plugin's build, implements the contract under
//! [`API_BASE`] (save the app, complete the consent, choose the site, disconnect) and keeps what
//! it learns in one JSON file.
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use jira_oauth_host::{Access, Atlassian, Dist, Host, Store, Timeouts, router};
//! use jira_oauth_settings::atlassian::{API_URL, TOKEN_URL};
//! use std::path::Path;
//! use std::sync::Arc;
//! use std::time::Duration;
//!
//! let timeouts = Timeouts { request: Duration::from_secs(10), consent: Duration::from_secs(12) };
//! let atlassian = Atlassian::new(TOKEN_URL.parse()?, &API_URL.parse()?, timeouts)?;
//! let store = Store::open(Path::new("data"))?;
//! let (access, sign_in) = Access::open(Path::new("data"))?;
//! let base = "http://127.0.0.1:8080".to_owned();
//! let host = Arc::new(Host::new(store, atlassian, access, base));
//! let app = router(host, &Dist::open(Path::new("dist"))?);
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await?;
//! println!("sign in: http://127.0.0.1:8080{}", sign_in.path());
//! axum::serve(listener, app).await?;
//! # Ok(())
//! # }
//! ```

#![warn(missing_docs)]

mod access;
mod atlassian;
mod contract;
mod refresh;
mod secret;
pub mod serve;
mod store;

pub use access::{
    Access, AccessError, KEY_FILE, SESSION_COOKIE, SESSION_LIFETIME, SIGN_IN_PATH, SignInToken,
};
pub use atlassian::{Atlassian, AtlassianError, NoAnswer, Step, Timeouts};
pub use contract::API_BASE;
pub use refresh::RefreshError;
pub use store::{STORE_FILE, Store, StoreError};

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue, header};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::get;
use jira_oauth_settings::atlassian::CALLBACK_PATH;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use store::SpentCode;
use thiserror::Error;
use tokio::sync::Mutex;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;

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
    /// Who is signed in.
    access: Access,
    /// The origins the settings page may be served from; when empty, the host's own address.
    origins: Vec<String>,
    /// Where the sign-in links it prints lead: the host's address, as admins open it.
    sign_in_base: String,
}

impl Host {
    /// The host that keeps its settings in `store`, talks to `atlassian`, and lets in the admins
    /// signed in through `access`.
    ///
    /// The sign-in links it prints after each sign-in lead to `sign_in_base` (such as
    /// `http://127.0.0.1:8080`): the address it listens on, or the one admins open it at.
    pub fn new(store: Store, atlassian: Atlassian, access: Access, sign_in_base: String) -> Host {
        let consents = Mutex::new(None);
        Host { store, atlassian, consents, access, origins: Vec::new(), sign_in_base }
    }

    /// The same host, taking changes only from pages of `origins` (such as
    /// `https://scanner.corp.example`), for a host behind a proxy that rewrites the `Host`. When
    /// they are all https, the session cookie is `Secure`.
    #[must_use]
    pub fn with_origins(self, origins: Vec<String>) -> Host {
        Host { origins, ..self }
    }

    /// Whether the session cookie may travel over https only: when every page is https.
    fn secure_cookie(&self) -> bool {
        !self.origins.is_empty() && self.origins.iter().all(|origin| origin.starts_with("https://"))
    }
}

/// The hex digits of `bytes`, two per byte.
pub(crate) fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
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
///
/// Every answer carries [`CONTENT_SECURITY_POLICY`] and headers that keep the page out of frames,
/// its address out of `Referer` headers (the callback page's address holds the code) and its
/// files out of other sites' pages.
pub fn router(host: Arc<Host>, dist: &Dist) -> Router {
    let page = dist.folder.join("index.html");
    let headers = [
        (header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (HeaderName::from_static("cross-origin-opener-policy"), "same-origin"),
        (HeaderName::from_static("cross-origin-resource-policy"), "same-origin"),
    ];
    let files = ServeDir::new(&dist.folder).precompressed_br().precompressed_gzip();
    let router = Router::new()
        .route(SIGN_IN_PATH, get(access::sign_in).with_state(host.clone()))
        .nest(API_BASE, contract::routes(host))
        .merge(contract::unknown_api())
        .route_service("/", serve_file(&page))
        .merge(callback_page(&page))
        .fallback_service(files)
        .layer(middleware::from_fn(cache_policy));
    headers.into_iter().fold(router, |router, (name, value)| {
        router.layer(SetResponseHeaderLayer::overriding(name, HeaderValue::from_static(value)))
    })
}

/// A file of the build, served from its brotli or gzip copy when the browser takes one.
fn serve_file(path: &Path) -> ServeFile {
    ServeFile::new(path).precompressed_br().precompressed_gzip()
}

/// The page at the callback path, which no cache keeps: its address holds Atlassian's code.
fn callback_page(page: &Path) -> Router {
    let no_store = HeaderValue::from_static("no-store");
    Router::new()
        .route_service(CALLBACK_PATH, serve_file(page))
        .layer(SetResponseHeaderLayer::overriding(header::CACHE_CONTROL, no_store))
}

/// How long browsers keep what the host serves, unless the answer says already: for ever for a
/// file whose name holds the hash of its contents (`scripts/fingerprint.mjs`), which a change
/// renames; for everything else, only as long as the host confirms it is unchanged.
async fn cache_policy(request: Request, next: Next) -> Response {
    let hashed = is_fingerprinted(request.uri().path());
    let mut response = next.run(request).await;
    if response.status().is_success() {
        let policy = if hashed { "public, max-age=31536000, immutable" } else { "no-cache" };
        response
            .headers_mut()
            .entry(header::CACHE_CONTROL)
            .or_insert(HeaderValue::from_static(policy));
    }
    response
}

/// Whether the path's file name is `NAME.HASH.EXT`, HASH being 16 lower-case hex digits.
fn is_fingerprinted(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or_default();
    let mut parts = name.rsplit('.');
    let (_extension, hash) = (parts.next(), parts.next());
    let is_hash = |part: &str| {
        part.len() == 16 && part.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    };
    hash.is_some_and(is_hash) && parts.next().is_some_and(|stem| !stem.is_empty())
}

/// The policy every page of the host runs under: the plugin's own files, its WebAssembly, and
/// requests to this host only.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self' \
    'wasm-unsafe-eval'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri \
    'none'; form-action 'self'; frame-ancestors 'none'";
