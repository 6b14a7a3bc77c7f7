//! Reading a page's origin never panics and takes at most a millisecond per KiB; an origin that
//! reads reads the same again from its serialisation, and the callback URL it suggests, if any,
//! passes the callback URL check on that page as it is (for a host of at most 253 characters, as
//! any page's is). Input: the origin, as UTF-8 (an invalid sequence reads as U+FFFD), as in the
//! Origin header the host reads.

#![no_main]

use jira_oauth_settings::checks::{PageOrigin, check_callback_url};
use jira_oauth_settings_fuzz::{Shown, same, timed};
use libfuzzer_sys::fuzz_target;

/// The longest origin with a host of a DNS name's length: `https://`, 253 characters, a port.
const MAX_ORIGIN: usize = "https://".len() + 253 + ":65535".len();

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let Ok(origin) = timed("PageOrigin::parse", &text, PageOrigin::parse) else { return };
    let shown = Shown(&text);
    same(PageOrigin::parse(origin.as_str()), Ok(origin.clone()), format_args!("{shown} again"));
    if let Some(url) = origin.callback_url().filter(|_| origin.as_str().len() <= MAX_ORIGIN) {
        let checked = check_callback_url(&url, &origin).map(|checked| checked.value);
        same(checked.as_ref().map(|url| url.as_str()), Ok(url.as_str()), format_args!("{shown}"));
    }
});
