//! One field of the settings form: its state (text, verdict, whether the verdict shows yet, the
//! host's refusal), the labelled input wired for assistive technology, its message, and the copy
//! button that sits beside some fields.

use super::browser;
use crate::catalogue::field as say;
use crate::checks::{Severity, Verdict};
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// One field's text, whether its verdict is shown yet, and the verdict.
#[derive(Clone, Copy)]
pub struct FieldState {
    /// What the admin typed, as typed.
    pub text: RwSignal<String>,
    /// Set when the field first loses focus, or on Connect; the verdict shows from then on.
    pub touched: RwSignal<bool>,
    /// Set when the field lost focus to a press in the panel: the verdict waits for the
    /// release, since showing it at once would move the pressed button away from the pointer.
    touch_on_release: RwSignal<bool>,
    /// Whether a pointer is pressed in the panel, shared by its fields.
    pressed: RwSignal<bool>,
    /// The field's own check of the text.
    pub verdict: Memo<Verdict>,
    /// The host's error for the value last saved, shown until the next edit.
    pub host_error: RwSignal<Option<Verdict>>,
    input: NodeRef<html::Input>,
}

impl FieldState {
    pub fn new(
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
    pub fn shown(&self) -> Option<Verdict> {
        self.host_error.get().or_else(|| self.touched.get().then(|| self.verdict.get()))
    }

    /// Replaces the text with the host's stored value, unless the admin has typed already or is
    /// in the field (a paste on its way would land after the stored value). (`try_`: it runs
    /// after a request, when the panel may have been unmounted.)
    pub fn prefill(&self, stored: &str, initial: &str) {
        let untouched = self.text.try_with_untracked(|text| text.is_empty() || text == initial);
        if untouched == Some(true) && !self.has_focus() {
            self.text.set(stored.to_owned());
        }
    }

    /// Whether the input has the focus.
    fn has_focus(&self) -> bool {
        let input = self.input.try_get_untracked().flatten();
        let active = web_sys::window().and_then(|w| w.document()).and_then(|d| d.active_element());
        matches!((input, active), (Some(input), Some(active)) if **input == active)
    }

    pub fn shows_error(&self) -> bool {
        self.shown().is_some_and(|verdict| verdict.severity == Severity::Error)
    }

    /// The field lost focus: its verdict shows now, or once the pointer is released.
    pub fn leave(&self) {
        if self.pressed.get_untracked() {
            self.touch_on_release.set(true);
        } else {
            self.touched.set(true);
        }
    }

    /// The pointer was released: a verdict that waited for it shows. (`try_`: the panel may
    /// have been unmounted in between.)
    pub fn release(&self) {
        if self.touch_on_release.try_get_untracked() == Some(true) {
            self.touch_on_release.set(false);
            self.touched.set(true);
        }
    }

    /// Moves the focus to the input. (`try_`: it may run after a request, when the panel may
    /// have been unmounted.)
    pub fn focus(&self) {
        if let Some(input) = self.input.try_get_untracked().flatten() {
            // Focus only fails on a detached element, where there is nothing to do.
            let _ = input.focus();
        }
    }
}

/// A labelled input with its hint and its verdict, wired for assistive technology: the message
/// of a warning or an error is named by `aria-describedby`, and an error sets `aria-invalid`.
#[component]
pub fn TextField(
    state: FieldState,
    /// Called on every edit.
    on_edit: Callback<()>,
    /// Set while the form's values are on their way: an edit then would be lost.
    readonly: Signal<bool>,
    id: String,
    label: &'static str,
    #[prop(into)] hint: Signal<&'static str>,
    #[prop(into, default = Signal::stored("text"))] input_type: Signal<&'static str>,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(default = "text")] inputmode: &'static str,
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
                    // None of these fields is a login: the opt-outs of the common password
                    // managers (1Password, LastPass, Bitwarden, Dashlane).
                    data-1p-ignore="true"
                    data-lpignore="true"
                    data-bwignore="true"
                    data-form-type="other"
                    autocapitalize="off"
                    readonly=move || readonly.get()
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
            <FieldMessage id=message_id verdict=Signal::derive(move || state.shown()) />
        </div>
    }
}

/// A field's verdict: a quiet confirmation, a warning or an error, each named in words too.
#[component]
fn FieldMessage(id: String, verdict: Signal<Option<Verdict>>) -> impl IntoView {
    move || {
        let verdict = verdict.get()?;
        // A mark or a word before the message: colour is never the only sign.
        let (class, kind) = match verdict.severity {
            Severity::Ok if !verdict.message.is_empty() => {
                ("jos-message jos-message-ok", "\u{2713} ".to_owned())
            }
            Severity::Ok => {
                ("jos-message jos-message-ok", format!("\u{2713} {}", say::LOOKS_RIGHT))
            }
            Severity::Warning => ("jos-message jos-message-warning", say::WARNING.to_owned()),
            Severity::Error => ("jos-message jos-message-error", say::ERROR.to_owned()),
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
pub fn CopyButton(label: &'static str, text: Signal<String>) -> impl IntoView {
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
            Some((true, copied)) if *copied == current => say::COPIED,
            Some((false, copied)) if *copied == current => say::COPY_FAILED,
            _ => "",
        })
    };

    view! {
        <button type="button" class="jos-button jos-button-quiet" on:click=copy>{label}</button>
        <span class="jos-copy-status" role="status">{outcome}</span>
    }
}
