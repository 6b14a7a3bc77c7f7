//! The settings panel: the three fields with their verdicts, what to copy into the console, the
//! stored connection, and Connect. Every rule lives in [`crate::checks`]; this file only wires
//! signals to it and to the host.

use super::api::HostApi;
use super::browser::{self, BrowserError};
use super::connection::{ConnectionSummary, SiteChooser};
use crate::atlassian::CLASSIC_SCOPES;
use crate::authorize::AuthorizeRequest;
use crate::checks::{
    CallbackUrl, ClientId, Field, Notice, PageOrigin, SecretNeeded, Severity, Verdict,
    check_callback_url, check_client_id, check_client_secret,
};
use crate::consent::PendingConsent;
use crate::host_api::{Connection, RequestError, SaveApp, Settings, Site};
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::time::Duration;

/// The `fields` names of the host contract, in the order of the form.
const CONTRACT_FIELDS: [&str; 3] = ["clientId", "clientSecret", "callbackUrl"];

/// One field's text, whether its verdict is shown yet, and the verdict.
#[derive(Clone, Copy)]
struct FieldState {
    text: RwSignal<String>,
    /// Set when the field first loses focus, or on Connect; the verdict shows from then on.
    touched: RwSignal<bool>,
    /// Set when the field lost focus to a press in the panel: the verdict waits for the
    /// release, since showing it at once would move the pressed button away from the pointer.
    touch_on_release: RwSignal<bool>,
    /// Whether a pointer is pressed in the panel, shared by its fields.
    pressed: RwSignal<bool>,
    verdict: Memo<Verdict>,
    /// The host's error for the value last saved, shown until the next edit.
    host_error: RwSignal<Option<Verdict>>,
    input: NodeRef<html::Input>,
}

impl FieldState {
    fn new(
        initial: String,
        check: impl Fn(&str) -> Verdict + Send + Sync + 'static,
        pressed: RwSignal<bool>,
    ) -> Self {
        let text = RwSignal::new(initial);
        FieldState {
            text,
            touched: RwSignal::new(false),
            touch_on_release: RwSignal::new(false),
            pressed,
            verdict: Memo::new(move |_| text.with(|text| check(text))),
            host_error: RwSignal::new(None),
            input: NodeRef::new(),
        }
    }

    /// The verdict, once it is to be shown: the host's, if it refused the value.
    fn shown(&self) -> Option<Verdict> {
        self.host_error.get().or_else(|| self.touched.get().then(|| self.verdict.get()))
    }

    /// Replaces the text with the host's stored value, unless the admin has typed already.
    fn prefill(&self, stored: &str, initial: &str) {
        if self.text.with_untracked(|text| text.is_empty() || text == initial) {
            self.text.set(stored.to_owned());
        }
    }

    fn shows_error(&self) -> bool {
        self.shown().is_some_and(|verdict| verdict.severity == Severity::Error)
    }

    /// The field lost focus: its verdict shows now, or once the pointer is released.
    fn leave(&self) {
        if self.pressed.get_untracked() {
            self.touch_on_release.set(true);
        } else {
            self.touched.set(true);
        }
    }

    /// The pointer was released: a verdict that waited for it shows. (`try_`: the panel may
    /// have been unmounted in between.)
    fn release(&self) {
        if self.touch_on_release.try_get_untracked() == Some(true) {
            self.touch_on_release.set(false);
            self.touched.set(true);
        }
    }

    fn focus(&self) {
        if let Some(input) = self.input.get_untracked() {
            // Focus only fails on a detached element, where there is nothing to do.
            let _ = input.focus();
        }
    }
}

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
}

