//! What the panel tells its host page: DOM `CustomEvent`s on the element it was mounted into,
//! named `jira-oauth-settings:<name>`, that bubble. Their `detail` is a plain object that never
//! holds the client secret, the authorization code or the state (the README lists each).

use crate::host_api::{Connection, RequestError, abbreviated_client_id};
use wasm_bindgen::JsValue;

/// The prefix of every event's name.
const PREFIX: &str = "jira-oauth-settings:";

/// The events of one mounted panel, which go to the element it was mounted into for as long as
/// it is mounted.
#[derive(Clone, Copy, Debug)]
pub struct Events {
    /// The panel's mount number.
    pub panel: u32,
}

/// The step of the flow that failed, as `failed`'s `detail.step` names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// Reading the stored settings when the settings page opens.
    Load,
    /// Storing the app at the host.
    Save,
    /// Sending the browser to Atlassian.
    Redirect,
    /// The callback: Atlassian's answer, its verification, or the host's code exchange.
    Callback,
    /// Connecting the site the admin chose.
    ChooseSite,
    /// Disconnecting.
    Disconnect,
}

impl Step {
    fn name(self) -> &'static str {
        match self {
            Step::Load => "load",
            Step::Save => "save",
            Step::Redirect => "redirect",
            Step::Callback => "callback",
            Step::ChooseSite => "choose_site",
            Step::Disconnect => "disconnect",
        }
    }
}

/// The `detail` of an event: a plain object of strings.
#[derive(Default)]
struct Detail(Vec<(&'static str, JsValue)>);

impl Detail {
    fn with(mut self, name: &'static str, value: impl Into<JsValue>) -> Self {
        self.0.push((name, value.into()));
        self
    }

    fn into_object(self) -> js_sys::Object {
        let object = js_sys::Object::new();
        for (name, value) in self.0 {
            // Setting a member of a fresh plain object cannot fail.
            let _ = js_sys::Reflect::set(&object, &name.into(), &value);
        }
        object
    }
}

impl Events {
    /// Dispatches the event in a microtask: after the current task, so that an outcome known
    /// while the panel mounts reaches the host once `mount` has returned, and so that no
    /// listener runs in the middle of the panel's own updates.
    fn emit(self, name: &'static str, detail: Detail) {
        let detail = detail.into_object();
        wasm_bindgen_futures::spawn_local(async move {
            let Some(target) = super::mount_target(self.panel) else { return };
            let init = web_sys::CustomEventInit::new();
            init.set_bubbles(true);
            init.set_detail(&detail);
            let name = format!("{PREFIX}{name}");
            if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict(&name, &init) {
                // A listener's exception is the host's; the panel goes on.
                let _ = target.dispatch_event(&event);
            }
        });
    }

    /// The host stored the app: `{ clientId, callbackUrl }`.
    pub fn saved(self, client_id: &str, callback_url: &str) {
        self.emit("saved", app_detail(client_id, callback_url));
    }

    /// The browser is about to leave for Atlassian's consent page: `{ clientId, callbackUrl }`.
    pub fn redirecting(self, client_id: &str, callback_url: &str) {
        self.emit("redirecting", app_detail(client_id, callback_url));
    }

    /// Jira is connected: `{ siteId, siteName, siteUrl, connectedAt }`.
    pub fn connected(self, connection: &Connection) {
        let detail = Detail::default()
            .with("siteId", connection.site.id.as_str())
            .with("siteName", connection.site.name.as_str())
            .with("siteUrl", connection.site.url.as_str())
            .with("connectedAt", connection.connected_at.as_str());
        self.emit("connected", detail);
    }

    /// Jira was disconnected: `{}`.
    pub fn disconnected(self) {
        self.emit("disconnected", Detail::default());
    }

    /// A step failed: `{ step, code, message }`, the message being the sentence the panel shows.
    pub fn failed(self, step: Step, code: &str, message: &str) {
        let detail =
            Detail::default().with("step", step.name()).with("code", code).with("message", message);
        self.emit("failed", detail);
    }
}

/// The app's detail: its Client ID's first characters, as the console's logs show it (a secret
/// pasted into the ID field, with only a warning for its shape, stays out of the host's hands),
/// and the callback URL.
fn app_detail(client_id: &str, callback_url: &str) -> Detail {
    Detail::default()
        .with("clientId", abbreviated_client_id(client_id).as_str())
        .with("callbackUrl", callback_url)
}

/// What `failed`'s `detail.code` says of a failed request: the host's own code, or what kept its
/// answer away.
pub fn failure_code(error: &RequestError) -> &str {
    match error {
        RequestError::Timeout { .. } => "timeout",
        RequestError::Unreachable => "unreachable",
        RequestError::SignedOut => "signed_out",
        RequestError::Host { error, .. } => error.code.as_str(),
        RequestError::Unexpected { .. } => "unexpected_answer",
    }
}
