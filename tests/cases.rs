//! Every row of the case files, read as data at test time: `../shared/cases/*.tsv` (the team's,
//! which grow without notice) and `tests/cases/*.tsv` (this crate's own, which also name the
//! fault each row must be reported as). A new row needs no code change. `tests/web.rs` runs the
//! same rows in the browser, whose URL reader the callback check uses there.

#![cfg(not(target_arch = "wasm32"))]

#[path = "support/cases.rs"]
mod cases;

use cases::{BROWSER_FILES, Case, parse, run};
use jira_oauth_settings::checks::Severity;
use std::path::{Path, PathBuf};

/// The `.tsv` files of `dir`, sorted.
fn case_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read the case folder {}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "tsv"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no .tsv file in {}", dir.display());
    files
}

fn read_cases(dir: &Path) -> Vec<Case> {
    let files = case_files(dir);
    let cases: Vec<Case> = files
        .iter()
        .flat_map(|file| {
            parse(&file.display().to_string(), &std::fs::read_to_string(file).unwrap())
        })
        .collect();
    println!("{} cases in {}", cases.len(), dir.display());
    cases
}

fn shared_cases_dir() -> PathBuf {
    std::env::var_os("SHARED_CASES_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/cases"))
}

#[test]
fn shared_cases_hold() {
    run(&read_cases(&shared_cases_dir()));
}

#[test]
fn own_cases_hold() {
    let cases = read_cases(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases"));
    assert!(cases.iter().all(|case| case.code.is_some() || case.severity == Severity::Ok));
    run(&cases);
}

/// Every case file is among those the browser's run builds in (`tests/web.rs`).
#[test]
fn the_browser_runs_every_case_file() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for dir in ["../shared/cases", "tests/cases"] {
        for file in case_files(&root.join(dir)) {
            let name = format!("{dir}/{}", file.file_name().unwrap().to_string_lossy());
            assert!(
                BROWSER_FILES.contains(&name.as_str()),
                "{name} is not run in the browser: add it to BROWSER_FILES in \
                 tests/support/cases.rs and to the case_files! list in tests/web.rs"
            );
        }
    }
}
