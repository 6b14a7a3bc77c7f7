//! The host's side of Atlassian's OAuth 2.0 (3LO) service: the code exchange, the refresh and the
//! sites a token reaches. Atlassian's refusals become sentences that tell the admin what to do;
//! its own error code and description are quoted after them.

use crate::secret::{AccessToken, RefreshToken};
use crate::store::{App, Tokens};
use jira_oauth_settings::atlassian::{ACCESSIBLE_RESOURCES_PATH, CLASSIC_SCOPES};
use jira_oauth_settings::host_api::Site;
use reqwest::{RequestBuilder, Response, StatusCode, Url, redirect};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::time::{Duration, SystemTime};
use tokio::time::Instant;
use tracing::{info, warn};

/// How much of Atlassian's `error` and `error_description` a message or a log line quotes.
const QUOTED_DESCRIPTION: usize = 200;

/// The most of an answer of Atlassian's that is read: its answers are a few kilobytes, so a
/// longer one is not Atlassian's, and is not held in memory.
const MAX_ANSWER: usize = 1024 * 1024;

/// How long Atlassian has to answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timeouts {
    /// One request: the code exchange, the list of sites or a refresh.
    pub request: Duration,
    /// A whole consent: the wait for another consent to complete, then its code exchange and
    /// list of sites together. Each request has what is left of it, at most
    /// [`request`](Timeouts::request).
    pub consent: Duration,
}

/// The time that several requests have together, such as a consent's code exchange and list of
/// sites: each request is given what is left of it, at most the time one request has.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Deadline {
    at: Instant,
    total: Duration,
}

impl Deadline {
    /// The moment it runs out.
    pub(crate) fn at(self) -> Instant {
        self.at
    }
}

/// The client of Atlassian's service. The client secret and the tokens travel only to its two
/// endpoints (the token endpoint, and accessible-resources for the access token), so it follows
/// no redirect, which could take them elsewhere.
#[derive(Clone, Debug)]
pub struct Atlassian {
    http: reqwest::Client,
    token_url: Url,
    resources_url: String,
    timeouts: Timeouts,
}

/// The body of a request to the token endpoint.
#[derive(Serialize)]
#[serde(tag = "grant_type", rename_all = "snake_case")]
enum Grant<'a> {
    AuthorizationCode {
        client_id: &'a str,
        client_secret: &'a str,
        code: &'a str,
        redirect_uri: &'a str,
    },
    RefreshToken {
        client_id: &'a str,
        client_secret: &'a str,
        refresh_token: &'a str,
    },
}

/// What the token endpoint answers when it issues tokens.
#[derive(Deserialize)]
pub(crate) struct TokenGrant {
    access_token: AccessToken,
    #[serde(default)]
    refresh_token: Option<RefreshToken>,
    /// Seconds from now.
    expires_in: u64,
    #[serde(default)]
    scope: String,
}

impl TokenGrant {
    /// The tokens to store, keeping `previous` as the refresh token when none was issued.
    pub(crate) fn into_tokens(self, previous: Option<RefreshToken>) -> Tokens {
        let now = SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).unwrap_or_default();
        Tokens {
            access_token: self.access_token,
            refresh_token: self.refresh_token.or(previous),
            expires_at: now.as_secs().saturating_add(self.expires_in),
            scope: self.scope,
        }
    }

    /// The access token, to list the sites it reaches.
    pub(crate) fn access_token(&self) -> &AccessToken {
        &self.access_token
    }

    /// Whether a refresh token came with the access token: only when `offline_access` was
    /// granted.
    pub(crate) fn has_refresh_token(&self) -> bool {
        self.refresh_token.is_some()
    }
}

/// A site as accessible-resources lists it: of any product the token reaches (Confluence too),
/// with the scopes granted on it.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Resource {
    id: String,
    name: String,
    url: String,
    #[serde(default)]
    scopes: Vec<String>,
    #[serde(default)]
    avatar_url: Option<String>,
}

impl Resource {
    /// Whether the token may use Jira on this site: all four classic Jira scopes are granted.
    fn is_jira(&self) -> bool {
        CLASSIC_SCOPES.iter().all(|needed| self.scopes.iter().any(|scope| scope == needed.name))
    }

