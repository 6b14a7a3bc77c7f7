//! The settings panel: the three fields with their verdicts, what to copy into the console, the
//! stored connection, and Connect. Every rule lives in [`crate::checks`]; this file only wires
//! signals to it and to the host.

use super::api::HostApi;
use super::browser::{self, BrowserError};
use super::connection::{ConnectionSummary, SiteChooser};
use super::events::{Events, Step, failure_code};
use super::field::{FieldState, TextField};
use super::guide::Guide;
use crate::authorize::AuthorizeRequest;
use crate::catalogue::settings as say;
use crate::checks::text;
use crate::checks::{
    CallbackUrl, ClientId, Field, PageOrigin, SecretNeeded, Severity, Verdict, check_callback_url,
    check_client_id, check_client_secret, keeps_stored_secret,
};
use crate::consent::PendingConsent;
use crate::host_api::{Connection, RequestError, SaveApp, Settings, Site};
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::time::Duration;

/// The `fields` names of the host contract, in the order of the form.
const CONTRACT_FIELDS: [&str; 3] = ["clientId", "clientSecret", "callbackUrl"];

/// The panel's status line, under Connect.
#[derive(Clone, Debug, PartialEq)]
enum Status {
    /// Connect was pressed with this many fields in error.
    Blocked(usize),
    /// Connect was pressed with warnings the admin had not seen yet.
    Warned,
    /// The host is storing the app.
    Saving,
    /// The browser is on its way to Atlassian.
    Redirecting,
    /// A step failed: the host's answer, or the browser's refusal, in words.
    Failed(String),
    /// The admin disconnected Jira.
    Disconnected,
}

impl Status {
    fn message(&self) -> String {
        match self {
            Status::Blocked(fields) => say::blocked(*fields),
            Status::Warned => say::WARNED.to_owned(),
            Status::Saving => say::SAVING.to_owned(),
            Status::Redirecting => say::REDIRECTING.to_owned(),
            Status::Failed(message) => message.clone(),
            Status::Disconnected => say::DISCONNECTED.to_owned(),
        }
    }

    /// Whether Connect must wait: a press now would start a second attempt.
    fn is_busy(&self) -> bool {
        matches!(self, Status::Saving | Status::Redirecting)
    }
}

/// What the host has stored, as far as the form is concerned.
#[derive(Clone, Copy)]
struct Stored {
    /// The Client ID of the stored app when the host keeps its secret, so that the secret field
    /// may stay blank with that Client ID.
    secret_for: RwSignal<Option<String>>,
    connection: RwSignal<Option<Connection>>,
    sites_to_choose: RwSignal<Vec<Site>>,
    /// Why the stored settings could not be read, if they could not.
    load_error: RwSignal<Option<String>>,
}

impl Stored {
    fn new() -> Self {
        Stored {
            secret_for: RwSignal::new(None),
            connection: RwSignal::new(None),
            sites_to_choose: RwSignal::new(Vec::new()),
            load_error: RwSignal::new(None),
        }
    }

    fn update(&self, settings: &Settings) {
        let app = settings.app.as_ref().filter(|app| app.secret_stored);
        self.secret_for.set(app.map(|app| app.client_id.clone()));
        self.connection.set(settings.connection.clone());
        self.sites_to_choose.set(settings.sites_to_choose.clone());
        self.load_error.set(None);
    }

    /// Whether a blank secret field keeps the stored secret, with the Client ID in `id_text`.
    fn keeps_secret(&self, secret: &str, id_text: RwSignal<String>) -> Result<bool, SecretNeeded> {
        self.secret_for
            .with(|stored| id_text.with(|id| keeps_stored_secret(secret, id, stored.as_deref())))
    }
}

