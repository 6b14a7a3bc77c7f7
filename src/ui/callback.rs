//! The callback page: where Atlassian sends the browser back. It reads the answer, takes it out
//! of the address bar, verifies the state against this browser's record and spends it, and only
//! then hands the code to the host. Every outcome is a panel with a way back to the settings.

use super::api::HostApi;
use super::browser::{self, BrowserError};
use super::connection::{ConnectionSummary, SiteChooser};
use super::events::{Events, Step, failure_code};
use crate::callback::{CallbackAnswer, CallbackQueryError, OAuthError, parse_callback_query};
use crate::catalogue::callback as say;
use crate::consent::{PendingConsent, StateError, verify_state};
use crate::host_api::{CompleteConsent, Connection, RequestError, Settings, Site};
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Where the callback stands.
#[derive(Clone, Debug, PartialEq)]
enum Outcome {
    /// The host is exchanging the code.
    Completing,
    /// With no answer to use, the host is asked how the connection stands.
    Checking,
    /// Jira is connected to this site.
    Connected(Connection),
    /// The consent granted several sites; the admin chooses one.
    Choosing(Vec<Site>),
    /// Atlassian answered with an error, most often a declined consent.
    Declined(OAuthError),
    /// The admin disconnected the site just connected.
    Disconnected,
    /// The answer was not used, or the host could not complete it.
    Failed {
        title: &'static str,
        /// A short, stable name of what went wrong, for the host page's `failed` event.
        code: String,
        message: String,
    },
}

impl Outcome {
    fn title(&self) -> &'static str {
        match self {
            Outcome::Completing => say::COMPLETING,
            Outcome::Checking => say::CHECKING,
            Outcome::Connected(_) => say::CONNECTED,
            Outcome::Choosing(_) => say::CHOOSING,
            Outcome::Declined(_) => say::NOT_CONNECTED,
            Outcome::Disconnected => say::DISCONNECTED,
            Outcome::Failed { title, .. } => title,
        }
    }

    /// How the host's `settings` stand: sites to choose from, a connection, or else
    /// `unconnected`.
    fn of_settings(settings: Settings, unconnected: Outcome) -> Outcome {
        match (settings.connection, settings.sites_to_choose) {
            (_, sites) if !sites.is_empty() => Outcome::Choosing(sites),
            (Some(connection), _) => Outcome::Connected(connection),
            (None, _) => unconnected,
        }
    }

    fn of_request_error(error: &RequestError) -> Outcome {
        let title = match error.host_code() {
            Some("no_accessible_sites") => say::NO_SITES,
            _ => say::NOT_CONNECTED,
        };
        let code = failure_code(error).to_owned();
        Outcome::Failed { title, code, message: say::not_completed(error) }
    }

    /// Tells the host page of an outcome decided here: connected, or failed.
    fn announce(&self, events: Events) {
        match self {
            Outcome::Connected(connection) => events.connected(connection),
            Outcome::Declined(error) => {
                let code = if error.code.is_empty() { "declined" } else { error.code.as_str() };
                events.failed(Step::Callback, code, &error.to_string());
            }
            Outcome::Failed { code, message, .. } => events.failed(Step::Callback, code, message),
            _ => {}
        }
    }
}

/// What the callback page does with Atlassian's answer, decided before anything is sent.
enum Verified {
    /// Send this to the host.
    Complete(CompleteConsent),
    /// No answer in the address (the page was reloaded once the answer was read, say): show what
    /// the host has, or this failure when it has no connection.
    Nothing(Outcome),
    /// Show this, and send nothing.
    Done(Outcome),
}

