//! The browser side: the `mount(target, options)` entry point that a host page calls, and the
//! panel it renders. A bad target or option is an `Error` thrown to the caller, never a panic.

mod api;
mod browser;
mod callback;
mod connection;
mod events;
mod field;
mod guide;
mod panel;

use crate::atlassian::CALLBACK_PATH;
use crate::catalogue;
use crate::checks::PageOrigin;
use crate::host_api::{DEFAULT_API_BASE, DEFAULT_TIMEOUT_MS};
use api::HostApi;
pub(crate) use browser::BrowserError;
use callback::CallbackPanel;
use leptos::prelude::{AnyView, IntoAny};
use panel::SettingsPanel;
use std::any::Any;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use wasm_bindgen::prelude::*;

/// The class of the element the plugin renders into its target; its styles are scoped under it.
const ROOT_CLASS: &str = "jos-root";

/// The pieces of a catalogue `template`, with each `{slot}` made by `slot` into its part of the
/// page (a link, a name in bold); a slot it does not know stays empty.
fn sentence(template: &'static str, slot: impl Fn(&str) -> Option<AnyView>) -> Vec<AnyView> {
    let piece = |piece| match piece {
        catalogue::Piece::Text(text) => text.into_any(),
        catalogue::Piece::Slot(name) => slot(name).unwrap_or_else(|| ().into_any()),
    };
    catalogue::pieces(template).into_iter().map(piece).collect()
}

/// The options a host may pass, by their JavaScript names.
const OPTION_NAMES: [&str; 5] =
    ["apiBase", "callbackUrl", "page", "requestTimeoutMs", "settingsUrl"];

/// The longest request time limit a host may set: ten minutes.
const MAX_TIMEOUT_MS: f64 = 600_000.0;

/// Which panel the page shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Page {
    /// The settings form.
    Settings,
    /// The callback page, where Atlassian sends the browser back.
    Callback,
}

/// The options, read and checked.
#[derive(Clone, Debug)]
struct Options {
    /// Where the host's API answers.
    api: HostApi,
    /// The callback URL to prefill instead of the default one.
    callback_url: Option<String>,
    /// The page, when the host says which; otherwise it follows the path.
    page: Option<Page>,
    /// Where the callback page's "back to the settings" link goes.
    settings_url: String,
}

/// A panel on the page: its root element and its view, whose drop removes the listeners.
type Mounted = (web_sys::HtmlElement, Box<dyn Any>);

thread_local! {
    /// How many panels were mounted, to keep their element ids apart.
    static MOUNT_COUNT: Cell<u32> = const { Cell::new(0) };
    /// The panels on the page, by mount number. They live here, not in their handles, so that a
    /// host that lets its handle be garbage-collected keeps its panel.
    static PANELS: RefCell<HashMap<u32, Mounted>> = RefCell::new(HashMap::new());
}

/// A mounted panel. It stays on the page until `unmount()` is called, whatever becomes of the
/// handle.
#[wasm_bindgen]
pub struct PluginHandle {
    number: u32,
}

#[wasm_bindgen]
impl PluginHandle {
    /// Removes the panel from its target. Calling it again does nothing.
    pub fn unmount(&self) {
        let mounted = PANELS.with(|panels| panels.borrow_mut().remove(&self.number));
        if let Some((root, view)) = mounted {
            drop(view);
            root.remove();
        }
    }
}

/// The element panel `number` was mounted into, while it is mounted.
fn mount_target(number: u32) -> Option<web_sys::Element> {
    PANELS.with(|panels| panels.borrow().get(&number).and_then(|(root, _)| root.parent_element()))
}

