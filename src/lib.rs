//! A settings panel that connects Jira to an on-premises Invicti Platform through the admin's own
//! Atlassian OAuth 2.0 (3LO) app: it checks the app's credentials and callback URL as they are
//! typed, then sends the browser to Atlassian's consent screen.
//!
//! The logic is plain Rust that builds and is tested natively ([`checks`], [`authorize`],
//! [`consent`]); the Leptos component and the `mount` entry point exist only in the WebAssembly
//! build. Every text the admin reads is in the [`catalogue`].

#![warn(missing_docs)]

pub mod atlassian;
pub mod authorize;
pub mod callback;
pub mod catalogue;
pub mod checks;
pub mod consent;
pub mod host_api;
pub mod json;

#[cfg(target_arch = "wasm32")]
mod ui;
#[cfg(target_arch = "wasm32")]
pub use ui::{PluginHandle, mount};
