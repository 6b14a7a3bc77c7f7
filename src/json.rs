//! Reading the JSON documents the plugin receives: the host's answers ([`Settings`],
//! [`ErrorBody`]) and its own consent records ([`PendingConsent`]).
//!
//! Natively (the host, the tests) serde_json reads any `Deserialize` type. The browser build reads
//! them with the browser's own `JSON.parse` and the readers below, which follow the types' serde
//! attributes (`camelCase` names, unknown members ignored, `Option` members that may be missing or
//! `null`, `default` members that may be missing). serde's deserialisers cost the gzipped wasm
//! about 38 KB, more than any other part but the framework; writing JSON stays serde_json's,
//! which costs under 2 KB. `tests/web.rs` checks, in the browser, that these readers and
//! serde_json read every document of a corpus alike.
//!
//! Where they differ, on documents neither this plugin nor the reference host writes: a member
//! given twice is the last one here (serde refuses it); a struct written as an array is refused
//! here (serde takes it); a lone surrogate in a string becomes U+FFFD here (serde refuses it); a
//! whole number written `1.0` or `1e3` is read here (serde refuses it), and one beyond 2^53 is
//! refused here (serde reads it).
//!
//! [`Settings`]: crate::host_api::Settings
//! [`ErrorBody`]: crate::host_api::ErrorBody
//! [`PendingConsent`]: crate::consent::PendingConsent

/// A document that can be read from JSON text.
pub trait ReadJson: Sized {
    /// The document `text` holds, or `None` when it is not JSON of this type's shape.
    fn read_json(text: &str) -> Option<Self>;
}

#[cfg(not(target_arch = "wasm32"))]
impl<T: serde::de::DeserializeOwned> ReadJson for T {
    fn read_json(text: &str) -> Option<T> {
        serde_json::from_str(text).ok()
    }
}

#[cfg(target_arch = "wasm32")]
mod browser {
    use super::ReadJson;
    use crate::consent::PendingConsent;
    use crate::host_api::{
        Connection, ErrorBody, FieldError, HostError, Settings, Site, StoredApp,
    };
    use js_sys::{Array, JsString, Object, Reflect};
    use std::collections::BTreeMap;
    use wasm_bindgen::{JsCast, JsValue};

    /// Reads a whole document: `JSON.parse`, then the type's reader.
    fn parse<T>(text: &str, read: fn(&Members) -> Option<T>) -> Option<T> {
        let value = js_sys::JSON::parse(text).ok()?;
        read(&Members::of(&value)?)
    }

    impl ReadJson for Settings {
        fn read_json(text: &str) -> Option<Settings> {
            parse(text, settings)
        }
    }

    impl ReadJson for ErrorBody {
        fn read_json(text: &str) -> Option<ErrorBody> {
            parse(text, |members| Some(ErrorBody { error: members.required("error", host_error)? }))
        }
    }

    impl ReadJson for PendingConsent {
        fn read_json(text: &str) -> Option<PendingConsent> {
            parse(text, |members| {
                Some(PendingConsent {
                    state: members.required("state", string)?,
                    redirect_uri: members.required("redirectUri", string)?,
                    client_id: members.required("clientId", string)?,
                    created_at: members.required("createdAt", whole_number)?,
                    used_at: members.optional("usedAt", whole_number)?,
                })
            })
        }
    }

    fn settings(members: &Members) -> Option<Settings> {
        Some(Settings {
            app: members.optional("app", |value| {
                let members = Members::of(value)?;
                Some(StoredApp {
                    client_id: members.required("clientId", string)?,
                    callback_url: members.required("callbackUrl", string)?,
                    secret_stored: members.required("secretStored", JsValue::as_bool)?,
                })
            })?,
            connection: members.optional("connection", |value| {
                let members = Members::of(value)?;
                Some(Connection {
                    site: members.required("site", site)?,
                    connected_at: members.required("connectedAt", string)?,
                })
            })?,
            sites_to_choose: members.defaulted("sitesToChoose", |value| {
                value.dyn_ref::<Array>()?.iter().map(|site_value| site(&site_value)).collect()
            })?,
        })
    }

    fn site(value: &JsValue) -> Option<Site> {
        let members = Members::of(value)?;
        Some(Site {
            id: members.required("id", string)?,
            name: members.required("name", string)?,
            url: members.required("url", string)?,
            avatar_url: members.optional("avatarUrl", string)?,
        })
    }

    fn host_error(value: &JsValue) -> Option<HostError> {
        let members = Members::of(value)?;
        Some(HostError {
            code: members.required("code", string)?,
            message: members.required("message", string)?,
            fields: members.defaulted("fields", |value| {
                let fields = Members::of(value)?;
                let mut read = BTreeMap::new();
                for entry in Object::entries(&fields.0).iter() {
                    let entry: Array = entry.unchecked_into();
                    let name = entry.get(0).as_string()?;
                    let members = Members::of(&entry.get(1))?;
                    let error = FieldError {
                        code: members.required("code", string)?,
                        message: members.required("message", string)?,
                    };
                    read.insert(name, error);
                }
                Some(read)
            })?,
        })
    }

    fn string(value: &JsValue) -> Option<String> {
        value.as_string()
    }

    /// A JSON number whose value is a whole number from 0 to 2^53 − 1, the largest a
    /// JavaScript number holds exactly (so `1.0` and `1e3` are read, as `JSON.parse` gives no
    /// other sign of how a number was written).
    fn whole_number(value: &JsValue) -> Option<u64> {
        let number = value.as_f64()?;
        let exact = number.fract() == 0.0 && (0.0..=9_007_199_254_740_991.0).contains(&number);
        exact.then_some(number as u64)
    }

    /// The own members of a JSON object (not an array, not `null`).
    struct Members(Object);

    impl Members {
        fn of(value: &JsValue) -> Option<Members> {
            let is_object = value.is_object() && !Array::is_array(value);
            is_object.then(|| Members(value.clone().unchecked_into()))
        }

        /// The member `name`, or `None` when the object has no such own member.
        fn get(&self, name: &str) -> Option<JsValue> {
            let key = JsString::from(name);
            Object::has_own(&self.0, &key).then(|| Reflect::get(&self.0, &key).ok()).flatten()
        }

        /// A member that must be present and read.
        fn required<T>(&self, name: &str, read: impl FnOnce(&JsValue) -> Option<T>) -> Option<T> {
            read(&self.get(name)?)
        }

        /// A member that may be missing or `null`: `Some(None)` then, `None` when it is there
        /// and does not read.
        fn optional<T>(
            &self,
            name: &str,
            read: impl FnOnce(&JsValue) -> Option<T>,
        ) -> Option<Option<T>> {
            match self.get(name) {
                None => Some(None),
                Some(value) if value.is_null() => Some(None),
                Some(value) => read(&value).map(Some),
            }
        }

        /// A member that may be missing (`T::default()` then), but not `null`.
        fn defaulted<T: Default>(
            &self,
            name: &str,
            read: impl FnOnce(&JsValue) -> Option<T>,
        ) -> Option<T> {
            match self.get(name) {
                None => Some(T::default()),
                Some(value) => read(&value),
            }
        }
    }
}
