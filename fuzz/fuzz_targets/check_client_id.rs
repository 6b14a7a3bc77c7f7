//! The Client ID check never panics, gives the same result and verdict whatever white space is
//! around the text, and takes at most a millisecond per KiB (input format: the crate's docs).

#![no_main]

use jira_oauth_settings::checks::{Field, check_client_id};
use jira_oauth_settings_fuzz::fuzz_check;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| fuzz_check(data, Field::ClientId, |raw, _| check_client_id(raw)));
