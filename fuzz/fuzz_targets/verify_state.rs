//! Verifying the state of Atlassian's answer never panics, takes at most a millisecond per KiB,
//! and accepts only a well-formed state whose unused record names it and started at most
//! `CONSENT_LIFETIME_MS` before or after now; a record that reads also reads back from its own
//! JSON. Input: byte 0's bit 0 says a state is given and bit 1 a stored record,
//! bytes 1 to 4 are now, in milliseconds after the record's `createdAt` (a little-endian i32),
//! and the rest is the state, a line feed, and the record (UTF-8, invalid sequences as U+FFFD).

#![no_main]

use jira_oauth_settings::authorize::State;
use jira_oauth_settings::consent::{CONSENT_LIFETIME_MS, PendingConsent, verify_state};
use jira_oauth_settings_fuzz::{Shown, same, timed};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else { return };
    let Some((offset, rest)) = rest.split_first_chunk::<4>() else { return };
    let text = String::from_utf8_lossy(rest);
    let (state, stored) = text.split_once('\n').unwrap_or((&text, ""));
    let (state, stored) = ((flags & 1 == 1).then_some(state), (flags & 2 == 2).then_some(stored));
    let record = stored.and_then(PendingConsent::from_json);
    if let Some(record) = &record {
        let again = PendingConsent::from_json(&record.to_json());
        same(
            again.as_ref(),
            Some(record),
            format_args!("the record of {} read back", Shown(&text)),
        );
    }
    let created_at = record.map_or(0, |record| record.created_at);
    let now = created_at.saturating_add_signed(i32::from_le_bytes(*offset).into());
    let verified = timed("verify_state", &text, |_| verify_state(state, stored, now));
    if let Ok(record) = verified {
        let state = state.expect("a verified answer has a state");
        assert!(State::is_well_formed(state) && record.state == state, "for {}", Shown(&text));
        assert!(record.used_at.is_none() && now.abs_diff(record.created_at) <= CONSENT_LIFETIME_MS);
    }
});