/// The panel, for a page of `origin`, with the callback field prefilled with `callback_url`
/// until the host's stored app replaces it. `id_prefix` keeps the element ids of several panels
/// on one page apart.
#[component]
pub fn SettingsPanel(
    origin: PageOrigin,
    callback_url: String,
    api: HostApi,
    id_prefix: String,
    events: Events,
) -> impl IntoView {
    // Records of consents past keeping go on every mount, not only when a callback comes back.
    browser::remove_stale_consents(browser::now_ms());
    let pressed = RwSignal::new(false);
    let stored = Stored::new();
    let client_id = FieldState::new(
        String::new(),
        {
            let origin = origin.clone();
            move |text| Field::ClientId.check(text, &origin)
        },
        pressed,
    );
    let secret = FieldState::new(
        String::new(),
        {
            let (origin, id_text) = (origin.clone(), client_id.text);
            move |text: &str| match stored.keeps_secret(text, id_text) {
                Ok(false) => Field::ClientSecret.check(text, &origin),
                Ok(true) => Verdict {
                    severity: Severity::Ok,
                    code: "",
                    message: say::SECRET_KEPT.to_owned(),
                },
                Err(needed) => Verdict::error(&needed),
            }
        },
        pressed,
    );
    let callback = FieldState::new(
        callback_url.clone(),
        {
            let origin = origin.clone();
            move |text| Field::CallbackUrl.check(text, &origin)
        },
        pressed,
    );
    let fields = [client_id, secret, callback];
    let (secret_shown, set_secret_shown) = signal(false);
    let status = RwSignal::new(None::<Status>);
    let busy = move || status.with(|status| status.as_ref().is_some_and(Status::is_busy));

    // What the host has stored fills the fields the admin has not typed in yet.
    spawn_local({
        let api = api.clone();
        async move {
            match api.settings().await {
                Ok(settings) => {
                    if let Some(app) = &settings.app {
                        client_id.prefill(&app.client_id, "");
                        callback.prefill(&app.callback_url, &callback_url);
                    }
                    stored.update(&settings);
                }
                Err(error) => {
                    leptos::logging::warn!("jira-oauth-settings: settings not read: {error:?}");
                    let message = say::load_failed(&error);
                    events.failed(Step::Load, failure_code(&error), &message);
                    stored.load_error.set(Some(message));
                }
            }
        }
    });

    // Connect: every verdict shows. The first field in error gets the focus; so does the first
    // field with a warning the admin has not seen yet, once. Otherwise the host stores the app,
    // and then the browser goes to Atlassian.
    let on_connect = {
        let api = api.clone();
        move |event: leptos::ev::SubmitEvent| {
            event.prevent_default();
            if busy() {
                return;
            }
            let seen = fields.map(|field| field.touched.get_untracked());
            fields.iter().for_each(|field| field.touched.set(true));
            let verdicts = fields.map(|field| field.verdict.get_untracked());
            let in_error = verdicts.clone().map(|verdict| verdict.severity == Severity::Error);
            if in_error.contains(&true) {
                focus_first(&fields, in_error);
                status.set(Some(Status::Blocked(in_error.iter().filter(|e| **e).count())));
                return;
            }
            let unseen = [0, 1, 2].map(|i| verdicts[i].severity == Severity::Warning && !seen[i]);
            if unseen.contains(&true) {
                focus_first(&fields, unseen);
                status.set(Some(Status::Warned));
                return;
            }
            // Every check passed, so each of these is the checked (trimmed) value.
            let id = client_id.text.with_untracked(|text| check_client_id(text));
            let url = callback.text.with_untracked(|text| check_callback_url(text, &origin));
            let (Ok(id), Ok(url)) = (id, url) else { return };
            let secret_text = secret.text.with_untracked(|text| {
                check_client_secret(text)
                    .map(|checked| checked.value.expose().to_owned())
                    .unwrap_or_default()
            });
            let app = SaveApp {
                client_id: id.value.as_str().to_owned(),
                client_secret: secret_text,
                callback_url: url.value.as_str().to_owned(),
            };
            status.set(Some(Status::Saving));
            let api = api.clone();
            spawn_local(async move {
                let attempt = Attempt { app: &app, client_id: &id.value, callback: &url.value };
                let next = save_then_consent(&api, attempt, stored, fields, events);
                status.set(Some(next.await));
            });
        }
    };
    // A press in the panel ends anywhere on the page. The verdicts that waited for it show
    // after the click it makes has reached its button.
    let on_release = move |_: web_sys::PointerEvent| {
        if pressed.get_untracked() {
            pressed.set(false);
            set_timeout(move || fields.iter().for_each(FieldState::release), Duration::ZERO);
        }
    };
    // A context menu or a key press can swallow the release; neither leaves a press pending.
    let on_press_lost = move |_: web_sys::Event| pressed.set(false);
    // Back from Atlassian's page, the browser may restore this page as it was left, on its way
    // out: Connect must work again.
    let on_page_shown = move |event: web_sys::Event| {
        let restored = js_sys::Reflect::get(&event, &"persisted".into()).ok();
        if restored.and_then(|persisted| persisted.as_bool()) == Some(true)
            && status.get_untracked() == Some(Status::Redirecting)
        {
            status.set(None);
        }
    };
    let listeners = [
        window_event_listener_untyped("pageshow", on_page_shown),
        window_event_listener(leptos::ev::pointerup, on_release),
        window_event_listener(leptos::ev::pointercancel, on_release),
        window_event_listener_untyped("contextmenu", on_press_lost),
        window_event_listener_untyped("keydown", on_press_lost),
    ];
    on_cleanup(move || listeners.into_iter().for_each(|listener| listener.remove()));

    // An edit makes the last Connect's outcome stale. (While it is on its way, the fields are
    // read-only.)
    let on_edit = Callback::new(move |()| status.set(None));

    // The guide shows the callback URL to register once the field's holds one that passes.
    let url_to_register = Signal::derive(move || {
        let passes = callback.verdict.with(|verdict| verdict.severity != Severity::Error);
        passes.then(|| callback.text.with(|text| text::trim(text).to_owned()))
    });
    let secret_id = format!("{id_prefix}-client-secret");
    let secret_hint = move || {
        let id = client_id.text;
        if stored.secret_for.with(|stored| id.with(|id| stored.as_deref() == Some(text::trim(id))))
        {
            say::CLIENT_SECRET_HINT_STORED
        } else {
            say::CLIENT_SECRET_HINT
        }
    };
    // After a disconnect the summary, which had the focus, is gone: the focus goes to the
    // panel's title, and a status says what happened.
    let title = NodeRef::<html::H2>::new();
    let on_settings = Callback::new(move |settings: Settings| {
        let was_connected = stored.connection.with_untracked(Option::is_some);
        stored.update(&settings);
        if was_connected && settings.connection.is_none() {
            status.set(Some(Status::Disconnected));
            if let Some(title) = title.get_untracked() {
                let _ = title.focus();
            }
        }
    });
    // While the values are on their way, an edit would be lost with the redirect.
    let readonly = Signal::derive(busy);
    let (summary_api, chooser_api, chooser_prefix) = (api.clone(), api, id_prefix.clone());
    let guide_prefix = id_prefix.clone();
    // The form's id: Reconnect, above the form, submits it through its `form` attribute.
    let (reconnect_form, form_id) = (format!("{id_prefix}-form"), format!("{id_prefix}-form"));

    view! {
        // A press anywhere in the panel, the guide's buttons included, holds back the verdict of
        // the field it takes the focus from.
        <div class="jos-settings" on:pointerdown=move |_| pressed.set(true)>
            <h2 class="jos-title" tabindex="-1" node_ref=title>{say::TITLE}</h2>
            // What the host has, first: on a narrow screen it would otherwise come after the
            // whole guide.
            {move || stored.load_error.get().map(|message| view! {
                <p class="jos-notice jos-notice-error" role="alert">{message}</p>
            })}
            {move || stored.connection.get().map(|connection| view! {
                <ConnectionSummary
                    connection
                    api=summary_api.clone()
                    on_settings
                    events
                    reconnect_form=reconnect_form.clone()
                />
            })}
            {move || {
                let sites = stored.sites_to_choose.get();
                (!sites.is_empty()).then(|| view! {
                    <SiteChooser
                        sites
                        api=chooser_api.clone()
                        on_settings
                        id_prefix=chooser_prefix.clone()
                        events
                    />
                })
            }}
            <div class="jos-columns">
                <Guide callback_url=url_to_register id_prefix=guide_prefix />
                <form class="jos-panel" id=form_id novalidate on:submit=on_connect>
                    <TextField
                        state=client_id
                        on_edit
                        readonly
                        id=format!("{id_prefix}-client-id")
                        label=say::CLIENT_ID
                        hint=say::CLIENT_ID_HINT
                    />
                    <TextField
                        state=secret
                        on_edit
                        readonly
                        id=secret_id.clone()
                        label=say::CLIENT_SECRET
                        hint=Signal::derive(secret_hint)
                        input_type=Signal::derive(move || {
                            if secret_shown.get() { "text" } else { "password" }
                        })
                        // Browsers ignore "off" on password fields, but never fill a saved
                        // login's password into a field for a new one.
                        autocomplete="new-password"
                    >
                        <button
                            type="button"
                            class="jos-button jos-button-quiet"
                            aria-controls=secret_id
                            on:click=move |_| set_secret_shown.update(|shown| *shown = !*shown)
                        >
                            {move || {
                                if secret_shown.get() { say::HIDE_SECRET } else { say::SHOW_SECRET }
                            }}
                        </button>
                    </TextField>
                    <TextField
                        state=callback
                        on_edit
                        readonly
                        id=format!("{id_prefix}-callback-url")
                        label=say::CALLBACK_URL
                        hint=say::CALLBACK_URL_HINT
                        inputmode="url"
                    />
                    <div class="jos-actions">
                        <button
                            type="submit"
                            class="jos-button jos-button-primary"
                            // While saving or on its way to Atlassian, a second press would
                            // only start a second attempt.
                            disabled=busy
                        >
                            {say::CONNECT}
                        </button>
                        <p class="jos-status" role="status">
                            {move || status.get().map(|s| s.message())}
                        </p>
                    </div>
                </form>
            </div>
        </div>
    }
}

