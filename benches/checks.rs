//! How long each field's check takes on a megabyte of text, in the release profile:
//! `cargo bench --bench checks`. The browser's budget for a keystroke is a frame (16 ms).

use jira_oauth_settings::checks::{Field, PageOrigin};
use std::time::{Duration, Instant};

const RUNS: usize = 21;

fn main() {
    let origin = PageOrigin::parse("https://scanner.corp.example").unwrap();
    let megabyte = 1 << 20;
    let inputs = [
        ("letters", "a".repeat(megabyte)),
        ("zero-width spaces", "\u{200B}".repeat(megabyte / 3)),
        ("white space", " ".repeat(megabyte)),
        ("accented letters", "\u{E9}".repeat(megabyte / 2)),
        ("ATOA, over and over", format!("x{}", "ATOA".repeat(megabyte / 4))),
        ("ATOA and letters", format!("ATOA{}", "A".repeat(megabyte))),
        ("a long path", format!("https://scanner.corp.example/{}", "a/".repeat(megabyte / 2))),
        ("a long host", format!("https://{}/app/integrations/callback", "a.".repeat(megabyte / 2))),
        (
            "a long query",
            format!(
                "https://scanner.corp.example/app/integrations/callback?{}",
                "x".repeat(megabyte)
            ),
        ),
    ];
    println!("{:<20} {:<14} {:>10} {:>10}", "input (1 MiB)", "field", "median", "max");
    for (name, input) in &inputs {
        for field in [Field::ClientId, Field::ClientSecret, Field::CallbackUrl] {
            let mut times: Vec<Duration> = (0..RUNS)
                .map(|_| {
                    let start = Instant::now();
                    std::hint::black_box(field.check(std::hint::black_box(input), &origin));
                    start.elapsed()
                })
                .collect();
            times.sort();
            let ms = |d: Duration| format!("{:.2} ms", d.as_secs_f64() * 1000.0);
            let field = format!("{field:?}");
            println!(
                "{name:<20} {field:<14} {:>10} {:>10}",
                ms(times[RUNS / 2]),
                ms(times[RUNS - 1])
            );
        }
    }
}
