//! The stored connection as the panels show it: the connected site with Disconnect, and the
//! choice among several sites that one consent granted. Both talk to the host and hand its new
//! settings to `on_settings`.

use super::api::HostApi;
use super::events::{Events, Step, failure_code};
use super::sentence;
use crate::catalogue::connection as say;
use crate::host_api::{Connection, Settings, Site};
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsValue;

/// The connected site, and Disconnect behind a confirmation.
#[component]
pub fn ConnectionSummary(
    connection: Connection,
    api: HostApi,
    /// Called with the host's settings once Disconnect has worked.
    on_settings: Callback<Settings>,
    events: Events,
    /// The id of the form that Reconnect submits (the settings page's); no Reconnect without.
    #[prop(optional, into)]
    reconnect_form: Option<String>,
) -> impl IntoView {
    let confirming = RwSignal::new(false);
    // The focus follows the question: to it when it opens, back to Disconnect on Cancel.
    let (question, disconnect_button) = (NodeRef::<html::P>::new(), NodeRef::<html::Button>::new());
    Effect::new(move |was: Option<bool>| {
        let now = confirming.get();
        if was.is_some_and(|was| was != now) {
            let _ = if now {
                question.get().map(|p| p.focus())
            } else {
                disconnect_button.get().map(|button| button.focus())
            };
        }
        now
    });
    let working = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let disconnect = move |_| {
        working.set(true);
        let api = api.clone();
        spawn_local(async move {
            match api.disconnect().await {
                Ok(settings) => {
                    leptos::logging::log!("jira-oauth-settings: disconnected");
                    events.disconnected();
                    // `try_`: the panel may have been unmounted meanwhile.
                    on_settings.try_run(settings);
                }
                Err(failure) => {
                    let message = failure.to_string();
                    events.failed(Step::Disconnect, failure_code(&failure), &message);
                    error.try_set(Some(message));
                }
            }
            // `try_`: a successful disconnect removes this summary.
            working.try_set(false);
        });
    };
    let Connection { site, connected_at } = connection;
    let connected_to = sentence(say::CONNECTED_TO, move |slot| match slot {
        "site" => Some(view! { <strong translate="no">{site.name.clone()}</strong> }.into_any()),
        "address" => Some(view! { <SiteAddress url=site.url.clone() /> }.into_any()),
        "since" => Some(view! { <ConnectedAt connected_at=connected_at.clone() /> }.into_any()),
        _ => None,
    });

    view! {
        <section class="jos-connection" aria-label=say::LABEL>
            <p class="jos-connection-site">{connected_to}</p>
            {reconnect_form.is_some().then(|| view! {
                <p class="jos-hint">{say::RECONNECT_HINT}</p>
            })}
            {move || if confirming.get() {
                view! {
                    <p class="jos-hint" tabindex="-1" node_ref=question>
                        {say::DISCONNECT_QUESTION}
                    </p>
                    <div class="jos-actions jos-actions-row">
                        <button
                            type="button"
                            class="jos-button jos-button-danger"
                            disabled=move || working.get()
                            on:click=disconnect.clone()
                        >
                            {say::DISCONNECT_YES}
                        </button>
                        <button
                            type="button"
                            class="jos-button jos-button-quiet"
                            on:click=move |_| confirming.set(false)
                        >
                            {say::CANCEL}
                        </button>
                    </div>
                }
                    .into_any()
            } else {
                view! {
                    <div class="jos-actions jos-actions-row">
                        {reconnect_form.clone().map(|form| view! {
                            // Connect again, with the app as the form holds it: a new consent,
                            // for the same site or another.
                            <button type="submit" form=form class="jos-button jos-button-quiet">
                                {say::RECONNECT}
                            </button>
                        })}
                        <button
                            type="button"
                            class="jos-button jos-button-quiet"
                            on:click=move |_| confirming.set(true)
                            node_ref=disconnect_button
                        >
                            {say::DISCONNECT}
                        </button>
                    </div>
                }
                    .into_any()
            }}
            <p class="jos-status jos-status-error" role="status">{move || error.get()}</p>
        </section>
    }
}

/// The sites one consent granted, for the admin to choose one: never silently the first.
#[component]
pub fn SiteChooser(
    sites: Vec<Site>,
    api: HostApi,
    /// Called with the host's settings once the chosen site is connected.
    on_settings: Callback<Settings>,
    id_prefix: String,
    events: Events,
) -> impl IntoView {
    let chosen = RwSignal::new(None::<String>);
    let working = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let choose = move |_| {
        let Some(site_id) = chosen.get_untracked() else {
            error.set(Some(say::CHOOSE_FIRST.to_owned()));
            return;
        };
        working.set(true);
        error.set(None);
        let api = api.clone();
        spawn_local(async move {
            match api.choose_site(&site_id).await {
                Ok(settings) => {
                    leptos::logging::log!("jira-oauth-settings: site chosen");
                    if let Some(connection) = &settings.connection {
                        events.connected(connection);
                    }
                    on_settings.try_run(settings);
                }
                Err(failure) => {
                    let message = failure.to_string();
                    events.failed(Step::ChooseSite, failure_code(&failure), &message);
                    error.try_set(Some(message));
                }
            }
            working.try_set(false);
        });
    };
    let group = format!("{id_prefix}-site");

    view! {
        <fieldset class="jos-sites">
            <legend class="jos-subtitle">{say::CHOOSE_TITLE}</legend>
            <p class="jos-hint">{say::CHOOSE_HINT}</p>
            <ul class="jos-site-list">
                {sites
                    .into_iter()
                    .map(|site| {
                        let id = site.id.clone();
                        view! {
                            <li>
                                <label class="jos-site">
                                    <input
                                        type="radio"
                                        name=group.clone()
                                        value=site.id.clone()
                                        on:change=move |_| chosen.set(Some(id.clone()))
                                    />
                                    <span class="jos-site-name" translate="no">{site.name}</span>
                                    <span class="jos-hint" translate="no">{site.url}</span>
                                </label>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            <div class="jos-actions">
                <button
                    type="button"
                    class="jos-button jos-button-primary"
                    disabled=move || working.get()
                    on:click=choose
                >
                    {say::CHOOSE}
                </button>
                <p class="jos-status jos-status-error" role="status">{move || error.get()}</p>
            </div>
        </fieldset>
    }
}

/// A site's address: a link when it is an `https` address, as Atlassian's are, plain text
/// otherwise (a host must not turn the panel into a `javascript:` link).
#[component]
fn SiteAddress(url: String) -> impl IntoView {
    if url.starts_with("https://") {
        let href = url.clone();
        view! { <a href=href target="_blank" rel="noopener noreferrer" translate="no">{url}</a> }
            .into_any()
    } else {
        view! { <span translate="no">{url}</span> }.into_any()
    }
}

/// When the connection was made, in the browser's locale; as the host wrote it if it is not a
/// date.
#[component]
fn ConnectedAt(connected_at: String) -> impl IntoView {
    let date = js_sys::Date::new(&JsValue::from_str(&connected_at));
    let shown = if date.get_time().is_nan() {
        connected_at.clone()
    } else {
        // "3 Dec 2026, 12:58" or "Dec 3, 2026, 12:58 PM": the month in words, never 12/3.
        let style = js_sys::Object::new();
        for (name, value) in [("dateStyle", "medium"), ("timeStyle", "short")] {
            let _ = js_sys::Reflect::set(&style, &name.into(), &value.into());
        }
        String::from(date.to_locale_string("default", &style))
    };
    view! { <time datetime=connected_at>{shown}</time> }
}