/// One press of Connect with valid fields: what to store, and the checked values it holds.
struct Attempt<'a> {
    app: &'a SaveApp,
    client_id: &'a ClientId,
    callback: &'a CallbackUrl,
}

/// Saves the attempt's app at the host, then sends the browser to Atlassian: the status to
/// show. The field errors of a refusal show under their fields.
async fn save_then_consent(
    api: &HostApi,
    attempt: Attempt<'_>,
    stored: Stored,
    fields: [FieldState; 3],
    events: Events,
) -> Status {
    let Attempt { app, client_id, callback } = attempt;
    let settings = match api.save_app(app).await {
        Ok(settings) => settings,
        Err(error) => {
            leptos::logging::warn!("jira-oauth-settings: app not saved: {error:?}");
            show_host_errors(&fields, &error);
            let message = error.to_string();
            events.failed(Step::Save, failure_code(&error), &message);
            return Status::Failed(message);
        }
    };
    if !keeps(&settings, app) {
        leptos::logging::warn!("jira-oauth-settings: the host did not keep the app");
        events.failed(Step::Save, "not_kept", say::NOT_KEPT);
        return Status::Failed(say::NOT_KEPT.to_owned());
    }
    stored.update(&settings);
    events.saved(client_id.as_str(), callback.as_str());
    match redirect_to_consent(client_id, callback, events) {
        Ok(()) => Status::Redirecting,
        Err(error) => {
            leptos::logging::warn!("jira-oauth-settings: consent not started: {error:?}");
            let message = error.to_string();
            events.failed(Step::Redirect, error.code(), &message);
            Status::Failed(message)
        }
    }
}