    /// The site, as the contract shows it. An empty avatar URL is none.
    fn into_site(self) -> Site {
        let avatar_url = self.avatar_url.filter(|url| !url.trim().is_empty());
        Site { id: self.id, name: self.name, url: self.url, avatar_url }
    }
}

/// Atlassian's own words when it refuses: OAuth's `error` and `error_description`.
#[derive(Debug, Default, Deserialize)]
struct Refusal {
    #[serde(default)]
    error: Option<String>,
    #[serde(default)]
    error_description: Option<String>,
}

/// The request to Atlassian that went wrong.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// The authorization code for tokens.
    CodeExchange,
    /// The refresh token for new tokens.
    Refresh,
    /// The list of sites the new access token reaches.
    Sites,
}

impl Step {
    fn name(self) -> &'static str {
        match self {
            Step::CodeExchange => "the code exchange",
            Step::Refresh => "the token refresh",
            Step::Sites => "the list of sites",
        }
    }
}

/// Why a request to Atlassian failed.
#[derive(Debug)]
pub enum AtlassianError {
    /// Atlassian answered, and refused.
    Refused {
        /// What was asked.
        step: Step,
        /// The HTTP status of the answer.
        status: StatusCode,
        /// OAuth's `error`, such as `invalid_grant`.
        error: Option<String>,
        /// OAuth's `error_description`, as Atlassian wrote it.
        description: Option<String>,
    },
    /// No answer: the connection failed or timed out.
    Unreachable {
        /// What was asked.
        step: Step,
        /// Why.
        reason: NoAnswer,
    },
    /// An answer that is not what Atlassian documents.
    Unreadable {
        /// What was asked.
        step: Step,
        /// The HTTP status of the answer.
        status: StatusCode,
    },
}

impl AtlassianError {
    /// `atlassian_refused` or `atlassian_unreachable`, as the contract names them.
    pub fn code(&self) -> &'static str {
        match self {
            AtlassianError::Refused { .. } => "atlassian_refused",
            AtlassianError::Unreachable { .. } | AtlassianError::Unreadable { .. } => {
                "atlassian_unreachable"
            }
        }
    }
}

/// Why Atlassian gave no answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoAnswer {
    /// The connection could not be made.
    Connect,
    /// The request failed on the way.
    Failed,
    /// No answer came within the time one request has.
    Timeout(Duration),
    /// The requests of one consent took longer than the time they have together.
    Deadline(Duration),
}

impl fmt::Display for NoAnswer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NoAnswer::Connect => f.write_str("the connection could not be made"),
            NoAnswer::Failed => f.write_str("the request failed on the way"),
            NoAnswer::Timeout(limit) => write!(f, "no answer came within {}", span(*limit)),
            NoAnswer::Deadline(total) => write!(
                f,
                "the code exchange and the list of sites must both be done within {}, and that \
                 time ran out",
                span(*total)
            ),
        }
    }
}

/// A limit in words: `12 seconds`, `1.2 seconds`, `700 milliseconds`.
fn span(limit: Duration) -> String {
    let millis = limit.as_millis();
    if millis < 1000 {
        return format!("{millis} millisecond{}", if millis == 1 { "" } else { "s" });
    }
    let seconds = format!("{}.{:03}", millis / 1000, millis % 1000);
    let seconds = seconds.trim_end_matches('0').trim_end_matches('.');
    format!("{seconds} second{}", if seconds == "1" { "" } else { "s" })
}

/// What the admin does about a refusal, by Atlassian's `error`.
fn advice(step: Step, status: StatusCode, error: Option<&str>) -> &'static str {
    let credentials = status == StatusCode::UNAUTHORIZED
        || matches!(error, Some("access_denied" | "invalid_client"));
    match (step, error) {
        (Step::Sites, _) => {
            "Atlassian refused the new access token when asked which Jira sites it reaches. \
             Press Connect to Jira to start again."
        }
        _ if credentials => {
            "Atlassian refused the app's credentials: the Client secret is wrong or belongs to \
             another app. Replace the secret with the one on the Settings tab of your app in the \
             Atlassian developer console, save, and press Connect to Jira again."
        }
        (Step::CodeExchange, Some("invalid_grant")) => {
            "Atlassian refused the authorization code: it was already used, has expired, or was \
             issued for another callback URL. Press Connect to Jira to start again."
        }
        (Step::CodeExchange, _) => {
            "Atlassian refused the code exchange. Check the app in the Atlassian developer \
             console, then press Connect to Jira to start again."
        }
        (Step::Refresh, Some("invalid_grant")) => {
            "Atlassian refused the refresh token: it was replaced by a newer one, or the \
             connection went unused for 90 days. Press Connect to Jira to connect again."
        }
        (Step::Refresh, _) => {
            "Atlassian refused to refresh the tokens. Press Connect to Jira to connect again."
        }
    }
}

