//! Properties of the checks over generated input: no panic, surrounding white space never
//! changes a verdict, valid values of every shape are accepted, mistakes in them are caught,
//! and a message never repeats a secret.

#![cfg(not(target_arch = "wasm32"))]

use jira_oauth_settings::checks::{
    Field, PageOrigin, Severity, check_callback_url, check_client_id, check_client_secret,
};
use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;

const FIELDS: [Field; 3] = [Field::ClientId, Field::ClientSecret, Field::CallbackUrl];

fn origins() -> impl Strategy<Value = PageOrigin> {
    let hosts = prop_oneof![
        Just("scanner.corp.example".to_owned()),
        Just("127.0.0.1".to_owned()),
        Just("[::1]".to_owned()),
        Just("10.0.0.7".to_owned()),
        Just("[fd12:3456::1]".to_owned()),
        // No label starts with `x`: an `xn--` label must be valid punycode, which this isn't.
        "[a-wyz][a-z0-9-]{0,20}(\\.[a-wyz][a-z0-9-]{0,10}){0,3}",
    ];
    let scheme = prop_oneof![Just("https"), Just("http")];
    let port = prop::option::of(1u16..=65535);
    (scheme, hosts, port).prop_map(|(scheme, host, port)| {
        let port = port.map_or_else(String::new, |p| format!(":{p}"));
        PageOrigin::parse(&format!("{scheme}://{host}{port}")).unwrap()
    })
}

/// Unicode white space of many kinds that `str::trim` removes.
fn white_space() -> impl Strategy<Value = String> {
    let chars = prop::sample::select(vec![
        ' ', '\t', '\n', '\r', '\u{0B}', '\u{0C}', '\u{85}', '\u{A0}', '\u{1680}', '\u{2000}',
        '\u{2007}', '\u{200A}', '\u{2028}', '\u{2029}', '\u{202F}', '\u{205F}', '\u{3000}',
    ]);
    prop::collection::vec(chars, 0..4).prop_map(|chars| chars.into_iter().collect())
}

/// Text that looks like what admins paste, and text that does not look like anything.
fn inputs() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[A-Za-z0-9]{28,36}",
        "ATOA[A-Za-z0-9_=-]{60,76}",
        // Near-secrets with multi-byte characters, where byte and character offsets differ.
        "(ATOA|atoa|ATO)?[A-Za-z0-9_\u{E9}\u{20AC}\u{410}-]{60,80}",
        "(ATATT|ATBB|ATCTT|ari:cloud:)[A-Za-z0-9=:/-]{0,80}",
        "(https?|HTTPS|ftp)(:|://|:/)[a-z0-9.:@<>\\[\\]%-]{0,30}(/[a-zA-Z0-9.%/?#\\\\-]{0,40})?",
        "https://scanner\\.corp\\.example(:443)?/app/integrations/callback[/?#.]{0,2}",
    ]
}

/// A secret in the current format: `ATOA`, 64 characters, and their CRC-32.
fn current_secrets() -> impl Strategy<Value = String> {
    "[A-Za-z0-9_-]{64}".prop_map(|body| {
        let checked = format!("ATOA{body}");
        let checksum = crc32fast::hash(checked.as_bytes());
        format!("{checked}{checksum:08X}")
    })
}