/// Whether the host's `settings` hold the app as it was sent: a consent for anything else would
/// fail at the code exchange.
fn keeps(settings: &Settings, app: &SaveApp) -> bool {
    settings.app.as_ref().is_some_and(|stored| {
        stored.client_id == app.client_id && stored.callback_url == app.callback_url
    })
}

/// Shows the host's field errors under their fields, and moves the focus to the first.
fn show_host_errors(fields: &[FieldState; 3], error: &RequestError) {
    let RequestError::Host { error, .. } = error else { return };
    let refused = CONTRACT_FIELDS.map(|name| {
        error.fields.get(name).map(|field| Verdict {
            severity: Severity::Error,
            code: "host",
            message: field.message.clone(),
        })
    });
    let flags = refused.clone().map(|verdict| verdict.is_some());
    for (field, verdict) in fields.iter().zip(refused) {
        field.host_error.set(verdict);
    }
    focus_first(fields, flags);
}

/// Moves the focus to the first field whose flag is set.
fn focus_first(fields: &[FieldState; 3], flags: [bool; 3]) {
    if let Some((field, _)) = fields.iter().zip(flags).find(|(_, flag)| *flag) {
        field.focus();
    }
}

/// Records the attempt, then sends the whole page to Atlassian's consent screen.
fn redirect_to_consent(
    client_id: &ClientId,
    callback: &CallbackUrl,
    events: Events,
) -> Result<(), BrowserError> {
    let state = browser::random_state()?;
    let record = PendingConsent::new(&state, callback, client_id, browser::now_ms());
    browser::store_pending_consent(&record)?;
    let url = AuthorizeRequest { client_id, redirect_uri: callback, state: &state }.url();
    // The first characters are enough for support, and a secret in the ID field (only a
    // warning, for an unusual shape) stays out of the console.
    let client: String = client_id.as_str().chars().take(6).collect();
    leptos::logging::log!("jira-oauth-settings: consent started for client {client}\u{2026}");
    events.redirecting(client_id.as_str(), callback.as_str());
    browser::navigate(&url)
}
