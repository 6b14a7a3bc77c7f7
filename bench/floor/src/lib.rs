//! The floor: one labelled input, and one text node that shows what is typed in it.

use leptos::prelude::*;
use wasm_bindgen::prelude::wasm_bindgen;

#[component]
fn Floor() -> impl IntoView {
    let (value, set_value) = signal(String::new());
    view! {
        <label>
            "Value "
            <input type="text" on:input=move |event| set_value.set(event_target_value(&event)) />
        </label>
        <p>{value}</p>
    }
}

/// Renders the floor into the page's body; the entry module (main.js) calls it.
#[wasm_bindgen]
pub fn mount() {
    leptos::mount::mount_to_body(Floor);
}
