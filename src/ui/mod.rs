//! The browser side: the `mount(target, options)` entry point that a host page calls, and the
//! panel it renders. A bad target or option is an `Error` thrown to the caller, never a panic.

mod browser;
mod panel;

use crate::atlassian::CALLBACK_PATH;
use crate::checks::PageOrigin;
use panel::SettingsPanel;
use std::any::Any;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use wasm_bindgen::prelude::*;

/// The class of the element the plugin renders into its target; its styles are scoped under it.
const ROOT_CLASS: &str = "jos-root";

/// The options a host may pass, by their JavaScript names.
const OPTION_NAMES: [&str; 1] = ["callbackUrl"];

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

/// Renders the settings panel inside `target`: an element, or a CSS selector for one.
///
/// `options` is a plain object, `undefined` or `null`: `callbackUrl` (a string) replaces the
/// default callback URL, which is the page's origin followed by `/app/integrations/callback`.
///
/// # Errors
///
/// Thrown to the caller as an `Error` whose message says what to fix: a selector that matches
/// nothing, a target that is not an element or already holds a panel, an unknown option, an
/// option of the wrong type, or a page without an http(s) origin.
#[wasm_bindgen]
pub fn mount(target: JsValue, options: JsValue) -> Result<PluginHandle, JsError> {
    let target = resolve_target(&target)?;
    let callback_url = read_options(&options)?;
    let origin = browser::page_origin()
        .map_err(|_| JsError::new("mount: the page's origin cannot be read."))?;
    let origin = PageOrigin::parse(&origin).map_err(|error| JsError::new(&error.to_string()))?;
    // On a page that no callback can return to, the prefilled URL shows the admin why.
    let callback_url =
        callback_url.unwrap_or_else(|| format!("{}{CALLBACK_PATH}", origin.as_str()));

    let document =
        target.owner_document().ok_or_else(|| JsError::new("mount: target has no document."))?;
    let root: web_sys::HtmlElement = document
        .create_element("div")
        .map_err(|_| JsError::new("mount: could not create the panel's root element."))?
        .unchecked_into();
    root.set_class_name(ROOT_CLASS);
    target
        .append_child(&root)
        .map_err(|_| JsError::new("mount: could not add the panel to its target."))?;

    let number = MOUNT_COUNT.with(|count| {
        count.set(count.get() + 1);
        count.get()
    });
    let id_prefix = format!("jos{number}");
    let view = leptos::mount::mount_to(root.clone(), move || {
        leptos::view! { <SettingsPanel origin callback_url id_prefix /> }
    });
    PANELS.with(|panels| panels.borrow_mut().insert(number, (root, Box::new(view))));
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

/// The callback URL option, after checking that `options` holds nothing else.
fn read_options(options: &JsValue) -> Result<Option<String>, JsError> {
    if options.is_undefined() || options.is_null() {
        return Ok(None);
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
    let callback_url = js_sys::Reflect::get(options, &JsValue::from_str("callbackUrl"))
        .map_err(|_| JsError::new("mount: options.callbackUrl could not be read."))?;
    if callback_url.is_undefined() {
        return Ok(None);
    }
    callback_url
        .as_string()
        .map(Some)
        .ok_or_else(|| JsError::new("mount: options.callbackUrl must be a string."))
}
