//! The panel in a real browser (wasm-bindgen-test in headless Chromium): mounting, typing, a
//! verdict appearing with the right ARIA wiring, and Connect refusing with errors; and every row
//! of the case files, through the checks as the browser build runs them (with the browser's own
//! URL reader).

#![cfg(target_arch = "wasm32")]

use jira_oauth_settings::{PluginHandle, mount};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::{Document, Element, HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

#[path = "support/cases.rs"]
mod cases;

/// The case files, built in: `tests/cases.rs` checks that this holds every file there is.
macro_rules! case_files {
    ($($path:literal),* $(,)?) => {
        [$(($path, include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/", $path)))),*]
    };
}

#[wasm_bindgen_test]
fn every_case_holds_in_the_browser() {
    let files = case_files![
        "../shared/cases/callback-urls.tsv",
        "../shared/cases/credentials.tsv",
        "tests/cases/callback-urls.tsv",
        "tests/cases/credentials.tsv",
    ];
    assert_eq!(files.map(|(path, _)| path), cases::BROWSER_FILES);
    let rows: Vec<cases::Case> =
        files.iter().flat_map(|(path, text)| cases::parse(path, text)).collect();
    cases::run(&rows);
}

const CLIENT_ID: &str = "CQkBxSzN7tK8YXR3OxKrYJjppSPGeBCR";
const SECRET: &str = "ATOA7G6IPgVjXb2bI7SiTHD5SNekqfHUNLxEE8bFtUcm2wbthjNBjkurEZwGtW1QuBk4791C30ED";

fn document() -> Document {
    web_sys::window().unwrap().document().unwrap()
}

/// A fresh element in the page to mount into.
fn target() -> HtmlElement {
    let element: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&element).unwrap();
    element
}

/// Lets the reactive system apply pending updates to the DOM.
async fn settle() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0)
            .unwrap();
    });
    JsFuture::from(promise).await.unwrap();
}

/// The element matching `selector` inside `root` whose whole text is `text`.
fn with_text(root: &Element, selector: &str, text: &str) -> HtmlElement {
    let elements = root.query_selector_all(selector).unwrap();
    (0..elements.length())
        .map(|i| elements.item(i).unwrap().unchecked_into::<HtmlElement>())
        .find(|element| element.text_content().as_deref() == Some(text))
        .unwrap_or_else(|| panic!("no {selector} {text:?}"))
}

/// The input labelled `label` inside `root`.
fn input(root: &Element, label: &str) -> HtmlInputElement {
    let id = with_text(root, "label", label).get_attribute("for").unwrap();
    document().get_element_by_id(&id).unwrap().unchecked_into()
}

fn dispatch(element: &Element, kind: &str) {
    element.dispatch_event(&web_sys::Event::new(kind).unwrap()).unwrap();
}

async fn type_into(input: &HtmlInputElement, text: &str) {
    input.set_value(text);
    dispatch(input, "input");
    settle().await;
}

async fn leave(input: &HtmlInputElement) {
    dispatch(input, "blur");
    settle().await;
}

/// The texts of the elements the input's `aria-describedby` names, in order.
fn descriptions(input: &HtmlInputElement) -> Vec<String> {
    let ids = input.get_attribute("aria-describedby").unwrap_or_default();
    ids.split_whitespace()
        .map(|id| {
            let element = document().get_element_by_id(id).unwrap_or_else(|| panic!("no #{id}"));
            element.text_content().unwrap_or_default()
        })
        .collect()
}

fn button(root: &Element, name: &str) -> HtmlElement {
    with_text(root, "button", name)
}

fn mounted(target: &HtmlElement) -> (PluginHandle, Element) {
    let handle = mount(target.into(), JsValue::UNDEFINED).expect("mount");
    let root = target.query_selector(".jos-root").unwrap().expect("the panel's root");
    (handle, root)
}

fn error_message(result: Result<PluginHandle, wasm_bindgen::JsError>) -> String {
    let error: JsValue = result.err().expect("an error").into();
    error.unchecked_into::<js_sys::Error>().message().into()
}

