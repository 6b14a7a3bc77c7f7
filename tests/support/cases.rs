//! The case files' rows and how they are checked, for the native run (`tests/cases.rs`, which
//! reads the folders) and the browser's (`tests/web.rs`, which builds the files in).

use jira_oauth_settings::checks::{Field, PageOrigin, Severity};

/// The case files the browser run builds in, by their paths from the crate's folder. The native
/// run fails when a folder holds another, so that none is left out of the browser's run.
pub const BROWSER_FILES: [&str; 4] = [
    "../shared/cases/callback-urls.tsv",
    "../shared/cases/credentials.tsv",
    "tests/cases/callback-urls.tsv",
    "tests/cases/credentials.tsv",
];

/// The origin used for rows whose `page_origin` is `-`.
const DEFAULT_ORIGIN: &str = "https://scanner.corp.example";

pub struct Case {
    source: String,
    field: Field,
    origin: String,
    input: String,
    pub severity: Severity,
    pub code: Option<String>,
    why: String,
}

/// Undoes the case files' escapes: `\n`, `\t`, `\\` and `\u{XXXX}`.
fn unescape(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('\\') => out.push('\\'),
            Some('u') => {
                let rest: String = chars.by_ref().take_while(|&c| c != '}').collect();
                let hex = rest.strip_prefix('{').expect("\\u must be followed by {XXXX}");
                let code = u32::from_str_radix(hex, 16).expect("\\u{…} must hold hex digits");
                out.push(char::from_u32(code).expect("\\u{…} must be a character"));
            }
            other => panic!("unknown escape \\{other:?} in {text:?}"),
        }
    }
    out
}

/// The rows of one case file, `text`, named `file` in the failures.
pub fn parse(file: &str, text: &str) -> Vec<Case> {
    let mut cases = Vec::new();
    let mut lines = text.lines().enumerate();
    let (_, header) = lines.next().expect("a header line");
    let columns: Vec<&str> = header.split('\t').collect();
    let column = |name: &str| columns.iter().position(|c| *c == name);
    let required =
        |name: &str| column(name).unwrap_or_else(|| panic!("{file} has no {name} column"));
    let (field, origin, input, verdict) =
        (required("field"), required("page_origin"), required("input"), required("verdict"));
    let (code, why) = (column("code"), column("why"));
    for (index, line) in lines.filter(|(_, line)| !line.trim().is_empty()) {
        let cells: Vec<&str> = line.split('\t').collect();
        let cell = |i: usize| cells.get(i).copied().unwrap_or("");
        let source = format!("{file}:{}", index + 1);
        cases.push(Case {
            field: Field::from_name(cell(field))
                .unwrap_or_else(|| panic!("{source}: unknown field {:?}", cell(field))),
            origin: match cell(origin) {
                "-" | "" => DEFAULT_ORIGIN.to_owned(),
                other => other.to_owned(),
            },
            input: unescape(cell(input)),
            severity: match cell(verdict) {
                "ok" => Severity::Ok,
                "warning" => Severity::Warning,
                "error" => Severity::Error,
                other => panic!("{source}: unknown verdict {other:?}"),
            },
            code: code.map(|i| cell(i).to_owned()).filter(|c| !c.is_empty()),
            why: why.map(|i| cell(i).to_owned()).unwrap_or_default(),
            source,
        });
    }
    cases
}

/// Runs every case and reports all the failures at once.
pub fn run(cases: &[Case]) {
    assert!(!cases.is_empty());
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|case| {
            let origin = PageOrigin::parse(&case.origin).expect("a valid page origin");
            let verdict = case.field.check(&case.input, &origin);
            let wrong_code = case.code.as_deref().is_some_and(|code| code != verdict.code);
            (verdict.severity != case.severity || wrong_code).then(|| {
                format!(
                    "{}: {:?} {:?}: expected {:?} {}, got {:?} {} ({:?})\n    why: {}",
                    case.source,
                    case.field,
                    case.input,
                    case.severity,
                    case.code.as_deref().unwrap_or(""),
                    verdict.severity,
                    verdict.code,
                    verdict.message,
                    case.why
                )
            })
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}
