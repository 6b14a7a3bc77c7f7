//! The callback page's query parser never panics, takes at most a millisecond per KiB, and keeps
//! what its types promise: a code is never empty nor over `MAX_CODE_LENGTH`, a state never
//! empty, an error code a plain word or empty, and a description short and free of control,
//! invisible and reordering characters; the error's message always formats. Input: the query,
//! as UTF-8 (an invalid sequence reads as U+FFFD).

#![no_main]

use jira_oauth_settings::callback::{CallbackAnswer, MAX_CODE_LENGTH, parse_callback_query};
use jira_oauth_settings_fuzz::{Shown, timed};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let query = String::from_utf8_lossy(data);
    let Ok(answer) = timed("parse_callback_query", &query, parse_callback_query) else { return };
    let shown = Shown(&query);
    assert_ne!(answer.state(), Some(""), "an empty state for {shown}");
    match answer {
        CallbackAnswer::Code { code, .. } => {
            assert!((1..=MAX_CODE_LENGTH).contains(&code.len()), "a code of {} bytes", code.len());
        }
        CallbackAnswer::Refused { error, .. } => {
            let word = |b: u8| b.is_ascii_lowercase() || b == b'_';
            assert!(error.code.len() <= 40 && error.code.bytes().all(word), "code for {shown}");
            if let Some(description) = &error.description {
                assert!((1..=301).contains(&description.chars().count()), "length for {shown}");
                let shows =
                    |c: char| c == ' ' || !(c.is_whitespace() || c.is_control() || hides(c));
                assert!(description.chars().all(shows), "description for {shown}");
            }
            assert!(!error.to_string().is_empty());
        }
    }
});

/// A few of the characters that draw nothing or reorder the text around them.
fn hides(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
        || matches!(c, '\u{061C}' | '\u{FEFF}' | '\u{00AD}')
}