impl Status {
    fn message(&self) -> String {
        match self {
            Status::Blocked(1) => {
                "The connection was not started: fix the field marked with an error.".to_owned()
            }
            Status::Blocked(n) => {
                format!("The connection was not started: fix the {n} fields marked with an error.")
            }
            Status::Warned => "Check the warning under the field marked \u{201C}Warning\u{201D}, \
                               then press Connect to Jira again to go on."
                .to_owned(),
            Status::Saving => "Saving the app\u{2026}".to_owned(),
            Status::Redirecting => "Opening Atlassian's consent page\u{2026}".to_owned(),
            Status::Failed(message) => message.clone(),
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
    /// Whether the host keeps a secret, so that the secret field may stay empty.
    secret: RwSignal<bool>,
    /// The Client ID of the stored app, whose secret the host keeps.
    client_id: RwSignal<Option<String>>,
    connection: RwSignal<Option<Connection>>,
    sites_to_choose: RwSignal<Vec<Site>>,
    /// Why the stored settings could not be read, if they could not.
    load_error: RwSignal<Option<String>>,
}

impl Stored {
    fn new() -> Self {
        Stored {
            secret: RwSignal::new(false),
            client_id: RwSignal::new(None),
            connection: RwSignal::new(None),
            sites_to_choose: RwSignal::new(Vec::new()),
            load_error: RwSignal::new(None),
        }
    }

    fn update(&self, settings: &Settings) {
        self.secret.set(settings.app.as_ref().is_some_and(|app| app.secret_stored));
        self.client_id.set(settings.app.as_ref().map(|app| app.client_id.clone()));
        self.connection.set(settings.connection.clone());
        self.sites_to_choose.set(settings.sites_to_choose.clone());
        self.load_error.set(None);
    }

    /// Whether the host keeps a secret for the Client ID in `id_text`: another app's ID needs
    /// its own secret.
    fn keeps_secret_for(&self, id_text: RwSignal<String>) -> bool {
        self.secret.get()
            && self.client_id.with(|stored| {
                id_text.with(|typed| stored.as_deref().is_some_and(|id| id == typed.trim()))
            })
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
) -> impl IntoView {
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
            move |text: &str| {
                if !text.is_empty() || !stored.secret.get() {
                    Field::ClientSecret.check(text, &origin)
                } else if stored.keeps_secret_for(id_text) {
                    Verdict {
                        severity: Severity::Ok,
                        code: "",
                        message: "A secret is stored and will be kept. To replace it, paste the \
                                  new one here."
                            .to_owned(),
                    }
                } else {
                    Verdict {
                        severity: Severity::Error,
                        code: SecretNeeded.code(),
                        message: SecretNeeded.to_string(),
                    }
                }
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
                    stored.load_error.set(Some(format!(
                        "The stored Jira settings could not be read, so the form starts empty. \
                         {error}"
                    )));
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
                let saved = api.save_app(&app).await;
                status.set(Some(match saved {
                    Ok(settings) => {
                        stored.update(&settings);
                        match redirect_to_consent(&id.value, &url.value) {
                            Ok(()) => Status::Redirecting,
                            Err(error) => {
                                leptos::logging::warn!(
                                    "jira-oauth-settings: consent not started: {error:?}"
                                );
                                Status::Failed(error.to_string())
                            }
                        }
                    }
                    Err(error) => {
                        leptos::logging::warn!("jira-oauth-settings: app not saved: {error:?}");
                        show_host_errors(&fields, &error);
                        Status::Failed(error.to_string())
                    }
                }));
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
    let on_other = move |_: web_sys::Event| pressed.set(false);
    let listeners = [
        window_event_listener(leptos::ev::pointerup, on_release),
        window_event_listener(leptos::ev::pointercancel, on_release),
        window_event_listener_untyped("contextmenu", on_other),
        window_event_listener_untyped("keydown", on_other),
    ];
    on_cleanup(move || listeners.into_iter().for_each(|listener| listener.remove()));

    // An edit makes the last Connect's outcome stale, unless it is still on its way.
    let on_edit = Callback::new(move |()| {
        if !busy() {
            status.set(None);
        }
    });

    let copied_url = Signal::derive(move || callback.text.with(|text| text.trim().to_owned()));
    let scope_list = CLASSIC_SCOPES.map(|scope| scope.name).join("\n");
    let secret_id = format!("{id_prefix}-client-secret");
    let secret_hint = move || {
        if stored.keeps_secret_for(client_id.text) {
            "The longer value below the Client ID. A secret is stored: leave this empty to keep \
             it. It is never stored in this browser."
        } else {
            "The longer value below the Client ID. It is never stored in this browser."
        }
    };
    let on_settings = Callback::new(move |settings: Settings| stored.update(&settings));
    let (summary_api, chooser_api, chooser_prefix) = (api.clone(), api, id_prefix.clone());

    view! {
        <form
            class="jos-panel"
            novalidate
            on:submit=on_connect
            on:pointerdown=move |_| pressed.set(true)
        >
            <h2 class="jos-title">"Connect Jira through your Atlassian OAuth app"</h2>
            {move || stored.load_error.get().map(|message| view! {
                <p class="jos-notice jos-notice-error" role="alert">{message}</p>
            })}
            {move || stored.connection.get().map(|connection| view! {
                <ConnectionSummary connection api=summary_api.clone() on_settings />
            })}
            {move || {
                let sites = stored.sites_to_choose.get();
                (!sites.is_empty()).then(|| view! {
                    <SiteChooser
                        sites
                        api=chooser_api.clone()
                        on_settings
                        id_prefix=chooser_prefix.clone()
                    />
                })
            }}
            <TextField
                state=client_id
                on_edit
                id=format!("{id_prefix}-client-id")
                label="Client ID"
                hint="The shorter value in the Settings tab of your app in the Atlassian developer \
                      console."
            />
            <TextField
                state=secret
                on_edit
                id=secret_id.clone()
                label="Client secret"
                hint=Signal::derive(secret_hint)
                input_type=Signal::derive(move || {
                    if secret_shown.get() { "text" } else { "password" }
                })
                // TODO: password managers may still offer to save the secret; the form should not
                // look like a sign-in to them.
                autocomplete="off"
            >
                <button
                    type="button"
                    class="jos-button jos-button-quiet"
                    aria-controls=secret_id
                    on:click=move |_| set_secret_shown.update(|shown| *shown = !*shown)
                >
                    {move || if secret_shown.get() { "Hide secret" } else { "Show secret" }}
                </button>
            </TextField>
            <TextField
                state=callback
                on_edit
                id=format!("{id_prefix}-callback-url")
                label="Callback URL"
                hint="Register this exact address in the Authorization tab of your app in the \
                      console."
                hint_value=copied_url
                inputmode="url"
            >
                <CopyButton label="Copy callback URL" text=copied_url />
            </TextField>
            <section class="jos-scopes" aria-labelledby=format!("{id_prefix}-scopes")>
                <h3 class="jos-subtitle" id=format!("{id_prefix}-scopes")>
                    "Scopes to add in the console"
                </h3>
                <p class="jos-hint">
                    "In the Permissions tab, add the Jira API, then enable these classic scopes \
                     of the Jira platform REST API:"
                </p>
                <ul class="jos-scope-list">
                    {CLASSIC_SCOPES
                        .iter()
                        .map(|scope| {
                            view! {
                                <li>
                                    <code class="jos-code">{scope.name}</code>
                                    " (" {scope.label} ")"
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
                <CopyButton label="Copy scopes" text=Signal::stored(scope_list) />
            </section>
            <div class="jos-actions">
                <button
                    type="submit"
                    class="jos-button jos-button-primary"
                    // While saving or on its way to Atlassian, a second press would only start a
                    // second attempt.
                    disabled=busy
                >
                    "Connect to Jira"
                </button>
                <p class="jos-status" role="status">{move || status.get().map(|s| s.message())}</p>
            </div>
        </form>
    }
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
fn redirect_to_consent(client_id: &ClientId, callback: &CallbackUrl) -> Result<(), BrowserError> {
    let state = browser::random_state()?;
    let record = PendingConsent::new(&state, callback, client_id, browser::now_ms());
    browser::store_pending_consent(&record)?;
    let url = AuthorizeRequest { client_id, redirect_uri: callback, state: &state }.url();
    // The first characters are enough for support, and a secret in the ID field (only a
    // warning, for an unusual shape) stays out of the console.
    let client: String = client_id.as_str().chars().take(6).collect();
    leptos::logging::log!("jira-oauth-settings: consent started for client {client}\u{2026}");
    browser::navigate(&url)
}

/// A labelled input with its hint and its verdict, wired for assistive technology: the message
/// of a warning or an error is named by `aria-describedby`, and an error sets `aria-invalid`.
#[component]
fn TextField(
    state: FieldState,
    /// Called on every edit.
    on_edit: Callback<()>,
    id: String,
    label: &'static str,
    #[prop(into)] hint: Signal<&'static str>,
    #[prop(into, default = Signal::stored("text"))] input_type: Signal<&'static str>,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(default = "text")] inputmode: &'static str,
    /// A value shown in full under the field, unless it is in error, such as the exact URL to
    /// register.
    #[prop(optional)]
    hint_value: Option<Signal<String>>,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    let message_id = format!("{id}-message");
    let described_by = {
        let (hint_id, message_id) = (hint_id.clone(), message_id.clone());
        move || match state.shown() {
            Some(verdict) if verdict.severity != Severity::Ok => format!("{message_id} {hint_id}"),
            _ => hint_id.clone(),
        }
    };

    view! {
        <div class="jos-field">
            <label class="jos-label" for=id.clone()>{label}</label>
            <div class="jos-input-row">
                <input
                    class="jos-input"
                    id=id
                    type=move || input_type.get()
                    inputmode=inputmode
                    autocomplete=autocomplete
                    autocapitalize="off"
                    spellcheck="false"
                    aria-invalid=move || state.shows_error().then_some("true")
                    aria-describedby=described_by
                    prop:value=move || state.text.get()
                    on:input=move |event| {
                        state.text.set(event_target_value(&event));
                        state.host_error.set(None);
                        on_edit.run(());
                    }
                    on:blur=move |_| {
                        // An empty field that was only tabbed through is not an error yet.
                        if !state.text.with_untracked(String::is_empty) {
                            state.leave();
                        }
                    }
                    node_ref=state.input
                />
                {children.map(|children| children())}
            </div>
            <p class="jos-hint" id=hint_id>{hint}</p>
            // The value again, wrapped, for narrow screens where the field cuts it off; screen
            // readers have it from the field already.
            {hint_value.map(|value| {
                move || (!state.shows_error()).then(|| view! {
                    <p class="jos-hint" aria-hidden="true"><code class="jos-code">{value}</code></p>
                })
            })}
            <FieldMessage id=message_id verdict=Signal::derive(move || state.shown()) />
        </div>
    }
}

/// A field's verdict: a quiet confirmation, a warning or an error, each named in words too.
#[component]
fn FieldMessage(id: String, verdict: Signal<Option<Verdict>>) -> impl IntoView {
    move || {
        let verdict = verdict.get()?;
        let (class, kind) = match verdict.severity {
            Severity::Ok if !verdict.message.is_empty() => {
                ("jos-message jos-message-ok", "\u{2713} ")
            }
            Severity::Ok => ("jos-message jos-message-ok", "\u{2713} Looks right."),
            Severity::Warning => ("jos-message jos-message-warning", "Warning: "),
            Severity::Error => ("jos-message jos-message-error", "Error: "),
        };
        Some(view! {
            <p class=class id=id.clone()>
                <span class="jos-message-kind">{kind}</span>
                {verdict.message}
            </p>
        })
    }
}

/// A button that copies `text`, and says whether it worked.
#[component]
fn CopyButton(label: &'static str, text: Signal<String>) -> impl IntoView {
    // Whether the copy worked, and what was copied: the outcome shows while the text is the same.
    let (copied, set_copied) = signal(None::<(bool, String)>);
    let copy = move |_| {
        let text = text.get_untracked();
        spawn_local(async move {
            let worked = browser::copy_to_clipboard(&text).await;
            set_copied.set(Some((worked, text)));
        });
    };
    let outcome = move || {
        let current = text.get();
        copied.with(|copied| match copied {
            Some((true, copied)) if *copied == current => "Copied.",
            Some((false, copied)) if *copied == current => {
                "Copying failed: select the text and copy it by hand."
            }
            _ => "",
        })
    };

    view! {
        <button type="button" class="jos-button jos-button-quiet" on:click=copy>{label}</button>
        <span class="jos-copy-status" role="status">{outcome}</span>
    }
}