/// Host names a request may name: made of anything a URL takes, escapes and braces included, and
/// the placeholder's.
const HOSTILE_HOST: &str =
    "(your-on-premises-domain|[A-Za-z0-9{}%\\u{e9}._-]{1,40}|A%C3%A9|%4E%C3%A9|A\\u{e9})";

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 2000,
        // Integration tests have no lib.rs beside them for proptest's default location.
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(
            "tests/properties.proptest-regressions",
        ))),
        ..ProptestConfig::default()
    })]

    #[test]
    fn every_input_gets_a_verdict_with_a_whole_sentence(input in inputs(), origin in origins()) {
        for field in FIELDS {
            let verdict = field.check(&input, &origin);
            if verdict.severity == Severity::Ok {
                prop_assert!(verdict.message.is_empty());
            } else {
                prop_assert!(verdict.message.starts_with(char::is_uppercase), "{verdict:?}");
                prop_assert!(verdict.message.ends_with('.'), "{verdict:?}");
                prop_assert!(!verdict.code.is_empty());
            }
        }
    }

    #[test]
    fn surrounding_white_space_never_changes_a_verdict(
        input in inputs(), before in white_space(), after in white_space(), origin in origins()
    ) {
        let padded = format!("{before}{input}{after}");
        for field in FIELDS {
            prop_assert_eq!(field.check(&padded, &origin), field.check(&input, &origin));
        }
    }

    #[test]
    fn the_value_kept_is_the_trimmed_text(
        input in inputs(), before in white_space(), after in white_space(), origin in origins()
    ) {
        let padded = format!("{before}{input}{after}");
        if let Ok(checked) = check_client_id(&padded) {
            prop_assert_eq!(checked.value.as_str(), input.trim());
        }
        if let Ok(checked) = check_client_secret(&padded) {
            prop_assert_eq!(checked.value.expose(), input.trim());
        }
        if let Ok(checked) = check_callback_url(&padded, &origin) {
            prop_assert_eq!(checked.value.as_str(), input.trim());
        }
    }

    #[test]
    fn client_ids_of_the_known_shape_are_accepted_silently(id in "[A-Za-z0-9]{32}") {
        let checked = check_client_id(&id).unwrap();
        prop_assert_eq!(checked.warning, None);
    }

    #[test]
    fn current_secrets_are_accepted_silently(secret in current_secrets()) {
        let checked = check_client_secret(&secret).unwrap();
        prop_assert_eq!(checked.warning, None);
    }

    #[test]
    fn any_one_changed_character_of_a_secret_is_caught(
        secret in current_secrets(), index in 4usize..76, replacement in "[A-Za-z0-9_-]"
    ) {
        let mut changed = secret.clone().into_bytes();
        prop_assume!(changed[index] != replacement.as_bytes()[0]);
        changed[index] = replacement.as_bytes()[0];
        let changed = String::from_utf8(changed).unwrap();
        prop_assert!(check_client_secret(&changed).is_err(), "{changed}");
    }

    #[test]
    fn a_secret_cut_short_or_extended_is_caught(
        secret in current_secrets(), length in 4usize..120
    ) {
        prop_assume!(length != 76);
        let text: String = secret.chars().cycle().take(length).collect();
        let origin = PageOrigin::parse("https://x.example").unwrap();
        // Longer, its first 76 characters are the whole secret, with something after it.
        let expected = if length < 76 { "wrong_length" } else { "surrounded" };
        prop_assert_eq!(Field::ClientSecret.check(&text, &origin).code, expected);
    }

    #[test]
    fn no_message_repeats_a_secret(secret in "[A-Za-z0-9_-]{8,100}", prefix in "(ATOA)?") {
        let secret = format!("{prefix}{secret}");
        let origin = PageOrigin::parse("https://x.example").unwrap();
        let verdict = Field::ClientSecret.check(&secret, &origin);
        for window in secret.as_bytes().windows(8) {
            let window = std::str::from_utf8(window).unwrap();
            prop_assert!(!verdict.message.contains(window), "{window} in {}", verdict.message);
        }
    }

    #[test]
    fn the_page_s_own_callback_url_is_accepted(origin in origins()) {
        match origin.callback_url() {
            Some(expected) => {
                let checked = check_callback_url(&expected, &origin).unwrap();
                prop_assert_eq!(checked.value.as_str(), expected);
            }
            None => {
                let typed = format!("{}/app/integrations/callback", origin.as_str());
                let verdict = Field::CallbackUrl.check(&typed, &origin);
                prop_assert_eq!(verdict.code, "page_not_secure");
            }
        }
    }

    /// Whatever origin a request names (the host reads it from a header), a callback URL it
    /// suggests passes the check, and reading it does not panic (hosts that mix upper-case ASCII
    /// with other characters once tripped an assertion of the host parser in debug builds).
    #[test]
    fn a_suggested_callback_url_passes_the_check(host in HOSTILE_HOST, https in any::<bool>()) {
        let scheme = if https { "https" } else { "http" };
        if let Ok(origin) = PageOrigin::parse(&format!("{scheme}://{host}")) {
            if let Some(url) = origin.callback_url() {
                prop_assert!(check_callback_url(&url, &origin).is_ok(), "{url}");
            }
            let typed = format!("https://{host}/app/integrations/callback");
            let _ = check_callback_url(&typed, &origin);
        }
    }

    #[test]
    fn a_callback_url_on_another_port_is_refused(origin in origins(), port in 1u16..=65535) {
        let url = url::Url::parse(origin.as_str()).unwrap();
        // Plain-http pages on real hosts accept no callback at all: use their https twin.
        let origin = match origin.callback_url() {
            Some(_) => origin,
            None => PageOrigin::parse(&format!("https://{}", url.host_str().unwrap())).unwrap(),
        };
        let url = url::Url::parse(origin.as_str()).unwrap();
        prop_assume!(url.port_or_known_default() != Some(port));
        let host = url.host_str().unwrap();
        let typed = format!("{}://{host}:{port}/app/integrations/callback", url.scheme());
        let verdict = Field::CallbackUrl.check(&typed, &origin);
        prop_assert_eq!(verdict.code, "other_front_end");
        prop_assert!(verdict.message.contains(origin.as_str()), "{}", verdict.message);
    }
}

/// A megabyte of text of each kind gets its verdict without quadratic work (which would take
/// minutes). The bound is loose on purpose, for a debug build on a busy machine; the benchmark
/// (`cargo bench --bench checks`) measures the release build.
#[test]
fn a_megabyte_of_text_gets_a_verdict_quickly() {
    let origin = PageOrigin::parse("https://scanner.corp.example").unwrap();
    let megabyte = 1 << 20;
    let texts = [
        "a".repeat(megabyte),
        "\u{200B}".repeat(megabyte / 3),
        " ".repeat(megabyte),
        format!("ATOA{}", "A".repeat(megabyte)),
        format!("https://scanner.corp.example/{}", "a/".repeat(megabyte / 2)),
        format!("https://{}/app/integrations/callback", "a.".repeat(megabyte / 2)),
        format!("https://scanner.corp.example/app/integrations/callback?{}", "x".repeat(megabyte)),
    ];
    for text in &texts {
        for field in FIELDS {
            let start = std::time::Instant::now();
            let verdict = field.check(text, &origin);
            let elapsed = start.elapsed();
            assert!(
                elapsed.as_millis() < 3000,
                "{field:?} took {elapsed:?} on {} bytes",
                text.len()
            );
            assert!(verdict.message.len() < 1000, "messages quote long input only in part");
        }
    }
}