impl fmt::Display for AtlassianError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AtlassianError::Refused { step, status, error, description } => {
                write!(
                    f,
                    "{} Atlassian answered {}",
                    advice(*step, *status, error.as_deref()),
                    status.as_u16()
                )?;
                if let Some(error) = error {
                    write!(f, " {}", quoted(error))?;
                }
                if let Some(description) = description {
                    write!(f, ": \u{201c}{}\u{201d}", quoted(description))?;
                }
                f.write_str(".")
            }
            AtlassianError::Unreachable { step, reason } => write!(
                f,
                "Atlassian did not answer {}: {reason}. Check that this server can reach \
                 Atlassian (its proxy, firewall and DNS), then press Connect to Jira again.",
                step.name()
            ),
            AtlassianError::Unreadable { step, status } => write!(
                f,
                "Atlassian answered {} with something this host cannot read (status {}). Press \
                 Connect to Jira to try again.",
                step.name(),
                status.as_u16()
            ),
        }
    }
}

impl std::error::Error for AtlassianError {}

/// Atlassian's text, cut short and with control characters and line separators made spaces, to
/// quote in a sentence or a log line: it cannot break a line, nor send a terminal escape.
fn quoted(text: &str) -> String {
    let breaks =
        |character: char| character.is_control() || matches!(character, '\u{2028}' | '\u{2029}');
    let shown: String = text
        .chars()
        .take(QUOTED_DESCRIPTION)
        .map(|character| if breaks(character) { ' ' } else { character })
        .collect();
    shown.trim().trim_end_matches('.').to_owned()
}

impl Atlassian {
    /// The client of Atlassian's service at `token_url` (the token endpoint) and `api_url` (the
    /// base of the APIs; accessible-resources is below it), which has `timeouts` to answer.
    ///
    /// # Errors
    ///
    /// When the HTTP client cannot be built (no TLS back end).
    pub fn new(
        token_url: Url,
        api_url: &Url,
        timeouts: Timeouts,
    ) -> Result<Atlassian, reqwest::Error> {
        let http = reqwest::Client::builder()
            .timeout(timeouts.request)
            .redirect(redirect::Policy::none())
            .user_agent(concat!("jira-oauth-host/", env!("CARGO_PKG_VERSION")))
            .build()?;
        let api = api_url.as_str().trim_end_matches('/');
        let resources_url = format!("{api}{ACCESSIBLE_RESOURCES_PATH}");
        Ok(Atlassian { http, token_url, resources_url, timeouts })
    }

    /// The deadline of a consent that begins now.
    pub(crate) fn consent_deadline(&self) -> Deadline {
        let total = self.timeouts.consent;
        Deadline { at: Instant::now() + total, total }
    }

    /// Exchanges a consent's authorization code for tokens, before `deadline`.
    pub(crate) async fn exchange_code(
        &self,
        app: &App,
        code: &str,
        redirect_uri: &str,
        deadline: Deadline,
    ) -> Result<TokenGrant, AtlassianError> {
        let grant = Grant::AuthorizationCode {
            client_id: &app.client_id,
            client_secret: app.client_secret.expose(),
            code,
            redirect_uri,
        };
        let request = self.http.post(self.token_url.clone()).json(&grant);
        self.send(Step::CodeExchange, request, Some(deadline)).await
    }

    /// Exchanges the refresh token for new tokens, a new refresh token among them.
    pub(crate) async fn refresh(
        &self,
        app: &App,
        refresh_token: &RefreshToken,
    ) -> Result<TokenGrant, AtlassianError> {
        let grant = Grant::RefreshToken {
            client_id: &app.client_id,
            client_secret: app.client_secret.expose(),
            refresh_token: refresh_token.expose(),
        };
        let request = self.http.post(self.token_url.clone()).json(&grant);
        self.send(Step::Refresh, request, None).await
    }