/// Renders the settings panel inside `target`: an element, or a CSS selector for one. On the
/// callback page (its path is `/app/integrations/callback`, or the `page` option says so), it
/// renders the callback's outcome instead.
///
/// `options` is a plain object, `undefined` or `null`, with these optional members:
/// - `apiBase`: the path of the host's API, default `/api/integrations/jira`;
/// - `callbackUrl`: replaces the prefilled callback URL, which is the page's origin followed by
///   `/app/integrations/callback`;
/// - `page`: `"settings"` or `"callback"`, when the page's path does not tell;
/// - `requestTimeoutMs`: how long a request to the host may take, default 15000;
/// - `settingsUrl`: where the callback page links back to, default `/`.
///
/// # Errors
///
/// Thrown to the caller as an `Error` whose message says what to fix: a selector that matches
/// nothing, a target that is not an element or already holds a panel, an unknown option, an
/// option of the wrong type or value, or a page without an http(s) origin.
#[wasm_bindgen]
pub fn mount(target: JsValue, options: JsValue) -> Result<PluginHandle, JsError> {
    let target = resolve_target(&target)?;
    let options = read_options(&options)?;
    let origin = browser::page_origin()
        .map_err(|_| JsError::new("mount: the page's origin cannot be read."))?;
    let origin = PageOrigin::parse(&origin).map_err(|error| JsError::new(&error.to_string()))?;
    let page = options.page.unwrap_or_else(|| match browser::page_path().as_deref() {
        Some(CALLBACK_PATH) => Page::Callback,
        _ => Page::Settings,
    });

    let document =
        target.owner_document().ok_or_else(|| JsError::new("mount: target has no document."))?;
    let root: web_sys::HtmlElement = document
        .create_element("div")
        .map_err(|_| JsError::new("mount: could not create the panel's root element."))?
        .unchecked_into();
    root.set_class_name(ROOT_CLASS);
    // The panel's language, whatever the host page's: for screen readers, hyphenation, quotes.
    root.set_lang(catalogue::LANGUAGE);
    target
        .append_child(&root)
        .map_err(|_| JsError::new("mount: could not add the panel to its target."))?;

    let number = MOUNT_COUNT.with(|count| {
        count.set(count.get() + 1);
        count.get()
    });
    let id_prefix = format!("jos{number}");
    let events = events::Events { panel: number };
    let Options { api, callback_url, settings_url, .. } = options;
    let view: Box<dyn Any> = match page {
        Page::Settings => {
            // On a page that no callback can return to, the prefilled URL shows the admin why.
            let callback_url =
                callback_url.unwrap_or_else(|| format!("{}{CALLBACK_PATH}", origin.as_str()));
            Box::new(leptos::mount::mount_to(root.clone(), move || {
                leptos::view! { <SettingsPanel origin callback_url api id_prefix events /> }
            }))
        }
        Page::Callback => Box::new(leptos::mount::mount_to(root.clone(), move || {
            leptos::view! { <CallbackPanel api settings_url id_prefix events /> }
        })),
    };
    PANELS.with(|panels| panels.borrow_mut().insert(number, (root, view)));
    Ok(PluginHandle { number })
}

/// The element `target` names, ready to hold a new panel.
fn resolve_target(target: &JsValue) -> Result<web_sys::HtmlElement, JsError> {
    let element = if let Some(selector) = target.as_string() {
        let document = web_sys::window()
            .and_then(|window| window.document())
            .ok_or_else(|| JsError::new("mount: there is no document to look the target up in."))?;
        document
            .query_selector(&selector)
            .map_err(|_| {
                JsError::new(&format!("mount: \"{selector}\" is not a valid CSS selector."))
            })?
            .ok_or_else(|| JsError::new(&format!("mount: no element matches \"{selector}\".")))?
    } else {
        target.clone().dyn_into::<web_sys::Element>().map_err(|_| {
            JsError::new("mount: the target must be an element or a CSS selector string.")
        })?
    };
    let element = element
        .dyn_into::<web_sys::HtmlElement>()
        .map_err(|_| JsError::new("mount: the target must be an HTML element."))?;
    let occupied = element.query_selector(&format!(":scope > .{ROOT_CLASS}")).ok().flatten();
    if occupied.is_some() {
        return Err(JsError::new(
            "mount: the target already holds a panel; call unmount() on its handle first.",
        ));
    }
    Ok(element)
}