#[wasm_bindgen_test]
async fn mounts_three_labelled_fields_with_the_callback_prefilled() {
    let target = target();
    let (_handle, root) = mounted(&target);
    settle().await;
    let origin = web_sys::window().unwrap().location().origin().unwrap();
    assert_eq!(input(&root, "Client ID").value(), "");
    assert_eq!(input(&root, "Client secret").type_(), "password");
    assert_eq!(input(&root, "Callback URL").value(), format!("{origin}/app/integrations/callback"));
    button(&root, "Connect to Jira");
    button(&root, "Copy callback URL");
    button(&root, "Copy scopes");
    let text = root.text_content().unwrap();
    for scope in ["read:jira-work", "read:jira-user", "write:jira-work", "manage:jira-webhook"] {
        assert!(text.contains(scope), "{scope} is listed");
    }
}

#[wasm_bindgen_test]
async fn a_verdict_appears_on_blur_then_follows_the_edits() {
    let target = target();
    let (_handle, root) = mounted(&target);
    let id = input(&root, "Client ID");

    type_into(&id, SECRET).await;
    assert_eq!(id.get_attribute("aria-invalid"), None, "no verdict before the field is left");
    assert_eq!(descriptions(&id).len(), 1, "only the hint: {:?}", descriptions(&id));

    leave(&id).await;
    assert_eq!(id.get_attribute("aria-invalid").as_deref(), Some("true"));
    let described = descriptions(&id);
    assert_eq!(described.len(), 2, "{described:?}");
    assert!(described[0].starts_with("Error: This is the app's client secret"), "{described:?}");

    // A warning: described the same way, not invalid.
    type_into(&id, &CLIENT_ID[..31]).await;
    assert_eq!(id.get_attribute("aria-invalid"), None);
    let described = descriptions(&id);
    assert!(described[0].starts_with("Warning: The Client ID has 31 characters"), "{described:?}");

    // Fixed: a quiet confirmation, not tied to the field.
    type_into(&id, CLIENT_ID).await;
    assert_eq!(id.get_attribute("aria-invalid"), None);
    assert_eq!(descriptions(&id).len(), 1);
    let message = document().get_element_by_id(&format!("{}-message", id.id())).unwrap();
    assert!(message.text_content().unwrap().contains("Looks right"));
}

