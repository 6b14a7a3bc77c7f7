//! The setup guide beside the form: the Atlassian developer console's steps in the console's own
//! order, with a copy button for every value the admin types or picks there.

use super::field::CopyButton;
use super::sentence;
use crate::atlassian::{APP_NAME_SUGGESTION, CLASSIC_SCOPES, DEVELOPER_CONSOLE_URL};
use crate::catalogue::guide as say;
use leptos::prelude::*;

/// The guide. `callback_url` is the callback URL the form holds (trimmed) when it passes its
/// check: the value to register; `None` while the field is in error or empty.
#[component]
pub fn Guide(callback_url: Signal<Option<String>>, id_prefix: String) -> impl IntoView {
    let (heading, labelled_by) = (format!("{id_prefix}-guide"), format!("{id_prefix}-guide"));
    let scope_list = CLASSIC_SCOPES.map(|scope| scope.name).join("\n");

    view! {
        <section class="jos-guide" aria-labelledby=labelled_by>
            <h3 class="jos-subtitle" id=heading>{say::TITLE}</h3>
            <ol class="jos-steps">
                <li>
                    <strong>{say::CREATE}</strong>
                    {sentence(say::CREATE_STEPS, |slot| match slot {
                        "console" => Some(view! {
                            <a
                                class="jos-link"
                                href=DEVELOPER_CONSOLE_URL
                                target="_blank"
                                rel="noopener noreferrer"
                            >
                                {say::CONSOLE}
                            </a>
                        }.into_any()),
                        "name" => Some(view! {
                            <code class="jos-code" translate="no">{APP_NAME_SUGGESTION}</code>
                        }.into_any()),
                        _ => None,
                    })}
                    <div class="jos-copy-row">
                        <CopyButton
                            label=say::COPY_APP_NAME
                            text=Signal::stored(APP_NAME_SUGGESTION.to_owned())
                        />
                    </div>
                </li>
                <li>
                    <strong>{say::PRIVATE}</strong>
                    {say::PRIVATE_STEPS}
                </li>
                <li>
                    <strong>{say::SCOPES}</strong>
                    {say::SCOPES_STEPS}
                    <ul class="jos-scope-list">
                        {CLASSIC_SCOPES
                            .iter()
                            .map(|scope| {
                                let item = sentence(say::SCOPE, |slot| match slot {
                                    "scope" => Some(view! {
                                        <code class="jos-code" translate="no">{scope.name}</code>
                                    }.into_any()),
                                    // The console's own words, which are English.
                                    "label" => Some(view! {
                                        <span lang="en">{scope.label}</span>
                                    }.into_any()),
                                    _ => None,
                                });
                                view! { <li>{item}</li> }
                            })
                            .collect_view()}
                    </ul>
                    <div class="jos-copy-row">
                        <CopyButton label=say::COPY_SCOPES text=Signal::stored(scope_list) />
                    </div>
                </li>
                <li>
                    <strong>{say::CALLBACK}</strong>
                    {say::CALLBACK_STEPS}
                    {move || match callback_url.get() {
                        Some(url) => view! {
                            <code class="jos-code jos-code-block" translate="no">
                                {url.clone()}
                            </code>
                            <div class="jos-copy-row">
                                <CopyButton label=say::COPY_CALLBACK_URL text=Signal::stored(url) />
                            </div>
                        }
                            .into_any(),
                        None => view! {
                            <span class="jos-hint jos-code-block">{say::CALLBACK_FIRST_FIX}</span>
                        }
                            .into_any(),
                    }}
                </li>
                <li>
                    <strong>{say::CREDENTIALS}</strong>
                    {say::CREDENTIALS_STEPS}
                </li>
            </ol>
        </section>
    }
}
