//! The setup guide beside the form: the Atlassian developer console's steps in the console's own
//! order, with a copy button for every value the admin types or picks there.

use super::field::CopyButton;
use crate::atlassian::{APP_NAME_SUGGESTION, CLASSIC_SCOPES, DEVELOPER_CONSOLE_URL};
use leptos::prelude::*;

/// The guide. `callback_url` is the callback URL the form holds (trimmed) when it passes its
/// check: the value to register; `None` while the field is in error or empty.
#[component]
pub fn Guide(callback_url: Signal<Option<String>>, id_prefix: String) -> impl IntoView {
    let (heading, labelled_by) = (format!("{id_prefix}-guide"), format!("{id_prefix}-guide"));
    let scope_list = CLASSIC_SCOPES.map(|scope| scope.name).join("\n");

    view! {
        <section class="jos-guide" aria-labelledby=labelled_by>
            <h3 class="jos-subtitle" id=heading>"Set up your app in the Atlassian console"</h3>
            <ol class="jos-steps">
                <li>
                    <strong>"Create the app. "</strong>
                    "In the "
                    <a
                        class="jos-link"
                        href=DEVELOPER_CONSOLE_URL
                        target="_blank"
                        rel="noopener noreferrer"
                    >
                        "Atlassian developer console"
                    </a>
                    " (it opens in a new tab), choose Create, then OAuth 2.0 integration, and name \
                     it, for example "
                    <code class="jos-code">{APP_NAME_SUGGESTION}</code> "."
                    <div class="jos-copy-row">
                        <CopyButton
                            label="Copy app name"
                            text=Signal::stored(APP_NAME_SUGGESTION.to_owned())
                        />
                    </div>
                </li>
                <li>
                    <strong>"Keep it private. "</strong>
                    "In the Distribution tab, leave the app Private: it serves this one \
                     installation. Only the Atlassian account that owns a private app can \
                     authorize it, so sign in to Atlassian with that account when you connect; \
                     any other account gets an error page from Atlassian."
                </li>
                <li>
                    <strong>"Add the Jira API and its scopes. "</strong>
                    "In the Permissions tab, add the Jira API. Then, under Classic scopes, edit \
                     the scopes of the Jira platform REST API, enable these four, and save:"
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
                    <div class="jos-copy-row">
                        <CopyButton label="Copy scopes" text=Signal::stored(scope_list) />
                    </div>
                </li>
                <li>
                    <strong>"Set the callback URL. "</strong>
                    "In the Authorization tab, configure OAuth 2.0 (3LO), enter this callback \
                     URL exactly, and save the changes:"
                    {move || match callback_url.get() {
                        Some(url) => view! {
                            <code class="jos-code jos-code-block">{url.clone()}</code>
                            <div class="jos-copy-row">
                                <CopyButton label="Copy callback URL" text=Signal::stored(url) />
                            </div>
                        }
                            .into_any(),
                        None => view! {
                            <span class="jos-hint jos-code-block">
                                "First fix the Callback URL field of the form: its message says \
                                 how. The address to register shows here once it is right."
                            </span>
                        }
                            .into_any(),
                    }}
                </li>
                <li>
                    <strong>"Copy the credentials. "</strong>
                    "In the Settings tab, copy the Client ID and the Secret into the fields of \
                     this form, then press Connect to Jira."
                </li>
            </ol>
        </section>
    }
}
