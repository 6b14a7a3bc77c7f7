//! `POST /consent`, `POST /site` and `POST /disconnect`: the connection's life, from the code
//! Atlassian sent to the callback page to forgetting the tokens.

use super::abbreviated;
use super::error::{ApiError, JsonBody};
use crate::Host;
use axum::Json;
use axum::extract::State;
use jira_oauth_settings::host_api::{
    ChooseSite, CompleteConsent, Connection, Disconnect, Settings, Site,
};
use std::sync::Arc;
use std::time::SystemTime;
use tracing::info;

/// Codes are opaque and long (hundreds of characters), never this long.
const MAX_CODE: usize = 4096;
/// The plugin's states have 43 characters.
const MAX_STATE: usize = 512;
/// Far past the callback URL's own limit.
const MAX_REDIRECT_URI: usize = 2048;

/// Refuses a consent with a value no consent produces, before anything is sent to Atlassian.
fn check_sizes(consent: &CompleteConsent) -> Result<(), ApiError> {
    let values = [
        ("code", &consent.code, MAX_CODE),
        ("state", &consent.state, MAX_STATE),
        ("redirectUri", &consent.redirect_uri, MAX_REDIRECT_URI),
    ];
    for (name, value, limit) in values {
        let fault = if value.is_empty() {
            format!("The consent's {name} is empty.")
        } else if value.len() > limit {
            format!("The consent's {name} is {} bytes long, more than {limit}.", value.len())
        } else {
            continue;
        };
        info!("consent refused: {name} is empty or too long");
        return Err(ApiError::InvalidRequest(format!(
            "{fault} It cannot have come from Atlassian: press Connect to Jira to start again."
        )));
    }
    Ok(())
}

/// `POST /consent`. The store stays locked through the exchange, so that a save or a disconnect
/// in the meantime cannot mix the old app's tokens with the new app.
pub(crate) async fn complete(
    State(host): State<Arc<Host>>,
    JsonBody(request): JsonBody<CompleteConsent>,
) -> Result<Json<Settings>, ApiError> {
    check_sizes(&request)?;
    let mut document = host.store.lock().await;
    let app = document.app.clone().ok_or(ApiError::NoApp)?;
    if request.redirect_uri != app.callback_url {
        info!("consent refused: it was started with another callback URL");
        return Err(ApiError::RedirectUriMismatch(app.callback_url));
    }
    info!("consent: exchanging the code for client {}", abbreviated(&app.client_id));
    let atlassian = &host.atlassian;
    let grant = atlassian.exchange_code(&app, &request.code, &request.redirect_uri).await?;
    let mut sites = atlassian.accessible_sites(grant.access_token()).await?;
    info!("consent completed: Atlassian granted {} site(s)", sites.len());
    if sites.is_empty() {
        return Err(ApiError::NoAccessibleSites);
    }
    let mut next = document.clone();
    next.forget_connection();
    next.tokens = Some(grant.into_tokens(None));
    if sites.len() == 1 {
        next.connection = sites.pop().map(connect);
    } else {
        next.sites_to_choose = sites;
    }
    host.store.save(&mut document, next).await?;
    Ok(Json(Settings::from(&*document)))
}

/// `POST /site`.
pub(crate) async fn choose_site(
    State(host): State<Arc<Host>>,
    JsonBody(choice): JsonBody<ChooseSite>,
) -> Result<Json<Settings>, ApiError> {
    let mut document = host.store.lock().await;
    if document.sites_to_choose.is_empty() {
        return Err(ApiError::NoPendingSites);
    }
    let chosen = document.sites_to_choose.iter().find(|site| site.id == choice.site_id);
    let site = chosen.cloned().ok_or(ApiError::UnknownSite)?;
    let mut next = document.clone();
    next.sites_to_choose.clear();
    next.connection = Some(connect(site));
    host.store.save(&mut document, next).await?;
    info!("site chosen among several");
    Ok(Json(Settings::from(&*document)))
}

/// The connection to `site`, from now.
fn connect(site: Site) -> Connection {
    let now = humantime::format_rfc3339_seconds(SystemTime::now());
    Connection { site, connected_at: now.to_string() }
}

/// `POST /disconnect`.
// TODO: the tokens stay valid at Atlassian until they expire (an hour for the access token), as
// 3LO offers no revocation request; a host that must cut access at once has no way to.
pub(crate) async fn disconnect(
    State(host): State<Arc<Host>>,
    JsonBody(request): JsonBody<Disconnect>,
) -> Result<Json<Settings>, ApiError> {
    let mut document = host.store.lock().await;
    let mut next = document.clone();
    next.forget_connection();
    if request.forget_app {
        next.app = None;
    }
    host.store.save(&mut document, next).await?;
    info!(forget_app = request.forget_app, "disconnected");
    Ok(Json(Settings::from(&*document)))
}
