//! Whether a save keeps the stored secret never panics, does not change with white space around
//! the secret and the Client ID, and is what its documentation says: kept for a blank secret and
//! the stored app's Client ID, `SecretNeeded` for a blank secret and another ID, otherwise up to
//! the secret's own check. Input: the checks' format (byte 0 odd: a stored Client ID is given),
//! its text's first three lines being the secret, the Client ID and the stored Client ID.

#![no_main]

use jira_oauth_settings::checks::{SecretNeeded, keeps_stored_secret};
use jira_oauth_settings_fuzz::{CheckInput, Shown, same, timed};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let input = CheckInput::read(data);
    let mut lines = input.text.splitn(3, '\n');
    let (secret, client_id) = (lines.next().unwrap_or(""), lines.next().unwrap_or(""));
    let stored = lines.next().filter(|_| data.first().is_some_and(|b| b % 2 == 1));
    let keeps = |secret: &str, client_id: &str| {
        timed("keeps_stored_secret", &input.text, |_| {
            keeps_stored_secret(secret, client_id, stored)
        })
    };
    let result = keeps(secret, client_id);
    let (padded_secret, padded_id) =
        (input.padding.around(secret), input.padding.around(client_id));
    let shown = Shown(&input.text);
    same(keeps(&padded_secret, &padded_id), result, format_args!("the answer around {shown}"));
    let blank = secret.trim().is_empty();
    let expected = match stored {
        Some(stored) if blank && client_id.trim() == stored => Ok(true),
        Some(_) if blank => Err(SecretNeeded),
        _ => Ok(false),
    };
    same(result, expected, format_args!("the answer for {shown}"));
});
