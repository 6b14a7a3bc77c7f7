//! Chooses the text catalogue the plugin is built with: `src/catalogue/$JOS_LANGUAGE.rs`,
//! English (`en`) by default. `JOS_LANGUAGE=pseudo` builds the English catalogue with every
//! string in it between ⟦ and ⟧, so that a test can tell the catalogue's text from text that is
//! not in it.

use proc_macro2::{Group, Spacing, TokenStream, TokenTree};
use std::path::{Path, PathBuf};
use std::{env, fs};

fn main() {
    println!("cargo::rerun-if-env-changed=JOS_LANGUAGE");
    let language = env::var("JOS_LANGUAGE").unwrap_or_else(|_| "en".to_owned());
    let folder = Path::new(&env::var("CARGO_MANIFEST_DIR").unwrap()).join("src/catalogue");
    let (catalogue, tag) = if language == "pseudo" {
        let english = folder.join("en.rs");
        println!("cargo::rerun-if-changed={}", english.display());
        let source = fs::read_to_string(&english).unwrap();
        let tokens: TokenStream = source.parse().expect("src/catalogue/en.rs is not valid Rust");
        let pseudo = PathBuf::from(env::var("OUT_DIR").unwrap()).join("pseudo.rs");
        fs::write(&pseudo, bracket_strings(tokens).to_string()).unwrap();
        // The tag that language tags keep for pseudo-translations of English.
        (pseudo, "en-XA".to_owned())
    } else {
        let tag_like = language.split('-').all(|part| {
            (1..=8).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_alphanumeric())
        });
        let catalogue = folder.join(format!("{language}.rs"));
        if !tag_like || !catalogue.is_file() {
            panic!(
                "JOS_LANGUAGE={language:?}: there is no catalogue {}. It names a file of \
                 src/catalogue/ by its language tag, such as en.",
                catalogue.display()
            );
        }
        (catalogue, language)
    };
    println!("cargo::rustc-env=JOS_CATALOGUE={}", catalogue.display());
    println!("cargo::rustc-env=JOS_LANGUAGE_TAG={tag}");
}

/// Puts every string literal of `tokens` between ⟦ and ⟧, except those that are patterns (the
/// ones before `=>` or `|`), which must keep matching what they matched, and those of
/// attributes (`#[cfg(…)]`, doc comments).
fn bracket_strings(tokens: TokenStream) -> TokenStream {
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    let is_pattern = |next: &[TokenTree]| match next {
        [TokenTree::Punct(p), TokenTree::Punct(q), ..] if p.as_char() == '=' => {
            p.spacing() == Spacing::Joint && q.as_char() == '>'
        }
        [TokenTree::Punct(p), ..] => p.as_char() == '|',
        _ => false,
    };
    let is_hash = |token: &TokenTree| matches!(token, TokenTree::Punct(p) if p.as_char() == '#');
    let mut out = Vec::with_capacity(tokens.len());
    for (i, token) in tokens.iter().enumerate() {
        out.push(match token {
            TokenTree::Group(_) if i > 0 && is_hash(&tokens[i - 1]) => token.clone(),
            TokenTree::Group(group) => {
                let inner = bracket_strings(group.stream());
                let mut bracketed = Group::new(group.delimiter(), inner);
                bracketed.set_span(group.span());
                TokenTree::Group(bracketed)
            }
            TokenTree::Literal(literal) => {
                let text = literal.to_string();
                if text.starts_with('"') && !is_pattern(&tokens[i + 1..]) {
                    let inner = &text[1..text.len() - 1];
                    TokenTree::Literal(format!("\"\u{27E6}{inner}\u{27E7}\"").parse().unwrap())
                } else {
                    token.clone()
                }
            }
            _ => token.clone(),
        });
    }
    out.into_iter().collect()
}