    /// The Jira sites that `token` reaches, before `deadline`: the sites with all four classic
    /// Jira scopes, leaving out those of other products (Confluence). An empty avatar URL is
    /// none.
    pub(crate) async fn accessible_sites(
        &self,
        token: &AccessToken,
        deadline: Deadline,
    ) -> Result<Vec<Site>, AtlassianError> {
        let request = self.http.get(&self.resources_url).bearer_auth(token.expose());
        let resources: Vec<Resource> = self.send(Step::Sites, request, Some(deadline)).await?;
        let listed = resources.len();
        let sites: Vec<Site> =
            resources.into_iter().filter(Resource::is_jira).map(Resource::into_site).collect();
        if sites.len() < listed {
            info!(
                "{}: {} of {listed} site(s) left out, without the Jira scopes",
                Step::Sites.name(),
                listed - sites.len()
            );
        }
        Ok(sites)
    }

    /// Sends `request` for `step` and reads the answer as a `T`: within the time one request
    /// has, or within what is left before `deadline` when that is less.
    async fn send<T: DeserializeOwned>(
        &self,
        step: Step,
        request: RequestBuilder,
        deadline: Option<Deadline>,
    ) -> Result<T, AtlassianError> {
        let mut on_timeout = NoAnswer::Timeout(self.timeouts.request);
        let mut request = request;
        if let Some(deadline) = deadline {
            let left = deadline.at.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(unreachable(step, NoAnswer::Deadline(deadline.total)));
            }
            if left < self.timeouts.request {
                on_timeout = NoAnswer::Deadline(deadline.total);
                request = request.timeout(left);
            }
        }
        read(step, request.send().await, on_timeout).await
    }
}

/// The failure of a request that got no answer, logged.
fn unreachable(step: Step, reason: NoAnswer) -> AtlassianError {
    warn!("{}: Atlassian did not answer ({reason})", step.name());
    AtlassianError::Unreachable { step, reason }
}

/// Reads Atlassian's answer to `step` as a `T`, or as a refusal when it is not a success. A
/// timeout is `on_timeout`.
async fn read<T: DeserializeOwned>(
    step: Step,
    sent: reqwest::Result<Response>,
    on_timeout: NoAnswer,
) -> Result<T, AtlassianError> {
    let no_answer = |error: reqwest::Error| {
        let reason = if error.is_timeout() {
            on_timeout
        } else if error.is_connect() {
            NoAnswer::Connect
        } else {
            NoAnswer::Failed
        };
        unreachable(step, reason)
    };
    let mut response = sent.map_err(no_answer)?;
    let status = response.status();
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(no_answer)? {
        if body.len() + chunk.len() > MAX_ANSWER {
            warn!("{}: Atlassian's answer is longer than {} KiB", step.name(), MAX_ANSWER / 1024);
            return Err(AtlassianError::Unreadable { step, status });
        }
        body.extend_from_slice(&chunk);
    }
    if !status.is_success() {
        let refusal: Refusal = serde_json::from_slice(&body).unwrap_or_default();
        // Quoted: Atlassian's text in a log line could otherwise begin lines of its own.
        let error = refusal.error.as_deref().map_or_else(|| "no error code".to_owned(), quoted);
        warn!("{}: Atlassian answered {} {error}", step.name(), status.as_u16());
        let Refusal { error, error_description: description } = refusal;
        return Err(AtlassianError::Refused { step, status, error, description });
    }
    info!("{}: Atlassian answered {}", step.name(), status.as_u16());
    serde_json::from_slice(&body).map_err(|_| {
        warn!("{}: Atlassian's answer is not the documented JSON", step.name());
        AtlassianError::Unreadable { step, status }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_are_worded_to_the_millisecond() {
        let words = |millis| span(Duration::from_millis(millis));
        assert_eq!(words(12_000), "12 seconds");
        assert_eq!(words(1_000), "1 second");
        assert_eq!(words(1_200), "1.2 seconds");
        assert_eq!(words(1_050), "1.05 seconds");
        assert_eq!(words(700), "700 milliseconds");
        assert_eq!(words(1), "1 millisecond");
    }
}
