//! `POST /consent`, `POST /site` and `POST /disconnect`: the connection's life, from the code
//! Atlassian sent to the callback page to forgetting the tokens.

use super::error::{ApiError, JsonBody};
use crate::Host;
use crate::atlassian::{Deadline, TokenGrant};
use crate::store::{Document, Held, SpentCode};
use axum::Json;
use axum::extract::State;
use jira_oauth_settings::callback::MAX_CODE_LENGTH;
use jira_oauth_settings::host_api::{
    ChooseSite, CompleteConsent, Connection, Disconnect, Settings, Site, abbreviated_client_id,
};
use std::sync::Arc;
use std::time::SystemTime;
use tokio::time::timeout_at;
use tracing::{error, info, warn};

/// The plugin's states have 43 characters.
const MAX_STATE: usize = 512;
/// Far past the callback URL's own limit.
const MAX_REDIRECT_URI: usize = 2048;

/// Refuses a consent with a value no consent produces, before anything is sent to Atlassian.
fn check_sizes(consent: &CompleteConsent) -> Result<(), ApiError> {
    let values = [
        ("code", &consent.code, MAX_CODE_LENGTH),
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

/// `POST /consent`. Consents complete one at a time, behind the host's consent gate, which is
/// held while Atlassian answers: a second tab sending the same callback waits for the first,
/// then is answered with what it kept, without presenting the code again (Atlassian takes a
/// code presented twice for a stolen one and revokes the tokens it gave). The wait for the gate
/// counts toward the consent's deadline; a consent whose time runs out before it gets the gate
/// is `consent_in_progress`, and Atlassian is not asked.
///
/// A code sent to Atlassian is spent, whatever came next (a refusal, no answer, no Jira site, a
/// change of the settings, a failed save): its digest is kept in the store, and in the gate in
/// case the store cannot be written, and a consent with that code, or with the state of the last
/// consent kept, is answered with the settings as they are.
///
/// The store is not locked while Atlassian answers, which takes up to the consent's deadline:
/// the other requests (a `GET /app` in another tab) go on meanwhile. So the result is kept only
/// if the store is still as it was when the consent began, lest a save or a disconnect in the
/// meantime be undone, or the old app's tokens be mixed with a new app.
pub(crate) async fn complete(
    State(host): State<Arc<Host>>,
    JsonBody(request): JsonBody<CompleteConsent>,
) -> Result<Json<Settings>, ApiError> {
    check_sizes(&request)?;
    // The wait for another consent counts too: the admin waits for both.
    let deadline = host.atlassian.consent_deadline();
    let Ok(mut spent) = timeout_at(deadline.at(), host.consents.lock()).await else {
        info!("consent refused: another consent was still completing when its time ran out");
        return Err(ApiError::ConsentInProgress);
    };
    let code = SpentCode::of(&request.code);
    // The lock is let go at the end of the statement.
    let before = host.store.lock().await.clone();
    let replayed = spent.as_ref() == Some(&code) || before.last_code.as_ref() == Some(&code);
    if replayed || before.last_consent_state.as_deref() == Some(request.state.as_str()) {
        info!("consent already completed: answered with the stored settings, Atlassian not asked");
        return Ok(Json(Settings::from(&before)));
    }
    let app = before.app.clone().ok_or(ApiError::NoApp)?;
    if request.redirect_uri != app.callback_url {
        info!("consent refused: it was started with another callback URL");
        return Err(ApiError::RedirectUriMismatch(app.callback_url));
    }
    info!("consent: exchanging the code for client {}", abbreviated_client_id(&app.client_id));
    // Spent from now on, even without an answer (Atlassian may have redeemed it all the same),
    // and even when this request is dropped while Atlassian answers.
    *spent = Some(code.clone());
    let exchanged =
        host.atlassian.exchange_code(&app, &request.code, &request.redirect_uri, deadline).await;
    let kept = match exchanged {
        Ok(grant) => keep(&host, grant, request, before, code.clone(), deadline).await,
        Err(refused) => Err(refused.into()),
    };
    match kept {
        Ok(document) => Ok(Json(Settings::from(&*document))),
        Err(failure) => {
            note_spent(&host, code).await;
            Err(failure)
        }
    }
}

/// The rest of a consent once Atlassian issued `grant`: the sites the token reaches, then the
/// store, with the code spent, if nothing changed it since the consent began (`before`).
async fn keep(
    host: &Host,
    grant: TokenGrant,
    request: CompleteConsent,
    before: Document,
    code: SpentCode,
    deadline: Deadline,
) -> Result<Held, ApiError> {
    if !grant.has_refresh_token() {
        warn!(
            "consent: Atlassian issued no refresh token (offline_access was not granted), so the \
             connection will stop working when the access token expires"
        );
    }
    let mut sites = host.atlassian.accessible_sites(grant.access_token(), deadline).await?;
    info!("consent completed: Atlassian granted {} Jira site(s)", sites.len());
    if sites.is_empty() {
        return Err(ApiError::NoAccessibleSites);
    }
    let document = host.store.lock().await;
    if *document != before {
        info!("consent not kept: the settings were changed while it was completing");
        return Err(ApiError::AppChanged);
    }
    let mut next = document.clone();
    next.forget_connection();
    next.tokens = Some(grant.into_tokens(None));
    next.last_consent_state = Some(request.state);
    next.last_code = Some(code);
    if sites.len() == 1 {
        next.connection = sites.pop().map(connect);
    } else {
        next.sites_to_choose = sites;
    }
    Ok(host.store.save(document, next).await?)
}

/// Writes down that `code` was sent to Atlassian, for a consent that kept nothing. When the
/// store cannot be written, the gate's copy still recognises the code until the host stops.
async fn note_spent(host: &Host, code: SpentCode) {
    let document = host.store.lock().await;
    let mut next = document.clone();
    next.last_code = Some(code);
    if let Err(failure) = host.store.save(document, next).await {
        error!("the code sent to Atlassian is remembered only until the host stops: {failure}");
    }
}

/// `POST /site`.
pub(crate) async fn choose_site(
    State(host): State<Arc<Host>>,
    JsonBody(choice): JsonBody<ChooseSite>,
) -> Result<Json<Settings>, ApiError> {
    let document = host.store.lock().await;
    if document.sites_to_choose.is_empty() {
        return Err(ApiError::NoPendingSites);
    }
    let chosen = document.sites_to_choose.iter().find(|site| site.id == choice.site_id);
    let site = chosen.cloned().ok_or(ApiError::UnknownSite)?;
    let mut next = document.clone();
    next.sites_to_choose.clear();
    next.connection = Some(connect(site));
    let document = host.store.save(document, next).await?;
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
    let document = host.store.lock().await;
    let mut next = document.clone();
    next.forget_connection();
    if request.forget_app {
        next.app = None;
    }
    let document = host.store.save(document, next).await?;
    info!(forget_app = request.forget_app, "disconnected");
    Ok(Json(Settings::from(&*document)))
}