#[wasm_bindgen_test]
async fn connect_with_errors_focuses_the_first_invalid_field_and_stores_nothing() {
    let target = target();
    let (_handle, root) = mounted(&target);
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    let stored_before = storage.length().unwrap();
    type_into(&input(&root, "Client ID"), CLIENT_ID).await;
    type_into(&input(&root, "Client secret"), &SECRET[..75]).await;
    type_into(
        &input(&root, "Callback URL"),
        "https://<your-on-premises-domain>/app/integrations/callback",
    )
    .await;

    button(&root, "Connect to Jira").click();
    settle().await;

    let secret = input(&root, "Client secret");
    let active = document().active_element().expect("something has the focus");
    assert_eq!(active.id(), secret.id(), "the first field in error has the focus");
    assert_eq!(secret.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert!(descriptions(&secret)[0].contains("75 characters"), "{:?}", descriptions(&secret));
    let callback = input(&root, "Callback URL");
    assert_eq!(callback.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert!(descriptions(&callback)[0].contains("<your-on-premises-domain>"));
    assert_eq!(input(&root, "Client ID").get_attribute("aria-invalid"), None);
    let status = root.query_selector("[role=status].jos-status").unwrap().unwrap();
    assert_eq!(
        status.text_content().unwrap(),
        "The connection was not started: fix the 2 fields marked with an error."
    );
    assert_eq!(storage.length().unwrap(), stored_before, "nothing was stored");
}

#[wasm_bindgen_test]
async fn the_secret_toggle_shows_and_hides_it() {
    let target = target();
    let (_handle, root) = mounted(&target);
    let secret = input(&root, "Client secret");
    type_into(&secret, SECRET).await;
    button(&root, "Show secret").click();
    settle().await;
    assert_eq!(secret.type_(), "text");
    button(&root, "Hide secret").click();
    settle().await;
    assert_eq!(secret.type_(), "password");
    button(&root, "Show secret");
    assert_eq!(secret.value(), SECRET, "the typed secret is kept");
    assert_eq!(secret.get_attribute("value"), None, "never in an attribute");
}

#[wasm_bindgen_test]
async fn an_empty_field_tabbed_through_shows_nothing_until_connect() {
    let target = target();
    let (_handle, root) = mounted(&target);
    let id = input(&root, "Client ID");
    leave(&id).await;
    assert_eq!(id.get_attribute("aria-invalid"), None);
    assert_eq!(descriptions(&id).len(), 1, "only the hint");
    button(&root, "Connect to Jira").click();
    settle().await;
    assert_eq!(id.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert!(descriptions(&id)[0].starts_with("Error: Enter the Client ID"));
}

#[wasm_bindgen_test]
async fn connect_stops_once_for_a_warning_not_yet_seen_and_an_edit_clears_the_status() {
    let target = target();
    let (_handle, root) = mounted(&target);
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    let stored_before = storage.length().unwrap();
    let id = input(&root, "Client ID");
    type_into(&id, &CLIENT_ID[..31]).await;
    type_into(&input(&root, "Client secret"), SECRET).await;

    button(&root, "Connect to Jira").click();
    settle().await;

    let active = document().active_element().expect("something has the focus");
    assert_eq!(active.id(), id.id(), "the field with the unseen warning has the focus");
    assert!(descriptions(&id)[0].starts_with("Warning: The Client ID has 31 characters"));
    assert_eq!(id.get_attribute("aria-invalid"), None);
    let status = root.query_selector("[role=status].jos-status").unwrap().unwrap();
    assert!(status.text_content().unwrap().starts_with("Check the warning"), "{status:?}");
    assert_eq!(storage.length().unwrap(), stored_before, "nothing was stored");

    type_into(&id, CLIENT_ID).await;
    assert_eq!(status.text_content().unwrap(), "", "the edit cleared the stale status");
}

#[wasm_bindgen_test]
async fn the_panel_stays_when_the_host_drops_its_handle() {
    let target = target();
    // The handle goes out of scope at once, as one the host does not keep is collected.
    let root = {
        let (_handle, root) = mounted(&target);
        root
    };
    settle().await;
    let id = input(&root, "Client ID");
    type_into(&id, SECRET).await;
    leave(&id).await;
    assert_eq!(id.get_attribute("aria-invalid").as_deref(), Some("true"), "still reactive");
}

#[wasm_bindgen_test]
async fn mounts_by_selector_with_a_callback_option_and_unmounts() {
    let target = target();
    target.set_id("jos-selector-target");
    let options = js_sys::Object::new();
    let custom = "https://scanner.corp.example/app/integrations/callback";
    js_sys::Reflect::set(&options, &"callbackUrl".into(), &custom.into()).unwrap();
    let handle = mount("#jos-selector-target".into(), options.into()).expect("mount");
    settle().await;
    let root = target.query_selector(".jos-root").unwrap().unwrap();
    assert_eq!(input(&root, "Callback URL").value(), custom);

    let again = mount("#jos-selector-target".into(), JsValue::UNDEFINED);
    assert!(error_message(again).contains("already holds a panel"));

    handle.unmount();
    assert_eq!(target.child_element_count(), 0, "nothing is left behind");
    handle.unmount();
    let (_handle, _root) = mounted(&target);
}

#[wasm_bindgen_test]
fn bad_targets_and_options_are_errors_that_say_what_to_fix() {
    let map: JsValue = js_sys::Map::new().into();
    let svg = document().create_element_ns(Some("http://www.w3.org/2000/svg"), "svg").unwrap();
    let cases: [(JsValue, JsValue, &str); 10] = [
        ("#nothing-here".into(), JsValue::UNDEFINED, "no element matches \"#nothing-here\""),
        ("##".into(), JsValue::UNDEFINED, "is not a valid CSS selector"),
        (JsValue::from_f64(3.0), JsValue::UNDEFINED, "must be an element or a CSS selector"),
        (JsValue::NULL, JsValue::UNDEFINED, "must be an element or a CSS selector"),
        (target().into(), JsValue::from_str("x"), "options must be a plain object"),
        (
            target().into(),
            js_sys::JSON::parse("{\"callbackURL\":\"x\"}").unwrap(),
            "unknown option \"callbackURL\"",
        ),
        (
            target().into(),
            js_sys::JSON::parse("{\"callbackUrl\":7}").unwrap(),
            "callbackUrl must be a string",
        ),
        (svg.into(), JsValue::UNDEFINED, "must be an HTML element"),
        (target().into(), map, "options must be a plain object"),
        (target().into(), js_sys::Array::new().into(), "options must be a plain object"),
    ];
    for (target, options, expected) in cases {
        let message = error_message(mount(target, options));
        assert!(message.contains(expected), "{message:?} should say {expected:?}");
    }
}

#[wasm_bindgen_test]
fn the_host_options_are_checked() {
    let cases = [
        (r#"{"apiBase":"https://elsewhere.example/api"}"#, "options.apiBase must be a path"),
        (r#"{"apiBase":"//elsewhere.example/api"}"#, "options.apiBase must be a path"),
        (r#"{"apiBase":7}"#, "options.apiBase must be a string"),
        (r#"{"settingsUrl":"javascript:alert(1)"}"#, "options.settingsUrl must be a path"),
        (r#"{"page":"Callback"}"#, r#"options.page must be "settings" or "callback""#),
        (r#"{"requestTimeoutMs":0}"#, "options.requestTimeoutMs must be a whole number"),
        (r#"{"requestTimeoutMs":1.5}"#, "options.requestTimeoutMs must be a whole number"),
        (r#"{"requestTimeoutMs":"15000"}"#, "options.requestTimeoutMs must be a whole number"),
        (r#"{"requestTimeoutMs":600001}"#, "options.requestTimeoutMs must be a whole number"),
    ];
    for (options, expected) in cases {
        let message = error_message(mount(target().into(), js_sys::JSON::parse(options).unwrap()));
        assert!(message.contains(expected), "{options}: {message:?} should say {expected:?}");
    }
    let fine = r#"{"apiBase":"/platform/api/jira/","page":"settings","requestTimeoutMs":600000,
                   "settingsUrl":"/settings/integrations?tab=jira"}"#;
    let handle = mount(target().into(), js_sys::JSON::parse(fine).unwrap());
    assert!(handle.is_ok(), "{fine} was refused");
}

/// Waits `ms` milliseconds of the page's time.
async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    JsFuture::from(promise).await.unwrap();
}

#[wasm_bindgen(inline_js = r#"
export function answer_fetch_with(body, delay) {
  window.__realFetch = window.__realFetch || window.fetch;
  window.fetch = () => new Promise((resolve) => setTimeout(() => resolve(new Response(body, {
    status: 200, headers: { 'content-type': 'application/json' },
  })), delay));
}
export function restore_fetch() {
  if (window.__realFetch) window.fetch = window.__realFetch;
}
export function record_uncaught() {
  window.__uncaught = [];
  window.addEventListener('error', (e) => window.__uncaught.push(String(e.message)));
  window.addEventListener('unhandledrejection', (e) => window.__uncaught.push(String(e.reason)));
}
export function uncaught() {
  return (window.__uncaught || []).join('\n');
}
"#)]
extern "C" {
    /// Makes every `fetch` answer `body` (200, JSON) after `delay` milliseconds.
    fn answer_fetch_with(body: &str, delay: i32);
    fn restore_fetch();
    /// Starts recording the page's uncaught errors, such as a panic's trap.
    fn record_uncaught();
    /// The errors recorded since, one per line.
    fn uncaught() -> String;
}

const STORED: &str = r#"{"app":{"clientId":"CQkBxSzN7tK8YXR3OxKrYJjppSPGeBCR",
    "callbackUrl":"http://127.0.0.1:1/app/integrations/callback","secretStored":true},
    "connection":null,"sitesToChoose":[]}"#;

#[wasm_bindgen_test]
async fn a_panel_unmounted_before_the_host_answers_takes_the_answer_quietly() {
    record_uncaught();
    answer_fetch_with(STORED, 100);
    // The answer arrives after the panel is gone, and must not touch what was disposed.
    let first = target();
    let (handle, _) = mounted(&first);
    handle.unmount();
    sleep(300).await;
    assert!(first.query_selector(".jos-root").unwrap().is_none());
    assert_eq!(uncaught(), "", "the late answer broke something");

    // The module still works (a panic would have poisoned it), and the answer fills the form.
    let second = target();
    let (_handle, root) = mounted(&second);
    sleep(300).await;
    restore_fetch();
    let id: HtmlInputElement = root.query_selector("input").unwrap().unwrap().unchecked_into();
    assert_eq!(id.value(), "CQkBxSzN7tK8YXR3OxKrYJjppSPGeBCR");
    let text = root.text_content().unwrap_or_default();
    assert!(text.contains("A secret is stored"), "{text}");
}

/// Every variant of `document` that differs from it by one change: each member (at any depth)
/// left out, set to a value of each JSON type, or joined by an unknown member; each array
/// element replaced; and the document itself replaced.
fn variants(document: &serde_json::Value) -> Vec<String> {
    use serde_json::{Value, json};
    let replacements = [
        json!(null),
        json!(true),
        json!(0),
        json!(-1),
        json!(1.5),
        json!("x"),
        json!([]),
        json!({}),
    ];
    let mut out = vec![document.to_string()];
    out.extend(replacements.iter().map(Value::to_string));
    out.extend(["", "not json", "{", "[1,2]"].map(str::to_owned));
    // Each place in the document, as a path of keys and indices, and what to put there.
    fn walk(value: &Value, path: &mut Vec<Value>, places: &mut Vec<Vec<Value>>) {
        match value {
            Value::Object(members) => {
                for (name, member) in members {
                    path.push(Value::String(name.clone()));
                    places.push(path.clone());
                    walk(member, path, places);
                    path.pop();
                }
            }
            Value::Array(elements) => {
                for (index, element) in elements.iter().enumerate() {
                    path.push(Value::from(index));
                    places.push(path.clone());
                    walk(element, path, places);
                    path.pop();
                }
            }
            _ => {}
        }
    }
    fn at<'a>(root: &'a mut Value, path: &[Value]) -> &'a mut Value {
        path.iter().fold(root, |value, step| match step {
            Value::String(name) => &mut value[name.as_str()],
            other => &mut value[other.as_u64().unwrap() as usize],
        })
    }
    let mut places = Vec::new();
    walk(document, &mut Vec::new(), &mut places);
    for place in &places {
        let (parent, last) = place.split_at(place.len() - 1);
        for replacement in &replacements {
            let mut changed = document.clone();
            *at(&mut changed, place) = replacement.clone();
            out.push(changed.to_string());
        }
        if let Value::String(name) = &last[0] {
            let mut without = document.clone();
            at(&mut without, parent).as_object_mut().unwrap().remove(name);
            out.push(without.to_string());
        }
    }
    for place in places.iter().map(Vec::as_slice).chain([&[][..]]) {
        let mut with_more = document.clone();
        if let Some(members) = at(&mut with_more, place).as_object_mut() {
            members.insert("later".to_owned(), json!({"a": 1}));
            out.push(with_more.to_string());
        }
    }
    out
}

/// The browser build's JSON readers (`src/json.rs`, on `JSON.parse`) read every document as
/// serde_json does (the native build's reader, which the release wasm leaves out): the
/// settings, an error, and a consent record, and every variant of each.
#[wasm_bindgen_test]
fn the_browsers_json_readers_read_as_serde_json_does() {
    use jira_oauth_settings::consent::PendingConsent;
    use jira_oauth_settings::host_api::{ErrorBody, Settings};
    use jira_oauth_settings::json::ReadJson;
    use serde::de::DeserializeOwned;
    use serde_json::json;

    fn same<T: ReadJson + DeserializeOwned + PartialEq + std::fmt::Debug>(text: &str) -> bool {
        let (browser, serde) = (T::read_json(text), serde_json::from_str::<T>(text).ok());
        assert_eq!(browser, serde, "{} from {text}", std::any::type_name::<T>());
        serde.is_some()
    }
    let site = json!({"id": "1324a887", "name": "acme", "url": "https://acme.atlassian.net",
                      "avatarUrl": "https://site-admin-avatar-cdn.prod.public.atl-paas.net/a.png"});
    let documents = [
        json!({
            "app": {"clientId": CLIENT_ID, "callbackUrl": "https://s/app/integrations/callback",
                    "secretStored": true},
            "connection": {"site": site, "connectedAt": "2026-12-03T10:00:00Z"},
            "sitesToChoose": [site, {"id": "2", "name": "globex", "url": "https://g"}],
        }),
        json!({"error": {"code": "invalid_fields", "message": "Fix the fields.",
                         "fields": {"clientId": {"code": "empty", "message": "Enter it."},
                                    "clientSecret": {"code": "too_short", "message": "Copy."}}}}),
        json!({"state": "AAAA", "redirectUri": "https://s/app/integrations/callback",
               "clientId": CLIENT_ID, "createdAt": 1_764_760_000_000u64,
               "usedAt": 1_764_760_000_001u64}),
    ];
    let (mut texts, mut read) = (0, 0);
    for document in &documents {
        for text in variants(document) {
            texts += 1;
            read +=
                [same::<Settings>(&text), same::<ErrorBody>(&text), same::<PendingConsent>(&text)]
                    .iter()
                    .filter(|read| **read)
                    .count();
        }
    }
    // Both readers accept some of these and refuse others: the comparison is not all refusals.
    assert!(texts > 200 && read > 100, "{texts} documents, {read} readings");
}

/// Where the two readers differ on purpose: a record's times beyond 2^53 (a JavaScript number
/// cannot hold them exactly) are refused, not rounded.
#[wasm_bindgen_test]
fn consent_records_with_inexact_times_are_refused() {
    use jira_oauth_settings::consent::PendingConsent;
    let record =
        |at: &str| format!(r#"{{"state":"a","redirectUri":"b","clientId":"c","createdAt":{at}}}"#);
    assert!(PendingConsent::from_json(&record("9007199254740991")).is_some());
    assert_eq!(PendingConsent::from_json(&record("9007199254740993")), None);
    assert_eq!(PendingConsent::from_json(&record("1e300")), None);
}

/// Page origins through the browser's URL reader: what `location.origin` can hold is read, and
/// anything but an http(s) origin with a host is refused, with a port or without.
#[wasm_bindgen_test]
fn page_origins_are_read_by_the_browsers_url() {
    use jira_oauth_settings::checks::PageOrigin;
    let read = |origin: &str| PageOrigin::parse(origin).map(|o| o.as_str().to_owned());
    for (origin, expected) in [
        ("https://scanner.corp.example", "https://scanner.corp.example"),
        ("https://scanner.corp.example:443", "https://scanner.corp.example"),
        ("http://127.1:8080", "http://127.0.0.1:8080"),
        ("http://[0::1]:8080", "http://[::1]:8080"),
        ("https://xn--bcher-kva.example", "https://xn--bcher-kva.example"),
    ] {
        assert_eq!(read(origin).as_deref(), Ok(expected), "{origin}");
    }
    for origin in ["ws://localhost:8080", "ftp://a:2121", "file:///x", "null", "https://", "x"] {
        assert!(read(origin).is_err(), "{origin}");
    }
}