/// The options, after checking that `options` holds nothing else.
fn read_options(options: &JsValue) -> Result<Options, JsError> {
    let mut read = Options {
        api: HostApi::new(DEFAULT_API_BASE, DEFAULT_TIMEOUT_MS),
        callback_url: None,
        page: None,
        settings_url: "/".to_owned(),
    };
    if options.is_undefined() || options.is_null() {
        return Ok(read);
    }
    // `{}` or `Object.create(null)`: not an array, a Map, a Date or a class instance.
    let is_plain_object = options.is_object() && {
        let prototype = js_sys::Object::get_prototype_of(options);
        prototype.is_null() || prototype == js_sys::Object::get_prototype_of(&js_sys::Object::new())
    };
    if !is_plain_object {
        return Err(JsError::new("mount: options must be a plain object, such as {}."));
    }
    let object: &js_sys::Object = options.unchecked_ref();
    for key in js_sys::Object::keys(object).iter() {
        let key = key.as_string().unwrap_or_default();
        if !OPTION_NAMES.contains(&key.as_str()) {
            return Err(JsError::new(&format!(
                "mount: unknown option \"{key}\"; the options are: {}.",
                OPTION_NAMES.join(", ")
            )));
        }
    }

    let api_base = read_string(options, "apiBase")?;
    if let Some(base) = &api_base {
        same_origin_path("apiBase", base)?;
    }
    let timeout_ms = match read_option(options, "requestTimeoutMs")? {
        None => DEFAULT_TIMEOUT_MS,
        Some(value) => match value.as_f64() {
            Some(ms) if ms.fract() == 0.0 && (1.0..=MAX_TIMEOUT_MS).contains(&ms) => ms as u32,
            _ => {
                return Err(JsError::new(
                    "mount: options.requestTimeoutMs must be a whole number of milliseconds \
                     from 1 to 600000.",
                ));
            }
        },
    };
    read.api = HostApi::new(api_base.as_deref().unwrap_or(DEFAULT_API_BASE), timeout_ms);
    read.callback_url = read_string(options, "callbackUrl")?;
    read.page = match read_string(options, "page")?.as_deref() {
        None => None,
        Some("settings") => Some(Page::Settings),
        Some("callback") => Some(Page::Callback),
        Some(_) => {
            return Err(JsError::new("mount: options.page must be \"settings\" or \"callback\"."));
        }
    };
    if let Some(url) = read_string(options, "settingsUrl")? {
        same_origin_path("settingsUrl", &url)?;
        read.settings_url = url;
    }
    Ok(read)
}

/// The option `name`, or `None` when it is absent or `undefined`.
fn read_option(options: &JsValue, name: &str) -> Result<Option<JsValue>, JsError> {
    let value = js_sys::Reflect::get(options, &JsValue::from_str(name))
        .map_err(|_| JsError::new(&format!("mount: options.{name} could not be read.")))?;
    Ok((!value.is_undefined()).then_some(value))
}

/// The string option `name`, or `None` when it is absent.
fn read_string(options: &JsValue, name: &str) -> Result<Option<String>, JsError> {
    read_option(options, name)?
        .map(|value| {
            value
                .as_string()
                .ok_or_else(|| JsError::new(&format!("mount: options.{name} must be a string.")))
        })
        .transpose()
}

/// Checks that the option `name` is a path on this origin, such as `/settings/jira`: the plugin
/// talks to its own host only, and links nowhere else.
fn same_origin_path(name: &str, path: &str) -> Result<(), JsError> {
    let is_path = path.starts_with('/')
        && !path.starts_with("//")
        && !path.contains('\\')
        && !path.chars().any(|c| c.is_whitespace() || c.is_control());
    if is_path {
        Ok(())
    } else {
        Err(JsError::new(&format!(
            "mount: options.{name} must be a path on this server, starting with a single \"/\", \
             such as \"/api/integrations/jira\"; \"{path}\" is not."
        )))
    }
}
