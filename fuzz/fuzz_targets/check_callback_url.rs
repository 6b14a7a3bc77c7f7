//! The callback URL check never panics, gives the same result and verdict whatever white space
//! is around the text, on a page of any origin, and takes at most a millisecond per KiB (input
//! format: the crate's docs).

#![no_main]

use jira_oauth_settings::checks::{Field, check_callback_url};
use jira_oauth_settings_fuzz::fuzz_check;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| fuzz_check(data, Field::CallbackUrl, check_callback_url));