/// The callback page's panel. `settings_url` is where its links lead back to.
#[component]
pub fn CallbackPanel(
    api: HostApi,
    settings_url: String,
    id_prefix: String,
    events: Events,
) -> impl IntoView {
    let query = browser::page_query();
    browser::clear_page_query();
    let now = browser::now_ms();
    let verified = verify(&query, now);
    // After the verification, so that an expired record is still told from an unknown one.
    browser::remove_stale_consents(now);

    let outcome = RwSignal::new(Outcome::Completing);
    match verified {
        Verified::Done(done) => {
            done.announce(events);
            outcome.set(done);
        }
        Verified::Nothing(failure) => {
            outcome.set(Outcome::Checking);
            let api = api.clone();
            spawn_local(async move {
                // The connection as it already stands: nothing to announce but a failure.
                let shown = match api.settings().await {
                    Ok(settings) => Outcome::of_settings(settings, failure),
                    Err(_) => failure,
                };
                if matches!(shown, Outcome::Failed { .. }) {
                    shown.announce(events);
                }
                outcome.try_set(shown);
            });
        }
        Verified::Complete(consent) => {
            let api = api.clone();
            spawn_local(async move {
                let answer = api.complete_consent(&consent).await;
                let shown = match answer {
                    Ok(settings) => {
                        leptos::logging::log!(
                            "jira-oauth-settings: the host completed the consent"
                        );
                        let unconnected = Outcome::Failed {
                            title: say::NOT_CONNECTED,
                            code: "not_connected".to_owned(),
                            message: say::ACCEPTED_UNCONNECTED.to_owned(),
                        };
                        Outcome::of_settings(settings, unconnected)
                    }
                    Err(error) => {
                        leptos::logging::warn!(
                            "jira-oauth-settings: the host did not complete the consent: {error:?}"
                        );
                        Outcome::of_request_error(&error)
                    }
                };
                shown.announce(events);
                outcome.try_set(shown);
            });
        }
    }

    // Each new outcome takes the focus to its heading, so that it is read out first.
    let heading = NodeRef::<html::H2>::new();
    Effect::new(move || {
        outcome.track();
        if let Some(heading) = heading.get() {
            let _ = heading.focus();
        }
    });
    let on_settings = Callback::new(move |settings: Settings| {
        outcome.set(Outcome::of_settings(settings, Outcome::Disconnected));
    });

    let heading_id = format!("{id_prefix}-outcome");

    view! {
        <section class="jos-panel jos-callback" aria-labelledby=heading_id.clone()>
            <h2 class="jos-title" id=heading_id.clone() tabindex="-1" node_ref=heading>
                {move || outcome.with(Outcome::title)}
            </h2>
            {move || match outcome.get() {
                Outcome::Completing => view! {
                    <p class="jos-status" role="status">{say::COMPLETING_STATUS}</p>
                }
                    .into_any(),
                Outcome::Checking => view! { <p class="jos-status" role="status"></p> }.into_any(),
                Outcome::Connected(connection) => view! {
                    <ConnectionSummary connection api=api.clone() on_settings events />
                }
                    .into_any(),
                Outcome::Choosing(sites) => view! {
                    <SiteChooser
                        sites
                        api=api.clone()
                        on_settings
                        id_prefix=id_prefix.clone()
                        events
                    />
                }
                    .into_any(),
                Outcome::Disconnected => view! {
                    <p>{say::DISCONNECTED_STATUS}</p>
                }
                    .into_any(),
                Outcome::Declined(error) => view! {
                    <p class="jos-notice jos-notice-error" role="alert">{error.to_string()}</p>
                }
                    .into_any(),
                Outcome::Failed { message, .. } => view! {
                    <p class="jos-notice jos-notice-error" role="alert">{message}</p>
                }
                    .into_any(),
            }}
            <p>
                <a class="jos-link" href=settings_url>{say::BACK}</a>
            </p>
        </section>
    }
}

/// Reads Atlassian's answer in `query` and verifies its state at `now`; a usable state is spent
/// here, before the code goes anywhere, whatever happens next.
fn verify(query: &str, now: u64) -> Verified {
    let answer = match parse_callback_query(query) {
        Ok(answer) => answer,
        Err(error) => {
            let failed = Outcome::Failed {
                title: say::NO_ANSWER,
                code: error.code().to_owned(),
                message: error.to_string(),
            };
            if error == CallbackQueryError::NoAnswer {
                return Verified::Nothing(failed);
            }
            leptos::logging::warn!("jira-oauth-settings: callback without an answer: {error:?}");
            return Verified::Done(failed);
        }
    };
    let record = match answer.state().map(browser::read_pending_consent).transpose() {
        Ok(stored) => verify_state(answer.state(), stored.flatten().as_deref(), now),
        Err(error) => return Verified::Done(storage_failed(&error)),
    };
    match (answer, record) {
        (CallbackAnswer::Refused { mut error, .. }, record) => {
            leptos::logging::log!("jira-oauth-settings: Atlassian answered {}", error.code);
            match record {
                // The attempt is over; its state must not serve again.
                Ok(record) => {
                    let _ = spend(record, now);
                }
                // Not shown unless Atlassian is known to have sent it: anyone can make a link to
                // this page with a description that reads like instructions.
                Err(_) => error.description = None,
            }
            Verified::Done(Outcome::Declined(error))
        }
        (CallbackAnswer::Code { .. }, Err(problem)) => {
            leptos::logging::warn!("jira-oauth-settings: callback refused: {}", problem.code());
            Verified::Done(Outcome::Failed {
                title: state_title(&problem),
                code: problem.code().to_owned(),
                message: problem.to_string(),
            })
        }
        (CallbackAnswer::Code { code, .. }, Ok(record)) => {
            let consent = CompleteConsent {
                code,
                state: record.state.clone(),
                redirect_uri: record.redirect_uri.clone(),
            };
            if let Err(error) = spend(record, now) {
                // A state that cannot be spent could serve twice: nothing is sent.
                return Verified::Done(storage_failed(&error));
            }
            leptos::logging::log!("jira-oauth-settings: callback verified");
            Verified::Complete(consent)
        }
    }
}

/// Marks the attempt used, in storage, at `now`.
fn spend(mut record: PendingConsent, now: u64) -> Result<(), BrowserError> {
    record.used_at = Some(now);
    browser::store_pending_consent(&record)
}

fn state_title(problem: &StateError) -> &'static str {
    match problem {
        StateError::Expired => say::EXPIRED,
        StateError::Reused => say::REUSED,
        _ => say::UNUSABLE,
    }
}

fn storage_failed(error: &BrowserError) -> Outcome {
    Outcome::Failed {
        title: say::NOT_CONNECTED,
        code: error.code().to_owned(),
        message: error.to_string(),
    }
}
